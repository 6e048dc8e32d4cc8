//! The diagram's edges: which port leads to which box, apart from where the boxes are, so that
//! moving a box only moves the ends of its edges.

use super::super::geometry::{Port, NODE_WIDTH};
use super::super::state::Editor;
use crate::ivr::layout::{NodeKey, Point};
use leptos::prelude::*;

/// An edge as the flow has it: which port of which box leads to which box, and where it meets
/// each, as offsets from the boxes' corners. Positions are not part of it, so moving a box
/// leaves the list as it is and only the edges' geometry follows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Edge {
    pub(super) key: NodeKey,
    pub(super) port: Port,
    pub(super) to: NodeKey,
    /// How far below its box's top the port is.
    pub(super) from_dy: f64,
    /// How far below its box's top the edge arrives, spread so that each end can be grabbed.
    pub(super) end_dy: f64,
    pub(super) silent: bool,
    /// The port's screen-reader name, which the end's handle shares: made only for the edges
    /// drawn (empty in the list of every edge).
    pub(super) label: String,
}

impl Edge {
    /// All that is drawn of the edge but its position, as a key for the keyed list: an edge is
    /// redrawn when that changes, and the others stay as they are.
    pub(super) fn identity(&self) -> (NodeKey, Port, NodeKey, [u64; 2], String) {
        let dy = [self.from_dy, self.end_dy].map(f64::to_bits);
        (
            self.key.clone(),
            self.port.clone(),
            self.to.clone(),
            dy,
            self.label.clone(),
        )
    }

    /// Where the edge starts and ends, following the two boxes' positions.
    pub(super) fn ends(&self, editor: Editor) -> Memo<Option<(Point, Point)>> {
        let (key, to, from_dy, end_dy) =
            (self.key.clone(), self.to.clone(), self.from_dy, self.end_dy);
        Memo::new(move |_| {
            editor.positions.with(|p| {
                let (at, to_at) = (p.get(&key)?, p.get(&to)?);
                Some((
                    Point {
                        x: at.x + NODE_WIDTH,
                        y: at.y + from_dy,
                    },
                    Point {
                        x: to_at.x,
                        y: to_at.y + end_dy,
                    },
                ))
            })
        })
    }
}
