//! A ring group's target as the pages get it.

use omicall::ActionType;
use serde::{Deserialize, Serialize};

/// Where a group's unanswered calls go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetView {
    pub kind: ActionType,
    pub id: String,
    /// The target's name, when it could be found.
    pub name: Option<String>,
}
