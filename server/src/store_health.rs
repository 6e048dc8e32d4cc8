//! Whether the session store is answering: noted by the store on every call, read by the
//! failure answers to tell an outage from a bug of ours.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Whether the session store failed its last call, to tell an outage from a bug of ours.
#[derive(Clone, Default)]
pub struct StoreHealth(Arc<AtomicBool>);

impl StoreHealth {
    pub fn is_down(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Notes whether the last store call failed for want of the store.
    pub fn set_down(&self, down: bool) {
        self.0.store(down, Ordering::Relaxed);
    }
}
