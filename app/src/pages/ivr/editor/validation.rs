//! The engine's findings on the draft. An edit is checked after the frame that shows it, so that
//! typing, dropping a link or pressing an arrow key draws at once and the problems follow a
//! moment later; several edits before that moment are checked once. A save settles them first.

use super::timing::timed;
use crate::ivr::{validate, Finding, Flow};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Validation {
    findings: RwSignal<Vec<Finding>>,
    /// An edit not checked yet: a run is asked for.
    due: StoredValue<bool>,
}

impl Validation {
    /// The findings on `flow` as loaded, checked at once: the first drawing shows them.
    pub fn new(flow: &Flow) -> Validation {
        Validation {
            findings: RwSignal::new(timed("ivr-validate", || validate(flow))),
            due: StoredValue::new(false),
        }
    }

    /// Checks `flow` again after each change, once the frame that shows the change is drawn.
    pub fn follow(self, flow: RwSignal<Flow>) {
        Effect::watch(
            move || flow.track(),
            move |_, _, _| self.after_frame(flow),
            false,
        );
    }

    pub fn findings(self) -> ReadSignal<Vec<Finding>> {
        self.findings.read_only()
    }

    /// Brings the findings up to date now, for what decides on them (the save).
    pub fn settle(self, flow: RwSignal<Flow>) {
        if self.due.try_get_value() == Some(true) {
            self.run(flow);
        }
    }

    fn after_frame(self, flow: RwSignal<Flow>) {
        if self.due.try_get_value() != Some(false) {
            return;
        }
        self.due.set_value(true);
        #[cfg(feature = "hydrate")]
        // A task queued from the frame's callback runs once that frame is on screen.
        request_animation_frame(move || {
            set_timeout(move || self.run(flow), std::time::Duration::ZERO)
        });
        #[cfg(not(feature = "hydrate"))]
        self.run(flow);
    }

    /// Checks the flow as it is now. The editor may have gone meanwhile: then nothing is left to
    /// tell.
    fn run(self, flow: RwSignal<Flow>) {
        if self.due.try_update_value(|due| *due = false).is_none() {
            return;
        }
        let Some(findings) =
            flow.try_with_untracked(|flow| timed("ivr-validate", || validate(flow)))
        else {
            return;
        };
        self.findings.try_maybe_update(|now| {
            let changed = *now != findings;
            if changed {
                *now = findings;
            }
            (changed, ())
        });
    }
}
