//! The console's server: configuration, sessions, security middleware, the Leptos routes, and the
//! embedded simulator when no vendor URL is configured.

pub mod activity;
mod activity_export;
mod audio;
mod compression;
pub mod config;
pub mod console_db;
pub mod embedded_sim;
mod failure;
mod greetings;
pub mod layouts;
mod listener;
mod postgres;
mod private_file;
mod redis;
mod render_guard;
mod security;
mod server_fns;
mod session_record;
pub mod sessions;
mod store_health;
mod timing;
pub mod versions;

use app::state::{ConsoleState, Recordings};
use axum::Router;
use config::{Config, Upstream};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the session store could not be opened: {0}")]
    SessionStore(String),
    #[error("the console database could not be opened: {0}")]
    Database(String),
    #[error("the call-center client could not be set up: {0}")]
    Client(#[from] omicall::ClientBuildError),
    #[error("the embedded simulator could not start: {0}")]
    Sim(#[from] sim::SimError),
    #[error("no secret could be made for the embedded simulator: {0}")]
    SimSecret(String),
    #[error("Leptos configuration: {0}")]
    Leptos(String),
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// The runtime the console is served on: tokio's multi-threaded one, a worker per configured
/// thread. `main` and the tests both build it here, so the tests meet the server's scheduling.
pub fn runtime(config: &Config) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.worker_threads)
        .enable_all()
        .build()
}

/// A bound, ready server.
pub struct Console {
    pub addr: SocketAddr,
    /// The embedded simulator, when used (tests turn its fault knobs).
    pub sim: Option<embedded_sim::EmbeddedSim>,
    listener: tokio::net::TcpListener,
    router: Router,
    header_read_timeout: std::time::Duration,
}

fn leptos_options(site_addr: SocketAddr) -> Result<LeptosOptions, StartError> {
    // cargo-leptos sets LEPTOS_* for the binary it runs; tests and a bare `cargo run` do not.
    if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        get_configuration(None)
            .map(|conf| conf.leptos_options)
            .map_err(|e| StartError::Leptos(e.to_string()))
    } else {
        Ok(LeptosOptions::builder()
            .output_name("console")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .site_addr(site_addr)
            .build())
    }
}

impl Console {
    /// Binds the listener and builds every route; nothing is served until [`Console::serve`].
    pub async fn bind(config: Config) -> Result<Self, StartError> {
        tracing::info!(%config, "starting the console");
        let listener = tokio::net::TcpListener::bind(config.site_addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.site_addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(StartError::Serve)?;
        let mut options = leptos_options(addr)?;
        options.site_addr = addr;

        let (base_url, sim) = match &config.upstream {
            Upstream::Vendor(url) => (url.clone(), None),
            Upstream::EmbeddedSim => {
                let sim = embedded_sim::start(&config).await?;
                (sim.url.clone(), Some(sim))
            }
        };
        let client = omicall::Client::new(&omicall::ClientConfig {
            base_url,
            connect_timeout: config.upstream_connect_timeout,
            timeout: config.upstream_timeout,
            upload_timeout: config.upload_timeout,
            max_answer_bytes: omicall::DEFAULT_MAX_ANSWER_BYTES,
        })?;
        let (store, login_guard) = sessions::open(&config).await?;
        let store_health = store.health();
        let db = console_db::ConsoleDb::open(&config.database_url).await?;
        let recordings = match (&config.upstream, &config.recordings_url_template) {
            (_, Some(template)) => Recordings::Template(template.clone()),
            (Upstream::EmbeddedSim, None) => Recordings::Simulator,
            (Upstream::Vendor(_), None) => {
                // The page tells the admin only that listening is not set up; the operator
                // learns here which setting does it.
                tracing::warn!(
                    "greetings cannot be listened to: set RECORDINGS_URL_TEMPLATE to the \
                     tenant's recordings address (see the README)"
                );
                Recordings::Unavailable
            }
        };
        let upload_max_bytes = usize::try_from(config.upload_max_mb)
            .unwrap_or(usize::MAX)
            .saturating_mul(1024 * 1024);
        let audio_routes = audio::routes(audio::Audio::new(client.clone(), recordings.clone()));
        let activity: Arc<dyn app::state::ActivityStore> =
            Arc::new(activity::ActivityLog { db: db.clone() });
        let trusted_proxies: Arc<app::client_addr::TrustedProxies> =
            config.trusted_proxies.clone().into();
        let activity_store = activity.clone();
        let greeting_routes = greetings::routes(greetings::Greetings {
            activity: activity.clone(),
            trusted_proxies: trusted_proxies.clone(),
            client: client.clone(),
            recordings: recordings.clone(),
            max_bytes: upload_max_bytes,
            upload_timeout: config.upload_timeout,
            idle_timeout: config.request_body_timeout,
        });
        let state = ConsoleState {
            client,
            recordings,
            upload_max_bytes,
            layouts: Arc::new(layouts::DbLayouts {
                db: db.clone(),
                earlier: store.clone(),
            }),
            token_lifetime: config.token_lifetime,
            login_guard,
            trusted_proxies,
            activity,
            versions: Arc::new(versions::FlowVersions::new(db.clone())),
            cookie_secure: config.cookie_secure,
            demo_api_key: sim.is_some().then_some(sim::DEMO_API_KEY),
        };

        let routes = generate_route_list(app::App);
        let shell_options = options.clone();
        let context = move || {
            provide_context(state.clone());
            // The nonce the policy header names (set by `security::security_headers`).
            let nonce = use_context::<axum::http::request::Parts>()
                .as_ref()
                .and_then(security::PageNonce::of);
            provide_context(nonce.unwrap_or_default());
        };
        let router = Router::new()
            .leptos_routes_with_context(&options, routes, context.clone(), move || {
                app::shell(shell_options.clone())
            })
            .route_layer(axum::middleware::from_fn_with_state(
                render_guard::RenderLimit(config.render_timeout),
                render_guard::bound_render,
            ))
            .fallback(leptos_axum::file_and_error_handler_with_context(
                context,
                app::shell,
            ))
            .with_state(options.clone())
            .merge(greeting_routes)
            .merge(activity_export::routes(activity_store))
            .merge(audio_routes);
        // Innermost first: a request meets these from the bottom up. Failures are answered in the
        // user's language whatever raised them; statuses are set inside the session layer so that
        // tower-sessions saves what a failing request changed.
        let router = router
            .layer(axum::middleware::from_fn(sessions::require_login))
            .layer(axum::middleware::from_fn_with_state(
                sessions::Renewal::for_idle(config.session_idle),
                sessions::load_first,
            ))
            .layer(axum::middleware::from_fn(server_fns::error_status))
            .layer(sessions::layer(store, &config))
            .layer(axum::middleware::from_fn_with_state(
                sessions::CookieAttributes {
                    secure: config.cookie_secure,
                },
                sessions::complete_removal,
            ))
            .layer(axum::extract::DefaultBodyLimit::max(server_fns::BODY_LIMIT))
            .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
                config.request_body_timeout,
            ))
            .layer(axum::middleware::from_fn_with_state(
                server_fns::CallLimit(config.request_timeout),
                server_fns::bound_call,
            ))
            .layer(axum::middleware::from_fn(server_fns::limit_body))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                failure::panicked,
            ))
            .layer(axum::middleware::from_fn(security::refuse_cross_site))
            .layer(axum::middleware::from_fn_with_state(
                store_health,
                failure::answer_failures,
            ))
            .layer(axum::middleware::from_fn_with_state(
                security::AllowedHosts::new(addr, &config.allowed_hosts),
                security::refuse_unknown_hosts,
            ))
            .layer(axum::middleware::from_fn_with_state(
                security::HeaderPolicy {
                    hashed_assets: options.hash_files,
                    https: config.cookie_secure,
                },
                security::security_headers,
            ))
            .layer(axum::middleware::from_fn(timing::total_time))
            .layer(compression::layer());
        Ok(Self {
            addr,
            sim,
            listener,
            router,
            header_read_timeout: config.header_read_timeout,
        })
    }

    /// Serves until the process is asked to stop (Ctrl-C or SIGTERM), then finishes the requests
    /// under way: a load balancer can take an instance out without cutting a page short.
    pub async fn serve(self) -> Result<(), StartError> {
        self.serve_until(stop_signal()).await
    }

    /// Serves until `stop` completes.
    pub async fn serve_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        listener::serve(self.listener, self.router, self.header_read_timeout, stop).await;
        Ok(())
    }
}

async fn stop_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing the requests under way");
}
