//! The activity log through the console, against the simulator over real HTTP: every change is
//! recorded with who asked, from where and how it ended; a change refused before any call is not
//! a change; the page's server function filters; the exports carry what the page shows.

use crate::support::{spawn_app, TestApp, SEEDED_GROUP};
use serde_json::Value;

async fn save_group(app: &TestApp, id: &str, name: &str) -> reqwest::Response {
    app.post_form(
        "/api/save_group",
        &[
            ("id", id),
            ("draft[name]", name),
            ("draft[strategy]", "rollover"),
            ("draft[timeout]", "30"),
            ("draft[members][0]", "101"),
            ("overwrite", "true"),
        ],
    )
    .await
}

async fn activity(app: &TestApp, form: &[(&str, &str)]) -> Value {
    let mut form = form.to_vec();
    form.extend([("page", "1"), ("size", "100")]);
    app.call("/api/activity", &form).await
}

#[tokio::test]
async fn every_change_is_recorded_with_who_asked_from_where_and_how_it_ended() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let name = "Nhóm Trực Đêm";
    assert_eq!(save_group(&app, "", name).await.status(), 200);
    let id = app.group_id(name).await;
    // Refused here, before any call: nothing was asked of the vendor, so nothing is recorded.
    assert_eq!(save_group(&app, &id, SEEDED_GROUP).await.status(), 400);
    // Refused by the vendor: recorded with its words.
    app.sim.set_faults(sim::Faults {
        fail_nth_write: 1,
        ..sim::Faults::default()
    });
    assert_eq!(save_group(&app, &id, "Nhóm Trực Khuya").await.status(), 422);
    app.sim.set_faults(sim::Faults::default());
    let deleted = app.post_form("/api/delete_group", &[("id", &id)]).await;
    assert_eq!(deleted.status(), 200);

    let page = activity(&app, &[("filter[area]", "ring-groups")]).await;
    let entries = page["entries"].as_array().expect("entries");
    let told: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["change"]["kind"].as_str().unwrap_or_default(),
                e["change"]["object_name"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        told,
        [
            ("delete", name),
            ("update", "Nhóm Trực Khuya"),
            ("create", name)
        ]
    );
    assert_eq!(entries[0]["outcome"], "Done");
    assert!(
        entries[1]["outcome"]["Refused"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        entries[1]["outcome"]
    );
    let created = &entries[2];
    assert_eq!(created["outcome"], "Done");
    assert_eq!(
        created["change"]["object_id"],
        id.as_str(),
        "the id the vendor gave"
    );
    assert_eq!(created["change"]["after"]["group_name"], name);
    assert_eq!(entries[0]["change"]["before"]["group_name"], name);
    for entry in entries {
        assert_eq!(entry["change"]["person"], "Test Admin");
        assert_eq!(entry["change"]["client_addr"], "127.0.0.1");
        let digest = entry["change"]["session_digest"]
            .as_str()
            .unwrap_or_default();
        assert_eq!(digest.len(), 16, "{digest}");
    }
    assert_eq!(page["people"], serde_json::json!(["Test Admin"]));
    assert_eq!(
        page["chain"]["Holds"]["entries"], 6,
        "three changes, each begun and completed"
    );
}

#[tokio::test]
async fn an_extension_turned_off_is_recorded_without_its_sip_password() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let res = app
        .post_form(
            "/api/set_extension_enabled",
            &[("sip_user", "101"), ("enabled", "false")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = activity(&app, &[("filter[object]", "101")]).await;
    let entry = &page["entries"][0];
    assert_eq!(entry["change"]["kind"], "disable");
    assert_eq!(entry["change"]["before"]["sip_user"], "101");
    assert_eq!(entry["change"]["after"]["enabled"], false);
    let text = page.to_string();
    assert!(!text.contains("password"), "{text}");
}

#[tokio::test]
async fn the_exports_hold_every_entry_the_filter_matches() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    for n in 0..3 {
        let res = save_group(&app, "", &format!("Nhóm Xuất {n}")).await;
        assert_eq!(res.status(), 200);
    }
    let csv = app.get("/activity/export.csv?area=ring-groups").await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .is_ok_and(|d| d.starts_with("attachment")));
    let bytes = csv.bytes().await.expect("a body");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark first"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "a heading and three entries: {text}");
    assert!(
        lines[1].contains("Nhóm Xuất 2") && lines[1].contains("Test Admin"),
        "{text}"
    );

    let jsonl = app
        .get("/activity/export.jsonl?object=nhom%20xuat%201")
        .await;
    assert_eq!(jsonl.status(), 200);
    let body = jsonl.text().await.expect("a body");
    let entries: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["change"]["object_name"], "Nhóm Xuất 1");

    let wrong = app.get("/activity/export.csv?from=hôm-qua").await;
    assert_eq!(wrong.status(), 400);
}

#[tokio::test]
async fn the_log_is_the_tenant_s_own_and_needs_a_login() {
    let app = spawn_app().await;
    let page = app
        .post_form(
            "/api/activity",
            &[("filter[area]", ""), ("page", "1"), ("size", "20")],
        )
        .await;
    assert_eq!(page.status(), 401);
    let export = app
        .client
        .get(format!("{}/activity/export.jsonl", app.base))
        .send()
        .await
        .expect("answers");
    assert_eq!(export.status(), 401);
}
