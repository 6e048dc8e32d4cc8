//! Playable stand-ins for synthesised speech: MPEG-1 Layer III frames of silence.
//!
//! A frame whose side information is all zero carries no Huffman data, which every decoder plays
//! as silence; so a valid mp3 of any length is a header repeated with zero padding, no encoder
//! needed. 32 kbit/s at 48 kHz makes every frame exactly 96 bytes (no padding slot) and 24 ms.

use std::time::Duration;

/// MPEG-1, Layer III, no CRC | 32 kbit/s, 48 kHz, no padding | mono, original.
const FRAME_HEADER: [u8; 4] = [0xFF, 0xFB, 0x14, 0xC4];
/// 144 × bitrate / sample rate.
const FRAME_BYTES: usize = 96;
/// 1152 samples at 48 kHz.
const FRAME_MS: u64 = 24;

/// How long the simulated voice takes to read a text: about 60 ms a character at normal speed,
/// 15 % faster or slower per speed step, never under half a second.
pub(crate) fn speech_duration(text: &str, speed: i64) -> Duration {
    let chars = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
    let percent = u64::try_from(100 - 15 * speed.clamp(-3, 3)).unwrap_or(100);
    let ms = chars.saturating_mul(60).saturating_mul(percent) / 100;
    Duration::from_millis(ms.max(500))
}

/// An mp3 of silence lasting at least `duration` (whole frames).
pub(crate) fn silence(duration: Duration) -> Vec<u8> {
    let ms = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
    let frames = usize::try_from(ms.div_ceil(FRAME_MS).max(1)).unwrap_or(usize::MAX);
    let mut mp3 = Vec::with_capacity(frames * FRAME_BYTES);
    for _ in 0..frames {
        mp3.extend_from_slice(&FRAME_HEADER);
        mp3.resize(mp3.len() + FRAME_BYTES - FRAME_HEADER.len(), 0);
    }
    mp3
}

/// The mp3 read out for a text-to-speech greeting.
pub(crate) fn speech(text: &str, speed: i64) -> Vec<u8> {
    silence(speech_duration(text, speed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_frame_starts_with_a_valid_header() {
        let mp3 = silence(Duration::from_millis(1000));
        assert_eq!(mp3.len() % FRAME_BYTES, 0);
        assert_eq!(mp3.len() / FRAME_BYTES, 42, "1000 ms is 42 frames of 24 ms");
        for frame in mp3.chunks(FRAME_BYTES) {
            assert!(omicall::audio::looks_like_mp3(frame));
            assert_eq!(frame[..4], FRAME_HEADER);
        }
    }

    #[test]
    fn the_frame_header_says_96_bytes() {
        let [_, b1, b2, _] = FRAME_HEADER;
        assert_eq!(b1 >> 3 & 0b11, 0b11, "MPEG-1");
        assert_eq!(b1 >> 1 & 0b11, 0b01, "Layer III");
        let bitrate_kbps = [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ][usize::from(b2 >> 4)];
        let sample_rate = [44_100, 48_000, 32_000][usize::from(b2 >> 2 & 0b11)];
        assert_eq!(144 * bitrate_kbps * 1000 / sample_rate, FRAME_BYTES);
    }

    #[test]
    fn speech_lasts_longer_for_longer_texts_and_slower_speeds() {
        let short = speech_duration("Xin chào", 0);
        let long = speech_duration("Xin chào, nhấn phím 1 để gặp kinh doanh", 0);
        assert!(long > short);
        assert!(
            speech_duration("Xin chào quý khách", -3) > speech_duration("Xin chào quý khách", 3)
        );
        assert_eq!(speech_duration("", 0), Duration::from_millis(500));
        assert!(speech("a".repeat(300).as_str(), 0).len() > speech("a", 0).len());
    }
}
