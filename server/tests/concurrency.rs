//! Many admins at once: every logged-in page, loaded by 16 clients at the same time, each load on
//! a connection of its own, comes back whole; nothing panics. A correctness test, not a timing
//! one: it counts failures a user would see and asserts there are none.

// This file uses part of the harness the other test files share.
#[path = "support/captured_logs.rs"]
mod captured_logs;
#[allow(dead_code)]
mod support;

use captured_logs::Captured;
use reqwest::header::COOKIE;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const CLIENTS: usize = 16;
const LOADS: usize = 2_000;

/// Every page a logged-in admin can open, with the lists at their largest.
const PAGES: [&str; 7] = [
    "/extensions",
    "/extensions?size=50",
    "/extensions?size=100",
    "/extensions?q=vy",
    "/extensions?page=2&size=10",
    "/extensions/detail?type=sip_user&keyword=101",
    "/extensions/detail?type=sip_user&keyword=102",
];

/// What a user would see of one page load.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Whole,
    /// The connection closed or failed with no answer.
    Dropped(String),
    /// An answer other than the page.
    Status(u16),
    /// The body stopped before the page's end.
    Incomplete,
}

/// A streamed page is complete when it ends with its closing tag or its trailing script.
fn is_whole(body: &str) -> bool {
    let end = body.trim_end();
    end.ends_with("</html>") || end.ends_with("</script>")
}

async fn load(base: &str, path: &str, cookie: &str) -> Outcome {
    // A client per load: each load opens a connection of its own, as separate browsers do.
    let client = support::browser();
    let answer = client
        .get(format!("{base}{path}"))
        .header("accept", "text/html")
        .header(COOKIE, cookie)
        .send()
        .await;
    let response = match answer {
        Ok(response) => response,
        Err(err) => return Outcome::Dropped(err.to_string()),
    };
    let status = response.status();
    match response.text().await {
        Err(err) => Outcome::Dropped(err.to_string()),
        Ok(_) if status != reqwest::StatusCode::OK => Outcome::Status(status.as_u16()),
        Ok(body) if !is_whole(&body) => Outcome::Incomplete,
        Ok(_) => Outcome::Whole,
    }
}

/// Counts every panic in this process, the server's included, whatever catches it afterwards.
fn count_panics() -> Arc<AtomicUsize> {
    let panics = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&panics);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counter.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    panics
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_admins_loading_every_page_at_once_all_get_whole_pages() {
    let logs = Captured::install_at(tracing::Level::WARN);
    let panics = count_panics();
    let app = support::spawn_app().await;
    let login = app.log_in("demo").await;
    let cookie = support::session_cookie_pair(&login);

    let next = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (next, base, cookie) = (Arc::clone(&next), app.base.clone(), cookie.clone());
        clients.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= LOADS {
                    return seen;
                }
                let path = PAGES[n % PAGES.len()];
                seen.push((path, load(&base, path, &cookie).await));
            }
        }));
    }
    let mut tally: BTreeMap<(&str, Outcome), usize> = BTreeMap::new();
    let mut loads = 0;
    for client in clients {
        for seen in client.await.expect("a client finishes") {
            loads += 1;
            *tally.entry(seen).or_default() += 1;
        }
    }
    let failures: Vec<_> = tally
        .iter()
        .filter(|((_, outcome), _)| *outcome != Outcome::Whole)
        .collect();

    assert_eq!(loads, LOADS);
    assert!(
        failures.is_empty(),
        "{} of {LOADS} page loads failed: {failures:#?}",
        failures.iter().map(|(_, n)| **n).sum::<usize>()
    );
    let log = logs.text();
    assert_eq!(panics.load(Ordering::SeqCst), 0, "panics: {log}");
    assert!(!log.contains("panic"), "the server logged a panic: {log}");
    assert!(!log.contains("ERROR"), "the server logged an error: {log}");
}
