//! Configuration: environment variables with defaults, read once at start-up.

use app::client_addr::{ForwardedHeader, TrustedProxies};
use std::net::SocketAddr;
use std::time::Duration;

/// Where the call-center API is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// A vendor base URL (`CALLCENTER_URL`).
    Vendor(String),
    /// The built-in simulator, on a loopback listener of its own.
    EmbeddedSim,
}

/// Every knob of the server. See the README for the variables. `Debug` and `Display` show no
/// secret and no URL's credentials.
#[derive(Clone)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub upstream: Upstream,
    pub session_store_url: String,
    /// The console's own data: the editor's layouts (`DATABASE_URL`, SQLite or PostgreSQL).
    pub database_url: String,
    pub cookie_secure: bool,
    pub session_idle: Duration,
    pub upstream_connect_timeout: Duration,
    pub upstream_timeout: Duration,
    /// How long a vendor token lives; the embedded simulator issues tokens of this lifetime too.
    pub token_lifetime: Duration,
    pub login_max_failures: usize,
    pub login_window: Duration,
    /// Threads serving requests; the machine's cores unless `SERVER_THREADS` says otherwise.
    pub worker_threads: usize,
    /// The last-resort bound on one page render (`RENDER_TIMEOUT_SECS`).
    pub render_timeout: Duration,
    /// How long a client may take to send a request's headers (`HEADER_READ_TIMEOUT_SECS`).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body (`REQUEST_BODY_TIMEOUT_SECS`).
    pub request_body_timeout: Duration,
    /// The bound on one whole server-function request (`REQUEST_TIMEOUT_SECS`).
    pub request_timeout: Duration,
    /// Where the embedded simulator listens: a loopback address (`EMBEDDED_SIM_ADDR`).
    pub embedded_sim_addr: SocketAddr,
    /// The embedded simulator's control secret (`EMBEDDED_SIM_SECRET`); made at start if unset.
    pub embedded_sim_secret: Option<String>,
    /// Serve the embedded simulator's demo on a non-loopback address (`ALLOW_DEMO_ON_NETWORK`).
    pub allow_demo_on_network: bool,
    /// `Host` values served besides the listen address, `localhost` and `127.0.0.1` on its
    /// port (`ALLOWED_HOSTS`, comma-separated): the names the console is reached by.
    pub allowed_hosts: Vec<String>,
    /// Reverse proxies (`TRUSTED_PROXIES`, addresses or ranges) and the one header they name the
    /// client in (`FORWARDED_HEADER`); without them forwarding headers are ignored.
    pub trusted_proxies: TrustedProxies,
    /// The certificate authority a `rediss://` session store's certificate is checked against,
    /// besides the system's (`SESSION_STORE_CA_FILE`, PEM).
    pub session_store_ca_file: Option<std::path::PathBuf>,
    /// The largest greeting upload, in MB (`UPLOAD_MAX_MB`, at most the vendor rule's 10).
    pub upload_max_mb: u64,
    /// How long a whole greeting upload may take to arrive (`UPLOAD_TIMEOUT_SECS`); a stall
    /// between two parts is bounded sooner, by `REQUEST_BODY_TIMEOUT_SECS`.
    pub upload_timeout: Duration,
    /// The tenant's recordings address with `{recording_file}` in it
    /// (`RECORDINGS_URL_TEMPLATE`); a real vendor's greetings cannot be listened to without it.
    pub recordings_url_template: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Config({self})")
    }
}

/// A variable that is set but cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{name}={value:?} is not valid: {expected}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    expected: &'static str,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            site_addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            upstream: Upstream::EmbeddedSim,
            session_store_url: "sqlite://data/sessions.db".into(),
            database_url: "sqlite://data/console.db".into(),
            cookie_secure: false,
            session_idle: Duration::from_secs(30 * 60),
            upstream_connect_timeout: Duration::from_secs(5),
            upstream_timeout: Duration::from_secs(15),
            token_lifetime: Duration::from_secs(24 * 60 * 60),
            login_max_failures: 5,
            login_window: Duration::from_secs(5 * 60),
            worker_threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            // Well past a page's upstream calls in sequence (each bounded by the upstream timeout).
            render_timeout: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(10),
            request_body_timeout: Duration::from_secs(10),
            // Past two upstream calls in sequence (each bounded by the upstream timeout).
            request_timeout: Duration::from_secs(45),
            embedded_sim_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            embedded_sim_secret: None,
            allow_demo_on_network: false,
            allowed_hosts: Vec::new(),
            trusted_proxies: TrustedProxies::default(),
            session_store_ca_file: None,
            upload_max_mb: (omicall::rules::GREETING_MAX_BYTES / (1024 * 1024)) as u64,
            upload_timeout: Duration::from_secs(120),
            recordings_url_template: None,
        }
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Config::default();
        let var = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let parse = |name: &'static str, expected: &'static str| {
            move |value: String| -> Result<u64, ConfigError> {
                value.parse::<u64>().map_err(|_| ConfigError {
                    name,
                    value,
                    expected,
                })
            }
        };
        let secs = |name: &'static str, default: Duration| -> Result<Duration, ConfigError> {
            var(name)
                .map(parse(name, "a whole number of seconds"))
                .transpose()
                .map(|v| v.map_or(default, Duration::from_secs))
        };
        let site_addr = match var("LEPTOS_SITE_ADDR") {
            Some(value) => value.parse().map_err(|_| ConfigError {
                name: "LEPTOS_SITE_ADDR",
                value,
                expected: "an address such as 127.0.0.1:3000",
            })?,
            None => d.site_addr,
        };
        let upstream = match var("CALLCENTER_URL") {
            Some(url) if is_safe_vendor_url(&url) => Upstream::Vendor(url),
            Some(value) => {
                return Err(ConfigError {
                    name: "CALLCENTER_URL",
                    value: redact_url(&value),
                    expected: "an https:// URL (plain http:// only for a loopback address such as \
                               http://127.0.0.1:8787): the access token travels with every call",
                })
            }
            None => Upstream::EmbeddedSim,
        };
        let flag = |name: &'static str, default: bool| -> Result<bool, ConfigError> {
            match var(name).as_deref() {
                None => Ok(default),
                Some("1" | "true" | "yes") => Ok(true),
                Some("0" | "false" | "no") => Ok(false),
                Some(value) => Err(ConfigError {
                    name,
                    value: value.to_owned(),
                    expected: "true or false",
                }),
            }
        };
        let embedded_sim_addr = match var("EMBEDDED_SIM_ADDR") {
            None => d.embedded_sim_addr,
            Some(value) => match value.parse::<SocketAddr>() {
                Ok(addr) if addr.ip().is_loopback() => addr,
                _ => {
                    return Err(ConfigError {
                        name: "EMBEDDED_SIM_ADDR",
                        value,
                        expected: "a loopback address such as 127.0.0.1:8787",
                    })
                }
            },
        };
        let allow_demo_on_network = flag("ALLOW_DEMO_ON_NETWORK", false)?;
        if upstream == Upstream::EmbeddedSim
            && !site_addr.ip().is_loopback()
            && !allow_demo_on_network
        {
            return Err(ConfigError {
                name: "LEPTOS_SITE_ADDR",
                value: site_addr.to_string(),
                expected: "a loopback address while the built-in simulator is the upstream (a \
                           fake vendor with a public demo key); set CALLCENTER_URL, or \
                           ALLOW_DEMO_ON_NETWORK=true to serve the demo on the network anyway",
            });
        }
        // A real vendor means a real deployment, behind HTTPS; only the embedded demo on this
        // machine is served over plain http by default.
        let cookie_secure = flag("COOKIE_SECURE", matches!(upstream, Upstream::Vendor(_)))?;
        let allow_plaintext = flag("ALLOW_PLAINTEXT_SESSION_STORE", false)?;
        let session_store_url = store_url(
            "SESSION_STORE_URL",
            var("SESSION_STORE_URL").unwrap_or(d.session_store_url),
            &[StoreKind::Sqlite, StoreKind::Redis, StoreKind::Postgres],
            allow_plaintext,
        )?;
        let database_url = store_url(
            "DATABASE_URL",
            var("DATABASE_URL").unwrap_or(d.database_url),
            &[StoreKind::Sqlite, StoreKind::Postgres],
            allow_plaintext,
        )?;
        let idle_minutes = var("SESSION_IDLE_MINUTES")
            .map(parse("SESSION_IDLE_MINUTES", "a whole number of minutes"))
            .transpose()?;
        Ok(Self {
            site_addr,
            upstream,
            session_store_url,
            database_url,
            cookie_secure,
            session_idle: idle_minutes.map_or(d.session_idle, |m| Duration::from_secs(m * 60)),
            upstream_connect_timeout: secs(
                "UPSTREAM_CONNECT_TIMEOUT_SECS",
                d.upstream_connect_timeout,
            )?,
            upstream_timeout: secs("UPSTREAM_TIMEOUT_SECS", d.upstream_timeout)?,
            token_lifetime: secs("TOKEN_LIFETIME_SECS", d.token_lifetime)?,
            login_max_failures: var("LOGIN_MAX_FAILURES")
                .map(parse("LOGIN_MAX_FAILURES", "a whole number"))
                .transpose()?
                .map_or(d.login_max_failures, |n| n as usize),
            login_window: secs("LOGIN_WINDOW_SECS", d.login_window)?,
            worker_threads: match var("SERVER_THREADS") {
                None => d.worker_threads,
                Some(value) => match value.parse::<usize>() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        return Err(ConfigError {
                            name: "SERVER_THREADS",
                            value,
                            expected: "a whole number of threads, at least 1",
                        })
                    }
                },
            },
            render_timeout: secs("RENDER_TIMEOUT_SECS", d.render_timeout)?,
            header_read_timeout: secs("HEADER_READ_TIMEOUT_SECS", d.header_read_timeout)?,
            request_body_timeout: secs("REQUEST_BODY_TIMEOUT_SECS", d.request_body_timeout)?,
            request_timeout: secs("REQUEST_TIMEOUT_SECS", d.request_timeout)?,
            embedded_sim_addr,
            embedded_sim_secret: var("EMBEDDED_SIM_SECRET"),
            allow_demo_on_network,
            allowed_hosts: var("ALLOWED_HOSTS")
                .map(|list| {
                    list.split(',')
                        .map(|h| h.trim().to_ascii_lowercase())
                        .filter(|h| !h.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            trusted_proxies: TrustedProxies::new(
                match var("TRUSTED_PROXIES") {
                    None => Vec::new(),
                    Some(list) => TrustedProxies::parse_list(&list).map_err(|_| ConfigError {
                        name: "TRUSTED_PROXIES",
                        value: list.clone(),
                        expected: "comma-separated addresses or ranges such as \
                                   10.0.0.2,10.1.0.0/16",
                    })?,
                },
                match var("FORWARDED_HEADER") {
                    None => ForwardedHeader::default(),
                    Some(value) => ForwardedHeader::parse(&value).ok_or(ConfigError {
                        name: "FORWARDED_HEADER",
                        value,
                        expected: "X-Forwarded-For or Forwarded",
                    })?,
                },
            ),
            session_store_ca_file: var("SESSION_STORE_CA_FILE").map(Into::into),
            upload_max_mb: match var("UPLOAD_MAX_MB") {
                None => d.upload_max_mb,
                Some(value) => match value.parse::<u64>() {
                    Ok(mb) if (1..=d.upload_max_mb).contains(&mb) => mb,
                    _ => {
                        return Err(ConfigError {
                            name: "UPLOAD_MAX_MB",
                            value,
                            expected: "a whole number of MB from 1 to 10 (the call center's limit)",
                        })
                    }
                },
            },
            upload_timeout: secs("UPLOAD_TIMEOUT_SECS", d.upload_timeout)?,
            recordings_url_template: match var("RECORDINGS_URL_TEMPLATE") {
                None => None,
                Some(t)
                    if t.contains("{recording_file}")
                        && is_safe_vendor_url(&t.replace("{recording_file}", "x")) =>
                {
                    Some(t)
                }
                Some(value) => {
                    return Err(ConfigError {
                        name: "RECORDINGS_URL_TEMPLATE",
                        value: redact_url(&value),
                        expected: "an https:// URL with {recording_file} in it, such as \
                                   https://recordings.example.com/{recording_file}",
                    })
                }
            },
        })
    }
}

/// `https://`, or `http://` to a loopback address (the simulator on this machine).
fn is_safe_vendor_url(value: &str) -> bool {
    let Ok(url) = url::Url::parse(value) else {
        return false;
    };
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Domain(name))) => name.eq_ignore_ascii_case("localhost"),
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

/// The stores a URL can name (`SESSION_STORE_URL`, `DATABASE_URL`), told apart by its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// `sqlite://path` (or `sqlite:path`): a file on this machine.
    Sqlite,
    /// `redis://` or `rediss://` (TLS).
    Redis,
    /// `postgres://` or `postgresql://`.
    Postgres,
}

impl StoreKind {
    /// The store `url` names; `None` for a scheme the console does not handle (a MySQL URL,
    /// say, which SQLite would otherwise take for a file name).
    pub fn of(url: &str) -> Option<Self> {
        match url.split_once(':')?.0.to_ascii_lowercase().as_str() {
            "sqlite" => Some(StoreKind::Sqlite),
            "redis" | "rediss" => Some(StoreKind::Redis),
            "postgres" | "postgresql" => Some(StoreKind::Postgres),
            _ => None,
        }
    }
}

/// Checks that `url` names one of the `allowed` stores and, unless the operator allows it, that
/// a store on another machine is reached over TLS: sessions hold vendor tokens, and the console
/// database who changed what.
fn store_url(
    name: &'static str,
    url: String,
    allowed: &[StoreKind],
    allow_plaintext: bool,
) -> Result<String, ConfigError> {
    let refuse = |expected| ConfigError {
        name,
        value: redact_url(&url),
        expected,
    };
    let kind = StoreKind::of(&url).filter(|kind| allowed.contains(kind));
    let Some(kind) = kind else {
        return Err(refuse(if allowed.contains(&StoreKind::Redis) {
            "sqlite://path/to/file.db, postgres://user@host/db, rediss://host:port, or \
             redis://127.0.0.1:port on this machine"
        } else {
            "sqlite://path/to/file.db or postgres://user@host/db"
        }));
    };
    if !allow_plaintext && is_remote_in_clear(kind, &url) {
        return Err(refuse(if kind == StoreKind::Redis {
            "rediss:// (TLS) for a Redis on another machine: sessions hold vendor tokens; plain \
             redis:// only for this machine, or with ALLOW_PLAINTEXT_SESSION_STORE=true on a \
             network you trust"
        } else {
            "sslmode=verify-full (or require) for a PostgreSQL on another machine: it holds \
             vendor tokens or who changed what; a plain connection only to this machine, or \
             with ALLOW_PLAINTEXT_SESSION_STORE=true on a network you trust"
        }));
    }
    Ok(url)
}

/// A Redis or PostgreSQL URL whose host is not this machine and whose connection would not be
/// encrypted: its commands would cross a network in clear.
fn is_remote_in_clear(kind: StoreKind, value: &str) -> bool {
    let Ok(url) = url::Url::parse(value) else {
        return false;
    };
    let encrypted = match kind {
        StoreKind::Sqlite => return false,
        StoreKind::Redis => url.scheme() == "rediss",
        // Without `sslmode` a PostgreSQL client falls back to a plain connection.
        StoreKind::Postgres => url.query_pairs().any(|(k, v)| {
            k == "sslmode" && matches!(v.as_ref(), "require" | "verify-ca" | "verify-full")
        }),
    };
    let remote = match url.host() {
        // `redis:` and `postgres:` are not schemes the URL standard knows, so their IPv4 hosts
        // stay names.
        Some(url::Host::Domain(name)) => {
            !name.eq_ignore_ascii_case("localhost")
                && !name
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        Some(url::Host::Ipv4(ip)) => !ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        // No host is the client's default, this machine (or its local socket).
        None => false,
    };
    remote && !encrypted
}

/// Hides `user:password@` in a URL before it is logged.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

impl std::fmt::Display for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let upstream = match &self.upstream {
            Upstream::Vendor(url) => redact_url(url),
            Upstream::EmbeddedSim => "embedded simulator".to_owned(),
        };
        write!(
            f,
            "site_addr={} upstream={} session_store={} database={} cookie_secure={} session_idle={}s \
             upstream_timeouts={}s/{}s token_lifetime={}s login_limit={} per {}s threads={} \
             render_timeout={}s allowed_hosts={:?} trusted_proxies={:?} upload_max={}MB \
             recordings={}",
            self.site_addr,
            upstream,
            redact_url(&self.session_store_url),
            redact_url(&self.database_url),
            self.cookie_secure,
            self.session_idle.as_secs(),
            self.upstream_connect_timeout.as_secs(),
            self.upstream_timeout.as_secs(),
            self.token_lifetime.as_secs(),
            self.login_max_failures,
            self.login_window.as_secs(),
            self.worker_threads,
            self.render_timeout.as_secs(),
            self.allowed_hosts,
            self.trusted_proxies,
            self.upload_max_mb,
            self.recordings_url_template
                .as_deref()
                .map_or_else(|| "-".to_owned(), redact_url),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn nothing_set_means_the_embedded_simulator_on_localhost() {
        let c = config(&[]).unwrap();
        assert_eq!(c.upstream, Upstream::EmbeddedSim);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert!(!c.cookie_secure);
    }

    #[test]
    fn upload_limits_and_the_recordings_address_are_checked() {
        let c = config(&[]).unwrap();
        assert_eq!((c.upload_max_mb, c.recordings_url_template), (10, None));
        let c = config(&[
            ("UPLOAD_MAX_MB", "2"),
            (
                "RECORDINGS_URL_TEMPLATE",
                "https://rec.example.com/a/{recording_file}",
            ),
        ])
        .unwrap();
        assert_eq!(c.upload_max_mb, 2);
        assert!(config(&[("UPLOAD_MAX_MB", "11")]).is_err());
        assert!(config(&[("UPLOAD_MAX_MB", "0")]).is_err());
        assert!(config(&[("RECORDINGS_URL_TEMPLATE", "https://rec.example.com/")]).is_err());
        assert!(config(&[(
            "RECORDINGS_URL_TEMPLATE",
            "http://rec.example.com/{recording_file}"
        )])
        .is_err());
    }

    #[test]
    fn variables_override_the_defaults() {
        let c = config(&[
            ("CALLCENTER_URL", "https://public-v1-stg.omicall.com"),
            ("COOKIE_SECURE", "true"),
            ("SESSION_IDLE_MINUTES", "10"),
            ("UPSTREAM_TIMEOUT_SECS", "3"),
            ("SERVER_THREADS", "3"),
            ("RENDER_TIMEOUT_SECS", "20"),
        ])
        .unwrap();
        assert_eq!(c.worker_threads, 3);
        assert_eq!(c.render_timeout, Duration::from_secs(20));
        assert_eq!(
            c.upstream,
            Upstream::Vendor("https://public-v1-stg.omicall.com".into())
        );
        assert!(c.cookie_secure);
        assert_eq!(c.session_idle, Duration::from_secs(600));
        assert_eq!(c.upstream_timeout, Duration::from_secs(3));
    }

    #[test]
    fn a_bad_value_is_named_in_the_error() {
        let err = config(&[("UPSTREAM_TIMEOUT_SECS", "soon")]).unwrap_err();
        assert!(err.to_string().contains("UPSTREAM_TIMEOUT_SECS"), "{err}");
        assert!(config(&[("CALLCENTER_URL", "ftp://x")]).is_err());
        assert!(config(&[("COOKIE_SECURE", "maybe")]).is_err());
        assert!(config(&[("SERVER_THREADS", "0")]).is_err());
    }

    #[test]
    fn the_vendor_is_reached_over_https_unless_it_is_on_this_machine() {
        for ok in [
            "https://public-v1-stg.omicall.com",
            "http://127.0.0.1:8787",
            "http://localhost:8787",
            "http://[::1]:8787",
        ] {
            assert!(config(&[("CALLCENTER_URL", ok)]).is_ok(), "{ok}");
        }
        let err = config(&[("CALLCENTER_URL", "http://public-v1-stg.omicall.com")]).unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
        assert!(config(&[("CALLCENTER_URL", "http://10.0.0.5")]).is_err());
    }

    #[test]
    fn the_cookie_is_secure_by_default_for_a_real_vendor_only() {
        assert!(!config(&[]).unwrap().cookie_secure);
        let vendor = config(&[("CALLCENTER_URL", "https://public-v1-stg.omicall.com")]).unwrap();
        assert!(vendor.cookie_secure);
        let local = config(&[
            ("CALLCENTER_URL", "https://public-v1-stg.omicall.com"),
            ("COOKIE_SECURE", "false"),
        ])
        .unwrap();
        assert!(!local.cookie_secure);
    }

    #[test]
    fn the_demo_stays_on_this_machine_unless_the_operator_says_otherwise() {
        let err = config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).unwrap_err();
        assert!(err.to_string().contains("ALLOW_DEMO_ON_NETWORK"), "{err}");
        assert!(config(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
            ("ALLOW_DEMO_ON_NETWORK", "true")
        ])
        .is_ok());
        assert!(config(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
            ("CALLCENTER_URL", "https://public-v1-stg.omicall.com")
        ])
        .is_ok());
        assert!(config(&[("EMBEDDED_SIM_ADDR", "0.0.0.0:8787")]).is_err());
    }

    #[test]
    fn secrets_and_credentials_never_show() {
        let c = config(&[
            ("EMBEDDED_SIM_SECRET", "sim-secret-value"),
            ("SESSION_STORE_URL", "rediss://user:hunter2@redis:6379"),
        ])
        .unwrap();
        for shown in [c.to_string(), format!("{c:?}")] {
            assert!(!shown.contains("sim-secret-value"), "{shown}");
            assert!(!shown.contains("hunter2"), "{shown}");
        }
        let err = config(&[("CALLCENTER_URL", "http://admin:hunter2@vendor.example")]).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn credentials_in_urls_are_not_logged() {
        let c = config(&[("SESSION_STORE_URL", "rediss://admin:hunter2@db:6380")]).unwrap();
        let shown = c.to_string();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("rediss://***@db:6380"), "{shown}");
    }

    #[test]
    fn a_store_url_of_a_scheme_the_console_does_not_handle_is_refused() {
        for (name, url) in [
            ("SESSION_STORE_URL", "mysql://db/console"),
            ("SESSION_STORE_URL", "data/sessions.db"),
            ("DATABASE_URL", "redis://127.0.0.1:6379"),
            ("DATABASE_URL", "data/console.db"),
        ] {
            let err = config(&[(name, url)]).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
        }
        for url in [
            "sqlite://data/s.db",
            "sqlite:s.db",
            "redis://127.0.0.1:6379",
            "postgres://console@127.0.0.1:5432/postgres",
            "postgresql://console@localhost/console",
        ] {
            assert!(config(&[("SESSION_STORE_URL", url)]).is_ok(), "{url}");
        }
        for url in ["sqlite://data/c.db", "postgres://console@127.0.0.1/console"] {
            assert!(config(&[("DATABASE_URL", url)]).is_ok(), "{url}");
        }
    }

    #[test]
    fn plain_redis_is_for_this_machine_unless_the_operator_says_otherwise() {
        let remote = ("SESSION_STORE_URL", "redis://:hunter2@10.0.0.9:6379");
        let err = config(&[remote]).unwrap_err().to_string();
        assert!(err.contains("ALLOW_PLAINTEXT_SESSION_STORE"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        assert!(config(&[remote, ("ALLOW_PLAINTEXT_SESSION_STORE", "true")]).is_ok());
        for ok in [
            "redis://127.0.0.1:6379",
            "redis://localhost:6379",
            "redis://[::1]:6379",
            "rediss://redis.internal:6380",
        ] {
            assert!(config(&[("SESSION_STORE_URL", ok)]).is_ok(), "{ok}");
        }
        let remote_pg = "postgres://console:hunter2@db.internal/console";
        for name in ["SESSION_STORE_URL", "DATABASE_URL"] {
            let err = config(&[(name, remote_pg)]).unwrap_err().to_string();
            assert!(err.contains("sslmode"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");
            let encrypted = format!("{remote_pg}?sslmode=verify-full");
            assert!(config(&[(name, &encrypted)]).is_ok(), "{name}");
            assert!(config(&[(name, "postgres://console@127.0.0.1/console")]).is_ok());
        }
    }

    #[test]
    fn proxies_are_addresses_or_ranges_and_their_header_is_named() {
        let c = config(&[
            ("TRUSTED_PROXIES", "10.0.0.2, 192.168.0.0/16, ::1"),
            ("FORWARDED_HEADER", "Forwarded"),
        ])
        .unwrap();
        assert_eq!(c.trusted_proxies.header(), ForwardedHeader::Forwarded);
        assert_eq!(
            config(&[]).unwrap().trusted_proxies.header(),
            ForwardedHeader::XForwardedFor
        );
        let err = config(&[("TRUSTED_PROXIES", "10.0.0.2, proxy.local")]).unwrap_err();
        assert!(err.to_string().contains("TRUSTED_PROXIES"), "{err}");
        assert!(config(&[("FORWARDED_HEADER", "X-Real-IP")]).is_err());
    }
}
