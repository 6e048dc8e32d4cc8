//! Calling the draft before callers do: a keypad drives the engine's simulation of a call from
//! an entry menu. The panel says what the caller hears and where the call ends, the diagram
//! lights the path, and "test every key" tabulates where each key of the entry menu ends.
//! It runs on the draft as edited, in the browser: nothing reaches the vendor.

use super::geometry::Port;
use super::state::{Editor, Lit};
use super::words::{first_menu, group_name, menu_name, menus_entry_first, target_words};
use crate::browser_storage;
use crate::i18n::{end_text, fill, tr, use_lang, CallMsg, Lang, LangNow, MenuMsg};
use crate::ivr::layout::NodeKey;
use crate::ivr::{
    every_key, simulate, CallerEvent, End, FallbackReason, Flow, KeyTest, NodeId, Press, Sound,
    Trace, TraceEvent,
};
use crate::pages::groups::strategy_name;
use leptos::prelude::*;

/// Where the admin's ringing threshold is kept (in this browser).
const THRESHOLD_KEY: &str = "console.ivr.ringing-threshold";
const DEFAULT_THRESHOLD: u32 = 60;
const MAX_THRESHOLD: u32 = 3600;
/// The keypad as a phone lays it out.
const KEYPAD_ROWS: [[char; 3]; 4] = [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['*', '0', '#'],
];

fn parse_threshold(text: &str) -> Option<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_THRESHOLD).contains(n))
}

/// The menu a call starts at: the selected menu, else an entry menu, else any.
fn first_entry(editor: Editor) -> Option<NodeId> {
    if let Some(NodeKey::Menu(id)) = editor.selected.get_untracked() {
        return Some(id);
    }
    editor
        .flow
        .with_untracked(|flow| first_menu(flow).map(|m| m.id.clone()))
}

/// The boxes and ports the call went through, for the diagram.
fn lit_of(trace: &Trace) -> Lit {
    let mut lit = Lit::default();
    let visit = |lit: &mut Lit, key: NodeKey| {
        if !lit.nodes.contains(&key) {
            lit.nodes.push(key.clone());
        }
        lit.current = Some(key);
    };
    for event in &trace.events {
        match event {
            TraceEvent::EnterMenu { menu, .. } => visit(&mut lit, NodeKey::Menu(menu.clone())),
            TraceEvent::Ring { group, .. } => visit(&mut lit, NodeKey::Group(group.clone())),
            TraceEvent::Key { menu, key, .. } => {
                lit.ports
                    .push((NodeKey::Menu(menu.clone()), Port::Key(*key)));
            }
            TraceEvent::Fallback {
                menu,
                target: Some(_),
                ..
            } => lit
                .ports
                .push((NodeKey::Menu(menu.clone()), Port::Fallback)),
            TraceEvent::NoAnswer {
                group,
                target: Some(_),
            } => lit
                .ports
                .push((NodeKey::Group(group.clone()), Port::OnTimeout)),
            _ => {}
        }
    }
    lit
}

/// What a recording says to the caller: a TTS greeting's text, else its name.
fn heard(flow: &Flow, recording: &str, name: Option<&String>) -> String {
    let found = flow.recording(recording);
    match found.and_then(|r| r.tts_text()) {
        Some(text) => format!("“{text}”"),
        None => name.cloned().unwrap_or_else(|| recording.to_owned()),
    }
}

/// One step of the call in words.
fn event_text(flow: &Flow, event: &TraceEvent, lang: Lang) -> String {
    let to = |target| target_words(flow, target, lang);
    match event {
        TraceEvent::EnterMenu { name, .. } => fill(CallMsg::Enter.text(lang), &[("name", name)]),
        TraceEvent::Play {
            recording,
            name,
            sound,
        } => {
            let msg = match sound {
                Sound::Greeting => CallMsg::HearGreeting,
                Sound::ShortGreeting => CallMsg::HearShort,
                Sound::InvalidKey => CallMsg::HearInvalid,
                Sound::Recording => CallMsg::HearRecording,
            };
            let what = heard(flow, recording, name.as_ref());
            fill(msg.text(lang), &[("what", &what)])
        }
        TraceEvent::Key { key, target, .. } => fill(
            CallMsg::Press.text(lang),
            &[("key", key), ("target", &to(Some(target)))],
        ),
        TraceEvent::WrongKey {
            key,
            failures,
            max_failure,
            ..
        } => fill(
            CallMsg::WrongKey.text(lang),
            &[("key", key), ("n", failures), ("max", max_failure)],
        ),
        TraceEvent::NoInput { waited_seconds, .. } => {
            fill(CallMsg::NoInput.text(lang), &[("n", waited_seconds)])
        }
        TraceEvent::Fallback {
            menu,
            reason,
            target,
        } => {
            let target = to(target.as_ref());
            match reason {
                FallbackReason::NoInput => {
                    fill(CallMsg::FallbackNoInput.text(lang), &[("target", &target)])
                }
                FallbackReason::TooManyWrongKeys => {
                    let max = flow.menu(menu).and_then(|m| m.max_failure).unwrap_or(1);
                    fill(
                        CallMsg::FallbackWrong.text(lang),
                        &[("max", &max), ("target", &target)],
                    )
                }
            }
        }
        TraceEvent::Ring {
            name,
            strategy,
            members,
            worst_case_seconds,
            ..
        } => {
            let strategy = strategy
                .as_ref()
                .map_or(MenuMsg::None.text(lang), |s| strategy_name(s).get(lang));
            let members = if members.is_empty() {
                MenuMsg::NoMembers.text(lang).to_owned()
            } else {
                members.join(", ")
            };
            fill(
                CallMsg::Ring.text(lang),
                &[
                    ("name", name),
                    ("strategy", &strategy),
                    ("members", &members),
                    ("n", worst_case_seconds),
                ],
            )
        }
        TraceEvent::NoAnswer { target, .. } => fill(
            CallMsg::NoAnswer.text(lang),
            &[("target", &to(target.as_ref()))],
        ),
    }
}

/// Where the call ended (or waits), in words. A caller out of events in a menu is still
/// there, waiting for a key, unless they hung up.
fn end_words(flow: &Flow, trace: &Trace, hung_up: bool, lang: Lang) -> String {
    let gave_up = trace.events.iter().rev().find_map(|e| match e {
        TraceEvent::Fallback {
            reason: FallbackReason::TooManyWrongKeys,
            menu,
            ..
        } => Some(menu),
        _ => None,
    });
    let text = end_text(&trace.end).get(lang);
    match &trace.end {
        End::CallerHungUp if !hung_up => match trace.waiting_in() {
            Some(menu) => fill(
                CallMsg::Waiting.text(lang),
                &[("name", &menu_name(flow, menu))],
            ),
            None => text.to_owned(),
        },
        End::NoFallback { menu } if gave_up == Some(menu) => {
            let max = flow.menu(menu).and_then(|m| m.max_failure).unwrap_or(1);
            fill(
                CallMsg::Disconnected.text(lang),
                &[("max", &max), ("name", &menu_name(flow, menu))],
            )
        }
        End::Answered { group } | End::NoOnTimeout { group } => {
            fill(text, &[("group", &group_name(flow, group))])
        }
        End::RecordingPlayed { recording } => {
            let name = flow
                .recording(recording)
                .map_or(recording.clone(), |r| r.name().to_owned());
            fill(text, &[("recording", &name)])
        }
        End::StepLimit { steps } => fill(text, &[("steps", steps)]),
        _ => text.to_owned(),
    }
}

/// The ringing threshold field: kept in this browser, checked as typed.
fn threshold_field(threshold: RwSignal<u32>) -> impl IntoView {
    let invalid = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| match parse_threshold(&event_target_value(&ev)) {
        Some(n) => {
            invalid.set(false);
            threshold.set(n);
            browser_storage::write(THRESHOLD_KEY, &n.to_string());
        }
        None => invalid.set(true),
    };
    view! {
        <label class="field">
            <span>{tr(CallMsg::Threshold)}</span>
            <input type="number" min="1" max=MAX_THRESHOLD inputmode="numeric"
                prop:value=move || threshold.get().to_string()
                aria-invalid=move || invalid.get().to_string()
                aria-describedby="ringing-threshold-error"
                on:change=on_change/>
        </label>
        <p id="ringing-threshold-error" class="field-error" role="alert">
            {move || invalid.get().then(|| tr(CallMsg::ThresholdInvalid))}
        </p>
    }
}

fn press_text(test: &KeyTest, lang: Lang) -> String {
    match test.press {
        Press::Key(key) => fill(CallMsg::PressKey.text(lang), &[("key", &key)]),
        Press::WrongKey(key) => fill(
            CallMsg::PressWrong.text(lang),
            &[("key", &key), ("n", &test.events.len())],
        ),
        Press::NoKey => CallMsg::PressNone.text(lang).to_owned(),
    }
}

/// "Test every key": each key of the entry menu, where it ends and how long it may ring; a
/// row's button plays that call on the keypad and the diagram.
fn every_key_table(
    editor: Editor,
    entry: Memo<Option<NodeId>>,
    threshold: RwSignal<u32>,
    play: Callback<Vec<CallerEvent>>,
) -> impl IntoView {
    let lang = use_lang();
    let rows = move || {
        let lang = lang.now();
        let max = threshold.get();
        editor.flow.with(|flow| {
            let Some(entry) = entry.get() else {
                return Vec::new();
            };
            every_key(flow, &entry)
                .into_iter()
                .map(|test| {
                    let seconds = test.trace.ringing_seconds(flow);
                    let ends = end_words(flow, &test.trace, false, lang);
                    let press = press_text(&test, lang);
                    let events = test.events;
                    let over = seconds > max;
                    view! {
                        <tr>
                            <th scope="row">{press}</th>
                            <td>{ends}</td>
                            <td class:over-threshold=over>
                                {fill(CallMsg::Seconds.text(lang), &[("n", &seconds)])}
                            </td>
                            <td>
                                <button type="button" class="link" on:click=move |_| play.run(events.clone())>
                                    {CallMsg::ShowPath.text(lang)}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <table class="every-key">
            <caption>{tr(CallMsg::EveryKey)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr(CallMsg::ColPress)}</th>
                    <th scope="col">{tr(CallMsg::ColEnds)}</th>
                    <th scope="col">{tr(CallMsg::ColRinging)}</th>
                    <th scope="col"><span class="visually-hidden">{tr(CallMsg::ShowPath)}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The caller panel (fetched with the outline: see `side::side_panel`).
pub fn caller_panel(editor: Editor, open: RwSignal<bool>) -> AnyView {
    let lang = use_lang();
    let chosen = RwSignal::new(first_entry(editor));
    // The chosen menu while the draft has it.
    let entry = Memo::new(move |_| {
        let id = chosen.get()?;
        editor.flow.with(|f| f.menu(&id).is_some()).then_some(id)
    });
    let events = RwSignal::new(Vec::<CallerEvent>::new());
    let hung_up = RwSignal::new(false);
    let threshold = RwSignal::new(
        browser_storage::read(THRESHOLD_KEY)
            .and_then(|t| parse_threshold(&t))
            .unwrap_or(DEFAULT_THRESHOLD),
    );
    let testing = RwSignal::new(false);
    let trace = Memo::new(move |_| {
        let entry = entry.get()?;
        Some(events.with(|events| editor.flow.with(|flow| simulate(flow, &entry, events))))
    });
    Effect::new(move |_| {
        let lit = trace.with(|t| t.as_ref().map(lit_of).unwrap_or_default());
        editor.lit.set(lit);
    });
    on_cleanup(move || {
        // The editor may be gone with the page.
        let _ = editor.lit.try_set(Lit::default());
    });
    let restart = move || {
        events.set(Vec::new());
        hung_up.set(false);
    };
    let play = Callback::new(move |played: Vec<CallerEvent>| {
        events.set(played);
        hung_up.set(false);
    });
    // Keys reach a caller waiting in a menu; "wait" also lets a ringing group ring out.
    let in_menu = move || {
        !hung_up.get() && trace.with(|t| t.as_ref().is_some_and(|t| t.waiting_in().is_some()))
    };
    let ringing = move || {
        !hung_up.get()
            && trace.with(|t| {
                t.as_ref()
                    .is_some_and(|t| matches!(t.end, End::Answered { .. }))
            })
    };
    let press = move |event: CallerEvent| events.update(|e| e.push(event));

    let menu_options = move || {
        let lang = lang.now();
        editor.flow.with(|flow| {
            menus_entry_first(flow)
                .into_iter()
                .map(|m| {
                    let id = m.id.to_string();
                    let label = if m.entry {
                        format!("{} ({})", m.name, MenuMsg::FieldEntry.text(lang))
                    } else {
                        m.name.clone()
                    };
                    let selected = chosen.with(|c| c.as_ref() == Some(&m.id));
                    view! { <option value=id selected=selected>{label}</option> }
                })
                .collect::<Vec<_>>()
        })
    };
    let on_entry = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let id = editor.flow.with_untracked(|f| {
            f.menus()
                .find(|m| m.id.to_string() == value)
                .map(|m| m.id.clone())
        });
        chosen.set(id);
        restart();
    };
    let keypad = move || {
        KEYPAD_ROWS
            .iter()
            .flatten()
            .map(|&key| {
                view! {
                    <button type="button" class="button keypad-key" disabled=move || !in_menu()
                        on:click=move |_| press(CallerEvent::Digit(key))>{key.to_string()}</button>
                }
            })
            .collect::<Vec<_>>()
    };
    let steps = move || {
        let lang = lang.now();
        trace.with(|t| {
            editor.flow.with(|flow| {
                t.as_ref().map(|t| {
                    t.events
                        .iter()
                        .map(|e| view! { <li>{event_text(flow, e, lang)}</li> })
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    let end = move || {
        let lang = lang.now();
        let hung_up = hung_up.get();
        trace.with(|t| {
            editor.flow.with(|flow| {
                t.as_ref().map(|t| {
                    let hint = (!hung_up && matches!(t.end, End::Answered { .. }))
                        .then(|| format!(" {}", CallMsg::AnsweredHint.text(lang)));
                    format!(
                        "{}{}",
                        end_words(flow, t, hung_up, lang),
                        hint.unwrap_or_default()
                    )
                })
            })
        })
    };
    let ringing_note = move || {
        let lang = lang.now();
        let max = threshold.get();
        let seconds = trace.with(|t| {
            editor
                .flow
                .with(|flow| t.as_ref().map_or(0, |t| t.ringing_seconds(flow)))
        });
        let over = (seconds > max).then(|| {
            view! {
                <p class="notice notice-warning" role="alert">
                    {fill(CallMsg::TooLong.text(lang), &[("n", &seconds), ("max", &max)])}
                </p>
            }
        });
        view! {
            <p class="call-ringing">{fill(CallMsg::Ringing.text(lang), &[("n", &seconds)])}</p>
            {over}
        }
    };
    let body = move || {
        if entry.get().is_none() && editor.flow.with(|f| f.menus().next().is_none()) {
            return view! { <p class="empty">{tr(CallMsg::NoMenu)}</p> }.into_any();
        }
        view! {
            <label class="field">
                <span>{tr(CallMsg::Entry)}</span>
                <select on:change=on_entry>{menu_options}</select>
            </label>
            <div class="keypad" role="group" aria-label=move || CallMsg::Keypad.text(lang.now())>{keypad()}</div>
            <div class="call-actions">
                <button type="button" class="button" disabled=move || !(in_menu() || ringing())
                    on:click=move |_| press(CallerEvent::NobodyAnswers)>{tr(CallMsg::Wait)}</button>
                <button type="button" class="button" disabled=move || !(in_menu() || ringing())
                    on:click=move |_| hung_up.set(true)>{tr(CallMsg::HangUp)}</button>
                <button type="button" class="button" on:click=move |_| restart()>{tr(CallMsg::Restart)}</button>
            </div>
            <h3 id="call-steps-title">{tr(CallMsg::Steps)}</h3>
            <ol class="call-steps" aria-labelledby="call-steps-title">{steps}</ol>
            <p class="call-end" role="status">{end}</p>
            {ringing_note}
            {threshold_field(threshold)}
            <button type="button" class="button" aria-pressed=move || testing.get().to_string()
                on:click=move |_| testing.update(|t| *t = !*t)>{tr(CallMsg::EveryKey)}</button>
            {move || testing.get().then(|| every_key_table(editor, entry, threshold, play))}
        }
        .into_any()
    };
    view! {
        <section class="editor-panel caller-panel" aria-labelledby="caller-title">
            <div class="panel-heading">
                <h2 id="caller-title">{tr(CallMsg::Title)}</h2>
                <button type="button" class="link" on:click=move |_| open.set(false)>{tr(MenuMsg::Close)}</button>
            </div>
            {body}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ivr::fixture::{id, tenant};

    #[test]
    fn a_call_lights_each_box_it_enters_and_each_port_it_leaves_by() {
        let trace = simulate(
            &tenant(),
            &id("main"),
            &[CallerEvent::Digit('9'), CallerEvent::Digit('1')],
        );
        let lit = lit_of(&trace);
        assert_eq!(
            lit.nodes,
            vec![
                NodeKey::Menu(id("main")),
                NodeKey::Menu(id("sub")),
                NodeKey::Group(id("tech"))
            ]
        );
        assert_eq!(
            lit.ports,
            vec![
                (NodeKey::Menu(id("main")), Port::Key('9')),
                (NodeKey::Menu(id("sub")), Port::Key('1'))
            ]
        );
        assert_eq!(lit.current, Some(NodeKey::Group(id("tech"))));
    }

    #[test]
    fn the_threshold_is_a_whole_number_of_seconds_in_range() {
        assert_eq!(parse_threshold(" 45 "), Some(45));
        assert_eq!(parse_threshold("0"), None);
        assert_eq!(parse_threshold("3601"), None);
        assert_eq!(parse_threshold("1.5"), None);
        assert_eq!(parse_threshold(""), None);
    }

    #[test]
    fn a_caller_out_of_keys_in_a_menu_is_said_to_wait_there_until_they_hang_up() {
        let flow = tenant();
        let trace = simulate(&flow, &id("main"), &[CallerEvent::Digit('9')]);
        assert_eq!(
            end_words(&flow, &trace, false, Lang::En),
            "The caller is in the menu Hỗ trợ, waiting for a key."
        );
        assert_eq!(
            end_words(&flow, &trace, true, Lang::En),
            "The caller hung up."
        );
    }
}
