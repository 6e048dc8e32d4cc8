//! The flow editor's server functions over real HTTP against the embedded simulator: the save
//! replays a draft over the vendor's state and refuses drafts that do not hold together or that
//! someone else's change overtook; layouts are kept per tenant; nothing secret reaches the page.

use crate::support::{spawn_app, TestApp, SEEDED_MENU};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub(crate) async fn flow(app: &TestApp) -> Value {
    app.call("/api/load_flow", &[]).await
}

fn menu<'v>(flow: &'v Value, name: &str) -> &'v Value {
    flow["menus"]
        .as_array()
        .and_then(|menus| menus.iter().find(|m| m["script_name"] == name))
        .expect("the menu is loaded")
}

/// Sends a draft. A save answers with one JSON line per event (the plan, each step done, the
/// outcome): this checks their order and answers the outcome; a refusal answers one error.
pub(crate) async fn save(app: &TestApp, draft: Value) -> (StatusCode, Value) {
    let res = app
        .post_json("/api/save_flow", &json!({ "draft": draft }).to_string())
        .await;
    let status = res.status();
    let body = res.text().await.expect("an answer");
    if !status.is_success() {
        return (status, serde_json::from_str(&body).expect("a JSON error"));
    }
    let events: Vec<Value> = body
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let (last, before) = events.split_last().expect("at least the outcome");
    if let Some((planned, steps)) = before.split_first() {
        let total = planned["Planned"]["steps"]
            .as_array()
            .expect("the plan")
            .len();
        let done: Vec<u64> = steps
            .iter()
            .map(|e| e["Applied"]["done"].as_u64().expect("a step done"))
            .collect();
        assert_eq!(done, (1..=done.len() as u64).collect::<Vec<_>>(), "{body}");
        assert!(done.len() <= total, "{body}");
    }
    (status, last["Finished"].clone())
}

fn rename(base: &Value, name: &str) -> Value {
    json!({
        "base_menus": [base],
        "base_groups": [],
        "edits": [{"Rename": {"menu": {"Saved": base["_id"]}, "name": name}}],
        "created": {},
        "overwrite": [],
    })
}

#[tokio::test]
async fn a_draft_is_replayed_over_the_vendors_state_and_saved() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let loaded = flow(&app).await;
    let base = menu(&loaded, SEEDED_MENU).clone();
    let (status, outcome) = save(&app, rename(&base, "Kỹ thuật (mới)")).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert!(outcome.get("Saved").is_some(), "{outcome}");
    let now = flow(&app).await;
    assert_eq!(menu(&now, "Kỹ thuật (mới)")["_id"], base["_id"]);
}

#[tokio::test]
async fn an_edit_list_that_does_not_apply_is_refused_and_nothing_is_sent() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let loaded = flow(&app).await;
    let base = menu(&loaded, SEEDED_MENU).clone();
    let mut draft = rename(&base, "Không được lưu");
    draft["edits"].as_array_mut().expect("edits").push(
        json!({"SetKey": {"menu": {"Saved": base["_id"]}, "key": "x",
                                "target": {"Group": {"Saved": "nothing"}}}}),
    );
    let (status, answer) = save(&app, draft).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer, json!("InvalidDraft"));
    assert!(flow(&app).await["menus"]
        .as_array()
        .expect("menus")
        .iter()
        .all(|m| m["script_name"] != "Không được lưu"));
}

#[tokio::test]
async fn a_draft_that_is_not_a_draft_is_refused_as_a_bad_request() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    for body in [
        "{\"draft\": {\"edits\": \"rename everything\"}}",
        "not JSON at all",
    ] {
        let res = app.post_json("/api/save_flow", body).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
        let answer: Value = res.json().await.expect("a JSON error");
        assert_eq!(answer, json!("Malformed"), "{body}");
    }
}

#[tokio::test]
async fn a_draft_that_changes_a_menu_it_did_not_send_is_refused() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let loaded = flow(&app).await;
    let base = menu(&loaded, SEEDED_MENU).clone();
    let mut draft = rename(&base, "Hỗ trợ (lén)");
    draft["base_menus"] = json!([]);
    let (status, answer) = save(&app, draft).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer, json!("InvalidDraft"));
}

#[tokio::test]
async fn a_menu_someone_else_changed_since_it_was_loaded_is_not_overwritten_unasked() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let loaded = flow(&app).await;
    let mut stale = menu(&loaded, SEEDED_MENU).clone();
    // As the editor loaded it before another admin's save.
    stale["last_updated_date"] = json!(1);
    let (status, outcome) = save(&app, rename(&stale, "Ghi đè?")).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    let changed = &outcome["Changed"];
    assert_eq!(changed[0]["name"], SEEDED_MENU, "{outcome}");
    assert_eq!(changed[0]["gone"], false);
    assert!(flow(&app).await["menus"]
        .as_array()
        .expect("menus")
        .iter()
        .all(|m| m["script_name"] != "Ghi đè?"));
    // Chosen: overwrite.
    let mut draft = rename(&stale, "Ghi đè!");
    draft["overwrite"] = json!([stale["_id"]]);
    let (_, outcome) = save(&app, draft).await;
    assert!(outcome.get("Saved").is_some(), "{outcome}");
}

#[tokio::test]
async fn a_draft_with_errors_is_blocked_with_the_findings() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let draft = json!({
        "base_menus": [], "base_groups": [],
        "edits": [{"AddMenu": {"name": "Chưa có lời chào"}}],
        "created": {}, "overwrite": [],
    });
    let (status, outcome) = save(&app, draft).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    let rules: Vec<&str> = outcome["Blocked"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"ivr.menu.greeting_missing"), "{outcome}");
}

#[tokio::test]
async fn the_layout_is_kept_per_tenant_across_sessions() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let loaded = flow(&app).await;
    let id = menu(&loaded, SEEDED_MENU)["_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let layout = json!({"layout": {"positions": {format!("m:{id}"): {"x": 123.0, "y": 45.0}},
                                   "entries": []}});
    app.call_json("/api/save_layout", &layout.to_string()).await;
    app.post_form("/api/log_out", &[]).await;
    app.log_in("demo").await;
    let again = flow(&app).await;
    assert_eq!(
        again["layout"]["positions"][format!("m:{id}")],
        json!({"x": 123.0, "y": 45.0})
    );
}

#[tokio::test]
async fn the_editors_data_carries_no_sip_password_and_no_token() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let revealed = app
        .call(
            "/api/reveal_sip_password",
            &[("kind", "sip_user"), ("keyword", "101")],
        )
        .await;
    let password = revealed.as_str().expect("a password").to_owned();
    assert!(!password.is_empty());
    let body = app
        .post_form("/api/load_flow", &[])
        .await
        .text()
        .await
        .expect("a body");
    assert!(!body.contains(&password), "a SIP password reached the page");
    for token in app.sim.issued_tokens() {
        assert!(!body.contains(&token), "the access token reached the page");
    }
    assert!(body.contains("\"agents\""));
}

#[tokio::test]
async fn the_editors_member_picker_finds_agents_by_part_of_their_number() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let found = app.call("/api/pick_agents", &[("keyword", "10")]).await;
    let found = found.as_array().expect("agents");
    assert!(!found.is_empty());
    for agent in found {
        let number = agent["sip_user"].as_str().expect("a number");
        assert!(number.contains("10"), "{agent}");
        assert!(
            agent["agent_id"].as_str().is_some_and(|id| !id.is_empty()),
            "{agent}"
        );
    }
}

#[tokio::test]
async fn the_editors_load_leaves_out_the_records_unset_fields() {
    // The simulator answers as the vendor does, with `null` for every unset field (its own
    // tests hold it to the reference's shape, which has nulls); the editor's load leaves them
    // out, and its save reads them back (the test above sends a loaded record as its base).
    fn nulls(value: &Value) -> usize {
        match value {
            Value::Null => 1,
            Value::Array(items) => items.iter().map(nulls).sum(),
            Value::Object(fields) => fields.values().map(nulls).sum(),
            _ => 0,
        }
    }
    let app = spawn_app().await;
    app.log_in("demo").await;
    let loaded = flow(&app).await;
    for records in ["menus", "groups", "greetings"] {
        let list = loaded[records].as_array().expect("a list of records");
        assert!(!list.is_empty(), "the seeded tenant has {records}");
        assert_eq!(
            nulls(&loaded[records]),
            0,
            "{records}: {:#}",
            loaded[records]
        );
    }
}
