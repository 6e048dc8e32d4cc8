//! The console's own database (`DATABASE_URL`): what the vendor has no place for. SQLite on one
//! machine (a file only the console's user reads), PostgreSQL when several instances share it.
//! One set of migrations, embedded in the binary and run at start, serves both: the SQL is
//! written in what the two have in common, and reached through sqlx's `Any` driver.

use crate::config::StoreKind;
use crate::StartError;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;

/// How long a call waits for a connection before the database counts as unavailable: an outage
/// is answered as one within seconds, not after sqlx's default 30.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A pool on the console database, migrated.
#[derive(Clone, Debug)]
pub struct ConsoleDb {
    pool: AnyPool,
}

/// What a failed call to the console database is to the user; the detail goes to the log.
pub fn unavailable(err: sqlx::Error) -> app::error::AppError {
    tracing::warn!(error = %err, "a console database call failed");
    app::error::AppError::ConsoleDataUnavailable
}

impl ConsoleDb {
    /// Opens the database `url` names, creating a SQLite file (0600) when missing, and brings
    /// its tables up to date. Several instances may start at once: the migrator takes a lock
    /// on PostgreSQL.
    pub async fn open(url: &str) -> Result<Self, StartError> {
        let fail = |detail: &dyn std::fmt::Display| {
            StartError::Database(format!("{}: {detail}", crate::config::redact_url(url)))
        };
        sqlx::any::install_default_drivers();
        let kind = StoreKind::of(url);
        // SQLite's migrator takes no lock: a console starting while another still runs on the
        // same file (a restart overlapping) would apply a migration twice. A lock on the file
        // (flock, apart from SQLite's own fcntl locks) is held until the migrations are done.
        let mut migrating = None;
        if kind == Some(StoreKind::Sqlite) {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse().map_err(|e| fail(&e))?;
            let file = options.get_filename().to_owned();
            crate::private_file::create(&file).map_err(|e| fail(&e))?;
            let lock = tokio::task::spawn_blocking(move || {
                let held = std::fs::File::open(file)?;
                held.lock()?;
                Ok::<_, std::io::Error>(held)
            })
            .await
            .map_err(|e| fail(&e))?
            .map_err(|e| fail(&e))?;
            migrating = Some(lock);
        }
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect(url)
            .await
            .map_err(|e| fail(&e))?;
        if kind == Some(StoreKind::Sqlite) {
            // Readers do not wait for a writer; kept in the file once set.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await
                .map_err(|e| fail(&e))?;
        }
        MIGRATOR.run(&pool).await.map_err(|e| fail(&e))?;
        drop(migrating);
        Ok(Self { pool })
    }

    /// The pool, for the modules that keep the console's data (layouts).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}
