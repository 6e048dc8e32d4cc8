//! The layout around every logged-in page: navigation, tenant, language, logout.

use crate::components::{awaited, ErrorNotice, ToastHost};
use crate::i18n::{set_lang, tr, use_lang, GroupMsg, Lang, LangNow, Msg};
use crate::server_fns::auth::{current_tenant, LogOut};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{Outlet, A};

#[component]
pub fn Shell() -> impl IntoView {
    let tenant = Resource::new(|| (), |_| current_tenant());
    // Only the tenant label waits for its resource: the page below is not created inside this
    // Suspense, so its own resources never hang off this one (Leptos can stall a server render
    // when a Suspense's children create resources).
    let tenant_label = move || {
        let tenant = awaited(tenant);
        Suspend::new(async move {
            match tenant.await {
                Ok(tenant) => {
                    let person = (!tenant.person.is_empty()).then(|| {
                        view! {
                            <span class="person" data-testid="person">
                                <span class="visually-hidden">{tr(Msg::SignedInAs)} " "</span>
                                {tenant.person}
                            </span>
                        }
                    });
                    view! {
                        {person}
                        <span class="tenant" data-testid="tenant">{tenant.label}</span>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            }
        })
    };
    view! {
        <header class="topbar">
            <span class="brand">{tr(Msg::AppName)}</span>
            // The areas' names taken at compile time: calling their `pair()` would bring each
            // area's every sentence into the main module (see `error::field_label`).
            <nav aria-label=tr(Msg::AppName)>
                <A href="/extensions">{tr(Msg::NavExtensions)}</A>
                <A href=crate::urls::RING_GROUPS>{tr(const { GroupMsg::Nav.pair() })}</A>
                <A href=crate::urls::GREETINGS>{tr(const { crate::i18n::GreetingMsg::Nav.pair() })}</A>
                <A href=crate::urls::IVR>{tr(const { crate::i18n::MenuMsg::Nav.pair() })}</A>
                <A href=crate::urls::ACTIVITY>{tr(const { crate::i18n::ActivityMsg::Nav.pair() })}</A>
            </nav>
            <Suspense fallback=|| ()>{tenant_label}</Suspense>
            <LanguageSwitch/>
            // A plain form: logging out reloads into the login page, which leaves nothing of the
            // tenant in the page's memory, and needs no script (nor the code to send it by one).
            <form method="post" action=LogOut::PATH class="logout">
                <button type="submit" class="button-secondary">{tr(Msg::LogOut)}</button>
            </form>
        </header>
        <main class="content">
            <Outlet/>
        </main>
        <ToastHost/>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="lang">
            <span class="visually-hidden">{tr(Msg::Language)}</span>
            <select
                aria-label=tr(Msg::Language)
                on:change=move |ev| {
                    if let Some(choice) = Lang::from_code(&event_target_value(&ev)) {
                        set_lang(choice);
                    }
                }
                prop:value=move || lang.now().code()
            >
                <option value="vi" selected=move || lang.now() == Lang::Vi>"Tiếng Việt"</option>
                <option value="en" selected=move || lang.now() == Lang::En>"English"</option>
            </select>
        </label>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="content">
            <h1>"404"</h1>
            <p>{tr(Msg::NotFound)}</p>
            <a href="/extensions">{tr(Msg::NavExtensions)}</a>
        </main>
    }
}
