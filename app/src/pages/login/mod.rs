//! The login page: the tenant's API key in, a session out.

use crate::i18n::{tr, use_lang, LangNow, Msg};
use crate::server_fns::auth::{demo_api_key, LogIn};
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
    let demo = Resource::new(|| (), |_| demo_api_key());
    let demo_hint = move || {
        Suspend::new(async move {
            demo.await.ok().flatten().map(|key| {
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
    view! {
        <main class="login">
            <h1>{tr(Msg::LoginTitle)}</h1>
            <Show when=move || expired() && log_in.value().get().is_none()>
                <p class="notice notice-warning" role="alert">{tr(Msg::ErrSessionExpired)}</p>
            </Show>
            <Suspense fallback=|| ()>{demo_hint}</Suspense>
            <ActionForm action=log_in attr:class="card form">
                <input type="hidden" name="next" prop:value=next/>
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
