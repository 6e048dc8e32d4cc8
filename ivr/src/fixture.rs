//! Small flows for the engine's unit tests, written as the vendor would send them.

use super::model::{Agent, Flow, NodeId, Target};
use super::ops::{apply, Op};
use omicall::models::{Extension, Greeting, IvrMenu, RingGroup};
use serde_json::{json, Value};

pub fn id(s: &str) -> NodeId {
    NodeId::Saved(s.to_owned())
}

pub fn to_group(s: &str) -> Target {
    Target::Group(id(s))
}

pub fn to_menu(s: &str) -> Target {
    Target::Menu(id(s))
}

/// A vendor menu under construction: greeting `hello`, 5 s, 3 tries, no keys.
pub struct MenuSpec(Value);

pub fn menu(id: &str, name: &str) -> MenuSpec {
    MenuSpec(json!({
        "_id": id,
        "script_name": name,
        "script_number": "166780",
        "greeting_id": "hello",
        "greeting_short_id": "",
        "time_out": 5,
        "max_failure": 3,
        "scripts": [],
        "action_type": "",
        "action": "",
        "invalid_sound_id": "",
    }))
}

impl MenuSpec {
    /// A key entry; `kind` is the vendor's action type ("Ring_group", "Ivr_menu", ...).
    pub fn key(mut self, key: &str, kind: &str, target: &str) -> Self {
        if let Some(scripts) = self.0["scripts"].as_array_mut() {
            scripts.push(json!({"key": null, "action_type": kind, "action": target,
                                "action_name": null, "ivr": key}));
        }
        self
    }

    pub fn fallback(self, kind: &str, target: &str) -> Self {
        self.set("action_type", json!(kind))
            .set("action", json!(target))
    }

    pub fn set(mut self, field: &str, value: Value) -> Self {
        self.0[field] = value;
        self
    }

    pub fn build(self) -> IvrMenu {
        serde_json::from_value(self.0).expect("a fixture menu decodes")
    }
}

/// A member entry as the vendor lists it: extension `sip` (by its agent), ringing position
/// `order`, and its own ringing time (`null` for none).
pub fn member(sip: &str, order: i64, timeout: Value) -> Value {
    json!({"agent_id": format!("agent-{sip}"), "order": order, "timeout": timeout, "sip_user": null})
}

/// A group ringing `members` (extensions) in turn, 20 s each.
pub fn group(id: &str, name: &str, members: &[&str]) -> RingGroup {
    group_json(id, name, members, json!({}))
}

pub fn group_json(id: &str, name: &str, members: &[&str], extra: Value) -> RingGroup {
    let members: Vec<Value> = members
        .iter()
        .map(|sip| json!({"agent_id": format!("agent-{sip}"), "order": 0, "timeout": 20, "sip_user": null}))
        .collect();
    let mut value = json!({
        "_id": id,
        "group_name": name,
        "members": members,
        "strategy": "rollover",
        "target_timeout_type": "",
        "target_timeout": "",
    });
    if let (Some(base), Some(extra)) = (value.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    serde_json::from_value(value).expect("a fixture group decodes")
}

pub fn extensions(sips: &[&str]) -> Vec<Extension> {
    sips.iter()
        .map(|sip| {
            serde_json::from_value(json!({"sip_user": sip, "agent_id": format!("agent-{sip}"),
                                          "full_name": format!("Agent {sip}")}))
            .expect("a fixture extension decodes")
        })
        .collect()
}

pub fn upload(id: &str, name: &str) -> Greeting {
    serde_json::from_value(json!({"_id": id, "greeting_name": name, "formality": "Tải lên"}))
        .expect("a fixture greeting decodes")
}

pub fn tts(id: &str, name: &str, text: &str) -> Greeting {
    serde_json::from_value(
        json!({"_id": id, "greeting_name": name, "formality": "Robot đọc",
                                  "content": text, "voice": "banmai", "speed": 0}),
    )
    .expect("a fixture greeting decodes")
}

pub fn greetings() -> Vec<Greeting> {
    vec![
        upload("hello", "Xin chào"),
        upload("short", "Mời chọn lại"),
        upload("oops", "Phím không hợp lệ"),
        upload("busy", "Tổng đài viên đang bận, xin chờ"),
        tts(
            "say-1-2",
            "Menu chính (robot)",
            "Kinh doanh bấm phím 1, kỹ thuật bấm phím 2",
        ),
        tts("thanks", "Cảm ơn", "Cảm ơn quý khách đã gọi"),
    ]
}

pub fn flow(menus: Vec<IvrMenu>, groups: Vec<RingGroup>) -> Flow {
    Flow::from_omicall(menus, groups, greetings(), &agents())
}

/// The agents of the fixture's extensions 100-102.
pub fn agents() -> Vec<Agent> {
    extensions(&["100", "101", "102"])
        .iter()
        .filter_map(Agent::of)
        .collect()
}

/// The fixture's agent of extension `sip`.
pub fn agent(sip: &str) -> Agent {
    agents()
        .into_iter()
        .find(|a| a.sip_user == sip)
        .expect("a fixture agent")
}

/// A small tenant that passes every rule: `main` (1 → sales, 2 → tech, 9 → `sub`, fallback
/// sales) and `sub` (1 → tech, fallback back to `main`).
pub fn tenant() -> Flow {
    flow(
        vec![
            menu("main", "Menu chính")
                .key("1", "Ring_group", "sales")
                .key("2", "Ring_group", "tech")
                .key("9", "Ivr_menu", "sub")
                .fallback("Ring_group", "sales")
                .build(),
            menu("sub", "Hỗ trợ")
                .key("1", "Ring_group", "tech")
                .fallback("Ivr_menu", "main")
                .build(),
        ],
        vec![
            group("sales", "Kinh doanh", &["100", "101"]),
            group("tech", "Kỹ thuật", &["102"]),
        ],
    )
}

/// Applies edits that must succeed.
pub fn edit(flow: &mut Flow, ops: impl IntoIterator<Item = Op>) {
    for op in ops {
        apply(flow, &op).expect("a fixture edit applies");
    }
}

/// The simulator holding `flow` as the vendor would (the engine's own tests only).
#[cfg(test)]
pub fn upstream(flow: &Flow) -> super::on_sim::OnSim {
    super::on_sim::OnSim::holding(flow, extensions(&["100", "101", "102"]))
}
