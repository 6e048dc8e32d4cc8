//! Fault knobs through the control endpoint: latency, refusals, HTTP 500, malformed bodies, hangs.

use crate::helpers::TestSim;
use serde_json::json;
use sim::{Faults, SimConfig};
use std::time::{Duration, Instant};

#[tokio::test]
async fn faults_can_be_read_replaced_and_reset() {
    let sim = TestSim::start().await;
    let initial = sim.send(sim.http.get(sim.url("/_sim/faults"))).await;
    assert_eq!(
        initial.body,
        json!({"latency_ms": 0, "reject_share": 0.0, "http500_share": 0.0, "malformed_share": 0.0,
               "hang": false, "hold_uploads": false, "fail_nth_write": 0})
    );
    let set = sim
        .put_faults(json!({"latency_ms": 5, "reject_share": 0.25}))
        .await;
    assert_eq!(set.status, 200);
    assert_eq!(set.body["reject_share"], 0.25);
    assert_eq!(sim.running.sim.faults().latency_ms, 5);
    let reset = sim.send(sim.http.post(sim.url("/_sim/reset"))).await;
    assert_eq!(reset.status, 200);
    assert_eq!(sim.running.sim.faults(), Faults::default());
}

#[tokio::test]
async fn bad_faults_are_refused_with_a_reason() {
    let sim = TestSim::start().await;
    for (body, expected) in [
        (json!({"reject_share": 2.0}), "reject_share"),
        (json!({"latency": 100}), "latency"),
        (json!({"hang": "yes"}), "hang"),
    ] {
        let answer = sim.put_faults(body).await;
        assert_eq!(answer.status, 400);
        assert!(answer.failure_message().contains(expected), "{answer:?}");
    }
    assert_eq!(sim.running.sim.faults(), Faults::default());
}

#[tokio::test]
async fn latency_delays_api_answers_but_not_the_control_endpoints() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"latency_ms": 300})).await;
    let started = Instant::now();
    sim.get("internal_group/list").await.payload();
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    sim.send(sim.http.get(sim.url("/api/auth?apiKey=demo")))
        .await
        .payload();
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    sim.send(sim.http.get(sim.url("/_sim/faults"))).await;
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn a_reject_share_of_one_refuses_everything_with_minus_9999() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"reject_share": 1.0})).await;
    let message = sim.get("internal_group/list").await.refusal();
    assert!(message.starts_with("simulated_failure"), "{message}");
    let auth = sim
        .send(sim.http.get(sim.url("/api/auth?apiKey=demo")))
        .await;
    assert!(auth.refusal().starts_with("simulated_failure"));
}

#[tokio::test]
async fn the_nth_write_fails_and_only_that_one() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"fail_nth_write": 2})).await;
    let group = |name: &str| json!({"group_name": name, "strategy": "random", "sip_members": [], "timeout": 30});
    sim.post("internal_group/add", group("Lần một"))
        .await
        .payload();
    // Reads do not count.
    sim.get("internal_group/list").await.payload();
    let message = sim
        .post("internal_group/add", group("Lần hai"))
        .await
        .refusal();
    assert!(message.starts_with("simulated_failure"), "{message}");
    sim.post("internal_group/add", group("Lần ba"))
        .await
        .payload();
    let listed = sim.get("internal_group/list?keyword=lan").await.payload();
    assert_eq!(listed["total_items"], 2);
}

#[tokio::test]
async fn a_refused_change_changes_nothing() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"reject_share": 1.0})).await;
    let body = json!({"group_name": "Không được tạo", "strategy": "random", "sip_members": [], "timeout": 30});
    sim.post("internal_group/add", body).await.refusal();
    sim.send(sim.http.post(sim.url("/_sim/reset"))).await;
    let groups = sim
        .get("internal_group/list?keyword=khong%20duoc")
        .await
        .payload();
    assert_eq!(groups["total_items"], 0);
}

#[tokio::test]
async fn an_http500_share_of_one_answers_500() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"http500_share": 1.0})).await;
    let answer = sim.get("greeting/list").await;
    assert_eq!(answer.status, 500);
}

#[tokio::test]
async fn a_malformed_share_of_one_answers_bodies_that_are_not_json() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"malformed_share": 1.0})).await;
    let answer = sim.get("internal_phone/list").await;
    assert_eq!(answer.status, 200);
    assert!(!answer.text.is_empty());
    assert!(serde_json::from_str::<serde_json::Value>(&answer.text).is_err());
}

#[tokio::test]
async fn a_hang_gives_no_answer_until_it_is_switched_off() {
    let sim = TestSim::start().await;
    sim.put_faults(json!({"hang": true})).await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = impatient
        .get(sim.cc("internal_group/list"))
        .bearer_auth(&sim.token)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");

    let waiting = tokio::spawn({
        let request = sim
            .http
            .get(sim.cc("internal_group/list"))
            .bearer_auth(&sim.token);
        async move { request.send().await.map(|r| r.status().as_u16()) }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!waiting.is_finished());
    sim.send(sim.http.post(sim.url("/_sim/reset"))).await;
    let status = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the held request is released")
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn faults_can_be_configured_at_start() {
    let sim = TestSim::start().await;
    let faulty = sim::spawn(SimConfig {
        faults: Faults {
            http500_share: 1.0,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let answer = sim
        .send(
            sim.http
                .get(format!("{}/api/auth?apiKey=demo", faulty.base_url)),
        )
        .await;
    assert_eq!(answer.status, 500);
    faulty.sim.set_faults(Faults::default());
    let answer = sim
        .send(
            sim.http
                .get(format!("{}/api/auth?apiKey=demo", faulty.base_url)),
        )
        .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn with_a_control_secret_the_knobs_answer_only_to_it() {
    let sim = TestSim::with(SimConfig {
        control_secret: Some("s3cret".into()),
        ..SimConfig::default()
    })
    .await;
    let bare = sim
        .http
        .put(sim.url("/_sim/faults"))
        .json(&json!({"hang": true}))
        .send()
        .await
        .expect("an answer");
    assert_eq!(bare.status(), 401);
    let wrong = sim
        .http
        .post(sim.url("/_sim/expire-tokens"))
        .header(sim::CONTROL_SECRET_HEADER, "guess")
        .send()
        .await
        .expect("an answer");
    assert_eq!(wrong.status(), 401);
    assert!(!sim.running.sim.faults().hang, "nothing changed");
    let right = sim
        .http
        .put(sim.url("/_sim/faults"))
        .header(sim::CONTROL_SECRET_HEADER, "s3cret")
        .json(&json!({"latency_ms": 1}))
        .send()
        .await
        .expect("an answer");
    assert_eq!(right.status(), 200);
    assert_eq!(sim.running.sim.faults().latency_ms, 1);
}

#[tokio::test]
async fn a_held_upload_waits_for_its_release_while_other_calls_are_answered() {
    let sim = std::sync::Arc::new(TestSim::start().await);
    sim.put_faults(json!({"hold_uploads": true})).await;
    let held = tokio::spawn({
        let sim = std::sync::Arc::clone(&sim);
        async move {
            crate::greetings::upload(&sim, "Giữ lại", crate::greetings::tiny_mp3())
                .await
                .status
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!held.is_finished(), "the upload is held");
    // Nothing of it exists yet, and the rest of the API answers.
    let listed = sim.get("greeting/list").await;
    assert_eq!(listed.status, 200);
    assert!(!listed.text.contains("Giữ lại"), "{}", listed.text);

    sim.put_faults(json!({})).await;
    let status = tokio::time::timeout(Duration::from_secs(5), held)
        .await
        .expect("the held upload is released")
        .unwrap();
    assert_eq!(status, 200);
    assert!(sim.get("greeting/list").await.text.contains("Giữ lại"));
}
