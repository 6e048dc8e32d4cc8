//! Greetings through the console: the upload route (session, cross-site, malformed bodies,
//! size and time limits, mp3 by its bytes, the vendor failing), the audio route, and the
//! server functions behind text-to-speech and delete, against the simulator over real HTTP.

use crate::support;

use crate::support::{mp3, spawn_app, spawn_app_with, TestApp};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn form(name: &str, file_name: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .text("name", name.to_owned())
        .part("file", Part::bytes(bytes).file_name(file_name.to_owned()))
}

/// The hydrated form's upload: JSON asked for.
async fn upload(app: &TestApp, form: Form) -> (StatusCode, Value) {
    let res = app
        .client
        .post(format!("{}/greetings/upload", app.base))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .expect("the server answers");
    let status = res.status();
    let body = res.text().await.expect("a body");
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

async fn greeting_count(app: &TestApp) -> i64 {
    app.call(
        "/api/list_greetings",
        &[("keyword", ""), ("page", "1"), ("size", "100")],
    )
    .await["page"]["total"]
        .as_i64()
        .expect("a total")
}

/// Sends `head` and `body` on a raw connection, then waits up to `wait` for the status line.
async fn raw(app: &TestApp, head: &str, body: &[u8], wait: Duration) -> Option<u16> {
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("write head");
    // The server may answer and close before the body is all sent: that is the point.
    let _ = stream.write_all(body).await;
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(wait, stream.read(&mut answer))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&answer[..read]).into_owned();
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok())
}

/// A GET of the console's audio URL, with a `Range` when given.
async fn get_audio(app: &TestApp, url: &str, range: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{url}", app.base));
    if let Some(range) = range {
        request = request.header("range", range);
    }
    request.send().await.expect("the server answers")
}

/// A logged-in session cookie, for raw requests.
async fn cookie(app: &TestApp) -> String {
    let res = app.log_in("demo").await;
    support::session_cookie_pair(&res)
}

fn multipart_head(app: &TestApp, cookie: &str, length: usize) -> String {
    let host = app.base.trim_start_matches("http://");
    format!(
        "POST /greetings/upload HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\
         Sec-Fetch-Site: same-origin\r\nAccept: application/json\r\n\
         Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: {length}\r\n\r\n"
    )
}

#[tokio::test]
async fn an_mp3_is_stored_with_its_duration_and_bitrate_and_plays_back_with_ranges() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let bytes = mp3(209);
    let (status, done) = upload(
        &app,
        form("Lời chào thử", "C:\\tmp\\thu.mp3", bytes.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["duration_ms"], 5016, "209 frames of 24 ms");
    assert_eq!(done["bitrate_kbps"], 32);
    assert_eq!(done["greeting"]["name"], "Lời chào thử");
    assert_eq!(done["greeting"]["tts"], false);

    // Listed, found ignoring case and diacritics.
    let list = app
        .call(
            "/api/list_greetings",
            &[("keyword", "LOI CHAO THU"), ("page", "1"), ("size", "20")],
        )
        .await;
    let row = &list["page"]["rows"][0];
    assert_eq!(row["name"], "Lời chào thử");
    let url = row["listen"]["At"].as_str().expect("a play URL").to_owned();
    assert!(url.starts_with("/greetings/audio/"), "{url}");

    // The audio comes from the console, whole or by range.
    let audio = get_audio(&app, &url, None).await;
    assert_eq!(audio.status(), StatusCode::OK);
    assert_eq!(audio.headers()["content-type"], "audio/mpeg");
    assert_eq!(audio.headers()["accept-ranges"], "bytes");
    assert_eq!(audio.bytes().await.unwrap().to_vec(), bytes);
    let part = get_audio(&app, &url, Some("bytes=10-105")).await;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 10-105/{}", bytes.len()).as_str()
    );
    assert_eq!(
        part.bytes().await.unwrap().to_vec(),
        bytes[10..=105].to_vec()
    );
}

#[tokio::test]
async fn no_session_is_401_and_a_cross_site_post_is_403() {
    let app = spawn_app().await;
    let (status, body) = upload(&app, form("A", "a.mp3", mp3(50))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!("NotLoggedIn"));
    let audio = get_audio(&app, "/greetings/audio/x.mp3", None).await;
    assert_eq!(audio.status(), StatusCode::UNAUTHORIZED);

    app.log_in("demo").await;
    let before = greeting_count(&app).await;
    let res = app
        .client
        .post(format!("{}/greetings/upload", app.base))
        .header("sec-fetch-site", "cross-site")
        .multipart(form("Từ trang khác", "a.mp3", mp3(50)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(greeting_count(&app).await, before);
}

#[tokio::test]
async fn a_malformed_multipart_body_is_400_not_a_panic() {
    let app = spawn_app().await;
    let cookie = cookie(&app).await;
    let body = b"--not-the-boundary\r\ngarbage without headers";
    let status = raw(
        &app,
        &multipart_head(&app, &cookie, body.len()),
        body,
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(status, Some(400));
    // No boundary at all.
    let res = app
        .client
        .post(format!("{}/greetings/upload", app.base))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .header("content-type", "multipart/form-data")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // The server is still there.
    assert_eq!(app.get("/greetings").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn over_the_limit_is_413_without_reading_the_whole_body() {
    let app = spawn_app_with(|c| c.upload_max_mb = 1).await;
    let cookie = cookie(&app).await;
    let before = greeting_count(&app).await;

    // Declared at 50 MB, 4 KB sent: the answer comes without the rest.
    let started = Instant::now();
    let status = raw(
        &app,
        &multipart_head(&app, &cookie, 50 * 1024 * 1024),
        &[b'x'; 4096],
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(status, Some(413));
    assert!(started.elapsed() < Duration::from_secs(10));

    // Declared within the limit but carrying more: refused while streaming.
    let (status, body) = upload(&app, form("Quá lớn", "big.mp3", mp3(10_934))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body, json!({ "FileTooLarge": { "max_mb": 1 } }));
    assert_eq!(
        greeting_count(&app).await,
        before,
        "nothing was sent to the vendor"
    );
}

#[tokio::test]
async fn what_is_not_mp3_is_400_and_named() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let before = greeting_count(&app).await;
    let wav = b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00".to_vec();
    let text = "Đây là văn bản, không phải âm thanh.\n"
        .repeat(20)
        .into_bytes();
    let noise: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    for (bytes, found) in [
        (wav, "Wav"),
        (text, "Text"),
        (Vec::new(), "Empty"),
        (noise, "Unknown"),
    ] {
        let (status, body) = upload(&app, form("Không phải mp3", "x.mp3", bytes)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{found}: {body}");
        assert_eq!(body["Invalid"]["field"], "file");
        assert_eq!(body["Invalid"]["problem"]["NotMp3"]["found"], found);
    }
    assert_eq!(greeting_count(&app).await, before);
}

#[tokio::test]
async fn a_stalled_upload_times_out() {
    let app = spawn_app_with(|c| c.request_body_timeout = Duration::from_secs(1)).await;
    let cookie = cookie(&app).await;
    let started = Instant::now();
    let status = raw(
        &app,
        &multipart_head(&app, &cookie, 100_000),
        b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n\r\n\xFF\xFB",
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(status, Some(408));
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[tokio::test]
async fn the_vendors_failure_is_reported_and_nothing_is_half_created() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let before = greeting_count(&app).await;
    app.sim.set_faults(sim::Faults {
        http500_share: 1.0,
        ..sim::Faults::default()
    });
    let (status, body) = upload(&app, form("Khi tổng đài lỗi", "a.mp3", mp3(50))).await;
    app.sim.set_faults(sim::Faults::default());
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body, json!("BadAnswer"));
    assert_eq!(greeting_count(&app).await, before);
}

#[tokio::test]
async fn a_name_in_use_is_refused_at_the_name() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let (status, body) = upload(&app, form(" nhac cho MAC DINH ", "a.mp3", mp3(50))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Invalid"]["field"], "greeting_name");
    assert_eq!(
        body["Invalid"]["problem"]["Duplicate"]["other"],
        "Nhạc chờ mặc định"
    );
}

#[tokio::test]
async fn the_plain_form_is_sent_back_to_the_list_with_its_result_once() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let post = |form: Form| {
        app.client
            .post(format!("{}/greetings/upload", app.base))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "text/html")
            .multipart(form)
            .send()
    };
    // No name typed: the file's name is used.
    let res = post(form("", "Chào buổi sáng.mp3", mp3(100)))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/greetings");
    let page = app.call("/api/upload_settings", &[]).await;
    assert_eq!(page["max_mb"], 10);
    assert_eq!(page["result"]["Done"]["greeting"]["name"], "Chào buổi sáng");
    assert_eq!(page["result"]["Done"]["duration_ms"], 2400);
    assert_eq!(
        app.call("/api/upload_settings", &[]).await["result"],
        Value::Null,
        "shown once"
    );

    let res = post(form("Tên giữ lại", "x.mp3", b"plain text".to_vec()))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let failed = &app.call("/api/upload_settings", &[]).await["result"]["Failed"];
    assert_eq!(failed["name"], "Tên giữ lại", "what was typed is kept");
    assert_eq!(
        failed["error"]["Invalid"]["problem"]["NotMp3"]["found"],
        "Text"
    );
}

#[tokio::test]
async fn text_to_speech_makes_a_playable_greeting_and_delete_waits_until_unused() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let row = app
        .call(
            "/api/create_tts_greeting",
            &[
                ("draft[name]", "Chào mừng"),
                ("draft[text]", "Xin chào quý khách, nhấn phím 1."),
                ("draft[voice]", "lannhi"),
                ("draft[speed]", "-3"),
            ],
        )
        .await;
    assert_eq!(
        (
            row["tts"].clone(),
            row["voice"].clone(),
            row["speed"].clone()
        ),
        (json!(true), json!("lannhi"), json!(-3))
    );
    let url = row["listen"]["At"].as_str().expect("playable").to_owned();
    let audio = get_audio(&app, &url, None).await;
    assert_eq!(audio.status(), StatusCode::OK);
    assert!(omicall::audio::inspect(&audio.bytes().await.unwrap()).is_ok());
    // Over 300 characters is refused before the vendor is asked.
    let long = "ạ".repeat(301);
    let res = app
        .post_form(
            "/api/create_tts_greeting",
            &[
                ("draft[name]", "Dài"),
                ("draft[text]", &long),
                ("draft[voice]", "banmai"),
                ("draft[speed]", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Used by a ring group on timeout: refused, the group named.
    let used = app.greeting_id(support::SEEDED_GREETING).await;
    let answer = app.call("/api/delete_greeting", &[("id", &used)]).await;
    assert_eq!(answer["InUse"][0]["place"], "GroupTimeout");
    assert_eq!(answer["InUse"][0]["owner_name"], "Nhóm Kinh doanh");
    assert_eq!(
        app.greeting_id(support::SEEDED_GREETING).await,
        used,
        "still there"
    );

    let id = row["id"].as_str().unwrap();
    assert_eq!(
        app.call("/api/delete_greeting", &[("id", id)]).await,
        json!("Deleted")
    );
    assert_eq!(
        app.call(
            "/api/list_greetings",
            &[("keyword", "Chào mừng"), ("page", "1"), ("size", "20")]
        )
        .await["page"]["total"],
        0
    );
}

/// A figure of this process's memory from `/proc/self/status`, in KiB: `VmRSS` now, `VmHWM`
/// its peak (reset by [`reset_peak_memory`]). The console under test runs in this process.
fn memory_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("/proc/self/status")
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

fn reset_peak_memory() {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak memory figure can be reset");
}

/// Sends `total` bytes of junk as a chunked upload (no `Content-Length`, no multipart boundary
/// anywhere), reading the answer while it writes: answers the status, if one came.
async fn chunked_junk(app: &TestApp, cookie: &str, total: usize) -> Option<u16> {
    let addr = app.base.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /greetings/upload HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
         Sec-Fetch-Site: same-origin\r\nAccept: application/json\r\n\
         Content-Type: multipart/form-data; boundary=XYZ\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let write = async move {
        let chunk = vec![b'j'; 64 * 1024];
        let mut sent = 0;
        writer.write_all(head.as_bytes()).await?;
        while sent < total {
            writer
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            writer.write_all(&chunk).await?;
            writer.write_all(b"\r\n").await?;
            sent += chunk.len();
        }
        writer.write_all(b"0\r\n\r\n").await
    };
    let writing = tokio::spawn(write);
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(60), reader.read(&mut answer))
        .await
        .ok()?
        .ok()?;
    writing.abort();
    let text = String::from_utf8_lossy(&answer[..read]).into_owned();
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok())
}

#[tokio::test]
async fn a_chunked_body_past_the_limit_is_refused_and_memory_stays_flat() {
    let app = spawn_app_with(|c| c.upload_max_mb = 1).await;
    let cookie = cookie(&app).await;
    let before = greeting_count(&app).await;
    // One first, so that what the first request of its kind allocates for good is not counted.
    assert_eq!(
        chunked_junk(&app, &cookie, 3 * 1024 * 1024).await,
        Some(413)
    );
    reset_peak_memory();
    let rss = memory_kib("VmRSS:");
    let flood =
        futures::future::join_all((0..20).map(|_| chunked_junk(&app, &cookie, 3 * 1024 * 1024)));
    let page = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.get("/login").await.status()
    };
    let (statuses, page) = tokio::join!(flood, page);
    let peak = memory_kib("VmHWM:");
    eprintln!(
        "memory: {rss} KiB before 20 chunked bodies of 3 MB at once (limit 1 MB), peak {peak} KiB \
         during them: {} KiB more",
        peak.saturating_sub(rss)
    );
    assert_eq!(page, StatusCode::OK, "pages are served during the flood");
    assert!(
        statuses.iter().all(|s| *s == Some(413)),
        "every body is refused as too large: {statuses:?}"
    );
    // Each body is cut off past about 1 MB: 25 to 37 MB more at the peak here, the other tests of
    // this binary running beside it. Held whole, as before, the same bodies took 89 MB more.
    assert!(
        peak.saturating_sub(rss) < 64 * 1024,
        "memory grew by {} KiB",
        peak.saturating_sub(rss)
    );
    assert_eq!(greeting_count(&app).await, before);
    assert_eq!(app.get("/greetings").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_recording_is_fetched_once_for_its_ranges_and_an_unknown_one_is_404() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let bytes = mp3(209);
    let (status, done) = upload(&app, form("Nghe thử", "nghe.mp3", bytes.clone())).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let id = done["greeting"]["id"].as_str().expect("an id").to_owned();
    let list = app
        .call(
            "/api/list_greetings",
            &[("keyword", "Nghe thử"), ("page", "1"), ("size", "20")],
        )
        .await;
    let url = list["page"]["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id.as_str()))
        .and_then(|r| r["listen"]["At"].as_str())
        .expect("a play URL")
        .to_owned();

    let reads = app.sim.audio_reads();
    for (range, length) in [("bytes=0-99", 100), ("bytes=100-", bytes.len() - 100)] {
        let part = get_audio(&app, &url, Some(range)).await;
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(part.bytes().await.expect("a body").len(), length, "{range}");
    }
    // A player never asks for 2000 parts: the whole file, without checking each.
    let parts: Vec<String> = (0..2000).map(|i| format!("{i}-{i}")).collect();
    let many = get_audio(&app, &url, Some(&format!("bytes={}", parts.join(",")))).await;
    assert_eq!(many.status(), StatusCode::OK);
    assert_eq!(many.bytes().await.expect("a body").to_vec(), bytes);
    assert_eq!(
        app.sim.audio_reads() - reads,
        1,
        "one read from the vendor for the player's ranges"
    );

    let unknown = get_audio(
        &app,
        "/greetings/audio/0b5e1f0c-1111-4222-8333-944455556666.mp3",
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}
