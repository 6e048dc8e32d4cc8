use super::Actor;
use crate::enums::Voice;
use crate::wire;
use serde::{Deserialize, Serialize};

/// `formality` of a greeting made by text-to-speech.
pub const FORMALITY_TTS: &str = "Robot đọc";
/// `formality` of an uploaded recording.
pub const FORMALITY_UPLOAD: &str = "Tải lên";

/// A greeting recording ("lời chào"), uploaded or made by text-to-speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Greeting {
    #[serde(rename = "_id", deserialize_with = "wire::string")]
    pub id: String,
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
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub tenant_id: Option<String>,
    #[serde(default, deserialize_with = "wire::string")]
    pub greeting_name: String,
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub greeting_name_unsigned: Option<String>,
    /// How it was made: [`FORMALITY_TTS`] for text-to-speech.
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub formality: Option<String>,
    /// The stored mp3's file name.
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub recording_file: Option<String>,
    /// The text read, for text-to-speech greetings.
    #[serde(default, deserialize_with = "wire::opt_string")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_enum")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub voice: Option<Voice>,
    #[serde(default, deserialize_with = "wire::opt_i64")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub speed: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_deleted: Option<bool>,
    #[serde(default, deserialize_with = "wire::opt_bool")]
    #[serde(skip_serializing_if = "wire::left_out")]
    pub is_hidden_in_list: Option<bool>,
}

impl Greeting {
    /// Whether the greeting was made by text-to-speech (its `content` is what callers hear).
    pub fn is_tts(&self) -> bool {
        self.formality.as_deref() == Some(FORMALITY_TTS)
    }
}

/// The payload of the upload answers: `{"file": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GreetingFile {
    pub file: Greeting,
}
