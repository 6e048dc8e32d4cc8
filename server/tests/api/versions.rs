//! Versions of the flow. Through the console against the simulator: the flow as first read,
//! a change made at the vendor directly noticed as "changed outside the console" (a version, an
//! activity entry and the editor's drift), a restore saved as "restored from", nothing stored
//! when nothing changed. The store on both engines: any version reads back whole, across the
//! whole copies and differences it is kept as, and two instances recording at once keep one
//! sequence without a duplicate.

use crate::console_db::Engine;
use crate::ivr::{flow, save};
use crate::support::{spawn_app, TestApp};
use app::ivr::version::{GroupState, Version};
use app::wire::versions::Origin;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::console_db::ConsoleDb;
use server::versions::{FlowVersions, FULL_EVERY};

async fn versions(app: &TestApp) -> Value {
    app.call("/api/flow_versions", &[("page", "1")]).await
}

fn group<'v>(flow: &'v Value, name: &str) -> &'v Value {
    flow["groups"]
        .as_array()
        .and_then(|groups| groups.iter().find(|g| g["group_name"] == name))
        .expect("the group is loaded")
}

/// Renames group `id` at the vendor directly, as its own portal would.
async fn rename_at_the_vendor(app: &TestApp, id: &str, name: &str) {
    let http = reqwest::Client::new();
    let auth: Value = http
        .get(format!(
            "{}/api/auth?apiKey={}",
            app.sim_url,
            sim::DEMO_API_KEY
        ))
        .send()
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("JSON");
    let token = auth["payload"]["access_token"].as_str().expect("a token");
    let answer: Value = http
        .post(format!(
            "{}/api/call_center/internal_group/update/{id}",
            app.sim_url
        ))
        .bearer_auth(token)
        .json(&json!({"group_name": name, "strategy": "rollover",
                      "sip_members": ["101"], "timeout": 30}))
        .send()
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(answer["status_code"], 9999, "{answer}");
}

/// Saves ring group `id` (a new one when empty) from its own page, named `name`.
async fn save_group(app: &TestApp, id: &str, name: &str) {
    let answer = app
        .post_form(
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
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_change_at_the_vendor_is_noticed_and_a_restore_sends_the_old_name_back() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    save_group(&app, "", "Nhóm Trực Đêm").await;
    let id = app.group_id("Nhóm Trực Đêm").await;

    // The first read starts the history; it is no drift.
    assert_eq!(flow(&app).await["drift"], Value::Null);
    let first = versions(&app).await;
    assert_eq!(first["total"], 1, "{first}");
    assert_eq!(first["versions"][0]["origin"], "FirstSeen");
    // Read again unchanged: nothing more is stored.
    flow(&app).await;
    assert_eq!(versions(&app).await["total"], 1);

    rename_at_the_vendor(&app, &id, "Nhóm Ca Đêm").await;
    let loaded = flow(&app).await;
    let drift = &loaded["drift"];
    assert_eq!(drift["seq"], 2, "{drift}");
    assert_eq!(drift["summary"]["groups_changed"], 1, "{drift}");
    let listed = versions(&app).await;
    assert_eq!(listed["versions"][0]["origin"], "Outside", "{listed}");
    assert_eq!(listed["versions"][0]["person"], "");
    let log = app
        .call(
            "/api/activity",
            &[("filter[object]", &id), ("page", "1"), ("size", "10")],
        )
        .await;
    let noticed = &log["entries"][0];
    assert_eq!(noticed["change"]["kind"], "changed-outside", "{log}");
    assert_eq!(noticed["change"]["object_name"], "Nhóm Ca Đêm");
    assert_eq!(noticed["change"]["person"], "");
    assert_eq!(
        noticed["change"]["before"]["ring_groups"][&id]["name"],
        "Nhóm Trực Đêm"
    );
    // Seen once: a second read records nothing more, and the editor still says it.
    assert_eq!(flow(&app).await["drift"]["seq"], 2);
    assert_eq!(versions(&app).await["total"], 2);

    // The first version, read back, holds the old name; restoring it saves the old name.
    let old = app.call("/api/flow_version", &[("seq", "1")]).await;
    assert_eq!(old["version"]["groups"][&id]["name"], "Nhóm Trực Đêm");
    let draft = json!({
        "base_menus": [],
        "base_groups": [group(&loaded, "Nhóm Ca Đêm")],
        "edits": [{"RenameGroup": {"group": {"Saved": id}, "name": "Nhóm Trực Đêm"}}],
        "created": {},
        "overwrite": [],
        "restores": 1,
    });
    let (status, outcome) = save(&app, draft).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert!(outcome.get("Saved").is_some(), "{outcome}");
    assert_eq!(app.group_id("Nhóm Trực Đêm").await, id);
    let after = versions(&app).await;
    assert_eq!(after["total"], 3, "{after}");
    assert_eq!(after["versions"][0]["origin"]["Restored"]["from"], 1);
    assert_eq!(after["versions"][0]["person"], "Test Admin");
    assert_eq!(flow(&app).await["drift"], Value::Null);

    let missing = app.post_form("/api/flow_version", &[("seq", "99")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn versions_are_the_tenant_s_own_and_need_a_login() {
    let app = spawn_app().await;
    let res = app.post_form("/api/flow_versions", &[("page", "1")]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.post_form("/api/flow_version", &[("seq", "1")]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

const TENANT: &str = "tenant-digest";

async fn store(engine: &Engine) -> FlowVersions {
    FlowVersions::new(
        ConsoleDb::open(&engine.url())
            .await
            .expect("the database opens"),
    )
}

/// A version with `n` groups named after `round`.
fn version(round: u64, n: u64) -> Version {
    let mut v = Version::default();
    for g in 0..n {
        v.groups.insert(
            format!("g{g}"),
            GroupState {
                name: format!("Nhóm {g} lần {}", if g == round % n { round } else { 0 }),
                strategy: None,
                member_timeout: Some(20),
                members: Vec::new(),
                on_timeout: None,
            },
        );
    }
    v
}

async fn every_version_reads_back_whole_and_nothing_changed_stores_nothing(engine: Engine) {
    let versions = store(&engine).await;
    let rounds = FULL_EVERY * 2 + 5;
    for round in 1..=rounds {
        let origin = if round == 1 {
            Origin::FirstSeen
        } else {
            Origin::Console
        };
        let info = versions
            .record(TENANT, &version(round, 5), &origin, "Lan")
            .await
            .expect("kept")
            .expect("a new version");
        assert_eq!(info.seq, round);
        // The same again stores nothing.
        assert_eq!(
            versions
                .record(TENANT, &version(round, 5), &Origin::Console, "Lan")
                .await
                .expect("kept"),
            None
        );
    }
    for round in [1, 2, FULL_EVERY, FULL_EVERY + 1, FULL_EVERY + 2, rounds] {
        let read = versions
            .get(TENANT, round)
            .await
            .expect("reads")
            .expect("kept");
        assert_eq!(read.version, version(round, 5), "version {round}");
        assert_eq!(read.info.seq, round);
    }
    let latest = versions.latest(TENANT).await.expect("reads").expect("kept");
    assert_eq!(latest.version, version(rounds, 5));
    assert_eq!(latest.info.summary.groups_changed, 2);
    let (page, total) = versions.list(TENANT, 0, 3).await.expect("reads");
    assert_eq!(total, rounds);
    let seqs: Vec<u64> = page.iter().map(|v| v.seq).collect();
    assert_eq!(seqs, [rounds, rounds - 1, rounds - 2]);
    assert_eq!(page[0].person, "Lan");
    assert!(versions
        .get(TENANT, rounds + 1)
        .await
        .expect("reads")
        .is_none());
    assert!(versions.get("another", 1).await.expect("reads").is_none());
}

async fn two_instances_recording_at_once_keep_one_sequence(engine: Engine) {
    let (a, b) = (store(&engine).await, store(&engine).await);
    let records = (0..20u64).map(|n| {
        let at = if n % 2 == 0 { a.clone() } else { b.clone() };
        // Pairs of instances record the same flow: one of each pair stores it.
        tokio::spawn(async move {
            at.record(TENANT, &version(n / 2 + 1, 3), &Origin::Outside, "")
                .await
        })
    });
    let mut stored = 0;
    for recorded in futures::future::join_all(records).await {
        if recorded.expect("ran").expect("kept").is_some() {
            stored += 1;
        }
    }
    let (all, total) = a.list(TENANT, 0, 100).await.expect("reads");
    assert_eq!(total, stored);
    let mut seqs: Vec<u64> = all.iter().map(|v| v.seq).collect();
    seqs.reverse();
    assert_eq!(seqs, (1..=stored).collect::<Vec<_>>());
    for seq in 1..=stored {
        a.get(TENANT, seq)
            .await
            .expect("reads")
            .expect("every number holds a version");
    }
    // Each instance's latest is the database's, whichever wrote it: a version one instance
    // keeps in memory is not taken for the latest once the other recorded a newer one.
    let newest = b.get(TENANT, stored).await.expect("reads").expect("kept");
    for at in [&a, &b] {
        assert_eq!(
            at.latest(TENANT).await.expect("reads"),
            Some(newest.clone())
        );
    }
    let next = version(99, 3);
    b.record(TENANT, &next, &Origin::Outside, "")
        .await
        .expect("kept")
        .expect("a new version");
    let latest = a.latest(TENANT).await.expect("reads").expect("kept");
    assert_eq!((latest.info.seq, latest.version), (stored + 1, next));
}

crate::on_both_engines!(
    every_version_reads_back_whole_and_nothing_changed_stores_nothing,
    two_instances_recording_at_once_keep_one_sequence,
);

#[tokio::test]
async fn a_list_of_ring_groups_notices_a_change_made_at_the_vendor() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let list = || {
        app.call(
            "/api/list_groups",
            &[("keyword", ""), ("page", "1"), ("size", "100")],
        )
    };
    let total = || async { versions(&app).await["total"].clone() };
    save_group(&app, "", "Nhóm Lễ Tân").await;
    // Before the console has a version there is nothing to differ from.
    list().await;
    assert_eq!(total().await, 0);
    flow(&app).await;
    list().await;
    assert_eq!(total().await, 1, "the same flow listed stores nothing");

    // A change saved from the group's own page is the console's: the list leaves it for the
    // editor to record, attributed to the admin.
    let id = app.group_id("Nhóm Lễ Tân").await;
    save_group(&app, &id, "Nhóm Tiếp Tân").await;
    list().await;
    assert_eq!(total().await, 1);
    flow(&app).await;
    let listed = versions(&app).await;
    assert_eq!(listed["versions"][0]["origin"], "Console", "{listed}");
    assert_eq!(listed["versions"][0]["person"], "Test Admin");

    // Renamed at the vendor directly: the list notices it, once.
    rename_at_the_vendor(&app, &id, "Nhóm Quầy").await;
    let page = list().await;
    assert!(
        page["rows"]
            .as_array()
            .is_some_and(|rows| rows.iter().any(|r| r["name"] == "Nhóm Quầy")),
        "{page}"
    );
    let listed = versions(&app).await;
    assert_eq!(listed["total"], 3, "{listed}");
    assert_eq!(listed["versions"][0]["origin"], "Outside", "{listed}");
    assert_eq!(listed["versions"][0]["summary"]["groups_changed"], 1);
    list().await;
    assert_eq!(total().await, 3);
    let log = app
        .call(
            "/api/activity",
            &[("filter[object]", &id), ("page", "1"), ("size", "10")],
        )
        .await;
    assert_eq!(
        log["entries"][0]["change"]["kind"], "changed-outside",
        "{log}"
    );
    assert_eq!(
        log["entries"][0]["change"]["before"]["ring_groups"][&id]["name"],
        "Nhóm Tiếp Tân"
    );
    // The editor, opened next, says it.
    assert_eq!(flow(&app).await["drift"]["seq"], 3);
}

#[tokio::test]
async fn a_box_moved_makes_no_version_and_the_next_version_keeps_where_it_was() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    save_group(&app, "", "Nhóm Kho").await;
    let id = app.group_id("Nhóm Kho").await;
    flow(&app).await;
    assert_eq!(versions(&app).await["total"], 1);

    let key = format!("g:{id}");
    let layout = json!({"layout": {"positions": {&key: {"x": 300.4, "y": 170.0}}, "entries": []}});
    app.call_json("/api/save_layout", &layout.to_string()).await;
    flow(&app).await;
    assert_eq!(
        versions(&app).await["total"],
        1,
        "a box moved is no change to callers"
    );

    rename_at_the_vendor(&app, &id, "Nhóm Kho Mới").await;
    flow(&app).await;
    let second = app.call("/api/flow_version", &[("seq", "2")]).await;
    assert_eq!(
        second["version"]["positions"][&key],
        json!([300, 170]),
        "{second}"
    );
}
