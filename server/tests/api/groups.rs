//! Ring groups through the console's server functions, against the simulator over real HTTP:
//! the vendor's rules checked before any call, someone else's change never silently
//! overwritten, and no delete while something leads to the group.

use crate::support::{spawn_app, TestApp, SEEDED_GROUP};
use serde_json::Value;

fn draft<'a>(name: &'a str, timeout: &'a str, members: &[&'a str]) -> Vec<(String, &'a str)> {
    let mut form = vec![
        ("draft[name]".to_owned(), name),
        ("draft[strategy]".to_owned(), "rollover"),
        ("draft[timeout]".to_owned(), timeout),
    ];
    for (i, m) in members.iter().enumerate() {
        form.push((format!("draft[members][{i}]"), *m));
    }
    form
}

async fn save(
    app: &TestApp,
    extra: &[(&str, &str)],
    draft: &[(String, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = draft.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    form.extend_from_slice(extra);
    app.post_form("/api/save_group", &form).await
}

/// A save the server answers with 200, as its JSON.
async fn saved(app: &TestApp, extra: &[(&str, &str)], draft: &[(String, &str)]) -> Value {
    let res = save(app, extra, draft).await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("JSON")
}

async fn group_count(app: &TestApp) -> i64 {
    app.call(
        "/api/list_groups",
        &[("keyword", ""), ("page", "1"), ("size", "100")],
    )
    .await["total"]
        .as_i64()
        .expect("a total")
}

#[tokio::test]
async fn a_name_another_group_has_is_refused_at_the_name_ignoring_case_and_diacritics() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let before = group_count(&app).await;
    let res = save(
        &app,
        &[("overwrite", "false")],
        &draft("nhom KE TOAN", "30", &["101"]),
    )
    .await;
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["Invalid"]["field"], "group_name", "{err}");
    assert_eq!(
        err["Invalid"]["problem"]["Duplicate"]["other"], SEEDED_GROUP,
        "{err}"
    );
    assert_eq!(group_count(&app).await, before, "nothing was created");
}

#[tokio::test]
async fn a_timeout_out_of_the_vendor_range_is_refused_before_any_call() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let before = group_count(&app).await;
    for timeout in ["0", "601", "ba mươi", ""] {
        let res = save(
            &app,
            &[("overwrite", "false")],
            &draft("Nhóm mới", timeout, &[]),
        )
        .await;
        assert_eq!(res.status(), 400, "{timeout}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["Invalid"]["field"], "timeout", "{timeout}: {err}");
    }
    assert_eq!(group_count(&app).await, before);
}

#[tokio::test]
async fn an_id_that_could_change_the_endpoint_is_refused() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    for path in ["/api/ring_group", "/api/group_usages", "/api/delete_group"] {
        let res = app
            .post_form(path, &[("id", "../internal_phone/list")])
            .await;
        assert_eq!(res.status(), 400, "{path}");
        assert!(res.text().await.unwrap().contains("BadId"), "{path}");
    }
}

#[tokio::test]
async fn members_keep_the_order_saved_and_a_cleared_target_is_gone() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let target = app.group_id(SEEDED_GROUP).await;
    let form = draft("Nhóm thứ tự", "20", &["103", "101", "102"]);
    let with_target = [
        ("overwrite", "false"),
        ("draft[target_kind]", "Ring_group"),
        ("draft[target_id]", target.as_str()),
    ];
    let first = saved(&app, &with_target, &form).await;
    let group = &first["Saved"];
    let members: Vec<&str> = group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["103", "101", "102"]);
    assert_eq!(group["on_timeout"]["name"], SEEDED_GROUP);

    // Saved again without a target: the vendor's copy has none any more.
    let id = group["id"].as_str().unwrap().to_owned();
    let seen = group["last_updated"].to_string();
    let cleared: Value = saved(
        &app,
        &[("id", &id), ("seen", &seen), ("overwrite", "false")],
        &form,
    )
    .await;
    assert!(cleared["Saved"]["on_timeout"].is_null(), "{cleared}");
    let reread = app.call("/api/ring_group", &[("id", &id)]).await;
    assert!(reread["on_timeout"].is_null(), "{reread}");
}

#[tokio::test]
async fn a_group_changed_since_the_form_loaded_is_not_overwritten_without_asking() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let created: Value = saved(
        &app,
        &[("overwrite", "false")],
        &draft("Nhóm chung", "30", &["104"]),
    )
    .await;
    let id = created["Saved"]["id"].as_str().unwrap().to_owned();
    let stale = created["Saved"]["last_updated"].to_string();
    // Someone else saves first.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let theirs = saved(
        &app,
        &[("id", &id), ("seen", &stale), ("overwrite", "false")],
        &draft("Nhóm chung (của họ)", "30", &["104"]),
    )
    .await;
    assert!(theirs["Saved"].is_object());

    // The stale form is answered with their copy, and nothing is written.
    let mine = draft("Nhóm chung (của tôi)", "45", &["104"]);
    let answer: Value = saved(
        &app,
        &[("id", &id), ("seen", &stale), ("overwrite", "false")],
        &mine,
    )
    .await;
    assert_eq!(answer["Changed"]["name"], "Nhóm chung (của họ)", "{answer}");
    let current = app.call("/api/ring_group", &[("id", &id)]).await;
    assert_eq!(current["name"], "Nhóm chung (của họ)");

    // Asked to overwrite, it does.
    let answer: Value = saved(
        &app,
        &[("id", &id), ("seen", &stale), ("overwrite", "true")],
        &mine,
    )
    .await;
    assert_eq!(answer["Saved"]["name"], "Nhóm chung (của tôi)", "{answer}");
    assert_eq!(answer["Saved"]["timeout"], 45);
}

#[tokio::test]
async fn a_group_an_ivr_key_leads_to_is_not_deleted_and_the_places_are_named() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let id = app.group_id(SEEDED_GROUP).await;
    let answer = app.call("/api/delete_group", &[("id", &id)]).await;
    let usages = answer["InUse"].as_array().expect("refused as in use");
    assert!(
        usages
            .iter()
            .any(|u| u["place"]["MenuKey"] == "0" && u["owner_name"] == "Tổng đài chính"),
        "{answer}"
    );
    assert_eq!(app.group_id(SEEDED_GROUP).await, id, "still there");

    // An unused group goes.
    let created: Value = saved(
        &app,
        &[("overwrite", "false")],
        &draft("Nhóm tạm", "30", &[]),
    )
    .await;
    let unused = created["Saved"]["id"].as_str().unwrap().to_owned();
    let answer = app.call("/api/delete_group", &[("id", &unused)]).await;
    assert_eq!(answer, "Deleted");
    let gone = app.post_form("/api/ring_group", &[("id", &unused)]).await;
    assert_eq!(gone.status(), 404);
}

#[tokio::test]
async fn members_are_added_and_removed_by_saving_the_group() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let sips = |group: &Value| -> Vec<String> {
        group["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| m["id"].as_str().expect("member id").to_owned())
            .collect()
    };
    let created = saved(
        &app,
        &[("overwrite", "false")],
        &draft("Nhóm thành viên", "30", &["108", "109"]),
    )
    .await;
    let id = created["Saved"]["id"].as_str().expect("id").to_owned();
    let seen = created["Saved"]["last_updated"].to_string();
    // 108 leaves, 120 joins, in one save.
    let changed = saved(
        &app,
        &[("id", &id), ("seen", &seen), ("overwrite", "false")],
        &draft("Nhóm thành viên", "30", &["109", "120"]),
    )
    .await;
    assert_eq!(sips(&changed["Saved"]), ["109", "120"]);
    let reread = app.call("/api/ring_group", &[("id", &id)]).await;
    assert_eq!(sips(&reread), ["109", "120"]);
    // The old way of changing one member at once is gone: there is one place to edit members.
    let res = app
        .post_form(
            "/api/change_group_member",
            &[("group_id", &id), ("sip_user", "108"), ("add", "true")],
        )
        .await;
    assert_eq!(res.status(), 404);
}
