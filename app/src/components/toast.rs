use crate::i18n::{tr, Msg};
use leptos::prelude::*;

/// A short message about the outcome of an action, announced to screen readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toast {
    Success(String),
    Failure(String),
}

#[derive(Clone, Copy)]
struct ToastSignal(RwSignal<Option<Toast>>);

pub fn provide_toast() {
    provide_context(ToastSignal(RwSignal::new(None)));
}

/// Shows a toast; the newest replaces the one before.
pub fn use_toast() -> impl Fn(Toast) + Copy {
    let signal = use_context::<ToastSignal>().map(|s| s.0);
    move |toast| {
        if let Some(signal) = signal {
            signal.set(Some(toast));
        }
    }
}

/// Where toasts appear: once, in the layout.
#[component]
pub fn ToastHost() -> impl IntoView {
    let toast = use_context::<ToastSignal>()
        .map(|s| s.0)
        .unwrap_or_else(|| RwSignal::new(None));
    view! {
        <div class="toast-host" role="status" aria-live="polite" aria-label=tr(Msg::Notifications)>
            {move || toast.get().map(|t| {
                let (class, text) = match t {
                    Toast::Success(text) => ("toast toast-success", text),
                    Toast::Failure(text) => ("toast toast-failure", text),
                };
                view! {
                    <div class=class>
                        <span>{text}</span>
                        <button type="button" class="toast-close" aria-label=tr(Msg::Close) on:click=move |_| toast.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
