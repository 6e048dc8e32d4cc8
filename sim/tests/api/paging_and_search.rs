//! Paging with the vendor's arithmetic and search that ignores Vietnamese diacritics and case.

use crate::helpers::TestSim;
use omicall::Page;
use serde_json::{json, Value};
use std::collections::HashSet;

/// The paging fields of a page answer, next to what omicall's `Page::new` computes.
fn assert_paging(payload: &Value, page: i64, size: i64, total: i64) {
    let expected =
        serde_json::to_value(Page::<()>::new(vec![], page, size, total)).expect("a page is JSON");
    for field in [
        "page_number",
        "page_size",
        "total_items",
        "total_pages",
        "has_next",
        "next_page",
        "has_previous",
        "previous_page",
    ] {
        assert_eq!(
            payload[field], expected[field],
            "{field} of page {page} size {size}"
        );
    }
}

fn sip_users(payload: &Value) -> Vec<String> {
    payload["items"]
        .as_array()
        .expect("a page of items")
        .iter()
        .map(|e| e["sip_user"].as_str().expect("a sip_user").to_owned())
        .collect()
}

#[tokio::test]
async fn extensions_page_by_one_seven_and_fifty() {
    let sim = TestSim::start().await;
    for size in [1, 7, 50] {
        let mut seen = HashSet::new();
        let pages = (64 + size - 1) / size;
        for page in 1..=pages {
            let payload = sim
                .get(&format!("internal_phone/list?page={page}&size={size}"))
                .await
                .payload();
            assert_paging(&payload, page, size, 64);
            let expected_len = (64 - (page - 1) * size).min(size);
            let users = sip_users(&payload);
            assert_eq!(users.len() as i64, expected_len, "page {page} size {size}");
            seen.extend(users);
        }
        assert_eq!(seen.len(), 64, "size {size}: every extension exactly once");
    }
}

#[tokio::test]
async fn default_page_sizes_are_fifty_for_extensions_and_ten_elsewhere() {
    let sim = TestSim::start().await;
    let extensions = sim.get("internal_phone/list").await.payload();
    assert_paging(&extensions, 1, 50, 64);
    assert_eq!(sip_users(&extensions).len(), 50);
    for list in [
        "internal_group/list",
        "key-interaction/list",
        "greeting/list",
    ] {
        let payload = sim.get(list).await.payload();
        assert_eq!(payload["page_size"], 10, "{list}");
        assert_eq!(payload["page_number"], 1, "{list}");
    }
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_consistent_numbers() {
    let sim = TestSim::start().await;
    let payload = sim
        .get("internal_phone/list?page=99&size=7")
        .await
        .payload();
    assert_eq!(payload["items"], json!([]));
    assert_paging(&payload, 99, 7, 64);
    assert_eq!(payload["has_next"], false);
    assert_eq!(payload["previous_page"], 98);
    let groups = sim.get("internal_group/list?page=3").await.payload();
    assert_eq!(groups["items"], json!([]));
    assert_paging(&groups, 3, 10, 5);
}

#[tokio::test]
async fn an_empty_search_answers_an_empty_first_page() {
    let sim = TestSim::start().await;
    for list in [
        "internal_phone/list",
        "internal_group/list",
        "key-interaction/list",
        "greeting/list",
    ] {
        let payload = sim
            .get(&format!("{list}?keyword=khongconaiten"))
            .await
            .payload();
        assert_eq!(payload["items"], json!([]), "{list}");
        assert_eq!(payload["total_items"], 0, "{list}");
        assert_eq!(payload["total_pages"], 0, "{list}");
        assert_eq!(payload["has_next"], false, "{list}");
        assert_eq!(payload["has_previous"], false, "{list}");
    }
}

#[tokio::test]
async fn page_and_size_that_are_not_positive_whole_numbers_are_refused_by_name() {
    let sim = TestSim::start().await;
    for (query, name) in [
        ("page=0", "page"),
        ("page=-2", "page"),
        ("page=abc", "page"),
        ("size=abc", "size"),
        ("size=0", "size"),
        ("size=2.5", "size"),
    ] {
        for list in ["internal_phone/list", "greeting/list"] {
            let message = sim.get(&format!("{list}?{query}")).await.refusal();
            assert!(message.starts_with(name), "{list}?{query}: {message}");
        }
    }
}

#[tokio::test]
async fn a_huge_size_is_capped_at_five_hundred() {
    let sim = TestSim::start().await;
    let payload = sim.get("internal_phone/list?size=100000").await.payload();
    assert_eq!(payload["page_size"], 500);
    assert_eq!(sip_users(&payload).len(), 64);
}

#[tokio::test]
async fn hong_finds_hong_with_its_diacritics_in_any_case() {
    let sim = TestSim::start().await;
    let names = |payload: Value| -> HashSet<String> {
        payload["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["full_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let plain = names(sim.get("internal_phone/list?keyword=hong").await.payload());
    assert!(plain.contains("Nguyễn Thị Hồng"), "{plain:?}");
    assert!(plain.contains("Đỗ Thị Hồng Vy"), "{plain:?}");
    for keyword in ["HONG", "Hồng", "hỒnG"] {
        let other = names(
            sim.send(
                sim.request(reqwest::Method::GET, "internal_phone/list")
                    .query(&[("keyword", keyword)]),
            )
            .await
            .payload(),
        );
        assert_eq!(other, plain, "{keyword}");
    }
    assert!(plain
        .iter()
        .all(|n| omicall::text::search_key(n).contains("hong")));
}

#[tokio::test]
async fn extensions_are_found_by_number_and_email() {
    let sim = TestSim::start().await;
    let by_number = sim.get("internal_phone/list?keyword=104").await.payload();
    assert_eq!(sip_users(&by_number), vec!["104"]);
    let by_email = sim
        .get("internal_phone/list?keyword=hong.nguyen@")
        .await
        .payload();
    assert_eq!(sip_users(&by_email), vec!["100"]);
}

#[tokio::test]
async fn groups_and_menus_are_found_without_diacritics() {
    let sim = TestSim::start().await;
    let groups = sim
        .get("internal_group/list?keyword=ho%20tro%20ky%20thuat")
        .await
        .payload();
    assert_eq!(groups["items"][0]["group_name"], "Nhóm Hỗ trợ kỹ thuật");
    assert_eq!(groups["total_items"], 1);
    let number = groups["items"][0]["group_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_number = sim
        .get(&format!("internal_group/list?keyword={number}"))
        .await
        .payload();
    assert_eq!(by_number["items"][0]["group_number"], number.as_str());

    let menus = sim
        .get("key-interaction/list?keyword=TONG%20DAI")
        .await
        .payload();
    assert_eq!(menus["items"][0]["script_name"], "Tổng đài chính");
    let greetings = sim.get("greeting/list?keyword=nhac%20cho").await.payload();
    assert_eq!(greetings["items"][0]["greeting_name"], "Nhạc chờ mặc định");
}

#[tokio::test]
async fn lists_answer_newest_first() {
    let sim = TestSim::start().await;
    let body = json!({"group_name": "Nhóm mới nhất", "strategy": "random", "sip_members": [], "timeout": 30});
    sim.post("internal_group/add", body).await.payload();
    let groups = sim.get("internal_group/list").await.payload();
    assert_eq!(groups["items"][0]["group_name"], "Nhóm mới nhất");
    let dates: Vec<i64> = groups["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["created_date"].as_i64().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[tokio::test]
async fn the_scale_preset_serves_ten_thousand_extensions() {
    let sim = TestSim::with(sim::SimConfig {
        seed: sim::Seed::Scale,
        ..sim::SimConfig::default()
    })
    .await;
    let extensions = sim
        .get("internal_phone/list?size=500&page=20")
        .await
        .payload();
    assert_paging(&extensions, 20, 500, 10_000);
    assert_eq!(sip_users(&extensions).len(), 500);
    let groups = sim.get("internal_group/list").await.payload();
    assert_eq!(groups["total_items"], 500);
    let menus = sim.get("key-interaction/list").await.payload();
    assert_eq!(menus["total_items"], 300);
}

#[tokio::test]
async fn an_empty_tenant_lists_nothing() {
    let sim = TestSim::with(sim::SimConfig {
        seed: sim::Seed::Empty,
        ..sim::SimConfig::default()
    })
    .await;
    let payload = sim.get("internal_phone/list").await.payload();
    assert_eq!(payload["items"], json!([]));
    assert_paging(&payload, 1, 50, 0);
    assert_eq!(sim.get("hotline/list").await.payload(), json!([]));
}
