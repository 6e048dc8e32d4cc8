//! The activity log's store on both engines: a change begun and completed reads back with its
//! outcome, one begun and never completed reads as "outcome unknown", appends from two instances
//! at once make one unbroken chain, and a row edited by hand shows where the chain breaks.

use crate::console_db::Engine;
use app::wire::activity::Area;
use server::activity::{ActivityLog, ChainCheck, Change, EntryQuery, Outcome};
use server::console_db::ConsoleDb;

const TENANT: &str = "tenant-digest";

async fn log(engine: &Engine) -> ActivityLog {
    ActivityLog {
        db: ConsoleDb::open(&engine.url())
            .await
            .expect("the database opens"),
    }
}

fn change(name: &str) -> Change {
    Change {
        person: "Nguyễn Thị Lan".to_owned(),
        client_addr: "10.0.0.7".to_owned(),
        session_digest: "5e55".to_owned(),
        area: "ring-groups".to_owned(),
        kind: "update".to_owned(),
        object_id: "group-1".to_owned(),
        object_name: name.to_owned(),
        before: serde_json::json!({"name": "Kinh doanh"}),
        after: serde_json::json!({"name": name}),
    }
}

async fn changes_read_back_newest_first_with_their_outcomes(engine: Engine) {
    let log = log(&engine).await;
    let done = log.begin(TENANT, &change("Bán hàng")).await.expect("kept");
    log.finish(TENANT, done, &change("Bán hàng"), &Outcome::Done)
        .await
        .expect("kept");
    let refused = log.begin(TENANT, &change("Trùng")).await.expect("kept");
    let words = Outcome::Refused("Tên nhóm đã tồn tại".to_owned());
    log.finish(TENANT, refused, &change("Trùng"), &words)
        .await
        .expect("kept");
    // Begun, then the process died before the call answered.
    log.begin(TENANT, &change("Không rõ")).await.expect("kept");

    let (entries, total) = log
        .entries(TENANT, &EntryQuery::default(), 0, 100)
        .await
        .expect("the log reads");
    assert_eq!(total, 3);
    let told: Vec<(&str, &Outcome)> = entries
        .iter()
        .map(|e| (e.change.object_name.as_str(), &e.outcome))
        .collect();
    assert_eq!(
        told,
        [
            ("Không rõ", &Outcome::Unknown),
            ("Trùng", &words),
            ("Bán hàng", &Outcome::Done)
        ]
    );
    assert_eq!(entries[2].change, change("Bán hàng"));
    assert_eq!(
        log.check_chain(TENANT).await.expect("checked"),
        ChainCheck::Holds { entries: 5 }
    );
    let (others, total) = log
        .entries("another tenant", &EntryQuery::default(), 0, 100)
        .await
        .expect("reads");
    assert!(others.is_empty() && total == 0);
}

async fn filters_and_pages_find_what_was_asked_for(engine: Engine) {
    let log = log(&engine).await;
    let at = |person: &str, area: Area, id: &str, name: &str| Change {
        person: person.to_owned(),
        area: area.as_str().to_owned(),
        object_id: id.to_owned(),
        ..change(name)
    };
    // A group made: its id is known only from the vendor's answer, in the completing entry.
    let created = at("Lan", Area::RingGroups, "", "Bán hàng_50%");
    let begun = log.begin(TENANT, &created).await.expect("kept");
    let answered = Change {
        object_id: "g-new".to_owned(),
        after: serde_json::json!({"id": "g-new", "group_name": "Bán hàng_50%"}),
        ..created.clone()
    };
    log.finish(TENANT, begun, &answered, &Outcome::Done)
        .await
        .expect("kept");
    for n in 0..7 {
        log.begin(
            TENANT,
            &at("Minh", Area::Menus, &format!("m{n}"), &format!("Menu {n}")),
        )
        .await
        .expect("kept");
    }
    let find = |query: EntryQuery, skip: u64, limit: u64| {
        let log = log.clone();
        async move {
            let (entries, total) = log
                .entries(TENANT, &query, skip, limit)
                .await
                .expect("reads");
            let names: Vec<String> = entries.into_iter().map(|e| e.change.object_name).collect();
            (names, total)
        }
    };
    let by_words = find(
        EntryQuery {
            object: Some("ban hang".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await;
    assert_eq!(by_words, (vec!["Bán hàng_50%".to_owned()], 1));
    // The id the vendor gave finds the change that made it, with that id and what it answered.
    let (made, _) = log
        .entries(
            TENANT,
            &EntryQuery {
                object: Some("g-new".into()),
                ..Default::default()
            },
            0,
            10,
        )
        .await
        .expect("reads");
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].change.object_id, "g-new");
    assert_eq!(made[0].change.after["id"], "g-new");
    // Wildcards in the words are taken as written.
    let percent = find(
        EntryQuery {
            object: Some("_50%".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await;
    assert_eq!(percent.1, 1);
    let none = find(
        EntryQuery {
            object: Some("n_u".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await;
    assert_eq!(none.1, 0);
    let minh = find(
        EntryQuery {
            person: Some("Minh".into()),
            area: Some(Area::Menus),
            ..Default::default()
        },
        2,
        3,
    )
    .await;
    assert_eq!(
        minh,
        (
            vec![
                "Menu 4".to_owned(),
                "Menu 3".to_owned(),
                "Menu 2".to_owned()
            ],
            7
        )
    );
    let nobody = find(
        EntryQuery {
            person: Some("Lan".into()),
            area: Some(Area::Menus),
            ..Default::default()
        },
        0,
        10,
    )
    .await;
    assert_eq!(nobody.1, 0);
    let later = find(
        EntryQuery {
            from_ms: Some(i64::MAX - 1),
            ..Default::default()
        },
        0,
        10,
    )
    .await;
    assert_eq!(later.1, 0);
    let until_now = find(
        EntryQuery {
            until_ms: Some(i64::MAX - 1),
            ..Default::default()
        },
        0,
        10,
    )
    .await;
    assert_eq!(until_now.1, 8);
    assert_eq!(log.people(TENANT).await.expect("reads"), ["Lan", "Minh"]);
}

async fn appends_from_two_instances_at_once_make_one_chain(engine: Engine) {
    let (a, b) = (log(&engine).await, log(&engine).await);
    let appends = (0..40).map(|n| {
        let at = if n % 2 == 0 { a.clone() } else { b.clone() };
        tokio::spawn(async move { at.begin(TENANT, &change(&format!("n{n}"))).await })
    });
    let mut numbers: Vec<u64> = Vec::new();
    for appended in futures::future::join_all(appends).await {
        numbers.push(appended.expect("ran").expect("kept"));
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=40).collect::<Vec<u64>>());
    assert_eq!(
        a.check_chain(TENANT).await.expect("checked"),
        ChainCheck::Holds { entries: 40 }
    );
}

async fn a_row_edited_by_hand_shows_where_the_chain_breaks(engine: Engine) {
    let log = log(&engine).await;
    for name in ["một", "hai", "ba"] {
        log.begin(TENANT, &change(name)).await.expect("kept");
    }
    sqlx::query("UPDATE activity SET person = 'Người khác' WHERE seq = 2")
        .execute(log.db.pool())
        .await
        .expect("edited by hand");
    assert_eq!(
        log.check_chain(TENANT).await.expect("checked"),
        ChainCheck::BrokenAt { seq: 2 }
    );
    // A row taken out is found too.
    sqlx::query("UPDATE activity SET person = 'Nguyễn Thị Lan' WHERE seq = 2")
        .execute(log.db.pool())
        .await
        .expect("put back");
    assert_eq!(
        log.check_chain(TENANT).await.expect("checked"),
        ChainCheck::Holds { entries: 3 }
    );
    sqlx::query("DELETE FROM activity WHERE seq = 2")
        .execute(log.db.pool())
        .await
        .expect("deleted by hand");
    assert_eq!(
        log.check_chain(TENANT).await.expect("checked"),
        ChainCheck::BrokenAt { seq: 3 }
    );
}

crate::on_both_engines!(
    changes_read_back_newest_first_with_their_outcomes,
    filters_and_pages_find_what_was_asked_for,
    appends_from_two_instances_at_once_make_one_chain,
    a_row_edited_by_hand_shows_where_the_chain_breaks,
);
