//! Extensions and their hotlines as the pages get them: a view of the vendor's data without the
//! SIP password, which comes only on request.

use crate::wire::list::PageView;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRow {
    pub sip_user: String,
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub public_number: Option<String>,
    /// Milliseconds since the epoch.
    pub last_updated: Option<i64>,
    /// Only when the call-center reports it; never guessed.
    pub enabled: Option<bool>,
}

/// A page of the extension list.
pub type ExtensionPage = PageView<ExtensionRow>;

/// What a status change did, so the page can say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub sip_user: String,
    pub enabled: bool,
}

/// The SIP account as shown before the admin asks for the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SipAccountView {
    pub display_name: Option<String>,
    pub sip_user: Option<String>,
    pub realm: Option<String>,
    pub web_socket_server: Option<String>,
    pub proxy: Option<String>,
    pub proxy_port: Option<String>,
    pub transports: Vec<String>,
    pub stun_servers: Vec<String>,
    pub use_opus: Option<bool>,
    pub opus_quality: Option<i64>,
    pub has_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionDetailView {
    pub extension: Option<String>,
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub third_party_id: Option<String>,
    pub account: Option<SipAccountView>,
}

/// The hotlines an extension may call out on, and every hotline that could be assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotlinesView {
    pub outbound: Vec<String>,
    pub all: Vec<String>,
}
