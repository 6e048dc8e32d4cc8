//! The console database on both engines it runs on, SQLite (one machine) and PostgreSQL (several
//! instances): layouts outlive the process that kept them, writes from two instances at once
//! lose nothing, instances starting at once migrate once, and a layout an earlier console kept
//! in the session store is moved in the first time it is read.

use crate::pg_server::PgServer;
use crate::support;
use app::ivr::layout::{Layout, Point};
use app::state::LayoutStore;
use server::console_db::ConsoleDb;
use server::layouts::{earlier, DbLayouts};
use std::collections::{BTreeMap, BTreeSet};
use tower_sessions::SessionStore;

/// Where the console database lives for one test; its session store is SQLite in `dir`.
pub struct Engine {
    dir: tempfile::TempDir,
    postgres: Option<PgServer>,
}

impl Engine {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a folder");
        Engine {
            dir,
            postgres: None,
        }
    }

    pub fn postgres() -> Self {
        Engine {
            postgres: Some(PgServer::start()),
            ..Self::sqlite()
        }
    }

    pub fn url(&self) -> String {
        match &self.postgres {
            Some(pg) => pg.url(),
            None => support::config_in(self.dir.path()).database_url,
        }
    }

    /// A console's layouts as an instance opens them.
    async fn layouts(&self) -> DbLayouts {
        let db = ConsoleDb::open(&self.url())
            .await
            .expect("the database opens");
        let (earlier, _) = server::sessions::open(&support::config_in(self.dir.path()))
            .await
            .expect("the session store opens");
        DbLayouts { db, earlier }
    }
}

fn positions(n: u32) -> BTreeMap<String, Point> {
    (0..=n % 5)
        .map(|i| {
            let at = Point {
                x: f64::from(n),
                y: f64::from(i),
            };
            (format!("m:menu-{i}"), at)
        })
        .collect()
}

fn entries(n: u32) -> BTreeSet<String> {
    [format!("menu-{n}")].into()
}

/// One instance drags (positions) for as long as another saves the flow (entries) many times in
/// a row: the row ends with the last of each, never a value one read before the other's write
/// and put back after it.
async fn writes_at_once_lose_nothing(engine: Engine) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (a, b) = (engine.layouts().await, engine.layouts().await);
    let tenant = "tenant-digest";
    let saving = std::sync::Arc::new(AtomicBool::new(true));
    let (drags, saves) = (a.clone(), b.clone());
    let drags = tokio::spawn({
        let saving = saving.clone();
        async move {
            let mut n = 0;
            // Dragging goes on across the last save, so a write that put back what it read
            // before that save would show.
            while saving.load(Ordering::SeqCst) || n < 5 {
                n += 1;
                drags.save_positions(tenant, positions(n)).await?;
            }
            Ok::<_, app::error::AppError>(n)
        }
    });
    let saves = tokio::spawn(async move {
        for n in 1..=30 {
            saves.save_entries(tenant, entries(n)).await?;
        }
        saving.store(false, Ordering::SeqCst);
        Ok::<_, app::error::AppError>(())
    });
    let (dragged, saved) = futures::join!(drags, saves);
    let last_drag = dragged.expect("the drags ran").expect("every drag is kept");
    saved.expect("the saves ran").expect("every save is kept");
    let kept = a.load(tenant).await.expect("the layout loads");
    assert_eq!(
        kept,
        Layout {
            positions: positions(last_drag),
            entries: entries(30)
        }
    );
}

async fn a_layout_outlives_the_instance_that_kept_it(engine: Engine) {
    let first = engine.layouts().await;
    first.save_positions("t", positions(7)).await.expect("kept");
    first.save_entries("t", entries(7)).await.expect("kept");
    drop(first);
    let again = engine.layouts().await;
    let kept = again.load("t").await.expect("the layout loads");
    assert_eq!(
        kept,
        Layout {
            positions: positions(7),
            entries: entries(7)
        }
    );
    assert_eq!(
        again.load("another tenant").await.expect("loads"),
        Layout::default()
    );
}

async fn instances_starting_at_once_migrate_once(engine: Engine) {
    let url = engine.url();
    let opened = futures::future::join_all((0..4).map(|_| ConsoleDb::open(&url))).await;
    for db in opened {
        db.expect("every instance starts");
    }
}

/// A layout an earlier console kept as a session-store record.
async fn keep_the_earlier_way(engine: &Engine, tenant: &str, layout: &Layout) {
    use tower_sessions::cookie::time::{Duration, OffsetDateTime};
    let url = support::config_in(engine.dir.path()).session_store_url;
    let options: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("a SQLite URL");
    let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true))
        .await
        .expect("the session file");
    let store = tower_sessions_sqlx_store::SqliteStore::new(pool)
        .with_table_name("tower_sessions")
        .expect("the table name");
    store.migrate().await.expect("the session table");
    let record = tower_sessions::session::Record {
        id: earlier::record_id(tenant),
        data: [(
            earlier::LAYOUT_KEY.to_owned(),
            serde_json::to_value(layout).expect("a layout encodes"),
        )]
        .into(),
        expiry_date: OffsetDateTime::now_utc() + Duration::days(30),
    };
    store.save(&record).await.expect("the record is kept");
}

async fn a_layout_kept_in_the_session_store_is_moved_in_once(engine: Engine) {
    let old = Layout {
        positions: positions(3),
        entries: entries(3),
    };
    keep_the_earlier_way(&engine, "t", &old).await;
    let layouts = engine.layouts().await;
    assert_eq!(layouts.load("t").await.expect("loads"), old);
    let left = layouts
        .earlier
        .load(&earlier::record_id("t"))
        .await
        .expect("the session store answers");
    assert!(left.is_none(), "the earlier record is gone once moved");
    // From now on the database is the one place: a change is kept there and read back.
    layouts
        .save_positions("t", positions(9))
        .await
        .expect("kept");
    let now = layouts.load("t").await.expect("loads");
    assert_eq!((now.positions, now.entries), (positions(9), entries(3)));
}

/// Runs each scenario on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_engines {
    ($($scenario:ident),* $(,)?) => {
        $(mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario($crate::console_db::Engine::sqlite()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$scenario($crate::console_db::Engine::postgres()).await;
            }
        })*
    };
}

crate::on_both_engines!(
    writes_at_once_lose_nothing,
    a_layout_outlives_the_instance_that_kept_it,
    instances_starting_at_once_migrate_once,
    a_layout_kept_in_the_session_store_is_moved_in_once,
);
