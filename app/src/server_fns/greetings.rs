//! Greetings ("lời chào"): the list, searched here (the vendor's list takes no keyword), made
//! from text, their usages, and delete. Uploads come through the server's own route, which
//! streams the file under limits (`server::greetings`), then [`store_upload`].

use crate::error::AppError;
use leptos::prelude::*;
use omicall::rules::Usage;

pub use crate::wire::delete::DeleteOutcome;
pub use crate::wire::greetings::{
    GreetingList, GreetingRow, Listen, TtsDraft, UploadDone, UploadPage, UploadResult,
};

/// The name a file suggests for its greeting: its name without folders and `.mp3`, letters as
/// they are (Vietnamese included).
pub fn name_from_file(file_name: &str) -> String {
    let name = omicall::rules::upload_file_name(file_name);
    let stem = name.strip_suffix(".mp3").unwrap_or(&name);
    if file_name.trim().is_empty() {
        String::new()
    } else {
        stem.to_owned()
    }
}

#[cfg(feature = "ssr")]
pub mod upstream {
    use super::*;
    use crate::server_fns::lists::all_greetings;
    pub use crate::server_fns::record::{Asked, Recorder};
    use crate::state::Recordings;
    use omicall::models::Greeting;
    use omicall::requests::Mp3Upload;
    use omicall::{AccessToken, Client, Problem, RequestError};

    /// A greeting as a row of the list.
    pub fn row(g: Greeting, recordings: &Recordings) -> GreetingRow {
        let listen = match (&g.recording_file, recordings) {
            (_, Recordings::Unavailable) => Listen::NoSource,
            (Some(file), _) if !file.is_empty() => Listen::At(crate::urls::greeting_audio(file)),
            _ => Listen::NoFile,
        };
        GreetingRow {
            tts: g.is_tts(),
            content: g.content.filter(|c| !c.is_empty()),
            voice: g.voice,
            speed: g.speed,
            created: g.created_date,
            updated: g.last_updated_date,
            id: g.id,
            name: g.greeting_name,
            listen,
        }
    }

    /// Refuses a name another greeting has (ignoring case and diacritics). Not a rule the
    /// vendor states; the console keeps names apart because menus and groups pick greetings
    /// by name.
    pub fn check_unique(greetings: &[Greeting], name: &str) -> Result<(), RequestError> {
        match greetings
            .iter()
            .find(|g| omicall::rules::same_name(&g.greeting_name, name))
        {
            Some(other) => Err(RequestError::new(
                "greeting_name",
                Problem::Duplicate {
                    other: other.greeting_name.clone(),
                },
            )),
            None => Ok(()),
        }
    }

    /// Stores an mp3 the upload route has read whole: checks it, then sends it once.
    pub async fn store_upload(
        client: &Client,
        token: &AccessToken,
        recordings: &Recordings,
        recorder: &Recorder,
        upload: Mp3Upload,
    ) -> Result<UploadDone, AppError> {
        use crate::wire::activity::{Area, Kind};
        // Read once here for duration and bitrate; the client's own check covers the name.
        let info = omicall::audio::inspect(&upload.bytes)
            .map_err(|found| RequestError::new("file", Problem::NotMp3 { found }))?;
        let greetings = all_greetings(client, token).await?;
        check_unique(&greetings, &upload.greeting_name)?;
        let asked = Asked::new(Area::Greetings, Kind::Upload, "", &upload.greeting_name).after(
            &serde_json::json!({
                "file_name": upload.file_name,
                "bytes": upload.bytes.len(),
                "duration_ms": info.duration_ms,
                "bitrate_kbps": info.bitrate_kbps,
            }),
        );
        let greeting = recorder
            .call(asked, client.upload_greeting(token, upload))
            .await?;
        Ok(UploadDone {
            greeting: row(greeting, recordings),
            duration_ms: info.duration_ms,
            bitrate_kbps: info.bitrate_kbps,
        })
    }
}

/// One page of greetings whose name matches `keyword` (ignoring case and diacritics).
#[server(endpoint = "list_greetings", output = crate::server_fns::answer::JsonAnswer)]
pub async fn list_greetings(
    keyword: String,
    page: u32,
    size: u32,
) -> Result<GreetingList, AppError> {
    use crate::server_fns::lists::greetings_counted;
    use crate::server_fns::support::{console, upstream};
    use crate::wire::list::PageView;
    let state = console()?;
    let key = omicall::text::search_key(keyword.trim());
    let whole = upstream(|c, t| async move { greetings_counted(&c, &t).await }).await?;
    let loaded = whole.items.len() as i64;
    let matching: Vec<_> = whole
        .items
        .into_iter()
        .filter(|g| omicall::text::matches(&g.greeting_name, &key))
        .collect();
    let rows = PageView::slice(matching, page, size.clamp(1, 100), |g| {
        upstream::row(g, &state.recordings)
    });
    Ok(GreetingList {
        page: rows,
        total: whole.total,
        loaded,
        complete: whole.complete,
    })
}

/// Makes a greeting read by a voice from `draft`.
#[server(endpoint = "create_tts_greeting", output = crate::server_fns::answer::JsonAnswer)]
pub async fn create_tts_greeting(draft: TtsDraft) -> Result<GreetingRow, AppError> {
    use crate::server_fns::lists::all_greetings;
    use crate::server_fns::support::{changing, console};
    let request = draft.request()?;
    let recordings = console()?.recordings;
    let created = changing(|c, t, recorder| async move {
        use crate::server_fns::record::Asked;
        use crate::wire::activity::{Area, Kind};
        let greetings = all_greetings(&c, &t).await?;
        upstream::check_unique(&greetings, &request.greeting_name)?;
        let asked =
            Asked::new(Area::Greetings, Kind::Speak, "", &request.greeting_name).after(&request);
        recorder
            .call(asked, c.create_tts_greeting(&t, &request))
            .await
    })
    .await?;
    Ok(upstream::row(created, &recordings))
}

/// Every place that plays the greeting: menus' greeting, return and wrong-key sounds, and
/// groups' on-timeout recordings.
#[server(endpoint = "greeting_usages", output = crate::server_fns::answer::JsonAnswer)]
pub async fn greeting_usages(id: String) -> Result<Vec<Usage>, AppError> {
    crate::server_fns::support::usages(omicall::ActionType::Recording, id).await
}

/// Deletes the greeting unless something still plays it.
#[server(endpoint = "delete_greeting", output = crate::server_fns::answer::JsonAnswer)]
pub async fn delete_greeting(id: String) -> Result<DeleteOutcome, AppError> {
    use crate::server_fns::support::delete_unless_used;
    delete_unless_used(omicall::ActionType::Recording, id, |c, t, id| async move {
        c.delete_greeting(&t, &id).await
    })
    .await
}

#[server(endpoint = "upload_settings", output = crate::server_fns::answer::JsonAnswer)]
pub async fn upload_settings() -> Result<UploadPage, AppError> {
    let max_mb = (crate::server_fns::support::console()?.upload_max_bytes / (1024 * 1024)) as u64;
    let session = crate::session::UserSession::current().await?;
    // Only a logged-in admin learns anything here.
    session.token().await?;
    let result = session.take_upload_result().await?;
    Ok(UploadPage { max_mb, result })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_suggests_its_name() {
        assert_eq!(
            name_from_file("C:\\Ghi âm\\Lời chào sáng.mp3"),
            "Lời chào sáng"
        );
        assert_eq!(name_from_file("nhac-cho.MP3"), "nhac-cho");
        assert_eq!(name_from_file(""), "");
    }
}
