//! Which boxes are in the DOM. A large tenant draws what the view shows rather than every box:
//! the browser's work on every frame of a pan grows with what the drawing holds. How far
//! beyond the view boxes are drawn, and kept, depends on whether the view is moving (a pan, a
//! zoom) or settled (the browser idle since it last moved). Moving, a box is drawn once it
//! reaches into the view and taken out only far beyond it, so that a pan neither remakes boxes
//! along its edge nor, within that distance, takes any out in its frames. Settled, the boxes a
//! little beyond the view are drawn ahead, so that the next pan brings boxes already made into
//! view, and the far ones go.

use super::super::geometry::NODE_WIDTH;
use super::super::state::View;
use crate::ivr::layout::{NodeKey, Point};
use std::collections::BTreeMap;

/// How far beyond the view, in screen pixels, boxes are drawn (`draw`) and how far a box
/// drawn stays drawn (`keep`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Reach {
    draw: f64,
    keep: f64,
}

/// While the view moves, and until the browser is first idle: nothing is drawn ahead, as the
/// frame that would draw it is one the admin is watching, and what a pan leaves behind stays
/// for as far as a pan of a few seconds goes, as taking it out would cost that frame too.
pub(super) const MOVING: Reach = Reach {
    draw: 0.0,
    keep: 800.0,
};
/// Once the browser is idle since the view moved: the band drawn ahead, and a little beyond it
/// kept. A wider band costs every frame of a pan, since the browser's layerizing grows with the
/// boxes drawn (`make bench`, scale tenant: 2.2-3.3 ms a frame at 400 px, 1.5-1.7 at 300).
pub(super) const SETTLED: Reach = Reach {
    draw: 300.0,
    keep: 350.0,
};
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
/// box the view reaches with `reach.draw` around it, those drawn that it reaches with
/// `reach.keep` around it, and the one `held` (selected, so that its focus and a drag outlive
/// a pan). Boxes outside `focus` (sorted), when there is one, are never drawn.
pub(super) fn boxes_to_draw(
    positions: &BTreeMap<NodeKey, Point>,
    focus: Option<&[NodeKey]>,
    drawn: &[NodeKey],
    held: Option<&NodeKey>,
    sight: Sight,
    reach: Reach,
) -> Vec<NodeKey> {
    let in_focus = |key: &NodeKey| focus.is_none_or(|f| f.binary_search(key).is_ok());
    positions
        .iter()
        .filter(|(key, _)| in_focus(key))
        .filter(|(key, at)| {
            let kept = drawn.binary_search(key).is_ok() && sight.reaches(**at, reach.keep);
            kept || held == Some(*key) || sight.reaches(**at, reach.draw)
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
        assert!(SIGHT.reaches(at(900.0 + 90.0, 100.0), 100.0));
        assert!(!SIGHT.reaches(at(900.0 + 110.0, 100.0), 100.0));
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
    fn moving_what_the_view_reaches_is_drawn_and_a_drawn_box_stays_until_far_beyond_it() {
        let beyond = |by: f64, y: f64| at(900.0 + by, y);
        let positions = BTreeMap::from([
            (menu("in-view"), at(100.0, 100.0)),
            (menu("just-beyond"), beyond(MOVING.keep / 2.0, 100.0)),
            (menu("was-drawn"), beyond(MOVING.keep / 2.0, 300.0)),
            (menu("far"), beyond(MOVING.keep + 50.0, 100.0)),
        ]);
        let first = boxes_to_draw(&positions, None, &[], None, SIGHT, MOVING);
        assert_eq!(first, vec![menu("in-view")]);
        let drawn = [menu("far"), menu("in-view"), menu("was-drawn")];
        let then = boxes_to_draw(&positions, None, &drawn, None, SIGHT, MOVING);
        assert_eq!(then, vec![menu("in-view"), menu("was-drawn")]);
    }

    #[test]
    fn settled_the_band_ahead_is_drawn_and_a_pan_across_it_draws_and_takes_out_nothing() {
        let positions = BTreeMap::from([
            (menu("in-view"), at(100.0, 100.0)),
            (menu("ahead"), at(900.0 + SETTLED.draw - 10.0, 100.0)),
            (menu("beyond"), at(900.0 + SETTLED.draw + 10.0, 100.0)),
            (menu("behind"), at(-SETTLED.draw + 10.0 - NODE_WIDTH, 100.0)),
        ]);
        let idle = boxes_to_draw(&positions, None, &[], None, SIGHT, SETTLED);
        assert_eq!(idle, vec![menu("ahead"), menu("behind"), menu("in-view")]);
        // A pan of 300 px to the left: nothing new is drawn, and what was drawn ahead of the
        // view, or is left behind it, stays.
        let panned = Sight {
            view: View {
                x: -300.0,
                ..SIGHT.view
            },
            ..SIGHT
        };
        let during = boxes_to_draw(&positions, None, &idle, None, panned, MOVING);
        assert_eq!(during, idle);
        // Settled again: the band ahead moves with the view, and what is left behind beyond
        // the kept band goes.
        let after = boxes_to_draw(&positions, None, &during, None, panned, SETTLED);
        assert_eq!(after, vec![menu("ahead"), menu("beyond"), menu("in-view")]);
    }

    #[test]
    fn the_selected_box_stays_drawn_wherever_it_is() {
        let positions = BTreeMap::from([(menu("far"), at(9000.0, 100.0))]);
        let drawn = boxes_to_draw(&positions, None, &[], Some(&menu("far")), SIGHT, MOVING);
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
            SETTLED,
        );
        assert_eq!(drawn, vec![menu("b")]);
    }
}
