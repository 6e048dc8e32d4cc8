//! What a box of the diagram shows, worked out from the flow alone. The diagram keeps one of
//! these per box and redraws a box only when its face changes: moving or editing one box leaves
//! every other box's elements (and the focus inside them) as they are.

use super::geometry::{height, rows, Port, Row};
use super::words::{
    group_name, members_words, menu_name, node_name, node_title, strategy_words, target_words,
};
use crate::i18n::{fill, Lang, MenuMsg};
use crate::ivr::layout::NodeKey;
use crate::ivr::{Flow, Target};

/// Everything inside one box.
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// The header's screen-reader name: "Kịch bản Chính".
    pub title: String,
    /// The name as the header shows it, cut to fit.
    pub name: String,
    pub height: f64,
    /// The rows below the header, top to bottom.
    pub rows: Vec<FaceRow>,
}

/// One row below a box's header.
#[derive(Debug, Clone, PartialEq)]
pub enum FaceRow {
    /// A line of text: the greeting, a group's strategy or members.
    Line(String),
    Port {
        port: Port,
        /// On the left: the key, or "↷" for the way on without a key.
        caption: String,
        /// On the right: where it leads, short.
        target: String,
        /// The screen reader's name of the port.
        label: String,
    },
}

/// The face of `key`, or `None` when the flow has no such node (any more).
pub fn face(flow: &Flow, key: &NodeKey, lang: Lang) -> Option<Face> {
    let exists = match key {
        NodeKey::Menu(id) => flow.menu(id).is_some(),
        NodeKey::Group(id) => flow.group(id).is_some(),
    };
    if !exists {
        return None;
    }
    let title = node_title(flow, key, lang);
    let rows = rows(flow, key)
        .into_iter()
        .map(|row| face_row(flow, key, row, lang))
        .collect();
    Some(Face {
        title,
        name: clip(&node_name(flow, key), 24),
        height: height(flow, key),
        rows,
    })
}

fn face_row(flow: &Flow, key: &NodeKey, row: Row, lang: Lang) -> FaceRow {
    match (row, key) {
        (Row::Greeting, NodeKey::Menu(id)) => FaceRow::Line(
            flow.menu(id)
                .and_then(|m| m.greeting.as_ref())
                .map(|g| {
                    let name = flow
                        .recording(g)
                        .map(|r| r.name().to_owned())
                        .unwrap_or_else(|| g.clone());
                    clip(&format!("♪ {name}"), 34)
                })
                .unwrap_or_else(|| format!("♪ {}", MenuMsg::None.text(lang))),
        ),
        (Row::Strategy, NodeKey::Group(id)) => FaceRow::Line(
            flow.group(id)
                .and_then(|g| strategy_words(g, lang))
                .unwrap_or_default(),
        ),
        (Row::Members, NodeKey::Group(id)) => FaceRow::Line(
            flow.group(id)
                .map(|g| clip(&members_words(g, lang), 34))
                .unwrap_or_default(),
        ),
        (Row::Port(port), _) => {
            let target = match port_target(flow, key, &port) {
                Some(t) => clip(&target_short(flow, &t, lang), 26),
                // The keys still free, so that the diagram hides none of them.
                None if port == Port::NewKey => clip(
                    &fill(
                        MenuMsg::FreeKeys.text(lang),
                        &[("free", &free_keys(flow, key).iter().collect::<String>())],
                    ),
                    20,
                ),
                None => MenuMsg::Nowhere.text(lang).to_owned(),
            };
            FaceRow::Port {
                caption: port_caption(flow, key, &port, lang),
                label: port_label(flow, key, &port, lang),
                target,
                port,
            }
        }
        // A row of the other kind of node: nothing to show.
        _ => FaceRow::Line(String::new()),
    }
}

/// Where a port leads now.
pub fn port_target(flow: &Flow, key: &NodeKey, port: &Port) -> Option<Target> {
    match (key, port) {
        (NodeKey::Menu(id), Port::Key(k)) => flow.menu(id)?.target_of(*k).cloned(),
        (NodeKey::Menu(id), Port::Fallback) => flow.menu(id)?.fallback.clone(),
        (NodeKey::Group(id), Port::OnTimeout) => flow.group(id)?.on_timeout.clone(),
        _ => None,
    }
}

/// The screen reader's name of a port: "Phím 1 của kịch bản Chính → nhóm Kinh doanh".
pub fn port_label(flow: &Flow, key: &NodeKey, port: &Port, lang: Lang) -> String {
    let target = target_words(flow, port_target(flow, key, port).as_ref(), lang);
    let name = node_name(flow, key);
    match port {
        Port::Key(k) => fill(
            MenuMsg::KeyPort.text(lang),
            &[("key", k), ("menu", &name), ("target", &target)],
        ),
        Port::Fallback => fill(
            MenuMsg::FallbackPort.text(lang),
            &[("menu", &name), ("target", &target)],
        ),
        Port::OnTimeout => fill(
            MenuMsg::TimeoutPort.text(lang),
            &[("group", &name), ("target", &target)],
        ),
        Port::NewKey => {
            let free = free_keys(flow, key);
            let list = free.iter().map(char::to_string).collect::<Vec<_>>();
            fill(
                MenuMsg::AddKeyPort.text(lang),
                &[
                    (
                        "key",
                        &free.first().map(char::to_string).unwrap_or_default(),
                    ),
                    ("menu", &name),
                    ("free", &list.join(", ")),
                ],
            )
        }
    }
}

/// The keys of a menu that lead nowhere yet, in keypad order: the first is the one a link
/// dragged from "+ key" takes.
pub fn free_keys(flow: &Flow, key: &NodeKey) -> Vec<char> {
    let NodeKey::Menu(id) = key else {
        return Vec::new();
    };
    flow.menu(id)
        .map(|m| {
            crate::ivr::KEYPAD
                .iter()
                .copied()
                .filter(|k| m.target_of(*k).is_none())
                .collect()
        })
        .unwrap_or_default()
}

/// What a port row shows on its left: the key, "↷" for the way on without a key, and for
/// "+ key" the key a link dragged from it takes.
fn port_caption(flow: &Flow, key: &NodeKey, port: &Port, lang: Lang) -> String {
    match port {
        Port::Key(k) => k.to_string(),
        Port::Fallback | Port::OnTimeout => "↷".to_owned(),
        Port::NewKey => match free_keys(flow, key).first() {
            Some(next) => format!("+ {}", fill(MenuMsg::NextKey.text(lang), &[("key", next)])),
            None => format!("+ {}", MenuMsg::AddKey.text(lang)),
        },
    }
}

/// Text cut to fit a box: `max` characters, the last an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// What a port leads to, short: the node's name, a recording's name, or the kind.
fn target_short(flow: &Flow, target: &Target, lang: Lang) -> String {
    match target {
        Target::Menu(id) => format!("» {}", menu_name(flow, id)),
        Target::Group(id) => group_name(flow, id),
        other => target_words(flow, Some(other), lang),
    }
}
