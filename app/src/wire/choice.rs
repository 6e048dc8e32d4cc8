//! What a picker offers: the pickers' server functions answer it, and the pages pick from it.

use serde::{Deserialize, Serialize};

/// Something to pick: what is sent (`id`) and what is shown (`label`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

impl Choice {
    /// An extension as a picker offers it: its number and, when known, its holder.
    pub fn extension(id: String, number: &str, holder: Option<&str>) -> Choice {
        let label = match holder.filter(|h| !h.is_empty()) {
            Some(holder) => format!("{number} · {holder}"),
            None => number.to_owned(),
        };
        Choice { id, label }
    }
}
