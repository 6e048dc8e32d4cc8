//! Ring groups: the searchable list, and one page to create or edit a group (its members among
//! its fields) and delete it.

mod edit;
mod list;
mod target;

use crate::i18n::{GroupMsg, Lang, Text};
use crate::server_fns::groups::TargetView;
use omicall::{ActionType, Strategy};

lazy_page!(GroupListRoute => list::GroupListPage);
lazy_page!(GroupEditRoute => edit::GroupPage);

/// The ringing strategies the vendor knows, in the order the form offers them.
const STRATEGIES: [Strategy; 3] = [
    Strategy::Simultaneous,
    Strategy::Sequential,
    Strategy::Random,
];

pub(crate) fn strategy_name(strategy: &Strategy) -> Text {
    match strategy {
        Strategy::Simultaneous => GroupMsg::Simultaneous.into(),
        Strategy::Sequential => GroupMsg::Sequential.into(),
        Strategy::Random => GroupMsg::Random.into(),
        Strategy::Other(_) => GroupMsg::OtherStrategy.into(),
    }
}

fn strategy_hint(strategy: &Strategy) -> Option<Text> {
    match strategy {
        Strategy::Simultaneous => Some(GroupMsg::SimultaneousHint.into()),
        Strategy::Sequential => Some(GroupMsg::SequentialHint.into()),
        Strategy::Random => Some(GroupMsg::RandomHint.into()),
        Strategy::Other(_) => None,
    }
}

fn target_kind_name(kind: &ActionType) -> Text {
    match kind {
        ActionType::RingGroup => GroupMsg::TargetGroup.into(),
        ActionType::IvrMenu => GroupMsg::TargetMenu.into(),
        ActionType::Recording => GroupMsg::TargetRecording.into(),
        ActionType::VoiceMail => GroupMsg::TargetVoiceMail.into(),
        ActionType::Other(_) => GroupMsg::TargetOther.into(),
    }
}

/// Where a group's unanswered calls go, in words: the kind and, when known, the name. Voice
/// mail has no name to show (the reference lists no voice mails): its kind says it.
fn target_label(target: &TargetView, lang: Lang) -> String {
    let kind = target_kind_name(&target.kind).get(lang);
    match &target.name {
        Some(name) => format!("{kind} · {name}"),
        None => kind.to_owned(),
    }
}
