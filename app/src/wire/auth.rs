//! What the session answers about who is logged in, and the API key as the login form posts it.

use serde::{Deserialize, Serialize};

/// What the UI shows about the tenant logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantView {
    /// The PBX domain when the call-center names one, else the access type.
    pub label: String,
    /// The name the person logging in gave: the vendor's key belongs to the tenant, not to a
    /// person, so this is what the console records with each change. Empty for a session opened
    /// before the console asked for it.
    #[serde(default)]
    pub person: String,
}

/// What the login page offers before anyone logs in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginDefaults {
    /// The demo API key while the built-in simulator stands in for the vendor.
    pub demo_api_key: Option<String>,
    /// The name this browser logged in with last time.
    pub person: String,
}

/// The longest name a person may give at login, in characters.
pub const PERSON_MAX_CHARS: usize = 80;

/// The name a person typed at login, as it is kept: spaces trimmed and runs of them made one.
/// `None` when it is empty, longer than [`PERSON_MAX_CHARS`] or holds control characters.
pub fn person_name(typed: &str) -> Option<String> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let fits = !name.is_empty() && name.chars().count() <= PERSON_MAX_CHARS;
    (fits && !name.chars().any(char::is_control)).then_some(name)
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
    fn a_name_is_kept_trimmed_and_refused_when_empty_too_long_or_odd() {
        assert_eq!(
            person_name("  Nguyễn   Thị\tLan "),
            Some("Nguyễn Thị Lan".to_owned())
        );
        assert_eq!(person_name(" \n "), None);
        assert_eq!(person_name(&"a".repeat(PERSON_MAX_CHARS + 1)), None);
        assert!(person_name(&"ễ".repeat(PERSON_MAX_CHARS)).is_some());
        assert_eq!(person_name("Lan\u{7}"), None);
    }

    #[test]
    fn typed_secrets_do_not_show_in_debug_output() {
        assert!(!format!("{:?}", SecretText("demo-key".into())).contains("demo-key"));
    }
}
