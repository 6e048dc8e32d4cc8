//! IVR menus: unique names, references that must exist, keys, and deletion.

use crate::helpers::TestSim;
use serde_json::{json, Value};

struct Ids {
    group: String,
    greeting: String,
    sub_menu: String,
}

async fn ids(sim: &TestSim) -> Ids {
    Ids {
        group: sim
            .id_of("internal_group/list", "group_name", "Nhóm Kế toán")
            .await,
        greeting: sim
            .id_of("greeting/list", "greeting_name", "Lời chào ngắn")
            .await,
        sub_menu: sim
            .id_of("key-interaction/list", "script_name", "Hỗ trợ kỹ thuật")
            .await,
    }
}

fn menu(name: &str, ids: &Ids) -> Value {
    json!({
        "script_name": name,
        "greeting_id": ids.greeting,
        "max_failure": 2,
        "time_out": 5,
        "scripts": [
            {"ivr": "1", "action": ids.group, "action_type": "Ring_group"},
            {"ivr": "9", "action": ids.sub_menu, "action_type": "Ivr_menu"}
        ],
        "action_type": "Ring_group",
        "action": ids.group
    })
}

#[tokio::test]
async fn a_new_menu_is_listed_with_its_keys_and_a_six_digit_number() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    let added = sim
        .post("key-interaction/add", menu("Kịch bản khuyến mãi", &ids))
        .await
        .payload();
    assert_eq!(added["script_name_unsigned"], "Kich ban khuyen mai");
    let number = added["script_number"].as_str().unwrap();
    assert_eq!(number.len(), 6);
    assert_eq!(added["scripts"][1]["ivr"], "9");
    assert_eq!(added["scripts"][1]["action_type"], "Ivr_menu");
    assert_eq!(added["action_type"], "Ring_group");
    let listed = sim
        .find(
            "key-interaction/list",
            "_id",
            added["_id"].as_str().unwrap(),
        )
        .await;
    assert_eq!(listed, added);
}

#[tokio::test]
async fn a_duplicate_script_name_is_refused() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    for name in ["Tổng đài chính", "tong dai CHINH", "  Tổng Đài Chính "] {
        let message = sim
            .post("key-interaction/add", menu(name, &ids))
            .await
            .refusal();
        assert!(
            message.starts_with("script_name already exists"),
            "{name}: {message}"
        );
    }
    let own = sim
        .id_of("key-interaction/list", "script_name", "Ngoài giờ làm việc")
        .await;
    let message = sim
        .post(
            &format!("key-interaction/update/{own}"),
            menu("Tổng đài chính", &ids),
        )
        .await
        .refusal();
    assert!(
        message.starts_with("script_name already exists"),
        "{message}"
    );
    sim.post(
        &format!("key-interaction/update/{own}"),
        menu("Ngoài giờ làm việc", &ids),
    )
    .await
    .payload();
}

#[tokio::test]
async fn an_unknown_group_in_a_key_is_refused() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    let mut body = menu("Kịch bản sai nhóm", &ids);
    body["scripts"][0]["action"] = json!("62ff11b208d4bf3ea694a6f3");
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert_eq!(
        message,
        "scripts[0].action: internal group '62ff11b208d4bf3ea694a6f3' does not exist"
    );
    let mut body = menu("Kịch bản sai menu", &ids);
    body["scripts"][1]["action"] = json!("not-even-hex");
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert!(
        message.starts_with("scripts[1].action: IVR menu"),
        "{message}"
    );
    let mut body = menu("Kịch bản menu là nhóm", &ids);
    body["scripts"][1]["action"] = json!(ids.group);
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert!(
        message.contains("IVR menu") && message.contains("does not exist"),
        "{message}"
    );
}

#[tokio::test]
async fn an_unknown_greeting_is_refused() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    for field in ["greeting_id", "greeting_short_id", "invalid_sound_id"] {
        let mut body = menu("Kịch bản sai lời chào", &ids);
        body[field] = json!("6391f975b4c5c92743725fa3");
        let message = sim.post("key-interaction/add", body).await.refusal();
        assert_eq!(
            message,
            format!("{field}: greeting '6391f975b4c5c92743725fa3' does not exist")
        );
    }
    let mut body = menu("Kịch bản sai dự phòng", &ids);
    body["action_type"] = json!("Recording");
    body["action"] = json!("6391f975b4c5c92743725fa3");
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert!(message.starts_with("action: greeting"), "{message}");
}

#[tokio::test]
async fn keys_must_be_digits_star_or_hash_and_appear_once() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    for bad in ["A", "10", "", "**"] {
        let mut body = menu("Kịch bản phím", &ids);
        body["scripts"][0]["ivr"] = json!(bad);
        let message = sim.post("key-interaction/add", body).await.refusal();
        assert!(message.starts_with("scripts[0].ivr"), "{bad:?}: {message}");
    }
    let mut body = menu("Kịch bản phím", &ids);
    body["scripts"][1]["ivr"] = json!("1");
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert!(
        message.contains("key 1") && message.contains("more than once"),
        "{message}"
    );
    let mut body = menu("Kịch bản phím", &ids);
    body["scripts"] = json!([
        {"ivr": "*", "action": ids.sub_menu, "action_type": "Ivr_menu"},
        {"ivr": "#", "action": "", "action_type": ""}
    ]);
    let added = sim.post("key-interaction/add", body).await.payload();
    assert_eq!(added["scripts"][1]["action_type"], "");
    assert_eq!(added["scripts"][1]["action"], "");
}

#[tokio::test]
async fn time_out_and_max_failure_are_required_non_negative_whole_numbers() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    for (field, value) in [
        ("time_out", Value::Null),
        ("max_failure", json!(-1)),
        ("time_out", json!("5")),
        ("max_failure", json!(1.5)),
    ] {
        let mut body = menu("Kịch bản số", &ids);
        body[field] = value.clone();
        let message = sim.post("key-interaction/add", body).await.refusal();
        assert!(message.starts_with(field), "{field} = {value}: {message}");
    }
    let mut body = menu("Kịch bản số", &ids);
    body.as_object_mut().unwrap().remove("script_name");
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert_eq!(message, "script_name is required");
}

#[tokio::test]
async fn a_fallback_needs_both_its_type_and_its_id() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    let mut body = menu("Kịch bản dự phòng", &ids);
    body.as_object_mut().unwrap().remove("action");
    let message = sim.post("key-interaction/add", body).await.refusal();
    assert_eq!(message, "action is required");
    let mut body = menu("Kịch bản dự phòng", &ids);
    body["action_type"] = json!("Voice_mail");
    body["action"] = json!("bat-ky");
    sim.post("key-interaction/add", body).await.payload();
}

#[tokio::test]
async fn a_menu_another_menu_leads_to_cannot_be_deleted() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    let message = sim
        .delete(&format!("key-interaction/delete/{}", ids.sub_menu))
        .await
        .refusal();
    assert!(
        message.contains("'Hỗ trợ kỹ thuật'")
            && message.contains("IVR menu 'Tổng đài chính' (key 3)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_deleted_menu_disappears_from_the_list() {
    let sim = TestSim::start().await;
    let ids = ids(&sim).await;
    let mut body = menu("Kịch bản lặp", &ids);
    let added = sim
        .post("key-interaction/add", body.clone())
        .await
        .payload();
    let id = added["_id"].as_str().unwrap();
    // A key that repeats the menu itself does not keep it from being deleted.
    body["scripts"][1] = json!({"ivr": "0", "action": id, "action_type": "Ivr_menu"});
    sim.post(&format!("key-interaction/update/{id}"), body)
        .await
        .payload();
    assert_eq!(
        sim.delete(&format!("key-interaction/delete/{id}"))
            .await
            .payload(),
        json!(true)
    );
    assert!(sim
        .all("key-interaction/list")
        .await
        .iter()
        .all(|m| m["_id"] != id));
}
