//! The simulator: tenants behind one lock, tokens, faults, and the optional state file.

use crate::auth::{Caller, Tokens};
use crate::config::{Seed, SimConfig};
use crate::error::SimError;
use crate::faults::Faults;
use crate::persist::StateFile;
use crate::reply::{Refusal, TokenProblem};
use crate::seed;
use crate::state::Tenant;
use crate::tenant_data::TenantData;
use crate::{ids, routes};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::watch;

/// A running simulator's state. Cheap to clone: clones share everything.
#[derive(Clone)]
pub struct Sim {
    inner: Arc<Inner>,
}

struct Inner {
    token_ttl: Duration,
    /// One lock over all tenants: every change is a short synchronous step, never held across
    /// an `.await`, so simultaneous requests serialise without losing each other's changes.
    store: Mutex<Store>,
    tokens: Mutex<Tokens>,
    /// The current faults; hung requests wait on it for `hang` to be switched off.
    faults: watch::Sender<Faults>,
    /// Writes answered since the faults were last set, for [`Faults::fail_nth_write`].
    writes: std::sync::atomic::AtomicU32,
    /// Requests held by a fault, for [`Sim::held_requests`].
    held: std::sync::atomic::AtomicUsize,
    /// Greetings' audio files read, for [`Sim::audio_reads`].
    audio_reads: std::sync::atomic::AtomicU64,
    state_file: Option<StateFile>,
    control_secret: Option<String>,
}

struct Store {
    /// By API key.
    tenants: HashMap<String, Tenant>,
    /// Counts changes, so the state file is never overwritten by an older snapshot.
    version: u64,
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim")
            .field("token_ttl", &self.inner.token_ttl)
            .field("faults", &self.faults())
            .finish_non_exhaustive()
    }
}

/// Whether `offered` is the control secret, in time that does not depend on where the two first
/// differ (digests of equal length, compared in constant time), so the secret cannot be guessed
/// byte by byte from answer times.
fn same_secret(offered: &str, secret: &str) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    Sha256::digest(offered.as_bytes())
        .ct_eq(&Sha256::digest(secret.as_bytes()))
        .into()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a tenant half-changed (changes are checked
    // before they are made), so the data stays usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sim {
    /// Builds a simulator: loads the state file if there is one, and seeds every API key it
    /// does not hold.
    pub fn new(config: SimConfig) -> Result<Sim, SimError> {
        let mut keys: Vec<String> = Vec::new();
        for key in &config.api_keys {
            let key = key.trim();
            if key.is_empty() {
                return Err(SimError::Config("an API key is blank".to_owned()));
            }
            if !keys.iter().any(|k| k == key) {
                keys.push(key.to_owned());
            }
        }
        if keys.is_empty() {
            return Err(SimError::Config(
                "at least one API key is needed".to_owned(),
            ));
        }
        let state_file = config.state_file.map(StateFile::new);
        let mut tenants = match &state_file {
            Some(file) => file.load()?.unwrap_or_default(),
            None => HashMap::new(),
        };
        tenants.retain(|key, _| keys.contains(key));
        let mut seed_data: Option<TenantData> = None;
        for (i, key) in keys.iter().enumerate() {
            if tenants.contains_key(key) {
                continue;
            }
            let data = seed_data
                .get_or_insert_with(|| match config.seed {
                    Seed::Demo => seed::demo_tenant(),
                    Seed::Scale => seed::scale_tenant(),
                    Seed::Empty => TenantData::default(),
                })
                .clone();
            // The first tenant keeps the seed's id; the others get their own.
            let tenant_id = (i > 0).then(|| ids::object_id(&mut fastrand::Rng::new()));
            tenants.insert(key.clone(), Tenant::from_data(data, tenant_id));
        }
        for (key, tenant) in &tenants {
            let problems = tenant.dangling_references();
            if !problems.is_empty() {
                tracing::warn!(tenant = %tenant.tenant_id, key_number = keys.iter().position(|k| k == key), ?problems, "the tenant refers to things that do not exist");
            }
        }
        let (faults, _) = watch::channel(config.faults);
        Ok(Sim {
            inner: Arc::new(Inner {
                token_ttl: config.token_ttl,
                store: Mutex::new(Store {
                    tenants,
                    version: 0,
                }),
                tokens: Mutex::new(Tokens::default()),
                faults,
                writes: std::sync::atomic::AtomicU32::new(0),
                audio_reads: std::sync::atomic::AtomicU64::new(0),
                held: std::sync::atomic::AtomicUsize::new(0),
                state_file,
                control_secret: config.control_secret,
            }),
        })
    }

    /// Everything: `/api/auth`, `/api/call_center/...` and the control endpoints `/_sim/...`.
    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Whether a control request may go ahead: always without a configured secret, else only
    /// with that secret.
    pub(crate) fn may_control(&self, offered: Option<&str>) -> bool {
        match &self.inner.control_secret {
            None => true,
            Some(secret) => offered.is_some_and(|offered| same_secret(offered, secret)),
        }
    }

    /// Counts a read of a greeting's audio, for tests of what the console fetches.
    pub(crate) fn count_audio_read(&self) {
        self.inner
            .audio_reads
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Greetings' audio files read since the simulator started.
    pub fn audio_reads(&self) -> u64 {
        self.inner
            .audio_reads
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Replaces the faults in effect; switching `hang` off releases the requests held.
    pub fn set_faults(&self, faults: Faults) {
        self.inner
            .writes
            .store(0, std::sync::atomic::Ordering::SeqCst);
        self.inner.faults.send_replace(faults);
    }

    /// Counts a write; answers its number since the faults were set (1 for the first).
    pub(crate) fn count_write(&self) -> u32 {
        self.inner
            .writes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1
    }

    pub fn faults(&self) -> Faults {
        self.inner.faults.borrow().clone()
    }

    /// Expires every token issued so far; their next use answers 401 `token_expired`.
    pub fn expire_tokens(&self) {
        lock(&self.inner.tokens).expire_all();
    }

    /// Every token issued and still known, for tests that prove a token never leaks elsewhere.
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.inner.tokens).issued()
    }

    pub(crate) fn issue_token(&self, api_key: &str) -> Result<String, Refusal> {
        if !lock(&self.inner.store).tenants.contains_key(api_key) {
            return Err(Refusal::ApiKeyInvalid);
        }
        Ok(lock(&self.inner.tokens).issue(api_key, self.inner.token_ttl))
    }

    pub(crate) fn check_token(&self, token: &str) -> Result<String, TokenProblem> {
        lock(&self.inner.tokens).check(token)
    }

    /// Waits until the faults, as set now or later, let a held request go.
    pub(crate) async fn hold_until(&self, released: impl Fn(&Faults) -> bool) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        /// Counts the request as held until it is let go or given up.
        struct Held<'a>(&'a AtomicUsize);
        impl Drop for Held<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let mut faults = self.inner.faults.subscribe();
        self.inner.held.fetch_add(1, Ordering::SeqCst);
        let _held = Held(&self.inner.held);
        // The sender lives as long as `self`, so this only ends when the faults release it.
        let _ = faults.wait_for(|f| released(f)).await;
    }

    /// Requests held by a fault now, for a test to know its request has arrived.
    pub fn held_requests(&self) -> usize {
        self.inner.held.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Reads the caller's tenant.
    pub(crate) fn read<R>(
        &self,
        caller: &Caller,
        read: impl FnOnce(&Tenant) -> Result<R, Refusal>,
    ) -> Result<R, Refusal> {
        let store = lock(&self.inner.store);
        let tenant = store
            .tenants
            .get(&caller.0)
            .ok_or(Refusal::Token(TokenProblem::Invalid))?;
        read(tenant)
    }

    /// Changes the caller's tenant, then saves the state file if there is one.
    pub(crate) async fn change<R>(
        &self,
        caller: &Caller,
        change: impl FnOnce(&mut Tenant, &mut fastrand::Rng) -> Result<R, Refusal>,
    ) -> Result<R, Refusal> {
        let (result, snapshot) = {
            let mut store = lock(&self.inner.store);
            let tenant = store
                .tenants
                .get_mut(&caller.0)
                .ok_or(Refusal::Token(TokenProblem::Invalid))?;
            let result = change(tenant, &mut fastrand::Rng::new())?;
            let snapshot = match &self.inner.state_file {
                Some(_) => {
                    store.version += 1;
                    Some((store.version, StateFile::snapshot(&store.tenants)))
                }
                None => None,
            };
            (result, snapshot)
        };
        if let (Some(file), Some((version, json))) = (&self.inner.state_file, snapshot) {
            match json {
                Ok(json) => file.save(version, json).await,
                Err(e) => tracing::warn!(error = %e, "could not write the simulator state as JSON"),
            }
        }
        Ok(result)
    }

    pub(crate) fn state_file(&self) -> Option<&StateFile> {
        self.inner.state_file.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn only_the_whole_secret_matches() {
        assert!(same_secret("s3cret-value", "s3cret-value"));
        for other in ["", "s3cret", "s3cret-valuE", "s3cret-value "] {
            assert!(!same_secret(other, "s3cret-value"), "{other:?}");
        }
    }
}
