//! Where something is used (`omicall::rules::usages_of`), as a list of sentences: shown when a
//! delete is refused, each place linked when it has a page of its own.

use crate::i18n::{fill, use_lang, LangNow, Msg, Text};
use crate::urls;
use leptos::prelude::*;
use omicall::rules::{Place, Usage};

/// A place as a sentence template with `{name}` (and `{key}`).
fn usage_text(place: &Place) -> Text {
    match place {
        Place::GroupTimeout => Msg::UsageGroupTimeout.into(),
        Place::MenuKey(_) => Msg::UsageMenuKey.into(),
        Place::MenuFallback => Msg::UsageMenuFallback.into(),
        Place::MenuGreeting => Msg::UsageMenuGreeting.into(),
        Place::MenuShortGreeting => Msg::UsageMenuShortGreeting.into(),
        Place::MenuInvalidSound => Msg::UsageMenuInvalidSound.into(),
    }
}

/// The places, one item each, linked to the group's page or to the menu in the editor.
#[component]
pub fn UsageList(usages: Vec<Usage>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! {
        <ul aria-label=label>
            {usages.into_iter().map(|usage| view! { <UsageItem usage/> }).collect_view()}
        </ul>
    }
}

#[component]
fn UsageItem(usage: Usage) -> impl IntoView {
    let lang = use_lang();
    let template = usage_text(&usage.place);
    let key = match &usage.place {
        Place::MenuKey(key) => key.clone(),
        _ => String::new(),
    };
    let name = usage.owner_name.clone();
    let sentence = move || fill(template.get(lang.now()), &[("name", &name), ("key", &key)]);
    match usage.place {
        Place::GroupTimeout => {
            view! { <li><a href=urls::ring_group(&usage.owner_id)>{sentence}</a></li> }.into_any()
        }
        // The editor is its own lazy chunk: a full load, not a client-side route change.
        _ => view! { <li><a href=urls::ivr_editor_focused(&usage.owner_id)>{sentence}</a></li> }
            .into_any(),
    }
}
