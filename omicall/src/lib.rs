//! The OMICall call-center configuration API, typed.
//!
//! This crate is the only code in the project that knows the API's URLs and JSON shapes. The models,
//! requests and errors build everywhere (the browser shows them); the HTTP [`Client`] sits behind
//! the `client` feature.

mod answer;
pub mod audio;
mod enums;
mod envelope;
mod error;
mod latin;
pub mod models;
pub mod requests;
pub mod rules;
mod secret;
pub mod text;
pub mod wire;

#[cfg(feature = "client")]
mod client;

pub use answer::read_answer;
pub use enums::{ActionType, Direction, LookupType, Strategy, Voice};
pub use envelope::{Envelope, Page, STATUS_FAILED, STATUS_OK};
pub use error::{AuthFailure, Error, MSG_API_KEY_INVALID, MSG_API_KEY_REQUIRED};
pub use requests::{Problem, RequestError, Validate};
pub use secret::{AccessToken, ApiKey};

#[cfg(feature = "client")]
pub use client::{Client, ClientBuildError, ClientConfig, DEFAULT_MAX_ANSWER_BYTES};

/// Paths of the endpoints, relative to the base URL. Shared with the simulator so both sides name
/// each endpoint once.
pub mod paths {
    pub const AUTH: &str = "/api/auth";
    pub const PREFIX: &str = "/api/call_center";
    pub const EXTENSIONS: &str = "internal_phone/list";
    pub const EXTENSION_STATUS: &str = "internal_phone/status";
    pub const EXTENSION_DETAIL: &str = "extensions/detail";
    pub const HOTLINES: &str = "hotline/list";
    pub const HOTLINE_ASSIGN: &str = "hotline/extension/update";
    pub const GROUPS: &str = "internal_group/list";
    pub const GROUP_ADD: &str = "internal_group/add";
    pub const GROUP_UPDATE: &str = "internal_group/update";
    pub const GROUP_ADD_MEMBERS: &str = "internal_group/add-members";
    pub const GROUP_REMOVE_MEMBERS: &str = "internal_group/remove-members";
    pub const GROUP_DELETE: &str = "internal_group/delete";
    pub const MENUS: &str = "key-interaction/list";
    pub const MENU_ADD: &str = "key-interaction/add";
    pub const MENU_UPDATE: &str = "key-interaction/update";
    pub const MENU_DELETE: &str = "key-interaction/delete";
    pub const GREETINGS: &str = "greeting/list";
    pub const GREETING_UPLOAD: &str = "greeting/upload";
    pub const GREETING_TTS: &str = "greeting/upload-text-to-speech";
    pub const GREETING_DELETE: &str = "greeting/delete";
    /// Not in the vendor's reference: where the simulator serves a greeting's mp3 for previews.
    pub const GREETING_AUDIO: &str = "greeting/audio";
}
