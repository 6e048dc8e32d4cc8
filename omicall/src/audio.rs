//! Recognising mp3 data by its bytes, not by its name or declared type: an ID3v2 tag is skipped,
//! then MPEG audio frames must follow one another, each header valid and each frame exactly as
//! long as its header says. Walking the frames also gives the duration and the bitrate.
//!
//! Hand-written rather than taken from a crate: `mp3-metadata` reports frame positions in time,
//! not bytes, so it cannot tell consecutive frames from frames found by skipping junk, and
//! `symphonia`'s reader resynchronises over junk by design. The header layout is ISO 11172-3 /
//! 13818-3, a few tables.

use serde::{Deserialize, Serialize};

/// Frames that must follow one another at the start of the audio before the data is called mp3:
/// one valid-looking header in random bytes is a 1-in-a-few-thousand chance, three in a row with
/// matching lengths is not.
const MIN_FRAMES: usize = 3;
/// Zero bytes some encoders leave between the ID3 tag and the first frame.
const MAX_LEADING_ZEROS: usize = 4096;

/// What an upload that is not mp3 looks like, so the refusal can say what was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Found {
    Empty,
    Wav,
    Ogg,
    Flac,
    /// MP4 / M4A / AAC in an MPEG-4 container.
    Mp4,
    /// Windows Media (ASF).
    Wma,
    Text,
    Pdf,
    Image,
    /// A ZIP container: an office document, an archive.
    Zip,
    /// An ID3 tag with no audio frames after it.
    TagOnly,
    Unknown,
}

/// What walking an mp3's frames found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mp3Info {
    pub frames: u32,
    pub duration_ms: u64,
    /// The average over the frames, in kbit/s.
    pub bitrate_kbps: u32,
    /// Whether frames differ in bitrate (variable bitrate).
    pub variable: bool,
    pub sample_rate: u32,
}

/// The mp3's frames, or what the bytes are instead.
pub fn inspect(bytes: &[u8]) -> Result<Mp3Info, Found> {
    let tag = id3v2_len(bytes);
    let audio = bytes.get(tag..).unwrap_or_default();
    let zeros = audio
        .iter()
        .take(MAX_LEADING_ZEROS)
        .take_while(|b| **b == 0)
        .count();
    match walk(&audio[zeros..]) {
        Some(info) => Ok(info),
        None if tag > 0 => Err(Found::TagOnly),
        None => Err(sniff(bytes)),
    }
}

/// Whether `bytes` are mp3 audio (see [`inspect`]).
pub fn looks_like_mp3(bytes: &[u8]) -> bool {
    inspect(bytes).is_ok()
}

/// The length of a leading ID3v2 tag (header, body and footer), or 0.
fn id3v2_len(bytes: &[u8]) -> usize {
    let [b'I', b'D', b'3', major, _, flags, s0, s1, s2, s3, ..] = *bytes else {
        return 0;
    };
    let size = [s0, s1, s2, s3];
    if major == 0xFF || size.iter().any(|b| b & 0x80 != 0) {
        return 0;
    }
    // "Synchsafe": 7 bits a byte.
    let body = size.iter().fold(0usize, |n, b| (n << 7) | usize::from(*b));
    let footer = if flags & 0x10 != 0 { 10 } else { 0 };
    10 + body + footer
}

/// One MPEG audio frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    bitrate_kbps: u32,
    sample_rate: u32,
    samples: u32,
    len: usize,
}

fn header(bytes: &[u8]) -> Option<Header> {
    let [0xFF, b1, b2, _, ..] = *bytes else {
        return None;
    };
    if b1 & 0xE0 != 0xE0 {
        return None;
    }
    // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved.
    let version = (b1 >> 3) & 0b11;
    // 3 = Layer I, 2 = Layer II, 1 = Layer III, 0 reserved.
    let layer = (b1 >> 1) & 0b11;
    let bitrate_index = usize::from(b2 >> 4);
    let rate_index = usize::from((b2 >> 2) & 0b11);
    let padding = u32::from((b2 >> 1) & 1);
    if version == 1 || layer == 0 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    let mpeg1 = version == 3;
    let table: &[u32; 14] = match (mpeg1, layer) {
        (true, 3) => &[
            32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        ],
        (true, 2) => &[
            32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        ],
        (true, _) => &[
            32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ],
        (false, 3) => &[
            32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        ],
        (false, _) => &[8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    };
    let bitrate_kbps = table[bitrate_index - 1];
    let base_rate = [44_100, 48_000, 32_000][rate_index];
    let sample_rate = match version {
        3 => base_rate,
        2 => base_rate / 2,
        _ => base_rate / 4,
    };
    let samples = match (layer, mpeg1) {
        (3, _) => 384,
        (2, _) | (1, true) => 1152,
        _ => 576,
    };
    let len = if layer == 3 {
        (12 * bitrate_kbps * 1000 / sample_rate + padding) * 4
    } else {
        samples / 8 * bitrate_kbps * 1000 / sample_rate + padding
    };
    Some(Header {
        bitrate_kbps,
        sample_rate,
        samples,
        len: usize::try_from(len).ok()?,
    })
}

/// Walks frames from the start of `audio` while headers follow one another; the last frame may
/// be cut short. `None` unless [`MIN_FRAMES`] came first (or all of a shorter file).
fn walk(audio: &[u8]) -> Option<Mp3Info> {
    let mut at = 0;
    let mut frames = 0u32;
    // The stream keeps one sample rate, so samples measure time.
    let mut samples = 0u64;
    let mut weighted_kbps = 0u64;
    let mut first: Option<Header> = None;
    let mut variable = false;
    while let Some(h) = audio.get(at..).and_then(header) {
        // A stream keeps its sample rate: a "header" at another rate is junk that happens to sync.
        if first.is_some_and(|f| f.sample_rate != h.sample_rate) {
            break;
        }
        variable |= first.is_some_and(|f| f.bitrate_kbps != h.bitrate_kbps);
        first.get_or_insert(h);
        frames += 1;
        samples += u64::from(h.samples);
        weighted_kbps += u64::from(h.bitrate_kbps) * u64::from(h.samples);
        at += h.len;
    }
    let whole = usize::try_from(frames).ok()?;
    let complete = at <= audio.len();
    if whole < MIN_FRAMES && !(complete && whole > 0 && at == audio.len()) {
        return None;
    }
    let first = first?;
    let average = (weighted_kbps + samples / 2) / samples.max(1);
    Some(Mp3Info {
        frames,
        duration_ms: samples * 1000 / u64::from(first.sample_rate),
        bitrate_kbps: u32::try_from(average).unwrap_or(u32::MAX),
        variable,
        sample_rate: first.sample_rate,
    })
}

/// What some bytes are, by their first bytes.
fn sniff(bytes: &[u8]) -> Found {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if bytes.is_empty() {
        Found::Empty
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WAVE") {
        Found::Wav
    } else if starts(b"OggS") {
        Found::Ogg
    } else if starts(b"fLaC") {
        Found::Flac
    } else if bytes.get(4..8) == Some(b"ftyp") {
        Found::Mp4
    } else if starts(&[0x30, 0x26, 0xB2, 0x75]) {
        Found::Wma
    } else if starts(b"%PDF") {
        Found::Pdf
    } else if starts(b"\x89PNG") || starts(&[0xFF, 0xD8, 0xFF]) || starts(b"GIF8") {
        Found::Image
    } else if starts(b"PK\x03\x04") {
        Found::Zip
    } else if is_text(bytes) {
        Found::Text
    } else {
        Found::Unknown
    }
}

/// Whether the start of `bytes` reads as UTF-8 text: no control characters but line breaks and
/// tabs. A multi-byte character cut at the window's end does not count against it.
fn is_text(bytes: &[u8]) -> bool {
    let window = &bytes[..bytes.len().min(1024)];
    let valid = match std::str::from_utf8(window) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&window[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !valid.is_empty()
        && valid
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417 bytes without padding, 26.12 ms.
    const H128: [u8; 4] = [0xFF, 0xFB, 0x90, 0x64];

    fn frames(header: [u8; 4], count: usize) -> Vec<u8> {
        let len = super::header(&header).expect("a valid header").len;
        let mut bytes = Vec::new();
        for _ in 0..count {
            bytes.extend_from_slice(&header);
            bytes.resize(bytes.len() + len - 4, 0);
        }
        bytes
    }

    #[test]
    fn frame_lengths_follow_the_standard() {
        assert_eq!(header(&H128).map(|h| h.len), Some(417));
        // Padding adds a byte.
        assert_eq!(header(&[0xFF, 0xFB, 0x92, 0x64]).map(|h| h.len), Some(418));
        // MPEG-2 Layer III, 32 kbit/s, 16 kHz: 72 × 32000 / 16000 = 144 bytes, 576 samples.
        let h = header(&[0xFF, 0xF3, 0x48, 0xC4]).expect("MPEG-2");
        assert_eq!((h.len, h.sample_rate, h.samples), (144, 16_000, 576));
    }

    #[test]
    fn consecutive_frames_give_duration_and_bitrate() {
        let info = inspect(&frames(H128, 383)).expect("mp3");
        assert_eq!(info.frames, 383);
        assert_eq!(info.duration_ms, 10_004, "383 × 1152 / 44100 s");
        assert_eq!(info.bitrate_kbps, 128);
        assert!(!info.variable);
    }

    #[test]
    fn an_id3_tag_is_skipped() {
        let mut bytes = b"ID3\x04\x00\x00\x00\x00\x00\x05hello".to_vec();
        bytes.extend(frames(H128, 4));
        bytes.extend_from_slice(b"TAG trailing ID3v1");
        assert_eq!(inspect(&bytes).map(|i| i.frames), Ok(4));
        assert!(looks_like_mp3(&bytes));
    }

    #[test]
    fn one_header_is_not_enough() {
        let mut bytes = H128.to_vec();
        bytes.extend(std::iter::repeat_n(0x55, 2000));
        assert_eq!(inspect(&bytes), Err(Found::Unknown));
        // A tag over no audio says so.
        assert_eq!(
            inspect(b"ID3\x03\x00\x00\x00\x00\x00\x00"),
            Err(Found::TagOnly)
        );
    }

    #[test]
    fn other_files_are_named() {
        let wav = b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00";
        assert_eq!(inspect(wav), Err(Found::Wav));
        assert_eq!(inspect(b"OggS\x00\x02"), Err(Found::Ogg));
        assert_eq!(inspect(b"%PDF-1.7"), Err(Found::Pdf));
        assert_eq!(inspect(&[]), Err(Found::Empty));
        assert_eq!(
            inspect("Xin chào, đây là một tệp văn bản.\n".as_bytes()),
            Err(Found::Text)
        );
        assert_eq!(inspect(&[0xFF, 0xFB, 0xF0, 0x00]), Err(Found::Unknown));
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(inspect(&noise), Err(Found::Unknown));
    }
}
