//! Greetings as the pages get them, and what an upload answers.

use crate::error::AppError;
use crate::wire::list::PageView;
use omicall::Voice;
use serde::{Deserialize, Serialize};

/// Whether and where a greeting can be listened to in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Listen {
    /// The console's own audio URL.
    At(String),
    /// The server knows no address for the vendor's recordings.
    NoSource,
    /// The vendor named no recording file.
    NoFile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingRow {
    pub id: String,
    pub name: String,
    /// Made by text-to-speech (else uploaded).
    pub tts: bool,
    /// The text read, for text-to-speech.
    pub content: Option<String>,
    pub voice: Option<Voice>,
    pub speed: Option<i64>,
    /// Milliseconds since the epoch.
    pub created: Option<i64>,
    pub updated: Option<i64>,
    pub listen: Listen,
}

/// A page of the greeting list, and how much of the tenant's list could be searched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingList {
    pub page: PageView<GreetingRow>,
    /// How many greetings the vendor holds, and how many were read (fewer when too many).
    pub total: i64,
    pub loaded: i64,
    pub complete: bool,
}

/// What an upload stored, with what reading its frames found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadDone {
    pub greeting: GreetingRow,
    pub duration_ms: u64,
    pub bitrate_kbps: u32,
}

/// The answer to the plain (no JavaScript) upload form, kept in the session for the page the
/// browser is sent back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadResult {
    Done(UploadDone),
    /// Nothing was stored; `name` is what was typed, to fill the form again.
    Failed {
        error: AppError,
        name: String,
    },
}
