//! What the server gives every server function: the call-center client and the login throttle.

use crate::error::AppError;
use futures::future::BoxFuture;
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
    pub login_guard: Arc<dyn LoginThrottle>,
}

/// Counts failed logins per client address in a sliding window: in this process
/// ([`LoginGuard`]) or, for several instances, where they all see the same counts (the server's
/// Redis throttle). Failing to count refuses the login: [`AppError::SessionStoreUnavailable`].
pub trait LoginThrottle: Send + Sync {
    /// `TooManyAttempts` when `addr` has failed too often lately.
    fn check(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>>;
    fn record_failure(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>>;
    fn record_success(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>>;
}

/// The throttle's one rule: an address with `failures` failed logins in the window, the oldest
/// `oldest_age` ago, waits until that one leaves the window once it has reached `max`.
pub fn retry_after(
    failures: usize,
    oldest_age: Duration,
    max: usize,
    window: Duration,
) -> Result<(), AppError> {
    if failures >= max {
        let wait = window.saturating_sub(oldest_age);
        Err(AppError::TooManyAttempts {
            retry_after_secs: wait.as_secs().max(1),
        })
    } else {
        Ok(())
    }
}

/// Counts failed logins in this process.
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

    fn check_now(&self, addr: IpAddr) -> Result<(), AppError> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = failures.entry(addr).or_default();
        list.retain(|t| now.duration_since(*t) < self.window);
        let oldest_age = list
            .first()
            .map_or(Duration::ZERO, |t| now.duration_since(*t));
        retry_after(list.len(), oldest_age, self.max_failures, self.window)
    }

    fn failed(&self, addr: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.entry(addr).or_default().push(Instant::now());
        // Keep the map from growing without bound under a spray of addresses.
        if failures.len() > 10_000 {
            let window = self.window;
            failures.retain(|_, list| list.last().is_some_and(|t| t.elapsed() < window));
        }
    }

    fn succeeded(&self, addr: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&addr);
    }
}

impl LoginThrottle for LoginGuard {
    fn check(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(std::future::ready(self.check_now(addr)))
    }

    fn record_failure(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>> {
        self.failed(addr);
        Box::pin(std::future::ready(Ok(())))
    }

    fn record_success(&self, addr: IpAddr) -> BoxFuture<'_, Result<(), AppError>> {
        self.succeeded(addr);
        Box::pin(std::future::ready(Ok(())))
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
            assert!(guard.check_now(a).is_ok());
            guard.failed(a);
        }
        let Err(AppError::TooManyAttempts { retry_after_secs }) = guard.check_now(a) else {
            panic!("the fourth attempt is held back");
        };
        assert!((1..=300).contains(&retry_after_secs), "{retry_after_secs}");
        assert!(guard.check_now(b).is_ok());
    }

    #[test]
    fn a_success_clears_the_count() {
        let guard = LoginGuard::new(2, Duration::from_secs(300));
        let a: IpAddr = [10, 0, 0, 1].into();
        guard.failed(a);
        guard.succeeded(a);
        guard.failed(a);
        assert!(guard.check_now(a).is_ok());
    }
}
