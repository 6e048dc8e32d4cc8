//! Greetings as the pages get them, the text-to-speech form, and what an upload answers.

use crate::error::AppError;
use crate::wire::list::PageView;
use omicall::requests::TtsRequest;
use omicall::rules::TTS_SPEED;
use omicall::{Problem, RequestError, Voice};
use serde::{Deserialize, Serialize};

/// Whether and where a greeting can be listened to in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Listen {
    /// The console's own audio URL.
    At(String),
    /// The server knows no address for the vendor's recordings.
    NoSource,
    /// The vendor named no recording file.
    NoFile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingRow {
    pub id: String,
    pub name: String,
    /// Made by text-to-speech (else uploaded).
    pub tts: bool,
    /// The text read, for text-to-speech.
    pub content: Option<String>,
    pub voice: Option<Voice>,
    pub speed: Option<i64>,
    /// Milliseconds since the epoch.
    pub created: Option<i64>,
    pub updated: Option<i64>,
    pub listen: Listen,
}

/// A page of the greeting list, and how much of the tenant's list could be searched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingList {
    pub page: PageView<GreetingRow>,
    /// How many greetings the vendor holds, and how many were read (fewer when too many).
    pub total: i64,
    pub loaded: i64,
    pub complete: bool,
}

/// What an upload stored, with what reading its frames found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadDone {
    pub greeting: GreetingRow,
    pub duration_ms: u64,
    pub bitrate_kbps: u32,
}

/// The answer to the plain (no JavaScript) upload form, kept in the session for the page the
/// browser is sent back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadResult {
    Done(UploadDone),
    /// Nothing was stored; `name` is what was typed, to fill the form again.
    Failed {
        error: AppError,
        name: String,
    },
}

/// A text-to-speech form as the browser posts it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TtsDraft {
    pub name: String,
    pub text: String,
    pub voice: String,
    pub speed: String,
}

impl TtsDraft {
    /// The request the form describes, checked by the vendor's rules: by the form before
    /// sending, by the server on receipt.
    pub fn request(&self) -> Result<TtsRequest, RequestError> {
        use omicall::Validate;
        let voice = match Voice::from(self.voice.as_str()) {
            Voice::Other(_) => return Err(RequestError::new("voice", Problem::Required)),
            known => known,
        };
        let speed = self.speed.trim().parse::<i8>().map_err(|_| {
            RequestError::new(
                "speed",
                Problem::OutOfRange {
                    min: (*TTS_SPEED.start()).into(),
                    max: (*TTS_SPEED.end()).into(),
                },
            )
        })?;
        let request = TtsRequest {
            greeting_name: self.name.trim().to_owned(),
            text: self.text.trim().to_owned(),
            speed,
            voice,
        };
        request.validate()?;
        Ok(request)
    }
}

/// What the upload form needs: the size limit, and what the plain form's last post did
/// (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadPage {
    pub max_mb: u64,
    pub result: Option<UploadResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str, voice: &str, speed: &str) -> TtsDraft {
        TtsDraft {
            name: " Chào mừng ".into(),
            text: text.into(),
            voice: voice.into(),
            speed: speed.into(),
        }
    }

    #[test]
    fn the_tts_form_is_checked_by_the_vendor_rules() {
        let ok = draft("Xin chào", "leminh", "-2").request().unwrap();
        assert_eq!(
            (ok.greeting_name.as_str(), ok.voice, ok.speed),
            ("Chào mừng", Voice::LeMinh, -2)
        );
        let long = draft(&"ạ".repeat(301), "banmai", "0")
            .request()
            .unwrap_err();
        assert_eq!(
            (long.field.as_str(), long.problem),
            ("text", Problem::TooLong { max: 300 })
        );
        // 300 characters of 3 bytes each are within the limit: characters, not bytes.
        assert!(draft(&"ạ".repeat(300), "banmai", "0").request().is_ok());
        assert_eq!(
            draft("x", "banmai", "4").request().unwrap_err().field,
            "speed"
        );
        assert_eq!(
            draft("x", "robot", "0").request().unwrap_err().field,
            "voice"
        );
    }
}
