//! A list whose order matters (ringing order, say): reordered by dragging or, from the
//! keyboard, by the move up / move down buttons each item has; every move is announced.

use super::Choice;
use crate::i18n::{fill, tr, use_lang, LangNow, Msg, Text};
use leptos::prelude::*;

fn moved(items: &mut Vec<Choice>, from: usize, to: usize) -> bool {
    if from == to || from >= items.len() || to >= items.len() {
        return false;
    }
    let item = items.remove(from);
    items.insert(to, item);
    true
}

#[component]
pub fn OrderedList(
    items: RwSignal<Vec<Choice>>,
    #[prop(into)] label: Text,
    #[prop(into)] empty: Text,
) -> impl IntoView {
    let lang = use_lang();
    let dragging = RwSignal::new(None::<usize>);
    let announcement = RwSignal::new(String::new());
    let move_item = move |from: usize, to: usize| {
        let mut name = None;
        items.update(|list| {
            if moved(list, from, to) {
                name = list.get(to).map(|c| c.label.clone());
            }
        });
        if let Some(name) = name {
            let position = to + 1;
            announcement.set(fill(
                Msg::MovedTo.text(lang.get_untracked()),
                &[("item", &name), ("position", &position)],
            ));
        }
    };
    let say = move |msg: Msg, item: &str| fill(msg.text(lang.now()), &[("item", &item)]);
    view! {
        <Show
            when=move || !items.read().is_empty()
            fallback=move || view! { <p class="empty">{tr(empty)}</p> }
        >
            <ol class="ordered-list" aria-label=tr(label)>
                {move || {
                    let list = items.get();
                    let last = list.len().saturating_sub(1);
                    list.into_iter().enumerate().map(|(i, item)| {
                        let name = item.label.clone();
                        let (up, down, remove) = (name.clone(), name.clone(), name.clone());
                        view! {
                            <li
                                draggable="true"
                                class:dragging=move || dragging.get() == Some(i)
                                on:dragstart=move |_| dragging.set(Some(i))
                                on:dragend=move |_| dragging.set(None)
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(from) = dragging.get_untracked() {
                                        move_item(from, i);
                                    }
                                    dragging.set(None);
                                }
                            >
                                <span class="drag-handle" aria-hidden="true">"⠿"</span>
                                <span class="ordered-label">{name}</span>
                                <button type="button" class="button-small" disabled=i == 0
                                    aria-label=move || say(Msg::MoveUp, &up)
                                    on:click=move |_| move_item(i, i.saturating_sub(1))>"↑"</button>
                                <button type="button" class="button-small" disabled=i == last
                                    aria-label=move || say(Msg::MoveDown, &down)
                                    on:click=move |_| move_item(i, i + 1)>"↓"</button>
                                <button type="button" class="button-small"
                                    aria-label=move || say(Msg::RemoveItem, &remove)
                                    on:click=move |_| items.update(|l| { if i < l.len() { l.remove(i); } })>"✕"</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
        </Show>
        <p class="visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[Choice]) -> Vec<&str> {
        list.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn an_item_moves_to_the_place_it_is_dropped_on() {
        let mut list: Vec<Choice> = ["a", "b", "c"]
            .iter()
            .map(|s| Choice {
                id: (*s).into(),
                label: (*s).into(),
            })
            .collect();
        assert!(moved(&mut list, 2, 0));
        assert_eq!(names(&list), ["c", "a", "b"]);
        assert!(moved(&mut list, 0, 1));
        assert_eq!(names(&list), ["a", "c", "b"]);
        assert!(!moved(&mut list, 1, 1));
        assert!(!moved(&mut list, 0, 3));
    }
}
