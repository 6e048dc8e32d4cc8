//! API keys, bearer tokens, and the check in front of every `/api/call_center` endpoint.

use crate::ids;
use crate::input::Params;
use crate::reply::{self, Refusal, TokenProblem};
use crate::Sim;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The tenant a request was authorised for: its API key.
#[derive(Debug, Clone)]
pub(crate) struct Caller(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or(Refusal::Token(TokenProblem::Missing))
    }
}

/// Issued tokens. Expired ones are kept for one more lifetime so that they are refused as
/// `token_expired` rather than `token_invalid`.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    grants: HashMap<String, Grant>,
}

#[derive(Debug)]
struct Grant {
    api_key: String,
    /// `None`: a lifetime too long to represent, i.e. never.
    expires: Option<Instant>,
}

impl Tokens {
    pub(crate) fn issue(&mut self, api_key: &str, ttl: Duration) -> String {
        let now = Instant::now();
        self.grants.retain(|_, grant| {
            grant
                .expires
                .and_then(|e| e.checked_add(ttl))
                .is_none_or(|forget_at| forget_at > now)
        });
        let token = ids::token(&mut fastrand::Rng::new());
        self.grants.insert(
            token.clone(),
            Grant {
                api_key: api_key.to_owned(),
                expires: now.checked_add(ttl),
            },
        );
        token
    }

    /// The API key a token was issued for.
    pub(crate) fn check(&self, token: &str) -> Result<String, TokenProblem> {
        let grant = self.grants.get(token).ok_or(TokenProblem::Invalid)?;
        match grant.expires {
            Some(expires) if Instant::now() >= expires => Err(TokenProblem::Expired),
            _ => Ok(grant.api_key.clone()),
        }
    }

    pub(crate) fn issued(&self) -> Vec<String> {
        self.grants.keys().cloned().collect()
    }

    pub(crate) fn expire_all(&mut self) {
        let now = Instant::now();
        for grant in self.grants.values_mut() {
            grant.expires = Some(grant.expires.map_or(now, |e| e.min(now)));
        }
    }
}

/// The payload of `/api/auth`. Local because omicall's `AuthGrant` is deliberately not
/// serialisable (it carries a secret).
#[derive(Debug, Serialize)]
struct AuthPayload {
    access_token: String,
    access_type: &'static str,
    token_type: &'static str,
}

/// `GET /api/auth?apiKey=`: a token for the key's tenant. Refusals are HTTP 200 envelopes, as
/// the vendor's are.
pub(crate) async fn grant(State(sim): State<Sim>, params: Params) -> Result<Response, Refusal> {
    let api_key = params.text("apiKey").ok_or(Refusal::ApiKeyRequired)?;
    let access_token = sim.issue_token(api_key)?;
    Ok(reply::ok(AuthPayload {
        access_token,
        access_type: "normal",
        token_type: "Bearer",
    }))
}

/// Middleware: a request without a live bearer token gets HTTP 401; otherwise the handler sees
/// its [`Caller`].
pub(crate) async fn require_token(
    State(sim): State<Sim>,
    mut request: Request,
    next: Next,
) -> Response {
    match bearer(request.headers()).and_then(|token| sim.check_token(token)) {
        Ok(api_key) => {
            request.extensions_mut().insert(Caller(api_key));
            next.run(request).await
        }
        Err(problem) => Refusal::Token(problem).into_response(),
    }
}

fn bearer(headers: &HeaderMap) -> Result<&str, TokenProblem> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(TokenProblem::Missing)?;
    let value = value.to_str().map_err(|_| TokenProblem::Invalid)?.trim();
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(TokenProblem::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_until_it_expires() {
        let mut tokens = Tokens::default();
        let token = tokens.issue("demo", Duration::from_secs(60));
        assert_eq!(tokens.check(&token), Ok("demo".to_owned()));
        assert_eq!(tokens.check("nope"), Err(TokenProblem::Invalid));
        tokens.expire_all();
        assert_eq!(tokens.check(&token), Err(TokenProblem::Expired));
    }

    #[test]
    fn an_enormous_lifetime_never_expires() {
        let mut tokens = Tokens::default();
        let token = tokens.issue("demo", Duration::MAX);
        assert_eq!(tokens.check(&token), Ok("demo".to_owned()));
    }

    #[test]
    fn only_bearer_authorization_is_read() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), Err(TokenProblem::Missing));
        headers.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&headers), Err(TokenProblem::Invalid));
        headers.insert(header::AUTHORIZATION, "bearer  abc ".parse().unwrap());
        assert_eq!(bearer(&headers), Ok("abc"));
    }
}
