//! Malformed requests get the failure envelope with a message naming the problem: never a
//! panic, never plain text, never a success.

use crate::helpers::TestSim;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_in_an_envelope() {
    let sim = TestSim::start().await;
    for path in [
        "internal_group/add",
        "key-interaction/add",
        "hotline/extension/update",
        "internal_group/add-members",
    ] {
        let answer = sim
            .send(
                sim.request(Method::POST, path)
                    .header("content-type", "application/json")
                    .body("{\"group_name\": "),
            )
            .await;
        let message = answer.refusal();
        assert!(
            message.starts_with("the request body is not valid JSON"),
            "{path}: {message}"
        );
    }
}

#[tokio::test]
async fn an_empty_body_is_request_body_required() {
    let sim = TestSim::start().await;
    let answer = sim
        .send(sim.request(Method::POST, "internal_group/add"))
        .await;
    assert_eq!(answer.refusal(), "request_body_required");
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_refused() {
    let sim = TestSim::start().await;
    for body in [json!([1, 2]), json!("text"), json!(42)] {
        let message = sim.post("internal_group/add", body).await.refusal();
        assert_eq!(message, "the request body must be a JSON object");
    }
}

#[tokio::test]
async fn wrong_types_and_missing_fields_are_named() {
    let sim = TestSim::start().await;
    for (body, expected) in [
        (
            json!({"strategy": "random", "sip_members": [], "timeout": 30}),
            "group_name is required",
        ),
        (
            json!({"group_name": 5, "strategy": "random", "sip_members": [], "timeout": 30}),
            "group_name must be a string",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": [100], "timeout": 30}),
            "sip_members[0] must be a string",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": {"a": 1}, "timeout": 30}),
            "sip_members must be an array of strings",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": [], "timeout": "30"}),
            "timeout must be a whole number from 1 to 600",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": [], "timeout": 0}),
            "timeout must be a whole number from 1 to 600",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": []}),
            "timeout is required",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": ["100", "100"], "timeout": 30}),
            "sip_members lists '100' more than once",
        ),
        (
            json!({"group_name": "N", "strategy": "random", "sip_members": [], "timeout": 30, "target_timeout_type": "Recording"}),
            "target_timeout is required",
        ),
    ] {
        let message = sim.post("internal_group/add", body.clone()).await.refusal();
        assert_eq!(message, expected, "{body}");
    }
    let message = sim
        .post("key-interaction/add", json!({"script_name": "X", "greeting_id": "g", "max_failure": 1, "time_out": 1, "scripts": [7]}))
        .await
        .refusal();
    assert_eq!(message, "scripts[0] must be an object");
}

#[tokio::test]
async fn unknown_ids_in_paths_are_refused_whatever_they_look_like() {
    let sim = TestSim::start().await;
    let group = json!({"group_name": "N", "strategy": "random", "sip_members": [], "timeout": 30});
    for id in ["62ff11b208d4bf3ea694a6f3", "abc", "%E1%BB%93"] {
        let message = sim
            .post(&format!("internal_group/update/{id}"), group.clone())
            .await
            .refusal();
        assert!(
            message.starts_with("id: internal group") && message.ends_with("does not exist"),
            "{message}"
        );
        for path in [
            "internal_group/delete",
            "key-interaction/delete",
            "greeting/delete",
        ] {
            let message = sim.delete(&format!("{path}/{id}")).await.refusal();
            assert!(
                message.starts_with("id: ") && message.ends_with("does not exist"),
                "{message}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_endpoints_and_wrong_methods_answer_envelopes() {
    let sim = TestSim::start().await;
    let answer = sim.get("internal_group/nothing-here").await;
    assert_eq!(answer.status, 404);
    assert!(answer.failure_message().starts_with("no such endpoint"));
    let answer = sim.get("internal_group/add").await;
    assert_eq!(answer.status, 405);
    assert!(answer
        .failure_message()
        .starts_with("method GET is not allowed"));
}

#[tokio::test]
async fn a_query_with_broken_encoding_is_still_answered_with_an_envelope() {
    let sim = TestSim::start().await;
    let answer = sim.get("internal_phone/list?page=%FF%FE").await;
    assert!(answer.refusal().starts_with("page"), "{answer:?}");
}

#[tokio::test]
async fn a_name_longer_than_255_characters_is_refused() {
    let sim = TestSim::start().await;
    let body = json!({"group_name": "ồ".repeat(256), "strategy": "random", "sip_members": [], "timeout": 30});
    let message = sim.post("internal_group/add", body).await.refusal();
    assert_eq!(message, "group_name is longer than 255 characters");
}
