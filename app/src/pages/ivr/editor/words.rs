//! The flow in words: node names, targets, findings and save steps, as the panels and the
//! screen reader labels say them.

use crate::i18n::{fill, rule_text, Lang, MenuMsg};
use crate::ivr::layout::NodeKey;
use crate::ivr::{Finding, Flow, Group, NodeId, OpError, PlanError, Step, Subject, Target};

pub fn menu_name(flow: &Flow, id: &NodeId) -> String {
    flow.menu(id)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| id.to_string())
}

pub fn group_name(flow: &Flow, id: &NodeId) -> String {
    flow.group(id)
        .map(|g| g.name.clone())
        .unwrap_or_else(|| id.to_string())
}

pub fn node_name(flow: &Flow, key: &NodeKey) -> String {
    match key {
        NodeKey::Menu(id) => menu_name(flow, id),
        NodeKey::Group(id) => group_name(flow, id),
    }
}

/// A group's ring strategy by name, when it has one.
pub fn strategy_words(group: &Group, lang: Lang) -> Option<String> {
    group
        .strategy
        .as_ref()
        .map(|s| crate::pages::groups::strategy_name(s).get(lang).to_owned())
}

/// "Thành viên: 101, 102", or that the group has none.
pub fn members_words(group: &Group, lang: Lang) -> String {
    if group.members.is_empty() {
        return MenuMsg::NoMembers.text(lang).to_owned();
    }
    let list: Vec<String> = group.members.iter().map(|m| m.label()).collect();
    fill(MenuMsg::Members.text(lang), &[("list", &list.join(", "))])
}

/// "nhóm Kinh doanh", "kịch bản Chính", "lời chào Xin chào", "hộp thư thoại".
pub fn target_words(flow: &Flow, target: Option<&Target>, lang: Lang) -> String {
    let kind = |msg: MenuMsg, name: String| format!("{} {name}", msg.text(lang));
    match target {
        None => MenuMsg::Nowhere.text(lang).to_owned(),
        Some(Target::Group(id)) => kind(MenuMsg::KindGroup, group_name(flow, id)),
        Some(Target::Menu(id)) => kind(MenuMsg::KindMenu, menu_name(flow, id)),
        Some(Target::Recording(id)) => kind(
            MenuMsg::KindRecording,
            flow.recording(id)
                .map(|r| r.name().to_owned())
                .unwrap_or_else(|| id.clone()),
        ),
        Some(Target::VoiceMail(_)) => MenuMsg::KindVoiceMail.text(lang).to_owned(),
        Some(Target::Unknown { .. }) => MenuMsg::KindOther.text(lang).to_owned(),
    }
}

/// The box a target is drawn as, if it is a menu or group of the flow.
pub fn target_node(flow: &Flow, target: &Target) -> Option<NodeKey> {
    match target {
        Target::Menu(id) if flow.menu(id).is_some() => Some(NodeKey::Menu(id.clone())),
        Target::Group(id) if flow.group(id).is_some() => Some(NodeKey::Group(id.clone())),
        _ => None,
    }
}

/// A node as the diagram's header and the outline name it: "Kịch bản Chính", "Nhóm Kinh doanh".
pub fn node_title(flow: &Flow, key: &NodeKey, lang: Lang) -> String {
    let msg = match key {
        NodeKey::Menu(_) => MenuMsg::MenuNode,
        NodeKey::Group(_) => MenuMsg::GroupNode,
    };
    fill(msg.text(lang), &[("name", &node_name(flow, key))])
}

/// The menus, entry menus first, each by name: the order callers and the admin look for them.
pub fn menus_entry_first(flow: &Flow) -> Vec<&crate::ivr::Menu> {
    let mut menus: Vec<_> = flow.menus().collect();
    menus.sort_by_key(entry_first);
    menus
}

/// The first of [`menus_entry_first`], without sorting them all: sorting lower-cases names for
/// each comparison, 18 ms of opening a flow of 300 menus.
pub fn first_menu(flow: &Flow) -> Option<&crate::ivr::Menu> {
    flow.menus().min_by_key(entry_first)
}

fn entry_first(menu: &&crate::ivr::Menu) -> (bool, String) {
    (!menu.entry, menu.name.to_lowercase())
}

pub fn subject_key(subject: &Subject) -> NodeKey {
    match subject {
        Subject::Menu(id) => NodeKey::Menu(id.clone()),
        Subject::Group(id) => NodeKey::Group(id.clone()),
    }
}

/// The finding's sentence, its placeholders filled.
pub fn finding_text(finding: &Finding, lang: Lang) -> String {
    let params: Vec<(&str, &dyn std::fmt::Display)> = finding
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v as &dyn std::fmt::Display))
        .collect();
    fill(rule_text(finding.rule).get(lang), &params)
}

/// A save step in words, with what a menu's keys lead to. What is deleted is named as it was
/// loaded, since the edited flow no longer has it.
pub fn step_text(flow: &Flow, loaded: &Flow, step: &Step, lang: Lang) -> String {
    match step {
        Step::CreateMenu { draft, input, .. } => {
            let text = fill(
                MenuMsg::StepCreate.text(lang),
                &[("name", &input.script_name)],
            );
            let keys = keys_text(flow, &NodeId::Draft(*draft), lang);
            join(text, keys)
        }
        Step::UpdateMenu { menu, input, .. } => {
            let text = fill(
                MenuMsg::StepUpdate.text(lang),
                &[("name", &input.script_name)],
            );
            join(text, keys_text(flow, menu, lang))
        }
        Step::UpdateGroup { input, .. } => fill(
            MenuMsg::StepUpdateGroup.text(lang),
            &[("name", &input.group_name)],
        ),
        Step::DeleteMenu { id } => fill(
            MenuMsg::StepDelete.text(lang),
            &[("name", &menu_name(loaded, &NodeId::Saved(id.clone())))],
        ),
        Step::CreateGroup { input, .. } => fill(
            MenuMsg::StepCreateGroup.text(lang),
            &[("name", &input.group_name)],
        ),
        Step::DeleteGroup { id } => fill(
            MenuMsg::StepDeleteGroup.text(lang),
            &[("name", &group_name(loaded, &NodeId::Saved(id.clone())))],
        ),
    }
}

fn join(text: String, keys: String) -> String {
    if keys.is_empty() {
        text
    } else {
        format!("{text}: {keys}")
    }
}

fn keys_text(flow: &Flow, menu: &NodeId, lang: Lang) -> String {
    let Some(menu) = flow.menu(menu) else {
        return String::new();
    };
    menu.keys
        .iter()
        .filter(|b| b.target.is_some())
        .map(|b| {
            fill(
                MenuMsg::StepKey.text(lang),
                &[
                    ("key", &b.key),
                    ("target", &target_words(flow, b.target.as_ref(), lang)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why no plan can be made, naming the node.
pub fn plan_error_text(flow: &Flow, error: &PlanError, lang: Lang) -> String {
    let (msg, name) = match error {
        PlanError::MenuIncomplete { menu, .. } => (MenuMsg::Unplannable, menu_name(flow, menu)),
        PlanError::NotUpstream { id } => (MenuMsg::Unplannable, {
            let id = NodeId::Saved(id.clone());
            match flow.group(&id) {
                Some(g) => g.name.clone(),
                None => menu_name(flow, &id),
            }
        }),
        PlanError::GroupIncomplete { group, .. } => (MenuMsg::Unplannable, group_name(flow, group)),
        PlanError::MemberTimesDiffer { group, .. } => {
            (MenuMsg::UnplannableTimes, group_name(flow, group))
        }
        PlanError::UnresolvedMember { group, .. } => {
            (MenuMsg::UnplannableMember, group_name(flow, group))
        }
    };
    fill(msg.text(lang), &[("name", &name)])
}

/// Why an edit was refused, in the user's language.
pub fn op_error_text(flow: &Flow, error: &OpError, lang: Lang) -> String {
    let key = |msg: MenuMsg, key: &dyn std::fmt::Display| fill(msg.text(lang), &[("key", key)]);
    match error {
        OpError::NoSuchMenu(id) => fill(
            MenuMsg::RefusedNoNode.text(lang),
            &[("name", &menu_name(flow, id))],
        ),
        OpError::NoSuchGroup(id) => fill(
            MenuMsg::RefusedNoNode.text(lang),
            &[("name", &group_name(flow, id))],
        ),
        OpError::NotAKey(k) => key(MenuMsg::RefusedNotAKey, k),
        OpError::KeyNotSet(k) => key(MenuMsg::RefusedKeyNotSet, k),
        OpError::KeyTaken(k) => key(MenuMsg::RefusedKeyTaken, k),
        OpError::SameKey(k) => key(MenuMsg::RefusedSameKey, k),
        OpError::NoSuchEntry { .. } => MenuMsg::RefusedNoEntry.text(lang).to_owned(),
        OpError::NoSuchMember { .. } => MenuMsg::RefusedNoMember.text(lang).to_owned(),
        OpError::AlreadyMember(who) => {
            fill(MenuMsg::RefusedAlreadyMember.text(lang), &[("who", who)])
        }
        OpError::InUse { count } => fill(MenuMsg::RefusedInUse.text(lang), &[("count", count)]),
        OpError::GroupToItself => MenuMsg::RefusedGroupToItself.text(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ivr::{Agent, Flow};
    use omicall::models::{IvrMenu, RingGroup};

    fn one_group() -> Flow {
        let group: RingGroup = serde_json::from_value(serde_json::json!({
            "_id": "g1", "group_name": "Nhóm Kinh doanh", "members": [], "strategy": "rollover"
        }))
        .expect("a group");
        Flow::from_omicall(Vec::<IvrMenu>::new(), vec![group], vec![], &[] as &[Agent])
    }

    #[test]
    fn refusals_and_unplannable_drafts_are_said_in_the_users_language() {
        let flow = one_group();
        let taken = op_error_text(&flow, &OpError::KeyTaken('3'), Lang::Vi);
        assert_eq!(taken, "Phím 3 đã dẫn tới nơi khác: hãy bỏ nó trước.");
        let times = PlanError::MemberTimesDiffer {
            group: NodeId::Saved("g1".into()),
            seconds: vec![10, 40],
        };
        assert!(plan_error_text(&flow, &times, Lang::En)
            .starts_with("The members of “Nhóm Kinh doanh”"));
    }

    #[test]
    fn the_first_menu_is_the_first_of_the_menus_entry_first() {
        use crate::ivr::fixture::{flow, menu};
        let names = ["Zalo", "ban hàng", "Ánh", "bán hàng", "Chăm sóc"];
        let mut flow = flow(
            names
                .iter()
                .enumerate()
                .map(|(i, name)| menu(&format!("m{i}"), name).build())
                .collect(),
            vec![],
        );
        let by_name = menus_entry_first(&flow)[0].id.clone();
        assert_eq!(first_menu(&flow).map(|m| m.id.clone()), Some(by_name));
        // An entry comes before every other menu, whatever its name.
        flow.mark_entries([&"m0".to_owned()]);
        assert_eq!(menus_entry_first(&flow)[0].name, "Zalo");
        assert_eq!(first_menu(&flow).map(|m| m.name.as_str()), Some("Zalo"));
    }
}
