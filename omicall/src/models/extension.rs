use crate::wire;
use serde::{Deserialize, Serialize};

/// One row of `internal_phone/list`: an extension ("số nội bộ") and its SIP login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub outbound_proxy: Option<String>,
    #[serde(deserialize_with = "wire::string")]
    pub sip_user: String,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub password: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub full_name: Option<String>,
    /// The staff member's id; ring group members refer to extensions by it.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub public_number: Option<String>,
    /// Milliseconds since the epoch.
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub last_updated_date: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub created_date: Option<i64>,
    /// Not in the reference's list; kept only when an answer carries it, never invented.
    #[serde(
        default,
        deserialize_with = "wire::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled: Option<bool>,
}

/// The answer to `extensions/detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionDetail {
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub extension: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub full_name: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub mail: Option<String>,
    #[serde(default)]
    pub pbx_account: Option<PbxAccount>,
    /// The third-party user name.
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub uuid: Option<String>,
}

/// The SIP account of an extension, as a softphone needs it.
///
/// It holds the SIP password, yet derives `Serialize`: the simulator answers with this model, as
/// the vendor does. The console never sends it to the browser: its server functions map it to a
/// view that says only whether a password exists, and the password leaves the server only when
/// the admin asks for it. `Debug` hides the password, so it cannot reach a log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbxAccount {
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub sip_user: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub sip_password: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub sip_web_socket_server: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub sip_realm: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    pub sip_proxy: Option<String>,
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub sip_proxy_port: Option<String>,
    #[serde(default, deserialize_with = "wire::list")]
    pub stun_servers: Vec<String>,
    #[serde(default, deserialize_with = "wire::list")]
    pub transport: Vec<String>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    pub use_opus: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    pub opus_quality: Option<i64>,
}

impl std::fmt::Debug for PbxAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PbxAccount")
            .field("display_name", &self.display_name)
            .field("sip_user", &self.sip_user)
            .field(
                "sip_password",
                &self.sip_password.as_ref().map(|_| "(redacted)"),
            )
            .field("sip_web_socket_server", &self.sip_web_socket_server)
            .field("sip_realm", &self.sip_realm)
            .finish_non_exhaustive()
    }
}
