//! What the client sends: one typed struct per request body or query, checked before sending
//! where the reference states a rule.

use crate::enums::{ActionType, Direction, LookupType, Strategy, Voice};
use serde::{Deserialize, Serialize};

use crate::rules::{MEMBER_TIMEOUT_SECONDS, NAME_MAX_CHARS, TTS_MAX_CHARS, TTS_SPEED};

/// A request that broke a rule of the reference, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{field}: {problem}")]
pub struct RequestError {
    /// The field as the API names it (`group_name`, `directions`, ...).
    pub field: String,
    pub problem: Problem,
}

/// What is wrong with a field; the UI turns each into the user's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Problem {
    #[error("is required")]
    Required,
    #[error("is longer than {max} characters")]
    TooLong { max: usize },
    #[error("must be from {min} to {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("needs at least one value")]
    Empty,
    /// A file that is not mp3 by its bytes; `found` says what it looks like instead.
    #[error("is not an mp3 file ({found:?})")]
    NotMp3 { found: crate::audio::Found },
    #[error("may only contain letters, digits, '-' and '_'")]
    BadId,
    /// Another group or menu already has this name (ignoring case and diacritics).
    #[error("is already used by '{other}'")]
    Duplicate { other: String },
}

impl RequestError {
    pub fn new(field: &str, problem: Problem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// Checks a request against the reference's rules before it is sent.
pub trait Validate {
    fn validate(&self) -> Result<(), RequestError>;
}

fn required(field: &str, value: &str) -> Result<(), RequestError> {
    if value.trim().is_empty() {
        Err(RequestError::new(field, Problem::Required))
    } else {
        Ok(())
    }
}

/// The longest search word, email, extension or hotline sent: far past any real one, short enough
/// that a pasted document never reaches the vendor.
pub const SHORT_TEXT_MAX_CHARS: usize = 255;

fn short(field: &str, value: &str) -> Result<(), RequestError> {
    if value.chars().count() > SHORT_TEXT_MAX_CHARS {
        Err(RequestError::new(
            field,
            Problem::TooLong {
                max: SHORT_TEXT_MAX_CHARS,
            },
        ))
    } else {
        Ok(())
    }
}

fn name(field: &str, value: &str) -> Result<(), RequestError> {
    if value.trim().chars().count() > NAME_MAX_CHARS {
        Err(RequestError::new(
            field,
            Problem::TooLong {
                max: NAME_MAX_CHARS,
            },
        ))
    } else {
        Ok(())
    }
}

fn in_range(field: &str, value: i64, min: i64, max: i64) -> Result<(), RequestError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(RequestError::new(field, Problem::OutOfRange { min, max }))
    }
}

/// An id that goes into a URL path: vendor ids are hex, and nothing that could change which
/// endpoint is called (`/`, `..`, `?`, `%`) gets through.
pub fn check_path_id(field: &str, id: &str) -> Result<(), RequestError> {
    required(field, id)?;
    let ok = id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(RequestError::new(field, Problem::BadId))
    }
}

/// Keyword and paging of the list endpoints. Absent values take the vendor's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
}

impl ListQuery {
    pub fn page(page: u32, size: u32) -> Self {
        Self {
            keyword: None,
            page: Some(page),
            size: Some(size),
        }
    }

    pub fn with_keyword(mut self, keyword: impl Into<String>) -> Self {
        let keyword = keyword.into();
        self.keyword = (!keyword.trim().is_empty()).then_some(keyword);
        self
    }
}

impl Validate for ListQuery {
    fn validate(&self) -> Result<(), RequestError> {
        if let Some(page) = self.page {
            in_range("page", page.into(), 1, i64::from(u32::MAX))?;
        }
        if let Some(size) = self.size {
            in_range("size", size.into(), 1, 10_000)?;
        }
        if let Some(keyword) = &self.keyword {
            short("keyword", keyword)?;
        }
        Ok(())
    }
}

/// `extensions/detail`: look an extension up by one of its identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailLookup {
    #[serde(rename = "type")]
    pub kind: LookupType,
    pub keyword: String,
}

impl Validate for DetailLookup {
    fn validate(&self) -> Result<(), RequestError> {
        required("keyword", &self.keyword)?;
        short("keyword", &self.keyword)
    }
}

/// `hotline/extension/update`: give one hotline to the extension of `user_email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignHotline {
    pub hotline: String,
    pub user_email: String,
    pub directions: Vec<Direction>,
}

impl Validate for AssignHotline {
    fn validate(&self) -> Result<(), RequestError> {
        required("hotline", &self.hotline)?;
        short("hotline", &self.hotline)?;
        required("user_email", &self.user_email)?;
        short("user_email", &self.user_email)?;
        if self.directions.is_empty() {
            return Err(RequestError::new("directions", Problem::Empty));
        }
        Ok(())
    }
}

/// The body of `internal_group/add` and `internal_group/update/:id`. No on-timeout target is
/// sent as empty strings, as the vendor lists a cleared one: leaving the fields out would let an
/// update keep the old target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RingGroupInput {
    pub group_name: String,
    pub strategy: Strategy,
    /// Extensions (`sip_user`) in ringing order.
    pub sip_members: Vec<String>,
    /// Seconds each member rings.
    pub timeout: u32,
    #[serde(
        default,
        deserialize_with = "crate::wire::opt_enum",
        serialize_with = "crate::enums::action_type_or_empty"
    )]
    pub target_timeout_type: Option<ActionType>,
    #[serde(
        default,
        deserialize_with = "crate::wire::opt_string",
        serialize_with = "crate::wire::empty_when_none"
    )]
    pub target_timeout: Option<String>,
}

impl Validate for RingGroupInput {
    fn validate(&self) -> Result<(), RequestError> {
        required("group_name", &self.group_name)?;
        name("group_name", &self.group_name)?;
        in_range(
            "timeout",
            self.timeout.into(),
            *MEMBER_TIMEOUT_SECONDS.start(),
            *MEMBER_TIMEOUT_SECONDS.end(),
        )?;
        if self.sip_members.iter().any(|m| m.trim().is_empty()) {
            return Err(RequestError::new("sip_members", Problem::Required));
        }
        match (&self.target_timeout_type, &self.target_timeout) {
            (Some(_), None) => Err(RequestError::new("target_timeout", Problem::Required)),
            (None, Some(_)) => Err(RequestError::new("target_timeout_type", Problem::Required)),
            _ => Ok(()),
        }
    }
}

/// The body of `internal_group/add-members` and `/remove-members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMembersChange {
    pub group_id: String,
    pub sip_users: Vec<String>,
}

impl Validate for GroupMembersChange {
    fn validate(&self) -> Result<(), RequestError> {
        required("group_id", &self.group_id)?;
        if self.sip_users.is_empty() {
            return Err(RequestError::new("sip_users", Problem::Empty));
        }
        Ok(())
    }
}

/// A target's type and id: both, or neither (no target).
fn both_or_neither(
    (kind_field, kind): (&'static str, &Option<ActionType>),
    (id_field, id): (&'static str, &Option<String>),
) -> Result<(), RequestError> {
    match (kind, id.as_deref().map(str::trim)) {
        (Some(_), None | Some("")) => Err(RequestError::new(id_field, Problem::Required)),
        (None, Some(id)) if !id.is_empty() => Err(RequestError::new(kind_field, Problem::Required)),
        _ => Ok(()),
    }
}

/// One key of a menu being saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAction {
    /// The key: "0"-"9", "*" or "#".
    pub ivr: String,
    /// Both `None` for a key shown but not configured, sent as the `""` the vendor's own lists
    /// show for one.
    #[serde(
        default,
        deserialize_with = "crate::wire::opt_string",
        serialize_with = "crate::wire::empty_when_none"
    )]
    pub action: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::wire::opt_enum",
        serialize_with = "crate::enums::action_type_or_empty"
    )]
    pub action_type: Option<ActionType>,
}

/// The body of `key-interaction/add` and `key-interaction/update/:id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IvrMenuInput {
    pub script_name: String,
    pub greeting_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greeting_short_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid_sound_id: Option<String>,
    pub max_failure: u32,
    pub time_out: u32,
    pub scripts: Vec<KeyAction>,
    /// Fallback after no input or too many wrong keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_type: Option<ActionType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl Validate for IvrMenuInput {
    fn validate(&self) -> Result<(), RequestError> {
        required("script_name", &self.script_name)?;
        required("greeting_id", &self.greeting_id)?;
        for key in &self.scripts {
            required("scripts.ivr", &key.ivr)?;
            both_or_neither(
                ("scripts.action_type", &key.action_type),
                ("scripts.action", &key.action),
            )?;
        }
        both_or_neither(("action_type", &self.action_type), ("action", &self.action))
    }
}

/// `greeting/upload-text-to-speech`: `greeting_name` goes in the query, the rest in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TtsRequest {
    #[serde(skip)]
    pub greeting_name: String,
    pub text: String,
    /// -3 (very slow) to 3 (very fast); the reference types it as a string.
    #[serde(with = "speed_as_text")]
    pub speed: i8,
    pub voice: Voice,
}

mod speed_as_text {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &i8, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i8, D::Error> {
        crate::wire::opt_i64(d)?
            .and_then(|v| i8::try_from(v).ok())
            .ok_or_else(|| serde::de::Error::custom("speed must be a whole number from -3 to 3"))
    }
}

impl Validate for TtsRequest {
    fn validate(&self) -> Result<(), RequestError> {
        required("greeting_name", &self.greeting_name)?;
        name("greeting_name", &self.greeting_name)?;
        required("text", &self.text)?;
        if self.text.chars().count() > TTS_MAX_CHARS {
            return Err(RequestError::new(
                "text",
                Problem::TooLong { max: TTS_MAX_CHARS },
            ));
        }
        in_range(
            "speed",
            self.speed.into(),
            (*TTS_SPEED.start()).into(),
            (*TTS_SPEED.end()).into(),
        )
    }
}

/// `greeting/upload`: an mp3 file and the name to list it under.
#[derive(Clone, PartialEq, Eq)]
pub struct Mp3Upload {
    pub greeting_name: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Mp3Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mp3Upload")
            .field("greeting_name", &self.greeting_name)
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Validate for Mp3Upload {
    fn validate(&self) -> Result<(), RequestError> {
        required("greeting_name", &self.greeting_name)?;
        name("greeting_name", &self.greeting_name)?;
        crate::audio::inspect(&self.bytes)
            .map(drop)
            .map_err(|found| RequestError::new("file", Problem::NotMp3 { found }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tts(text: &str, speed: i8) -> TtsRequest {
        TtsRequest {
            greeting_name: "Chào".into(),
            text: text.into(),
            speed,
            voice: Voice::BanMai,
        }
    }

    #[test]
    fn tts_text_is_limited_to_300_characters_not_bytes() {
        assert!(tts(&"ạ".repeat(300), 0).validate().is_ok());
        let err = tts(&"a".repeat(301), 0).validate().unwrap_err();
        assert_eq!(
            err,
            RequestError::new("text", Problem::TooLong { max: 300 })
        );
    }

    #[test]
    fn tts_speed_must_be_from_minus_three_to_three() {
        assert!(tts("xin chào", -3).validate().is_ok());
        assert!(tts("xin chào", 3).validate().is_ok());
        assert_eq!(tts("xin chào", 4).validate().unwrap_err().field, "speed");
        assert_eq!(tts("xin chào", -4).validate().unwrap_err().field, "speed");
        assert_eq!(tts(" ", 0).validate().unwrap_err().field, "text");
    }

    #[test]
    fn tts_speed_travels_as_text() {
        let json = serde_json::to_value(tts("a", -2)).unwrap();
        assert_eq!(json["speed"], "-2");
        assert!(
            json.get("greeting_name").is_none(),
            "greeting_name goes in the query"
        );
    }

    #[test]
    fn a_hotline_needs_at_least_one_direction() {
        let mut req = AssignHotline {
            hotline: "02473001234".into(),
            user_email: "a@b.vn".into(),
            directions: vec![],
        };
        assert_eq!(
            req.validate().unwrap_err(),
            RequestError::new("directions", Problem::Empty)
        );
        req.directions.push(Direction::Inbound);
        assert!(req.validate().is_ok());
        req.user_email.clear();
        assert_eq!(req.validate().unwrap_err().field, "user_email");
    }

    #[test]
    fn path_ids_cannot_change_the_endpoint() {
        assert!(check_path_id("id", "62ff11b208d4bf3ea694a6f3").is_ok());
        for bad in ["../x", "a/b", "", "a?b=c", "a%2Fb", "a b"] {
            assert_eq!(
                check_path_id("id", bad).unwrap_err().field,
                "id",
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn text_longer_than_any_real_value_is_refused_before_sending() {
        let long = "x".repeat(SHORT_TEXT_MAX_CHARS + 1);
        let too_long = Problem::TooLong {
            max: SHORT_TEXT_MAX_CHARS,
        };
        assert_eq!(
            ListQuery::page(1, 20).with_keyword(long.clone()).validate(),
            Err(RequestError::new("keyword", too_long.clone()))
        );
        let lookup = DetailLookup {
            kind: LookupType::SipUser,
            keyword: long.clone(),
        };
        assert_eq!(
            lookup.validate(),
            Err(RequestError::new("keyword", too_long))
        );
        assert!(ListQuery::page(1, 20)
            .with_keyword("Hồng")
            .validate()
            .is_ok());
    }

    #[test]
    fn required_fields_of_groups_and_menus_are_checked() {
        let group = RingGroupInput {
            group_name: " ".into(),
            strategy: Strategy::Sequential,
            sip_members: vec!["100".into()],
            timeout: 30,
            target_timeout_type: None,
            target_timeout: None,
        };
        assert_eq!(group.validate().unwrap_err().field, "group_name");
        let long = RingGroupInput {
            group_name: "n".repeat(256),
            ..group.clone()
        };
        assert_eq!(
            long.validate().unwrap_err().problem,
            Problem::TooLong { max: 255 }
        );
        let menu = IvrMenuInput {
            script_name: "Menu".into(),
            greeting_id: String::new(),
            greeting_short_id: None,
            invalid_sound_id: None,
            max_failure: 3,
            time_out: 5,
            scripts: vec![],
            action_type: None,
            action: None,
        };
        assert_eq!(menu.validate().unwrap_err().field, "greeting_id");
    }

    #[test]
    fn a_group_without_a_target_clears_the_vendors_one() {
        let group = RingGroupInput {
            group_name: "Nhóm".into(),
            strategy: Strategy::Simultaneous,
            sip_members: vec![],
            timeout: 30,
            target_timeout_type: None,
            target_timeout: None,
        };
        let json = serde_json::to_value(&group).unwrap();
        assert_eq!(json["target_timeout_type"], "");
        assert_eq!(json["target_timeout"], "");
        let back: RingGroupInput = serde_json::from_value(json).unwrap();
        assert_eq!(back, group);
    }

    #[test]
    fn an_upload_must_be_mp3_by_its_bytes() {
        let up = Mp3Upload {
            greeting_name: "Nhạc chờ".into(),
            file_name: "song.mp3".into(),
            bytes: b"RIFF....WAVE".to_vec(),
        };
        assert_eq!(
            up.validate().unwrap_err().problem,
            Problem::NotMp3 {
                found: crate::audio::Found::Wav
            }
        );
    }
}
