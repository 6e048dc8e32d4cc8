//! Running a save plan against the upstream, whatever carries the calls.
//!
//! Execution stops at the first failure and reports what was applied and what was not, with the
//! ids of the menus and groups it created: the UI shows the true state, and planning again from the
//! upstream's actual state (and [`Flow::with_saved_ids`](super::model::Flow::with_saved_ids))
//! finishes the job.

use super::model::{IdMap, NodeId};
use super::plan::{Link, SavePlan, Slot, Step};
use omicall::models::{IvrMenu, RingGroup};
use omicall::requests::{IvrMenuInput, RingGroupInput};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;

/// The calls a save makes. The server implements it over the `omicall` client; tests run plans
/// against the simulator's rules with [`execute_now`]. Futures must be `Send` so that a server
/// function can hold them across awaits.
pub trait Upstream {
    type Error;

    /// `key-interaction/add`.
    fn create_menu(
        &mut self,
        input: &IvrMenuInput,
    ) -> impl Future<Output = Result<IvrMenu, Self::Error>> + Send;

    /// `key-interaction/update/:id`.
    fn update_menu(
        &mut self,
        id: &str,
        input: &IvrMenuInput,
    ) -> impl Future<Output = Result<IvrMenu, Self::Error>> + Send;

    /// `key-interaction/delete/:id`.
    fn delete_menu(&mut self, id: &str) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// `internal_group/add`.
    fn create_group(
        &mut self,
        input: &RingGroupInput,
    ) -> impl Future<Output = Result<RingGroup, Self::Error>> + Send;

    /// `internal_group/update/:id`.
    fn update_group(
        &mut self,
        id: &str,
        input: &RingGroupInput,
    ) -> impl Future<Output = Result<RingGroup, Self::Error>> + Send;

    /// `internal_group/delete/:id`.
    fn delete_group(&mut self, id: &str) -> impl Future<Output = Result<(), Self::Error>> + Send;
}

/// A step with its draft references resolved to upstream ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    CreateMenu { input: IvrMenuInput },
    UpdateMenu { id: String, input: IvrMenuInput },
    DeleteMenu { id: String },
    CreateGroup { input: RingGroupInput },
    UpdateGroup { id: String, input: RingGroupInput },
    DeleteGroup { id: String },
}

/// What the upstream answered to a [`Call`].
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Menu(IvrMenu),
    Group(RingGroup),
    Deleted,
}

/// Why a step failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError<E> {
    Upstream(E),
    /// The step leads to a draft no earlier step created (a plan not made by [`super::plan::plan`]).
    UnknownDraft(u32),
    /// The upstream answered with something other than what the call returns.
    UnexpectedAnswer,
}

impl<E: fmt::Display> fmt::Display for StepError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::Upstream(e) => e.fmt(f),
            StepError::UnknownDraft(d) => write!(f, "draft {d} was not created"),
            StepError::UnexpectedAnswer => f.write_str("unexpected answer from the upstream"),
        }
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionReport<E> {
    pub applied: Vec<Step>,
    pub failed: Option<(Step, StepError<E>)>,
    pub not_applied: Vec<Step>,
    /// Upstream ids of the drafts created.
    pub id_map: IdMap,
}

impl<E> ExecutionReport<E> {
    /// Whether every step was applied.
    pub fn is_complete(&self) -> bool {
        self.failed.is_none() && self.not_applied.is_empty()
    }
}

/// Runs the plan's steps in order, stopping at the first failure. After each step `applied`
/// hears how many are done and the ids of the drafts created so far, so the editor can show
/// the save as it goes (and keep the ids should the answer be cut off).
pub async fn execute<U: Upstream>(
    plan: &SavePlan,
    upstream: &mut U,
    mut applied: impl FnMut(usize, &IdMap) + Send,
) -> ExecutionReport<U::Error> {
    let mut run = Run::new(plan);
    while let Some((step, call)) = run.next() {
        let call = match call {
            Ok(call) => call,
            Err(draft) => return run.fail(step, StepError::UnknownDraft(draft)),
        };
        let answer = match call {
            Call::CreateMenu { input } => upstream.create_menu(&input).await.map(Answer::Menu),
            Call::UpdateMenu { id, input } => {
                upstream.update_menu(&id, &input).await.map(Answer::Menu)
            }
            Call::DeleteMenu { id } => upstream.delete_menu(&id).await.map(|()| Answer::Deleted),
            Call::CreateGroup { input } => upstream.create_group(&input).await.map(Answer::Group),
            Call::UpdateGroup { id, input } => {
                upstream.update_group(&id, &input).await.map(Answer::Group)
            }
            Call::DeleteGroup { id } => upstream.delete_group(&id).await.map(|()| Answer::Deleted),
        };
        if let Err(e) = run.record(&step, answer) {
            return run.fail(step, e);
        }
        run.applied.push(step);
        applied(run.applied.len(), &run.id_map);
    }
    run.finish(None)
}

/// [`execute`] for an upstream that answers at once (a simulator, a preview).
pub fn execute_now<E>(
    plan: &SavePlan,
    mut call: impl FnMut(Call) -> Result<Answer, E>,
) -> ExecutionReport<E> {
    let mut run = Run::new(plan);
    while let Some((step, next)) = run.next() {
        let answer = match next {
            Ok(next) => call(next),
            Err(draft) => return run.fail(step, StepError::UnknownDraft(draft)),
        };
        if let Err(e) = run.record(&step, answer) {
            return run.fail(step, e);
        }
        run.applied.push(step);
    }
    run.finish(None)
}

/// The bookkeeping both drivers share.
struct Run {
    pending: VecDeque<Step>,
    applied: Vec<Step>,
    id_map: IdMap,
}

impl Run {
    fn new(plan: &SavePlan) -> Self {
        Run {
            pending: plan.steps.iter().cloned().collect(),
            applied: Vec::new(),
            id_map: IdMap::new(),
        }
    }

    /// The next step and its call, or the draft it leads to that has no id.
    fn next(&mut self) -> Option<(Step, Result<Call, u32>)> {
        let step = self.pending.pop_front()?;
        let call = self.call(&step);
        Some((step, call))
    }

    fn id_of(&self, draft: u32) -> Result<String, u32> {
        self.id_map.get(&draft).cloned().ok_or(draft)
    }

    /// The vendor id of a node: its own, or the one its draft was created under.
    fn node_id(&self, node: &NodeId) -> Result<String, u32> {
        match node {
            NodeId::Saved(id) => Ok(id.clone()),
            NodeId::Draft(d) => self.id_of(*d),
        }
    }

    fn call(&self, step: &Step) -> Result<Call, u32> {
        Ok(match step {
            Step::CreateMenu { input, links, .. } => Call::CreateMenu {
                input: self.menu_input(input, links)?,
            },
            Step::UpdateMenu { menu, input, links } => Call::UpdateMenu {
                id: self.node_id(menu)?,
                input: self.menu_input(input, links)?,
            },
            Step::DeleteMenu { id } => Call::DeleteMenu { id: id.clone() },
            Step::CreateGroup { input, links, .. } => Call::CreateGroup {
                input: self.group_input(input, links)?,
            },
            Step::UpdateGroup {
                group,
                input,
                links,
            } => Call::UpdateGroup {
                id: self.node_id(group)?,
                input: self.group_input(input, links)?,
            },
            Step::DeleteGroup { id } => Call::DeleteGroup { id: id.clone() },
        })
    }

    fn group_input(&self, input: &RingGroupInput, links: &[Link]) -> Result<RingGroupInput, u32> {
        let mut input = input.clone();
        for link in links {
            if link.slot == Slot::OnTimeout {
                input.target_timeout = Some(self.id_of(link.draft)?);
            }
        }
        Ok(input)
    }

    fn menu_input(&self, input: &IvrMenuInput, links: &[Link]) -> Result<IvrMenuInput, u32> {
        let mut input = input.clone();
        for link in links {
            let id = self.id_of(link.draft)?;
            match link.slot {
                Slot::Script(i) => {
                    if let Some(script) = input.scripts.get_mut(i) {
                        script.action = Some(id);
                    }
                }
                Slot::Fallback => input.action = Some(id),
                Slot::OnTimeout => {}
            }
        }
        Ok(input)
    }

    /// Checks the answer to `step`, noting the id of a created draft.
    fn record<E>(&mut self, step: &Step, answer: Result<Answer, E>) -> Result<(), StepError<E>> {
        let answer = answer.map_err(StepError::Upstream)?;
        match (step, &answer) {
            (Step::CreateMenu { draft, .. }, Answer::Menu(menu)) if !menu.id.is_empty() => {
                self.id_map.insert(*draft, menu.id.clone());
                Ok(())
            }
            (Step::CreateGroup { draft, .. }, Answer::Group(group)) if !group.id.is_empty() => {
                self.id_map.insert(*draft, group.id.clone());
                Ok(())
            }
            (Step::UpdateMenu { .. }, Answer::Menu(_))
            | (Step::UpdateGroup { .. }, Answer::Group(_))
            | (Step::DeleteMenu { .. } | Step::DeleteGroup { .. }, Answer::Deleted) => Ok(()),
            _ => Err(StepError::UnexpectedAnswer),
        }
    }

    fn fail<E>(self, step: Step, error: StepError<E>) -> ExecutionReport<E> {
        self.finish(Some((step, error)))
    }

    fn finish<E>(self, failed: Option<(Step, StepError<E>)>) -> ExecutionReport<E> {
        ExecutionReport {
            applied: self.applied,
            failed,
            not_applied: self.pending.into(),
            id_map: self.id_map,
        }
    }
}
