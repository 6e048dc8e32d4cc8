//! The HTTP client: one method per endpoint over one private request helper.

use crate::answer::read_answer;
use crate::envelope::Page;
use crate::error::{AuthFailure, Error};
use crate::models::{
    AuthGrant, Extension, ExtensionDetail, Greeting, GreetingFile, IvrMenu, RingGroup,
};
use crate::paths;
use crate::requests::{
    check_path_id, AssignHotline, DetailLookup, GroupMembersChange, IvrMenuInput, ListQuery,
    Mp3Upload, Problem, RequestError, RingGroupInput, TtsRequest, Validate,
};
use crate::secret::{AccessToken, ApiKey};
use serde::de::{DeserializeOwned, IgnoredAny};
use std::time::{Duration, Instant};

/// Where the API is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The API base, e.g. `https://public-v1-stg.omicall.com`.
    pub base_url: String,
    pub connect_timeout: Duration,
    /// The whole call, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// The whole greeting upload: the file itself is sent, so it is given longer than `timeout`.
    pub upload_timeout: Duration,
    /// The largest JSON answer read; a larger one is a [`Error::Decode`], never buffered whole.
    pub max_answer_bytes: usize,
}

/// A 100-row page of the largest list is about 100 KB: this leaves room without letting a broken
/// or hostile upstream make the console buffer gigabytes.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
/// Greeting audio is read with its own cap: uploads are up to 10 MB.
const MAX_AUDIO_BYTES: usize = 32 * 1024 * 1024;

impl ClientConfig {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            upload_timeout: Duration::from_secs(120),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
        }
    }
}

/// The client could not be built from its configuration.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    #[error("the call-center base URL {0:?} is not an http(s) URL")]
    BaseUrl(String),
    #[error("the HTTP client could not be set up: {0}")]
    Http(String),
}

/// The call-center API. Cheap to clone: clones share one connection pool. It holds no credential;
/// each call takes the caller's token.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    max_answer_bytes: usize,
    upload_timeout: Duration,
}

impl Client {
    pub fn new(config: &ClientConfig) -> Result<Self, ClientBuildError> {
        let base = config.base_url.trim_end_matches('/').to_owned();
        let parsed = url::Url::parse(&base).map_err(|_| ClientBuildError::BaseUrl(base.clone()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(ClientBuildError::BaseUrl(base));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientBuildError::Http(e.without_url().to_string()))?;
        Ok(Self {
            http,
            base,
            max_answer_bytes: config.max_answer_bytes,
            upload_timeout: config.upload_timeout,
        })
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}/{}", self.base, paths::PREFIX, path)
    }

    fn url_with_id(&self, path: &str, id: &str) -> Result<String, Error> {
        check_path_id("id", id)?;
        Ok(format!("{}/{}", self.url(path), id))
    }

    fn authed(
        &self,
        method: reqwest::Method,
        url: String,
        token: &AccessToken,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, url)
            .bearer_auth(token.expose())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
    }

    /// Sends, then maps every way the call can fail to one [`Error`] variant and decodes the
    /// envelope's payload. The only place that reads an answer.
    async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, Error> {
        let started = Instant::now();
        let response = request.send().await.map_err(|e| transport(endpoint, &e))?;
        let status = response.status();
        let body = read_capped(endpoint, response, self.max_answer_bytes).await?;
        tracing::debug!(
            endpoint,
            status = status.as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "call-center answered"
        );

        read_answer(endpoint, status.as_u16(), &body)
    }

    /// `GET /api/auth?apiKey=`: exchanges a tenant's API key for a 24-hour access token.
    pub async fn authenticate(&self, key: &ApiKey) -> Result<AuthGrant, Error> {
        key.validate()?;
        let url = format!("{}{}", self.base, paths::AUTH);
        let request = self
            .http
            .get(url)
            .query(&[("apiKey", key.expose())])
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        self.call("auth", request).await
    }

    /// `GET internal_phone/list`: extensions, searched by extension, email or full name.
    pub async fn list_extensions(
        &self,
        token: &AccessToken,
        query: &ListQuery,
    ) -> Result<Page<Extension>, Error> {
        query.validate()?;
        let request = self
            .authed(reqwest::Method::GET, self.url(paths::EXTENSIONS), token)
            .query(query);
        self.call(paths::EXTENSIONS, request).await
    }

    /// `PUT internal_phone/status?enabled=&sip_user=`: activates or deactivates an extension.
    pub async fn set_extension_enabled(
        &self,
        token: &AccessToken,
        sip_user: &str,
        enabled: bool,
    ) -> Result<(), Error> {
        if sip_user.trim().is_empty() {
            return Err(RequestError::new("sip_user", Problem::Required).into());
        }
        let request = self
            .authed(
                reqwest::Method::PUT,
                self.url(paths::EXTENSION_STATUS),
                token,
            )
            .query(&[
                ("enabled", if enabled { "true" } else { "false" }),
                ("sip_user", sip_user),
            ]);
        self.call::<IgnoredAny>(paths::EXTENSION_STATUS, request)
            .await
            .map(drop)
    }

    /// `GET extensions/detail?type=&keyword=`: one extension with its SIP account.
    pub async fn extension_detail(
        &self,
        token: &AccessToken,
        lookup: &DetailLookup,
    ) -> Result<ExtensionDetail, Error> {
        lookup.validate()?;
        let request = self
            .authed(
                reqwest::Method::GET,
                self.url(paths::EXTENSION_DETAIL),
                token,
            )
            .query(lookup);
        self.call(paths::EXTENSION_DETAIL, request).await
    }

    /// `GET hotline/list?extension=`: the active hotlines an extension may call out on.
    pub async fn list_hotlines(
        &self,
        token: &AccessToken,
        extension: &str,
    ) -> Result<Vec<String>, Error> {
        let mut request = self.authed(reqwest::Method::GET, self.url(paths::HOTLINES), token);
        if !extension.trim().is_empty() {
            request = request.query(&[("extension", extension)]);
        }
        self.call::<Option<Vec<String>>>(paths::HOTLINES, request)
            .await
            .map(Option::unwrap_or_default)
    }

    /// `POST hotline/extension/update`: gives a hotline to one extension, per direction.
    pub async fn assign_hotline(
        &self,
        token: &AccessToken,
        body: &AssignHotline,
    ) -> Result<(), Error> {
        body.validate()?;
        let request = self
            .authed(
                reqwest::Method::POST,
                self.url(paths::HOTLINE_ASSIGN),
                token,
            )
            .json(body);
        self.call::<IgnoredAny>(paths::HOTLINE_ASSIGN, request)
            .await
            .map(drop)
    }

    /// `GET internal_group/list`: ring groups.
    pub async fn list_groups(
        &self,
        token: &AccessToken,
        query: &ListQuery,
    ) -> Result<Page<RingGroup>, Error> {
        query.validate()?;
        let request = self
            .authed(reqwest::Method::GET, self.url(paths::GROUPS), token)
            .query(query);
        self.call(paths::GROUPS, request).await
    }

    /// `POST internal_group/add`: creates a ring group.
    pub async fn create_group(
        &self,
        token: &AccessToken,
        body: &RingGroupInput,
    ) -> Result<RingGroup, Error> {
        body.validate()?;
        let request = self
            .authed(reqwest::Method::POST, self.url(paths::GROUP_ADD), token)
            .json(body);
        self.call(paths::GROUP_ADD, request).await
    }

    /// `POST internal_group/update/:id`: replaces a ring group's settings and members.
    pub async fn update_group(
        &self,
        token: &AccessToken,
        id: &str,
        body: &RingGroupInput,
    ) -> Result<RingGroup, Error> {
        body.validate()?;
        let url = self.url_with_id(paths::GROUP_UPDATE, id)?;
        let request = self.authed(reqwest::Method::POST, url, token).json(body);
        self.call(paths::GROUP_UPDATE, request).await
    }

    /// `POST internal_group/add-members`: adds extensions to a ring group.
    pub async fn add_group_members(
        &self,
        token: &AccessToken,
        body: &GroupMembersChange,
    ) -> Result<(), Error> {
        body.validate()?;
        let request = self
            .authed(
                reqwest::Method::POST,
                self.url(paths::GROUP_ADD_MEMBERS),
                token,
            )
            .json(body);
        self.call::<IgnoredAny>(paths::GROUP_ADD_MEMBERS, request)
            .await
            .map(drop)
    }

    /// `POST internal_group/remove-members`: removes extensions from a ring group.
    pub async fn remove_group_members(
        &self,
        token: &AccessToken,
        body: &GroupMembersChange,
    ) -> Result<(), Error> {
        body.validate()?;
        let request = self
            .authed(
                reqwest::Method::POST,
                self.url(paths::GROUP_REMOVE_MEMBERS),
                token,
            )
            .json(body);
        self.call::<IgnoredAny>(paths::GROUP_REMOVE_MEMBERS, request)
            .await
            .map(drop)
    }

    /// `DELETE internal_group/delete/:id`: deletes a ring group.
    pub async fn delete_group(&self, token: &AccessToken, id: &str) -> Result<(), Error> {
        let url = self.url_with_id(paths::GROUP_DELETE, id)?;
        let request = self.authed(reqwest::Method::DELETE, url, token);
        self.call::<IgnoredAny>(paths::GROUP_DELETE, request)
            .await
            .map(drop)
    }

    /// `GET key-interaction/list`: IVR menus.
    pub async fn list_menus(
        &self,
        token: &AccessToken,
        query: &ListQuery,
    ) -> Result<Page<IvrMenu>, Error> {
        query.validate()?;
        let request = self
            .authed(reqwest::Method::GET, self.url(paths::MENUS), token)
            .query(query);
        self.call(paths::MENUS, request).await
    }

    /// `POST key-interaction/add`: creates an IVR menu; its name must be unique.
    pub async fn create_menu(
        &self,
        token: &AccessToken,
        body: &IvrMenuInput,
    ) -> Result<IvrMenu, Error> {
        body.validate()?;
        let request = self
            .authed(reqwest::Method::POST, self.url(paths::MENU_ADD), token)
            .json(body);
        self.call(paths::MENU_ADD, request).await
    }

    /// `POST key-interaction/update/:id`: replaces an IVR menu.
    pub async fn update_menu(
        &self,
        token: &AccessToken,
        id: &str,
        body: &IvrMenuInput,
    ) -> Result<IvrMenu, Error> {
        body.validate()?;
        let url = self.url_with_id(paths::MENU_UPDATE, id)?;
        let request = self.authed(reqwest::Method::POST, url, token).json(body);
        self.call(paths::MENU_UPDATE, request).await
    }

    /// `DELETE key-interaction/delete/:id`: deletes an IVR menu.
    pub async fn delete_menu(&self, token: &AccessToken, id: &str) -> Result<(), Error> {
        let url = self.url_with_id(paths::MENU_DELETE, id)?;
        let request = self.authed(reqwest::Method::DELETE, url, token);
        self.call::<IgnoredAny>(paths::MENU_DELETE, request)
            .await
            .map(drop)
    }

    /// `GET greeting/list`: greeting recordings.
    pub async fn list_greetings(
        &self,
        token: &AccessToken,
        query: &ListQuery,
    ) -> Result<Page<Greeting>, Error> {
        query.validate()?;
        let request = self
            .authed(reqwest::Method::GET, self.url(paths::GREETINGS), token)
            .query(query);
        self.call(paths::GREETINGS, request).await
    }

    /// `POST greeting/upload?greeting_name=` (multipart `file`, mp3 only): stores a recording.
    pub async fn upload_greeting(
        &self,
        token: &AccessToken,
        upload: Mp3Upload,
    ) -> Result<Greeting, Error> {
        upload.validate()?;
        let part = reqwest::multipart::Part::bytes(upload.bytes)
            .file_name(upload.file_name)
            .mime_str("audio/mpeg")
            .map_err(|_| {
                let found = crate::audio::Found::Unknown;
                RequestError::new("file", Problem::NotMp3 { found })
            })?;
        let form = reqwest::multipart::Form::new().part("file", part);
        // Not `authed`: the multipart body sets its own content type.
        let request = self
            .http
            .post(self.url(paths::GREETING_UPLOAD))
            .bearer_auth(token.expose())
            .query(&[("greeting_name", upload.greeting_name.as_str())])
            .multipart(form)
            .timeout(self.upload_timeout);
        self.call::<GreetingFile>(paths::GREETING_UPLOAD, request)
            .await
            .map(|p| p.file)
    }

    /// `POST greeting/upload-text-to-speech?greeting_name=`: makes a greeting read by a voice.
    pub async fn create_tts_greeting(
        &self,
        token: &AccessToken,
        body: &TtsRequest,
    ) -> Result<Greeting, Error> {
        body.validate()?;
        let request = self
            .authed(reqwest::Method::POST, self.url(paths::GREETING_TTS), token)
            .query(&[("greeting_name", body.greeting_name.as_str())])
            .json(body);
        self.call::<GreetingFile>(paths::GREETING_TTS, request)
            .await
            .map(|p| p.file)
    }

    /// `DELETE greeting/delete/:id`: deletes a greeting.
    pub async fn delete_greeting(&self, token: &AccessToken, id: &str) -> Result<(), Error> {
        let url = self.url_with_id(paths::GREETING_DELETE, id)?;
        let request = self.authed(reqwest::Method::DELETE, url, token);
        self.call::<IgnoredAny>(paths::GREETING_DELETE, request)
            .await
            .map(drop)
    }

    /// `GET greeting/audio/:recording_file`: the mp3 of a greeting, for previews. The simulator
    /// serves it; the vendor's reference names no such endpoint.
    pub async fn greeting_audio(
        &self,
        token: &AccessToken,
        recording_file: &str,
    ) -> Result<Vec<u8>, Error> {
        let stem = recording_file
            .strip_suffix(".mp3")
            .unwrap_or(recording_file);
        check_path_id("recording_file", stem)?;
        let url = format!("{}/{}.mp3", self.url(paths::GREETING_AUDIO), stem);
        self.recording(&url, Some(token)).await
    }

    /// A recording's mp3 from `url`: the simulator's audio endpoint, or the tenant's recordings
    /// address. `token` is sent only where the caller knows it belongs.
    pub async fn recording(
        &self,
        url: &str,
        token: Option<&AccessToken>,
    ) -> Result<Vec<u8>, Error> {
        let endpoint = paths::GREETING_AUDIO;
        let mut request = self.http.get(url);
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        let response = request.send().await.map_err(|e| transport(endpoint, &e))?;
        let status = response.status().as_u16();
        // Only a refused token ends the session; a refusal of an unauthenticated fetch is the
        // recordings host's own answer.
        if matches!(status, 401 | 403) && token.is_some() {
            return Err(Error::Unauthorized {
                endpoint,
                reason: AuthFailure::TokenRejected,
            });
        }
        if !response.status().is_success() {
            return Err(Error::Status { endpoint, status });
        }
        read_capped(endpoint, response, MAX_AUDIO_BYTES).await
    }

    /// Whether `url` is on the API's own origin (scheme, host and port): only there may the
    /// token go.
    pub fn is_api_origin(&self, url: &str) -> bool {
        match (url::Url::parse(&self.base), url::Url::parse(url)) {
            (Ok(base), Ok(other)) => base.origin() == other.origin(),
            _ => false,
        }
    }
}

/// Reads an answer's body chunk by chunk, giving up as soon as it passes `cap` bytes (at once
/// when its declared length already does).
async fn read_capped(
    endpoint: &'static str,
    mut response: reqwest::Response,
    cap: usize,
) -> Result<Vec<u8>, Error> {
    let too_large = || Error::Decode {
        endpoint,
        detail: format!("the answer is larger than {cap} bytes"),
    };
    if response
        .content_length()
        .is_some_and(|length| length > cap as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport(endpoint, &e))?
    {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A failure before an answer was read. `without_url` keeps the query (the API key) out.
fn transport(endpoint: &'static str, err: &reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout { endpoint }
    } else if err.is_decode() || err.is_body() {
        Error::Decode {
            endpoint,
            detail: "the answer broke off".to_owned(),
        }
    } else {
        let detail = if err.is_connect() {
            "connection refused or failed"
        } else {
            "the request failed"
        };
        Error::Connect {
            endpoint,
            detail: detail.to_owned(),
        }
    }
}
