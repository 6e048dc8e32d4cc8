//! A form sent with upload progress and a way to cancel it: `fetch` reports no upload
//! progress, `XMLHttpRequest` does. Browser-only; before hydration the form posts itself.

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// How a sent form ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormSent {
    /// The server answered (any status), with its body.
    Answered { status: u16, body: String },
    /// The request failed before an answer: network down, connection reset.
    Failed,
    /// [`Sending::cancel`] stopped it.
    Cancelled,
}

/// A form being sent.
#[derive(Clone, Copy)]
pub struct Sending {
    #[cfg(feature = "hydrate")]
    xhr: StoredValue<web_sys::XmlHttpRequest, LocalStorage>,
}

impl Sending {
    /// Stops sending; the form ends as [`FormSent::Cancelled`]. Called before the body has
    /// left the browser (see `send_form`'s `sent`), the server never gets the whole form.
    pub fn cancel(&self) {
        #[cfg(feature = "hydrate")]
        self.xhr.with_value(|xhr| {
            let _ = xhr.abort();
        });
    }
}

/// Posts `form` (multipart, as the browser encodes it) to its `action`, asking for JSON.
/// `progress` gets the percentage sent; `sent` is called once the whole body has left the
/// browser (from then on a cancel can no longer keep the server from acting on it); `done` gets
/// the end, once.
#[cfg(feature = "hydrate")]
pub fn send_form(
    form: &web_sys::HtmlFormElement,
    progress: impl Fn(u32) + 'static,
    sent: impl Fn() + 'static,
    done: impl Fn(FormSent) + 'static,
) -> Option<Sending> {
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

    let data = FormData::new_with_form(form).ok()?;
    let xhr = XmlHttpRequest::new().ok()?;
    xhr.open_with_async("POST", &form.action(), true).ok()?;
    xhr.set_request_header("Accept", "application/json").ok()?;
    xhr.set_request_header(crate::urls::OWN_REQUEST_HEADER, "1")
        .ok()?;
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress((ev.loaded() / ev.total() * 100.0).round() as u32);
        }
    });
    let on_sent = Closure::<dyn Fn()>::new(sent);
    let upload = xhr.upload().ok()?;
    upload.set_onprogress(Some(on_progress.into_js_value().unchecked_ref()));
    upload.set_onload(Some(on_sent.into_js_value().unchecked_ref()));
    let done = Rc::new(done);
    let answered = {
        let done = Rc::clone(&done);
        let xhr = xhr.clone();
        Closure::<dyn Fn()>::new(move || {
            done(FormSent::Answered {
                status: xhr.status().unwrap_or(0),
                body: xhr.response_text().ok().flatten().unwrap_or_default(),
            })
        })
    };
    let failed = {
        let done = Rc::clone(&done);
        Closure::<dyn Fn()>::new(move || done(FormSent::Failed))
    };
    let cancelled = Closure::<dyn Fn()>::new(move || done(FormSent::Cancelled));
    xhr.set_onload(Some(answered.into_js_value().unchecked_ref()));
    xhr.set_onerror(Some(failed.into_js_value().unchecked_ref()));
    xhr.set_onabort(Some(cancelled.into_js_value().unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&data)).ok()?;
    Some(Sending {
        xhr: StoredValue::new_local(xhr),
    })
}
