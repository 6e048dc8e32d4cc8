//! Where the editor draws each node, and which menus the admin marked as where callers start:
//! console data the vendor has no place for, kept per tenant by the server.

use super::model::{Flow, IdMap, NodeId};
use super::validate::entry_menus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// A node of the canvas: a menu or a ring group, saved or draft.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeKey {
    Menu(NodeId),
    Group(NodeId),
}

/// A point on the canvas, in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Horizontal distance between layers of the automatic layout.
pub const LAYER_GAP: f64 = 300.0;
/// Vertical distance between nodes of one layer.
pub const ROW_GAP: f64 = 170.0;

/// Positions by node, and the entry marks. Stored as JSON, so only saved ids go in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// `m:<menu id>` or `g:<group id>`.
    pub positions: BTreeMap<String, Point>,
    /// Menu ids marked as entries.
    pub entries: BTreeSet<String>,
}

impl NodeKey {
    /// The stored form, for saved menus and groups; `None` for a draft.
    pub fn stored(&self) -> Option<String> {
        match self {
            NodeKey::Menu(NodeId::Saved(id)) => Some(format!("m:{id}")),
            NodeKey::Group(NodeId::Saved(id)) => Some(format!("g:{id}")),
            NodeKey::Menu(NodeId::Draft(_)) | NodeKey::Group(NodeId::Draft(_)) => None,
        }
    }

    /// A saved menu or group from its stored form (see [`NodeKey::stored`]).
    pub fn from_stored(text: &str) -> Option<NodeKey> {
        match text.split_once(':')? {
            ("m", id) => Some(NodeKey::Menu(NodeId::Saved(id.to_owned()))),
            ("g", id) => Some(NodeKey::Group(NodeId::Saved(id.to_owned()))),
            _ => None,
        }
    }
}

impl Layout {
    /// The stored positions of the nodes `flow` has.
    pub fn positions(&self, flow: &Flow) -> BTreeMap<NodeKey, Point> {
        self.positions
            .iter()
            .filter_map(|(k, p)| NodeKey::from_stored(k).map(|k| (k, *p)))
            .filter(|(k, _)| match k {
                NodeKey::Menu(id) => flow.menu(id).is_some(),
                NodeKey::Group(id) => flow.group(id).is_some(),
            })
            .collect()
    }

    /// A layout to store: positions of saved nodes (drafts the save created under their new
    /// ids), and the marked entries.
    pub fn of(positions: &BTreeMap<NodeKey, Point>, flow: &Flow, created: &IdMap) -> Layout {
        let saved_id = |id: &NodeId| match id {
            NodeId::Draft(n) => created.get(n).map(|id| NodeId::Saved(id.clone())),
            NodeId::Saved(_) => Some(id.clone()),
        };
        let saved = |key: &NodeKey| match key {
            NodeKey::Menu(id) => saved_id(id).map(NodeKey::Menu),
            NodeKey::Group(id) => saved_id(id).map(NodeKey::Group),
        };
        Layout {
            positions: positions
                .iter()
                .filter_map(|(k, p)| saved(k).and_then(|k| k.stored()).map(|k| (k, *p)))
                .collect(),
            entries: flow
                .menus()
                .filter(|m| m.entry)
                .filter_map(|m| match &m.id {
                    NodeId::Saved(id) => Some(id.clone()),
                    NodeId::Draft(n) => created.get(n).cloned(),
                })
                .collect(),
        }
    }
}

/// Where every node goes when nothing placed it: layers by distance from the entry menus
/// (groups one layer after the menu that reaches them), nodes of a layer in id order; nodes
/// nothing reaches go in a last layer.
pub fn auto_layout(flow: &Flow) -> BTreeMap<NodeKey, Point> {
    let mut layer: HashMap<NodeKey, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    for entry in entry_menus(flow) {
        let key = NodeKey::Menu(entry);
        if layer.insert(key.clone(), 0).is_none() {
            queue.push_back(key);
        }
    }
    while let Some(key) = queue.pop_front() {
        let depth = layer[&key];
        for next in successors(flow, &key) {
            if !layer.contains_key(&next) {
                layer.insert(next.clone(), depth + 1);
                queue.push_back(next);
            }
        }
    }
    let last = layer.values().copied().max().map_or(0, |d| d + 1);
    let all = flow
        .menus()
        .map(|m| NodeKey::Menu(m.id.clone()))
        .chain(flow.groups().map(|g| NodeKey::Group(g.id.clone())));
    let mut rows: BTreeMap<usize, usize> = BTreeMap::new();
    all.map(|key| {
        let depth = layer.get(&key).copied().unwrap_or(last);
        let row = rows.entry(depth).or_default();
        let point = Point {
            x: 40.0 + depth as f64 * LAYER_GAP,
            y: 40.0 + *row as f64 * ROW_GAP,
        };
        *row += 1;
        (key, point)
    })
    .collect()
}

/// The nodes a node leads to.
pub fn successors(flow: &Flow, key: &NodeKey) -> Vec<NodeKey> {
    use super::model::Target;
    let to_key = |t: &Target| match t {
        Target::Menu(id) if flow.menu(id).is_some() => Some(NodeKey::Menu(id.clone())),
        Target::Group(id) if flow.group(id).is_some() => Some(NodeKey::Group(id.clone())),
        _ => None,
    };
    match key {
        NodeKey::Menu(id) => flow
            .menu(id)
            .map(|m| m.targets().filter_map(|(_, t)| to_key(t)).collect())
            .unwrap_or_default(),
        NodeKey::Group(id) => flow
            .group(id)
            .and_then(|g| g.on_timeout.as_ref())
            .and_then(to_key)
            .into_iter()
            .collect(),
    }
}

/// A place for a node being added: right of `near`, below whatever is already there.
pub fn place_near(positions: &BTreeMap<NodeKey, Point>, near: Option<Point>) -> Point {
    let start = near.map_or(Point { x: 40.0, y: 40.0 }, |p| Point {
        x: p.x + LAYER_GAP,
        y: p.y,
    });
    let taken = |p: Point| {
        positions
            .values()
            .any(|q| (q.x - p.x).abs() < LAYER_GAP / 2.0 && (q.y - p.y).abs() < ROW_GAP / 2.0)
    };
    (0..)
        .map(|i| Point {
            x: start.x,
            y: start.y + f64::from(i) * ROW_GAP,
        })
        .find(|p| !taken(*p))
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::*;

    #[test]
    fn the_automatic_layout_puts_each_node_a_layer_after_what_leads_to_it() {
        let flow = tenant();
        let points = auto_layout(&flow);
        let x = |k: NodeKey| points[&k].x;
        assert_eq!(x(NodeKey::Menu(id("main"))), 40.0);
        assert_eq!(x(NodeKey::Menu(id("sub"))), 40.0 + LAYER_GAP);
        assert_eq!(x(NodeKey::Group(id("sales"))), 40.0 + LAYER_GAP);
        assert_eq!(points.len(), 4);
        let mut seen: Vec<(i64, i64)> = points.values().map(|p| (p.x as i64, p.y as i64)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 4, "no two nodes on one spot");
    }

    #[test]
    fn a_stored_layout_keeps_saved_nodes_and_created_drafts_under_their_ids() {
        let flow = tenant();
        let mut positions = auto_layout(&flow);
        positions.insert(NodeKey::Menu(NodeId::Draft(0)), Point { x: 1.0, y: 2.0 });
        let created = IdMap::from([(0, "new-id".to_owned())]);
        let layout = Layout::of(&positions, &flow, &created);
        assert_eq!(layout.positions["m:new-id"], Point { x: 1.0, y: 2.0 });
        assert!(layout.positions.contains_key("g:sales"));
        let back = layout.positions(&flow);
        assert_eq!(back.len(), 4, "the draft's id is not in this flow yet");
    }

    #[test]
    fn a_new_node_is_placed_where_nothing_is() {
        let mut positions = BTreeMap::new();
        positions.insert(NodeKey::Group(id("a")), Point { x: 340.0, y: 40.0 });
        let p = place_near(&positions, Some(Point { x: 40.0, y: 40.0 }));
        assert_eq!(
            p,
            Point {
                x: 340.0,
                y: 40.0 + ROW_GAP
            }
        );
    }
}
