//! Request and response rules that hold for every route: cross-site writes are refused, and
//! every answer carries the security headers.

use crate::failure::Failure;
use app::csp::content_security_policy;
use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a state-changing request comes from a page of this site. Browsers send
/// `Sec-Fetch-Site`, or at least `Origin`, with every cross-site POST: whichever is present must
/// say "this site". A request with neither is not from a browser page, and is refused unless it
/// carries the header only the console's own scripts send (a cross-site page cannot add it
/// without a CORS preflight, which the console never grants).
fn is_same_origin(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site");
    let origin = headers.get(header::ORIGIN);
    if site.is_none() && origin.is_none() {
        return headers.contains_key(app::urls::OWN_REQUEST_HEADER);
    }
    let site_ok = site.is_none_or(|site| matches!(site.to_str(), Ok("same-origin" | "none")));
    site_ok && origin.is_none_or(|origin| origin_matches_host(origin, headers))
}

/// `Origin`'s authority is the `Host` the request was sent to (`null` never is).
fn origin_matches_host(origin: &HeaderValue, headers: &HeaderMap) -> bool {
    let (Ok(origin), Some(Ok(host))) = (
        origin.to_str(),
        headers.get(header::HOST).map(|h| h.to_str()),
    ) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

/// Refuses cross-site requests that could change state, whatever their content type.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !is_same_origin(request.headers()) {
        tracing::warn!(method = %request.method(), path = request.uri().path(), "refused a cross-site request");
        return Failure::Error(AppError::Forbidden).mark();
    }
    next.run(request).await
}

/// The `Host` values the console answers to: its listen address, `localhost` and `127.0.0.1` on
/// its port, and the names the operator lists (`ALLOWED_HOSTS`). A page reached through any
/// other name is refused, so a DNS-rebinding page (which sends its own name as `Host`, and as
/// `Origin`) cannot pass the same-origin check.
#[derive(Clone)]
pub struct AllowedHosts(std::sync::Arc<Vec<String>>);

impl AllowedHosts {
    pub fn new(addr: std::net::SocketAddr, extra: &[String]) -> Self {
        let port = addr.port();
        let mut hosts = vec![
            addr.to_string(),
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
        ];
        hosts.extend(extra.iter().map(|h| h.to_ascii_lowercase()));
        AllowedHosts(std::sync::Arc::new(hosts))
    }

    /// An entry without a port allows that name on any port (a proxy may or may not pass it).
    fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let name = without_port(&host);
        self.0
            .iter()
            .any(|allowed| *allowed == host || *allowed == name)
    }
}

fn without_port(host: &str) -> &str {
    if let Some(end) = host.find(']') {
        return &host[..=end];
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Refuses a request for a host the console does not serve: 421 Misdirected Request.
pub async fn refuse_unknown_hosts(
    State(hosts): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    match host {
        Some(host) if hosts.allows(&host) => next.run(request).await,
        host => {
            tracing::warn!(
                ?host,
                "refused a request for a host this console does not serve"
            );
            (StatusCode::MISDIRECTED_REQUEST, "unknown host").into_response()
        }
    }
}

/// What the headers depend on.
#[derive(Clone, Copy)]
pub struct HeaderPolicy {
    /// `/pkg` files carry a content hash in their names, so they may be cached for good.
    pub hashed_assets: bool,
    /// Served over HTTPS (`COOKIE_SECURE`): browsers are told to keep to it.
    pub https: bool,
}

/// The nonce a page's inline scripts carry, minted for each request before it is rendered.
///
/// The policy header is written here from the same value, not by the page through Leptos'
/// `ResponseOptions`: under a browser's navigations that header was sometimes missing from
/// the answer while the page's scripts carried their nonce, so the browser refused every inline
/// script and the page never hydrated (about one load in 70 of a lazy route).
#[derive(Clone)]
pub struct PageNonce(pub leptos::nonce::Nonce);

impl PageNonce {
    /// The request's nonce, for the page render to use (see [`PageNonce`]).
    pub fn of(parts: &axum::http::request::Parts) -> Option<leptos::nonce::Nonce> {
        parts.extensions.get::<PageNonce>().map(|n| n.0.clone())
    }
}

/// Adds the security headers, and the cache policy: hashed assets for a year, everything else
/// (pages and server-function answers carry tenant data) never stored.
pub async fn security_headers(
    State(policy): State<HeaderPolicy>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    let is_asset = request.uri().path().starts_with("/pkg/");
    let nonce = leptos::nonce::Nonce::new();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let nonce = nonce.to_string();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&content_security_policy(is_page.then_some(nonce.as_str())))
            .unwrap_or(HeaderValue::from_static("default-src 'self'")),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let cache = match (is_asset, policy.hashed_assets) {
        (true, true) => "public, max-age=31536000, immutable",
        (true, false) => "no-cache",
        (false, _) => "no-store",
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                header::HeaderName::from_bytes(k.as_bytes()).expect("a header name"),
                HeaderValue::from_static(v),
            );
        }
        map
    }

    #[test]
    fn every_combination_of_origin_and_fetch_metadata() {
        let origins: [Option<&'static str>; 4] = [
            Some("http://127.0.0.1:3000"),
            None,
            Some("null"),
            Some("http://evil.example"),
        ];
        let sites: [Option<&'static str>; 3] = [Some("same-origin"), None, Some("cross-site")];
        for origin in origins {
            for site in sites {
                let mut pairs = vec![("host", "127.0.0.1:3000")];
                pairs.extend(origin.map(|o| ("origin", o)));
                pairs.extend(site.map(|s| ("sec-fetch-site", s)));
                let expected = match (origin, site) {
                    (None, None) => false,
                    (Some(o), _) if o != "http://127.0.0.1:3000" => false,
                    (_, Some("cross-site")) => false,
                    _ => true,
                };
                assert_eq!(
                    is_same_origin(&headers(&pairs)),
                    expected,
                    "origin {origin:?}, sec-fetch-site {site:?}"
                );
            }
        }
        assert!(!is_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
    }

    #[test]
    fn the_consoles_own_header_stands_in_for_a_browsers_only_when_they_are_absent() {
        let own = app::urls::OWN_REQUEST_HEADER;
        assert!(is_same_origin(&headers(&[(own, "1")])));
        assert!(!is_same_origin(&headers(&[
            (own, "1"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!is_same_origin(&headers(&[
            (own, "1"),
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn only_the_consoles_own_hosts_are_served() {
        let hosts = AllowedHosts::new(
            "127.0.0.1:3000".parse().expect("an address"),
            &["console.example.com".to_owned()],
        );
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "console.example.com",
            "console.example.com:443",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:3000",
            "127.0.0.1:3001",
            "localhost",
            "rebind.evil",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }
}
