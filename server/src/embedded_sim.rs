//! The built-in simulator, used when no vendor URL is configured: served on a listener of its
//! own bound to a loopback address (never on the console's origin, where anyone reaching the
//! console could take tokens and SIP passwords from it), its control endpoints behind a secret
//! made at start.

use crate::config::Config;
use crate::StartError;
use std::net::SocketAddr;

/// A running embedded simulator.
#[derive(Clone)]
pub struct EmbeddedSim {
    pub sim: sim::Sim,
    /// `http://127.0.0.1:PORT`, the console's upstream.
    pub url: String,
    /// What `/_sim/...` requests must carry in `x-sim-secret`.
    pub secret: String,
}

impl std::fmt::Debug for EmbeddedSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedSim")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// 128 bits from the operating system, as hex.
fn new_secret() -> Result<String, StartError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StartError::SimSecret(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub async fn start(config: &Config) -> Result<EmbeddedSim, StartError> {
    let secret = match &config.embedded_sim_secret {
        Some(secret) => secret.clone(),
        None => new_secret()?,
    };
    let sim = sim::Sim::new(sim::SimConfig {
        token_ttl: config.token_lifetime,
        control_secret: Some(secret.clone()),
        ..Default::default()
    })?;
    let wanted: SocketAddr = config.embedded_sim_addr;
    let listener = tokio::net::TcpListener::bind(wanted)
        .await
        .map_err(|source| StartError::Bind {
            addr: wanted,
            source,
        })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    let router = sim.router();
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            tracing::error!(error = %err, "the built-in simulator stopped");
        }
    });
    tracing::warn!(
        url = %format!("http://{addr}"),
        "A FAKE VENDOR IS IN USE: the built-in simulator answers in place of the call-center. \
         Set CALLCENTER_URL to administer a real tenant."
    );
    Ok(EmbeddedSim {
        sim,
        url: format!("http://{addr}"),
        secret,
    })
}
