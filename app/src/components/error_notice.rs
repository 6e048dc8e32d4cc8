use crate::error::AppError;
use crate::i18n::{tr, use_lang, LangNow, Msg};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Shows a failure in the user's words, with a retry button when `retry` is given. A failure that
/// needs a login sends the user to the login page instead, remembering where they were.
#[component]
pub fn ErrorNotice(
    error: AppError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    if error.needs_login() {
        let location = use_location();
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        let target = crate::urls::login(&here, error == AppError::SessionExpired);
        return view! { <Redirect path=target/> }.into_any();
    }
    let message = move || error.message(lang.now());
    view! {
        <div class="notice notice-error" role="alert">
            <span>{message}</span>
            {retry.map(|retry| view! {
                <button type="button" class="button-secondary" on:click=move |_| retry.run(())>
                    {tr(Msg::Retry)}
                </button>
            })}
        </div>
    }
    .into_any()
}
