//! Where things are drawn: node boxes, their rows and ports, in canvas units.

use crate::ivr::layout::{NodeKey, Point};
use crate::ivr::Flow;

pub const NODE_WIDTH: f64 = 230.0;
pub const HEADER: f64 = 30.0;
pub const ROW: f64 = 24.0;
/// The radius of a port's circle.
pub const PORT: f64 = 7.0;

/// A port of a node: where an edge starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Port {
    /// A configured key of a menu, by its entry text.
    Key(char),
    /// A menu's "+ key" row: dragging from it routes the first unused key.
    NewKey,
    Fallback,
    /// A group's on-timeout target.
    OnTimeout,
}

/// The rows a node shows below its header, in order.
pub fn rows(flow: &Flow, key: &NodeKey) -> Vec<Row> {
    match key {
        NodeKey::Menu(id) => {
            let Some(menu) = flow.menu(id) else {
                return Vec::new();
            };
            let mut rows = vec![Row::Greeting];
            rows.extend(
                menu.keys
                    .iter()
                    .filter(|b| b.target.is_some())
                    .filter_map(|b| b.keypad_key())
                    .map(|k| Row::Port(Port::Key(k))),
            );
            rows.push(Row::Port(Port::Fallback));
            rows.push(Row::Port(Port::NewKey));
            rows
        }
        NodeKey::Group(_) => vec![Row::Strategy, Row::Members, Row::Port(Port::OnTimeout)],
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Greeting,
    Strategy,
    Members,
    Port(Port),
}

pub fn height(flow: &Flow, key: &NodeKey) -> f64 {
    HEADER + rows(flow, key).len() as f64 * ROW + 6.0
}

/// The centre of a port's circle, on the node's right edge.
pub fn port_point(flow: &Flow, key: &NodeKey, at: Point, port: &Port) -> Option<Point> {
    let index = rows(flow, key)
        .iter()
        .position(|r| *r == Row::Port(port.clone()))?;
    Some(Point {
        x: at.x + NODE_WIDTH,
        y: at.y + HEADER + index as f64 * ROW + ROW / 2.0,
    })
}

/// A curve from `a` to `b`, leaving rightwards and arriving from the left.
pub fn curve(a: Point, b: Point) -> String {
    let bend = ((b.x - a.x).abs() / 2.0).max(60.0);
    format!(
        "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
        a.x,
        a.y,
        a.x + bend,
        a.y,
        b.x - bend,
        b.y,
        b.x,
        b.y
    )
}
