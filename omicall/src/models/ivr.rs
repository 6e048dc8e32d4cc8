use super::Actor;
use crate::enums::{action_type_or_empty, ActionType};
use crate::wire;
use serde::{Deserialize, Serialize};

/// An IVR menu ("kịch bản bấm phím"), as `key-interaction/list`, `/add` and `/update` answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IvrMenu {
    #[serde(rename = "_id", deserialize_with = "wire::string")]
    pub id: String,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub tenant_id: Option<String>,
    /// Unique within a tenant.
    #[serde(default, deserialize_with = "wire::string")]
    pub script_name: String,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub script_name_unsigned: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub script_number: Option<String>,
    /// The greeting played when the menu starts.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub greeting_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub greeting_name: Option<String>,
    /// The shorter greeting played when the caller comes back to the menu.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub greeting_short_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub greeting_short_name: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub created_date: Option<i64>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub created_by: Option<Actor>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub last_updated_date: Option<i64>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub last_updated_by: Option<Actor>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_deleted: Option<bool>,
    /// One entry per key; an entry with no action is a key shown but not configured.
    #[serde(default, deserialize_with = "wire::list")]
    pub scripts: Vec<KeyEntry>,
    /// Seconds to wait for a key press after the greeting.
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub time_out: Option<i64>,
    /// Fallback after no input or too many wrong keys.
    #[serde(
        default,
        deserialize_with = "wire::opt_enum",
        serialize_with = "action_type_or_empty"
    )]
    pub action_type: Option<ActionType>,
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub action: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub action_name: Option<String>,
    /// Played after a wrong key.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub invalid_sound_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub invalid_sound_name: Option<String>,
    /// Wrong keys allowed before the fallback is taken.
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub max_failure: Option<i64>,
    /// Sent as `null` or the text `"false"`.
    #[serde(
        default,
        deserialize_with = "wire::opt_bool",
        serialize_with = "wire::bool_as_text"
    )]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub ivr_direct_menu_dial: Option<bool>,
}

/// One key of a menu: `ivr` is the key ("1", "*", "#"), `action` the id its `action_type` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub key: Option<serde_json::Value>,
    #[serde(
        default,
        deserialize_with = "wire::opt_enum",
        serialize_with = "action_type_or_empty"
    )]
    pub action_type: Option<ActionType>,
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub action: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub action_name: Option<String>,
    #[serde(default, deserialize_with = "wire::string")]
    pub ivr: String,
}
