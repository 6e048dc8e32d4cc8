//! Every endpoint answers with the field names and JSON types of the reference's examples, and
//! the answers decode with omicall's own reader.

use crate::helpers::{assert_same_shape, reference, TestSim};
use omicall::models::{Extension, ExtensionDetail, Greeting, GreetingFile, IvrMenu, RingGroup};
use omicall::{read_answer, Page};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The envelope fields every answer has, whatever its payload.
fn assert_envelope(body: &Value) {
    for field in [
        "status_code",
        "instance_id",
        "instance_version",
        "payload",
        "key_enabled",
    ] {
        assert!(body.get(field).is_some(), "{field} is missing from {body}");
    }
}

fn decodes<T: DeserializeOwned>(body: &Value) -> T {
    read_answer("contract", 200, body.to_string().as_bytes()).expect("omicall reads the answer")
}

#[tokio::test]
async fn auth_answers_like_the_reference() {
    let sim = TestSim::start().await;
    let answer = sim
        .send(sim.http.get(sim.url("/api/auth?apiKey=demo")))
        .await;
    assert_same_shape(&reference("auth"), &answer.body);
    assert_eq!(answer.body["payload"]["token_type"], "Bearer");
    let token = answer.body["payload"]["access_token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[tokio::test]
async fn the_extension_list_answers_like_the_reference_without_a_status_field() {
    let sim = TestSim::start().await;
    let answer = sim.get("internal_phone/list?size=2").await;
    assert_same_shape(&reference("internal_phone_list"), &answer.body);
    for item in answer.body["payload"]["items"].as_array().unwrap() {
        assert!(item.get("enabled").is_none(), "{item}");
    }
    let page: Page<Extension> = decodes(&answer.body);
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|e| e.enabled.is_none()));
}

#[tokio::test]
async fn the_extension_detail_answers_like_the_reference() {
    let sim = TestSim::start().await;
    let answer = sim.get("extensions/detail?type=sip_user&keyword=100").await;
    assert_same_shape(&reference("extensions_detail"), &answer.body);
    let detail: ExtensionDetail = decodes(&answer.body);
    assert_eq!(detail.extension.as_deref(), Some("100"));
}

#[tokio::test]
async fn the_hotline_list_answers_like_the_reference() {
    let sim = TestSim::start().await;
    let answer = sim.get("hotline/list?extension=100").await;
    assert_same_shape(&reference("hotline_list"), &answer.body);
    let hotlines: Vec<String> = decodes(&answer.body);
    assert_eq!(hotlines.len(), 3);
}

#[tokio::test]
async fn the_group_list_answers_like_the_reference() {
    let sim = TestSim::start().await;
    let answer = sim.get("internal_group/list").await;
    assert_same_shape(&reference("internal_group_list"), &answer.body);
    let page: Page<RingGroup> = decodes(&answer.body);
    assert_eq!(page.items.len(), 5);
    assert!(page.items.iter().all(|g| g.sip_members.is_none()));
}

#[tokio::test]
async fn group_add_and_update_answer_like_the_reference() {
    let sim = TestSim::start().await;
    let body = json!({"group_name": "Nhóm Thử nghiệm", "strategy": "random", "sip_members": ["100", "101"], "timeout": 30});
    let added = sim.post("internal_group/add", body).await;
    assert_same_shape(&reference("internal_group_add"), &added.body);
    let group: RingGroup = decodes(&added.body);
    assert_eq!(
        group.sip_members,
        Some(vec!["100".to_owned(), "101".to_owned()])
    );
    assert_eq!(group.timeout, Some(30));

    let body = json!({"group_name": "Nhóm Thử nghiệm 2", "strategy": "enterprise", "sip_members": ["102"], "timeout": 25});
    let updated = sim
        .post(&format!("internal_group/update/{}", group.id), body)
        .await;
    assert_same_shape(&reference("internal_group_update"), &updated.body);
    let group: RingGroup = decodes(&updated.body);
    assert_eq!(group.group_name, "Nhóm Thử nghiệm 2");
}

#[tokio::test]
async fn the_menu_list_answers_like_the_reference() {
    let sim = TestSim::start().await;
    let answer = sim.get("key-interaction/list").await;
    assert_same_shape(&reference("key_interaction_list"), &answer.body);
    let page: Page<IvrMenu> = decodes(&answer.body);
    assert_eq!(page.items.len(), 3);
}

#[tokio::test]
async fn menu_add_and_update_answer_like_the_reference() {
    let sim = TestSim::start().await;
    let group = sim
        .id_of("internal_group/list", "group_name", "Nhóm Kế toán")
        .await;
    let greeting = sim
        .id_of("greeting/list", "greeting_name", "Lời chào ngắn")
        .await;
    let sub_menu = sim
        .id_of("key-interaction/list", "script_name", "Hỗ trợ kỹ thuật")
        .await;
    let body = json!({
        "script_name": "Kịch bản thử",
        "greeting_id": greeting,
        "invalid_sound_id": greeting,
        "max_failure": 1,
        "time_out": 3,
        "scripts": [
            {"ivr": "1", "action": sub_menu, "action_type": "Ivr_menu"},
            {"ivr": "5", "action": group, "action_type": "Ring_group"}
        ]
    });
    let added = sim.post("key-interaction/add", body.clone()).await;
    assert_same_shape(&reference("key_interaction_add"), &added.body);
    let menu: IvrMenu = decodes(&added.body);
    let updated = sim
        .post(&format!("key-interaction/update/{}", menu.id), body)
        .await;
    assert_same_shape(&reference("key_interaction_update"), &updated.body);
}

#[tokio::test]
async fn the_greeting_list_answers_like_the_reference() {
    let sim = TestSim::start().await;
    let answer = sim.get("greeting/list?size=3").await;
    assert_same_shape(&reference("greeting_list"), &answer.body);
    let page: Page<Greeting> = decodes(&answer.body);
    assert_eq!(page.total(), 8);
}

#[tokio::test]
async fn text_to_speech_and_upload_answer_like_the_reference() {
    let sim = TestSim::start().await;
    let tts = sim
        .send(
            sim.request(Method::POST, "greeting/upload-text-to-speech")
                .query(&[("greeting_name", "Nhắc lịch đào tạo")])
                .json(&json!({"text": "Bạn có một lịch họp sắp đến giờ", "speed": "0", "voice": "banmai"})),
        )
        .await;
    assert_same_shape(&reference("greeting_tts"), &tts.body);
    let file: GreetingFile = decodes(&tts.body);
    assert!(file.file.is_tts());

    let upload = crate::greetings::upload(&sim, "Nhạc chờ mới", crate::greetings::tiny_mp3()).await;
    assert_same_shape(&reference("greeting_tts"), &upload.body);
    let file: GreetingFile = decodes(&upload.body);
    assert_eq!(
        file.file.formality.as_deref(),
        Some(omicall::models::FORMALITY_UPLOAD)
    );
}

#[tokio::test]
async fn answers_without_a_reference_example_are_success_envelopes() {
    let sim = TestSim::start().await;
    let body =
        json!({"group_name": "Nhóm tạm", "strategy": "rollover", "sip_members": [], "timeout": 20});
    let group = sim.post("internal_group/add", body).await.payload()["_id"].clone();
    let answers = [
        sim.put("internal_phone/status?enabled=false&sip_user=150").await,
        sim.post(
            "hotline/extension/update",
            json!({"hotline": "02473001234", "user_email": "hong.nguyen@anphat.vn", "directions": ["outbound"]}),
        )
        .await,
        sim.post("internal_group/add-members", json!({"group_id": group, "sip_users": ["150"]}))
            .await,
        sim.post("internal_group/remove-members", json!({"group_id": group, "sip_users": ["150"]}))
            .await,
        sim.delete(&format!("internal_group/delete/{}", group.as_str().unwrap()))
            .await,
    ];
    for answer in &answers {
        assert_envelope(&answer.body);
        assert_eq!(answer.body["status_code"], 9999, "{answer:?}");
    }
    assert_eq!(
        answers[0].body["payload"],
        json!({"sip_user": "150", "enabled": false})
    );
    assert_eq!(answers[2].body["payload"]["sip_members"], json!(["150"]));
    assert_eq!(answers[3].body["payload"]["sip_members"], json!([]));
    assert_eq!(answers[4].body["payload"], json!(true));
}
