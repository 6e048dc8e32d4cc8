//! The console's Leptos app, compiled twice: for the server (`ssr`) and the browser (`hydrate`).
//! It also holds the IVR flow engine, which the editor runs in the browser on every edit and the
//! server runs again before saving.

// Leptos' typed views nest deeply; the group form's hydration type needs more than the default.
#![recursion_limit = "256"]

// The unit tests share a support file with the integration tests, which name the crate `app`.
#[cfg(test)]
extern crate self as app;

pub mod browser_storage;
#[cfg(feature = "ssr")]
pub mod client_addr;
pub mod components;
pub mod csp;
pub mod error;
pub mod i18n;
/// The flow engine, its own crate; re-exported so that `crate::ivr` reads as before.
pub use ivr;
pub mod local_time;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;
pub mod urls;
pub mod wire;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::provide_i18n().0.get_untracked();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // In the server's document rather than through leptos_meta: the browser bundle
                // then carries no code for it.
                <meta name="description" content=i18n::Msg::AppDescription.text(lang)/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <HydrationScripts options=options.clone()/>
                <leptos_meta::HashedStylesheet options id="console"/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    if use_context::<i18n::I18n>().is_none() {
        i18n::provide_i18n();
    }
    components::provide_toast();
    view! {
        <Title text=i18n::head_text(i18n::Msg::AppName)/>
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/login") view={Lazy::<pages::login::LoginRoute>::new()} ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=pages::Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=|| view! { <Redirect path="/extensions"/> }/>
                    <Route path=path!("/extensions") view=pages::extensions::ExtensionListPage/>
                    <Route path=path!("/extensions/detail") view={Lazy::<pages::extensions::ExtensionDetailRoute>::new()}/>
                    <Route path=path!("/ring-groups") view={Lazy::<pages::groups::GroupListRoute>::new()}/>
                    <Route path=path!("/ring-groups/:id") view={Lazy::<pages::groups::GroupEditRoute>::new()}/>
                    <Route path=path!("/greetings") view={Lazy::<pages::greetings::GreetingsRoute>::new()}/>
                    <Route path=path!("/ivr") view={Lazy::<pages::ivr::MenuListRoute>::new()}/>
                    <Route path=path!("/ivr/editor") view={Lazy::<pages::ivr::EditorRoute>::new()}/>
                    <Route path=path!("/activity") view={Lazy::<pages::activity::ActivityRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
