//! Serving a simulator over HTTP.

use crate::config::SimConfig;
use crate::error::SimError;
use crate::Sim;
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;

/// A simulator serving on a local port, for tests.
#[derive(Debug, Clone)]
pub struct Running {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    pub sim: Sim,
}

/// Starts a simulator on `127.0.0.1` and a free port, served by a task of the current runtime.
pub async fn spawn(config: SimConfig) -> Result<Running, SimError> {
    let sim = Sim::new(config)?;
    let wanted = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let listener = TcpListener::bind(wanted)
        .await
        .map_err(|source| SimError::Bind {
            addr: wanted,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SimError::Bind {
        addr: wanted,
        source,
    })?;
    let router = sim.router();
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the simulator stopped");
        }
    });
    Ok(Running {
        addr,
        base_url: format!("http://{addr}"),
        sim,
    })
}

/// Serves `sim` on `addr` until Ctrl-C.
pub async fn serve(sim: Sim, addr: SocketAddr) -> Result<(), SimError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| SimError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| SimError::Bind { addr, source })?;
    tracing::info!("the call-center simulator listens on http://{local}");
    axum::serve(listener, sim.router())
        .with_graceful_shutdown(async {
            if tokio::signal::ctrl_c().await.is_err() {
                // No signal handler: serve until the process is killed.
                std::future::pending::<()>().await;
            }
        })
        .await
        .map_err(SimError::Serve)
}
