//! The server as a browser meets it: real HTTP on port 0, the embedded simulator behind it, a
//! cookie-keeping client that does not follow redirects. Shared by the integration test files.

use reqwest::redirect::Policy;
use reqwest::Response;
use server::config::Config;
use server::Console;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub sim: sim::Sim,
    _dir: tempfile::TempDir,
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("an HTTP client")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A console on a fresh session store, its configuration adjusted first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = Config {
        site_addr: "127.0.0.1:0".parse().expect("an address"),
        session_store_url: format!("sqlite://{}/sessions.db", dir.path().display()),
        ..Config::default()
    };
    adjust(&mut config);
    let console = Console::bind(config).await.expect("the console starts");
    let base = format!("http://{}", console.addr);
    let sim = console.sim.clone().expect("the embedded simulator is used");
    tokio::spawn(console.serve());
    TestApp {
        base,
        client: browser(),
        sim,
        _dir: dir,
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

    pub async fn log_in(&self, key: &str) -> Response {
        self.post_form("/api/log_in", &[("api_key", key), ("next", "/extensions")])
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
