//! The reference's example menus, groups and greetings (tests/fixtures, copied verbatim from
//! the vendor's reference) go through the engine's model and come back unchanged.

use ivr::{apply, Agent, Flow, NodeId, Op, Target};
use omicall::models::{Extension, Greeting, GreetingFile, IvrMenu, RingGroup};
use omicall::Page;
use serde::de::DeserializeOwned;

fn payload<T: DeserializeOwned>(name: &str) -> T {
    // The reference's example answers, kept once, beside the client that decodes them.
    let path = format!(
        "{}/../omicall/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the fixture exists");
    let mut envelope: serde_json::Value = serde_json::from_str(&text).expect("the fixture is JSON");
    serde_json::from_value(envelope["payload"].take()).expect("the payload decodes")
}

fn menus() -> Vec<IvrMenu> {
    let mut menus = payload::<Page<IvrMenu>>("key_interaction_list").items;
    // The add and update answers describe the same menu as the list; keep them apart by id.
    for (name, id) in [
        ("key_interaction_add", "added"),
        ("key_interaction_update", "updated"),
    ] {
        let mut menu: IvrMenu = payload(name);
        menu.id = id.to_owned();
        menus.push(menu);
    }
    menus
}

fn groups() -> Vec<RingGroup> {
    let mut groups = payload::<Page<RingGroup>>("internal_group_list").items;
    groups.push(payload("internal_group_update"));
    let mut added: RingGroup = payload("internal_group_add");
    added.id = "added".to_owned();
    groups.push(added);
    groups
}

fn greetings() -> Vec<Greeting> {
    let mut greetings = payload::<Page<Greeting>>("greeting_list").items;
    greetings.push(payload::<GreetingFile>("greeting_tts").file);
    greetings
}

fn extension(sip: &str, agent: &str) -> Extension {
    serde_json::from_value(serde_json::json!({"sip_user": sip, "agent_id": agent}))
        .expect("an extension decodes")
}

fn load() -> Flow {
    Flow::from_omicall(menus(), groups(), greetings(), &[])
}

fn sorted_by_id<T>(mut items: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
    items.sort_by(|a, b| id(a).cmp(id(b)));
    items
}

#[test]
fn the_reference_menus_come_back_unchanged() {
    let records = load().to_omicall();
    assert_eq!(records.menus, sorted_by_id(menus(), |m| &m.id));
    // And byte for byte as JSON, as the vendor's own tools would see them.
    let json = |menus: &[IvrMenu]| serde_json::to_value(menus).expect("menus serialise");
    assert_eq!(
        json(&records.menus),
        json(&sorted_by_id(menus(), |m| &m.id))
    );
}

#[test]
fn the_reference_groups_come_back_unchanged() {
    let records = load().to_omicall();
    assert_eq!(records.groups, sorted_by_id(groups(), |g| &g.id));
}

#[test]
fn keys_shown_but_not_configured_survive_the_round_trip() {
    let flow = load();
    let id = NodeId::Saved("632969ce7534d97b0933d51d".into());
    let menu = flow.menu(&id).expect("the listed menu");
    let unconfigured: Vec<&str> = menu
        .keys
        .iter()
        .filter(|b| b.target.is_none())
        .map(|b| b.key.as_str())
        .collect();
    assert_eq!(unconfigured, ["3", "4", "5"]);
    let back = menu.to_omicall().expect("a saved menu");
    assert_eq!(back.scripts.len(), 5);
    assert_eq!(back.scripts, menus()[0].scripts);
}

#[test]
fn an_edit_changes_only_the_fields_it_touches() {
    let mut flow = load();
    let id = NodeId::Saved("632969ce7534d97b0933d51d".into());
    let edits = [
        Op::Rename {
            menu: id.clone(),
            name: "Menu chính".into(),
        },
        Op::SetKey {
            menu: id.clone(),
            key: '3',
            target: Target::Group(NodeId::Saved("62ff11b208d4bf3ea694a6f3".into())),
        },
    ];
    for op in &edits {
        apply(&mut flow, op).expect("the edit applies");
    }
    let back = flow
        .menu(&id)
        .and_then(|m| m.to_omicall())
        .expect("a saved menu");
    let before = &menus()[0];
    assert_eq!(back.script_name, "Menu chính");
    assert_eq!(back.script_name_unsigned.as_deref(), Some("Menu chinh"));
    assert_eq!(
        back.scripts[2].action.as_deref(),
        Some("62ff11b208d4bf3ea694a6f3")
    );
    assert_eq!(back.scripts[2].ivr, "3");
    // Everything else is as the vendor sent it, unconfigured keys 4 and 5 included.
    let expected = IvrMenu {
        script_name: back.script_name.clone(),
        script_name_unsigned: back.script_name_unsigned.clone(),
        scripts: {
            let mut scripts = before.scripts.clone();
            scripts[2] = back.scripts[2].clone();
            scripts
        },
        ..before.clone()
    };
    assert_eq!(back, expected);
}

#[test]
fn the_voicemail_target_of_the_reference_group_is_understood() {
    let flow = load();
    let group = flow
        .group(&NodeId::Saved("6209c99b067f745da47367f4".into()))
        .expect("the default group");
    assert_eq!(
        group.on_timeout,
        Some(Target::VoiceMail("62da34652a310904dfbbf13b".into()))
    );
    assert_eq!(group.member_timeout, Some(30));
}

#[test]
fn group_members_are_matched_to_extensions_by_agent_id() {
    let flow = Flow::from_omicall(
        Vec::<IvrMenu>::new(),
        groups(),
        vec![],
        &Agent::of(&extension("147", "62d563113127de2eac6b8cbf"))
            .into_iter()
            .collect::<Vec<_>>(),
    );
    let tech = flow
        .group(&NodeId::Saved("62ff11b208d4bf3ea694a6f3".into()))
        .expect("Nhóm Tech");
    let sips: Vec<Option<&str>> = tech.members.iter().map(|m| m.sip_user.as_deref()).collect();
    assert_eq!(sips, [Some("147"), None]);
}

#[test]
fn text_to_speech_greetings_of_the_reference_are_read_for_keys() {
    let flow = load();
    let tts = flow
        .recording("639981151ee2ed6f5bbeea90")
        .expect("the TTS answer's greeting");
    assert!(tts.tts_text().is_some());
    assert!(tts.mentioned_keys().is_empty(), "a reminder names no key");
}
