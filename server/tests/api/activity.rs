//! The activity log's store on both engines: a change begun and completed reads back with its
//! outcome, one begun and never completed reads as "outcome unknown", appends from two instances
//! at once make one unbroken chain, and a row edited by hand shows where the chain breaks.

use crate::console_db::Engine;
use server::activity::{ActivityLog, ChainCheck, Change, Outcome};
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

    let entries = log.entries(TENANT).await.expect("the log reads");
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
    assert!(log
        .entries("another tenant")
        .await
        .expect("reads")
        .is_empty());
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
    appends_from_two_instances_at_once_make_one_chain,
    a_row_edited_by_hand_shows_where_the_chain_breaks,
);
