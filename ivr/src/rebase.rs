//! A draft from the browser made into the flow to save: its edits replayed over the vendor's
//! current state, refused where someone else changed what it touches.
//!
//! The browser sends the records it loaded for the menus and groups its edits touch (its base),
//! its edits, and the ids of drafts an earlier, interrupted save already created. Untouched
//! nodes are taken as they are now; touched ones as the edits make them from the base. A
//! touched node changed upstream since the base was loaded is a conflict unless the admin chose
//! to overwrite it; a node the edits change but the browser did not declare is refused, since
//! nothing says which version it was edited from.

use super::model::{Agent, Flow, Group, IdMap, Menu, NodeId, Subject};
use super::ops::{apply, Op, OpError};
use omicall::models::{IvrMenu, RingGroup};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What the browser sends to save.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The vendor records, as loaded, of the menus and groups the edits touch.
    pub base_menus: Vec<IvrMenu>,
    pub base_groups: Vec<RingGroup>,
    pub edits: Vec<Op>,
    /// Drafts an earlier save created, by draft number.
    pub created: IdMap,
    /// Menu and group ids whose upstream changes the admin chose to overwrite.
    pub overwrite: BTreeSet<String>,
    /// The version (by number) the edits restore, when they came from History.
    #[serde(default)]
    pub restores: Option<u64>,
}

/// A touched node someone else changed (or deleted) since the editor loaded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    pub subject: Subject,
    pub name: String,
    pub gone: bool,
}

/// Why a draft cannot be saved as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RebaseError {
    /// Edit `index` does not apply.
    Edit {
        index: usize,
        error: OpError,
    },
    /// The edits change a node the draft did not send as loaded.
    Undeclared(Subject),
    Changed(Vec<Changed>),
}

/// The edited flow to plan against `current`.
pub fn rebase(current: &Flow, draft: &Draft, agents: &[Agent]) -> Result<Flow, RebaseError> {
    let mut base = current.clone();
    let mut changed = Vec::new();
    let mut declared = BTreeSet::new();
    for record in &draft.base_menus {
        let id = NodeId::Saved(record.id.clone());
        declared.insert(Subject::Menu(id.clone()));
        let Some(now) = current.menu(&id) else {
            changed.push(Changed {
                subject: Subject::Menu(id),
                name: record.script_name.clone(),
                gone: true,
            });
            continue;
        };
        let then = record.last_updated_date;
        if now.original.as_ref().and_then(|o| o.last_updated_date) != then
            && !draft.overwrite.contains(&record.id)
        {
            changed.push(Changed {
                subject: Subject::Menu(id.clone()),
                name: now.name.clone(),
                gone: false,
            });
        }
        let mut menu = Menu::from_omicall(record.clone());
        menu.entry = now.entry;
        base.menus.insert(id, menu);
    }
    let by_agent: HashMap<&str, &Agent> = agents.iter().map(|a| (a.agent_id.as_str(), a)).collect();
    for record in &draft.base_groups {
        let id = NodeId::Saved(record.id.clone());
        declared.insert(Subject::Group(id.clone()));
        let Some(now) = current.group(&id) else {
            changed.push(Changed {
                subject: Subject::Group(id),
                name: record.group_name.clone(),
                gone: true,
            });
            continue;
        };
        let then = record.last_updated_date;
        if now.original.as_ref().and_then(|o| o.last_updated_date) != then
            && !draft.overwrite.contains(&record.id)
        {
            changed.push(Changed {
                subject: Subject::Group(id.clone()),
                name: now.name.clone(),
                gone: false,
            });
        }
        base.groups
            .insert(id, Group::from_omicall(record.clone(), &by_agent));
    }
    if !changed.is_empty() {
        return Err(RebaseError::Changed(changed));
    }
    let mut mine = base.clone();
    mine.next_draft = 0;
    for (index, op) in draft.edits.iter().enumerate() {
        apply(&mut mine, op).map_err(|error| RebaseError::Edit { index, error })?;
    }
    let mine = mine.with_saved_ids(&draft.created);
    let created: BTreeSet<&String> = draft.created.values().collect();
    // A node the edits changed is known when the draft declared it as loaded, or an earlier
    // save created it; new drafts are the edits' own.
    let known = |subject: &Subject, id: &NodeId| match id {
        NodeId::Saved(saved) => declared.contains(subject) || created.contains(saved),
        NodeId::Draft(_) => true,
    };
    for id in base.menus.keys().chain(mine.menus.keys()) {
        let (before, after) = (base.menu(id), mine.menu(id));
        let same = match (before, after) {
            (Some(a), Some(b)) => a.content() == b.content() && a.entry == b.entry,
            (None, None) => true,
            _ => false,
        };
        let subject = Subject::Menu(id.clone());
        if !same && before.is_some() && !known(&subject, id) {
            return Err(RebaseError::Undeclared(subject));
        }
    }
    for id in base.groups.keys().chain(mine.groups.keys()) {
        let (before, after) = (base.group(id), mine.group(id));
        let same = match (before, after) {
            (Some(a), Some(b)) => a.content() == b.content(),
            (None, None) => true,
            _ => false,
        };
        let subject = Subject::Group(id.clone());
        if !same && before.is_some() && !known(&subject, id) {
            return Err(RebaseError::Undeclared(subject));
        }
    }
    Ok(mine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::*;
    use crate::plan::plan;
    use serde_json::json;

    fn records(flow: &Flow) -> (Vec<IvrMenu>, Vec<RingGroup>) {
        let r = flow.to_omicall();
        (r.menus, r.groups)
    }

    fn stamped(menu_stamp: i64) -> Flow {
        flow(
            vec![
                menu("main", "Menu chính")
                    .key("1", "Ring_group", "sales")
                    .key("9", "Ivr_menu", "sub")
                    .fallback("Ring_group", "sales")
                    .set("last_updated_date", json!(menu_stamp))
                    .build(),
                menu("sub", "Hỗ trợ")
                    .key("1", "Ring_group", "sales")
                    .fallback("Ivr_menu", "main")
                    .set("last_updated_date", json!(1))
                    .build(),
            ],
            vec![group("sales", "Kinh doanh", &["100"])],
        )
    }

    fn rename_main() -> Draft {
        let loaded = stamped(1);
        let (menus, _) = records(&loaded);
        Draft {
            base_menus: menus.into_iter().filter(|m| m.id == "main").collect(),
            edits: vec![Op::Rename {
                menu: id("main"),
                name: "Chính".into(),
            }],
            ..Draft::default()
        }
    }

    #[test]
    fn edits_are_replayed_over_the_current_state_keeping_others_changes() {
        let mut current = stamped(1);
        // Someone else changed the untouched submenu meanwhile.
        edit(
            &mut current,
            [Op::SetTimeOut {
                menu: id("sub"),
                seconds: 9,
            }],
        );
        let merged = rebase(&current, &rename_main(), &agents()).unwrap();
        assert_eq!(merged.menu(&id("main")).unwrap().name, "Chính");
        assert_eq!(merged.menu(&id("sub")).unwrap().time_out, Some(9));
        let steps = plan(&current, &merged).unwrap().steps;
        assert_eq!(steps.len(), 1, "only the renamed menu is written");
    }

    #[test]
    fn a_touched_menu_someone_else_changed_is_refused_unless_overwritten() {
        let current = stamped(2);
        let refused = rebase(&current, &rename_main(), &agents());
        assert_eq!(
            refused,
            Err(RebaseError::Changed(vec![Changed {
                subject: Subject::Menu(id("main")),
                name: "Menu chính".into(),
                gone: false
            }]))
        );
        let mut draft = rename_main();
        draft.overwrite.insert("main".into());
        assert!(rebase(&current, &draft, &agents()).is_ok());
    }

    #[test]
    fn a_draft_that_changes_what_it_did_not_send_is_refused() {
        let mut draft = rename_main();
        draft.edits.push(Op::SetTimeOut {
            menu: id("sub"),
            seconds: 7,
        });
        assert_eq!(
            rebase(&stamped(1), &draft, &agents()),
            Err(RebaseError::Undeclared(Subject::Menu(id("sub"))))
        );
    }

    #[test]
    fn an_edit_that_does_not_apply_is_refused_with_its_place() {
        let mut draft = rename_main();
        draft.edits.push(Op::SetKey {
            menu: id("main"),
            key: 'x',
            target: to_group("sales"),
        });
        assert_eq!(
            rebase(&stamped(1), &draft, &agents()),
            Err(RebaseError::Edit {
                index: 1,
                error: OpError::NotAKey('x')
            })
        );
    }

    #[test]
    fn a_retry_maps_drafts_an_earlier_save_created_onto_them() {
        let loaded = stamped(1);
        let (menus, _) = records(&loaded);
        let draft = Draft {
            base_menus: menus.into_iter().filter(|m| m.id == "main").collect(),
            edits: vec![
                Op::AddSubmenu {
                    menu: id("main"),
                    key: '2',
                    name: "Tư vấn".into(),
                },
                Op::SetGreeting {
                    menu: NodeId::Draft(0),
                    greeting: Some("hello".into()),
                },
                Op::SetFallback {
                    menu: NodeId::Draft(0),
                    target: Some(to_group("sales")),
                },
            ],
            ..Draft::default()
        };
        let merged = rebase(&loaded, &draft, &agents()).unwrap();
        let first = plan(&loaded, &merged).unwrap();
        let mut upstream = upstream(&loaded);
        upstream.fail_after(1);
        let report = crate::execute::execute_now(&first, |call| upstream.call(call));
        assert!(!report.is_complete());
        assert_eq!(report.id_map.len(), 1, "the new menu was created");
        // The retry: the vendor's state now, our own applied steps overwritten.
        let now = upstream.flow();
        let retry = Draft {
            created: report.id_map.clone(),
            overwrite: ["main".to_owned()].into(),
            ..draft
        };
        let merged = rebase(&now, &retry, &agents()).unwrap();
        let second = plan(&now, &merged).unwrap();
        assert!(
            second
                .steps
                .iter()
                .all(|s| !matches!(s, crate::plan::Step::CreateMenu { .. })),
            "nothing is created twice: {second:?}"
        );
        let report = crate::execute::execute_now(&second, |call| upstream.call(call));
        assert!(report.is_complete());
        let done = upstream.flow();
        let main = done.menu(&id("main")).unwrap();
        let created = NodeId::Saved(first_id(&done, "Tư vấn"));
        assert_eq!(main.target_of('2'), Some(&crate::Target::Menu(created)));
    }

    fn first_id(flow: &Flow, name: &str) -> String {
        flow.menus()
            .find(|m| m.name == name)
            .and_then(|m| m.id.saved().map(str::to_owned))
            .expect("the menu exists")
    }
}
