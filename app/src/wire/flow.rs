//! What the flow editor loads and what a save tells it as it goes. Built on the flow engine's
//! own types (`crate::ivr`), which the browser runs too.

use crate::error::AppError;
use crate::ivr::layout::Layout;
use crate::ivr::rebase::Changed;
use crate::ivr::{Agent, Finding, Flow, IdMap, PlanError, SavePlan};
use omicall::models::{Greeting, IvrMenu, RingGroup};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What the editor loads. Vendor records as the vendor sends them (they hold no secret), the
/// agents behind extensions as numbers and names only (never a SIP password), and the layout.
/// The records are shared by every copy of this and by the flows made of it: a large tenant's
/// are megabytes, and copying them was a good part of the editor's open. Written, they leave out
/// their unset fields (`omicall::wire::leaving_out_unset`): a fifth of a large tenant's load was
/// `null`s, which the server escaped and compressed and the browser parsed on every open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowData {
    #[serde(serialize_with = "without_nulls")]
    pub menus: Vec<Arc<IvrMenu>>,
    #[serde(serialize_with = "without_nulls")]
    pub groups: Vec<Arc<RingGroup>>,
    #[serde(serialize_with = "without_nulls")]
    pub greetings: Vec<Greeting>,
    pub agents: Vec<Agent>,
    pub layout: Layout,
    /// Whether greetings can be played (a recordings source is configured).
    pub can_listen: bool,
    /// Names the tenant for the draft this browser keeps (see `UserSession::browser_tag`).
    pub tenant_tag: String,
    /// The latest version of the flow, when it is a change made outside the console.
    #[serde(default)]
    pub drift: Option<crate::wire::versions::Drift>,
}

// The scope is a thread's, for as long as `serialize` runs: the records are written whole, in one
// synchronous call (the page's resource data and `load_flow`'s answer are both `serde_json`
// strings), so nothing else is written meanwhile.
fn without_nulls<T: Serialize, S: serde::Serializer>(records: &T, s: S) -> Result<S::Ok, S::Error> {
    omicall::wire::leaving_out_unset(|| records.serialize(s))
}

impl FlowData {
    /// The flow, with the menus the admin marked as entries. It shares the vendor records.
    pub fn flow(&self) -> Flow {
        let mut flow = Flow::from_omicall(
            self.menus.clone(),
            self.groups.clone(),
            self.greetings.clone(),
            &self.agents,
        );
        flow.mark_entries(&self.layout.entries);
        flow
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Every step was applied. `created` maps draft numbers to the new menus' ids.
    Saved { plan: SavePlan, created: IdMap },
    /// The steps before `applied` were applied, that one failed (`error`, in the vendor's
    /// words), the rest were not tried. The draft is kept; a retry plans again.
    Partial {
        plan: SavePlan,
        applied: usize,
        error: AppError,
        created: IdMap,
    },
    /// Nothing differs from the vendor's state.
    Unchanged,
    /// Validation found errors; nothing was sent.
    Blocked(Vec<Finding>),
    /// Someone else changed (or deleted) what the draft touches; nothing was sent.
    Changed(Vec<Changed>),
    /// The draft cannot be turned into calls (a value the API requires is missing).
    Unplannable(PlanError),
}

/// What a save tells the editor as it goes: one JSON line each, so that the review shows each
/// step as the vendor takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveEvent {
    /// The calls about to be made.
    Planned(SavePlan),
    /// The first `done` calls are done, having created these drafts.
    Applied { done: usize, created: IdMap },
    /// How the save ended: always the last line.
    Finished(SaveOutcome),
}

impl SaveEvent {
    /// The event as one line of the stream.
    pub fn line(&self) -> String {
        // The events are plain data: serialising them cannot fail.
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }
}
