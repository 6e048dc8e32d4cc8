//! Accepting connections and serving them with hyper. Hand-written instead of `axum::serve`
//! because that gives hyper no timer: hyper's header-read timeout then never applies, and a
//! client sending its headers a byte at a time holds a connection for as long as it likes.
//!
//! hyper bounds the header read of HTTP/1 only. An HTTP/2 stream whose headers never end is
//! never handed to the service, so the same bound is kept here for every connection: one with
//! no request in flight for the header-read time is closed (nothing under way is lost).

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Serves `router` on `listener` until `stop` completes, then lets the requests under way finish.
/// Every request carries the peer's address as axum's `ConnectInfo`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: pause rather than spin.
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let activity = Activity::new();
        let busy = activity.clone();
        let service = router
            .clone()
            .map_request(move |mut request: axum::http::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(Body::new)
            })
            .map_future(move |answer| {
                let busy = busy.begin();
                async move {
                    // In flight until the answer's body has been sent (or dropped).
                    answer.await.map(|response: axum::response::Response| {
                        response.map(|body| {
                            Body::new(body.map_frame(move |frame| {
                                let _in_flight = &busy;
                                frame
                            }))
                        })
                    })
                }
            });
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let mut builder = auto::Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            let connection =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            tokio::select! {
                ended = watcher.watch(connection) => if let Err(err) = ended {
                    tracing::debug!(error = %err, "a connection ended with an error");
                },
                () = activity.idle_past(header_read_timeout) => {
                    tracing::debug!("closed a connection idle past the header-read time");
                }
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Requests in flight on one connection, and since when it has had none.
#[derive(Clone)]
struct Activity(Arc<ActivityState>);

struct ActivityState {
    in_flight: AtomicUsize,
    idle_since: Mutex<Instant>,
}

/// One request in flight, until dropped.
struct InFlight(Activity);

impl Activity {
    fn new() -> Self {
        Activity(Arc::new(ActivityState {
            in_flight: AtomicUsize::new(0),
            idle_since: Mutex::new(Instant::now()),
        }))
    }

    fn begin(&self) -> InFlight {
        self.0.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.clone())
    }

    /// How long the connection has had nothing in flight; `None` while a request is.
    fn idle_for(&self) -> Option<Duration> {
        let since = *self
            .0
            .idle_since
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        (self.0.in_flight.load(Ordering::SeqCst) == 0).then(|| since.elapsed())
    }

    /// Completes once the connection has been idle for `limit`.
    async fn idle_past(&self, limit: Duration) {
        loop {
            let wait = match self.idle_for() {
                Some(idle) if idle >= limit => return,
                Some(idle) => limit - idle,
                None => limit,
            };
            tokio::time::sleep(wait).await;
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let state = &self.0 .0;
        // The time is set before the count drops, so a watchdog that sees no request in flight
        // never reads an idle time from before the request.
        *state
            .idle_since
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
        state.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
