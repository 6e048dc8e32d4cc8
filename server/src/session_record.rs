//! What every session backend does alike when it writes a record past tower-sessions' own
//! stores: the encoding, and the note of a save that found its session ended. A leaf, so that
//! `sessions` and the backends it opens can all use it.

use tower_sessions::session::Record;
use tower_sessions::session_store;

/// A record as every backend keeps it: MessagePack, as tower-sessions' stores write their own.
pub fn encoded(record: &Record) -> session_store::Result<Vec<u8>> {
    rmp_serde::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))
}

/// Notes an update-only save that found no session: it ended (a logout) while the request that
/// saves it was under way, and stays ended.
pub fn note_save(written: bool) {
    if !written {
        tracing::info!("a save of a session that has ended was dropped");
    }
}
