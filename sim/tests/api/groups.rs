//! Ring groups: members from extensions, timeout targets, member changes under concurrency,
//! deletion.

use crate::helpers::TestSim;
use serde_json::{json, Value};
use std::collections::HashSet;

async fn add_group(sim: &TestSim, name: &str, members: &[&str]) -> Value {
    let body =
        json!({"group_name": name, "strategy": "rollover", "sip_members": members, "timeout": 25});
    sim.post("internal_group/add", body).await.payload()
}

fn member_agents(group: &Value) -> Vec<String> {
    group["members"]
        .as_array()
        .expect("members is an array")
        .iter()
        .map(|m| {
            m["agent_id"]
                .as_str()
                .expect("members have agent ids")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_new_group_gets_members_built_from_its_extensions() {
    let sim = TestSim::start().await;
    let group = add_group(&sim, "Nhóm Bán lẻ", &["105", "103"]).await;
    let id = group["_id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    let number = group["group_number"].as_str().unwrap();
    assert_eq!(number.len(), 5);
    assert!(number.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(group["group_name_unsigned"], "Nhom Ban le");
    assert_eq!(group["strategy"], "rollover");
    assert_eq!(group["sip_members"], json!(["105", "103"]));
    assert_eq!(group["timeout"], 25);
    let members = group["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    for (order, (member, sip)) in members.iter().zip(["105", "103"]).enumerate() {
        assert_eq!(member["agent_id"], sim.agent_of(sip).await.as_str());
        let contact = member["contact_id"].as_str().unwrap();
        assert_eq!(contact.len(), 24);
        assert_eq!(member["order"], order);
        assert_eq!(member["timeout"], 25);
        assert_eq!(member["sip_user"], Value::Null);
    }
    let listed = sim.find("internal_group/list", "_id", id).await;
    assert_eq!(listed["members"], group["members"]);
    assert!(listed.get("sip_members").is_none());
    let created = group["created_date"].as_i64().unwrap();
    assert!(
        created > 1_700_000_000_000,
        "milliseconds of the real clock"
    );
}

#[tokio::test]
async fn group_numbers_are_unique_within_the_tenant() {
    let sim = TestSim::start().await;
    for i in 0..20 {
        add_group(&sim, &format!("Nhóm số {i}"), &[]).await;
    }
    let numbers: HashSet<String> = sim
        .all("internal_group/list")
        .await
        .iter()
        .map(|g| g["group_number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(numbers.len(), 25);
}

#[tokio::test]
async fn a_second_group_with_the_same_name_ignoring_case_and_diacritics_is_refused() {
    let sim = TestSim::start().await;
    let body = json!({"group_name": " nhom ke TOAN ", "strategy": "random", "sip_members": [], "timeout": 30});
    let message = sim.post("internal_group/add", body).await.refusal();
    assert!(message.contains("group_name already exists"), "{message}");
    // A group keeps its own name when it is updated.
    let id = sim
        .id_of("internal_group/list", "group_name", "Nhóm Kế toán")
        .await;
    let body = json!({"group_name": "Nhóm Kế toán", "strategy": "random", "sip_members": ["140"], "timeout": 30});
    sim.post(&format!("internal_group/update/{id}"), body)
        .await
        .payload();
}

#[tokio::test]
async fn an_unknown_extension_is_refused_by_name() {
    let sim = TestSim::start().await;
    let body = json!({"group_name": "Nhóm lỗi", "strategy": "random", "sip_members": ["100", "999"], "timeout": 30});
    let message = sim.post("internal_group/add", body).await.refusal();
    assert!(
        message.contains("sip_members") && message.contains("'999'"),
        "{message}"
    );
    let group = sim
        .id_of("internal_group/list", "group_name", "Nhóm Kế toán")
        .await;
    let message = sim
        .post(
            "internal_group/add-members",
            json!({"group_id": group, "sip_users": ["998"]}),
        )
        .await
        .refusal();
    assert!(
        message.contains("sip_users") && message.contains("'998'"),
        "{message}"
    );
}

#[tokio::test]
async fn a_strategy_outside_the_reference_is_refused() {
    let sim = TestSim::start().await;
    let body =
        json!({"group_name": "Nhóm", "strategy": "ringall", "sip_members": [], "timeout": 30});
    let message = sim.post("internal_group/add", body).await.refusal();
    assert!(message.starts_with("strategy"), "{message}");
}

#[tokio::test]
async fn blank_target_fields_clear_the_target_and_fields_left_out_keep_it() {
    let sim = TestSim::start().await;
    let group = add_group(&sim, "Nhóm giữ đích", &["100"]).await;
    let id = group["_id"].as_str().unwrap();
    let target = sim
        .id_of("internal_group/list", "group_name", "Nhóm Kế toán")
        .await;
    let path = format!("internal_group/update/{id}");
    let base = json!({"group_name": "Nhóm giữ đích", "strategy": "enterprise", "sip_members": ["100"], "timeout": 30});
    let mut with_target = base.clone();
    with_target["target_timeout_type"] = json!("Ring_group");
    with_target["target_timeout"] = json!(target);
    sim.post(&path, with_target).await.payload();
    let kept = sim.post(&path, base.clone()).await.payload();
    assert_eq!(kept["target_timeout"], target.as_str(), "left out: kept");
    let mut blank = base;
    blank["target_timeout_type"] = json!("");
    blank["target_timeout"] = json!("");
    let cleared = sim.post(&path, blank).await.payload();
    assert_eq!(cleared["target_timeout"], "", "blank: cleared");
    assert_eq!(cleared["target_timeout_type"], "");
}

#[tokio::test]
async fn a_timeout_target_must_exist() {
    let sim = TestSim::start().await;
    let group = add_group(&sim, "Nhóm đích", &["100"]).await;
    let id = group["_id"].as_str().unwrap();
    let update = |kind: &str, target: &str| {
        json!({"group_name": "Nhóm đích", "strategy": "enterprise", "sip_members": ["100"], "timeout": 30,
               "target_timeout_type": kind, "target_timeout": target})
    };
    for kind in ["Ring_group", "Ivr_menu", "Recording"] {
        let message = sim
            .post(
                &format!("internal_group/update/{id}"),
                update(kind, "000000000000000000000000"),
            )
            .await
            .refusal();
        assert!(
            message.starts_with("target_timeout:") && message.contains("does not exist"),
            "{kind}: {message}"
        );
    }
    let message = sim
        .post(
            &format!("internal_group/update/{id}"),
            update("Ring_group", id),
        )
        .await
        .refusal();
    assert!(message.contains("itself"), "{message}");
    let message = sim
        .post(
            &format!("internal_group/update/{id}"),
            update("Hang_up", "x"),
        )
        .await
        .refusal();
    assert!(message.starts_with("target_timeout_type"), "{message}");

    let menu = sim
        .id_of("key-interaction/list", "script_name", "Tổng đài chính")
        .await;
    let updated = sim
        .post(
            &format!("internal_group/update/{id}"),
            update("Ivr_menu", &menu),
        )
        .await
        .payload();
    assert_eq!(updated["target_timeout_type"], "Ivr_menu");
    assert_eq!(updated["target_timeout"], menu.as_str());
    let voicemail = sim
        .post(
            &format!("internal_group/update/{id}"),
            update("Voice_mail", "hop-thu-thoai"),
        )
        .await
        .payload();
    assert_eq!(voicemail["target_timeout_type"], "Voice_mail");
}

#[tokio::test]
async fn members_can_be_added_and_removed() {
    let sim = TestSim::start().await;
    let group = add_group(&sim, "Nhóm thay đổi", &["100"]).await;
    let id = group["_id"].as_str().unwrap();
    let added = sim
        .post(
            "internal_group/add-members",
            json!({"group_id": id, "sip_users": ["101", "100", "102"]}),
        )
        .await
        .payload();
    assert_eq!(added["sip_members"], json!(["100", "101", "102"]));
    let orders: Vec<i64> = added["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, vec![0, 1, 2]);
    let removed = sim
        .post(
            "internal_group/remove-members",
            json!({"group_id": id, "sip_users": ["100", "150"]}),
        )
        .await
        .payload();
    assert_eq!(removed["sip_members"], json!(["101", "102"]));
    let listed = sim.find("internal_group/list", "_id", id).await;
    assert_eq!(
        member_agents(&listed),
        vec![sim.agent_of("101").await, sim.agent_of("102").await]
    );
    let message = sim
        .post(
            "internal_group/add-members",
            json!({"group_id": "000000000000000000000000", "sip_users": ["100"]}),
        )
        .await
        .refusal();
    assert!(message.starts_with("group_id:"), "{message}");
    let message = sim
        .post(
            "internal_group/add-members",
            json!({"group_id": id, "sip_users": []}),
        )
        .await
        .refusal();
    assert!(message.starts_with("sip_users"), "{message}");
}

#[tokio::test]
async fn simultaneous_add_members_lose_no_member() {
    let sim = TestSim::start().await;
    let group = add_group(&sim, "Nhóm đông người", &[]).await;
    let id = group["_id"].as_str().unwrap().to_owned();
    let sip_users: Vec<String> = (110..150).map(|n| n.to_string()).collect();
    let mut tasks = tokio::task::JoinSet::new();
    for sip in &sip_users {
        let request = sim
            .http
            .post(sim.cc("internal_group/add-members"))
            .bearer_auth(&sim.token)
            .json(&json!({"group_id": id, "sip_users": [sip]}));
        tasks.spawn(async move { request.send().await.map(|r| r.status().as_u16()) });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.unwrap().unwrap(), 200);
    }
    let listed = sim.find("internal_group/list", "_id", &id).await;
    let agents: HashSet<String> = member_agents(&listed).into_iter().collect();
    let extensions = sim.all("internal_phone/list").await;
    let expected: HashSet<String> = extensions
        .iter()
        .filter(|e| sip_users.iter().any(|s| e["sip_user"] == s.as_str()))
        .map(|e| e["agent_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(agents.len(), 40);
    assert_eq!(agents, expected);
}

#[tokio::test]
async fn a_group_a_menu_leads_to_cannot_be_deleted() {
    let sim = TestSim::start().await;
    let sales = sim
        .id_of("internal_group/list", "group_name", "Nhóm Kinh doanh")
        .await;
    let message = sim
        .delete(&format!("internal_group/delete/{sales}"))
        .await
        .refusal();
    assert!(message.contains("Nhóm Kinh doanh"), "{message}");
    assert!(
        message.contains("IVR menu 'Tổng đài chính' (key 1)"),
        "{message}"
    );
    assert!(
        message.contains("ring group 'Nhóm Chăm sóc khách hàng' (on timeout)"),
        "{message}"
    );
    sim.find("internal_group/list", "_id", &sales).await;
}

#[tokio::test]
async fn a_deleted_group_disappears_from_the_list() {
    let sim = TestSim::start().await;
    let group = add_group(&sim, "Nhóm bỏ đi", &["100"]).await;
    let id = group["_id"].as_str().unwrap();
    assert_eq!(
        sim.delete(&format!("internal_group/delete/{id}"))
            .await
            .payload(),
        json!(true)
    );
    assert!(sim
        .all("internal_group/list")
        .await
        .iter()
        .all(|g| g["_id"] != id));
    let message = sim
        .delete(&format!("internal_group/delete/{id}"))
        .await
        .refusal();
    assert!(message.contains("does not exist"), "{message}");
}
