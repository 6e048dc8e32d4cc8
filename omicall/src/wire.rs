//! Tolerant decoding of vendor JSON.
//!
//! The vendor's answers mix types for one field across endpoints and versions: numbers arrive as
//! `null`, booleans as `"false"`, ids as `""`. These helpers are used with
//! `#[serde(default, deserialize_with = ...)]` so that a listing never fails on such a value.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::Number;
use std::cell::Cell;
use std::fmt;

/// One field's value, whatever its JSON type. Read by a visitor rather than as a
/// `serde_json::Value`: a large tenant's flow has some 100,000 such fields, and building a value
/// tree for each was the better part of the editor's parse in the browser.
enum Loose {
    Text(String),
    Number(Number),
    Bool(bool),
    /// `null`, an object or an array: no scalar to read.
    Nothing,
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose, E> {
        Ok(Number::from_f64(v).map_or(Loose::Nothing, Loose::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Nothing)
    }

    fn visit_none<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Nothing)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Nothing)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Nothing)
    }
}

/// `null`, absent, `""`, a number or a numeric string → `Option<i64>`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Loose::deserialize(d)? {
        Loose::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Loose::Text(s) => s.trim().parse::<i64>().ok(),
        Loose::Bool(b) => Some(i64::from(b)),
        Loose::Nothing => None,
    })
}

/// `true`, `"true"`, `1`, `"1"` and their opposites → `Option<bool>`; anything else is `None`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Loose::deserialize(d)? {
        Loose::Bool(b) => Some(b),
        Loose::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Loose::Number(n) => n.as_i64().map(|i| i != 0),
        Loose::Nothing => None,
    })
}

/// A string, or a number written as one; `null`, absent and `""` → `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Loose::deserialize(d)? {
        Loose::Text(s) if s.is_empty() => None,
        Loose::Text(s) => Some(s),
        Loose::Number(n) => Some(n.to_string()),
        Loose::Bool(b) => Some(b.to_string()),
        Loose::Nothing => None,
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

thread_local! {
    /// Whether the records written now leave out their unset fields ([`leaving_out_unset`]).
    static LEAVING_OUT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` with the records it writes leaving out the fields that have no value, where
/// they would write `null` as the vendor does. For the console's own copies: the vendor's shape
/// (every field) is what the simulator must answer with, but the editor's load does not need
/// the nulls. Held per thread, and only while `write` runs: serde gives a field's
/// `skip_serializing_if` no other way to know who is writing.
pub fn leaving_out_unset<R>(write: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            LEAVING_OUT.with(|on| on.set(self.0));
        }
    }
    let _restore = Restore(LEAVING_OUT.with(|on| on.replace(true)));
    write()
}

/// The records' `skip_serializing_if`: an unset field is left out inside [`leaving_out_unset`].
pub fn left_out<T>(value: &Option<T>) -> bool {
    value.is_none() && LEAVING_OUT.with(Cell::get)
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
        assert_eq!(probe(r#"{"s": "a\"b"}"#).s.as_deref(), Some("a\"b"));
        assert!(probe(r#"{"l": null}"#).l.is_empty());
        assert_eq!(probe(r#"{"l": [1,2]}"#).l, vec![1, 2]);
    }

    #[test]
    fn objects_arrays_and_fractions_read_as_the_value_tree_read_them() {
        // An object or array where a scalar belongs is no value, and the rest still reads.
        let p = probe(r#"{"n": {"a": [1, {"b": 2}]}, "s": [1, "x"], "b": {}, "l": [3]}"#);
        assert_eq!((p.n, p.s, p.b, p.l), (None, None, None, vec![3]));
        assert_eq!(probe(r#"{"n": 2.9}"#).n, Some(2));
        assert_eq!(probe(r#"{"n": -7}"#).n, Some(-7));
        assert_eq!(probe(r#"{"s": 1.5}"#).s.as_deref(), Some("1.5"));
        assert_eq!(probe(r#"{"s": true}"#).s.as_deref(), Some("true"));
        assert_eq!(probe(r#"{"b": 2.0}"#).b, None);
        assert_eq!(probe(r#"{"n": 18446744073709551615}"#).n, Some(i64::MAX));
        // Read from a value tree too (as a stored record is).
        let p: Probe =
            serde_json::from_value(serde_json::json!({"n": "5", "b": 1, "s": 9})).expect("a probe");
        assert_eq!((p.n, p.b, p.s.as_deref()), (Some(5), Some(true), Some("9")));
    }
}
