//! Uploading an mp3. A plain multipart form to the server's upload route: it works before the
//! WASM has loaded (the server redirects back, the result kept for this page). Once hydrated,
//! the form is sent with a progress bar and a cancel button, the chosen file can be listened
//! to first (from the disk, nothing sent), and its size is checked before sending.

use super::clock;
use crate::components::{awaited, Doomed, ErrorNotice, FieldError, FieldErrors, FormSent, Sending};
use crate::error::AppError;
use crate::i18n::{fill, tr, use_lang, GreetingMsg, LangNow, Msg};
use crate::server_fns::greetings::{upload_settings, UploadDone, UploadPage, UploadResult};
use crate::urls;
use leptos::prelude::*;

#[component]
pub fn UploadSection(
    on_uploaded: Callback<()>,
    /// Where an upload that arrived despite a cancel is offered for deletion.
    doomed: RwSignal<Option<Doomed>>,
) -> impl IntoView {
    let settings = OnceResource::new(upload_settings());
    view! {
        <section class="card" aria-labelledby="upload-title">
            <h2 id="upload-title">{tr(GreetingMsg::UploadTitle)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{tr(Msg::Loading)}</p> }>
                {move || {
                    let settings = awaited(settings);
                    Suspend::new(async move {
                        match settings.await {
                            Ok(settings) => view! { <UploadForm settings on_uploaded doomed/> }.into_any(),
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// What the last upload came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Done(UploadDone),
    Failed(AppError),
    /// Cancelled before the whole file had left the browser: the server never had it.
    Cancelled,
    /// Cancelled too late: the file had left the browser, and the call center made the
    /// greeting all the same.
    MadeDespiteCancel(UploadDone),
}

#[component]
fn UploadForm(
    settings: UploadPage,
    on_uploaded: Callback<()>,
    doomed: RwSignal<Option<Doomed>>,
) -> impl IntoView {
    let lang = use_lang();
    let max_mb = settings.max_mb;
    let errors = FieldErrors::default();
    let (typed, first) = match settings.result {
        Some(UploadResult::Done(done)) => (String::new(), Some(Outcome::Done(done))),
        Some(UploadResult::Failed { error, name }) => {
            let outcome = if errors.take(&error) {
                None
            } else {
                Some(Outcome::Failed(error))
            };
            (name, outcome)
        }
        None => (String::new(), None),
    };
    let name = RwSignal::new(typed);
    let outcome = RwSignal::new(first);
    // Set once the user types a name: choosing another file then leaves it alone.
    let name_edited = RwSignal::new(false);
    let preview = RwSignal::new(None::<String>);
    let preview_ms = RwSignal::new(None::<u64>);
    let percent = RwSignal::new(None::<u32>);
    let sending = RwSignal::new(None::<Sending>);
    // Whether the whole file has left the browser, and whether the admin asked to cancel after
    // that: the server may then act on it, so the page says so instead of "cancelled".
    let body_sent = RwSignal::new(false);
    let late_cancel = RwSignal::new(false);
    let form = NodeRef::<leptos::html::Form>::new();
    let player = NodeRef::<leptos::html::Audio>::new();
    // The player may still be reading the file when its address is given up (Chromium reads a
    // blob in ranges, after the metadata too): it is stopped first, so no read finds the address
    // gone and logs a failed load.
    // `try_` because it also runs when the form goes away, its signals possibly gone first.
    let let_go_of_preview = move || {
        if let Some(url) = preview.try_get_untracked().flatten() {
            #[cfg(feature = "hydrate")]
            {
                if let Some(audio) = player.try_get_untracked().flatten() {
                    let _ = audio.remove_attribute("src");
                    audio.load();
                }
                let _ = web_sys::Url::revoke_object_url(&url);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = url;
        }
        let _ = preview.try_set(None);
    };
    on_cleanup(let_go_of_preview);
    let file_error = errors.message("file");
    let name_error = errors.message("greeting_name");

    let on_file = move |_ev: leptos::ev::Event| {
        errors.clear();
        outcome.set(None);
        percent.set(None);
        preview_ms.set(None);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: web_sys::HtmlInputElement =
                _ev.target().map(|t| t.unchecked_into()).expect("an input");
            let_go_of_preview();
            let file = input.files().and_then(|files| files.get(0));
            preview.set(
                file.as_ref()
                    .and_then(|f| web_sys::Url::create_object_url_with_blob(f).ok()),
            );
            if let Some(file) = file {
                if !name_edited.get_untracked() {
                    name.set(crate::server_fns::greetings::name_from_file(&file.name()));
                }
                // Said at once rather than after pressing upload (no player is offered for it).
                if file.size() > (max_mb * 1024 * 1024) as f64 {
                    outcome.set(Some(Outcome::Failed(AppError::FileTooLarge { max_mb })));
                }
            }
        }
    };
    // How a sent form ends, whatever ended it.
    let finish = move |end: FormSent| {
        sending.set(None);
        let made: fn(UploadDone) -> Outcome = if late_cancel.get_untracked() {
            Outcome::MadeDespiteCancel
        } else {
            Outcome::Done
        };
        let result = match end {
            FormSent::Answered { status: 200, body } => serde_json::from_str::<UploadDone>(&body)
                .map(made)
                .unwrap_or(Outcome::Failed(AppError::Internal)),
            FormSent::Answered { body, .. } => Outcome::Failed(
                serde_json::from_str::<AppError>(&body).unwrap_or(AppError::Internal),
            ),
            FormSent::Failed => Outcome::Failed(AppError::Network(String::new())),
            FormSent::Cancelled => Outcome::Cancelled,
        };
        match result {
            Outcome::Done(done) | Outcome::MadeDespiteCancel(done) => {
                percent.set(Some(100));
                name.set(String::new());
                name_edited.set(false);
                #[cfg(feature = "hydrate")]
                {
                    if let Some(form_el) = form.get_untracked() {
                        form_el.reset();
                    }
                }
                let_go_of_preview();
                outcome.set(Some(made(done)));
                on_uploaded.run(());
            }
            Outcome::Failed(error) => {
                percent.set(None);
                if !errors.take(&error) {
                    outcome.set(Some(Outcome::Failed(error)));
                }
            }
            Outcome::Cancelled => {
                percent.set(None);
                outcome.set(Some(Outcome::Cancelled));
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        outcome.set(None);
        #[cfg(feature = "hydrate")]
        {
            use crate::components::send_form;
            use omicall::{Problem, RequestError};
            let Some(form_el) = form.get_untracked() else {
                return;
            };
            let file = form_el
                .elements()
                .named_item("file")
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(el).ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else {
                errors.set(RequestError::new("file", Problem::Required));
                return;
            };
            if file.size() > (max_mb * 1024 * 1024) as f64 {
                outcome.set(Some(Outcome::Failed(AppError::FileTooLarge { max_mb })));
                return;
            }
            percent.set(Some(0));
            body_sent.set(false);
            late_cancel.set(false);
            sending.set(send_form(
                &form_el,
                move |p| percent.set(Some(p)),
                move || body_sent.set(true),
                finish,
            ));
        }
        // Before hydration the browser posts the form itself; nothing here sends it.
        #[cfg(not(feature = "hydrate"))]
        let _ = finish;
    };

    let refused_file = move || {
        file_error.read().is_some()
            || outcome.with(|o| matches!(o, Some(Outcome::Failed(AppError::FileTooLarge { .. }))))
    };
    let hint = move || fill(GreetingMsg::FileHint.text(lang.now()), &[("max", &max_mb)]);
    view! {
        <form node_ref=form method="post" action=urls::GREETING_UPLOAD enctype="multipart/form-data"
            on:submit=on_submit>
            <div class="field">
                <label for="upload-file">{tr(GreetingMsg::FieldFile)}</label>
                <input id="upload-file" type="file" name="file" accept=".mp3,audio/mpeg"
                    on:change=on_file
                    aria-invalid=move || if file_error.read().is_some() { "true" } else { "false" }
                    aria-describedby="upload-file-hint upload-file-error"/>
                <p class="hint" id="upload-file-hint">{hint}</p>
                <FieldError id="upload-file" error=file_error/>
            </div>
            // No player for a file the form has refused: it could only play what will not be sent.
            {move || preview.get().filter(|_| !refused_file()).map(|src| view! {
                <div class="preview">
                    <p>{tr(GreetingMsg::PreviewLabel)}</p>
                    <audio node_ref=player controls src=src data-testid="upload-preview"
                        aria-label=tr(GreetingMsg::PreviewLabel)
                        on:loadedmetadata=move |_ev| {
                            #[cfg(feature = "hydrate")]
                            {
                                use wasm_bindgen::JsCast;
                                if let Some(audio) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlMediaElement>().ok()) {
                                    let secs = audio.duration();
                                    if secs.is_finite() {
                                        preview_ms.set(Some((secs * 1000.0) as u64));
                                    }
                                }
                            }
                        }></audio>
                    {move || preview_ms.get().map(|ms| view! {
                        <p data-testid="upload-preview-duration">
                            {move || fill(GreetingMsg::PreviewDuration.text(lang.now()), &[("duration", &clock(ms))])}
                        </p>
                    })}
                </div>
            })}
            <div class="field">
                <label for="upload-name">{tr(GreetingMsg::FieldName)}</label>
                <input id="upload-name" type="text" name="name" maxlength="255"
                    // The attribute for the page as served (a plain form refilled after a
                    // refusal); the property once hydrated.
                    value=name.get_untracked()
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name_edited.set(true);
                        name.set(event_target_value(&ev));
                    }
                    aria-invalid=move || if name_error.read().is_some() { "true" } else { "false" }
                    aria-describedby="upload-name-error"/>
                <FieldError id="upload-name" error=name_error/>
            </div>
            {move || percent.get().map(|p| view! {
                <div class="upload-progress">
                    <progress max="100" value=p.to_string() aria-label=tr(GreetingMsg::UploadProgress)></progress>
                    <span>{move || match (sending.read().is_some(), body_sent.get(), late_cancel.get()) {
                        (false, ..) => format!("{p}%"),
                        (true, false, _) => fill(GreetingMsg::Uploading.text(lang.now()), &[("percent", &p)]),
                        (true, true, false) => GreetingMsg::UploadWaiting.text(lang.now()).to_owned(),
                        (true, true, true) => GreetingMsg::CancelTooLate.text(lang.now()).to_owned(),
                    }}</span>
                </div>
            })}
            {move || outcome.get().map(|o| match o {
                Outcome::Done(done) => {
                    let (duration, bitrate) = (clock(done.duration_ms), done.bitrate_kbps);
                    let uploaded = done.greeting.name;
                    view! {
                        <p class="notice notice-success" role="status" data-testid="upload-done">
                            {move || fill(GreetingMsg::Uploaded.text(lang.now()), &[("name", &uploaded), ("duration", &duration), ("bitrate", &bitrate)])}
                        </p>
                    }.into_any()
                }
                Outcome::Failed(error) => view! { <ErrorNotice error/> }.into_any(),
                Outcome::Cancelled => view! {
                    <p class="notice" role="status">{tr(GreetingMsg::UploadCancelled)}</p>
                }.into_any(),
                Outcome::MadeDespiteCancel(done) => {
                    let target = Doomed { id: done.greeting.id, name: done.greeting.name.clone() };
                    let made = done.greeting.name;
                    view! {
                        <div class="notice notice-warning" role="status" data-testid="upload-made-anyway">
                            <p>{move || fill(GreetingMsg::MadeDespiteCancel.text(lang.now()), &[("name", &made)])}</p>
                            <button type="button" class="button-danger-outline"
                                on:click=move |_| doomed.set(Some(target.clone()))>
                                {tr(GreetingMsg::DeleteMadeAnyway)}
                            </button>
                        </div>
                    }.into_any()
                }
            })}
            <div class="form-actions">
                <button type="submit" class="button-primary" disabled=move || sending.read().is_some()>
                    {tr(GreetingMsg::UploadButton)}
                </button>
                {move || sending.get().map(|s| view! {
                    <button type="button" class="button-secondary" disabled=move || late_cancel.get()
                        on:click=move |_| if body_sent.get_untracked() {
                            late_cancel.set(true);
                        } else {
                            s.cancel();
                        }>
                        {tr(GreetingMsg::CancelUpload)}
                    </button>
                })}
            </div>
        </form>
    }
}
