//! An entry's before and after, field by field: each is flattened to dotted paths
//! (`members.0.sip_user`), and the paths whose values differ are listed.

use serde_json::Value;
use std::collections::BTreeMap;

/// One field that differs: its path, and its value before and after (`None` where it was
/// absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A value that says nothing when it appears or goes with its object.
fn blank(value: Option<&String>) -> bool {
    value.is_none_or(|v| matches!(v.as_str(), "" | "null" | "[]" | "{}"))
}

/// The fields that differ between `before` and `after`, in path order. A field that appears
/// or goes empty (a new object's unset fields) is left out.
pub fn field_changes(before: &Value, after: &Value) -> Vec<FieldChange> {
    let (mut old, mut new) = (BTreeMap::new(), BTreeMap::new());
    flatten(before, String::new(), &mut old);
    flatten(after, String::new(), &mut new);
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|path| old.get(*path) != new.get(*path))
        .filter(|path| !(blank(old.get(*path)) && blank(new.get(*path))))
        .map(|path| FieldChange {
            path: path.clone(),
            before: old.get(path).cloned(),
            after: new.get(path).cloned(),
        })
        .collect()
}

fn flatten(value: &Value, path: String, out: &mut BTreeMap<String, String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Null if path.is_empty() => {}
        Value::Object(map) if !map.is_empty() => {
            for (key, inner) in map {
                flatten(inner, join(key), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, inner) in items.iter().enumerate() {
                flatten(inner, join(&i.to_string()), out);
            }
        }
        Value::String(text) => {
            out.insert(path, text.clone());
        }
        other => {
            out.insert(path, other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_fields_that_differ_are_listed() {
        let before =
            json!({"group_name": "Kinh doanh", "members": [{"sip_user": "101"}], "timeout": 20});
        let after = json!({"group_name": "Bán hàng", "members": [{"sip_user": "101"}, {"sip_user": "102"}], "timeout": 20});
        assert_eq!(
            field_changes(&before, &after),
            [
                FieldChange {
                    path: "group_name".into(),
                    before: Some("Kinh doanh".into()),
                    after: Some("Bán hàng".into())
                },
                FieldChange {
                    path: "members.1.sip_user".into(),
                    before: None,
                    after: Some("102".into())
                },
            ]
        );
    }

    #[test]
    fn a_creation_lists_every_field_as_new_and_a_deletion_as_gone() {
        let made = json!({"greeting_name": "Chào", "bytes": 209});
        let created = field_changes(&Value::Null, &made);
        assert_eq!(created.len(), 2);
        assert!(created
            .iter()
            .all(|c| c.before.is_none() && c.after.is_some()));
        let deleted = field_changes(&made, &Value::Null);
        assert!(deleted
            .iter()
            .all(|c| c.before.is_some() && c.after.is_none()));
        assert!(field_changes(&made, &made).is_empty());
        let unset = json!({"greeting_name": "Chào", "note": null, "members": []});
        assert_eq!(field_changes(&Value::Null, &unset).len(), 1);
        // A field emptied on purpose is a change.
        let emptied = field_changes(&json!({"note": "gọi lại"}), &json!({"note": ""}));
        assert_eq!(emptied.len(), 1);
    }
}
