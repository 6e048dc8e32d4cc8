//! Sessions, security headers and the token's confinement, tested over real HTTP.

use crate::support;

use crate::support::{
    browser, spawn_app, spawn_app_with, with_ids, Ids, JSON_SESSION_CALLS, SEEDED_GREETING,
    SEEDED_GROUP, SEEDED_MENU, SESSION_CALLS,
};
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use server::config::Config;
use server::Console;
use std::collections::BTreeSet;
use std::time::Duration;

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("console_session=") || c.starts_with("__Host-console_session="))
        .map(str::to_owned)
}

#[tokio::test]
async fn login_with_a_wrong_api_key_shows_a_clear_error_and_starts_no_session() {
    let app = spawn_app().await;
    let res = app.log_in("wrong-key").await;
    assert!(session_cookie(res.headers()).is_none());
    let body = res.text().await.unwrap();
    assert!(body.contains("WrongApiKey"), "{body}");
}

#[tokio::test]
async fn login_with_the_demo_key_sets_a_hardened_cookie_and_opens_the_console() {
    let app = spawn_app().await;
    let res = app.log_in("demo").await;
    let cookie = session_cookie(res.headers()).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http for the local demo: {cookie}"
    );
    let page = app.get("/extensions").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<table"),
        "the list is rendered on the server"
    );
}

#[tokio::test]
async fn the_name_given_at_login_is_kept_with_the_session_and_offered_again_after_a_logout() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            "/api/log_in",
            &[("api_key", "demo"), ("person", "  Nguyễn   Thị Lan ")],
        )
        .await;
    let remembered = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("console_person="))
        .expect("the name is remembered")
        .to_owned();
    assert!(remembered.contains("HttpOnly"), "{remembered}");
    assert!(remembered.contains("Path=/"), "{remembered}");
    let tenant = app.call("/api/current_tenant", &[]).await;
    assert_eq!(tenant["person"], "Nguyễn Thị Lan", "{tenant}");
    let html = app.get("/extensions").await.text().await.unwrap();
    assert!(
        html.contains("Nguyễn Thị Lan"),
        "the header names the person"
    );

    app.post_form("/api/log_out", &[]).await;
    let help = app.call("/api/login_help", &[]).await;
    assert_eq!(help["person"], "Nguyễn Thị Lan", "{help}");
    let page = app.get("/login").await.text().await.unwrap();
    assert!(
        page.contains(r#"value="Nguyễn Thị Lan""#),
        "the login form is filled in on the server: {page}"
    );
}

#[tokio::test]
async fn a_login_without_a_name_is_refused_before_the_key_is_tried_and_is_not_counted() {
    let app = spawn_app().await;
    let max = server::config::Config::default().login_max_failures;
    for name in ["", "   ", &"x".repeat(81)] {
        for _ in 0..max {
            let res = app
                .post_form("/api/log_in", &[("api_key", "wrong"), ("person", name)])
                .await;
            assert_eq!(res.status(), StatusCode::BAD_REQUEST);
            assert!(session_cookie(res.headers()).is_none());
            assert_eq!(res.text().await.unwrap(), "\"NameRequired\"");
        }
    }
    let res = app.log_in("demo").await;
    assert!(session_cookie(res.headers()).is_some(), "not held back");
}

#[tokio::test]
async fn a_secure_cookie_takes_the_host_prefix_and_answers_ask_for_https() {
    let app = spawn_app_with(|c| c.cookie_secure = true).await;
    let res = app.log_in("demo").await;
    assert!(res.headers().contains_key("strict-transport-security"));
    let cookie = session_cookie(res.headers()).expect("a session cookie");
    assert!(cookie.starts_with("__Host-console_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    drop(app);
    let plain = spawn_app_with(|c| c.cookie_secure = false).await;
    assert!(!plain
        .get("/login")
        .await
        .headers()
        .contains_key("strict-transport-security"));
}

#[tokio::test]
async fn an_anonymous_visit_is_sent_to_the_login_page_before_anything_renders() {
    let app = spawn_app().await;
    let res = app.get("/extensions?page=2").await;
    // 303 from the session gate; the app's own redirect, after rendering, would be a 302.
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/login?next=%2Fextensions"),
        "{location}"
    );
}

/// A well-formed id nothing has.
const UNKNOWN_ID: &str = "0123456789abcdef01234567";

#[tokio::test]
async fn every_server_function_checks_the_session_itself() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        // Those that open and close a session, and what the login page offers.
        .filter(|path| !["/api/log_in", "/api/log_out", "/api/login_help"].contains(path))
        .collect();
    let listed: BTreeSet<&str> = SESSION_CALLS
        .iter()
        .map(|(path, _)| *path)
        .chain(JSON_SESSION_CALLS.iter().map(|(path, _)| *path))
        .collect();
    assert_eq!(registered, listed, "every server function is called below");

    let app = spawn_app().await;
    let unknown = Ids {
        group: UNKNOWN_ID,
        greeting: UNKNOWN_ID,
        menu: UNKNOWN_ID,
    };
    for (path, form) in SESSION_CALLS {
        let res = app.post_form(path, &with_ids(form, &unknown)).await;
        assert_ne!(res.status(), StatusCode::OK, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("NotLoggedIn"), "{path}: {body}");
    }
    for (path, body) in JSON_SESSION_CALLS {
        let res = app.post_json(path, body).await;
        assert_ne!(res.status(), StatusCode::OK, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("NotLoggedIn"), "{path}: {body}");
    }
    // The same calls succeed once logged in: the refusals above came from the session check.
    app.log_in("demo").await;
    let group = app.group_id(SEEDED_GROUP).await;
    let greeting = app.greeting_id(SEEDED_GREETING).await;
    let menu = app.menu_id(SEEDED_MENU).await;
    let ids = Ids {
        group: &group,
        greeting: &greeting,
        menu: &menu,
    };
    for (path, form) in SESSION_CALLS {
        app.call(path, &with_ids(form, &ids)).await;
    }
    for (path, body) in JSON_SESSION_CALLS {
        app.call_json(path, body).await;
    }
}

#[tokio::test]
async fn the_session_ends_when_the_token_does() {
    // Whole seconds: two, so the first visit surely falls inside the token's life.
    let app = spawn_app_with(|c| c.token_lifetime = Duration::from_secs(2)).await;
    app.log_in("demo").await;
    assert_eq!(app.get("/extensions").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let res = app.get("/extensions").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()[LOCATION].to_str().unwrap();
    assert!(location.contains("expired=1"), "{location}");
}

#[tokio::test]
async fn the_session_ends_after_the_idle_timeout() {
    let app = spawn_app_with(|c| c.session_idle = Duration::from_secs(2)).await;
    app.log_in("demo").await;
    assert_eq!(app.get("/extensions").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let res = app.get("/extensions").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()[LOCATION].to_str().unwrap();
    assert!(location.starts_with("/login"), "{location}");
}

#[tokio::test]
async fn logging_in_again_replaces_the_session_id() {
    let app = spawn_app().await;
    let first = session_cookie(app.log_in("demo").await.headers()).unwrap();
    let second = session_cookie(app.log_in("demo").await.headers()).unwrap();
    let id = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(id(&first), id(&second));
    // The old id no longer opens anything.
    let stale = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("an HTTP client");
    let res = stale
        .get(format!("{}/extensions", app.base))
        .header("accept", "text/html")
        .header("cookie", id(&first))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
}

#[tokio::test]
async fn logout_deletes_the_session() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    assert_eq!(app.get("/extensions").await.status(), StatusCode::OK);
    app.post_form("/api/log_out", &[]).await;
    assert!(app.get("/extensions").await.status().is_redirection());
}

#[tokio::test]
async fn cross_site_writes_are_refused_whatever_their_content_type() {
    let app = spawn_app().await;
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "http://evil.example"),
    ] {
        for content_type in [
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/json",
        ] {
            let res = app
                .client
                .post(format!("{}/api/log_in", app.base))
                .header(name, value)
                .header(CONTENT_TYPE, content_type)
                .body("api_key=demo")
                .send()
                .await
                .unwrap();
            assert_eq!(
                res.status(),
                StatusCode::FORBIDDEN,
                "{name}: {value}, {content_type}"
            );
            // The app's own error, so the page says "refused", not "could not reach the server".
            assert_eq!(res.text().await.unwrap(), r#""Forbidden""#);
        }
    }
}

#[tokio::test]
async fn pages_carry_a_strict_policy_whose_nonce_matches_the_scripts() {
    let app = spawn_app().await;
    let res = app.get("/login").await;
    let headers = res.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-store");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce");
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    let second = app.get("/login").await.headers()["content-security-policy"].clone();
    assert_ne!(second.to_str().unwrap(), csp, "a new nonce on every page");
}

#[tokio::test]
async fn repeated_failed_logins_are_held_back_with_a_clear_message() {
    let app = spawn_app_with(|c| c.login_max_failures = 2).await;
    for _ in 0..2 {
        let body = app.log_in("wrong").await.text().await.unwrap();
        assert!(body.contains("WrongApiKey"), "{body}");
    }
    let body = app.log_in("demo").await.text().await.unwrap();
    assert!(body.contains("TooManyAttempts"), "{body}");
}

#[tokio::test]
async fn the_token_never_reaches_the_browser() {
    let app = spawn_app().await;
    let mut seen = String::new();
    let res = app.log_in("demo").await;
    seen.push_str(&format!("{:?}", res.headers()));
    seen.push_str(&res.text().await.unwrap());
    for path in [
        "/extensions",
        "/extensions?q=hong",
        "/extensions/detail?type=sip_user&keyword=101",
    ] {
        let res = app.get(path).await;
        seen.push_str(&format!("{:?}", res.headers()));
        seen.push_str(&res.text().await.unwrap());
    }
    for (path, form) in [
        (
            "/api/list_extensions",
            vec![("keyword", ""), ("page", "1"), ("size", "20")],
        ),
        ("/api/current_tenant", vec![]),
        (
            "/api/extension_detail",
            vec![("kind", "sip_user"), ("keyword", "101")],
        ),
    ] {
        let res = app.post_form(path, &form).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        seen.push_str(&res.text().await.unwrap());
    }
    let tokens = app.sim.issued_tokens();
    assert!(!tokens.is_empty(), "the login issued a token");
    for token in tokens {
        assert!(!seen.contains(&token), "the token leaked");
    }
}

#[tokio::test]
async fn a_refused_token_ends_the_session() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    app.sim.expire_tokens();
    let res = app.get("/extensions").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()[LOCATION].to_str().unwrap();
    assert!(location.contains("expired=1"), "{location}");
    // The token is gone from the session: even the tenant label is no longer served.
    let body = app
        .post_form("/api/current_tenant", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("SessionExpired"), "{body}");
}

#[tokio::test]
async fn sessions_and_the_editor_layout_survive_a_restart() {
    let _turn = support::one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let config = || support::config_in(dir.path());
    // JSON for the layout, an empty form for the calls that take nothing.
    let call = |base: &str, path: &str, cookie: &str, body: String| {
        let kind = if body.is_empty() {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        reqwest::Client::new()
            .post(format!("{base}{path}"))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .header("content-type", kind)
            .header("cookie", cookie.to_owned())
            .body(body)
            .send()
    };
    let first = Console::bind(config()).await.unwrap();
    let base = format!("http://{}", first.addr);
    let task = tokio::spawn(first.serve());
    let res = browser()
        .post(format!("{base}/api/log_in"))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&[("api_key", "demo"), ("person", "Test Admin")])
        .send()
        .await
        .unwrap();
    let cookie = session_cookie(res.headers()).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let at = serde_json::json!({"x": 432.0, "y": 65.0});
    let layout = serde_json::json!({"layout": {"positions": {"m:menu-1": at}, "entries": []}});
    let saved = call(&base, "/api/save_layout", &cookie, layout.to_string())
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    task.abort();

    let second = Console::bind(config()).await.unwrap();
    let base = format!("http://{}", second.addr);
    tokio::spawn(second.serve());
    let body = call(&base, "/api/current_tenant", &cookie, String::new())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("label"), "{body}");
    // The embedded simulator restarted too, and forgot its tokens: a new login, same tenant.
    let res = browser()
        .post(format!("{base}/api/log_in"))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&[("api_key", "demo"), ("person", "Test Admin")])
        .send()
        .await
        .unwrap();
    let cookie = session_cookie(res.headers()).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let flow: serde_json::Value = call(&base, "/api/load_flow", &cookie, String::new())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(flow["layout"]["positions"]["m:menu-1"], at, "{flow}");
    drop(dir);
}

#[tokio::test]
async fn static_assets_do_not_get_the_page_cache_policy() {
    let app = spawn_app().await;
    let res = app.get("/pkg/does-not-exist.js").await;
    let cache = res.headers()["cache-control"].to_str().unwrap();
    assert_ne!(cache, "no-store");
}

#[tokio::test]
async fn a_server_function_says_where_its_time_went() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let res = app
        .post_form(
            "/api/list_extensions",
            &[("keyword", ""), ("page", "1"), ("size", "50")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let timing = res
        .headers()
        .get_all("server-timing")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ");
    for part in ["session;dur=", "upstream;dur=", "total;dur="] {
        assert!(timing.contains(part), "{part} in {timing:?}");
    }
}

#[tokio::test]
async fn a_session_in_use_stays_alive_past_its_idle_timeout_and_one_left_alone_ends() {
    // Scaled down from "1 minute idle, used every 20 s, alive after 3 minutes": 4 s idle,
    // renewed at most every 2 s, used every half second for 10 s.
    let app = spawn_app_with(|c| c.session_idle = Duration::from_secs(4)).await;
    app.log_in("demo").await;
    let busy_until = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < busy_until {
        let res = app.post_form("/api/current_tenant", &[]).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "the session lapsed while in use"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let res = app.post_form("/api/current_tenant", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

/// Sends `head` on a connection of its own and reads whatever comes back until it closes.
async fn raw_exchange(app: &support::TestApp, head: impl AsRef<[u8]>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("a connection");
    stream
        .write_all(head.as_ref())
        .await
        .expect("the head is sent");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection was still open after 10 s");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_server_function_body_over_its_limit_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    // Only the head is sent: the answer comes without waiting for the 100 KiB announced.
    let answer = raw_exchange(
        &app,
        &format!(
            "POST /api/log_in HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 102400\r\n\
             Connection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.ends_with(r#"{"TooLarge":{"limit_kib":64}}"#),
        "{answer}"
    );
    // A streamed body of undeclared length is not read at all.
    let answer = raw_exchange(
        &app,
        &format!(
            "POST /api/log_in HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\
             Connection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 411"), "{answer}");
}

#[tokio::test]
async fn failures_answer_their_own_status_codes() {
    let app = spawn_app_with(|c| c.upstream_timeout = Duration::from_secs(1)).await;
    let not_logged_in = app.post_form("/api/current_tenant", &[]).await;
    assert_eq!(not_logged_in.status(), StatusCode::UNAUTHORIZED);
    let wrong_key = app.log_in("wrong-key").await;
    assert_eq!(wrong_key.status(), StatusCode::UNAUTHORIZED);
    app.log_in("demo").await;
    let invalid = app
        .post_form(
            "/api/assign_hotline",
            &[("sip_user", "101"), ("hotline", ""), ("outbound", "on")],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    let list = [("keyword", ""), ("page", "1"), ("size", "20")];
    app.sim.set_faults(sim::Faults {
        http500_share: 1.0,
        ..sim::Faults::default()
    });
    let broken = app.post_form("/api/list_extensions", &list).await;
    assert_eq!(broken.status(), StatusCode::BAD_GATEWAY);
    app.sim.set_faults(sim::Faults {
        hang: true,
        ..sim::Faults::default()
    });
    let slow = app.post_form("/api/list_extensions", &list).await;
    assert_eq!(slow.status(), StatusCode::GATEWAY_TIMEOUT);
    app.sim.set_faults(sim::Faults::default());
}

#[tokio::test]
async fn after_the_vendor_refuses_the_token_the_next_call_never_reaches_it() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    app.sim.expire_tokens();
    let list = [("keyword", ""), ("page", "1"), ("size", "20")];
    let first = app.post_form("/api/list_extensions", &list).await;
    assert_eq!(first.status(), StatusCode::UNAUTHORIZED);
    // Were the vendor called again, every answer would now be a 500 (a bad answer, 502).
    app.sim.set_faults(sim::Faults {
        http500_share: 1.0,
        ..sim::Faults::default()
    });
    let second = app.post_form("/api/list_extensions", &list).await;
    assert_eq!(second.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(second.text().await.unwrap(), r#""SessionExpired""#);
    app.sim.set_faults(sim::Faults::default());
}

#[tokio::test]
async fn logging_out_clears_the_site_and_the_old_cookie_no_longer_works() {
    let app = spawn_app().await;
    let cookie = support::session_cookie_pair(&app.log_in("demo").await);
    let out = app.post_form("/api/log_out", &[]).await;
    let cleared = out.headers()["clear-site-data"].to_str().unwrap();
    assert_eq!(cleared, r#""cache", "storage""#);
    let replayed = reqwest::Client::new()
        .post(format!("{}/api/current_tenant", app.base))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_session_files_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    let store = folder.join("sessions.db");
    let url = format!("sqlite://{}", store.display());
    let app = spawn_app_with(|c| c.session_store_url = url).await;
    app.log_in("demo").await;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    let mut files = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        files += 1;
    }
    assert!(files >= 1);
}

#[tokio::test]
async fn a_request_for_another_host_is_refused() {
    let app = spawn_app().await;
    let port = app.base.rsplit(':').next().unwrap().to_owned();
    let rebound = app
        .client
        .get(format!("{}/login", app.base))
        .header("host", format!("rebind.evil.example:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), StatusCode::MISDIRECTED_REQUEST);
    let own = app
        .client
        .get(format!("http://localhost:{port}/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_login_page_shows_the_demo_key_while_the_simulator_stands_in() {
    let app = spawn_app().await;
    let page = app.get("/login").await.text().await.unwrap();
    assert!(page.contains("data-testid=\"demo-key\""), "{page}");
    assert!(page.contains("<code>demo</code>"), "{page}");
}

#[tokio::test]
async fn a_body_that_stalls_halfway_is_cut_off_within_its_bound() {
    let app = spawn_app_with(|c| c.request_body_timeout = Duration::from_secs(1)).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let started = std::time::Instant::now();
    // 100 bytes announced, 8 sent, then nothing.
    raw_exchange(
        &app,
        &format!(
            "POST /api/log_in HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n\
             api_key="
        ),
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn headers_sent_too_slowly_lose_the_connection() {
    let app = spawn_app_with(|c| c.header_read_timeout = Duration::from_secs(1)).await;
    let started = std::time::Instant::now();
    // A request line and one header, then nothing: the blank line never comes.
    let answer = raw_exchange(&app, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n").await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_server_function_past_its_bound_answers_that_the_call_center_was_too_slow() {
    let app = spawn_app_with(|c| {
        c.request_timeout = Duration::from_secs(1);
        c.upstream_timeout = Duration::from_secs(30);
    })
    .await;
    app.log_in("demo").await;
    app.sim.set_faults(sim::Faults {
        hang: true,
        ..sim::Faults::default()
    });
    let started = std::time::Instant::now();
    let res = app
        .post_form(
            "/api/list_extensions",
            &[("keyword", ""), ("page", "1"), ("size", "20")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(res.text().await.unwrap(), r#""Timeout""#);
    app.sim.set_faults(sim::Faults::default());
}

#[tokio::test]
async fn a_vendor_that_refuses_a_key_with_http_401_counts_it_as_a_failed_login() {
    // A vendor that answers every call with a bare 401.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let vendor = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().fallback(|| async { StatusCode::UNAUTHORIZED });
    tokio::spawn(async move { axum::serve(listener, router).await });
    let _turn = support::one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let console = Console::bind(Config {
        upstream: server::config::Upstream::Vendor(vendor),
        ..support::config_in(dir.path())
    })
    .await
    .unwrap();
    let base = format!("http://{}", console.addr);
    tokio::spawn(console.serve_until(std::future::pending()));
    let log_in = || async {
        browser()
            .post(format!("{base}/api/log_in"))
            .header("sec-fetch-site", "same-origin")
            .form(&[("api_key", "some-key"), ("person", "Test Admin")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    for _ in 0..Config::default().login_max_failures {
        let body = log_in().await;
        assert!(body.contains("WrongApiKey"), "{body}");
    }
    let held = log_in().await;
    assert!(held.contains("TooManyAttempts"), "{held}");
}

#[tokio::test]
async fn an_http2_stream_whose_headers_never_end_loses_the_connection() {
    let app = spawn_app_with(|c| c.header_read_timeout = Duration::from_secs(1)).await;
    let started = std::time::Instant::now();
    let mut frames = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    // An empty SETTINGS frame, then stream 1's HEADERS ("GET") without END_HEADERS: the rest of
    // the headers never comes.
    frames.extend_from_slice(&[0, 0, 0, 0x4, 0, 0, 0, 0, 0]);
    frames.extend_from_slice(&[0, 0, 1, 0x1, 0, 0, 0, 0, 1, 0x82]);
    let answer = raw_exchange(&app, frames).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(!answer.contains("200"), "{answer}");
}

#[tokio::test]
async fn a_write_without_origin_or_fetch_metadata_needs_the_consoles_own_header() {
    let app = spawn_app().await;
    let same_origin = app.base.clone();
    let cases: [(&[(&str, &str)], bool); 6] = [
        (&[], false),
        (&[("x-console-request", "1")], true),
        (&[("origin", &same_origin)], true),
        (&[("origin", "null")], false),
        (&[("origin", "http://evil.example")], false),
        (&[("sec-fetch-site", "same-origin")], true),
    ];
    for (headers, allowed) in cases {
        let (status, body) = wrong_login_with(&app, headers).await;
        if allowed {
            assert!(body.contains("WrongApiKey"), "{headers:?}: {status} {body}");
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}: {body}");
        }
    }
}

#[tokio::test]
async fn the_host_cookie_is_removed_with_the_attributes_it_was_set_with() {
    let app = spawn_app_with(|c| c.cookie_secure = true).await;
    let login = app.log_in("demo").await;
    let set = session_cookie(login.headers()).expect("the login sets the cookie");
    let pair = set.split(';').next().expect("name=value").to_owned();
    let out = reqwest::Client::new()
        .post(format!("{}/api/log_out", app.base))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .header("cookie", pair)
        .send()
        .await
        .expect("the server answers");
    let removal = session_cookie(out.headers()).expect("the logout removes the cookie");
    let attributes: BTreeSet<String> = removal
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(removal.starts_with("__Host-console_session=;"), "{removal}");
    for needed in ["secure", "path=/", "httponly", "samesite=lax", "max-age=0"] {
        assert!(attributes.contains(needed), "{needed} in {removal}");
    }
}

#[tokio::test]
async fn a_logout_sticks_when_an_upload_of_the_session_ends_after_it() {
    let app = spawn_app().await;
    let status = support::page_after_a_logout_an_upload_outlived(&app).await;
    assert!(
        status.is_redirection(),
        "the old cookie opened a page: {status}"
    );
}

/// A console on every address (`[::]`), behind a proxy on 127.0.0.1 that names the client in
/// `header`; `login` sends a failed login through it with the headers given.
async fn behind_a_proxy(header: app::client_addr::ForwardedHeader) -> support::TestApp {
    use app::client_addr::TrustedProxies;
    let mut app = spawn_app_with(|c| {
        c.site_addr = "[::]:0".parse().expect("an address");
        c.allow_demo_on_network = true;
        c.login_max_failures = 2;
        c.trusted_proxies = TrustedProxies::new(
            TrustedProxies::parse_list("127.0.0.1").expect("a list"),
            header,
        );
    })
    .await;
    // Reached over IPv4, the console on `[::]` sees the proxy as ::ffff:127.0.0.1.
    app.base = app.base.replace("[::]", "127.0.0.1");
    app
}

/// A login with a wrong key, sent with exactly `headers` besides asking for JSON: the status
/// and the body.
async fn wrong_login_with(
    app: &support::TestApp,
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/api/log_in", app.base))
        .header("accept", "application/json")
        .form(&[("api_key", "wrong"), ("person", "Test Admin")]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let res = request.send().await.expect("the server answers");
    let status = res.status();
    (status, res.text().await.expect("a body"))
}

/// A failed login from a page of the console, with `headers` added: the body.
async fn failed_login(app: &support::TestApp, headers: &[(&str, &str)]) -> String {
    let mut all = vec![("sec-fetch-site", "same-origin")];
    all.extend_from_slice(headers);
    wrong_login_with(app, &all).await.1
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_throttle_counts_the_client_it_names() {
    use app::client_addr::ForwardedHeader;
    let app = behind_a_proxy(ForwardedHeader::XForwardedFor).await;
    let first = [("x-forwarded-for", "203.0.113.1")];
    for _ in 0..2 {
        assert!(failed_login(&app, &first).await.contains("WrongApiKey"));
    }
    assert!(failed_login(&app, &first).await.contains("TooManyAttempts"));
    let other = failed_login(&app, &[("x-forwarded-for", "203.0.113.2")]).await;
    assert!(
        other.contains("WrongApiKey"),
        "another client is not held back: {other}"
    );
    drop(app);

    // A proxy that writes `Forwarded` passes the client's own X-Forwarded-For on: not read.
    let app = behind_a_proxy(ForwardedHeader::Forwarded).await;
    for i in 0..3 {
        let rotated = format!("198.51.100.{i}");
        let body = failed_login(
            &app,
            &[
                ("forwarded", "for=203.0.113.5"),
                ("x-forwarded-for", &rotated),
            ],
        )
        .await;
        let expected = if i < 2 {
            "WrongApiKey"
        } else {
            "TooManyAttempts"
        };
        assert!(body.contains(expected), "attempt {i}: {body}");
    }
}

#[tokio::test]
async fn a_session_store_the_console_does_not_handle_is_refused_at_start() {
    let _turn = support::one_at_a_time().await;
    let dir = tempfile::tempdir().expect("a folder");
    let config = Config {
        session_store_url: "mysql://console@127.0.0.1:3306/console".to_owned(),
        ..support::config_in(dir.path())
    };
    let refused = Console::bind(config)
        .await
        .err()
        .expect("the start is refused");
    assert!(refused.to_string().contains("names no store"), "{refused}");
    assert!(
        !std::path::Path::new("mysql:").exists(),
        "nothing was taken for a SQLite file"
    );
}
