//! A port's target chosen by typing part of its name: the keyboard's way to draw an edge, and
//! the one that still works when a tenant has hundreds of menus and groups.

use super::words::target_words;
use crate::components::{search_among, Choice, SearchPicker};
use crate::i18n::{fill, Lang, MenuMsg};
use crate::ivr::{Flow, NodeId, Target};
use leptos::prelude::*;

/// A target as a choice's id.
pub fn encode(target: Option<&Target>) -> String {
    match target {
        None => String::new(),
        Some(Target::Menu(NodeId::Saved(id))) => format!("ms:{id}"),
        Some(Target::Menu(NodeId::Draft(n))) => format!("md:{n}"),
        Some(Target::Group(NodeId::Saved(id))) => format!("gs:{id}"),
        Some(Target::Group(NodeId::Draft(n))) => format!("gd:{n}"),
        Some(Target::Recording(id)) => format!("r:{id}"),
        Some(Target::VoiceMail(id)) => format!("v:{id}"),
        Some(Target::Unknown { .. }) => "?".to_owned(),
    }
}

pub fn decode(value: &str) -> Option<Target> {
    let (kind, id) = value.split_once(':')?;
    Some(match kind {
        "ms" => Target::Menu(NodeId::Saved(id.to_owned())),
        "md" => Target::Menu(NodeId::Draft(id.parse().ok()?)),
        "gs" => Target::Group(NodeId::Saved(id.to_owned())),
        "gd" => Target::Group(NodeId::Draft(id.parse().ok()?)),
        "r" => Target::Recording(id.to_owned()),
        "v" => Target::VoiceMail(id.to_owned()),
        _ => return None,
    })
}

/// Every menu and group of `flow`, and its recordings where a port may play one, in the words
/// the diagram's labels use ("nhóm Kinh doanh").
pub fn choices(flow: &Flow, recordings: bool, lang: Lang) -> Vec<Choice> {
    let menus = flow.menus().map(|m| Target::Menu(m.id.clone()));
    let groups = flow.groups().map(|g| Target::Group(g.id.clone()));
    let recs = flow
        .recordings()
        .filter(|_| recordings)
        .map(|r| Target::Recording(r.id().to_owned()));
    menus
        .chain(groups)
        .chain(recs)
        .map(|target| Choice {
            id: encode(Some(&target)),
            label: target_words(flow, Some(&target), lang),
        })
        .collect()
}

/// One port's field: where it leads now, a button that clears it (where the port may lead
/// nowhere), and a search picker for a new target. `id` is the picker's input, which the
/// diagram focuses when a port is activated.
#[component]
pub fn TargetField(
    id: String,
    label: String,
    current: Option<Target>,
    choices: std::sync::Arc<[Choice]>,
    /// Shown when the port may be cleared: the clear button's label.
    #[prop(optional)]
    clear: Option<String>,
    on_set: Callback<Option<Target>>,
    lang: Lang,
    /// The words of what is chosen now.
    #[prop(into)]
    now: Signal<String>,
) -> impl IntoView {
    let exclude = Signal::stored(vec![encode(current.as_ref())]);
    let search = search_among(choices);
    let clear_button = clear.filter(|_| current.is_some()).map(|clear| {
        view! {
            <button type="button" class="button button-small" aria-label=clear.clone() title=clear
                on:click=move |_| on_set.run(None)>"×"</button>
        }
    });
    let now = move || fill(MenuMsg::TargetNow.text(lang), &[("target", &now.get())]);
    view! {
        <div class="field target-field">
            <SearchPicker
                id=id
                label=label
                placeholder=MenuMsg::TargetSearch
                search
                on_pick=Callback::new(move |choice: Choice| on_set.run(decode(&choice.id)))
                exclude
            />
            <div class="chosen-row">
                // Said again when it changes, so that a pick made from the keyboard is confirmed aloud.
                <p class="chosen" aria-live="polite">{now}</p>
                {clear_button}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::matching;
    use crate::ivr::fixture;

    #[test]
    fn targets_are_found_by_part_of_their_name_without_accents_and_round_trip() {
        let flow = fixture::tenant();
        let all = choices(&flow, true, Lang::Vi);
        assert!(
            all.iter().any(|c| c.label.starts_with("lời chào")),
            "{all:?}"
        );
        let without = choices(&flow, false, Lang::Vi);
        assert!(!without.iter().any(|c| c.label.starts_with("lời chào")));
        let group = flow.groups().next().expect("a group");
        let folded = omicall::text::search_key(&group.name);
        let found = matching(&all, &folded.to_uppercase());
        let wanted = encode(Some(&Target::Group(group.id.clone())));
        assert!(found.iter().any(|c| c.id == wanted), "{found:?}");
        assert!(found.len() < all.len());
        for choice in &all {
            assert_eq!(encode(decode(&choice.id).as_ref()), choice.id);
        }
        assert_eq!(
            decode(&encode(Some(&Target::Menu(NodeId::Draft(3))))),
            Some(Target::Menu(NodeId::Draft(3)))
        );
    }
}
