//! The two credentials of the API. Neither is `Serialize`, and `Debug` shows neither, so a secret
//! cannot leak through a log line, an error or an answer to the browser by accident.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer};

/// A tenant's API key, exchanged once for an [`AccessToken`]; never stored.
#[derive(Clone)]
pub struct ApiKey(SecretString);

/// A bearer token, valid for 24 hours; passed to every client call, never kept by the client.
#[derive(Clone)]
pub struct AccessToken(SecretString);

macro_rules! secret_newtype {
    ($name:ident) => {
        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(SecretString::from(value.into()))
            }

            /// The secret itself: call only where it must leave the process (an HTTP header, the
            /// server-side session store).
            pub fn expose(&self) -> &str {
                self.0.expose_secret()
            }

            pub fn is_empty(&self) -> bool {
                self.expose().trim().is_empty()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(redacted)"))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::new)
            }
        }
    };
}

secret_newtype!(ApiKey);
secret_newtype!(AccessToken);

impl ApiKey {
    /// Far longer than any key the vendor's portal makes; a longer one is not sent.
    pub const MAX_CHARS: usize = 256;

    /// A key worth sending: not empty, not absurdly long.
    pub fn validate(&self) -> Result<(), crate::RequestError> {
        use crate::{Problem, RequestError};
        if self.is_empty() {
            return Err(RequestError::new("apiKey", Problem::Required));
        }
        if self.expose().chars().count() > Self::MAX_CHARS {
            return Err(RequestError::new(
                "apiKey",
                Problem::TooLong {
                    max: Self::MAX_CHARS,
                },
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_oversized_key_is_not_worth_sending() {
        use crate::{Problem, RequestError};
        assert_eq!(
            ApiKey::new("  ").validate(),
            Err(RequestError::new("apiKey", Problem::Required))
        );
        assert_eq!(
            ApiKey::new("k".repeat(257)).validate(),
            Err(RequestError::new("apiKey", Problem::TooLong { max: 256 }))
        );
        assert!(ApiKey::new("demo").validate().is_ok());
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let key = ApiKey::new("super-secret-key");
        let token = AccessToken::new("tok-123456");
        let shown = format!("{key:?} {token:?}");
        assert!(!shown.contains("super-secret-key"), "{shown}");
        assert!(!shown.contains("tok-123456"), "{shown}");
        assert_eq!(token.expose(), "tok-123456");
    }
}
