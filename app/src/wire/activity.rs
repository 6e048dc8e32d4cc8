//! The activity log as it crosses the wire: a change the console asked the vendor for, how it
//! ended, and a filtered page of them.

use serde::{Deserialize, Serialize};

/// The parts of the tenant a change can touch. Stored as [`Area::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Extensions,
    RingGroups,
    Greetings,
    Menus,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Extensions,
        Area::RingGroups,
        Area::Greetings,
        Area::Menus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Extensions => "extensions",
            Area::RingGroups => "ring-groups",
            Area::Greetings => "greetings",
            Area::Menus => "menus",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// What was done. Stored as [`Kind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Create,
    Update,
    Delete,
    Enable,
    Disable,
    AssignHotline,
    Upload,
    /// A greeting read by a voice from a text.
    Speak,
    /// Noticed, not asked for: the flow changed outside the console.
    ChangedOutside,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Create,
        Kind::Update,
        Kind::Delete,
        Kind::Enable,
        Kind::Disable,
        Kind::AssignHotline,
        Kind::Upload,
        Kind::Speak,
        Kind::ChangedOutside,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::Update => "update",
            Kind::Delete => "delete",
            Kind::Enable => "enable",
            Kind::Disable => "disable",
            Kind::AssignHotline => "assign-hotline",
            Kind::Upload => "upload",
            Kind::Speak => "speak",
            Kind::ChangedOutside => "changed-outside",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Who asked for a change, and of what. Area and kind are kept as stored text, so that a row
/// edited by hand reads back as it is (and breaks the chain) rather than as the nearest variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The name the person gave at login.
    pub person: String,
    /// The client address, as the login throttle sees it.
    pub client_addr: String,
    /// A digest of the session's id, telling one person's sessions apart without naming them.
    pub session_digest: String,
    /// [`Area::as_str`].
    pub area: String,
    /// [`Kind::as_str`].
    pub kind: String,
    pub object_id: String,
    pub object_name: String,
    /// The object as the vendor held it before, and as it was asked to become or as the vendor
    /// answered it became (JSON; never a SIP password or a token).
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// How a change ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The call was begun and nothing says how it ended: the console stopped, or the vendor's
    /// answer never came.
    Unknown,
    Done,
    /// The vendor refused, in its words.
    Refused(String),
}

/// A change as the log tells it: when it began and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    pub at_ms: i64,
    pub change: Change,
    pub outcome: Outcome,
}

/// Whether a tenant's chain holds, and if not, the first entry that does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainCheck {
    Holds { entries: u64 },
    BrokenAt { seq: u64 },
}

/// Which entries to show. Empty fields match everything; dates are `yyyy-mm-dd` in the admin's
/// time zone, both days included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityFilter {
    pub area: String,
    pub person: String,
    /// An object's id, or words of its name.
    pub object: String,
    pub from: String,
    pub to: String,
}

impl ActivityFilter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The same filter as a store reads it: times in milliseconds, the area checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryQuery {
    pub area: Option<Area>,
    pub person: Option<String>,
    pub object: Option<String>,
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

/// One page of entries, for `/activity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub entries: Vec<Entry>,
    pub page: u32,
    pub size: u32,
    pub total: u64,
    /// Everyone who has changed something, for the person filter.
    pub people: Vec<String>,
    pub chain: ChainCheck,
}

impl ActivityPage {
    pub fn total_pages(&self) -> u32 {
        let size = u64::from(self.size.max(1));
        u32::try_from(self.total.div_ceil(size)).unwrap_or(u32::MAX)
    }
}

/// How the activity log is downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated, with a byte-order mark so that a spreadsheet reads Vietnamese right.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }
}

/// Milliseconds since the epoch at which day `yyyy-mm-dd` begins, `offset_minutes` east of UTC.
pub fn day_start_ms(day: &str, offset_minutes: i32) -> Option<i64> {
    let mut parts = day.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 - i64::from(offset_minutes) * 60) * 1000)
}

impl ActivityFilter {
    /// The filter as a store reads it; `Err` names the field that does not read.
    pub fn query(&self, offset_minutes: i32) -> Result<EntryQuery, &'static str> {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let area = match self.area.trim() {
            "" => None,
            other => Some(Area::parse(other).ok_or("area")?),
        };
        let day = |s: &str, field| match s.trim() {
            "" => Ok(None),
            day => day_start_ms(day, offset_minutes).map(Some).ok_or(field),
        };
        let from_ms = day(&self.from, "from")?;
        let until_ms = day(&self.to, "to")?.map(|start| start + 86_400_000);
        Ok(EntryQuery {
            area,
            person: text(&self.person),
            object: text(&self.object),
            from_ms,
            until_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_begins_at_midnight_where_the_admin_is() {
        // 2026-12-05 00:00 in Vietnam is 2026-12-04 17:00 UTC.
        assert_eq!(day_start_ms("2026-12-05", 7 * 60), Some(1_796_403_600_000));
        assert_eq!(day_start_ms("1970-01-01", 0), Some(0));
        assert_eq!(day_start_ms("2026-13-01", 0), None);
        assert_eq!(day_start_ms("hôm qua", 0), None);
    }

    #[test]
    fn the_last_day_chosen_is_included_whole() {
        let filter = ActivityFilter {
            from: "2026-12-05".into(),
            to: "2026-12-05".into(),
            ..Default::default()
        };
        let query = filter.query(0).expect("dates that read");
        assert_eq!(
            query.until_ms.zip(query.from_ms).map(|(u, f)| u - f),
            Some(86_400_000)
        );
        let wrong = ActivityFilter {
            area: "phones".into(),
            ..Default::default()
        };
        assert_eq!(wrong.query(0), Err("area"));
    }
}
