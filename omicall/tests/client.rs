//! The client against a real simulator over real HTTP: one test per failure class, and the happy
//! paths of every area.

use omicall::models::Greeting;
use omicall::requests::{
    AssignHotline, DetailLookup, GroupMembersChange, IvrMenuInput, KeyAction, ListQuery, Mp3Upload,
    RingGroupInput, TtsRequest,
};
use omicall::{
    AccessToken, ActionType, ApiKey, AuthFailure, Client, ClientConfig, Direction, Error,
    LookupType, Problem, Strategy, Voice,
};
use sim::{Faults, Running, SimConfig};
use std::time::Duration;

struct TestApp {
    sim: Running,
    client: Client,
}

impl TestApp {
    async fn token(&self) -> AccessToken {
        self.client
            .authenticate(&ApiKey::new(sim::DEMO_API_KEY))
            .await
            .expect("the demo key logs in")
            .access_token
    }
}

async fn spawn_app() -> TestApp {
    spawn_app_with(SimConfig::default(), Duration::from_secs(5)).await
}

async fn spawn_app_with(config: SimConfig, timeout: Duration) -> TestApp {
    let sim = sim::spawn(config).await.expect("simulator starts");
    let client = Client::new(&ClientConfig {
        base_url: sim.base_url.clone(),
        connect_timeout: Duration::from_secs(2),
        timeout,
        upload_timeout: Duration::from_secs(5),
        max_answer_bytes: omicall::DEFAULT_MAX_ANSWER_BYTES,
    })
    .expect("client builds");
    TestApp { sim, client }
}

fn group_input(name: &str, members: &[&str]) -> RingGroupInput {
    RingGroupInput {
        group_name: name.into(),
        strategy: Strategy::Sequential,
        sip_members: members.iter().map(|m| m.to_string()).collect(),
        timeout: 20,
        target_timeout_type: None,
        target_timeout: None,
    }
}

async fn some_greeting(app: &TestApp, token: &AccessToken) -> Greeting {
    let page = app
        .client
        .list_greetings(token, &ListQuery::default())
        .await
        .expect("greetings are listed");
    page.items
        .into_iter()
        .next()
        .expect("the demo tenant has greetings")
}

/// The audio of a greeting the simulator already has: a real mp3 to upload again.
async fn some_mp3(app: &TestApp, token: &AccessToken) -> Vec<u8> {
    let existing = some_greeting(app, token).await;
    app.client
        .greeting_audio(token, existing.recording_file.as_deref().expect("file"))
        .await
        .expect("a seeded greeting plays")
}

#[tokio::test]
async fn the_demo_key_gets_a_bearer_token() {
    let app = spawn_app().await;
    let grant = app.client.authenticate(&ApiKey::new("demo")).await.unwrap();
    assert!(!grant.access_token.is_empty());
    assert_eq!(grant.token_type.as_deref(), Some("Bearer"));
}

#[tokio::test]
async fn a_wrong_api_key_is_unauthorized_and_never_quoted() {
    let app = spawn_app().await;
    let err = app
        .client
        .authenticate(&ApiKey::new("not-the-key-4711"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Error::Unauthorized {
            endpoint: "auth",
            reason: AuthFailure::ApiKeyInvalid
        }
    );
    assert!(!format!("{err} {err:?}").contains("4711"));
}

#[tokio::test]
async fn an_empty_api_key_is_refused_before_sending() {
    let app = spawn_app().await;
    let err = app
        .client
        .authenticate(&ApiKey::new("  "))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref e) if e.field == "apiKey"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let app = spawn_app().await;
    let err = app
        .client
        .list_extensions(&AccessToken::new("forged"), &ListQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                reason: AuthFailure::TokenRejected,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_expired_token_is_unauthorized() {
    let app = spawn_app().await;
    let token = app.token().await;
    app.client
        .list_extensions(&token, &ListQuery::default())
        .await
        .unwrap();
    app.sim.sim.expire_tokens();
    let err = app
        .client
        .list_extensions(&token, &ListQuery::default())
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
}

#[tokio::test]
async fn a_vendor_refusal_is_rejected_with_its_message() {
    let app = spawn_app().await;
    let token = app.token().await;
    app.sim.sim.set_faults(Faults {
        reject_share: 1.0,
        ..Faults::default()
    });
    let err = app
        .client
        .list_groups(&token, &ListQuery::default())
        .await
        .unwrap_err();
    let Error::Rejected { endpoint, message } = err else {
        panic!("{err:?}")
    };
    assert_eq!(endpoint, "internal_group/list");
    assert!(!message.is_empty());
}

#[tokio::test]
async fn a_server_error_is_a_status_error() {
    let app = spawn_app().await;
    let token = app.token().await;
    app.sim.sim.set_faults(Faults {
        http500_share: 1.0,
        ..Faults::default()
    });
    let err = app
        .client
        .list_menus(&token, &ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Error::Status {
            endpoint: "key-interaction/list",
            status: 500
        }
    );
}

#[tokio::test]
async fn a_malformed_answer_is_a_decode_error_naming_the_endpoint() {
    let app = spawn_app().await;
    let token = app.token().await;
    app.sim.sim.set_faults(Faults {
        malformed_share: 1.0,
        ..Faults::default()
    });
    let err = app
        .client
        .list_greetings(&token, &ListQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                endpoint: "greeting/list",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_upstream_that_never_answers_times_out() {
    let app = spawn_app_with(SimConfig::default(), Duration::from_millis(300)).await;
    let token = app.token().await;
    app.sim.sim.set_faults(Faults {
        hang: true,
        ..Faults::default()
    });
    let err = app
        .client
        .list_extensions(&token, &ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Error::Timeout {
            endpoint: "internal_phone/list"
        }
    );
}

#[tokio::test]
async fn a_slow_upstream_within_the_timeout_still_answers() {
    let app = spawn_app_with(SimConfig::default(), Duration::from_secs(5)).await;
    let token = app.token().await;
    app.sim.sim.set_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let page = app
        .client
        .list_extensions(&token, &ListQuery::page(1, 5))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 5);
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_connection_failure() {
    // Bind then drop a listener so that the port is known to be closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(&ClientConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
    let err = client.authenticate(&ApiKey::new("demo")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Connect {
                endpoint: "auth",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = axum::Router::new()
        .fallback(|| async { axum::response::Redirect::temporary("http://127.0.0.1:9/elsewhere") });
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = Client::new(&ClientConfig::new(format!("http://{addr}"))).unwrap();
    let err = client.authenticate(&ApiKey::new("demo")).await.unwrap_err();
    assert_eq!(
        err,
        Error::Status {
            endpoint: "auth",
            status: 307
        }
    );
}

/// Serves `body` (declaring its length or streaming it) at every path.
async fn serve_body(body: &'static [u8], streamed: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("its address");
    let router = axum::Router::new().fallback(move || async move {
        if streamed {
            let chunks = body
                .chunks(64 * 1024)
                .map(|c| Ok::<_, std::io::Error>(c.to_vec()));
            axum::body::Body::from_stream(futures::stream::iter(chunks))
        } else {
            axum::body::Body::from(body)
        }
    });
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn an_answer_over_the_cap_is_a_bad_answer_whether_declared_or_streamed() {
    static HUGE: [u8; 2 * 1024 * 1024] = [b' '; 2 * 1024 * 1024];
    for streamed in [false, true] {
        let client = Client::new(&ClientConfig {
            max_answer_bytes: 1024 * 1024,
            ..ClientConfig::new(serve_body(&HUGE, streamed).await)
        })
        .unwrap();
        let err = client.authenticate(&ApiKey::new("demo")).await.unwrap_err();
        assert!(
            matches!(&err, Error::Decode { detail, .. } if detail.contains("larger than 1048576 bytes")),
            "streamed {streamed}: {err:?}"
        );
    }
}

#[tokio::test]
async fn an_id_that_would_change_the_endpoint_is_refused_before_sending() {
    let app = spawn_app().await;
    let token = app.token().await;
    for id in ["../internal_phone/list", "a/b", "x?y=1", ""] {
        let err = app.client.delete_group(&token, id).await.unwrap_err();
        assert!(
            matches!(err, Error::Invalid(ref e) if e.field == "id"),
            "{id:?}: {err:?}"
        );
    }
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    assert!(Client::new(&ClientConfig::new("ftp://example.com")).is_err());
    assert!(Client::new(&ClientConfig::new("not a url")).is_err());
    assert!(Client::new(&ClientConfig::new("http://127.0.0.1:8787/")).is_ok());
}

#[tokio::test]
async fn extensions_are_listed_searched_disabled_and_looked_up() {
    let app = spawn_app().await;
    let token = app.token().await;
    let page = app
        .client
        .list_extensions(&token, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(page.page_size, Some(50), "the vendor's default page size");
    assert!(page.total() >= 60);

    let found = app
        .client
        .list_extensions(&token, &ListQuery::default().with_keyword("hong"))
        .await
        .unwrap();
    assert!(!found.items.is_empty());
    for ext in &found.items {
        let text = format!("{} {:?} {:?}", ext.sip_user, ext.full_name, ext.email);
        assert!(omicall::text::matches(&text, "hong"), "{text}");
    }

    let first = &page.items[0];
    app.client
        .set_extension_enabled(&token, &first.sip_user, false)
        .await
        .unwrap();
    app.client
        .set_extension_enabled(&token, &first.sip_user, true)
        .await
        .unwrap();
    let err = app
        .client
        .set_extension_enabled(&token, "no-such-ext", false)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Rejected { .. }), "{err:?}");

    let detail = app
        .client
        .extension_detail(
            &token,
            &DetailLookup {
                kind: LookupType::SipUser,
                keyword: first.sip_user.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(detail.extension.as_deref(), Some(first.sip_user.as_str()));
    assert!(detail.pbx_account.and_then(|a| a.sip_password).is_some());
}

#[tokio::test]
async fn a_hotline_is_assigned_and_then_offered_for_calling_out() {
    let app = spawn_app().await;
    let token = app.token().await;
    let ext = app
        .client
        .list_extensions(&token, &ListQuery::page(1, 1))
        .await
        .unwrap()
        .items
        .remove(0);
    let all = app.client.list_hotlines(&token, "").await.unwrap();
    assert!(all.len() >= 3, "{all:?}");
    let hotline = all[2].clone();
    app.client
        .assign_hotline(
            &token,
            &AssignHotline {
                hotline: hotline.clone(),
                user_email: ext.email.clone().expect("seeded extensions have emails"),
                directions: vec![Direction::Outbound],
            },
        )
        .await
        .unwrap();
    let offered = app
        .client
        .list_hotlines(&token, &ext.sip_user)
        .await
        .unwrap();
    assert!(offered.contains(&hotline), "{offered:?}");

    let no_direction = AssignHotline {
        hotline,
        user_email: "a@b.vn".into(),
        directions: vec![],
    };
    let err = app
        .client
        .assign_hotline(&token, &no_direction)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref e) if e.problem == Problem::Empty),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_ring_group_is_created_changed_and_deleted() {
    let app = spawn_app().await;
    let token = app.token().await;
    let exts = app
        .client
        .list_extensions(&token, &ListQuery::page(1, 3))
        .await
        .unwrap()
        .items;
    let sip: Vec<&str> = exts.iter().map(|e| e.sip_user.as_str()).collect();

    let group = app
        .client
        .create_group(&token, &group_input("Nhóm Kiểm Thử", &sip[..1]))
        .await
        .unwrap();
    assert_eq!(group.strategy, Some(Strategy::Sequential));
    assert_eq!(group.members.len(), 1);

    let change = GroupMembersChange {
        group_id: group.id.clone(),
        sip_users: vec![sip[1].into(), sip[2].into()],
    };
    app.client.add_group_members(&token, &change).await.unwrap();
    let listed = app
        .client
        .list_groups(&token, &ListQuery::default().with_keyword("kiem thu"))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].members.len(), 3);

    app.client
        .remove_group_members(&token, &change)
        .await
        .unwrap();
    let mut renamed = group_input("Nhóm Kiểm Thử 2", &sip[..2]);
    renamed.strategy = Strategy::Simultaneous;
    let updated = app
        .client
        .update_group(&token, &group.id, &renamed)
        .await
        .unwrap();
    assert_eq!(updated.group_name, "Nhóm Kiểm Thử 2");
    assert_eq!(updated.members.len(), 2);

    app.client.delete_group(&token, &group.id).await.unwrap();
    let after = app
        .client
        .list_groups(&token, &ListQuery::default().with_keyword("kiem thu"))
        .await
        .unwrap();
    assert!(after.items.is_empty());
}

#[tokio::test]
async fn a_menu_is_created_and_a_duplicate_name_is_rejected_with_the_vendors_reason() {
    let app = spawn_app().await;
    let token = app.token().await;
    let greeting = some_greeting(&app, &token).await;
    let group = app
        .client
        .list_groups(&token, &ListQuery::default())
        .await
        .unwrap()
        .items
        .remove(0);
    let input = IvrMenuInput {
        script_name: "Menu kiểm thử".into(),
        greeting_id: greeting.id.clone(),
        greeting_short_id: None,
        invalid_sound_id: None,
        max_failure: 3,
        time_out: 5,
        scripts: vec![KeyAction {
            ivr: "1".into(),
            action: Some(group.id.clone()),
            action_type: Some(ActionType::RingGroup),
        }],
        action_type: Some(ActionType::RingGroup),
        action: Some(group.id.clone()),
    };
    let menu = app.client.create_menu(&token, &input).await.unwrap();
    assert_eq!(menu.scripts.len(), 1);
    assert_eq!(menu.greeting_id.as_deref(), Some(greeting.id.as_str()));

    let err = app.client.create_menu(&token, &input).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Rejected {
                endpoint: "key-interaction/add",
                ..
            }
        ),
        "{err:?}"
    );

    let mut changed = input.clone();
    changed.time_out = 8;
    let updated = app
        .client
        .update_menu(&token, &menu.id, &changed)
        .await
        .unwrap();
    assert_eq!(updated.time_out, Some(8));
    app.client.delete_menu(&token, &menu.id).await.unwrap();
}

#[tokio::test]
async fn a_text_to_speech_greeting_has_playable_audio() {
    let app = spawn_app().await;
    let token = app.token().await;
    let request = TtsRequest {
        greeting_name: "Chào mừng".into(),
        text: "Xin chào quý khách, nhấn phím 1 để gặp nhân viên".into(),
        speed: 0,
        voice: Voice::LeMinh,
    };
    let greeting = app
        .client
        .create_tts_greeting(&token, &request)
        .await
        .unwrap();
    assert!(greeting.is_tts());
    assert_eq!(greeting.content.as_deref(), Some(request.text.as_str()));
    let file = greeting.recording_file.expect("a recording file");
    let audio = app.client.greeting_audio(&token, &file).await.unwrap();
    assert!(omicall::audio::looks_like_mp3(&audio));
    app.client
        .delete_greeting(&token, &greeting.id)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_mp3_upload_is_stored_and_other_files_are_refused_before_sending() {
    let app = spawn_app().await;
    let token = app.token().await;
    let mp3 = some_mp3(&app, &token).await;
    let upload = Mp3Upload {
        greeting_name: "Nhạc chờ".into(),
        file_name: "cho.mp3".into(),
        bytes: mp3.clone(),
    };
    let stored = app.client.upload_greeting(&token, upload).await.unwrap();
    assert_eq!(stored.greeting_name, "Nhạc chờ");
    let back = app
        .client
        .greeting_audio(&token, stored.recording_file.as_deref().expect("file"))
        .await
        .unwrap();
    assert_eq!(back, mp3);

    let wav = Mp3Upload {
        greeting_name: "Sai".into(),
        file_name: "x.mp3".into(),
        bytes: b"RIFF0000WAVEfmt ".to_vec(),
    };
    let err = app.client.upload_greeting(&token, wav).await.unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref e) if matches!(e.problem, Problem::NotMp3 { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_upload_has_longer_than_a_plain_call_to_be_answered() {
    // Plain calls time out after 300 ms; the upload is held by the call center for a second.
    let app = spawn_app_with(SimConfig::default(), Duration::from_millis(300)).await;
    let token = app.token().await;
    let mp3 = some_mp3(&app, &token).await;
    app.sim.sim.set_faults(Faults {
        hold_uploads: true,
        ..Faults::default()
    });
    let release = {
        let sim = app.sim.sim.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            sim.set_faults(Faults::default());
        })
    };
    let upload = Mp3Upload {
        greeting_name: "Gửi chậm".into(),
        file_name: "cham.mp3".into(),
        bytes: mp3,
    };
    let stored = app.client.upload_greeting(&token, upload).await;
    release.await.unwrap();
    assert_eq!(stored.unwrap().greeting_name, "Gửi chậm");
}
