//! What a picker offers: the pickers' server functions answer it, and the pages pick from it.

use serde::{Deserialize, Serialize};

/// Something to pick: what is sent (`id`) and what is shown (`label`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}
