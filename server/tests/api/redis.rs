//! Several instances behind a load balancer, sharing Redis (`SESSION_STORE_URL=redis://…`): a
//! session and the failed-login counts are the same whichever instance a request reaches, a
//! restarted instance keeps every session, and a Redis outage is a clear answer that passes.

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

impl Instance {
    /// A console on `redis`, calling the shared simulator at `vendor` as a real vendor.
    async fn start(redis: &RedisServer, vendor: &str) -> Instance {
        let port = redis_server::free_port();
        let log = tempfile::NamedTempFile::new().expect("a log file");
        let process = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("CALLCENTER_URL", vendor)
            .env("SESSION_STORE_URL", redis.url())
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
        self.call("/api/log_in", &[("api_key", key)], "").await
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

/// Redis, a simulator standing in for the vendor, and the turn to run consoles.
async fn shared_setup() -> (
    RedisServer,
    sim::Running,
    tokio::sync::MutexGuard<'static, ()>,
) {
    let turn = support::one_at_a_time().await;
    let redis = RedisServer::start();
    let vendor = sim::spawn(sim::SimConfig::default())
        .await
        .expect("the simulator starts");
    (redis, vendor, turn)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_opened_on_one_instance_is_used_and_closed_on_the_other() {
    let (redis, vendor, _turn) = shared_setup().await;
    let a = Instance::start(&redis, &vendor.base_url).await;
    let b = Instance::start(&redis, &vendor.base_url).await;

    let cookie = support::session_cookie_pair(&a.log_in("demo").await);
    let page = b.page("/extensions", &cookie).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text().await.unwrap().contains("<table"),
        "B renders the list"
    );

    let out = b.call("/api/log_out", &[], &cookie).await;
    assert!(out.status().is_success() || out.status().is_redirection());
    let refused = a
        .call("/api/current_tenant", &[], &cookie)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        refused.contains("NotLoggedIn"),
        "A refuses the old cookie: {refused}"
    );
    let page = a.page("/extensions", &cookie).await;
    let location = page.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with("/login"), "{location}");
    a.shut_down();
    b.shut_down();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_layout_saved_through_one_instance_is_drawn_by_the_other() {
    let (redis, vendor, _turn) = shared_setup().await;
    let a = Instance::start(&redis, &vendor.base_url).await;
    let b = Instance::start(&redis, &vendor.base_url).await;
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
            saved.text().await.unwrap()
        );
        let flow: serde_json::Value = b
            .call("/api/load_flow", &[], &cookie)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(flow["layout"]["positions"]["m:menu-1"], at, "{flow}");
    }
    a.shut_down();
    b.shut_down();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_spread_over_instances_are_counted_together() {
    let (redis, vendor, _turn) = shared_setup().await;
    let a = Instance::start(&redis, &vendor.base_url).await;
    let b = Instance::start(&redis, &vendor.base_url).await;
    let max = Config::default().login_max_failures;

    for attempt in 0..max {
        let instance = if attempt % 2 == 0 { &a } else { &b };
        let body = instance.log_in("wrong-key").await.text().await.unwrap();
        assert!(body.contains("WrongApiKey"), "attempt {attempt}: {body}");
    }
    for instance in [&a, &b] {
        let body = instance.log_in("demo").await.text().await.unwrap();
        assert!(body.contains("TooManyAttempts"), "{body}");
    }
    a.shut_down();
    b.shut_down();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_wrong_keys_at_once_over_two_instances_let_exactly_the_limit_through() {
    let (redis, vendor, _turn) = shared_setup().await;
    let a = Instance::start(&redis, &vendor.base_url).await;
    let b = Instance::start(&redis, &vendor.base_url).await;
    let attempts = (0..40).map(|n| {
        let instance = if n % 2 == 0 { &a } else { &b };
        instance.log_in("wrong-key")
    });
    let mut wrong = 0;
    for res in futures::future::join_all(attempts).await {
        let body = res.text().await.unwrap();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_instance_keeps_every_session() {
    let (redis, vendor, _turn) = shared_setup().await;
    let a = Instance::start(&redis, &vendor.base_url).await;
    let mut cookies = Vec::new();
    for _ in 0..3 {
        cookies.push(support::session_cookie_pair(&a.log_in("demo").await));
    }
    a.shut_down();

    let again = Instance::start(&redis, &vendor.base_url).await;
    for cookie in &cookies {
        let body = again
            .call("/api/current_tenant", &[], cookie)
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("label"), "{body}");
    }
    again.shut_down();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_redis_is_down_pages_say_so_and_the_console_recovers_after() {
    let (mut redis, vendor, _turn) = shared_setup().await;
    let a = Instance::start(&redis, &vendor.base_url).await;
    let cookie = support::session_cookie_pair(&a.log_in("demo").await);
    assert_eq!(
        a.page("/extensions", &cookie).await.status(),
        StatusCode::OK
    );

    redis.stop();
    let started = Instant::now();
    let page = a.page("/extensions", &cookie).await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = page.text().await.unwrap();
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
    assert_eq!(call.text().await.unwrap(), "\"SessionStoreUnavailable\"");
    let login = a.log_in("demo").await.text().await.unwrap();
    assert!(login.contains("SessionStoreUnavailable"), "{login}");

    redis.resume();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = a.page("/extensions", &cookie).await.status();
        if status == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {status} after Redis came back"
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
    let untrusted = Config {
        site_addr: "127.0.0.1:0".parse().expect("an address"),
        session_store_url: redis.url(),
        ..Config::default()
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
