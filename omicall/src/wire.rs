//! Tolerant decoding of vendor JSON.
//!
//! The vendor's answers mix types for one field across endpoints and versions: numbers arrive as
//! `null`, booleans as `"false"`, ids as `""`. These helpers are used with
//! `#[serde(default, deserialize_with = ...)]` so that a listing never fails on such a value.

use serde::{Deserialize, Deserializer, Serializer};
use serde_json::Value;

/// `null`, absent, `""`, a number or a numeric string → `Option<i64>`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        Value::Bool(b) => Some(i64::from(b)),
        _ => None,
    })
}

/// `true`, `"true"`, `1`, `"1"` and their opposites → `Option<bool>`; anything else is `None`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    })
}

/// A string, or a number written as one; `null`, absent and `""` → `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// Like [`opt_string`] but for fields that are always present in practice; absent → `""`.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string(d).map(Option::unwrap_or_default)
}

/// An open enum (see [`crate::enums`]) where "none" is written as `""` or `null`.
pub fn opt_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    Ok(opt_string(d)?.map(|s| T::from(s.as_str())))
}

/// A list where the vendor may send `null` instead of `[]`.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Writes an optional boolean the way the vendor does for some flags: `"true"` / `"false"`.
pub fn bool_as_text<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(true) => s.serialize_str("true"),
        Some(false) => s.serialize_str("false"),
        None => s.serialize_none(),
    }
}

/// Writes an optional string as `""` when absent, as the vendor does for empty ids.
pub fn empty_when_none<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_deref().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_i64")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "list")]
        l: Vec<u8>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).expect("tolerant decoding never fails on these")
    }

    #[test]
    fn numbers_arrive_as_numbers_strings_or_null() {
        assert_eq!(probe(r#"{"n": 3}"#).n, Some(3));
        assert_eq!(probe(r#"{"n": "42"}"#).n, Some(42));
        assert_eq!(probe(r#"{"n": null}"#).n, None);
        assert_eq!(probe(r#"{"n": ""}"#).n, None);
        assert_eq!(probe("{}").n, None);
    }

    #[test]
    fn booleans_arrive_as_text() {
        assert_eq!(probe(r#"{"b": "false"}"#).b, Some(false));
        assert_eq!(probe(r#"{"b": "TRUE"}"#).b, Some(true));
        assert_eq!(probe(r#"{"b": true}"#).b, Some(true));
        assert_eq!(probe(r#"{"b": 0}"#).b, Some(false));
        assert_eq!(probe(r#"{"b": "maybe"}"#).b, None);
    }

    #[test]
    fn empty_strings_and_nulls_are_absent_values() {
        assert_eq!(probe(r#"{"s": ""}"#).s, None);
        assert_eq!(probe(r#"{"s": 147}"#).s.as_deref(), Some("147"));
        assert!(probe(r#"{"l": null}"#).l.is_empty());
        assert_eq!(probe(r#"{"l": [1,2]}"#).l, vec![1, 2]);
    }
}
