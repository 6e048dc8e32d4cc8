use super::*;
use crate::fixture::*;
use crate::ops::Op;
use serde_json::json;
use CallerEvent::{Digit, NobodyAnswers, Silence};

fn call(flow: &Flow, events: &[CallerEvent]) -> Trace {
    simulate(flow, &id("main"), events)
}

fn played(trace: &Trace) -> Vec<(&str, Sound)> {
    trace
        .events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::Play {
                recording, sound, ..
            } => Some((recording.as_str(), *sound)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_key_leads_to_a_ring_group_that_answers() {
    let trace = call(&tenant(), &[Digit('1')]);
    assert_eq!(trace.end, End::Answered { group: id("sales") });
    assert_eq!(
        trace.events,
        vec![
            TraceEvent::EnterMenu {
                menu: id("main"),
                name: "Menu chính".into()
            },
            TraceEvent::Play {
                recording: "hello".into(),
                name: Some("Xin chào".into()),
                sound: Sound::Greeting
            },
            TraceEvent::Key {
                menu: id("main"),
                key: '1',
                target: to_group("sales")
            },
            TraceEvent::Ring {
                group: id("sales"),
                name: "Kinh doanh".into(),
                strategy: Some(Strategy::Sequential),
                members: vec!["100".into(), "101".into()],
                ring_seconds: vec![20, 20],
                worst_case_seconds: 40,
            },
        ]
    );
    assert_eq!(trace.unused_events, 0);
}

#[test]
fn wrong_keys_count_against_max_failure_before_the_fallback() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [
            Op::SetMaxFailure {
                menu: id("main"),
                tries: 2,
            },
            Op::SetInvalidSound {
                menu: id("main"),
                sound: Some("oops".into()),
            },
            Op::SetShortGreeting {
                menu: id("main"),
                greeting: Some("short".into()),
            },
        ],
    );
    let trace = call(&flow, &[Digit('7'), Digit('A'), NobodyAnswers]);
    let wrong: Vec<(char, u32)> = trace
        .events
        .iter()
        .filter_map(|e| match e {
            TraceEvent::WrongKey {
                key,
                failures,
                max_failure: 2,
                ..
            } => Some((*key, *failures)),
            _ => None,
        })
        .collect();
    assert_eq!(wrong, [('7', 1), ('A', 2)]);
    assert_eq!(
        played(&trace),
        [
            ("hello", Sound::Greeting),
            ("oops", Sound::InvalidKey),
            ("short", Sound::ShortGreeting),
            ("oops", Sound::InvalidKey),
        ]
    );
    assert!(trace.events.contains(&TraceEvent::Fallback {
        menu: id("main"),
        reason: FallbackReason::TooManyWrongKeys,
        target: Some(to_group("sales")),
    }));
    assert_eq!(
        trace.end,
        End::NoOnTimeout { group: id("sales") },
        "nobody answered and the group leads nowhere"
    );
}

#[test]
fn silence_takes_the_fallback_at_once() {
    let trace = call(&tenant(), &[Silence]);
    assert!(trace.events.contains(&TraceEvent::NoInput {
        menu: id("main"),
        waited_seconds: 5
    }));
    assert!(trace.events.contains(&TraceEvent::Fallback {
        menu: id("main"),
        reason: FallbackReason::NoInput,
        target: Some(to_group("sales")),
    }));
    assert_eq!(trace.end, End::Answered { group: id("sales") });
}

#[test]
fn coming_back_to_a_menu_plays_its_short_greeting() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetShortGreeting {
            menu: id("main"),
            greeting: Some("short".into()),
        }],
    );
    // main -9-> sub -(silence)-> main again.
    let trace = call(&flow, &[Digit('9'), Silence, Digit('2')]);
    assert_eq!(
        played(&trace),
        [
            ("hello", Sound::Greeting),
            ("hello", Sound::Greeting),
            ("short", Sound::ShortGreeting)
        ]
    );
    assert_eq!(trace.end, End::Answered { group: id("tech") });
}

#[test]
fn nobody_answering_follows_the_groups_time_out_to_voicemail() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetGroupOnTimeout {
            group: id("sales"),
            target: Some(Target::VoiceMail("vm".into())),
        }],
    );
    let trace = call(&flow, &[Digit('1'), NobodyAnswers]);
    assert!(trace.events.contains(&TraceEvent::NoAnswer {
        group: id("sales"),
        target: Some(Target::VoiceMail("vm".into())),
    }));
    assert_eq!(trace.end, End::VoiceMail { id: "vm".into() });
}

#[test]
fn a_recording_plays_and_ends_the_call() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetFallback {
            menu: id("main"),
            target: Some(Target::Recording("busy".into())),
        }],
    );
    let trace = call(&flow, &[Silence, Digit('1')]);
    assert_eq!(played(&trace).last(), Some(&("busy", Sound::Recording)));
    assert_eq!(
        trace.end,
        End::RecordingPlayed {
            recording: "busy".into()
        }
    );
    assert_eq!(trace.unused_events, 1);
}

#[test]
fn the_caller_hanging_up_in_a_menu_ends_the_call() {
    let trace = call(&tenant(), &[]);
    assert_eq!(trace.end, End::CallerHungUp);
}

#[test]
fn an_endless_loop_stops_after_a_hundred_steps_with_a_clear_message() {
    // An empty group that times out to itself never waits for the caller.
    let flow = flow(
        vec![menu("main", "M").key("1", "Ring_group", "g").build()],
        vec![group_json(
            "g",
            "G",
            &[],
            json!({"target_timeout_type": "Ring_group", "target_timeout": "g"}),
        )],
    );
    let trace = call(&flow, &[Digit('1')]);
    assert_eq!(trace.end, End::StepLimit { steps: MAX_STEPS });
    assert_eq!(trace.events.len(), MAX_STEPS);
    assert_eq!(
        trace.end.to_string(),
        "stopped after 100 steps: the call goes round in a loop and never ends"
    );
    assert_eq!(trace.end.key(), "ivr.sim.step_limit");
}

#[test]
fn random_ringing_lists_members_in_configured_order_without_shuffling() {
    let flow = flow(
        vec![menu("main", "M").key("1", "Ring_group", "g").build()],
        vec![group_json(
            "g",
            "G",
            &["102", "100", "101"],
            json!({"strategy": "random"}),
        )],
    );
    let first = call(&flow, &[Digit('1')]);
    assert_eq!(first, call(&flow, &[Digit('1')]));
    let ring = first.events.iter().find_map(|e| match e {
        TraceEvent::Ring {
            members, strategy, ..
        } => Some((members.clone(), strategy.clone())),
        _ => None,
    });
    assert_eq!(
        ring,
        Some((
            vec!["102".into(), "100".into(), "101".into()],
            Some(Strategy::Random)
        ))
    );
}

#[test]
fn worst_case_ringing_follows_the_strategy() {
    let flow = flow(
        vec![],
        vec![
            group_json(
                "all",
                "All",
                &["100", "101", "102"],
                json!({"strategy": "enterprise"}),
            ),
            group_json(
                "turns",
                "Turns",
                &["100", "101", "102"],
                json!({"strategy": "rollover"}),
            ),
            group_json(
                "random",
                "Random",
                &["100", "101"],
                json!({"strategy": "random"}),
            ),
            group("nobody", "Nobody", &[]),
        ],
    );
    let seconds = |g: &str| worst_case_ringing(flow.group(&id(g)).unwrap());
    assert_eq!(seconds("all"), 20);
    assert_eq!(seconds("turns"), 60);
    assert_eq!(seconds("random"), 40);
    assert_eq!(seconds("nobody"), 0);
}

#[test]
fn a_missing_target_ends_the_call_and_says_so() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetKey {
            menu: id("main"),
            key: '5',
            target: to_menu("gone"),
        }],
    );
    let trace = call(&flow, &[Digit('5')]);
    assert_eq!(
        trace.end,
        End::Missing {
            target: to_menu("gone")
        }
    );
}

#[test]
fn worst_case_ringing_adds_each_members_own_time() {
    let timed = |sip, seconds| member(sip, 0, seconds);
    let flow = flow(
        vec![],
        vec![
            group_json(
                "turns",
                "Turns",
                &[],
                json!({"members": [timed("100", json!(10)), timed("101", json!(40))]}),
            ),
            group_json(
                "all",
                "All",
                &[],
                json!({"strategy": "enterprise",
                       "members": [timed("100", json!(10)), timed("101", json!(40))]}),
            ),
            group_json(
                "untimed",
                "Untimed",
                &[],
                json!({"members": [timed("100", json!(null)), timed("101", json!(null))]}),
            ),
        ],
    );
    let seconds = |g: &str| worst_case_ringing(flow.group(&id(g)).unwrap());
    assert_eq!(seconds("turns"), 50);
    assert_eq!(seconds("all"), 40);
    assert_eq!(seconds("untimed"), 60, "30 s each, the PBX's default");
}

#[test]
fn ringing_along_a_path_adds_every_group_that_rang_on_the_time_out_chain() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetGroupOnTimeout {
            group: id("sales"),
            target: Some(to_group("tech")),
        }],
    );
    // Sales rings its two members in turn (20 s each), then tech its one.
    let trace = call(&flow, &[Digit('1'), NobodyAnswers]);
    assert_eq!(trace.end, End::Answered { group: id("tech") });
    assert_eq!(trace.ringing_seconds(&flow), 40 + 20);
    // Answered at sales, the worst case still counts tech, where nobody answering would lead.
    assert_eq!(call(&flow, &[Digit('1')]).ringing_seconds(&flow), 40 + 20);
    assert_eq!(
        call(&tenant(), &[Digit('1')]).ringing_seconds(&tenant()),
        40
    );
    assert_eq!(call(&flow, &[Digit('9')]).ringing_seconds(&flow), 0);
}

#[test]
fn a_caller_out_of_events_in_a_menu_is_waiting_there() {
    let flow = tenant();
    assert_eq!(call(&flow, &[Digit('9')]).waiting_in(), Some(&id("sub")));
    assert_eq!(call(&flow, &[]).waiting_in(), Some(&id("main")));
    assert_eq!(call(&flow, &[Digit('1')]).waiting_in(), None);
}

#[test]
fn every_key_of_the_entry_menu_is_tried_then_a_wrong_key_then_none() {
    let mut flow = tenant();
    edit(
        &mut flow,
        [Op::SetMaxFailure {
            menu: id("main"),
            tries: 2,
        }],
    );
    let rows = every_key(&flow, &id("main"));
    let summary: Vec<(Press, End, usize)> = rows
        .iter()
        .map(|KeyTest { press, trace, .. }| {
            let wrong = trace
                .events
                .iter()
                .filter(|e| matches!(e, TraceEvent::WrongKey { .. }))
                .count();
            (*press, trace.end.clone(), wrong)
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (Press::Key('1'), End::Answered { group: id("sales") }, 0),
            (Press::Key('2'), End::Answered { group: id("tech") }, 0),
            (Press::Key('9'), End::CallerHungUp, 0),
            // The first key the menu leaves free, pressed until the menu gives up (twice).
            (
                Press::WrongKey('3'),
                End::Answered { group: id("sales") },
                2
            ),
            (Press::NoKey, End::Answered { group: id("sales") }, 0),
        ]
    );
    assert_eq!(rows[2].trace.waiting_in(), Some(&id("sub")));
    assert_eq!(rows[3].events, vec![Digit('3'), Digit('3')]);
    assert!(every_key(&flow, &id("nowhere")).is_empty());
}
