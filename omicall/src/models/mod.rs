//! What the API answers with, one module per area. Every field the reference shows is here; fields
//! it shows as sometimes-`null` are `Option`, and unknown fields are ignored.
//!
//! Written by the console for its own use, a record can leave out the fields that have no value
//! rather than write `null` ([`crate::wire::leaving_out_unset`]): every `Option` here reads an
//! absent field as it reads `null` (`default`). The editor's load does, since the scale tenant's
//! flow carried 34,000 nulls, a fifth of its bytes. Written otherwise (the simulator's answers),
//! a record has the vendor's shape: every field, `null` where unset.

mod auth;
mod extension;
mod greeting;
mod group;
mod ivr;

pub use auth::AuthGrant;
pub use extension::{Extension, ExtensionDetail, PbxAccount};
pub use greeting::{Greeting, GreetingFile, FORMALITY_TTS, FORMALITY_UPLOAD};
pub use group::{GroupMember, RingGroup};
pub use ivr::{IvrMenu, KeyEntry};

use crate::wire;
use serde::{Deserialize, Serialize};

/// Who created or last changed a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub name: Option<String>,
}
