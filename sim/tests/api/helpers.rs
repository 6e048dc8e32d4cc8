//! A simulator on a free port, a client that talks raw HTTP/JSON to it, and the shape comparison
//! against the reference's example answers.

use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use sim::{spawn, Running, SimConfig, DEMO_API_KEY};
use std::time::Duration;

pub struct TestSim {
    pub running: Running,
    pub http: reqwest::Client,
    /// A token of the `demo` tenant.
    pub token: String,
}

/// An answer: HTTP status and the body as JSON (`Value::Null` if it was not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub text: String,
}

impl Answer {
    /// The payload of a success envelope; panics with the answer otherwise.
    pub fn payload(self) -> Value {
        assert_eq!(self.status, 200, "{self:?}");
        assert_eq!(self.body["status_code"], 9999, "{self:?}");
        self.body["payload"].clone()
    }

    /// The message of a refusal envelope (HTTP 200, -9999); panics otherwise.
    pub fn refusal(&self) -> String {
        assert_eq!(self.status, 200, "{self:?}");
        self.failure_message()
    }

    /// The message of any failure envelope, whatever the HTTP status.
    pub fn failure_message(&self) -> String {
        assert_eq!(self.body["status_code"], -9999, "{self:?}");
        self.body["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no message: {self:?}"))
            .to_owned()
    }
}

impl TestSim {
    pub async fn start() -> Self {
        Self::with(SimConfig::default()).await
    }

    pub async fn with(config: SimConfig) -> Self {
        let running = spawn(config).await.expect("the simulator starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        let mut sim = Self {
            running,
            http,
            token: String::new(),
        };
        sim.token = sim.log_in(DEMO_API_KEY).await;
        sim
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.base_url)
    }

    /// The URL of a call-center endpoint, e.g. `cc("internal_phone/list?size=2")`.
    pub fn cc(&self, path: &str) -> String {
        self.url(&format!("/api/call_center/{path}"))
    }

    pub async fn log_in(&self, api_key: &str) -> String {
        let payload = self
            .send(
                self.http
                    .get(self.url("/api/auth"))
                    .query(&[("apiKey", api_key)]),
            )
            .await
            .payload();
        payload["access_token"]
            .as_str()
            .expect("a token")
            .to_owned()
    }

    pub async fn send(&self, request: RequestBuilder) -> Answer {
        let response = request.send().await.expect("the simulator answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a whole answer");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, body, text }
    }

    /// A call-center request with the demo token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.cc(path))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(self.request(Method::POST, path).json(&body))
            .await
    }

    pub async fn put(&self, path: &str) -> Answer {
        self.send(self.request(Method::PUT, path)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.request(Method::DELETE, path)).await
    }

    /// All items of a list, in one page.
    pub async fn all(&self, list: &str) -> Vec<Value> {
        let page = self.get(&format!("{list}?size=500")).await.payload();
        page["items"].as_array().expect("a page of items").clone()
    }

    /// The first item of a list whose `field` equals `value`.
    pub async fn find(&self, list: &str, field: &str, value: &str) -> Value {
        self.all(list)
            .await
            .into_iter()
            .find(|item| item[field] == value)
            .unwrap_or_else(|| panic!("{list}: nothing has {field} = {value}"))
    }

    /// The `_id` of the first item of a list whose `field` equals `value`.
    pub async fn id_of(&self, list: &str, field: &str, value: &str) -> String {
        self.find(list, field, value).await["_id"]
            .as_str()
            .expect("items have ids")
            .to_owned()
    }

    /// The extension `sip_user`'s agent id.
    pub async fn agent_of(&self, sip_user: &str) -> String {
        self.find("internal_phone/list", "sip_user", sip_user).await["agent_id"]
            .as_str()
            .expect("extensions have agent ids")
            .to_owned()
    }

    pub async fn put_faults(&self, faults: Value) -> Answer {
        self.send(self.http.put(self.url("/_sim/faults")).json(&faults))
            .await
    }
}

/// One of the reference's example answers, from `tests/reference/`.
pub fn reference(name: &str) -> Value {
    // The reference's example answers, kept once, beside the client that decodes them.
    let path = format!(
        "{}/../omicall/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every field of `reference` is in `actual`; where both values are non-null they have the same
/// JSON type; objects are compared field by field and arrays by their first elements.
pub fn assert_same_shape(reference: &Value, actual: &Value) {
    compare(reference, actual, "$");
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn compare(reference: &Value, actual: &Value, path: &str) {
    match (reference, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(expected), Value::Object(got)) => {
            for (field, value) in expected {
                let Some(got_value) = got.get(field) else {
                    panic!("{path}.{field} is missing; the simulator sent {actual:#}");
                };
                compare(value, got_value, &format!("{path}.{field}"));
            }
        }
        (Value::Array(expected), Value::Array(got)) => match (expected.first(), got.first()) {
            (Some(e), Some(g)) => compare(e, g, &format!("{path}[0]")),
            (Some(_), None) => panic!("{path} is empty, so its elements cannot be compared"),
            _ => {}
        },
        _ => assert_eq!(
            kind(reference),
            kind(actual),
            "{path}: the reference has {reference}, the simulator {actual}"
        ),
    }
}

#[test]
fn the_shape_comparison_catches_missing_fields_and_changed_types() {
    use serde_json::json;
    let reference = json!({"a": 1, "b": [{"c": "x"}], "d": null});
    assert_same_shape(
        &reference,
        &json!({"a": 2, "b": [{"c": "y", "e": 1}], "d": 5, "z": 0}),
    );
    let missing = std::panic::catch_unwind(|| {
        assert_same_shape(&reference, &json!({"a": 2, "d": null}));
    });
    assert!(missing.is_err());
    let retyped = std::panic::catch_unwind(|| {
        assert_same_shape(&reference, &json!({"a": "2", "b": [{"c": "y"}], "d": null}));
    });
    assert!(retyped.is_err());
}
