//! API keys, bearer tokens, their expiry, and tenants per key.

use crate::helpers::TestSim;
use reqwest::Method;
use serde_json::json;
use sim::SimConfig;
use std::time::Duration;

/// Every call-center endpoint with its method and a path that would otherwise be valid.
const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "internal_phone/list"),
    ("PUT", "internal_phone/status?enabled=true&sip_user=100"),
    ("GET", "extensions/detail?type=sip_user&keyword=100"),
    ("GET", "hotline/list?extension=100"),
    ("POST", "hotline/extension/update"),
    ("GET", "internal_group/list"),
    ("POST", "internal_group/add"),
    ("POST", "internal_group/update/62ff11b208d4bf3ea694a6f3"),
    ("POST", "internal_group/add-members"),
    ("POST", "internal_group/remove-members"),
    ("DELETE", "internal_group/delete/62ff11b208d4bf3ea694a6f3"),
    ("GET", "key-interaction/list"),
    ("POST", "key-interaction/add"),
    ("POST", "key-interaction/update/632969ce7534d97b0933d51d"),
    ("DELETE", "key-interaction/delete/632969ce7534d97b0933d51d"),
    ("GET", "greeting/list"),
    ("POST", "greeting/upload?greeting_name=x"),
    ("POST", "greeting/upload-text-to-speech?greeting_name=x"),
    ("DELETE", "greeting/delete/6391f975b4c5c92743725fa3"),
    (
        "GET",
        "greeting/audio/6c0d4c55-d837-4ae5-835e-c16180b09e51.mp3",
    ),
];

fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).expect("an HTTP method")
}

#[tokio::test]
async fn a_missing_api_key_is_refused_as_required() {
    let sim = TestSim::start().await;
    for url in [
        sim.url("/api/auth"),
        sim.url("/api/auth?apiKey="),
        sim.url("/api/auth?apiKey=%20"),
    ] {
        let answer = sim.send(sim.http.get(url)).await;
        assert_eq!(answer.refusal(), "api_key_is_required");
        assert_eq!(answer.body["payload"], serde_json::Value::Null);
    }
}

#[tokio::test]
async fn a_wrong_api_key_is_refused_as_invalid() {
    let sim = TestSim::start().await;
    let answer = sim
        .send(sim.http.get(sim.url("/api/auth?apiKey=not-the-key")))
        .await;
    assert_eq!(answer.refusal(), "api_key_invalid");
}

#[tokio::test]
async fn every_call_center_endpoint_wants_a_bearer_token() {
    let sim = TestSim::start().await;
    for (verb, path) in ENDPOINTS {
        let bare = sim.send(sim.http.request(method(verb), sim.cc(path))).await;
        assert_eq!(bare.status, 401, "{verb} {path}");
        assert_eq!(bare.failure_message(), "token_required", "{verb} {path}");

        let wrong = sim
            .send(
                sim.http
                    .request(method(verb), sim.cc(path))
                    .bearer_auth("0123456789abcdef"),
            )
            .await;
        assert_eq!(wrong.status, 401, "{verb} {path}");
        assert_eq!(wrong.failure_message(), "token_invalid", "{verb} {path}");
    }
}

#[tokio::test]
async fn a_token_that_is_not_bearer_is_invalid() {
    let sim = TestSim::start().await;
    let answer = sim
        .send(
            sim.http
                .get(sim.cc("internal_phone/list"))
                .basic_auth("demo", Some("demo")),
        )
        .await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.failure_message(), "token_invalid");
}

#[tokio::test]
async fn a_token_expires_after_its_lifetime() {
    let sim = TestSim::with(SimConfig {
        token_ttl: Duration::from_millis(400),
        ..SimConfig::default()
    })
    .await;
    sim.get("internal_phone/list").await.payload();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let expired = sim.get("internal_phone/list").await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.failure_message(), "token_expired");
    let fresh = sim.log_in("demo").await;
    let answer = sim
        .send(
            sim.http
                .get(sim.cc("internal_phone/list"))
                .bearer_auth(fresh),
        )
        .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn expire_tokens_ends_every_session_at_once() {
    let sim = TestSim::start().await;
    let second = sim.log_in("demo").await;
    let answer = sim
        .send(sim.http.post(sim.url("/_sim/expire-tokens")))
        .await;
    assert_eq!(answer.status, 204);
    for token in [&sim.token, &second] {
        let answer = sim
            .send(sim.http.get(sim.cc("greeting/list")).bearer_auth(token))
            .await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.failure_message(), "token_expired");
    }
    let fresh = sim.log_in("demo").await;
    let answer = sim
        .send(sim.http.get(sim.cc("greeting/list")).bearer_auth(fresh))
        .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn expire_tokens_is_also_a_library_call() {
    let sim = TestSim::start().await;
    sim.running.sim.expire_tokens();
    assert_eq!(sim.get("greeting/list").await.status, 401);
}

#[tokio::test]
async fn each_api_key_is_its_own_tenant() {
    let sim = TestSim::with(SimConfig {
        api_keys: vec!["demo".into(), "acme".into()],
        ..SimConfig::default()
    })
    .await;
    let acme = sim.log_in("acme").await;
    let body = json!({"group_name": "Nhóm của Acme", "strategy": "random", "sip_members": ["100"], "timeout": 30});
    let added = sim
        .send(
            sim.http
                .post(sim.cc("internal_group/add"))
                .bearer_auth(&acme)
                .json(&body),
        )
        .await
        .payload();
    let acme_groups = sim
        .send(
            sim.http
                .get(sim.cc("internal_group/list?keyword=acme"))
                .bearer_auth(&acme),
        )
        .await
        .payload();
    assert_eq!(acme_groups["total_items"], 1);
    let demo_groups = sim.get("internal_group/list?keyword=acme").await.payload();
    assert_eq!(demo_groups["total_items"], 0);
    assert_ne!(
        added["tenant_id"],
        sim.get("internal_group/list").await.payload()["items"][0]["tenant_id"]
    );
}
