//! The editor's side panels that are opened on request: the outline, the caller panel and
//! the flow's history.

use super::state::Editor;
use super::{caller, history, outline};
use crate::components::fetched_on_demand;
use crate::ivr::layout::NodeKey;
use leptos::prelude::*;

/// Which side panel to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePanel {
    Outline,
    Caller,
    History,
}

fetched_on_demand! {
    editor_side_panel:
    /// A side panel, fetched the first time either is opened. One chunk for all of them (and the
    /// review, `review::review_dialog`) rather than one each: the split build gives every set of
    /// split functions that shares some code a file of its own, and a second one here split the
    /// chunks other pages load into more small files.
    pub fn side_panel(
        which: SidePanel,
        editor: Editor,
        open: RwSignal<bool>,
        on_show: Callback<NodeKey>,
    ) -> AnyView {
        match which {
            SidePanel::Outline => outline::outline_panel(editor, open, on_show),
            SidePanel::Caller => caller::caller_panel(editor, open),
            SidePanel::History => history::history_panel(editor, open, on_show),
        }
    }
}
