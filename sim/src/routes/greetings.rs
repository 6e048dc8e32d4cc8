//! Greetings: list, mp3 upload, text-to-speech, delete, and the simulator's own audio preview.

use super::PAGE_SIZE;
use crate::auth::Caller;
use crate::ids;
use crate::input::{JsonBody, Params, PathId};
use crate::reply::{self, Refusal};
use crate::state::{TtsInput, UploadInput};
use crate::Sim;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use omicall::models::GreetingFile;
use omicall::rules::{TTS_MAX_CHARS, TTS_SPEED};
use omicall::Voice;

/// Largest mp3 accepted.
pub(crate) const MAX_UPLOAD_BYTES: usize = omicall::rules::GREETING_MAX_BYTES;
/// Room for the multipart framing around the largest mp3.
pub(crate) const UPLOAD_BODY_LIMIT: usize = MAX_UPLOAD_BYTES + 64 * 1024;
fn too_large() -> Refusal {
    Refusal::Rule(format!(
        "file is larger than {} MiB",
        MAX_UPLOAD_BYTES / 1024 / 1024
    ))
}

fn unreadable(e: MultipartError) -> Refusal {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        Refusal::BodyUnreadable(e.body_text())
    }
}

/// `GET greeting/list?page=&size=`.
pub(crate) async fn list(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
) -> Result<Response, Refusal> {
    let req = params.page_request(PAGE_SIZE)?;
    let mut page = sim.read(&caller, |t| Ok(t.list_greetings(&req)))?;
    page.extension = Some(serde_json::Value::Null);
    Ok(reply::ok(page))
}

/// `POST greeting/upload?greeting_name=` with the mp3 in the multipart field `file`.
pub(crate) async fn upload(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Refusal> {
    let greeting_name = params.required_name("greeting_name")?;
    let mut multipart = multipart.map_err(|e| {
        Refusal::Rule(format!(
            "file is required: send multipart/form-data with the mp3 in the field 'file' ({})",
            e.body_text()
        ))
    })?;
    let mut file: Option<Vec<u8>> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some(bytes);
    }
    let bytes = file
        .filter(|b| !b.is_empty())
        .ok_or_else(|| Refusal::required("file"))?;
    if let Err(found) = omicall::audio::inspect(&bytes) {
        return Err(Refusal::Rule(format!(
            "file is not an mp3 ({found:?}): its bytes are not MPEG audio frames"
        )));
    }
    let recording_file = ids::recording_file(&mut fastrand::Rng::new());
    if let Some(state) = sim.state_file() {
        state.save_audio(&recording_file, &bytes).await;
    }
    let input = UploadInput {
        greeting_name,
        recording_file,
        bytes: Bytes::from(bytes),
    };
    let greeting = sim
        .change(&caller, |t, rng| Ok(t.add_upload(input, rng)))
        .await?;
    Ok(reply::ok(GreetingFile { file: greeting }))
}

/// `POST greeting/upload-text-to-speech?greeting_name=` with `{text, speed, voice}`.
pub(crate) async fn text_to_speech(
    State(sim): State<Sim>,
    caller: Caller,
    params: Params,
    JsonBody(body): JsonBody,
) -> Result<Response, Refusal> {
    let greeting_name = params.required_name("greeting_name")?;
    let text = body.required_text("text")?;
    if text.chars().count() > TTS_MAX_CHARS {
        return Err(Refusal::TooLong {
            field: "text".to_owned(),
            max: TTS_MAX_CHARS,
        });
    }
    let speed = body.required_whole_or_text(
        "speed",
        (*TTS_SPEED.start()).into(),
        (*TTS_SPEED.end()).into(),
    )?;
    let voice = match Voice::from(body.required_text("voice")?.as_str()) {
        Voice::Other(value) => {
            return Err(Refusal::UnknownValue {
                field: "voice".to_owned(),
                value,
                expected: "banmai, leminh or lannhi".to_owned(),
            })
        }
        known => known,
    };
    let input = TtsInput {
        greeting_name,
        text,
        speed,
        voice,
    };
    let greeting = sim
        .change(&caller, |t, rng| Ok(t.add_tts(input, rng)))
        .await?;
    Ok(reply::ok(GreetingFile { file: greeting }))
}

/// `DELETE greeting/delete/:id`.
pub(crate) async fn remove(
    State(sim): State<Sim>,
    caller: Caller,
    PathId(id): PathId,
) -> Result<Response, Refusal> {
    let removed = sim.change(&caller, |t, _| t.delete_greeting(&id)).await?;
    if let (Some(state), Some(file)) = (sim.state_file(), &removed.recording_file) {
        state.remove_audio(file).await;
    }
    Ok(reply::ok(true))
}

/// `GET greeting/audio/:file` (not in the reference): the greeting's mp3, for previews.
pub(crate) async fn audio(
    State(sim): State<Sim>,
    caller: Caller,
    PathId(file): PathId,
) -> Result<Response, Refusal> {
    sim.count_audio_read();
    let sound = sim
        .read(&caller, |t| Ok(t.greeting_audio(&file)))?
        .ok_or_else(|| Refusal::NoAudio(file.clone()))?;
    let bytes = sound.into_bytes();
    Ok((
        [
            (header::CONTENT_TYPE, "audio/mpeg"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        bytes,
    )
        .into_response())
}
