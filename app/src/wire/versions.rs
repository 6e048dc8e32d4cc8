//! Versions of the tenant's flow as they cross the wire: where each came from, its one-line
//! summary, and a page of them for the editor's History panel.

use crate::ivr::version::{Summary, Version};
use serde::{Deserialize, Serialize};

/// How a version came to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The flow as the console first read it: where its history starts.
    FirstSeen,
    /// Saved from the console.
    Console,
    /// Changed outside the console (the vendor's own portal, another tool): noticed on a read.
    Outside,
    /// Saved from the console by restoring version `from`.
    Restored { from: u64 },
}

impl Origin {
    /// How the store keeps it, and the version restored from.
    pub fn stored(&self) -> (&'static str, i64) {
        match self {
            Origin::FirstSeen => ("first-seen", 0),
            Origin::Console => ("console", 0),
            Origin::Outside => ("outside", 0),
            Origin::Restored { from } => ("restored", i64::try_from(*from).unwrap_or(i64::MAX)),
        }
    }

    pub fn read(kind: &str, from: i64) -> Origin {
        match kind {
            "console" => Origin::Console,
            "outside" => Origin::Outside,
            "restored" => Origin::Restored {
                from: u64::try_from(from).unwrap_or_default(),
            },
            _ => Origin::FirstSeen,
        }
    }
}

/// One version as the History panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub seq: u64,
    pub at_ms: i64,
    pub origin: Origin,
    /// Who saved it (empty for one not saved from the console).
    pub person: String,
    /// What differs from the version before.
    pub summary: Summary,
}

/// A page of versions, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionPage {
    pub versions: Vec<VersionInfo>,
    pub page: u32,
    pub size: u32,
    pub total: u64,
}

impl VersionPage {
    pub fn total_pages(&self) -> u32 {
        let size = u64::from(self.size.max(1));
        u32::try_from(self.total.div_ceil(size)).unwrap_or(u32::MAX)
    }
}

/// A version with the flow it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionData {
    pub info: VersionInfo,
    pub version: Version,
}

/// The flow changed outside the console since the version before: said in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// The version that records the change, and when it was noticed.
    pub seq: u64,
    pub at_ms: i64,
    /// When the console last saw the flow as it was before.
    pub since_ms: i64,
    pub summary: Summary,
}
