//! The IVR flow engine: a tenant's call flow as a graph, edits with undo, validation, the save
//! plan and its execution, and a caller simulation.
//!
//! Pure Rust with no IO, clock or randomness: the editor runs it in the browser on every edit,
//! the server runs it again before saving and executes the plan over its HTTP client.
//!
//! ```text
//! loaded = Flow::from_omicall(menus, groups, greetings, &agents)
//! edited = loaded.clone(); history.apply(&mut edited, Op::…)
//! validate(&edited)                 -> findings (errors block saving)
//! plan(&loaded, &edited)            -> SavePlan (ordered API calls)
//! execute(&plan, &mut upstream)     -> ExecutionReport (applied / failed / not applied, id map)
//! simulate(&edited, &entry, &events) -> Trace
//! ```

// The simulator's upstream (`tests/support/on_sim.rs`) names the engine as the property tests
// do; compiled into the unit tests too, it needs the crate under that name.
#[cfg(test)]
extern crate self as ivr;

pub mod execute;
pub mod keys;
pub mod layout;
pub mod model;
pub mod ops;
pub mod plan;
pub mod rebase;
pub mod simulate;
pub mod validate;
pub mod version;

/// Small flows for tests, here and in the app's (the `fixture` feature).
#[cfg(any(test, feature = "fixture"))]
pub mod fixture;
#[cfg(test)]
#[path = "../tests/support/on_sim.rs"]
pub(crate) mod on_sim;

pub use execute::{execute, execute_now, Answer, Call, ExecutionReport, StepError, Upstream};
pub use keys::{KeySet, KEYPAD};
pub use model::{
    Agent, Field, Flow, FlowContent, Group, GroupContent, IdMap, KeyBinding, Member, Menu,
    MenuContent, NodeId, Recording, Records, Reference, Subject, Target,
};
pub use ops::{apply, Applied, Effects, History, Op, OpError, Snapshot};
pub use plan::{plan, Link, PlanError, SavePlan, Slot, Step};
pub use simulate::{
    every_key, simulate, worst_case_ringing, CallerEvent, End, FallbackReason, KeyTest, Press,
    Sound, Trace, TraceEvent,
};
pub use validate::{has_errors, validate, Finding, Rule, Severity, Validator};
pub use version::{diff, patch, restore, Diff, Restore, Summary, Version};
