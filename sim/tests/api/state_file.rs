//! The state file: what a demo did survives a restart.

use crate::greetings::{tiny_mp3, upload};
use crate::helpers::TestSim;
use reqwest::Method;
use serde_json::json;
use sim::{Sim, SimConfig, SimError};
use std::path::PathBuf;

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "sim-state-test-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(file: &std::path::Path) -> SimConfig {
    SimConfig {
        state_file: Some(file.to_path_buf()),
        ..SimConfig::default()
    }
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let dir = TempDir::new();
    let file = dir.0.join("nested").join("sim.json");
    let first = TestSim::with(config(&file)).await;
    let body = json!({"group_name": "Nhóm bền vững", "strategy": "random", "sip_members": ["100", "101"], "timeout": 30});
    let group = first.post("internal_group/add", body).await.payload();
    let mp3 = tiny_mp3();
    let uploaded = upload(&first, "Nhạc chờ riêng", mp3.clone())
        .await
        .payload()["file"]
        .clone();
    first
        .send(
            first
                .request(Method::POST, "greeting/upload-text-to-speech")
                .query(&[("greeting_name", "Lời nhắn")])
                .json(&json!({"text": "Xin cảm ơn", "speed": 1, "voice": "banmai"})),
        )
        .await
        .payload();
    first
        .post(
            "hotline/extension/update",
            json!({"hotline": "02363009999", "user_email": "hong.nguyen@anphat.vn", "directions": ["outbound"]}),
        )
        .await
        .payload();
    let welcome = first
        .id_of("greeting/list", "greeting_name", "Nhạc chờ mặc định")
        .await;
    first
        .delete(&format!("greeting/delete/{welcome}"))
        .await
        .payload();
    assert!(file.exists());

    let second = TestSim::with(config(&file)).await;
    let restored = second
        .find("internal_group/list", "_id", group["_id"].as_str().unwrap())
        .await;
    assert_eq!(restored["members"], group["members"]);
    assert_eq!(restored["group_number"], group["group_number"]);
    second
        .find("greeting/list", "greeting_name", "Lời nhắn")
        .await;
    assert!(second
        .all("greeting/list")
        .await
        .iter()
        .all(|g| g["_id"] != welcome.as_str()));
    assert_eq!(
        second.get("hotline/list?extension=100").await.payload(),
        json!(["02363009999"])
    );
    let served = second
        .request(
            Method::GET,
            &format!(
                "greeting/audio/{}",
                uploaded["recording_file"].as_str().unwrap()
            ),
        )
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(served.to_vec(), mp3);
}

#[tokio::test]
async fn an_unreadable_state_file_stops_the_start() {
    let dir = TempDir::new();
    let file = dir.0.join("broken.json");
    std::fs::write(&file, "{ not json").unwrap();
    match Sim::new(config(&file)) {
        Err(SimError::StateFormat { path, .. }) => assert_eq!(path, file),
        other => panic!("{other:?}"),
    }
}
