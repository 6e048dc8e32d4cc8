//! What the server writes to its logs while an admin works, at every level and from every crate
//! (the embedded simulator, sessions, HTTP, the client), must not carry the access token. A test
//! file of its own because it installs the process-wide log subscriber.

#[path = "support/captured_logs.rs"]
mod captured_logs;
// This file uses part of the harness the other test files share.
#[allow(dead_code)]
mod support;

use captured_logs::Captured;
use reqwest::StatusCode;
use sim::Faults;

#[tokio::test]
async fn the_token_never_reaches_the_logs() {
    let logs = Captured::install_at(tracing::Level::TRACE);
    let app = support::spawn_app().await;
    assert!(app.log_in("demo").await.status().is_success());

    // The pages and every server function, including a write.
    for path in [
        "/extensions?q=an",
        "/extensions/detail?type=sip_user&keyword=101",
        "/ring-groups?q=nh",
    ] {
        assert_eq!(app.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let group = app.group_id(support::SEEDED_GROUP).await;
    assert_eq!(
        app.get(&format!("/ring-groups/{group}")).await.status(),
        StatusCode::OK
    );
    let greeting = app.greeting_id(support::SEEDED_GREETING).await;
    let menu = app.menu_id(support::SEEDED_MENU).await;
    let ids = support::Ids {
        group: &group,
        greeting: &greeting,
        menu: &menu,
    };
    for (path, form) in support::SESSION_CALLS {
        app.call(path, &support::with_ids(form, &ids)).await;
    }
    for (path, body) in support::JSON_SESSION_CALLS {
        app.call_json(path, body).await;
    }

    // The failure paths, which log the most.
    app.sim.set_faults(Faults {
        http500_share: 1.0,
        ..Faults::default()
    });
    app.post_form(
        "/api/list_extensions",
        &[("keyword", ""), ("page", "1"), ("size", "20")],
    )
    .await;
    app.sim.set_faults(Faults::default());
    app.sim.expire_tokens();
    assert!(app.get("/extensions").await.status().is_redirection());

    let tokens = app.sim.issued_tokens();
    assert!(!tokens.is_empty(), "the login issued a token");
    let text = logs.text();
    // The capture did see the server at work, down to the trace level of the HTTP stack.
    assert!(text.contains("logged in"), "{text}");
    assert!(text.contains("answered HTTP 500"), "{text}");
    assert!(text.contains("TRACE"), "no trace-level lines were captured");
    for token in tokens {
        assert!(!text.contains(&token), "the token is in the logs");
    }
}
