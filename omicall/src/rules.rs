//! The vendor's rules, written once: the simulator enforces them, the client checks them before
//! sending, the IVR engine and the console's forms check them as the user types.

use crate::enums::ActionType;
use crate::models::{IvrMenu, RingGroup};
use std::fmt;
use std::ops::RangeInclusive;

/// Longest name of a group, menu or greeting.
pub const NAME_MAX_CHARS: usize = 255;

/// Seconds each member of a ring group rings.
pub const MEMBER_TIMEOUT_SECONDS: RangeInclusive<i64> = 1..=600;
/// Seconds each member rings when nobody chose: the vendor's own default.
pub const DEFAULT_MEMBER_TIMEOUT: u32 = 30;

/// Seconds a menu may wait for a key. Under one second nobody can react after the greeting
/// ends; past thirty callers take the silence for a dead line and hang up. PBX defaults sit at
/// 3-10 s (the reference's own example uses 3).
pub const MENU_TIME_OUT_SECONDS: RangeInclusive<i64> = 1..=30;
/// Wrong keys a menu may allow before its fallback. Zero would make the first slip final; past
/// five a lost caller is kept in a loop instead of being helped by the fallback.
pub const MENU_MAX_FAILURE: RangeInclusive<i64> = 1..=5;

/// Longest text the text-to-speech endpoint reads.
pub const TTS_MAX_CHARS: usize = 300;
/// Slowest and fastest text-to-speech speeds.
pub const TTS_SPEED: RangeInclusive<i8> = -3..=3;

/// Largest greeting upload the console sends, and the simulator accepts. The reference names no
/// limit; 10 MB of mp3 is over ten minutes even at 128 kbit/s, far past any greeting.
pub const GREETING_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Longest file name passed with an upload, extension included.
pub const UPLOAD_FILE_NAME_MAX_CHARS: usize = 100;

/// The file name an upload is sent under: the last path part only (browsers on Windows once sent
/// `C:\…`), no control characters, trimmed, bounded, ending in `.mp3`.
pub fn upload_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    let stem = match clean.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("mp3") => stem,
        _ => clean,
    };
    // No hidden file: a leading dot is dropped.
    let stem: String = stem
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(UPLOAD_FILE_NAME_MAX_CHARS - ".mp3".len())
        .collect();
    let stem = stem.trim_end();
    if stem.is_empty() {
        "greeting.mp3".to_owned()
    } else {
        format!("{stem}.mp3")
    }
}

/// The twelve keys a caller can press, in the order a keypad shows them.
pub const KEYPAD: [char; 12] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];

/// Whether `key` is a key of the keypad: `0`-`9`, `*` or `#`.
pub fn is_key(key: char) -> bool {
    KEYPAD.contains(&key)
}

/// The key a menu entry's `ivr` names, if it names exactly one keypad key.
pub fn parse_key(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_key(c) => Some(c),
        _ => None,
    }
}

/// What two names are compared by: trimmed, without diacritics, lower case. The vendor refuses
/// a second group or menu whose name has the same key ("Nhóm Sales" and "nhom sales").
pub fn name_key(name: &str) -> String {
    crate::text::search_key(name.trim())
}

/// Whether `a` and `b` count as the same name.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// Whether a group's on-timeout target (`kind`, `target`) is the group `group_id` itself: the
/// vendor refuses it, since the same people would ring again and again.
pub fn group_times_out_to_itself(group_id: &str, kind: &ActionType, target: &str) -> bool {
    *kind == ActionType::RingGroup && group_id == target
}

/// Where something is used from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Place {
    /// A ring group passes its unanswered calls there.
    GroupTimeout,
    /// A menu's key leads there.
    MenuKey(String),
    /// A menu's fallback (no key, too many wrong keys) leads there.
    MenuFallback,
    MenuGreeting,
    MenuShortGreeting,
    MenuInvalidSound,
}

/// One place that leads to a group, menu or greeting, so it cannot be deleted yet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Usage {
    pub place: Place,
    /// The id and name of the group or menu that holds the reference.
    pub owner_id: String,
    pub owner_name: String,
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.owner_name;
        match &self.place {
            Place::GroupTimeout => write!(f, "ring group '{name}' (on timeout)"),
            Place::MenuKey(key) => write!(f, "IVR menu '{name}' (key {key})"),
            Place::MenuFallback => write!(f, "IVR menu '{name}' (fallback)"),
            Place::MenuGreeting => write!(f, "IVR menu '{name}' (greeting)"),
            Place::MenuShortGreeting => write!(f, "IVR menu '{name}' (short greeting)"),
            Place::MenuInvalidSound => write!(f, "IVR menu '{name}' (invalid-key sound)"),
        }
    }
}

/// Every place among `groups` and `menus` that leads to `kind`/`id`. A menu's references to
/// itself (a "repeat" key) are left out: they go with it.
pub fn usages_of<'a>(
    kind: &ActionType,
    id: &str,
    groups: impl IntoIterator<Item = &'a RingGroup>,
    menus: impl IntoIterator<Item = &'a IvrMenu>,
) -> Vec<Usage> {
    let leads_here =
        |k: Option<&ActionType>, target: Option<&str>| k == Some(kind) && target == Some(id);
    let mut usages = Vec::new();
    for g in groups {
        if leads_here(g.target_timeout_type.as_ref(), g.target_timeout.as_deref()) {
            usages.push(Usage {
                place: Place::GroupTimeout,
                owner_id: g.id.clone(),
                owner_name: g.group_name.clone(),
            });
        }
    }
    for m in menus {
        if *kind == ActionType::IvrMenu && m.id == id {
            continue;
        }
        let mut push = |place| {
            usages.push(Usage {
                place,
                owner_id: m.id.clone(),
                owner_name: m.script_name.clone(),
            })
        };
        if *kind == ActionType::Recording {
            for (field, place) in [
                (&m.greeting_id, Place::MenuGreeting),
                (&m.greeting_short_id, Place::MenuShortGreeting),
                (&m.invalid_sound_id, Place::MenuInvalidSound),
            ] {
                if field.as_deref() == Some(id) {
                    push(place);
                }
            }
        }
        for key in &m.scripts {
            if leads_here(key.action_type.as_ref(), key.action.as_deref()) {
                push(Place::MenuKey(key.ivr.clone()));
            }
        }
        if leads_here(m.action_type.as_ref(), m.action.as_deref()) {
            push(Place::MenuFallback);
        }
    }
    usages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_ignoring_case_diacritics_and_outer_spaces() {
        assert!(same_name("Nhóm Sales", " nhom SALES "));
        assert!(same_name("Đội Kỹ thuật", "doi ky thuat"));
        assert!(!same_name("Nhóm Sales", "Nhóm Sales 2"));
    }

    #[test]
    fn upload_file_names_keep_only_a_bounded_last_part() {
        assert_eq!(
            upload_file_name("C:\\Users\\an\\Lời chào.MP3"),
            "Lời chào.mp3"
        );
        assert_eq!(upload_file_name("../../etc/passwd"), "passwd.mp3");
        assert_eq!(upload_file_name("a\u{0}b\nc.mp3"), "abc.mp3");
        assert_eq!(upload_file_name("  "), "greeting.mp3");
        assert_eq!(upload_file_name(".mp3"), "greeting.mp3");
        let long = upload_file_name(&"ắ".repeat(500));
        assert_eq!(long.chars().count(), UPLOAD_FILE_NAME_MAX_CHARS);
        assert!(long.ends_with(".mp3"));
    }

    #[test]
    fn only_the_twelve_keypad_keys_are_keys() {
        assert_eq!(parse_key("7"), Some('7'));
        assert_eq!(parse_key("#"), Some('#'));
        assert_eq!(parse_key("10"), None);
        assert_eq!(parse_key("A"), None);
        assert_eq!(parse_key(""), None);
        assert!(KEYPAD.iter().all(|k| is_key(*k)));
    }
}
