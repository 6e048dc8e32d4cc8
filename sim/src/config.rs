//! How a simulator is set up.

use crate::Faults;
use std::path::PathBuf;
use std::time::Duration;

/// The API key that works unless configured otherwise.
pub const DEMO_API_KEY: &str = "demo";

/// Everything a [`crate::Sim`] is built from.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Accepted API keys; each is its own tenant with its own copy of the seed data.
    pub api_keys: Vec<String>,
    /// How long an access token lives (the vendor: 24 hours).
    pub token_ttl: Duration,
    /// The data each tenant starts with.
    pub seed: Seed,
    /// Where the tenants are kept across restarts; `None` keeps them in memory only.
    pub state_file: Option<PathBuf>,
    /// Faults in effect from the start.
    pub faults: Faults,
    /// When set, the control endpoints (`/_sim/...`) answer only requests carrying it in the
    /// [`CONTROL_SECRET_HEADER`] header: the console's embedded simulator always sets one.
    pub control_secret: Option<String>,
}

/// The header that carries the control secret.
pub const CONTROL_SECRET_HEADER: &str = "x-sim-secret";

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            api_keys: vec![DEMO_API_KEY.to_owned()],
            token_ttl: Duration::from_secs(24 * 60 * 60),
            seed: Seed::Demo,
            state_file: None,
            faults: Faults::default(),
            control_secret: None,
        }
    }
}

/// The data a tenant starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// A believable small company: [`crate::seed::demo_tenant`].
    #[default]
    Demo,
    /// A large call center for performance work: [`crate::seed::scale_tenant`].
    Scale,
    /// Nothing at all.
    Empty,
}
