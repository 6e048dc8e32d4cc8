//! The optional state file: tenants as JSON (written to a temporary file, then renamed over the
//! old one), and uploaded recordings as files in a directory beside it (`<state>.audio/`), each
//! written once, so a change never rewrites megabytes of audio.

use crate::error::SimError;
use crate::ids;
use crate::state::Tenant;
use omicall::models::FORMALITY_UPLOAD;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped if the layout changes incompatibly.
const FORMAT: u32 = 1;

#[derive(Debug)]
pub(crate) struct StateFile {
    path: PathBuf,
    audio_dir: PathBuf,
    /// The version last written; saves finishing out of order must not put an older one back.
    written: tokio::sync::Mutex<u64>,
}

#[derive(Serialize)]
struct SavedRef<'a> {
    format: u32,
    tenants: &'a HashMap<String, Tenant>,
}

#[derive(Deserialize)]
struct Saved {
    format: u32,
    tenants: HashMap<String, Tenant>,
}

impl StateFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        let mut audio_dir = path.clone().into_os_string();
        audio_dir.push(".audio");
        Self {
            path,
            audio_dir: PathBuf::from(audio_dir),
            written: tokio::sync::Mutex::new(0),
        }
    }

    /// The saved tenants by API key, or `None` if there is no file yet.
    pub(crate) fn load(&self) -> Result<Option<HashMap<String, Tenant>>, SimError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SimError::StateRead {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        let saved: Saved =
            serde_json::from_slice(&bytes).map_err(|source| SimError::StateFormat {
                path: self.path.clone(),
                source,
            })?;
        if saved.format != FORMAT {
            return Err(SimError::Config(format!(
                "the state file {} has format {}, this simulator reads {FORMAT}",
                self.path.display(),
                saved.format
            )));
        }
        let mut tenants = saved.tenants;
        for tenant in tenants.values_mut() {
            tenant.reindex();
            self.load_uploads(tenant);
        }
        Ok(Some(tenants))
    }

    fn load_uploads(&self, tenant: &mut Tenant) {
        let files: Vec<String> = tenant
            .greetings
            .iter()
            .filter(|g| g.formality.as_deref() == Some(FORMALITY_UPLOAD))
            .filter_map(|g| g.recording_file.clone())
            .filter(|f| ids::is_recording_file(f))
            .collect();
        for file in files {
            if let Ok(bytes) = std::fs::read(self.audio_dir.join(&file)) {
                tenant.uploads.insert(file, bytes.into());
            }
        }
    }

    /// The tenants as the file holds them.
    pub(crate) fn snapshot(
        tenants: &HashMap<String, Tenant>,
    ) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(&SavedRef {
            format: FORMAT,
            tenants,
        })
    }

    /// Writes `version` unless a newer one is already written. Failures are logged: the change
    /// is made in memory either way.
    pub(crate) async fn save(&self, version: u64, json: Vec<u8>) {
        let mut written = self.written.lock().await;
        if *written >= version {
            return;
        }
        match write_atomically(&self.path, &json).await {
            Ok(()) => *written = version,
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e, "could not save the simulator state")
            }
        }
    }

    /// Keeps an upload's bytes.
    pub(crate) async fn save_audio(&self, file: &str, bytes: &[u8]) {
        if !ids::is_recording_file(file) {
            return;
        }
        let result = async {
            tokio::fs::create_dir_all(&self.audio_dir).await?;
            write_atomically(&self.audio_dir.join(file), bytes).await
        };
        if let Err(e) = result.await {
            tracing::warn!(file, error = %e, "could not save an uploaded recording");
        }
    }

    pub(crate) async fn remove_audio(&self, file: &str) {
        if ids::is_recording_file(file) {
            // Absent already is fine: seeded and text-to-speech recordings have no file.
            let _ = tokio::fs::remove_file(self.audio_dir.join(file)).await;
        }
    }
}

async fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent).await?;
    }
    let mut temp = path.to_path_buf().into_os_string();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    tokio::fs::write(&temp, bytes).await?;
    tokio::fs::rename(&temp, path).await
}
