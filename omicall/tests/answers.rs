//! How the answer reader classifies what comes back, without a network.

use omicall::{read_answer, AuthFailure, Error};
use serde::de::IgnoredAny;

fn read(status: u16, body: &str) -> Result<IgnoredAny, Error> {
    read_answer("internal_group/list", status, body.as_bytes())
}

#[test]
fn a_vendor_refusal_carries_its_message() {
    let err = read(
        200,
        r#"{"status_code": -9999, "message": "script_name already exists"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::Rejected {
            endpoint: "internal_group/list",
            message: "script_name already exists".into()
        }
    );
}

#[test]
fn api_key_refusals_are_unauthorized() {
    let missing = read(
        200,
        r#"{"status_code": -9999, "message": "api_key_is_required"}"#,
    )
    .unwrap_err();
    assert_eq!(
        missing,
        Error::Unauthorized {
            endpoint: "internal_group/list",
            reason: AuthFailure::ApiKeyRequired
        }
    );
    let wrong = read(
        200,
        r#"{"status_code": -9999, "message": "api_key_invalid"}"#,
    )
    .unwrap_err();
    assert!(matches!(
        wrong,
        Error::Unauthorized {
            reason: AuthFailure::ApiKeyInvalid,
            ..
        }
    ));
}

#[test]
fn http_401_and_403_mean_the_token_was_refused() {
    for status in [401, 403] {
        let err = read(status, "").unwrap_err();
        assert!(err.is_unauthorized(), "{status}: {err:?}");
    }
}

#[test]
fn a_server_error_without_an_envelope_is_a_status_error() {
    assert_eq!(
        read(500, "<html>Internal Server Error</html>").unwrap_err(),
        Error::Status {
            endpoint: "internal_group/list",
            status: 500
        }
    );
}

#[test]
fn a_refusal_wins_over_its_http_status() {
    let err = read(
        400,
        r#"{"status_code": -9999, "message": "request_body_required"}"#,
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Rejected { ref message, .. } if message == "request_body_required")
    );
}

#[test]
fn a_broken_body_is_a_decode_error_that_quotes_nothing() {
    let err = read(200, r#"{"status_code": 9999, "payload": {"access_token": "#).unwrap_err();
    let Error::Decode { endpoint, detail } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*endpoint, "internal_group/list");
    assert!(detail.contains("line 1"), "{detail}");
    assert!(!detail.contains("access_token"), "{detail}");
}

#[test]
fn a_payload_of_the_wrong_shape_is_a_decode_error() {
    let err = read_answer::<Vec<String>>(
        "hotline/list",
        200,
        br#"{"status_code": 9999, "payload": {"a": 1}}"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                endpoint: "hotline/list",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn an_unknown_status_code_is_not_taken_for_success() {
    let err = read(200, r#"{"status_code": 0, "payload": []}"#).unwrap_err();
    assert!(matches!(err, Error::Rejected { .. }), "{err:?}");
}
