//! Form fields with their errors shown where they belong: at the input, announced to screen
//! readers (`aria-invalid`, `aria-describedby`). A form checks its request with the same
//! `omicall` validation the server runs; when the server answers with a field error, that
//! answer replaces the form's own.

use crate::error::{problem_text, AppError};
use crate::i18n::{tr, use_lang, LangNow, Text};
use leptos::prelude::*;
use omicall::RequestError;

/// The field error of a form, by the API's field name (`group_name`, `timeout`, ...).
#[derive(Clone, Copy)]
pub struct FieldErrors(RwSignal<Option<RequestError>>);

impl Default for FieldErrors {
    fn default() -> Self {
        Self(RwSignal::new(None))
    }
}

impl FieldErrors {
    pub fn set(&self, error: RequestError) {
        self.0.set(Some(error));
    }

    pub fn clear(&self) {
        self.0.set(None);
    }

    /// Takes the field error out of a server answer; answers whether there was one (otherwise
    /// the failure is for the form as a whole).
    pub fn take(&self, error: &AppError) -> bool {
        match error {
            AppError::Invalid(err) => {
                self.set(err.clone());
                true
            }
            _ => false,
        }
    }

    /// The message for `field`, if it is the one in error, in the current language.
    pub fn message(&self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.0;
        let lang = use_lang();
        Signal::derive(move || {
            errors
                .read()
                .as_ref()
                .filter(|e| e.field == field)
                .map(|e| problem_text(&e.problem, lang.now()))
        })
    }
}

/// The ids that describe an input: its hint and, while in error, its error.
fn described_by(
    id: &'static str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> String {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if error.read().is_some() {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    }
}

/// The error line under a field (empty while the field is fine).
#[component]
pub fn FieldError(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=format!("{id}-error") aria-live="polite">
            {move || error.get()}
        </p>
    }
}

/// A labelled text or number input bound to `value`, with its hint and error.
#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: Text,
    /// The API's name of the field, to find its error.
    field: &'static str,
    errors: FieldErrors,
    value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<Text>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error = errors.message(field);
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <input
                id=id
                name=field
                type=kind
                required=required
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.read().is_some() { "true" } else { "false" }
                aria-describedby=described_by(id, hint.is_some(), error)
            />
            {hint.map(|hint| view! { <p class="hint" id=format!("{id}-hint")>{tr(hint)}</p> })}
            <FieldError id error/>
        </div>
    }
}

/// `aria-describedby` and `aria-invalid` for a custom control (a picker) whose error a
/// [`FieldError`] with the same `id` shows.
pub fn control_aria(
    id: &'static str,
    error: Signal<Option<String>>,
) -> (Signal<String>, Signal<&'static str>) {
    let invalid = move || {
        if error.read().is_some() {
            "true"
        } else {
            "false"
        }
    };
    (
        Signal::derive(described_by(id, false, error)),
        Signal::derive(invalid),
    )
}
