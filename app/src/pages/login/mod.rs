//! The login page: the tenant's API key in, a session out.

use crate::components::awaited;
use crate::i18n::{tr, use_lang, LangNow, Msg};
use crate::server_fns::auth::{login_help, LogIn};
use crate::wire::auth::PERSON_MAX_CHARS;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

lazy_page!(LoginRoute => LoginPage);

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let expired = move || query.read().get("expired").is_some();
    let log_in = ServerAction::<LogIn>::new();
    let help = Resource::new(|| (), |_| login_help());
    let demo_hint = move || {
        let help = awaited(help);
        Suspend::new(async move {
            help.await
                .ok()
                .and_then(|help| help.demo_api_key)
                .map(|key| {
                    view! {
                        <p class="notice notice-info" data-testid="demo-key">
                            {tr(Msg::DemoKeyHint)} " " <code>{key}</code>
                        </p>
                    }
                })
        })
    };
    let failure = move || {
        log_in
            .value()
            .get()
            .and_then(Result::err)
            .map(|err| err.message(lang.now()))
    };
    // The name field waits for the name this browser gave last time (a cookie only the server
    // reads), so that it is filled in from the start.
    let name_field = move |person: String| {
        view! {
            <input id="person" name="person" type="text" autocomplete="name" required
                maxlength=PERSON_MAX_CHARS value=person aria-describedby="person_hint"/>
        }
    };
    let remembered_name = move || {
        let help = awaited(help);
        Suspend::new(
            async move { name_field(help.await.map(|help| help.person).unwrap_or_default()) },
        )
    };
    view! {
        <main class="login">
            <h1>{tr(Msg::LoginTitle)}</h1>
            <Show when=move || expired() && log_in.value().get().is_none()>
                <p class="notice notice-warning" role="alert">{tr(Msg::ErrSessionExpired)}</p>
            </Show>
            <Suspense fallback=|| ()>{demo_hint}</Suspense>
            <ActionForm action=log_in attr:class="card form">
                <input type="hidden" name="next" prop:value=next/>
                <label for="person">{tr(Msg::PersonName)}</label>
                <Suspense fallback=move || name_field(String::new())>{remembered_name}</Suspense>
                <p id="person_hint" class="hint">{tr(Msg::PersonNameHint)}</p>
                <label for="api_key">{tr(Msg::ApiKey)}</label>
                <input id="api_key" name="api_key" type="password" autocomplete="current-password" required
                    aria-describedby="api_key_hint"/>
                <p id="api_key_hint" class="hint">{tr(Msg::ApiKeyHint)}</p>
                {move || failure().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
                <button type="submit" class="button-primary" disabled=move || log_in.pending().get()>
                    {move || if log_in.pending().get() { Msg::LoggingIn.text(lang.now()) } else { Msg::LogIn.text(lang.now()) }}
                </button>
            </ActionForm>
        </main>
    }
}
