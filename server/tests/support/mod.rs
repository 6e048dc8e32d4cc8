//! The server as a browser meets it: real HTTP on port 0, the embedded simulator behind it, a
//! cookie-keeping client that does not follow redirects. Shared by the integration test files.

use reqwest::redirect::Policy;
use reqwest::Response;
use server::config::Config;
use server::Console;
use tokio::sync::{Mutex, MutexGuard};

/// Every server function but the two that open and close a session, each with arguments that
/// succeed for a logged-in admin on the demo tenant.
/// Stands for a ring group's id in [`SESSION_CALLS`]; see [`with_ids`].
pub const GROUP: &str = "{group}";
/// Stands for a greeting's id in [`SESSION_CALLS`]: [`SEEDED_GREETING`]'s.
pub const GREETING: &str = "{greeting}";
/// Stands for an IVR menu's id in [`SESSION_CALLS`]: [`SEEDED_MENU`]'s.
pub const MENU: &str = "{menu}";

/// Every server function that needs a session, with arguments that succeed once logged in.
pub const SESSION_CALLS: [(&str, &[(&str, &str)]); 27] = [
    ("/api/current_tenant", &[]),
    (
        "/api/list_extensions",
        &[("keyword", ""), ("page", "1"), ("size", "20")],
    ),
    (
        "/api/extension_detail",
        &[("kind", "sip_user"), ("keyword", "101")],
    ),
    (
        "/api/reveal_sip_password",
        &[("kind", "sip_user"), ("keyword", "101")],
    ),
    ("/api/extension_hotlines", &[("sip_user", "101")]),
    (
        "/api/assign_hotline",
        &[
            ("sip_user", "101"),
            ("hotline", "02473001234"),
            ("outbound", "on"),
        ],
    ),
    (
        "/api/set_extension_enabled",
        &[("sip_user", "102"), ("enabled", "true")],
    ),
    (
        "/api/list_groups",
        &[("keyword", ""), ("page", "1"), ("size", "20")],
    ),
    ("/api/ring_group", &[("id", GROUP)]),
    (
        "/api/save_group",
        // No `seen`: the group counts as changed since, so nothing is written.
        &[
            ("id", GROUP),
            ("draft[name]", "Nhóm Kế toán"),
            ("draft[strategy]", "rollover"),
            ("draft[timeout]", "30"),
            ("draft[members][0]", "140"),
            ("overwrite", "false"),
        ],
    ),
    ("/api/group_usages", &[("id", GROUP)]),
    // Refused while an IVR key leads to the group: nothing is deleted.
    ("/api/delete_group", &[("id", GROUP)]),
    ("/api/pick_extensions", &[("keyword", "10")]),
    ("/api/pick_agents", &[("keyword", "10")]),
    (
        "/api/pick_targets",
        &[("kind", "Ring_group"), ("keyword", "nhóm")],
    ),
    (
        "/api/list_greetings",
        &[("keyword", ""), ("page", "1"), ("size", "20")],
    ),
    (
        "/api/create_tts_greeting",
        &[
            ("draft[name]", "Lời chào kiểm thử"),
            ("draft[text]", "Xin chào, nhấn phím 1."),
            ("draft[voice]", "banmai"),
            ("draft[speed]", "0"),
        ],
    ),
    ("/api/greeting_usages", &[("id", GREETING)]),
    // Refused while a ring group plays it: nothing is deleted.
    ("/api/delete_greeting", &[("id", GREETING)]),
    ("/api/upload_settings", &[]),
    (
        "/api/list_menus",
        &[("keyword", ""), ("page", "1"), ("size", "20")],
    ),
    ("/api/menu_usages", &[("id", MENU)]),
    // Refused while the main menu's key 3 leads to it: nothing is deleted.
    ("/api/delete_menu", &[("id", MENU)]),
    // Reading the flow records its first version, which the next call reads.
    ("/api/load_flow", &[]),
    ("/api/flow_versions", &[("page", "1")]),
    ("/api/flow_version", &[("seq", "1")]),
    (
        "/api/activity",
        &[("filter[area]", ""), ("page", "1"), ("size", "20")],
    ),
];

/// The server functions that take JSON (their arguments nest), with bodies that succeed once
/// logged in: an empty draft changes nothing.
pub const JSON_SESSION_CALLS: [(&str, &str); 2] = [
    (
        "/api/save_flow",
        r#"{"draft": {"base_menus": [], "base_groups": [], "edits": [], "created": {}, "overwrite": []}}"#,
    ),
    (
        "/api/save_layout",
        r#"{"layout": {"positions": {}, "entries": []}}"#,
    ),
];

/// The seeded menu [`SESSION_CALLS`] work on: the main menu's key 3 leads to it.
pub const SEEDED_MENU: &str = "Hỗ trợ kỹ thuật";

/// The seeded greeting [`SESSION_CALLS`] work on: a ring group plays it on timeout.
pub const SEEDED_GREETING: &str = "Xin lỗi, tất cả tổng đài viên đang bận";

/// The seeded group [`SESSION_CALLS`] work on: an IVR key leads to it.
pub const SEEDED_GROUP: &str = "Nhóm Kế toán";

/// The ids [`SESSION_CALLS`]' placeholders stand for.
pub struct Ids<'a> {
    pub group: &'a str,
    pub greeting: &'a str,
    pub menu: &'a str,
}

/// `form` with [`GROUP`], [`GREETING`] and [`MENU`] replaced by those ids.
pub fn with_ids<'a>(form: &[(&'a str, &'a str)], ids: &Ids<'a>) -> Vec<(&'a str, &'a str)> {
    form.iter()
        .map(|(k, v)| {
            let v = match *v {
                GROUP => ids.group,
                GREETING => ids.greeting,
                MENU => ids.menu,
                other => other,
            };
            (*k, v)
        })
        .collect()
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub sim: sim::Sim,
    /// Where the embedded simulator answers: the vendor's API, as its own portal reaches it.
    pub sim_url: String,
    _dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// One test's consoles at a time in a test process, so that a test's load, its timings and the
/// logs it reads are its own. (Servers side by side are fine: the Redis tests run two.)
static TURN: Mutex<()> = Mutex::const_new(());

pub async fn one_at_a_time() -> MutexGuard<'static, ()> {
    TURN.lock().await
}

/// The `name=value` of the session cookie an answer sets, ready to send back.
pub fn session_cookie_pair(response: &Response) -> String {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.split(';')
                .next()
                .filter(|c| c.starts_with("console_session="))
        })
        .expect("the answer sets the session cookie")
        .to_owned()
}

/// An mp3 of `frames` frames of silence: MPEG-1 Layer III, 32 kbit/s, 48 kHz, 96 bytes and
/// 24 ms each.
pub fn mp3(frames: usize) -> Vec<u8> {
    let mut bytes = b"ID3\x04\x00\x00\x00\x00\x00\x00".to_vec();
    for _ in 0..frames {
        bytes.extend_from_slice(&[0xFF, 0xFB, 0x14, 0xC4]);
        bytes.resize(bytes.len() + 92, 0);
    }
    bytes
}

/// Logs in, starts a plain-form upload that the simulator holds, logs out while it is held,
/// then lets it finish (it saves the session as it ends): answers the status of a page then
/// asked for with the cookie of before the logout.
pub async fn page_after_a_logout_an_upload_outlived(app: &TestApp) -> reqwest::StatusCode {
    use reqwest::multipart::{Form, Part};
    let cookie = session_cookie_pair(&app.log_in("demo").await);
    app.sim.set_faults(sim::Faults {
        hold_uploads: true,
        ..sim::Faults::default()
    });
    let form = Form::new()
        .text("name", "Tải lên dở dang")
        .part("file", Part::bytes(mp3(50)).file_name("do-dang.mp3"));
    let upload = browser()
        .post(format!("{}/greetings/upload", app.base))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .multipart(form)
        .send();
    let upload = tokio::spawn(upload);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.sim.held_requests() == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the upload reached the simulator"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let out = app.post_form("/api/log_out", &[]).await;
    assert!(out.status().is_success(), "{}", out.status());
    app.sim.set_faults(sim::Faults::default());
    let answered = upload
        .await
        .expect("the upload task")
        .expect("the upload is answered");
    assert!(answered.status().is_redirection(), "{}", answered.status());
    browser()
        .get(format!("{}/extensions", app.base))
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .send()
        .await
        .expect("the server answers")
        .status()
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        // A stalled answer fails its test instead of holding the whole run.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("an HTTP client")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Serves a console as `main` does, on a runtime of its own built by `server::runtime`, so the
/// tests meet the server's real scheduling rather than their own runtime's.
async fn serve_on_its_own_thread(config: Config) -> (std::net::SocketAddr, sim::Sim, String) {
    let (started, bound) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = server::runtime(&config).expect("a runtime for the console");
        runtime.block_on(async move {
            let console = Console::bind(config).await.expect("the console starts");
            let embedded = console
                .sim
                .as_ref()
                .expect("the embedded simulator is used");
            let (sim, url) = (embedded.sim.clone(), embedded.url.clone());
            let _ = started.send((console.addr, sim, url));
            let _ = console.serve().await;
        });
    });
    bound.await.expect("the console thread reports its address")
}

/// A console's configuration on any free loopback port, its session store and database files
/// in `dir`.
pub fn config_in(dir: &std::path::Path) -> Config {
    Config {
        site_addr: "127.0.0.1:0".parse().expect("an address"),
        session_store_url: format!("sqlite://{}/sessions.db", dir.display()),
        database_url: format!("sqlite://{}/console.db", dir.display()),
        ..Config::default()
    }
}

/// A console on a fresh session store and database, its configuration adjusted first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let turn = one_at_a_time().await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = config_in(dir.path());
    adjust(&mut config);
    let (addr, sim, sim_url) = serve_on_its_own_thread(config).await;
    TestApp {
        base: format!("http://{addr}"),
        client: browser(),
        sim,
        sim_url,
        _dir: dir,
        _turn: turn,
    }
}

impl TestApp {
    /// A server function call as the page's own script makes it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// A server function that takes JSON, called as the page's own script calls it.
    pub async fn post_json(&self, path: &str, body: &str) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("the server answers")
    }

    /// A JSON server function's answer, failing the test on any other status than 200.
    pub async fn call_json(&self, path: &str, body: &str) -> serde_json::Value {
        let res = self.post_json(path, body).await;
        let status = res.status();
        let text = res.text().await.expect("a body");
        assert_eq!(status, reqwest::StatusCode::OK, "{path}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    /// The id of the IVR menu named `name` (logged in).
    pub async fn menu_id(&self, name: &str) -> String {
        self.id_in("/api/list_menus", "/rows", name).await
    }

    /// The id of the row named `name` in a list server function's answer (at `rows`, a JSON
    /// pointer), searched by that name.
    async fn id_in(&self, path: &str, rows: &str, name: &str) -> String {
        let answer = self
            .call(path, &[("keyword", name), ("page", "1"), ("size", "20")])
            .await;
        answer
            .pointer(rows)
            .and_then(|rows| rows.as_array())
            .and_then(|rows| rows.iter().find(|r| r["name"] == name))
            .and_then(|r| r["id"].as_str())
            .unwrap_or_else(|| panic!("{name} is listed by {path}"))
            .to_owned()
    }

    /// A server function's JSON answer, failing the test on any other status than 200.
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> serde_json::Value {
        let res = self.post_form(path, form).await;
        let status = res.status();
        let body = res.text().await.expect("a body");
        assert_eq!(status, reqwest::StatusCode::OK, "{path}: {body}");
        serde_json::from_str(&body).expect("JSON")
    }

    /// The id of the ring group named `name` (logged in).
    pub async fn group_id(&self, name: &str) -> String {
        self.id_in("/api/list_groups", "/rows", name).await
    }

    /// The id of the greeting named `name` (logged in).
    pub async fn greeting_id(&self, name: &str) -> String {
        self.id_in("/api/list_greetings", "/page/rows", name).await
    }

    pub async fn log_in(&self, key: &str) -> Response {
        self.post_form(
            "/api/log_in",
            &[
                ("api_key", key),
                ("person", "Test Admin"),
                ("next", "/extensions"),
            ],
        )
        .await
    }

    /// A page load as a browser makes it (leptos redirects only requests that accept HTML).
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .expect("the server answers")
    }
}
