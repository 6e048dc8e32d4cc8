//! What the session answers about who is logged in, and the API key as the login form posts it.

use serde::{Deserialize, Serialize};

/// What the UI shows about the tenant logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantView {
    /// The PBX domain when the call-center names one, else the access type.
    pub label: String,
}

/// Text typed into a password field: `Debug` never shows it.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct SecretText(pub String);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_secrets_do_not_show_in_debug_output() {
        assert!(!format!("{:?}", SecretText("demo-key".into())).contains("demo-key"));
    }
}
