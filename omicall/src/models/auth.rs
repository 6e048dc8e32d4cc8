use crate::secret::AccessToken;
use serde::Deserialize;

/// The answer to `GET /api/auth`: a bearer token valid for 24 hours.
///
/// Deliberately not `Serialize`: the token must only travel to the session store on purpose.
#[derive(Debug, Clone, Deserialize)]
pub struct AuthGrant {
    pub access_token: AccessToken,
    /// `"normal"` or `"bussiness"` (sic).
    #[serde(default, deserialize_with = "crate::wire::opt_string")]
    pub access_type: Option<String>,
    #[serde(default, deserialize_with = "crate::wire::opt_string")]
    pub token_type: Option<String>,
}
