//! Greeting recordings: uploaded mp3s and text-to-speech.

use super::Tenant;
use crate::audio;
use crate::ids;
use crate::input::PageRequest;
use crate::reply::Refusal;
use axum::body::Bytes;
use omicall::models::{Greeting, FORMALITY_TTS, FORMALITY_UPLOAD};
use omicall::{ActionType, Page, Voice};
use std::time::Duration;

/// An mp3 upload, checked; `recording_file` is chosen by the caller so the bytes can be stored
/// before the greeting is listed.
#[derive(Debug, Clone)]
pub(crate) struct UploadInput {
    pub greeting_name: String,
    pub recording_file: String,
    pub bytes: Bytes,
}

/// A text-to-speech request, checked.
#[derive(Debug, Clone)]
pub(crate) struct TtsInput {
    pub greeting_name: String,
    pub text: String,
    pub speed: i64,
    pub voice: Voice,
}

/// Where a greeting's sound comes from. Only uploads keep bytes; the rest is synthesised on
/// request, outside the tenant lock.
#[derive(Debug, Clone)]
pub(crate) enum GreetingAudio {
    Stored(Bytes),
    Speech {
        text: String,
        speed: i64,
    },
    /// A seeded "upload" whose bytes never existed.
    Silence(Duration),
}

impl GreetingAudio {
    pub(crate) fn into_bytes(self) -> Bytes {
        match self {
            GreetingAudio::Stored(bytes) => bytes,
            GreetingAudio::Speech { text, speed } => Bytes::from(audio::speech(&text, speed)),
            GreetingAudio::Silence(duration) => Bytes::from(audio::silence(duration)),
        }
    }
}

impl Tenant {
    /// `greeting/list`: newest first. The reference has no keyword here; one is honoured over
    /// the name anyway.
    pub(crate) fn list_greetings(&self, req: &PageRequest) -> Page<Greeting> {
        let matching = self
            .greetings
            .iter()
            .rev()
            .filter(|g| req.matches([g.greeting_name.as_str()]));
        req.paginate(matching)
    }

    fn new_greeting(
        &self,
        name: String,
        formality: &str,
        recording_file: String,
        rng: &mut fastrand::Rng,
    ) -> Greeting {
        let now = ids::now_ms();
        Greeting {
            id: ids::object_id(rng),
            created_date: Some(now),
            last_updated_date: Some(now),
            create_by: None,
            last_update_by: None,
            tenant_id: Some(self.tenant_id.clone()),
            greeting_name_unsigned: Some(omicall::text::unsigned(&name)),
            greeting_name: name,
            formality: Some(formality.to_owned()),
            recording_file: Some(recording_file),
            content: None,
            voice: None,
            speed: None,
            is_deleted: Some(false),
            is_hidden_in_list: None,
        }
    }

    /// `greeting/upload`.
    pub(crate) fn add_upload(&mut self, input: UploadInput, rng: &mut fastrand::Rng) -> Greeting {
        let greeting = self.new_greeting(
            input.greeting_name,
            FORMALITY_UPLOAD,
            input.recording_file.clone(),
            rng,
        );
        self.uploads.insert(input.recording_file, input.bytes);
        self.greetings.push(greeting.clone());
        greeting
    }

    /// `greeting/upload-text-to-speech`.
    pub(crate) fn add_tts(&mut self, input: TtsInput, rng: &mut fastrand::Rng) -> Greeting {
        let mut greeting = self.new_greeting(
            input.greeting_name,
            FORMALITY_TTS,
            ids::recording_file(rng),
            rng,
        );
        greeting.content = Some(input.text);
        greeting.voice = Some(input.voice);
        greeting.speed = Some(input.speed);
        self.greetings.push(greeting.clone());
        greeting
    }

    /// `greeting/delete/:id`: refused while a menu or group plays it. Returns the removed
    /// greeting so its stored bytes can be dropped.
    pub(crate) fn delete_greeting(&mut self, id: &str) -> Result<Greeting, Refusal> {
        let position = self
            .greeting_position(id)
            .ok_or_else(|| Refusal::not_found("id", "greeting", id))?;
        let users = self.users_of(&ActionType::Recording, id);
        if !users.is_empty() {
            return Err(Refusal::InUse {
                what: "greeting",
                name: self
                    .greetings
                    .get(position)
                    .map(|g| g.greeting_name.clone())
                    .unwrap_or_default(),
                used_by: users.join(", "),
            });
        }
        let greeting = self.greetings.remove(position);
        if let Some(file) = &greeting.recording_file {
            self.uploads.remove(file);
        }
        Ok(greeting)
    }

    /// The sound of the greeting stored as `recording_file`.
    pub(crate) fn greeting_audio(&self, recording_file: &str) -> Option<GreetingAudio> {
        let greeting = self
            .greetings
            .iter()
            .find(|g| g.recording_file.as_deref() == Some(recording_file))?;
        if let Some(bytes) = self.uploads.get(recording_file) {
            return Some(GreetingAudio::Stored(bytes.clone()));
        }
        Some(match &greeting.content {
            Some(text) if greeting.is_tts() => GreetingAudio::Speech {
                text: text.clone(),
                speed: greeting.speed.unwrap_or(0),
            },
            _ => {
                let seconds = 4 + greeting.greeting_name.chars().count() as u64 % 9;
                GreetingAudio::Silence(Duration::from_secs(seconds))
            }
        })
    }
}
