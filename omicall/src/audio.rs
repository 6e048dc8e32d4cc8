//! Recognising mp3 data by its bytes, not by its name or declared type.

/// Whether `bytes` start like an mp3: an ID3v2 tag, or an MPEG audio frame header (11 sync bits,
/// MPEG version and layer set, a valid bitrate and sample rate).
pub fn looks_like_mp3(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"ID3") && bytes.len() >= 10 {
        return true;
    }
    match bytes {
        [0xFF, b1, b2, ..] => {
            let sync = b1 & 0xE0 == 0xE0;
            let version_ok = (b1 >> 3) & 0b11 != 0b01;
            let layer_ok = (b1 >> 1) & 0b11 != 0b00;
            let bitrate_ok = b2 >> 4 != 0b1111 && b2 >> 4 != 0;
            let rate_ok = (b2 >> 2) & 0b11 != 0b11;
            sync && version_ok && layer_ok && bitrate_ok && rate_ok
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id3_tagged_and_bare_frames_are_mp3() {
        assert!(looks_like_mp3(b"ID3\x04\x00\x00\x00\x00\x00\x00rest"));
        // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz.
        assert!(looks_like_mp3(&[0xFF, 0xFB, 0x90, 0x64]));
    }

    #[test]
    fn other_formats_are_not_mp3() {
        assert!(!looks_like_mp3(b"RIFF\x24\x08\x00\x00WAVEfmt "));
        assert!(!looks_like_mp3(b"OggS\x00\x02"));
        assert!(!looks_like_mp3(b"%PDF-1.7"));
        assert!(!looks_like_mp3(&[]));
        assert!(!looks_like_mp3(&[0xFF, 0xFB, 0xF0, 0x00]));
    }
}
