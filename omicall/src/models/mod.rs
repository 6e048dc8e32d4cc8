//! What the API answers with, one module per area. Every field the reference shows is here; fields
//! it shows as sometimes-`null` are `Option`, and unknown fields are ignored.

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
    pub id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub name: Option<String>,
}
