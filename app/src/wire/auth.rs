//! What the session answers about who is logged in.

use serde::{Deserialize, Serialize};

/// What the UI shows about the tenant logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantView {
    /// The PBX domain when the call-center names one, else the access type.
    pub label: String,
}
