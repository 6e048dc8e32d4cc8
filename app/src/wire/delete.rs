//! What deleting a greeting, group or menu answers: shared by the three areas, so it lives apart.

/// What a delete did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DeleteOutcome {
    Deleted,
    /// Something still leads there; nothing was deleted.
    InUse(Vec<omicall::rules::Usage>),
}
