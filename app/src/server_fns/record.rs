//! The one road for a call that changes something at the vendor: [`Recorder::call`] appends the
//! change to the activity log before the call and how it ended after it. A change the log cannot
//! take is not made, so that nothing is changed unrecorded.

use crate::error::AppError;
use crate::session::UserSession;
use crate::state::ActivityStore;
use crate::wire::activity::{Area, Change, Kind, Outcome};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;

/// What a call is about to change.
#[derive(Debug, Clone)]
pub struct Asked {
    area: Area,
    kind: Kind,
    object_id: String,
    object_name: String,
    before: Value,
    after: Value,
}

impl Asked {
    pub fn new(area: Area, kind: Kind, id: &str, name: &str) -> Self {
        Self {
            area,
            kind,
            object_id: id.to_owned(),
            object_name: name.to_owned(),
            before: Value::Null,
            after: Value::Null,
        }
    }

    /// The object as the vendor holds it now, when it is known.
    pub fn before<'a, T: Serialize + 'a>(mut self, held: impl Into<Option<&'a T>>) -> Self {
        if let Some(held) = held.into() {
            self.before = kept(held);
        }
        self
    }

    /// What the call asks the object to become, when it says.
    pub fn after<'a, T: Serialize + 'a>(mut self, asked: impl Into<Option<&'a T>>) -> Self {
        if let Some(asked) = asked.into() {
            self.after = kept(asked);
        }
        self
    }
}

/// `value` as the log keeps it: JSON with every secret taken out, whatever the vendor's model
/// holds (an extension's SIP account carries its password).
fn kept(value: &impl Serialize) -> Value {
    let mut value = serde_json::to_value(value).unwrap_or(Value::Null);
    redact(&mut value);
    value
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| {
                let key = key.to_ascii_lowercase();
                !["password", "secret", "token", "api_key", "apikey"]
                    .iter()
                    .any(|word| key.contains(word))
            });
            map.values_mut().for_each(redact);
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// What the vendor's answer says of the object: its id once made, and how it is held now.
pub trait Answered {
    fn made_id(&self) -> Option<&str> {
        None
    }
    fn held(&self) -> Value {
        Value::Null
    }
}

impl Answered for () {}

impl Answered for omicall::models::RingGroup {
    fn made_id(&self) -> Option<&str> {
        Some(&self.id)
    }
    fn held(&self) -> Value {
        kept(self)
    }
}

impl Answered for omicall::models::IvrMenu {
    fn made_id(&self) -> Option<&str> {
        Some(&self.id)
    }
    fn held(&self) -> Value {
        kept(self)
    }
}

impl Answered for omicall::models::Greeting {
    fn made_id(&self) -> Option<&str> {
        Some(&self.id)
    }
    fn held(&self) -> Value {
        kept(self)
    }
}

/// Who is changing things, for the log: taken from the request once, then usable after it (a
/// flow save runs on after the browser has gone).
#[derive(Clone)]
pub struct Recorder {
    store: Arc<dyn ActivityStore>,
    tenant: String,
    person: String,
    client_addr: String,
    session_digest: String,
}

impl Recorder {
    /// For the request being served.
    pub async fn current() -> Result<Self, AppError> {
        // Context is read before the first await, while the request's owner is surely current.
        let state = crate::server_fns::support::console()?;
        let session = UserSession::current().await?;
        let addr = crate::server_fns::support::client_addr(&state.trusted_proxies).await;
        Self::of(state.activity.clone(), &session, addr).await
    }

    /// For `session`, from `addr`: what a route outside Leptos uses.
    pub async fn of(
        store: Arc<dyn ActivityStore>,
        session: &UserSession,
        addr: std::net::IpAddr,
    ) -> Result<Self, AppError> {
        Ok(Self {
            store,
            tenant: session.tenant_key().await?,
            person: session.tenant().await?.person,
            client_addr: addr.to_string(),
            session_digest: session.digest(),
        })
    }

    /// The name the person gave at login.
    pub fn person(&self) -> &str {
        &self.person
    }

    /// Makes `call`, recorded: the change is appended first (no call is made when it cannot be),
    /// then how it ended. A call whose answer never came (a timeout, a lost connection) stays
    /// "outcome unknown": it may have been made.
    pub async fn call<T, Fut>(&self, asked: Asked, call: Fut) -> Result<T, AppError>
    where
        T: Answered,
        Fut: Future<Output = Result<T, omicall::Error>>,
    {
        let mut change = Change {
            person: self.person.clone(),
            client_addr: self.client_addr.clone(),
            session_digest: self.session_digest.clone(),
            area: asked.area.as_str().to_owned(),
            kind: asked.kind.as_str().to_owned(),
            object_id: asked.object_id,
            object_name: asked.object_name,
            before: asked.before,
            after: asked.after,
        };
        let begun = self.store.begin(&self.tenant, &change).await?;
        let answer = call.await;
        let outcome = match &answer {
            Ok(answered) => {
                if let Some(id) = answered.made_id() {
                    change.object_id = id.to_owned();
                }
                let held = answered.held();
                if !held.is_null() {
                    change.after = held;
                }
                Some(Outcome::Done)
            }
            Err(err) => refusal(err).map(Outcome::Refused),
        };
        if let Some(outcome) = outcome {
            if let Err(error) = self
                .store
                .finish(&self.tenant, begun, &change, &outcome)
                .await
            {
                // The call is made: its answer stands, and the log says "outcome unknown".
                tracing::warn!(%error, begun, "a change's outcome was not recorded");
            }
        }
        answer.map_err(AppError::from)
    }
}

/// The vendor's words when it answered and refused; `None` when no answer says what happened.
fn refusal(err: &omicall::Error) -> Option<String> {
    use omicall::Error;
    match err {
        Error::Rejected { message, .. } => Some(message.clone()),
        // Refused before anything was sent, or turned away at the door.
        Error::Invalid(_) | Error::Unauthorized { .. } => Some(err.to_string()),
        Error::Status { status, .. } if (400..500).contains(status) => Some(err.to_string()),
        // A server error, a timeout, a lost connection, an answer that does not read: the
        // change may or may not have been made.
        Error::Status { .. }
        | Error::Timeout { .. }
        | Error::Connect { .. }
        | Error::Decode { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_answer_that_refuses_settles_a_failed_call() {
        use omicall::Error;
        let refused = Error::Rejected {
            endpoint: "internal_group/add",
            message: "Tên nhóm đã tồn tại".to_owned(),
        };
        assert_eq!(refusal(&refused).as_deref(), Some("Tên nhóm đã tồn tại"));
        let unanswered = [
            Error::Timeout {
                endpoint: "internal_group/add",
            },
            Error::Status {
                endpoint: "internal_group/add",
                status: 502,
            },
        ];
        for err in &unanswered {
            assert_eq!(refusal(err), None, "{err}");
        }
        let turned_away = Error::Status {
            endpoint: "internal_group/add",
            status: 404,
        };
        assert!(refusal(&turned_away).is_some());
    }

    #[test]
    fn secrets_never_reach_the_log_however_deep() {
        let held = serde_json::json!({
            "full_name": "Lan",
            "pbx_account": { "sip_user": "101", "sip_password": "s3cret" },
            "tokens": [{ "access_token": "t" }],
        });
        let kept = kept(&held);
        let text = kept.to_string();
        assert!(
            !text.contains("s3cret") && !text.contains("\"t\""),
            "{text}"
        );
        assert_eq!(kept["pbx_account"]["sip_user"], "101");
    }
}
