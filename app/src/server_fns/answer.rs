//! How server functions answer: JSON, read back as text.
//!
//! Leptos reads a resource's value from the page's hydration data with `serde_json::from_str`,
//! while server_fn's own JSON encoding reads an answer with `serde_json::from_slice`. Each reader
//! is a separate copy of every answer type's deserialiser in the browser bundle (the editor's flow
//! was read by both, and serde_json was its largest part). Reading answers as text too leaves
//! one copy per type.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};

/// Answers as JSON, read back from their text (used as `output` only; inputs keep their codecs).
pub struct JsonText;

/// The `output` of every server function that answers with a value.
pub type JsonAnswer = Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        // Not `from_slice` for invalid UTF-8: that would bring the second reader back.
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            <serde_json::Error as serde::de::Error>::custom("the answer is not UTF-8")
        })?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_back_as_it_was_sent() {
        let sent = vec![("Kinh doanh".to_owned(), 1u8), ("Kỹ thuật".to_owned(), 2)];
        let bytes = <JsonText as Encodes<_>>::encode(&sent).expect("encodes");
        let read: Vec<(String, u8)> = <JsonText as Decodes<_>>::decode(bytes).expect("decodes");
        assert_eq!(read, sent);
    }

    #[test]
    fn an_answer_that_is_not_text_is_refused() {
        let read: Result<String, _> =
            <JsonText as Decodes<_>>::decode(Bytes::from_static(b"\"\xff\""));
        assert!(read.unwrap_err().to_string().contains("not UTF-8"));
    }

    /// server_fn has no default output to set once, so each server function names its own; one
    /// that forgot would bring the second reader back without a sound. Streams are text already.
    #[test]
    fn every_server_function_answers_through_the_one_reader() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server_fns");
        let mut seen = 0;
        let mut wrong = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("server_fns is a directory") {
            let path = entry.expect("readable entry").path();
            let source = std::fs::read_to_string(&path).expect("readable source");
            for (at, _) in source.match_indices("\n#[server") {
                let attribute = &source[at..at + source[at..].find(")]").expect("closed")];
                seen += 1;
                if !attribute.contains("output = crate::server_fns::answer::JsonAnswer")
                    && !attribute.contains("output = leptos::server_fn::codec::StreamingText")
                {
                    wrong.push(format!("{}: {attribute}", path.display()));
                }
            }
        }
        assert!(
            seen > 20,
            "only {seen} server functions found in {}",
            dir.display()
        );
        assert!(wrong.is_empty(), "answered another way: {wrong:#?}");
    }
}
