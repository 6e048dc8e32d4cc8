//! Why a simulator could not start or keep serving.

use std::path::PathBuf;

/// A simulator that cannot start. Refused requests are not errors of this kind: they are answered.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("the state file {path} could not be read: {source}")]
    StateRead {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the state file {path} is not a simulator state: {source}")]
    StateFormat {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}
