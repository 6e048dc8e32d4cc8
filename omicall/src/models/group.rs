use super::Actor;
use crate::enums::{action_type_or_empty, ActionType, Strategy};
use crate::wire;
use serde::{Deserialize, Serialize};

/// A ring group ("nhóm nội bộ"), as `internal_group/list`, `/add` and `/update` answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RingGroup {
    #[serde(rename = "_id", deserialize_with = "wire::string")]
    pub id: String,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub tenant_id: Option<String>,
    #[serde(default, deserialize_with = "wire::string")]
    pub group_name: String,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub group_name_unsigned: Option<String>,
    /// The number callers and agents dial to reach the group.
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub group_number: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub created_date: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub last_updated_date: Option<i64>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub create_by: Option<Actor>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub last_update_by: Option<Actor>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_deleted: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "wire::list")]
    pub members: Vec<GroupMember>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_forward_to_user_owner: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_forward_to_outer_group: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub outer_group_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_enum")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub strategy: Option<Strategy>,
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub ring_back_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub ring_back_name: Option<String>,
    /// Sent by the vendor as the text `"true"` / `"false"`.
    #[serde(
        default,
        deserialize_with = "wire::opt_bool",
        serialize_with = "wire::bool_as_text"
    )]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_answer: Option<bool>,
    /// Where a call goes when no member answered.
    #[serde(
        default,
        deserialize_with = "wire::opt_enum",
        serialize_with = "action_type_or_empty"
    )]
    pub target_timeout_type: Option<ActionType>,
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        serialize_with = "wire::empty_when_none"
    )]
    pub target_timeout: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub target_timeout_name: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub ring_group_type: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub ring_group_wait_time: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub ring_group_wait_time_sequence: Option<i64>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub ring_group_type_result: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub enable_criteria: Option<bool>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub criterias: Option<Vec<serde_json::Value>>,
    /// Only in the answers to `/add` and `/update`: the extensions as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_members: Option<Vec<String>>,
    /// Only in the answers to `/add` and `/update`: seconds each member rings.
    #[serde(
        default,
        deserialize_with = "wire::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<i64>,
}

impl RingGroup {
    /// Seconds each member rings: the group's own value, else the first member's.
    pub fn member_timeout(&self) -> Option<i64> {
        self.timeout
            .or_else(|| self.members.iter().find_map(|m| m.timeout))
    }
}

/// A member of a ring group. The vendor identifies members by `agent_id` (and often leaves
/// `sip_user` null); match them to extensions through [`super::Extension::agent_id`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub agent_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub contact_id: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub order: Option<i64>,
    #[serde(default)]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub view: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub timeout: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub sip_user: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub hold_music_id: Option<String>,
}
