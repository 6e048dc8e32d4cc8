//! Which boxes are in the DOM. A large tenant draws what the view shows rather than every box:
//! the browser's work on every frame of a pan (style, layout, paint) grows with what the
//! diagram holds. A box is drawn once it reaches into the view and taken out only when it is
//! some way beyond it, so that a pan to and fro along the edge does not remake it each move.

use super::super::geometry::NODE_WIDTH;
use super::super::state::View;
use crate::ivr::layout::{NodeKey, Point};
use std::collections::BTreeMap;

/// How far beyond the view, in screen pixels, a drawn box stays drawn.
const KEPT: f64 = 100.0;
/// A bound on a box's height, for deciding whether it reaches into the view.
const TALLEST: f64 = 420.0;

/// The part of the canvas the view shows: the view's pan and zoom over the element's size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Sight {
    pub(super) view: View,
    pub(super) size: (f64, f64),
}

impl Sight {
    /// Whether a box at `at` reaches into the view or into `margin` screen pixels around it.
    fn reaches(self, at: Point, margin: f64) -> bool {
        let Sight { view, size } = self;
        let margin = margin / view.zoom;
        let (left, top) = (-view.x / view.zoom - margin, -view.y / view.zoom - margin);
        let (right, bottom) = (
            (size.0 - view.x) / view.zoom + margin,
            (size.1 - view.y) / view.zoom + margin,
        );
        at.x + NODE_WIDTH >= left && at.x <= right && at.y + TALLEST >= top && at.y <= bottom
    }
}

/// The boxes to draw for `sight`, in the positions' order, given those `drawn` (sorted): every
/// box the view reaches, those drawn that are still within the kept band, and the one `held`
/// (selected, so that its focus and a drag outlive a pan). Boxes outside `focus` (sorted), when
/// there is one, are never drawn.
pub(super) fn boxes_to_draw(
    positions: &BTreeMap<NodeKey, Point>,
    focus: Option<&[NodeKey]>,
    drawn: &[NodeKey],
    held: Option<&NodeKey>,
    sight: Sight,
) -> Vec<NodeKey> {
    let in_focus = |key: &NodeKey| focus.is_none_or(|f| f.binary_search(key).is_ok());
    positions
        .iter()
        .filter(|(key, _)| in_focus(key))
        .filter(|(key, at)| {
            let kept = drawn.binary_search(key).is_ok() && sight.reaches(**at, KEPT);
            kept || held == Some(*key) || sight.reaches(**at, 0.0)
        })
        .map(|(key, _)| key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ivr::NodeId;

    fn menu(id: &str) -> NodeKey {
        NodeKey::Menu(NodeId::Saved(id.to_string()))
    }

    fn at(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    const SIGHT: Sight = Sight {
        view: View {
            x: 0.0,
            y: 0.0,
            zoom: 1.0,
        },
        size: (900.0, 600.0),
    };

    #[test]
    fn a_box_reaches_the_view_as_far_as_the_margin_which_follows_the_zoom() {
        assert!(SIGHT.reaches(at(100.0, 100.0), 0.0));
        assert!(SIGHT.reaches(at(890.0, 100.0), 0.0));
        assert!(!SIGHT.reaches(at(910.0, 100.0), 0.0));
        assert!(SIGHT.reaches(at(900.0 + KEPT - 10.0, 100.0), KEPT));
        assert!(!SIGHT.reaches(at(900.0 + KEPT + 10.0, 100.0), KEPT));
        // A box above the view whose bottom may still show.
        assert!(SIGHT.reaches(at(100.0, -TALLEST + 10.0), 0.0));
        assert!(!SIGHT.reaches(at(100.0, -TALLEST - 10.0), 0.0));
        // Panned right by 2,000 px and zoomed out to a half: the view shows canvas x from 4,000
        // to 5,800, and a margin of 300 px is 600 canvas units.
        let panned = Sight {
            view: View {
                x: -2000.0,
                y: 0.0,
                zoom: 0.5,
            },
            ..SIGHT
        };
        assert!(!panned.reaches(at(100.0, 100.0), 300.0));
        assert!(panned.reaches(at(4000.0 - 600.0 - NODE_WIDTH + 10.0, 100.0), 300.0));
        assert!(panned.reaches(at(5800.0 + 590.0, 100.0), 300.0));
        assert!(!panned.reaches(at(5800.0 + 610.0, 100.0), 300.0));
    }

    #[test]
    fn what_the_view_reaches_is_drawn_and_a_drawn_box_stays_until_it_is_beyond_the_kept_band() {
        let positions = BTreeMap::from([
            (menu("in-view"), at(100.0, 100.0)),
            (menu("just-beyond"), at(900.0 + KEPT / 2.0, 100.0)),
            (menu("was-drawn"), at(900.0 + KEPT / 2.0, 300.0)),
            (menu("far"), at(900.0 + KEPT + 50.0, 100.0)),
        ]);
        let first = boxes_to_draw(&positions, None, &[], None, SIGHT);
        assert_eq!(first, vec![menu("in-view")]);
        let drawn = [menu("far"), menu("in-view"), menu("was-drawn")];
        let then = boxes_to_draw(&positions, None, &drawn, None, SIGHT);
        assert_eq!(then, vec![menu("in-view"), menu("was-drawn")]);
    }

    #[test]
    fn the_selected_box_stays_drawn_wherever_it_is() {
        let positions = BTreeMap::from([(menu("far"), at(9000.0, 100.0))]);
        let drawn = boxes_to_draw(&positions, None, &[], Some(&menu("far")), SIGHT);
        assert_eq!(drawn, vec![menu("far")]);
    }

    #[test]
    fn boxes_outside_the_focus_are_never_drawn() {
        let positions =
            BTreeMap::from([(menu("a"), at(100.0, 100.0)), (menu("b"), at(300.0, 100.0))]);
        let focus = [menu("b")];
        let drawn = boxes_to_draw(
            &positions,
            Some(&focus),
            &[menu("a")],
            Some(&menu("a")),
            SIGHT,
        );
        assert_eq!(drawn, vec![menu("b")]);
    }
}
