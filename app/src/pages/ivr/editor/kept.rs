//! The draft kept in this browser as it is edited, so that a reload, a crash or a lost session
//! loses no work. On opening, the editor offers it back: its edits are replayed over what the
//! vendor holds now, and the engine checks the result again like any edit. A save, or dropping
//! the draft, forgets it. Kept per tenant (by a tag the server derives) and per browser only.

use super::state::Editor;
use super::words::subject_key;
use crate::browser_storage;
use crate::i18n::{fill, tr, use_lang, LangNow, MenuMsg};
use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::{NodeId, Op};
use crate::local_time;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What is kept: the edits in order, where the draft's new nodes were, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub edits: Vec<Op>,
    /// Positions of nodes the draft made (saved nodes' positions are kept on the server).
    pub positions: Vec<(NodeKey, Point)>,
    /// Milliseconds since the epoch.
    pub kept_at: i64,
}

fn storage_key(editor: Editor) -> String {
    let tag = editor.data.with_value(|d| d.tenant_tag.clone());
    format!("console.ivr.draft.{tag}")
}

fn now_millis() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    0
}

/// The draft kept by an earlier visit, if there is one with edits.
pub fn read(editor: Editor) -> Option<Kept> {
    let text = browser_storage::read(&storage_key(editor))?;
    serde_json::from_str::<Kept>(&text)
        .ok()
        .filter(|k| !k.edits.is_empty())
}

/// Keeps the draft as it is now (forgets it when nothing is edited).
pub fn keep(editor: Editor) {
    let edits = editor.edits();
    if edits.is_empty() {
        forget(editor);
        return;
    }
    let positions = editor.positions.with_untracked(|p| {
        p.iter()
            .filter(|(key, _)| {
                matches!(
                    key,
                    NodeKey::Menu(NodeId::Draft(_)) | NodeKey::Group(NodeId::Draft(_))
                )
            })
            .map(|(key, at)| (key.clone(), *at))
            .collect()
    });
    let kept = Kept {
        edits,
        positions,
        kept_at: now_millis(),
    };
    if let Ok(text) = serde_json::to_string(&kept) {
        // Storage full or refused: the draft is still in the page, only not kept.
        browser_storage::write(&storage_key(editor), &text);
    }
}

pub fn forget(editor: Editor) {
    browser_storage::remove(&storage_key(editor));
}

/// Replays the kept edits over the flow as loaded; answers how many no longer apply. The node
/// of the last edit that still applies is then selected and in view: the diagram draws what the
/// view shows, and the view the page opened at need not show what the draft changed.
fn restore(editor: Editor, kept: Kept) -> usize {
    let dropped = editor.replay(kept.edits);
    editor.place_missing(&kept.positions);
    let last = editor.edits().iter().rev().find_map(|op| {
        let key = subject_key(&op.subject()?);
        editor
            .positions
            .with_untracked(|p| p.contains_key(&key))
            .then_some(key)
    });
    if let Some(key) = last {
        editor.show(key);
    }
    dropped
}

/// Keeps the draft on every edit and when a move ends, and offers an earlier visit's draft
/// back. Until the admin answers the offer, nothing is written, so the kept draft cannot be
/// overwritten unseen.
#[component]
pub fn KeptDraft(editor: Editor) -> impl IntoView {
    let lang = use_lang();
    let offset = local_time::use_offset();
    let offer = RwSignal::new(None::<Kept>);
    // After a restore: how many edits came back and how many no longer applied.
    let restored = RwSignal::new(None::<(usize, usize)>);
    let looked = StoredValue::new(false);
    // Effects run in the browser only, after hydration: the first run looks for a kept draft.
    Effect::new(move |_| {
        editor.revision.track();
        editor.placed.track();
        if !looked.get_value() {
            looked.set_value(true);
            offer.set(read(editor));
        }
        if offer.with_untracked(Option::is_none) {
            keep(editor);
        }
    });
    let bring_back = move |_| {
        let Some(kept) = offer.get_untracked() else {
            return;
        };
        let total = kept.edits.len();
        offer.set(None);
        let dropped = restore(editor, kept);
        restored.set(Some((total - dropped, dropped)));
    };
    let drop_it = move |_| {
        offer.set(None);
        forget(editor);
        // Whatever was edited meanwhile is kept from now on.
        keep(editor);
    };
    let offer_view = move || {
        offer.with(|k| {
            k.as_ref().map(|k| {
                let lang = lang.now();
                let when = local_time::format(k.kept_at, offset.get());
                let text = fill(
                    MenuMsg::DraftKept.text(lang),
                    &[("n", &k.edits.len()), ("when", &when)],
                );
                view! {
                    <div class="notice notice-warning draft-offer" role="alert">
                        <p>{text}</p>
                        <button type="button" class="button button-primary" on:click=bring_back>{tr(MenuMsg::DraftRestore)}</button>
                        <button type="button" class="button" on:click=drop_it>{tr(MenuMsg::DraftDrop)}</button>
                    </div>
                }
            })
        })
    };
    let restored_view = move || {
        restored.get().map(|(applied, dropped)| {
            let lang = lang.now();
            let mut text = fill(MenuMsg::DraftRestored.text(lang), &[("n", &applied)]);
            if dropped > 0 {
                text.push(' ');
                text.push_str(&fill(MenuMsg::DraftDropped.text(lang), &[("n", &dropped)]));
            }
            view! { <p class="notice" role="status">{text}</p> }
        })
    };
    view! { {offer_view} {restored_view} }
}
