//! Pages and server-function answers travel compressed (brotli or gzip, whichever the browser
//! takes). The editor's page carries the whole flow as hydration data: 3.6 MB of HTML on the
//! scale tenant, most of it JSON, which a slow network pays for before the first box shows.
//!
//! Only answers sent whole are compressed. The encoder holds what it is given until it has enough
//! to write, so a streamed answer (the save's progress lines, the activity exports) would reach
//! the browser late; audio is compressed already, and static files are served precompressed.

use axum::body::HttpBody;
use axum::http::{header, Response};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// The media types of answers the app sends whole: pages and JSON server-function answers.
const WHOLE: [&str; 2] = ["text/html", "application/json"];

/// Whether an answer is one the app sends whole, read from its media type.
#[derive(Clone, Copy)]
pub struct SentWhole;

impl Predicate for SentWhole {
    fn should_compress<B>(&self, response: &Response<B>) -> bool
    where
        B: HttpBody,
    {
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|media| WHOLE.iter().any(|w| media.trim().eq_ignore_ascii_case(w)))
    }
}

/// Compresses answers sent whole, but not the small ones, which compression would not shorten.
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(SentWhole.and(SizeAbove::new(1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(kind: Option<&str>) -> bool {
        let mut response = Response::builder();
        if let Some(kind) = kind {
            response = response.header(header::CONTENT_TYPE, kind);
        }
        SentWhole.should_compress(&response.body(String::new()).expect("a response"))
    }

    #[test]
    fn pages_and_json_answers_are_compressed() {
        assert!(typed(Some("text/html; charset=utf-8")));
        assert!(typed(Some("application/json")));
        assert!(typed(Some("Text/HTML")));
    }

    #[test]
    fn streams_audio_and_untyped_answers_are_not() {
        // The save's progress (server_fn's streaming text) and the exports are streamed.
        assert!(!typed(Some("text/plain; charset=utf-8")));
        assert!(!typed(Some("application/jsonl; charset=utf-8")));
        assert!(!typed(Some("text/csv; charset=utf-8")));
        assert!(!typed(Some("audio/mpeg")));
        assert!(!typed(None));
    }
}
