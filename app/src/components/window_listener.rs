//! Listening on the window for as long as a component lives.

use leptos::prelude::*;
use leptos::tachys::html::event::EventDescriptor;

/// Listens for `event` on the window until the calling component is disposed. A listener left
/// behind would read the component's disposed signals on the next event: a WASM panic on every
/// pointer move or key press after a save or a navigation (and one more listener per visit).
pub fn listen_on_window<E>(event: E, handler: impl Fn(E::EventType) + 'static)
where
    E: EventDescriptor + 'static,
    E::EventType: leptos::wasm_bindgen::JsCast,
{
    let handle = window_event_listener(event, handler);
    on_cleanup(move || handle.remove());
}
