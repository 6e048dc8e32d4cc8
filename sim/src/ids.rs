//! Identifiers in the vendor's formats, and the clock.

use fastrand::Rng;

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex(rng: &mut Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(HEX[rng.usize(..HEX.len())]))
        .collect()
}

/// A 24-hex object id, like `62ff11b208d4bf3ea694a6f3`.
pub(crate) fn object_id(rng: &mut Rng) -> String {
    hex(rng, 24)
}

/// A bearer token: 32 random bytes as hex.
pub(crate) fn token(rng: &mut Rng) -> String {
    hex(rng, 64)
}

/// A stored recording's file name, a UUID like the vendor's:
/// `6c0d4c55-d837-4ae5-835e-c16180b09e51.mp3`.
pub(crate) fn recording_file(rng: &mut Rng) -> String {
    format!(
        "{}-{}-4{}-{}{}-{}.mp3",
        hex(rng, 8),
        hex(rng, 4),
        hex(rng, 3),
        char::from(b"89ab"[rng.usize(..4)]),
        hex(rng, 3),
        hex(rng, 12)
    )
}

/// A recording file name the simulator could have made; anything else is never used as a path.
pub(crate) fn is_recording_file(name: &str) -> bool {
    name.strip_suffix(".mp3").is_some_and(|stem| {
        !stem.is_empty()
            && stem.len() <= 64
            && stem.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
    })
}

/// The contact record of an agent. The vendor's examples pair ids that differ in the last digit
/// (`…8cbf` / `…8cbe`); deriving one from the other keeps both stable without storing a map.
pub(crate) fn contact_id_of(agent_id: &str) -> String {
    match u128::from_str_radix(agent_id, 16) {
        Ok(n) if agent_id.len() == 24 => {
            format!("{:024x}", n.wrapping_sub(1) & ((1u128 << 96) - 1))
        }
        _ => agent_id.to_owned(),
    }
}

/// Milliseconds since the epoch, as the vendor writes dates.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_vendor_formats() {
        let mut rng = Rng::with_seed(7);
        let id = object_id(&mut rng);
        assert_eq!(id.len(), 24);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(token(&mut rng).len(), 64);
        let file = recording_file(&mut rng);
        assert_eq!(file.len(), 36 + 4, "{file}");
        assert!(is_recording_file(&file));
        assert!(!is_recording_file("../etc/passwd.mp3"));
        assert!(!is_recording_file("abc.wav"));
    }

    #[test]
    fn a_contact_id_is_derived_from_its_agent_id() {
        assert_eq!(
            contact_id_of("62d563113127de2eac6b8cbf"),
            "62d563113127de2eac6b8cbe"
        );
        assert_eq!(
            contact_id_of("000000000000000000000000"),
            "ffffffffffffffffffffffff"
        );
        assert_eq!(contact_id_of("xxx"), "xxx");
    }
}
