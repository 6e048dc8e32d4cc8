//! Every example answer of the vendor's reference decodes through the client's own answer reader,
//! and writes back into JSON that decodes to the same value.

use omicall::models::{
    AuthGrant, Extension, ExtensionDetail, Greeting, GreetingFile, IvrMenu, RingGroup,
};
use omicall::{read_answer, ActionType, Page, Strategy, Voice};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes a fixture as the client would, then checks the model survives a write and a re-read.
fn decode<T: DeserializeOwned + Serialize + PartialEq + Debug>(name: &'static str) -> T {
    let value: T = read_answer(name, 200, &fixture(name)).expect("the reference's example decodes");
    let written = serde_json::to_vec(&value).expect("models write");
    let reread: T = serde_json::from_slice(&written).expect("written models read back");
    assert_eq!(reread, value, "{name} changes when written back");
    value
}

#[test]
fn the_auth_answer_gives_a_token_that_debug_output_hides() {
    let grant: AuthGrant = read_answer("auth", 200, &fixture("auth")).unwrap();
    assert_eq!(
        grant.access_token.expose(),
        "eyJhbGciOiJIUzI1NiJ9.example-token"
    );
    assert_eq!(grant.access_type.as_deref(), Some("bussiness"));
    assert!(!format!("{grant:?}").contains("example-token"));
}

#[test]
fn the_extension_list_example_decodes_with_its_paging() {
    let page: Page<Extension> = decode("internal_phone_list");
    assert_eq!(page.items.len(), 2);
    let first = &page.items[0];
    assert_eq!(first.sip_user, "147");
    assert_eq!(first.full_name.as_deref(), Some("Đỗ Thị Hồng Vy"));
    assert_eq!(first.agent_id.as_deref(), Some("xxx"));
    assert_eq!(first.last_updated_date, Some(1_575_269_373_331));
    assert_eq!(
        first.enabled, None,
        "the reference's list carries no status"
    );
    assert_eq!((page.total_items, page.total_pages), (Some(30), Some(15)));
    assert_eq!((page.has_next, page.next_page), (Some(true), Some(2)));
}

#[test]
fn the_hotline_list_example_is_a_list_of_numbers() {
    let hotlines: Vec<String> = decode("hotline_list");
    assert_eq!(hotlines, vec!["024********", "842*********"]);
}

#[test]
fn the_extension_detail_example_carries_the_sip_account() {
    let detail: ExtensionDetail = decode("extensions_detail");
    assert_eq!(detail.extension.as_deref(), Some("6349"));
    assert_eq!(detail.uuid.as_deref(), Some("tientv11"));
    let account = detail.pbx_account.expect("pbx_account");
    assert_eq!(account.sip_password.as_deref(), Some("rvld582289"));
    assert_eq!(account.transport, vec!["tcp", "udp", "ws", "wss"]);
    assert_eq!(account.use_opus, Some(true));
    assert_eq!(account.sip_proxy_port, None, "an empty port is no port");
    assert!(account.stun_servers.is_empty());
}

#[test]
fn the_group_list_example_decodes_text_booleans_and_voicemail_targets() {
    let page: Page<RingGroup> = decode("internal_group_list");
    assert_eq!(page.items.len(), 4);
    let tech = &page.items[0];
    assert_eq!(tech.id, "62ff11b208d4bf3ea694a6f3");
    assert_eq!(tech.group_name, "Nhóm Tech");
    assert_eq!(tech.strategy, Some(Strategy::Simultaneous));
    assert_eq!(tech.is_answer, Some(false), "\"false\" arrives as text");
    assert_eq!(tech.target_timeout_type, None, "\"\" means no target");
    assert_eq!(tech.members.len(), 2);
    assert_eq!(tech.members[0].timeout, Some(30));
    assert_eq!(tech.members[0].sip_user, None);
    let default_group = &page.items[3];
    assert_eq!(
        default_group.target_timeout_type,
        Some(ActionType::VoiceMail)
    );
    assert_eq!(
        default_group.target_timeout.as_deref(),
        Some("62da34652a310904dfbbf13b")
    );
    assert_eq!(page.extension, None);
}

#[test]
fn the_group_add_example_decodes_its_nulls_and_sip_members() {
    let group: RingGroup = decode("internal_group_add");
    assert_eq!(group.strategy, Some(Strategy::Random));
    assert_eq!(group.is_answer, None);
    assert_eq!(group.ring_group_type, None);
    assert_eq!(group.criterias, None);
    assert_eq!(group.sip_members.as_deref(), Some(&["100".to_owned()][..]));
    assert_eq!(group.member_timeout(), Some(30));
}

#[test]
fn the_group_update_example_decodes() {
    let group: RingGroup = decode("internal_group_update");
    assert_eq!(group.group_number.as_deref(), Some("22412"));
    assert_eq!(
        group.last_update_by.and_then(|a| a.name).as_deref(),
        Some("OMI Hotline")
    );
    assert_eq!(group.timeout, Some(30));
}

#[test]
fn the_menu_list_example_keeps_unconfigured_keys() {
    let page: Page<IvrMenu> = decode("key_interaction_list");
    let menu = &page.items[0];
    assert_eq!(menu.script_name, "KỊCH BẢN BẤM PHÍM");
    assert_eq!(menu.script_number.as_deref(), Some("166780"));
    assert_eq!(menu.scripts.len(), 5);
    assert_eq!(menu.scripts[0].action_type, Some(ActionType::RingGroup));
    assert_eq!(menu.scripts[2].ivr, "3");
    assert_eq!(menu.scripts[2].action, None);
    assert_eq!(menu.action_type, None);
    assert_eq!((menu.time_out, menu.max_failure), (Some(3), Some(1)));
    assert_eq!(menu.ivr_direct_menu_dial, None);
}

#[test]
fn the_menu_add_example_decodes_a_sub_menu_key() {
    let menu: IvrMenu = decode("key_interaction_add");
    assert_eq!(menu.scripts[0].action_type, Some(ActionType::IvrMenu));
    assert_eq!(
        menu.invalid_sound_id.as_deref(),
        Some("6209c99b067f745da47367f3")
    );
    assert_eq!(
        menu.ivr_direct_menu_dial,
        Some(false),
        "\"false\" arrives as text"
    );
}

#[test]
fn the_menu_update_example_decodes() {
    let menu: IvrMenu = decode("key_interaction_update");
    assert_eq!(
        menu.greeting_id.as_deref(),
        Some("62da34652a310904dfbbf13b")
    );
    assert_eq!(menu.last_updated_date, Some(1_670_644_627_322));
}

#[test]
fn the_greeting_list_example_decodes_text_to_speech_greetings() {
    let page: Page<Greeting> = decode("greeting_list");
    assert_eq!(page.items.len(), 3);
    let g = &page.items[2];
    assert!(g.is_tts());
    assert_eq!(g.voice, Some(Voice::BanMai));
    assert_eq!(
        g.content.as_deref(),
        Some("Thêm mới thành công hay thất bại")
    );
    assert_eq!(
        g.recording_file.as_deref(),
        Some("d8bc922b-cabf-4e28-8198-6021f5b82c14.mp3")
    );
    assert_eq!(page.total_pages, Some(5));
}

#[test]
fn the_text_to_speech_example_wraps_the_greeting_in_file() {
    let answer: GreetingFile = decode("greeting_tts");
    assert_eq!(answer.file.greeting_name, "Nhắc lịch đào tạo");
    assert_eq!(answer.file.speed, Some(0));
}

#[test]
fn written_models_keep_the_vendors_field_names() {
    let page: Page<RingGroup> = decode("internal_group_list");
    let json = serde_json::to_value(&page.items[0]).unwrap();
    assert_eq!(json["_id"], "62ff11b208d4bf3ea694a6f3");
    assert_eq!(json["is_answer"], "false");
    assert_eq!(json["target_timeout_type"], "");
    assert_eq!(json["strategy"], "enterprise");
}

#[test]
fn written_models_leave_out_what_has_no_value_only_when_asked() {
    // The examples hold nulls (a member's view and hold music, a key's name, a greeting's
    // voice): written as the vendor writes them, every field is there; written for the
    // console's own use, the unset ones are absent, and read back the same.
    let group: RingGroup = decode("internal_group_add");
    let menus: Page<IvrMenu> = decode("key_interaction_list");
    let greetings: Page<Greeting> = decode("greeting_list");
    let write = || {
        [
            serde_json::to_string(&group).unwrap(),
            serde_json::to_string(&menus.items).unwrap(),
            serde_json::to_string(&greetings.items).unwrap(),
        ]
    };
    let vendor = write();
    let compact = omicall::wire::leaving_out_unset(write);
    for (vendor, compact) in vendor.iter().zip(&compact) {
        assert!(
            vendor.contains(":null"),
            "the vendor's shape lost its nulls: {vendor}"
        );
        assert!(!compact.contains("null"), "a null was written: {compact}");
        assert!(compact.len() < vendor.len());
    }
    let reread: RingGroup = serde_json::from_str(&compact[0]).unwrap();
    assert_eq!(reread, group);
    let reread: Vec<IvrMenu> = serde_json::from_str(&compact[1]).unwrap();
    assert_eq!(reread, menus.items);
    let reread: Vec<Greeting> = serde_json::from_str(&compact[2]).unwrap();
    assert_eq!(reread, greetings.items);
    // The scope ends with the call.
    assert_eq!(write(), vendor);
}
