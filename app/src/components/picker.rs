//! Search as you type and pick with mouse or keyboard: an ARIA combobox over a list the caller
//! loads. Used for members (extensions) and for targets (groups, menus, greetings).

use crate::error::AppError;
use crate::i18n::{tr, use_lang, LangNow, Msg, Text};
pub use crate::wire::choice::Choice;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// How long typing must pause before the picker searches.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// What a picker offers for a keyword, loaded by the caller (a server function, usually).
pub type Search = Callback<String, Pin<Box<dyn Future<Output = Result<Vec<Choice>, AppError>>>>>;

/// A [`Search`] over an async function: one picker type for every list it searches, so each
/// use does not add its own copy of the picker to the bundle.
pub fn search<F, Fut>(load: F) -> Search
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<Choice>, AppError>> + 'static,
{
    Callback::new(move |keyword: String| {
        Box::pin(load(keyword)) as Pin<Box<dyn Future<Output = _>>>
    })
}

/// A [`Search`] over choices already in hand (the editor's menus and groups, say): those whose
/// label contains the keyword, ignoring case and Vietnamese diacritics ("kinh" finds "Kinh
/// doanh").
pub fn search_among(choices: std::sync::Arc<[Choice]>) -> Search {
    search(move |keyword: String| {
        let found = matching(&choices, &keyword);
        async move { Ok(found) }
    })
}

/// The choices whose label contains `keyword`, ignoring case and diacritics.
pub fn matching(choices: &[Choice], keyword: &str) -> Vec<Choice> {
    let key = omicall::text::search_key(keyword.trim());
    choices
        .iter()
        .filter(|c| omicall::text::matches(&c.label, &key))
        .cloned()
        .collect()
}

#[component]
pub fn SearchPicker(
    /// The input's id; its list's ids are made from it.
    #[prop(into)]
    id: String,
    /// What the input is called: a message that follows the language switch, or a sentence
    /// made for this one use ("Phím 1 dẫn tới").
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] placeholder: Text,
    /// Loads the choices for a keyword (only in the browser, once the picker is used).
    search: Search,
    on_pick: Callback<Choice>,
    /// Ids not offered (already chosen).
    #[prop(optional, into)]
    exclude: Signal<Vec<String>>,
    #[prop(optional)] described_by: Option<Signal<String>>,
    #[prop(optional)] invalid: Option<Signal<&'static str>>,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // What the last search found (`None` while it runs). A plain signal and a task rather than
    // a resource: the picker needs no suspense, and a resource of its own type added kilobytes
    // to every page with a picker. An answer overtaken by a newer search is dropped.
    let found = RwSignal::new(None::<Result<Vec<Choice>, AppError>>);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let keyword = keyword.get();
        if !open.get() {
            return;
        }
        let this = asked.get_value() + 1;
        asked.set_value(this);
        found.set(None);
        leptos::task::spawn_local(async move {
            let answer = search.run(keyword).await;
            if asked.try_get_value() == Some(this) {
                found.try_set(Some(answer));
            }
        });
    });
    let options = Memo::new(move |_| {
        let excluded = exclude.get();
        match found.get() {
            Some(Ok(list)) => Ok(list
                .into_iter()
                .filter(|c| !excluded.contains(&c.id))
                .collect::<Vec<_>>()),
            Some(Err(error)) => Err(error),
            _ => Ok(Vec::new()),
        }
    });
    let listbox = format!("{id}-options");
    let option_prefix = StoredValue::new(format!("{id}-option-"));
    let option_id = move |i: usize| option_prefix.with_value(|prefix| format!("{prefix}{i}"));
    // The list closes on a pick, so that it does not cover what comes next in the form.
    let pick = move |choice: Choice| {
        on_pick.run(choice);
        open.set(false);
        text.set(String::new());
        keyword.set(String::new());
        active.set(0);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        open.set(true);
        active.set(0);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || keyword.set(value), DEBOUNCE).ok();
        pending.set_value(handle);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = options.with_untracked(|o| o.as_ref().map_or(0, Vec::len));
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                if count > 0 {
                    active.update(|a| *a = (*a + 1).min(count - 1));
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                let choice = options.with_untracked(|o| {
                    o.as_ref()
                        .ok()
                        .and_then(|list| list.get(active.get_untracked()).cloned())
                });
                if let Some(choice) = choice {
                    pick(choice);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let listbox_id = listbox.clone();
    view! {
        <div class="picker">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=listbox.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || open.get().then(|| option_id(active.get()))
                aria-describedby=move || described_by.map(|d| d.get())
                aria-invalid=move || invalid.map(|i| i.get())
                placeholder=tr(placeholder)
                prop:value=move || text.get()
                on:input=on_input
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_keydown
            />
            <Show when=move || open.get()>
                <ul class="picker-options" role="listbox" id=listbox_id.clone() aria-label=label>
                    {move || match options.get() {
                        Err(error) => view! { <li class="picker-empty" role="alert">{error.message(lang.now())}</li> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <li class="picker-empty">{move || if found.get().is_none() { tr(Msg::Loading)() } else { tr(Msg::NoMatch)() }}</li>
                        }.into_any(),
                        Ok(list) => list.into_iter().enumerate().map(|(i, choice)| {
                            let shown = choice.label.clone();
                            view! {
                                <li
                                    role="option"
                                    id=option_id(i)
                                    class:active=move || active.get() == i
                                    aria-selected=move || if active.get() == i { "true" } else { "false" }
                                    // mousedown, not click: it comes before the input's blur closes the list.
                                    on:mousedown=move |ev| { ev.prevent_default(); pick(choice.clone()); }
                                >{shown}</li>
                            }
                        }).collect_view().into_any(),
                    }}
                </ul>
            </Show>
        </div>
    }
}
