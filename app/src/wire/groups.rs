//! Ring groups as the pages get them (rows, one group with its members, a save's answer, where
//! unanswered calls go) and the group form as the browser posts it.

use crate::wire::choice::Choice;
use crate::wire::list::PageView;
use omicall::requests::RingGroupInput;
use omicall::{ActionType, Problem, RequestError, Strategy};
use serde::{Deserialize, Serialize};

/// Where a group's unanswered calls go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetView {
    pub kind: ActionType,
    pub id: String,
    /// The target's name, when it could be found.
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub number: Option<String>,
    pub strategy: Option<Strategy>,
    pub members: usize,
    /// Seconds each member rings.
    pub member_timeout: Option<i64>,
    pub on_timeout: Option<TargetView>,
    /// Milliseconds since the epoch.
    pub last_updated: Option<i64>,
}

pub type GroupPage = PageView<GroupRow>;

/// One group as its page edits it: members are extensions (`id` = `sip_user`), in ringing order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub id: String,
    pub name: String,
    pub number: Option<String>,
    pub strategy: Strategy,
    pub timeout: u32,
    pub members: Vec<Choice>,
    pub on_timeout: Option<TargetView>,
    /// What the save compares with the vendor's copy to notice someone else's change.
    pub last_updated: Option<i64>,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved(GroupView),
    /// The group changed on the call center since the form loaded it; nothing was written.
    Changed(GroupView),
}

/// A group form as the browser posts it: text as typed, members in ringing order, the
/// on-timeout target as a kind and an id (both empty for none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDraft {
    pub name: String,
    pub strategy: String,
    pub timeout: String,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub target_kind: String,
    #[serde(default)]
    pub target_id: String,
}

impl GroupDraft {
    /// The request the form describes, checked by the vendor's rules. The form runs it before
    /// sending, the server again on receipt: one check, both sides.
    pub fn input(&self) -> Result<RingGroupInput, RequestError> {
        use omicall::rules::MEMBER_TIMEOUT_SECONDS;
        use omicall::Validate;
        let range = Problem::OutOfRange {
            min: *MEMBER_TIMEOUT_SECONDS.start(),
            max: *MEMBER_TIMEOUT_SECONDS.end(),
        };
        let timeout = self
            .timeout
            .trim()
            .parse::<u32>()
            .map_err(|_| RequestError::new("timeout", range))?;
        let strategy = match Strategy::from(self.strategy.as_str()) {
            Strategy::Other(_) => return Err(RequestError::new("strategy", Problem::Required)),
            known => known,
        };
        let (target_timeout_type, target_timeout) =
            match (self.target_kind.trim(), self.target_id.trim()) {
                ("", _) => (None, None),
                (_, "") => return Err(RequestError::new("target_timeout", Problem::Required)),
                (kind, id) => (Some(ActionType::from(kind)), Some(id.to_owned())),
            };
        let input = RingGroupInput {
            group_name: self.name.trim().to_owned(),
            strategy,
            sip_members: self.members.clone(),
            timeout,
            target_timeout_type,
            target_timeout,
        };
        input.validate()?;
        Ok(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(timeout: &str, target_kind: &str, target_id: &str) -> GroupDraft {
        GroupDraft {
            name: "Sales".into(),
            strategy: "rollover".into(),
            timeout: timeout.into(),
            members: vec!["101".into()],
            target_kind: target_kind.into(),
            target_id: target_id.into(),
        }
    }

    #[test]
    fn the_form_is_checked_by_the_vendor_rules() {
        let ok = draft("20", "", "").input().unwrap();
        assert_eq!(ok.strategy, Strategy::Sequential);
        assert_eq!(ok.target_timeout_type, None);
        let blank = GroupDraft {
            name: " ".into(),
            ..draft("20", "", "")
        };
        assert_eq!(blank.input().unwrap_err().field, "group_name");
        let err = draft("0", "", "").input().unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.problem),
            ("timeout", Problem::OutOfRange { min: 1, max: 600 })
        );
        assert_eq!(draft("abc", "", "").input().unwrap_err().field, "timeout");
        let err = draft("30", "Ring_group", "").input().unwrap_err();
        assert_eq!(err.field, "target_timeout");
    }
}
