//! Extension status, lookups, and hotline assignment.

use crate::helpers::TestSim;
use serde_json::json;

#[tokio::test]
async fn an_extension_can_be_disabled_and_enabled_but_its_status_is_never_listed() {
    let sim = TestSim::start().await;
    let answer = sim
        .put("internal_phone/status?enabled=false&sip_user=100")
        .await;
    assert_eq!(
        answer.payload(),
        json!({"sip_user": "100", "enabled": false})
    );
    let answer = sim
        .put("internal_phone/status?enabled=TRUE&sip_user=100")
        .await;
    assert_eq!(
        answer.payload(),
        json!({"sip_user": "100", "enabled": true})
    );
    for extension in sim.all("internal_phone/list").await {
        assert!(extension.get("enabled").is_none(), "{extension}");
    }
}

#[tokio::test]
async fn status_changes_name_what_is_wrong() {
    let sim = TestSim::start().await;
    for (query, expected) in [
        (
            "enabled=false&sip_user=999",
            "sip_user: extension '999' does not exist",
        ),
        (
            "enabled=maybe&sip_user=100",
            "enabled: unknown value 'maybe' (expected true or false)",
        ),
        ("sip_user=100", "enabled is required"),
        ("enabled=true", "sip_user is required"),
    ] {
        let message = sim
            .put(&format!("internal_phone/status?{query}"))
            .await
            .refusal();
        assert_eq!(message, expected);
    }
}

#[tokio::test]
async fn an_extension_is_looked_up_by_number_email_or_user_name() {
    let sim = TestSim::start().await;
    let by_sip = sim
        .get("extensions/detail?type=sip_user&keyword=100")
        .await
        .payload();
    assert_eq!(by_sip["full_name"], "Nguyễn Thị Hồng");
    assert_eq!(by_sip["mail"], "hong.nguyen@anphat.vn");
    assert_eq!(by_sip["pbx_account"]["sip_user"], "100");
    assert_eq!(by_sip["pbx_account"]["sip_realm"], "anphat");
    let by_mail = sim
        .get("extensions/detail?type=user_email&keyword=HONG.NGUYEN@anphat.vn")
        .await
        .payload();
    assert_eq!(by_mail, by_sip);
    let by_uuid = sim
        .get("extensions/detail?type=usr_uuid&keyword=hong.nguyen")
        .await
        .payload();
    assert_eq!(by_uuid, by_sip);
    let message = sim
        .get("extensions/detail?type=name&keyword=100")
        .await
        .refusal();
    assert!(
        message.starts_with("type: unknown value 'name'"),
        "{message}"
    );
    let message = sim
        .get("extensions/detail?type=sip_user&keyword=999")
        .await
        .refusal();
    assert!(message.contains("999"), "{message}");
    let message = sim.get("extensions/detail?type=sip_user").await.refusal();
    assert_eq!(message, "keyword is required");
}

#[tokio::test]
async fn a_hotline_dedicated_to_an_extension_is_its_only_one_and_no_longer_shared() {
    let sim = TestSim::start().await;
    let all = sim.get("hotline/list").await.payload();
    assert_eq!(all, json!(["02473001234", "02873005678", "02363009999"]));
    assert_eq!(sim.get("hotline/list?extension=100").await.payload(), all);

    let body = json!({"hotline": "02873005678", "user_email": "hong.nguyen@anphat.vn", "directions": ["outbound", "inbound"]});
    let answer = sim.post("hotline/extension/update", body).await.payload();
    assert_eq!(answer["sip_user"], "100");
    assert_eq!(answer["directions"], json!(["outbound", "inbound"]));

    assert_eq!(
        sim.get("hotline/list?extension=100").await.payload(),
        json!(["02873005678"])
    );
    assert_eq!(
        sim.get("hotline/list?extension=101").await.payload(),
        json!(["02473001234", "02363009999"])
    );
    let hong = sim.find("internal_phone/list", "sip_user", "100").await;
    assert_eq!(hong["public_number"], "02873005678");
    let care = sim.find("internal_phone/list", "sip_user", "112").await;
    assert_eq!(
        care["public_number"], "02473001234",
        "it lost its dedicated hotline"
    );

    // Given to someone else, it moves.
    let body = json!({"hotline": "02873005678", "user_email": "dung.tran@anphat.vn", "directions": ["outbound"]});
    sim.post("hotline/extension/update", body).await.payload();
    assert_eq!(
        sim.get("hotline/list?extension=101").await.payload(),
        json!(["02873005678"])
    );
    assert_eq!(
        sim.get("hotline/list?extension=100").await.payload(),
        json!(["02473001234", "02363009999"])
    );
}

#[tokio::test]
async fn hotline_assignment_names_what_is_wrong() {
    let sim = TestSim::start().await;
    for (body, expected) in [
        (
            json!({"hotline": "0999", "user_email": "hong.nguyen@anphat.vn", "directions": ["outbound"]}),
            "hotline: hotline '0999' does not exist",
        ),
        (
            json!({"hotline": "02473001234", "user_email": "ai@dau.vn", "directions": ["outbound"]}),
            "user_email: extension with email 'ai@dau.vn' does not exist",
        ),
        (
            json!({"hotline": "02473001234", "user_email": "hong.nguyen@anphat.vn", "directions": []}),
            "directions needs at least one of inbound, outbound",
        ),
        (
            json!({"hotline": "02473001234", "user_email": "hong.nguyen@anphat.vn", "directions": ["sideways"]}),
            "directions[0]: unknown value 'sideways' (expected inbound or outbound)",
        ),
        (
            json!({"hotline": "02473001234", "user_email": "hong.nguyen@anphat.vn"}),
            "directions is required",
        ),
    ] {
        let message = sim.post("hotline/extension/update", body).await.refusal();
        assert_eq!(message, expected);
    }
    let message = sim.get("hotline/list?extension=999").await.refusal();
    assert_eq!(message, "extension: extension '999' does not exist");
}
