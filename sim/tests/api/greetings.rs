//! Greetings: text-to-speech with real audio, mp3 uploads, previews, deletion.

use crate::helpers::{Answer, TestSim};
use omicall::audio::looks_like_mp3;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

/// A small valid mp3: two silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes).
pub fn tiny_mp3() -> Vec<u8> {
    let mut frame = vec![0xFF, 0xFB, 0x90, 0x64];
    frame.resize(417, 0);
    frame.repeat(2)
}

pub async fn upload(sim: &TestSim, name: &str, bytes: Vec<u8>) -> Answer {
    let part = Part::bytes(bytes).file_name("loi-chao.mp3");
    sim.send(
        sim.request(Method::POST, "greeting/upload")
            .query(&[("greeting_name", name)])
            .multipart(Form::new().part("file", part)),
    )
    .await
}

async fn tts(sim: &TestSim, name: &str, body: Value) -> Answer {
    sim.send(
        sim.request(Method::POST, "greeting/upload-text-to-speech")
            .query(&[("greeting_name", name)])
            .json(&body),
    )
    .await
}

async fn audio(sim: &TestSim, recording_file: &str) -> reqwest::Response {
    sim.request(Method::GET, &format!("greeting/audio/{recording_file}"))
        .send()
        .await
        .expect("the simulator answers")
}

#[tokio::test]
async fn text_to_speech_makes_a_greeting_whose_audio_grows_with_the_text() {
    let sim = TestSim::start().await;
    let mut lengths = Vec::new();
    for (name, text) in [
        ("Ngắn", "Xin chào"),
        (
            "Dài",
            "Xin chào, nhấn phím 1 để gặp kinh doanh, nhấn phím 2 để gặp chăm sóc khách hàng",
        ),
    ] {
        let file = tts(
            &sim,
            name,
            json!({"text": text, "speed": 0, "voice": "leminh"}),
        )
        .await
        .payload()["file"]
            .clone();
        assert_eq!(file["formality"], omicall::models::FORMALITY_TTS);
        assert_eq!(file["content"], text);
        assert_eq!(file["voice"], "leminh");
        assert_eq!(file["speed"], 0);
        assert_eq!(file["greeting_name"], name);
        let recording = file["recording_file"].as_str().unwrap();
        assert!(recording.ends_with(".mp3"));
        let response = audio(&sim, recording).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "audio/mpeg");
        let bytes = response.bytes().await.unwrap();
        assert!(looks_like_mp3(&bytes));
        lengths.push(bytes.len());
        let listed = sim
            .find("greeting/list", "_id", file["_id"].as_str().unwrap())
            .await;
        assert_eq!(listed, file);
    }
    assert!(lengths[1] > 3 * lengths[0], "{lengths:?}");
}

#[tokio::test]
async fn text_to_speech_refuses_bad_fields_by_name() {
    let sim = TestSim::start().await;
    let long = "a".repeat(301);
    for (body, field) in [
        (json!({"text": long, "speed": 0, "voice": "banmai"}), "text"),
        (json!({"text": "", "speed": 0, "voice": "banmai"}), "text"),
        (
            json!({"text": "Chào", "speed": 4, "voice": "banmai"}),
            "speed",
        ),
        (
            json!({"text": "Chào", "speed": "-4", "voice": "banmai"}),
            "speed",
        ),
        (
            json!({"text": "Chào", "speed": "fast", "voice": "banmai"}),
            "speed",
        ),
        (json!({"text": "Chào", "voice": "banmai"}), "speed"),
        (
            json!({"text": "Chào", "speed": 0, "voice": "robot"}),
            "voice",
        ),
    ] {
        let message = tts(&sim, "Lỗi", body.clone()).await.refusal();
        assert!(message.starts_with(field), "{body}: {message}");
    }
    let ok = tts(
        &sim,
        "Chậm",
        json!({"text": &"ạ".repeat(300), "speed": "-3", "voice": "lannhi"}),
    )
    .await;
    assert_eq!(ok.payload()["file"]["speed"], -3);
    let message = sim
        .send(
            sim.request(Method::POST, "greeting/upload-text-to-speech")
                .json(&json!({"text": "Chào", "speed": 0, "voice": "banmai"})),
        )
        .await
        .refusal();
    assert_eq!(message, "greeting_name is required");
}

#[tokio::test]
async fn an_uploaded_mp3_is_kept_byte_for_byte() {
    let sim = TestSim::start().await;
    let bytes = tiny_mp3();
    let file = upload(&sim, "Nhạc chờ Tết", bytes.clone()).await.payload()["file"].clone();
    assert_eq!(file["formality"], omicall::models::FORMALITY_UPLOAD);
    assert_eq!(file["greeting_name_unsigned"], "Nhac cho Tet");
    let served = audio(&sim, file["recording_file"].as_str().unwrap())
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(served.to_vec(), bytes);
}

#[tokio::test]
async fn an_upload_that_is_not_mp3_is_refused_with_a_clear_message() {
    let sim = TestSim::start().await;
    let wav = b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00".to_vec();
    let message = upload(&sim, "Không phải mp3", wav).await.refusal();
    assert!(message.starts_with("file is not an mp3"), "{message}");
    assert_eq!(sim.get("greeting/list").await.payload()["total_items"], 8);
}

#[tokio::test]
async fn an_upload_without_file_or_name_is_refused() {
    let sim = TestSim::start().await;
    let message = sim
        .send(
            sim.request(Method::POST, "greeting/upload")
                .multipart(Form::new().part("file", Part::bytes(tiny_mp3()))),
        )
        .await
        .refusal();
    assert_eq!(message, "greeting_name is required");
    let message = sim
        .send(
            sim.request(Method::POST, "greeting/upload")
                .query(&[("greeting_name", "Trống")])
                .multipart(Form::new().text("other", "x")),
        )
        .await
        .refusal();
    assert_eq!(message, "file is required");
    let message = sim
        .send(
            sim.request(Method::POST, "greeting/upload")
                .query(&[("greeting_name", "Không phải form")])
                .json(&json!({"file": "x"})),
        )
        .await
        .refusal();
    assert!(message.starts_with("file is required"), "{message}");
}

#[tokio::test]
async fn an_upload_over_ten_mebibytes_is_refused() {
    let sim = TestSim::start().await;
    let mut big = tiny_mp3();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let message = upload(&sim, "Quá lớn", big).await.refusal();
    assert_eq!(message, "file is larger than 10 MiB");
}

#[tokio::test]
async fn seeded_greetings_all_have_playable_audio() {
    let sim = TestSim::start().await;
    for greeting in sim.all("greeting/list").await {
        let response = audio(&sim, greeting["recording_file"].as_str().unwrap()).await;
        assert_eq!(response.status(), 200);
        assert!(looks_like_mp3(&response.bytes().await.unwrap()));
    }
}

#[tokio::test]
async fn audio_of_an_unknown_recording_is_not_found() {
    let sim = TestSim::start().await;
    let response = audio(&sim, "6c0d4c55-d837-4ae5-835e-c16180b09e51.mp3").await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status_code"], -9999);
}

#[tokio::test]
async fn a_greeting_a_menu_plays_cannot_be_deleted() {
    let sim = TestSim::start().await;
    let welcome = sim
        .id_of("greeting/list", "greeting_name", "Lời chào tổng đài")
        .await;
    let message = sim
        .delete(&format!("greeting/delete/{welcome}"))
        .await
        .refusal();
    assert!(
        message.contains("IVR menu 'Tổng đài chính' (greeting)"),
        "{message}"
    );
    let busy = sim
        .id_of(
            "greeting/list",
            "greeting_name",
            "Xin lỗi, tất cả tổng đài viên đang bận",
        )
        .await;
    let message = sim
        .delete(&format!("greeting/delete/{busy}"))
        .await
        .refusal();
    assert!(
        message.contains("ring group 'Nhóm Kinh doanh' (on timeout)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_deleted_greeting_disappears_with_its_audio() {
    let sim = TestSim::start().await;
    let file = upload(&sim, "Tạm thời", tiny_mp3()).await.payload()["file"].clone();
    let id = file["_id"].as_str().unwrap();
    assert_eq!(
        sim.delete(&format!("greeting/delete/{id}")).await.payload(),
        json!(true)
    );
    assert!(sim
        .all("greeting/list")
        .await
        .iter()
        .all(|g| g["_id"] != id));
    let response = audio(&sim, file["recording_file"].as_str().unwrap()).await;
    assert_eq!(response.status(), 404);
}
