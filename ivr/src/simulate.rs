//! What a caller experiences: a deterministic walk through the flow driven by caller events.
//!
//! Menus behave as the reference describes: the greeting plays (the short greeting when the
//! caller comes back, if there is one), then the PBX waits `time_out` seconds for a key. No key
//! takes the fallback at once; a wrong key plays the invalid-key sound and counts against
//! `max_failure`, and reaching it takes the fallback. A ring group rings its members by its
//! strategy; nobody answering takes its on-timeout target.

use super::keys;
use super::model::{Flow, Group, Menu, NodeId, Target, DEFAULT_MEMBER_TIMEOUT};
use omicall::Strategy;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// Trace events after which a simulation stops: a flow needing more goes round in a loop.
pub const MAX_STEPS: usize = 100;

/// What the caller (or the called group) does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallerEvent {
    /// A key press; one the menu does not configure (or not on a keypad) is a wrong key.
    Digit(char),
    /// No key before the menu's time-out.
    Silence,
    /// At a ringing group: every member lets it ring out (without it, someone answers). At a
    /// menu: the same as [`Self::Silence`].
    NobodyAnswers,
}

/// Which of a menu's sounds played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sound {
    Greeting,
    ShortGreeting,
    InvalidKey,
    /// A recording a key, fallback or time-out led to.
    Recording,
}

/// Why a menu's fallback was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FallbackReason {
    NoInput,
    TooManyWrongKeys,
}

/// One thing the caller experiences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TraceEvent {
    EnterMenu {
        menu: NodeId,
        name: String,
    },
    Play {
        recording: String,
        /// The recording's name, when it exists.
        name: Option<String>,
        sound: Sound,
    },
    Key {
        menu: NodeId,
        key: char,
        target: Target,
    },
    WrongKey {
        menu: NodeId,
        key: char,
        failures: u32,
        max_failure: u32,
    },
    NoInput {
        menu: NodeId,
        waited_seconds: u32,
    },
    Fallback {
        menu: NodeId,
        reason: FallbackReason,
        target: Option<Target>,
    },
    /// The group rings. `members` are in configured order; with [`Strategy::Random`] the PBX
    /// picks the order per call, and the simulation does not pretend to know it.
    Ring {
        group: NodeId,
        name: String,
        strategy: Option<Strategy>,
        members: Vec<String>,
        /// Seconds each member rings, in the order of `members`.
        ring_seconds: Vec<u32>,
        worst_case_seconds: u32,
    },
    NoAnswer {
        group: NodeId,
        target: Option<Target>,
    },
}

/// How the call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum End {
    Answered {
        group: NodeId,
    },
    RecordingPlayed {
        recording: String,
    },
    VoiceMail {
        id: String,
    },
    /// The menu has no fallback to take.
    NoFallback {
        menu: NodeId,
    },
    /// Nobody answered and the group has no on-timeout target.
    NoOnTimeout {
        group: NodeId,
    },
    /// The events ran out while the caller was in a menu.
    CallerHungUp,
    /// A target that does not exist.
    Missing {
        target: Target,
    },
    /// A target of a kind the simulation does not know.
    Unsupported {
        target: Target,
    },
    /// Stopped after [`MAX_STEPS`] steps.
    StepLimit {
        steps: usize,
    },
}

impl End {
    /// The message key of the i18n layer.
    pub fn key(&self) -> &'static str {
        match self {
            End::Answered { .. } => "ivr.sim.answered",
            End::RecordingPlayed { .. } => "ivr.sim.recording_played",
            End::VoiceMail { .. } => "ivr.sim.voicemail",
            End::NoFallback { .. } => "ivr.sim.no_fallback",
            End::NoOnTimeout { .. } => "ivr.sim.no_on_timeout",
            End::CallerHungUp => "ivr.sim.caller_hung_up",
            End::Missing { .. } => "ivr.sim.missing_target",
            End::Unsupported { .. } => "ivr.sim.unsupported_target",
            End::StepLimit { .. } => "ivr.sim.step_limit",
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Answered { group } => write!(f, "answered by ring group {group}"),
            End::RecordingPlayed { recording } => {
                write!(f, "recording {recording} played, then the call ended")
            }
            End::VoiceMail { id } => write!(f, "sent to voicemail {id}"),
            End::NoFallback { menu } => write!(f, "call ended: menu {menu} has no fallback"),
            End::NoOnTimeout { group } => {
                write!(
                    f,
                    "call ended: nobody answered group {group} and it leads nowhere"
                )
            }
            End::CallerHungUp => f.write_str("the caller hung up"),
            End::Missing { target } => write!(f, "call ended: {target:?} does not exist"),
            End::Unsupported { target } => {
                write!(f, "call ended: {target:?} cannot be simulated")
            }
            End::StepLimit { steps } => write!(
                f,
                "stopped after {steps} steps: the call goes round in a loop and never ends"
            ),
        }
    }
}

/// A simulated call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub events: Vec<TraceEvent>,
    pub end: End,
    /// Caller events left over when the call ended.
    pub unused_events: usize,
}

impl Trace {
    /// The longest the caller can spend ringing along this path: each group that rang at its
    /// worst case and, when the last one answered, the groups its on-timeout chain would ring
    /// next had nobody answered (up to a menu, where the caller acts again).
    pub fn ringing_seconds(&self, flow: &Flow) -> u32 {
        let rang = self
            .events
            .iter()
            .map(|e| match e {
                TraceEvent::Ring {
                    worst_case_seconds, ..
                } => *worst_case_seconds,
                _ => 0,
            })
            .fold(0, u32::saturating_add);
        let End::Answered { group } = &self.end else {
            return rang;
        };
        let mut seen = HashSet::from([group.clone()]);
        let mut next = flow.group(group).and_then(|g| g.on_timeout.as_ref());
        let mut chained = 0u32;
        while let Some(Target::Group(id)) = next {
            let Some(group) = flow.group(id).filter(|_| seen.insert(id.clone())) else {
                break;
            };
            chained = chained.saturating_add(worst_case_ringing(group));
            next = group.on_timeout.as_ref();
        }
        rang.saturating_add(chained)
    }

    /// The menu the caller is in, waiting for a key, when the events ran out there.
    pub fn waiting_in(&self) -> Option<&NodeId> {
        if self.end != End::CallerHungUp {
            return None;
        }
        self.events.iter().rev().find_map(|e| match e {
            TraceEvent::EnterMenu { menu, .. } => Some(menu),
            _ => None,
        })
    }
}

/// What a row of "test every key" does at the entry menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Press {
    /// A configured key, once.
    Key(char),
    /// A key the menu does not configure, as many times as the menu allows wrong keys.
    WrongKey(char),
    /// No key at all.
    NoKey,
}

/// One row of "test every key": what the caller did at the entry menu, as events, and the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTest {
    pub press: Press,
    pub events: Vec<CallerEvent>,
    pub trace: Trace,
}

/// Each configured key of `entry` pressed once, then an unconfigured key until the menu gives
/// up (when one is left), then no key: where each call ends. Nobody answers nowhere, so a key
/// leading to a group ends with the group answering; the worst-case ringing counts what
/// ringing the caller could face on the way.
pub fn every_key(flow: &Flow, entry: &NodeId) -> Vec<KeyTest> {
    let Some(menu) = flow.menu(entry) else {
        return Vec::new();
    };
    let configured = menu.configured_keys();
    let mut presses: Vec<Press> = keys::KEYPAD
        .iter()
        .copied()
        .filter(|k| configured.contains(*k))
        .map(Press::Key)
        .collect();
    if let Some(wrong) = keys::KEYPAD
        .iter()
        .copied()
        .find(|k| !configured.contains(*k))
    {
        presses.push(Press::WrongKey(wrong));
    }
    presses.push(Press::NoKey);
    let tries = usize::try_from(positive(menu.max_failure, 1)).unwrap_or(1);
    presses
        .into_iter()
        .map(|press| {
            let events = match press {
                Press::Key(key) => vec![CallerEvent::Digit(key)],
                Press::WrongKey(key) => vec![CallerEvent::Digit(key); tries],
                Press::NoKey => vec![CallerEvent::Silence],
            };
            let trace = simulate(flow, entry, &events);
            KeyTest {
                press,
                events,
                trace,
            }
        })
        .collect()
}

/// The longest a group can ring before its on-timeout target: the longest member's time when
/// all ring at once, the sum of every member's when they ring in turn (an unknown strategy is
/// counted in turn, the worst case), nothing without members.
pub fn worst_case_ringing(group: &Group) -> u32 {
    let seconds = ring_seconds(group);
    match &group.strategy {
        Some(Strategy::Simultaneous) => seconds.into_iter().max().unwrap_or(0),
        _ => seconds.into_iter().fold(0, u32::saturating_add),
    }
}

/// Seconds each member rings, in ringing order; a member with no time of its own, nor the
/// group, rings for the PBX's default.
fn ring_seconds(group: &Group) -> Vec<u32> {
    group
        .members
        .iter()
        .map(|m| positive(group.ring_time(m), DEFAULT_MEMBER_TIMEOUT))
        .collect()
}

fn positive(value: Option<i64>, default: u32) -> u32 {
    value
        .and_then(|v| u32::try_from(v).ok())
        .filter(|v| *v > 0)
        .unwrap_or(default)
}

struct Walk<'f, 'e> {
    flow: &'f Flow,
    events: std::slice::Iter<'e, CallerEvent>,
    trace: Vec<TraceEvent>,
    visited: HashSet<NodeId>,
}

/// Where a step of the walk leads.
enum Next {
    To(Target),
    End(End),
}

impl Walk<'_, '_> {
    fn push(&mut self, event: TraceEvent) -> Result<(), End> {
        if self.trace.len() >= MAX_STEPS {
            return Err(End::StepLimit { steps: MAX_STEPS });
        }
        self.trace.push(event);
        Ok(())
    }

    fn play(&mut self, recording: &str, sound: Sound) -> Result<(), End> {
        let name = self.flow.recording(recording).map(|r| r.name().to_owned());
        self.push(TraceEvent::Play {
            recording: recording.to_owned(),
            name,
            sound,
        })
    }

    fn prompt(&mut self, menu: &Menu, returning: bool) -> Result<(), End> {
        match (&menu.short_greeting, &menu.greeting) {
            (Some(short), _) if returning => self.play(short, Sound::ShortGreeting),
            (_, Some(full)) => self.play(full, Sound::Greeting),
            _ => Ok(()),
        }
    }

    fn menu(&mut self, menu: &Menu) -> Result<Next, End> {
        self.push(TraceEvent::EnterMenu {
            menu: menu.id.clone(),
            name: menu.name.clone(),
        })?;
        let returning = !self.visited.insert(menu.id.clone());
        self.prompt(menu, returning)?;
        // Validation keeps these in range; the simulation still runs a flow it rejects.
        let max_failure = positive(menu.max_failure, 1);
        let mut failures = 0;
        let reason = loop {
            let Some(event) = self.events.next() else {
                return Err(End::CallerHungUp);
            };
            let key = match *event {
                CallerEvent::Digit(key) => key,
                CallerEvent::Silence | CallerEvent::NobodyAnswers => {
                    self.push(TraceEvent::NoInput {
                        menu: menu.id.clone(),
                        waited_seconds: positive(menu.time_out, 0),
                    })?;
                    break FallbackReason::NoInput;
                }
            };
            if let Some(target) = keys::is_key(key).then(|| menu.target_of(key)).flatten() {
                self.push(TraceEvent::Key {
                    menu: menu.id.clone(),
                    key,
                    target: target.clone(),
                })?;
                return Ok(Next::To(target.clone()));
            }
            failures += 1;
            self.push(TraceEvent::WrongKey {
                menu: menu.id.clone(),
                key,
                failures,
                max_failure,
            })?;
            if let Some(sound) = &menu.invalid_sound {
                self.play(sound, Sound::InvalidKey)?;
            }
            if failures >= max_failure {
                break FallbackReason::TooManyWrongKeys;
            }
            // Asked again, the caller hears the short version when there is one.
            self.prompt(menu, true)?;
        };
        self.push(TraceEvent::Fallback {
            menu: menu.id.clone(),
            reason,
            target: menu.fallback.clone(),
        })?;
        Ok(match &menu.fallback {
            Some(target) => Next::To(target.clone()),
            None => Next::End(End::NoFallback {
                menu: menu.id.clone(),
            }),
        })
    }

    fn group(&mut self, group: &Group) -> Result<Next, End> {
        let members = &group.members;
        self.push(TraceEvent::Ring {
            group: group.id.clone(),
            name: group.name.clone(),
            strategy: group.strategy.clone(),
            members: members.iter().map(|m| m.label()).collect(),
            ring_seconds: ring_seconds(group),
            worst_case_seconds: worst_case_ringing(group),
        })?;
        let rang_out = members.is_empty()
            || match self.events.as_slice().first() {
                Some(CallerEvent::NobodyAnswers) => {
                    self.events.next();
                    true
                }
                _ => false,
            };
        if !rang_out {
            return Ok(Next::End(End::Answered {
                group: group.id.clone(),
            }));
        }
        self.push(TraceEvent::NoAnswer {
            group: group.id.clone(),
            target: group.on_timeout.clone(),
        })?;
        Ok(match &group.on_timeout {
            Some(target) => Next::To(target.clone()),
            None => Next::End(End::NoOnTimeout {
                group: group.id.clone(),
            }),
        })
    }

    fn step(&mut self, target: &Target) -> Result<Next, End> {
        let flow = self.flow;
        let missing = || {
            Ok(Next::End(End::Missing {
                target: target.clone(),
            }))
        };
        match target {
            Target::Menu(id) => match flow.menu(id) {
                Some(menu) => self.menu(menu),
                None => missing(),
            },
            Target::Group(id) => match flow.group(id) {
                Some(group) => self.group(group),
                None => missing(),
            },
            Target::Recording(id) => {
                if flow.recording(id).is_none() {
                    return missing();
                }
                self.play(id, Sound::Recording)?;
                Ok(Next::End(End::RecordingPlayed {
                    recording: id.clone(),
                }))
            }
            Target::VoiceMail(id) => Ok(Next::End(End::VoiceMail { id: id.clone() })),
            Target::Unknown { .. } => Ok(Next::End(End::Unsupported {
                target: target.clone(),
            })),
        }
    }
}

/// Simulates a call entering `entry` and the caller doing `events`, one after another.
pub fn simulate(flow: &Flow, entry: &NodeId, events: &[CallerEvent]) -> Trace {
    let mut walk = Walk {
        flow,
        events: events.iter(),
        trace: Vec::new(),
        visited: HashSet::new(),
    };
    let mut at = Target::Menu(entry.clone());
    let end = loop {
        match walk.step(&at) {
            Ok(Next::To(next)) => at = next,
            Ok(Next::End(end)) | Err(end) => break end,
        }
    };
    Trace {
        unused_events: walk.events.len(),
        events: walk.trace,
        end,
    }
}

#[cfg(test)]
mod tests;
