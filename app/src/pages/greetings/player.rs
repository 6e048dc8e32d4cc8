//! Listening to a greeting: a button that brings up the browser's own player, playing.

use crate::i18n::{fill, tr, use_lang, GreetingMsg, LangNow};
use crate::server_fns::greetings::Listen;
use leptos::prelude::*;

/// The row's way to listen: a play button, or why there is none.
#[component]
pub fn Listening(listen: Listen, name: String) -> impl IntoView {
    match listen {
        Listen::At(url) => view! { <PlayButton url name/> }.into_any(),
        Listen::NoSource => {
            view! { <span class="muted">{tr(GreetingMsg::NoAudioSource)}</span> }.into_any()
        }
        Listen::NoFile => {
            view! { <span class="muted">{tr(GreetingMsg::NoRecordingFile)}</span> }.into_any()
        }
    }
}

/// A button that, pressed, becomes a player that starts at once (the press is the user's
/// gesture browsers ask for before playing sound).
#[component]
fn PlayButton(url: String, name: String) -> impl IntoView {
    let lang = use_lang();
    let playing = RwSignal::new(false);
    let label = {
        let name = name.clone();
        move || fill(GreetingMsg::Play.text(lang.now()), &[("name", &name)])
    };
    view! {
        <Show
            when=move || playing.get()
            fallback=move || view! {
                <button type="button" class="button-secondary button-small" aria-label=label.clone()
                    on:click=move |_| playing.set(true)>
                    {tr(GreetingMsg::PlayShort)}
                </button>
            }
        >
            <audio controls autoplay preload="auto" src=url.clone()
                aria-label=fill(GreetingMsg::Play.text(lang.get_untracked()), &[("name", &name)])></audio>
        </Show>
    }
}
