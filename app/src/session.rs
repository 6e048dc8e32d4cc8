//! The typed session: the only code that knows the session's keys. It holds the vendor token and
//! what the UI shows about the tenant; never the API key.

use crate::error::AppError;
use crate::wire::auth::TenantView;
use crate::wire::greetings::UploadResult;
use omicall::AccessToken;
use serde::{Deserialize, Serialize};
use std::time::{SystemTime, UNIX_EPOCH};
use tower_sessions::Session;

const AUTH_KEY: &str = "auth";
/// Set when the vendor refused the token, so every request of the page says "expired" rather
/// than "not logged in", whichever of them notices first.
const EXPIRED_KEY: &str = "expired";

/// The plain upload form's result, until its page shows it.
const UPLOAD_RESULT_KEY: &str = "upload_result";

/// When activity last renewed the session's idle expiry, in Unix seconds.
const RENEWED_KEY: &str = "renewed";

/// What is stored. Private: the token leaves it only as an [`AccessToken`].
#[derive(Serialize, Deserialize)]
struct StoredAuth {
    token: String,
    /// Unix seconds at which the vendor token stops working.
    expires_at: u64,
    tenant: TenantView,
    /// Names the tenant for console data kept per tenant (the editor's layout): a digest of
    /// the API key, so that neither the key nor anything that reveals it is stored.
    #[serde(default)]
    tenant_key: String,
}

/// A request's session, taken from the request by [`UserSession::current`].
#[derive(Clone)]
pub struct UserSession(Session);

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl UserSession {
    pub fn new(session: Session) -> Self {
        Self(session)
    }

    /// The session of the request being served.
    pub async fn current() -> Result<Self, AppError> {
        leptos_axum::extract::<Session>()
            .await
            .map(Self)
            .map_err(|err| {
                tracing::error!(error = %err, "no session layer on this route");
                AppError::Internal
            })
    }

    /// Starts a fresh session (a new id: the pre-login id stops working) holding the token.
    pub async fn log_in(
        &self,
        token: &AccessToken,
        lifetime: std::time::Duration,
        tenant: TenantView,
        api_key: &omicall::ApiKey,
    ) -> Result<(), AppError> {
        use sha2::{Digest, Sha256};
        self.0.cycle_id().await?;
        self.0.remove::<bool>(EXPIRED_KEY).await?;
        let digest = Sha256::digest(format!("console-tenant:{}", api_key.expose()));
        let stored = StoredAuth {
            token: token.expose().to_owned(),
            expires_at: now_secs() + lifetime.as_secs(),
            tenant,
            tenant_key: digest.iter().map(|b| format!("{b:02x}")).collect(),
        };
        self.0.insert(AUTH_KEY, stored).await?;
        self.0.insert(RENEWED_KEY, now_secs()).await?;
        Ok(())
    }

    /// Keeps a logged-in session alive while it is used. tower-sessions renews an idle expiry
    /// only when it saves the session, and it saves only a changed one: so a request changes the
    /// renewal time once the last renewal is `every` old, sparing the store a write per request.
    pub async fn renew_if_due(&self, every: std::time::Duration) -> Result<(), AppError> {
        if self.0.get_value(AUTH_KEY).await?.is_none() {
            return Ok(());
        }
        let now = now_secs();
        let renewed = self.0.get::<u64>(RENEWED_KEY).await?.unwrap_or(0);
        if now.saturating_sub(renewed) >= every.as_secs().max(1) {
            self.0.insert(RENEWED_KEY, now).await?;
        }
        Ok(())
    }

    async fn stored(&self) -> Result<StoredAuth, AppError> {
        let Some(stored) = self.0.get::<StoredAuth>(AUTH_KEY).await? else {
            return Err(match self.0.get::<bool>(EXPIRED_KEY).await? {
                Some(true) => AppError::SessionExpired,
                _ => AppError::NotLoggedIn,
            });
        };
        if now_secs() >= stored.expires_at {
            return Err(self.expire().await);
        }
        Ok(stored)
    }

    /// Drops the token because it no longer works; the user is told the session expired.
    pub async fn expire(&self) -> AppError {
        let dropped = async {
            self.0.remove::<StoredAuth>(AUTH_KEY).await?;
            self.0.insert(EXPIRED_KEY, true).await
        };
        match dropped.await {
            Ok(()) => AppError::SessionExpired,
            Err(err) => AppError::from(err),
        }
    }

    /// The vendor token, while the session lasts.
    pub async fn token(&self) -> Result<AccessToken, AppError> {
        self.stored().await.map(|s| AccessToken::new(s.token))
    }

    /// The key of the tenant's console data ([`StoredAuth::tenant_key`]).
    pub async fn tenant_key(&self) -> Result<String, AppError> {
        self.stored().await.map(|s| s.tenant_key)
    }

    /// A short name of the tenant for what the browser keeps per tenant (the editor's draft in
    /// local storage): derived from [`Self::tenant_key`] one way again, so that it says
    /// nothing of the key, and short, since it only has to tell this browser's tenants apart.
    pub async fn browser_tag(&self) -> Result<String, AppError> {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("console-browser:{}", self.tenant_key().await?));
        Ok(digest.iter().take(8).map(|b| format!("{b:02x}")).collect())
    }

    /// A digest of this session's id, for the activity log: it tells one person's sessions
    /// apart and cannot be used as the cookie.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let id = self.0.id().map(|id| id.to_string()).unwrap_or_default();
        let digest = Sha256::digest(format!("console-session:{id}"));
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    /// What the UI shows about the tenant logged in.
    pub async fn tenant(&self) -> Result<TenantView, AppError> {
        self.stored().await.map(|s| s.tenant)
    }

    /// Keeps the plain upload form's result for the page the browser is sent back to.
    pub async fn put_upload_result(&self, result: &UploadResult) -> Result<(), AppError> {
        self.0.insert(UPLOAD_RESULT_KEY, result).await?;
        Ok(())
    }

    /// The upload result waiting for this page, removed so it shows once.
    pub async fn take_upload_result(&self) -> Result<Option<UploadResult>, AppError> {
        Ok(self.0.remove::<UploadResult>(UPLOAD_RESULT_KEY).await?)
    }

    /// Deletes the session from the store and clears its cookie.
    pub async fn log_out(&self) -> Result<(), AppError> {
        self.0.flush().await?;
        Ok(())
    }
}
