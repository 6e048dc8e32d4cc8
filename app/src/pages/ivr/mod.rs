//! IVR menus: the list with each menu's keys, and the flow editor.

mod editor;
mod list;

use crate::i18n::{Lang, MenuMsg, Text};
use crate::server_fns::groups::TargetView;
use omicall::ActionType;

lazy_page!(MenuListRoute => list::MenuListPage);
lazy_page!(EditorRoute => editor::EditorPage);

fn kind_name(kind: &ActionType) -> Text {
    match kind {
        ActionType::RingGroup => MenuMsg::KindGroup.into(),
        ActionType::IvrMenu => MenuMsg::KindMenu.into(),
        ActionType::Recording => MenuMsg::KindRecording.into(),
        ActionType::VoiceMail => MenuMsg::KindVoiceMail.into(),
        ActionType::Other(_) => MenuMsg::KindOther.into(),
    }
}

/// A target in words: a group by its name ("Kinh doanh"), anything else with its kind first
/// ("kịch bản Chính"), the id when the name is unknown.
pub(crate) fn target_words(target: &TargetView, lang: Lang) -> String {
    let name = target.name.clone().unwrap_or_else(|| target.id.clone());
    match target.kind {
        ActionType::RingGroup => name,
        ActionType::VoiceMail => kind_name(&target.kind).get(lang).to_owned(),
        _ => format!("{} {name}", kind_name(&target.kind).get(lang)),
    }
}
