//! A Redis server of the test's own, from Debian's `redis-server` (installed by `scripts/setup`),
//! on a free loopback port, persisting to a temporary folder so that a restart keeps its data.
//! Stopped when dropped.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    /// Listening with TLS only, its certificate signed by the CA in `ca.pem` in `dir`.
    tls: bool,
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl RedisServer {
    pub fn start() -> Self {
        Self::start_with(false)
    }

    /// A Redis that speaks TLS only, with a certificate for `127.0.0.1` and `localhost` signed
    /// by a certificate authority made for it (see [`RedisServer::ca_file`]).
    pub fn start_tls() -> Self {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> Self {
        let mut server = RedisServer {
            port: free_port(),
            dir: tempfile::tempdir().expect("a folder for Redis"),
            child: None,
            tls,
        };
        if tls {
            server.make_certificates();
        }
        server.resume();
        server
    }

    pub fn url(&self) -> String {
        let scheme = if self.tls { "rediss" } else { "redis" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// The certificate authority that signed a TLS server's certificate (PEM).
    pub fn ca_file(&self) -> std::path::PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn make_certificates(&self) {
        write_certificates(self.dir.path());
    }

    /// Starts the process (again, on the same port and data).
    pub fn resume(&mut self) {
        let port = self.port.to_string();
        let file = |name: &str| self.dir.path().join(name);
        let mut command = Command::new("redis-server");
        if self.tls {
            command
                .args(["--bind", "127.0.0.1", "--port", "0", "--tls-port", &port])
                .arg("--tls-cert-file")
                .arg(file("server.pem"))
                .arg("--tls-key-file")
                .arg(file("server.key"))
                .arg("--tls-ca-cert-file")
                .arg(file("ca.pem"))
                .args(["--tls-auth-clients", "no"]);
        } else {
            command.args(["--bind", "127.0.0.1", "--port", &port]);
        }
        let child = command
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server runs (scripts/setup installs Debian's redis-server)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the process, as an outage would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Writes `ca.pem` (a certificate authority made for the test), and `server.pem` and
/// `server.key` (a certificate it signed for `127.0.0.1` and `localhost`) into `dir`.
pub fn write_certificates(dir: &std::path::Path) {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    };
    let ca_key = KeyPair::generate().expect("a CA key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "console test CA");
    let ca = ca.self_signed(&ca_key).expect("a CA certificate");
    let key = KeyPair::generate().expect("a server key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .expect("server parameters");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params
        .signed_by(&key, &ca, &ca_key)
        .expect("a server certificate");
    let write = |name: &str, pem: String| {
        std::fs::write(dir.join(name), pem).expect("a certificate file");
    };
    write("ca.pem", ca.pem());
    write("server.pem", cert.pem());
    write("server.key", key.serialize_pem());
}
