//! What the server gives every server function: the call-center client and the login throttle.

use crate::error::AppError;
use crate::ivr::layout::{Layout, Point};
use crate::ivr::version::Version;
use crate::wire::activity::{ChainCheck, Change, Entry, EntryQuery, Outcome};
use crate::wire::versions::{Origin, VersionData, VersionInfo};
use futures::future::BoxFuture;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// Reverse proxies whose forwarding headers name the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Arc<crate::client_addr::TrustedProxies>,
    /// Whether cookies are sent over HTTPS only (`COOKIE_SECURE`), for the ones set outside the
    /// session layer.
    pub cookie_secure: bool,
    /// The demo API key, shown on the login page while the built-in simulator is the upstream.
    pub demo_api_key: Option<&'static str>,
    /// Where greetings' audio is read from, for listening in the browser.
    pub recordings: Recordings,
    /// The largest greeting upload accepted (`UPLOAD_MAX_MB`).
    pub upload_max_bytes: usize,
    /// The IVR editor's layouts, per tenant.
    pub layouts: Arc<dyn LayoutStore>,
    /// What the console asked the vendor to change, per tenant.
    pub activity: Arc<dyn ActivityStore>,
    /// The versions of each tenant's flow.
    pub versions: Arc<dyn VersionStore>,
}

/// The versions of each tenant's flow, newest last, each stored once: a version equal to the
/// latest is not recorded again.
pub trait VersionStore: Send + Sync {
    /// Records `version` unless it equals the latest; the new version's entry, `None` when
    /// nothing changed.
    fn record<'a>(
        &'a self,
        tenant: &'a str,
        version: &'a Version,
        origin: &'a Origin,
        person: &'a str,
    ) -> BoxFuture<'a, Result<Option<VersionInfo>, AppError>>;
    /// The latest version, if any.
    fn latest<'a>(
        &'a self,
        tenant: &'a str,
    ) -> BoxFuture<'a, Result<Option<VersionData>, AppError>>;
    /// Versions newest first: `limit` of them after skipping `skip`, and how many there are.
    fn list<'a>(
        &'a self,
        tenant: &'a str,
        skip: u64,
        limit: u64,
    ) -> BoxFuture<'a, Result<(Vec<VersionInfo>, u64), AppError>>;
    /// Version `seq`, if the tenant has it.
    fn get<'a>(
        &'a self,
        tenant: &'a str,
        seq: u64,
    ) -> BoxFuture<'a, Result<Option<VersionData>, AppError>>;
}

/// The activity log: each tenant's changes, append-only. A change is appended before its call
/// ([`ActivityStore::begin`]) and completed by a second entry after it, so that a crash in
/// between leaves an entry whose outcome is unknown, never no entry.
pub trait ActivityStore: Send + Sync {
    /// Appends `change` before its call; the entry's number, for [`ActivityStore::finish`].
    fn begin<'a>(
        &'a self,
        tenant: &'a str,
        change: &'a Change,
    ) -> BoxFuture<'a, Result<u64, AppError>>;
    /// Appends how the change begun as `begun` ended, and what the vendor answered (`change`).
    fn finish<'a>(
        &'a self,
        tenant: &'a str,
        begun: u64,
        change: &'a Change,
        outcome: &'a Outcome,
    ) -> BoxFuture<'a, Result<(), AppError>>;
    /// The changes `query` matches, newest first: `limit` of them after skipping `skip`, and
    /// how many match in all.
    fn entries<'a>(
        &'a self,
        tenant: &'a str,
        query: &'a EntryQuery,
        skip: u64,
        limit: u64,
    ) -> BoxFuture<'a, Result<(Vec<Entry>, u64), AppError>>;
    /// Everyone who has asked for a change, by name.
    fn people<'a>(&'a self, tenant: &'a str) -> BoxFuture<'a, Result<Vec<String>, AppError>>;
    /// Whether the tenant's chain holds.
    fn check_chain<'a>(&'a self, tenant: &'a str) -> BoxFuture<'a, Result<ChainCheck, AppError>>;
}

/// Keeps each tenant's [`Layout`] in the console database. Positions and entries are written
/// apart, each whole in one step, so that a drag saved on one instance and a flow save on
/// another never undo each other.
pub trait LayoutStore: Send + Sync {
    fn load(&self, tenant: &str) -> BoxFuture<'_, Result<Layout, AppError>>;
    /// Keeps where each saved node is drawn; the entries stay as they are.
    fn save_positions(
        &self,
        tenant: &str,
        positions: BTreeMap<String, Point>,
    ) -> BoxFuture<'_, Result<(), AppError>>;
    /// Keeps which menus are entries; the positions stay as they are.
    fn save_entries(
        &self,
        tenant: &str,
        entries: BTreeSet<String>,
    ) -> BoxFuture<'_, Result<(), AppError>>;
}

/// Where a greeting's mp3 can be read, given its `recording_file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recordings {
    /// The simulator's own audio endpoint (`greeting/audio/…`).
    Simulator,
    /// The tenant's recordings address, with `{recording_file}` in it (`RECORDINGS_URL_TEMPLATE`).
    Template(String),
    /// Nowhere: the vendor's reference names no audio endpoint and none is configured.
    Unavailable,
}

/// Counts failed logins per client address in a sliding window: in this process
/// ([`LoginGuard`]) or, for several instances, where they all see the same counts (the server's
/// Redis throttle). Failing to count refuses the login: [`AppError::SessionStoreUnavailable`].
///
/// An attempt is counted as a failure when it begins, in the same step as the check, so that
/// attempts sent at once cannot all pass the check before any is counted; an attempt that turns
/// out not to be a wrong key is then [forgiven](LoginThrottle::forgive), alone.
pub trait LoginThrottle: Send + Sync {
    /// `TooManyAttempts` when `addr` has failed too often lately; else the attempt, counted.
    fn begin(&self, addr: IpAddr) -> BoxFuture<'_, Result<Attempt, AppError>>;
    /// Uncounts one attempt: it succeeded, or failed for another reason than the key.
    fn forgive(&self, attempt: Attempt) -> BoxFuture<'_, Result<(), AppError>>;
}

/// One login attempt, counted as a failure until forgiven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub addr: IpAddr,
    /// Tells this attempt from the address's others.
    pub id: u64,
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
/// allowance, which a token bucket does not express. Memory stays bounded under a spray of
/// addresses without a scan per failure: addresses with no failure left in the window are swept
/// out whenever the map has doubled since the last sweep, so each insertion pays for a constant
/// share of one.
pub struct LoginGuard {
    max_failures: usize,
    window: Duration,
    state: Mutex<Failures>,
}

#[derive(Default)]
struct Failures {
    by_addr: HashMap<IpAddr, Vec<(Instant, u64)>>,
    next_id: u64,
    /// How many addresses the last sweep left.
    swept_to: usize,
}

/// Addresses below which the map is never swept.
const SWEEP_FLOOR: usize = 1024;

impl LoginGuard {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            state: Mutex::new(Failures::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Failures> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn begin_now(&self, addr: IpAddr) -> Result<Attempt, AppError> {
        let now = Instant::now();
        let window = self.window;
        let mut state = self.lock();
        if state.by_addr.len() >= (2 * state.swept_to).max(SWEEP_FLOOR) {
            state.by_addr.retain(|_, list| {
                list.last()
                    .is_some_and(|(t, _)| now.duration_since(*t) < window)
            });
            state.swept_to = state.by_addr.len();
        }
        state.next_id += 1;
        let id = state.next_id;
        let list = state.by_addr.entry(addr).or_default();
        list.retain(|(t, _)| now.duration_since(*t) < window);
        let oldest_age = list
            .first()
            .map_or(Duration::ZERO, |(t, _)| now.duration_since(*t));
        retry_after(list.len(), oldest_age, self.max_failures, window)?;
        list.push((now, id));
        Ok(Attempt { addr, id })
    }

    fn forgive_now(&self, attempt: Attempt) {
        let mut state = self.lock();
        if let Some(list) = state.by_addr.get_mut(&attempt.addr) {
            list.retain(|(_, id)| *id != attempt.id);
            if list.is_empty() {
                state.by_addr.remove(&attempt.addr);
            }
        }
    }

    /// Addresses held in memory.
    pub fn tracked(&self) -> usize {
        self.lock().by_addr.len()
    }
}

impl LoginThrottle for LoginGuard {
    fn begin(&self, addr: IpAddr) -> BoxFuture<'_, Result<Attempt, AppError>> {
        Box::pin(std::future::ready(self.begin_now(addr)))
    }

    fn forgive(&self, attempt: Attempt) -> BoxFuture<'_, Result<(), AppError>> {
        self.forgive_now(attempt);
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
            assert!(guard.begin_now(a).is_ok());
        }
        let Err(AppError::TooManyAttempts { retry_after_secs }) = guard.begin_now(a) else {
            panic!("the fourth attempt is held back");
        };
        assert!((1..=300).contains(&retry_after_secs), "{retry_after_secs}");
        assert!(guard.begin_now(b).is_ok());
    }

    #[test]
    fn a_success_forgives_itself_and_no_other_failure() {
        let guard = LoginGuard::new(2, Duration::from_secs(300));
        let a: IpAddr = [10, 0, 0, 1].into();
        let _wrong = guard.begin_now(a).expect("first attempt");
        let right = guard.begin_now(a).expect("second attempt");
        guard.forgive_now(right);
        let _wrong_again = guard
            .begin_now(a)
            .expect("one failure left, so one more try");
        assert!(
            guard.begin_now(a).is_err(),
            "the earlier failure still counts"
        );
    }

    #[test]
    fn attempts_at_once_pass_no_more_than_the_limit() {
        let guard = std::sync::Arc::new(LoginGuard::new(5, Duration::from_secs(300)));
        let a: IpAddr = [10, 0, 0, 1].into();
        let passed: usize = (0..40)
            .map(|_| {
                let guard = std::sync::Arc::clone(&guard);
                std::thread::spawn(move || guard.begin_now(a).is_ok())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| usize::from(t.join().expect("a thread")))
            .sum();
        assert_eq!(passed, 5);
    }

    #[test]
    fn a_spray_of_addresses_is_swept_without_growing_for_ever() {
        let guard = LoginGuard::new(5, Duration::from_millis(1));
        for n in 0..20_000u32 {
            let _ = guard.begin_now(IpAddr::from(n.to_be_bytes()));
            if n % 1000 == 0 {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        assert!(guard.tracked() < 4 * SWEEP_FLOOR, "{}", guard.tracked());
    }
}
