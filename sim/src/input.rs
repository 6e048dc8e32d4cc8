//! Reading requests. Axum's own `Json`, `Query` and `Path` extractors refuse with plain text; these
//! refuse with a [`Refusal`] naming the parameter or field, so a malformed request always gets the
//! failure envelope.

use crate::reply::Refusal;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Largest page size served; larger requests get pages of this size.
pub(crate) const MAX_PAGE_SIZE: i64 = 500;
/// Longest name (of a group, menu or greeting) accepted.
use omicall::rules::NAME_MAX_CHARS as MAX_NAME_CHARS;

/// Refuses a name longer than [`MAX_NAME_CHARS`].
fn check_name(field: String, name: &str) -> Result<(), Refusal> {
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Refusal::TooLong {
            field,
            max: MAX_NAME_CHARS,
        });
    }
    Ok(())
}

/// The query string, by name. A repeated name keeps its last value.
#[derive(Debug, Default)]
pub(crate) struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| Refusal::BadQuery(e.body_text()))?;
        Ok(Params(pairs.into_iter().collect()))
    }
}

impl Params {
    /// The trimmed value; blank counts as absent.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub(crate) fn required(&self, name: &str) -> Result<&str, Refusal> {
        self.text(name).ok_or_else(|| Refusal::required(name))
    }

    /// A required name of at most [`MAX_NAME_CHARS`] characters.
    pub(crate) fn required_name(&self, name: &str) -> Result<String, Refusal> {
        let value = self.required(name)?;
        check_name(name.to_owned(), value)?;
        Ok(value.to_owned())
    }

    /// `page`, `size` and `keyword` of a list endpoint, with the endpoint's default size.
    pub(crate) fn page_request(&self, default_size: i64) -> Result<PageRequest, Refusal> {
        let page = self.positive("page")?.unwrap_or(1);
        let size = self
            .positive("size")?
            .unwrap_or(default_size)
            .min(MAX_PAGE_SIZE);
        let keyword = self.text("keyword").map(omicall::text::search_key);
        Ok(PageRequest {
            page,
            size,
            keyword,
        })
    }

    fn positive(&self, name: &str) -> Result<Option<i64>, Refusal> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        match text.parse::<i64>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(Refusal::WrongType {
                field: name.to_owned(),
                expected: "a whole number from 1",
            }),
        }
    }
}

/// What a list endpoint was asked for. `keyword` is already a search key
/// ([`omicall::text::search_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRequest {
    pub page: i64,
    pub size: i64,
    pub keyword: Option<String>,
}

impl PageRequest {
    /// Whether any of `fields` contains the keyword, ignoring diacritics and case.
    pub(crate) fn matches<'a>(&self, fields: impl IntoIterator<Item = &'a str>) -> bool {
        match &self.keyword {
            None => true,
            Some(key) => fields
                .into_iter()
                .any(|field| omicall::text::matches(field, key)),
        }
    }

    /// Pages `items` (already filtered, in answer order) the vendor's way, cloning only the
    /// items on the page.
    pub(crate) fn paginate<'a, T: Clone + 'a>(
        &self,
        items: impl Iterator<Item = &'a T>,
    ) -> omicall::Page<T> {
        let skip = usize::try_from((self.page - 1).saturating_mul(self.size)).unwrap_or(usize::MAX);
        let take = usize::try_from(self.size).unwrap_or(usize::MAX);
        let mut total: i64 = 0;
        let mut window = Vec::new();
        for (i, item) in items.enumerate() {
            total += 1;
            if i >= skip && window.len() < take {
                window.push(item.clone());
            }
        }
        omicall::Page::new(window, self.page, self.size, total)
    }
}

/// A path segment such as `:id`.
#[derive(Debug)]
pub(crate) struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| Refusal::BadQuery(e.body_text()))?;
        let id = id.trim().to_owned();
        if id.is_empty() {
            return Err(Refusal::required("id"));
        }
        Ok(PathId(id))
    }
}

/// A JSON object body, read field by field with messages naming the field.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody(pub Fields);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| Refusal::BodyUnreadable(e.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Refusal::BodyRequired);
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonBody(Fields::new(map, ""))),
            Ok(_) => Err(Refusal::NotAnObject),
            Err(e) => Err(Refusal::BadJson(e.to_string())),
        }
    }
}

/// The fields of one JSON object; `prefix` places it inside the body (`scripts[2].`) so that
/// messages name the field in full.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    map: Map<String, Value>,
    prefix: String,
}

impl Fields {
    pub(crate) fn new(map: Map<String, Value>, prefix: &str) -> Self {
        Self {
            map,
            prefix: prefix.to_owned(),
        }
    }

    pub(crate) fn name(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    /// Whether the body names `field` at all (even as `null` or `""`).
    pub(crate) fn has(&self, field: &str) -> bool {
        self.map.contains_key(field)
    }

    /// The value, with `null` counted as absent.
    fn value(&self, field: &str) -> Option<&Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn wrong_type(&self, field: &str, expected: &'static str) -> Refusal {
        Refusal::WrongType {
            field: self.name(field),
            expected,
        }
    }

    /// A non-blank string, trimmed.
    pub(crate) fn required_text(&self, field: &str) -> Result<String, Refusal> {
        self.optional_text(field)?
            .ok_or_else(|| Refusal::required(self.name(field)))
    }

    /// A required name of at most [`MAX_NAME_CHARS`] characters, trimmed.
    pub(crate) fn required_name(&self, field: &str) -> Result<String, Refusal> {
        let value = self.required_text(field)?;
        check_name(self.name(field), &value)?;
        Ok(value)
    }

    /// A string, trimmed; absent, `null` and blank are `None`.
    pub(crate) fn optional_text(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.value(field) {
            None => Ok(None),
            Some(Value::String(s)) => {
                let s = s.trim();
                Ok((!s.is_empty()).then(|| s.to_owned()))
            }
            Some(_) => Err(self.wrong_type(field, "a string")),
        }
    }

    /// A whole JSON number within `min..=max`.
    pub(crate) fn required_whole(&self, field: &str, min: i64, max: i64) -> Result<i64, Refusal> {
        let value = self
            .value(field)
            .ok_or_else(|| Refusal::required(self.name(field)))?;
        let n = value
            .as_i64()
            .ok_or_else(|| self.whole_in(field, min, max))?;
        if (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(self.whole_in(field, min, max))
        }
    }

    /// Like [`Self::required_whole`], but a string holding a whole number is accepted too (the
    /// reference types TTS `speed` as a string).
    pub(crate) fn required_whole_or_text(
        &self,
        field: &str,
        min: i64,
        max: i64,
    ) -> Result<i64, Refusal> {
        match self.value(field) {
            Some(Value::String(s)) if s.trim().is_empty() => {
                Err(Refusal::required(self.name(field)))
            }
            Some(Value::String(s)) => match s.trim().parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(self.whole_in(field, min, max)),
            },
            _ => self.required_whole(field, min, max),
        }
    }

    fn whole_in(&self, field: &str, min: i64, max: i64) -> Refusal {
        Refusal::OutOfRange {
            field: self.name(field),
            min,
            max,
        }
    }

    /// An array of non-blank strings, each trimmed.
    pub(crate) fn text_list(&self, field: &str) -> Result<Vec<String>, Refusal> {
        let items = self.array(field, "an array of strings")?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
                Value::String(_) | Value::Null => {
                    Err(Refusal::required(format!("{}[{i}]", self.name(field))))
                }
                _ => Err(Refusal::WrongType {
                    field: format!("{}[{i}]", self.name(field)),
                    expected: "a string",
                }),
            })
            .collect()
    }

    /// Like [`Self::text_list`], but one string of comma-separated values is accepted too (the
    /// reference types `sip_members` of a group update as a string).
    pub(crate) fn text_list_or_csv(&self, field: &str) -> Result<Vec<String>, Refusal> {
        match self.value(field) {
            Some(Value::String(s)) => Ok(s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()),
            _ => self.text_list(field),
        }
    }

    /// An array of objects, each readable with its position in field names.
    pub(crate) fn object_list(&self, field: &str) -> Result<Vec<Fields>, Refusal> {
        let items = self.array(field, "an array of objects")?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(map) => Ok(Fields::new(
                    map.clone(),
                    &format!("{}[{i}].", self.name(field)),
                )),
                _ => Err(Refusal::WrongType {
                    field: format!("{}[{i}]", self.name(field)),
                    expected: "an object",
                }),
            })
            .collect()
    }

    fn array(&self, field: &str, expected: &'static str) -> Result<&Vec<Value>, Refusal> {
        match self.value(field) {
            None => Err(Refusal::required(self.name(field))),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.wrong_type(field, expected)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Fields {
        match serde_json::from_str(json) {
            Ok(Value::Object(map)) => Fields::new(map, ""),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn paging_parameters_must_be_positive_whole_numbers() {
        let req = params(&[]).page_request(50).unwrap();
        assert_eq!((req.page, req.size, req.keyword), (1, 50, None));
        for (name, bad) in [
            ("page", "0"),
            ("size", "abc"),
            ("page", "-1"),
            ("size", "1.5"),
        ] {
            let err = params(&[(name, bad)]).page_request(10).unwrap_err();
            assert!(err.to_string().starts_with(name), "{err}");
        }
        let capped = params(&[("size", "100000")]).page_request(10).unwrap();
        assert_eq!(capped.size, MAX_PAGE_SIZE);
    }

    #[test]
    fn paginate_counts_everything_and_keeps_one_window() {
        let req = PageRequest {
            page: 2,
            size: 3,
            keyword: None,
        };
        let all: Vec<i32> = (0..8).collect();
        let page = req.paginate(all.iter());
        assert_eq!(page.items, vec![3, 4, 5]);
        assert_eq!(page.total_items, Some(8));
        assert_eq!(page.total_pages, Some(3));
    }

    #[test]
    fn field_messages_name_the_field_in_full() {
        let body = fields(r#"{"scripts": [{"ivr": 1}], "timeout": "30", "name": "  "}"#);
        let scripts = body.object_list("scripts").unwrap();
        assert_eq!(
            scripts[0].required_text("ivr").unwrap_err().to_string(),
            "scripts[0].ivr must be a string"
        );
        assert!(body
            .required_whole("timeout", 1, 600)
            .unwrap_err()
            .to_string()
            .starts_with("timeout must be a whole number"));
        assert_eq!(
            body.required_text("name").unwrap_err().to_string(),
            "name is required"
        );
        assert_eq!(
            body.text_list("sip_members").unwrap_err().to_string(),
            "sip_members is required"
        );
    }

    #[test]
    fn a_speed_may_be_a_number_or_a_numeric_string() {
        let f = fields(r#"{"a": "-2", "b": 3, "c": "fast", "d": 4}"#);
        assert_eq!(f.required_whole_or_text("a", -3, 3).unwrap(), -2);
        assert_eq!(f.required_whole_or_text("b", -3, 3).unwrap(), 3);
        assert!(f.required_whole_or_text("c", -3, 3).is_err());
        assert!(f.required_whole_or_text("d", -3, 3).is_err());
    }
}
