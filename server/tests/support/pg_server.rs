//! A PostgreSQL cluster of the test's own (`scripts/pg-cluster`: Debian's PostgreSQL, installed
//! by `scripts/setup`), on a free loopback port, in a temporary folder. Stopped when dropped.

use std::path::PathBuf;
use std::process::Command;

pub struct PgServer {
    dir: tempfile::TempDir,
    port: u16,
    url: String,
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-cluster")
}

impl PgServer {
    pub fn start() -> Self {
        Self::start_with(false)
    }

    /// A PostgreSQL that also speaks TLS, with a certificate for `127.0.0.1` and `localhost`
    /// signed by a certificate authority made for it (see [`PgServer::ca_file`]).
    pub fn start_tls() -> Self {
        Self::start_with(true)
    }

    /// The certificate authority that signed a TLS server's certificate (PEM).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn start_with(tls: bool) -> Self {
        let dir = tempfile::tempdir().expect("a folder for PostgreSQL");
        if tls {
            crate::redis_server::write_certificates(dir.path());
        }
        let port = crate::redis_server::free_port();
        let mut server = PgServer {
            dir,
            port,
            url: String::new(),
        };
        server.resume();
        server
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Starts the cluster (again, on the same port and data).
    pub fn resume(&mut self) {
        let out = Command::new(script())
            .arg("start")
            .arg(self.dir.path())
            .arg(self.port.to_string())
            .output()
            .expect("scripts/pg-cluster runs");
        assert!(
            out.status.success(),
            "PostgreSQL did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    }

    /// Stops the cluster at once, as an outage would.
    pub fn stop(&mut self) {
        let _ = Command::new(script())
            .arg("stop")
            .arg(self.dir.path())
            .output();
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        self.stop();
    }
}
