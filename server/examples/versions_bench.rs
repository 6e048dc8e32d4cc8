//! The flow's versions at scale, for `make bench`: the simulator's scale tenant (300 menus, 500
//! ring groups) with 1,000 versions recorded one change apart, in a fresh SQLite console
//! database. Prints what a version costs stored, how long History's page of versions and a
//! version read back whole and the latest version (as the lists compare with it) take on the server, and how long the engine takes to diff two
//! versions of the whole tenant. Figures, not assertions: machines here are noisy.

use app::ivr::layout::{auto_layout, Layout};
use app::ivr::version::{diff, Version};
use app::ivr::{Agent, Flow, IdMap};
use app::wire::versions::Origin;
use server::console_db::ConsoleDb;
use server::versions::{FlowVersions, FULL_EVERY};
use std::time::{Duration, Instant};

const VERSIONS: usize = 1_000;
const TENANT: &str = "scale";

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort_unstable();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn p95(mut times: Vec<Duration>) -> f64 {
    times.sort_unstable();
    times[times.len() * 95 / 100].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let tenant = sim::seed::scale_tenant();
    let agents: Vec<Agent> = tenant.extensions.iter().filter_map(Agent::of).collect();
    let flow = Flow::from_omicall(tenant.menus, tenant.groups, tenant.greetings, &agents);
    // Every box drawn where the automatic layout puts it, as the editor keeps them.
    let layout = Layout::of(&auto_layout(&flow), &flow, &IdMap::new());
    let mut version = Version::of(&flow).with_positions(&layout);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = ConsoleDb::open(&format!("sqlite://{}/console.db", dir.path().display()))
        .await
        .expect("the database opens");
    let store = FlowVersions::new(db);
    let groups: Vec<String> = version.groups.keys().cloned().collect();
    let menus: Vec<String> = version.menus.keys().cloned().collect();

    let mut recording = Vec::with_capacity(VERSIONS);
    for i in 0..VERSIONS {
        // One change a version: a group renamed, or a menu's waiting time; a box moved too.
        if let Some(at) = version.positions.values_mut().nth(i % 700) {
            at[0] += 10;
        }
        if i % 3 == 2 {
            if let Some(menu) = version.menus.get_mut(&menus[i % menus.len()]) {
                menu.time_out = Some(5 + (i % 20) as i64);
            }
        } else if let Some(group) = version.groups.get_mut(&groups[i % groups.len()]) {
            group.name = format!("Nhóm {i}");
        }
        let origin = if i == 0 {
            Origin::FirstSeen
        } else {
            Origin::Console
        };
        let started = Instant::now();
        store
            .record(TENANT, &version, &origin, "Bench")
            .await
            .expect("recorded")
            .expect("a new version");
        recording.push(started.elapsed());
    }
    let bytes = store.stored_bytes(TENANT).await.expect("measured");

    let mut listing = Vec::new();
    let mut reading = Vec::new();
    for round in 0..50u64 {
        let started = Instant::now();
        let (page, _) = store.list(TENANT, 0, 20).await.expect("listed");
        listing.push(started.elapsed());
        assert_eq!(page.len(), 20);
        // The slowest to read: the most differences after its whole copy.
        let seq = VERSIONS as u64 - (round % FULL_EVERY);
        let started = Instant::now();
        store.get(TENANT, seq).await.expect("read").expect("kept");
        reading.push(started.elapsed());
    }
    // What a list page or the editor pays to compare with the latest version: the head's
    // number and digest, and the version this instance last read or wrote.
    let mut heads = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        store.latest(TENANT).await.expect("read").expect("kept");
        heads.push(started.elapsed());
    }
    let old = store
        .get(TENANT, 1)
        .await
        .expect("read")
        .expect("kept")
        .version;
    let mut diffing = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let now = Version::of(&flow);
        let d = diff(&old, &now);
        diffing.push(started.elapsed());
        std::hint::black_box(d);
    }
    println!(
        "versions on the scale tenant ({} menus, {} groups), {VERSIONS} recorded one change apart:",
        menus.len(),
        groups.len()
    );
    println!(
        "  stored: {:.1} KB per version on average (goal < 20 KB; a whole copy every {FULL_EVERY})",
        bytes as f64 / VERSIONS as f64 / 1024.0
    );
    println!(
        "  History's page of 20 versions on the server: p50 {:.2} ms, p95 {:.2} ms (goal < 200 ms)",
        median(listing.clone()),
        p95(listing)
    );
    println!(
        "  a version read back whole: p50 {:.2} ms, p95 {:.2} ms; recording one: p50 {:.2} ms",
        median(reading.clone()),
        p95(reading),
        median(recording)
    );
    println!(
        "  the latest version, as a list page or the editor compares with it: p50 {:.2} ms, p95 {:.2} ms",
        median(heads.clone()),
        p95(heads)
    );
    println!(
        "  the engine's diff of two whole versions (with the flow made a version): p50 {:.2} ms natively",
        median(diffing)
    );
}
