//! A greeting made from text: name, text with a live count (characters, as the vendor counts),
//! voice, speed; the keys the text asks for; the new greeting plays once made.

use super::{speed_name, voice_name, VOICES};
use crate::components::fetched_on_demand;
use crate::components::{
    use_toast, ErrorNotice, FieldError, FieldErrors, OnDemand, TextField, Toast,
};
use crate::error::AppError;
use crate::i18n::{fill, tr, use_lang, GreetingMsg, LangNow};
use crate::ivr::keys::mentioned_keys;
use crate::server_fns::greetings::{create_tts_greeting, GreetingRow, Listen, TtsDraft};
use leptos::prelude::*;
use omicall::rules::{TTS_MAX_CHARS, TTS_SPEED};

#[component]
pub fn TtsForm(on_created: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let toast = use_toast();
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let voice = RwSignal::new(VOICES[0].as_str().to_owned());
    let speed = RwSignal::new(0i64);
    let errors = FieldErrors::default();
    let failure = RwSignal::new(None::<AppError>);
    let created = RwSignal::new(None::<GreetingRow>);
    let draft = move || TtsDraft {
        name: name.get(),
        text: text.get(),
        voice: voice.get(),
        speed: speed.get().to_string(),
    };
    let create = Action::new(move |d: &TtsDraft| create_tts_greeting(d.clone()));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(row)) => {
            toast(Toast::Success(fill(
                GreetingMsg::Created.text(lang.get_untracked()),
                &[("name", &row.name)],
            )));
            name.set(String::new());
            text.set(String::new());
            created.set(Some(row));
            on_created.run(());
        }
        Some(Err(error)) if !errors.take(&error) => failure.set(Some(error)),
        Some(Err(_)) | None => {}
    });
    let count = move || text.read().chars().count();
    let counter = move || {
        fill(
            GreetingMsg::CharCount.text(lang.now()),
            &[("count", &count()), ("max", &TTS_MAX_CHARS)],
        )
    };
    let text_error = errors.message("text");
    let speed_words = move || speed_name(speed.get()).get(lang.now());
    view! {
        <section class="card" aria-labelledby="tts-title">
            <h2 id="tts-title">{tr(GreetingMsg::TtsTitle)}</h2>
            <form novalidate on:submit=move |ev| {
                ev.prevent_default();
                errors.clear();
                failure.set(None);
                created.set(None);
                let d = draft();
                match d.request() {
                    Ok(_) => {
                        create.dispatch(d);
                    }
                    Err(error) => errors.set(error),
                }
            }>
                <TextField id="tts-name" label=GreetingMsg::FieldName field="greeting_name" errors value=name required=true/>
                <div class="field">
                    <label for="tts-text">{tr(GreetingMsg::FieldText)}</label>
                    <textarea id="tts-text" name="text" rows="4"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        aria-invalid={move || if text_error.read().is_some() || count() > TTS_MAX_CHARS { "true" } else { "false" }}
                        aria-describedby="tts-text-count tts-text-error"></textarea>
                    <p id="tts-text-count" class={move || if count() > TTS_MAX_CHARS { "hint over" } else { "hint" }} aria-live="polite">
                        {counter}
                    </p>
                    <FieldError id="tts-text" error=text_error/>
                </div>
                <OnDemand wanted=move || !text.read().trim().is_empty() load=move || keys_notice(text)/>
                <fieldset class="field">
                    <legend>{tr(GreetingMsg::FieldVoice)}</legend>
                    {VOICES.iter().map(|v| {
                        let value = v.as_str().to_owned();
                        let checked = value.clone();
                        let label = voice_name(v);
                        view! {
                            <label class="radio">
                                <input type="radio" name="voice" value=value.clone()
                                    prop:checked=move || voice.get() == checked
                                    on:change=move |_| voice.set(value.clone())/>
                                {tr(label)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="tts-speed">{tr(GreetingMsg::FieldSpeed)}": "<strong>{speed_words}</strong></label>
                    <input id="tts-speed" type="range" name="speed" step="1"
                        min=TTS_SPEED.start().to_string() max=TTS_SPEED.end().to_string()
                        list="tts-speed-marks"
                        prop:value=move || speed.get().to_string()
                        aria-valuetext=speed_words
                        on:input=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(0))/>
                    <div class="range-labels" aria-hidden="true">
                        <span>{tr(speed_name(i64::from(*TTS_SPEED.start())))}</span>
                        <span>{tr(speed_name(0))}</span>
                        <span>{tr(speed_name(i64::from(*TTS_SPEED.end())))}</span>
                    </div>
                    <datalist id="tts-speed-marks">
                        {TTS_SPEED.map(|s| view! { <option value=s.to_string()></option> }).collect_view()}
                    </datalist>
                </div>
                {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
                <button type="submit" class="button-primary" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { tr(GreetingMsg::Creating)() } else { tr(GreetingMsg::CreateButton)() }}
                </button>
            </form>
            {move || created.get().and_then(|row| match row.listen {
                Listen::At(url) => Some(view! {
                    <div class="new-greeting">
                        <p>{tr(GreetingMsg::NewGreeting)}</p>
                        <audio controls autoplay src=url data-testid="tts-player"
                            aria-label=tr(GreetingMsg::NewGreeting)></audio>
                    </div>
                }),
                _ => None,
            })}
        </section>
    }
}

fetched_on_demand! {
    tts_keys_notice:
    /// The keys the text asks callers to press, read by the IVR engine's own reading so that this
    /// form and the editor agree. The reading is fetched once there is text to read.
    fn keys_notice(text: RwSignal<String>) -> AnyView {
        let lang = use_lang();
        let keys = move || {
            let keys = mentioned_keys(&text.read());
            (!keys.is_empty()).then(|| {
                let list = keys.iter().map(String::from).collect::<Vec<_>>().join(", ");
                view! {
                    <p class="notice notice-info" data-testid="tts-keys">
                        {move || fill(GreetingMsg::KeysMentioned.text(lang.now()), &[("keys", &list)])}
                    </p>
                }
            })
        };
        keys.into_any()
    }
}
