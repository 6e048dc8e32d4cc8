//! Several instances behind a load balancer, sharing their sessions in Redis
//! (`SESSION_STORE_URL=redis://…`) or PostgreSQL (`postgres://…`) and their data in PostgreSQL
//! (`DATABASE_URL`): a session, a layout and the failed-login counts are the same whichever
//! instance a request reaches, a restarted instance keeps every session and layout, and an
//! outage of the session store is a clear answer that passes.

use crate::pg_server::PgServer;
use crate::redis_server;
use crate::support;

use redis_server::RedisServer;
use reqwest::header::{COOKIE, LOCATION};
use reqwest::{Response, StatusCode};
use server::config::Config;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A console process, the real binary, as a load balancer would have several of.
struct Instance {
    base: String,
    process: Child,
    log: tempfile::NamedTempFile,
}

/// What the instances share: PostgreSQL always (the console database), and the session store.
struct Stores {
    postgres: PgServer,
    /// Sessions in Redis; in PostgreSQL when `None`.
    redis: Option<RedisServer>,
}

#[derive(Clone, Copy, Debug)]
enum Sessions {
    Redis,
    Postgres,
}

impl Stores {
    fn start(sessions: Sessions) -> Self {
        Stores {
            postgres: PgServer::start(),
            redis: matches!(sessions, Sessions::Redis).then(RedisServer::start),
        }
    }

    fn session_store_url(&self) -> String {
        self.redis
            .as_ref()
            .map_or_else(|| self.postgres.url(), RedisServer::url)
    }

    /// Stops the session store, as an outage would.
    fn stop_sessions(&mut self) {
        match &mut self.redis {
            Some(redis) => redis.stop(),
            None => self.postgres.stop(),
        }
    }

    fn resume_sessions(&mut self) {
        match &mut self.redis {
            Some(redis) => redis.resume(),
            None => self.postgres.resume(),
        }
    }
}

impl Instance {
    /// A console on the shared `stores`, calling the shared simulator at `vendor` as a real
    /// vendor.
    async fn start(stores: &Stores, vendor: &str) -> Instance {
        let port = redis_server::free_port();
        let log = tempfile::NamedTempFile::new().expect("a log file");
        let process = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("CALLCENTER_URL", vendor)
            .env("SESSION_STORE_URL", stores.session_store_url())
            .env("DATABASE_URL", stores.postgres.url())
            // Plain http on loopback: the cookie cannot be Secure here.
            .env("COOKIE_SECURE", "false")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("the log file"))
            .spawn()
            .expect("the console binary starts");
        let instance = Instance {
            base: format!("http://127.0.0.1:{port}"),
            process,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(format!("{}/login", instance.base))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "the console did not start: {}",
                instance.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        instance
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Kills the process (nothing it held in memory survives) and checks it never panicked.
    fn shut_down(mut self) {
        self.kill();
        let log = self.log();
        assert!(!log.contains("panicked"), "{log}");
    }

    fn kill(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }

    async fn log_in(&self, key: &str) -> Response {
        self.call(
            "/api/log_in",
            &[("api_key", key), ("person", "Test Admin")],
            "",
        )
        .await
    }

    async fn call(&self, path: &str, form: &[(&str, &str)], cookie: &str) -> Response {
        support::browser()
            .post(format!("{}{path}", self.base))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .header(COOKIE, cookie)
            .form(form)
            .send()
            .await
            .expect("the console answers")
    }

    async fn call_json(&self, path: &str, body: &str, cookie: &str) -> Response {
        support::browser()
            .post(format!("{}{path}", self.base))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .header(COOKIE, cookie)
            .body(body.to_owned())
            .send()
            .await
            .expect("the console answers")
    }

    async fn page(&self, path: &str, cookie: &str) -> Response {
        support::browser()
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .header(COOKIE, cookie)
            .send()
            .await
            .expect("the console answers")
    }
}

/// A failed test leaves no console running.
impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The shared stores, a simulator standing in for the vendor, and the turn to run consoles.
async fn shared_setup(
    sessions: Sessions,
) -> (Stores, sim::Running, tokio::sync::MutexGuard<'static, ()>) {
    let turn = support::one_at_a_time().await;
    let stores = Stores::start(sessions);
    let vendor = sim::spawn(sim::SimConfig::default())
        .await
        .expect("the simulator starts");
    (stores, vendor, turn)
}

async fn a_session_opened_on_one_instance_is_used_and_closed_on_the_other(sessions: Sessions) {
    let (stores, vendor, _turn) = shared_setup(sessions).await;
    let a = Instance::start(&stores, &vendor.base_url).await;
    let b = Instance::start(&stores, &vendor.base_url).await;

    let cookie = support::session_cookie_pair(&a.log_in("demo").await);
    let page = b.page("/extensions", &cookie).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .expect("a readable answer")
            .contains("<table"),
        "B renders the list"
    );

    let out = b.call("/api/log_out", &[], &cookie).await;
    assert!(out.status().is_success() || out.status().is_redirection());
    let refused = a
        .call("/api/current_tenant", &[], &cookie)
        .await
        .text()
        .await
        .expect("a readable answer");
    assert!(
        refused.contains("NotLoggedIn"),
        "A refuses the old cookie: {refused}"
    );
    let page = a.page("/extensions", &cookie).await;
    let location = page.headers()[LOCATION]
        .to_str()
        .expect("a readable answer")
        .to_owned();
    assert!(location.starts_with("/login"), "{location}");
    a.shut_down();
    b.shut_down();
}

async fn a_layout_saved_through_one_instance_is_drawn_by_the_other(sessions: Sessions) {
    let (stores, vendor, _turn) = shared_setup(sessions).await;
    let a = Instance::start(&stores, &vendor.base_url).await;
    let b = Instance::start(&stores, &vendor.base_url).await;
    let cookie = support::session_cookie_pair(&a.log_in("demo").await);

    // Saved once, then again over the first: each save replaces, and B draws what A saved.
    for (x, y) in [(321.0, 54.0), (1.0, 2.0)] {
        let at = serde_json::json!({"x": x, "y": y});
        let layout = serde_json::json!({"layout": {"positions": {"m:menu-1": at}, "entries": []}});
        let saved = a
            .call_json("/api/save_layout", &layout.to_string(), &cookie)
            .await;
        assert_eq!(
            saved.status(),
            StatusCode::OK,
            "{}",
            saved.text().await.expect("a readable answer")
        );
        let flow: serde_json::Value = b
            .call("/api/load_flow", &[], &cookie)
            .await
            .json()
            .await
            .expect("a readable answer");
        assert_eq!(flow["layout"]["positions"]["m:menu-1"], at, "{flow}");
    }
    a.shut_down();
    b.shut_down();
}

async fn failed_logins_spread_over_instances_are_counted_together(sessions: Sessions) {
    let (stores, vendor, _turn) = shared_setup(sessions).await;
    let a = Instance::start(&stores, &vendor.base_url).await;
    let b = Instance::start(&stores, &vendor.base_url).await;
    let max = Config::default().login_max_failures;

    for attempt in 0..max {
        let instance = if attempt % 2 == 0 { &a } else { &b };
        let body = instance
            .log_in("wrong-key")
            .await
            .text()
            .await
            .expect("a readable answer");
        assert!(body.contains("WrongApiKey"), "attempt {attempt}: {body}");
    }
    for instance in [&a, &b] {
        let body = instance
            .log_in("demo")
            .await
            .text()
            .await
            .expect("a readable answer");
        assert!(body.contains("TooManyAttempts"), "{body}");
    }
    a.shut_down();
    b.shut_down();
}

async fn forty_wrong_keys_at_once_over_two_instances_let_exactly_the_limit_through(
    sessions: Sessions,
) {
    let (stores, vendor, _turn) = shared_setup(sessions).await;
    let a = Instance::start(&stores, &vendor.base_url).await;
    let b = Instance::start(&stores, &vendor.base_url).await;
    let attempts = (0..40).map(|n| {
        let instance = if n % 2 == 0 { &a } else { &b };
        instance.log_in("wrong-key")
    });
    let mut wrong = 0;
    for res in futures::future::join_all(attempts).await {
        let body = res.text().await.expect("a readable answer");
        if body.contains("WrongApiKey") {
            wrong += 1;
        } else {
            assert!(body.contains("TooManyAttempts"), "{body}");
        }
    }
    assert_eq!(wrong, Config::default().login_max_failures);
    a.shut_down();
    b.shut_down();
}

async fn a_restarted_instance_keeps_every_session_and_the_layout(sessions: Sessions) {
    let (stores, vendor, _turn) = shared_setup(sessions).await;
    let a = Instance::start(&stores, &vendor.base_url).await;
    let mut cookies = Vec::new();
    for _ in 0..3 {
        cookies.push(support::session_cookie_pair(&a.log_in("demo").await));
    }
    let at = serde_json::json!({"x": 77.0, "y": 88.0});
    let layout = serde_json::json!({"layout": {"positions": {"m:menu-1": at}, "entries": []}});
    let saved = a
        .call_json("/api/save_layout", &layout.to_string(), &cookies[0])
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    a.shut_down();

    let again = Instance::start(&stores, &vendor.base_url).await;
    for cookie in &cookies {
        let body = again
            .call("/api/current_tenant", &[], cookie)
            .await
            .text()
            .await
            .expect("a readable answer");
        assert!(body.contains("label"), "{body}");
    }
    let flow: serde_json::Value = again
        .call("/api/load_flow", &[], &cookies[1])
        .await
        .json()
        .await
        .expect("a readable answer");
    assert_eq!(flow["layout"]["positions"]["m:menu-1"], at, "{flow}");
    again.shut_down();
}

async fn while_the_session_store_is_down_pages_say_so_and_the_console_recovers_after(
    sessions: Sessions,
) {
    let (mut stores, vendor, _turn) = shared_setup(sessions).await;
    let a = Instance::start(&stores, &vendor.base_url).await;
    let cookie = support::session_cookie_pair(&a.log_in("demo").await);
    assert_eq!(
        a.page("/extensions", &cookie).await.status(),
        StatusCode::OK
    );

    stores.stop_sessions();
    let started = Instant::now();
    let page = a.page("/extensions", &cookie).await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = page.text().await.expect("a readable answer");
    assert!(
        text.contains("Kho phiên làm việc tạm thời không phản hồi"),
        "{text}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the answer came, if slowly"
    );
    let call = a.call("/api/current_tenant", &[], &cookie).await;
    assert_eq!(call.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        call.text().await.expect("a readable answer"),
        "\"SessionStoreUnavailable\""
    );
    let login = a
        .log_in("demo")
        .await
        .text()
        .await
        .expect("a readable answer");
    assert!(login.contains("SessionStoreUnavailable"), "{login}");

    stores.resume_sessions();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = a.page("/extensions", &cookie).await.status();
        if status == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {status} after the session store came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    a.shut_down();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_sticks_on_redis_when_an_upload_of_the_session_ends_after_it() {
    let redis = RedisServer::start();
    let app = support::spawn_app_with(|c| c.session_store_url = redis.url()).await;
    let status = support::page_after_a_logout_an_upload_outlived(&app).await;
    assert!(
        status.is_redirection(),
        "the old cookie opened a page: {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_reach_a_redis_over_tls_and_only_when_its_certificate_is_trusted() {
    let redis = RedisServer::start_tls();
    let dir = tempfile::tempdir().expect("a folder");
    let untrusted = Config {
        session_store_url: redis.url(),
        ..support::config_in(dir.path())
    };
    let refused = server::Console::bind(untrusted).await;
    assert!(
        refused.is_err(),
        "a certificate no authority vouches for is refused at start"
    );

    let app = support::spawn_app_with(|c| {
        c.session_store_url = redis.url();
        c.session_store_ca_file = Some(redis.ca_file());
    })
    .await;
    assert!(app.log_in("demo").await.status().is_success());
    assert_eq!(app.get("/extensions").await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_sticks_on_postgres_when_an_upload_of_the_session_ends_after_it() {
    let postgres = PgServer::start();
    let app = support::spawn_app_with(|c| {
        c.session_store_url = postgres.url();
        c.database_url = postgres.url();
    })
    .await;
    let status = support::page_after_a_logout_an_upload_outlived(&app).await;
    assert!(
        status.is_redirection(),
        "the old cookie opened a page: {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_and_data_reach_a_postgresql_over_tls_only_when_its_certificate_is_trusted() {
    let postgres = PgServer::start_tls();
    let verified = format!("{}?sslmode=verify-full", postgres.url());
    let dir = tempfile::tempdir().expect("a folder");
    for (sessions, data) in [(&verified, &postgres.url()), (&postgres.url(), &verified)] {
        let untrusted = Config {
            session_store_url: sessions.clone(),
            database_url: data.clone(),
            ..support::config_in(dir.path())
        };
        assert!(
            server::Console::bind(untrusted).await.is_err(),
            "a certificate no authority vouches for is refused at start"
        );
    }

    let trusted = format!("{verified}&sslrootcert={}", postgres.ca_file().display());
    let app = support::spawn_app_with(|c| {
        c.session_store_url = trusted.clone();
        c.database_url = trusted.clone();
    })
    .await;
    assert!(app.log_in("demo").await.status().is_success());
    assert_eq!(app.get("/extensions").await.status(), StatusCode::OK);
    let layout = serde_json::json!({"layout": {"positions": {}, "entries": []}});
    let saved = app.post_json("/api/save_layout", &layout.to_string()).await;
    assert_eq!(saved.status(), StatusCode::OK);
}

/// Runs each scenario with sessions in Redis and in PostgreSQL.
macro_rules! with_sessions_in_each_store {
    ($($scenario:ident),* $(,)?) => {
        $(mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn redis() {
                super::$scenario(super::Sessions::Redis).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$scenario(super::Sessions::Postgres).await;
            }
        })*
    };
}

with_sessions_in_each_store!(
    a_session_opened_on_one_instance_is_used_and_closed_on_the_other,
    a_layout_saved_through_one_instance_is_drawn_by_the_other,
    failed_logins_spread_over_instances_are_counted_together,
    forty_wrong_keys_at_once_over_two_instances_let_exactly_the_limit_through,
    a_restarted_instance_keeps_every_session_and_the_layout,
    while_the_session_store_is_down_pages_say_so_and_the_console_recovers_after,
);
