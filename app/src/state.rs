//! What the server gives every server function: the call-center client and the login guard.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Shared by all requests; provided as Leptos context by the server.
#[derive(Clone)]
pub struct ConsoleState {
    pub client: omicall::Client,
    /// How long a vendor token lives (24 hours per the reference); sessions end then at the latest.
    pub token_lifetime: Duration,
    pub login_guard: Arc<LoginGuard>,
}

/// Counts failed logins per client address in a sliding window.
///
/// Hand-written rather than `governor`: only failures count, and a success must not use up an
/// allowance, which a token bucket does not express.
pub struct LoginGuard {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl LoginGuard {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` when `addr` has failed too often lately.
    pub fn check(&self, addr: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = failures.entry(addr).or_default();
        list.retain(|t| now.duration_since(*t) < self.window);
        if list.len() >= self.max_failures {
            let oldest = list.first().copied().unwrap_or(now);
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            Err(wait.as_secs().max(1))
        } else {
            Ok(())
        }
    }

    pub fn record_failure(&self, addr: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.entry(addr).or_default().push(Instant::now());
        // Keep the map from growing without bound under a spray of addresses.
        if failures.len() > 10_000 {
            let window = self.window;
            failures.retain(|_, list| list.last().is_some_and(|t| t.elapsed() < window));
        }
    }

    pub fn record_success(&self, addr: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&addr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_held_back_after_too_many_failures_and_others_are_not() {
        let guard = LoginGuard::new(3, Duration::from_secs(300));
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(guard.check(a).is_ok());
            guard.record_failure(a);
        }
        let wait = guard.check(a).unwrap_err();
        assert!((1..=300).contains(&wait), "{wait}");
        assert!(guard.check(b).is_ok());
    }

    #[test]
    fn a_success_clears_the_count() {
        let guard = LoginGuard::new(2, Duration::from_secs(300));
        let a: IpAddr = [10, 0, 0, 1].into();
        guard.record_failure(a);
        guard.record_success(a);
        guard.record_failure(a);
        assert!(guard.check(a).is_ok());
    }
}
