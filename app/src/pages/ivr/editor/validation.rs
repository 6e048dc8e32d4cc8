//! The engine's findings on the draft. An edit is checked after the frame that shows it, so that
//! typing, dropping a link or pressing an arrow key draws at once and the problems follow a
//! moment later; several edits before that moment are checked once. A save settles them first.
//! The engine's `Validator` is kept between checks: it checks again only what an edit changed.

use super::timing::timed;
use crate::ivr::{Finding, Flow, Validator};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Validation {
    flow: RwSignal<Flow>,
    validator: StoredValue<Validator>,
    findings: RwSignal<Vec<Finding>>,
    /// An edit not checked yet: a run is asked for.
    due: StoredValue<bool>,
}

impl Validation {
    /// Findings on `flow` from now on: as loaded at once (the first drawing shows them), then
    /// after each change, once the frame that shows the change is drawn.
    pub fn new(flow: RwSignal<Flow>) -> Validation {
        let mut validator = Validator::new();
        let first = flow.with_untracked(|flow| timed("ivr-validate", || validator.check(flow)));
        let validation = Validation {
            flow,
            validator: StoredValue::new(validator),
            findings: RwSignal::new(first),
            due: StoredValue::new(false),
        };
        Effect::watch(
            move || flow.track(),
            move |_, _, _| validation.after_frame(),
            false,
        );
        validation
    }

    pub fn findings(self) -> ReadSignal<Vec<Finding>> {
        self.findings.read_only()
    }

    /// Brings the findings up to date now, for what decides on them (the save). Whatever was
    /// or was not asked for: an edit made in the same task as the click has not asked yet (its
    /// watch runs later), and a check of an unchanged flow costs little.
    pub fn settle(self) {
        // `None`: set, so the editor is still here.
        if self.due.try_set_value(true).is_none() {
            self.run();
        }
    }

    fn after_frame(self) {
        if self.due.try_get_value() != Some(false) {
            return;
        }
        self.due.set_value(true);
        #[cfg(feature = "hydrate")]
        // A task queued from the frame's callback runs once that frame is on screen.
        request_animation_frame(move || set_timeout(move || self.run(), std::time::Duration::ZERO));
        #[cfg(not(feature = "hydrate"))]
        self.run();
    }

    /// Checks the flow as it is now. The editor may have gone meanwhile: then nothing is left to
    /// tell.
    fn run(self) {
        if self.due.try_update_value(std::mem::take) != Some(true) {
            return;
        }
        let findings = self.flow.try_with_untracked(|flow| {
            self.validator
                .try_update_value(|validator| timed("ivr-validate", || validator.check(flow)))
        });
        let Some(Some(findings)) = findings else {
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
