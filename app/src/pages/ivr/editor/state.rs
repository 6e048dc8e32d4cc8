//! The editor's state: the flow as loaded and as edited, the edits (what a save sends), undo and
//! redo, node positions and the selection. Every change goes through [`Editor::apply`].

use super::geometry::{height as box_height, Port, NODE_WIDTH};
use super::timing::timed;
use super::validation::Validation;
use crate::ivr::layout::{auto_layout, place_near, Layout, NodeKey, Point, LAYER_GAP};
use crate::ivr::rebase::Draft;
use crate::ivr::version::{diff, Diff, LostGreeting, Unrestorable, Version};
use crate::ivr::{Flow, History, IdMap, NodeId, Op, OpError, Subject};
use crate::server_fns::flow::FlowData;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// How the canvas is shown: a pan offset (screen pixels) and a zoom factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub zoom: f64,
}

impl Default for View {
    fn default() -> Self {
        View {
            x: 0.0,
            y: 0.0,
            zoom: 1.0,
        }
    }
}

/// What the caller panel lights on the diagram: the boxes a simulated call went through, the
/// ports it left them by, and the box the call is at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lit {
    pub nodes: Vec<NodeKey>,
    pub ports: Vec<(NodeKey, super::geometry::Port)>,
    pub current: Option<NodeKey>,
}

/// The editor's signals; `Copy`, so handlers take it by value.
#[derive(Clone, Copy)]
pub struct Editor {
    pub data: StoredValue<FlowData>,
    pub loaded: StoredValue<Flow>,
    pub flow: RwSignal<Flow>,
    /// The one record of the edits: undo and redo, the save and the kept draft all read it.
    history: StoredValue<History>,
    /// Bumped on every edit, undo and redo, for the undo/redo buttons.
    pub revision: RwSignal<u32>,
    /// Bumped when a move ends (a drag, the arrow keys, the automatic layout), for what keeps
    /// the positions: the kept draft holds those of its new nodes.
    pub placed: RwSignal<u32>,
    pub positions: RwSignal<BTreeMap<NodeKey, Point>>,
    pub selected: RwSignal<Option<NodeKey>>,
    /// The box and port whose field the properties panel is to focus once it has drawn it: the
    /// panel's code may still be on its way the first time a box is chosen (`panel::Properties`).
    pub focus_port: RwSignal<Option<(NodeKey, Port)>>,
    pub view: RwSignal<View>,
    /// Drafts an interrupted save created, by draft number: a retry maps onto them.
    pub created: RwSignal<IdMap>,
    /// The engine's findings, checked after the frame that shows an edit.
    pub validation: Validation,
    /// Shown when an edit is refused.
    pub refused: RwSignal<Option<OpError>>,
    /// The key a link dragged from "+ key" took, said until the next edit.
    pub new_key: RwSignal<Option<NewKey>>,
    /// The writes of the positions, one at a time.
    pub layout_writes: super::layout_writes::LayoutWrites,
    /// The diagram's element, for turning screen points into canvas points.
    pub area: NodeRef<Area>,
    pub lit: RwSignal<Lit>,
    /// The restore History turned into the draft's edits, said in the review.
    pub restoring: RwSignal<Option<Restoring>>,
    /// The version History compares the flow with, by number.
    pub compare_with: RwSignal<Option<(u64, Version)>>,
    /// What differs from that version to the flow on the diagram.
    pub compared: Memo<Option<(u64, Diff)>>,
    /// Whether the review (and save) is open.
    pub reviewing: RwSignal<bool>,
    /// A version to compare with, asked from outside History (the drift banner).
    pub pick: RwSignal<Option<u64>>,
}

/// A restore made into the draft: the version, and what it cannot bring back.
#[derive(Debug, Clone, PartialEq)]
pub struct Restoring {
    pub from: u64,
    pub lost: Vec<LostGreeting>,
    pub unrestorable: Vec<Unrestorable>,
}

/// A key a new link took: shown while the flow is at `revision` (the edit that made it).
#[derive(Debug, Clone, PartialEq)]
pub struct NewKey {
    pub menu: NodeId,
    pub key: char,
    pub revision: u32,
}

/// The diagram's element: the box on screen that shows the view. The drawing is a layer inside
/// it that a pan moves without redrawing (see `canvas`).
pub type Area = leptos::html::Div;

/// The diagram's size on screen (a default before it is in a browser).
pub fn canvas_size(area: &NodeRef<Area>) -> (f64, f64) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = area.get_untracked() {
        let rect = el.get_bounding_client_rect();
        return (rect.width().max(200.0), rect.height().max(200.0));
    }
    let _ = area;
    (900.0, 600.0)
}

impl Editor {
    pub fn new(data: FlowData) -> Editor {
        let flow = data.flow();
        let mut positions = auto_layout(&flow);
        positions.extend(data.layout.positions(&flow));
        let flow_signal = RwSignal::new(flow.clone());
        let compare_with = RwSignal::new(None::<(u64, Version)>);
        let validation = Validation::new(flow_signal);
        Editor {
            loaded: StoredValue::new(flow),
            data: StoredValue::new(data),
            validation,
            flow: flow_signal,
            history: StoredValue::new(History::new()),
            revision: RwSignal::new(0),
            placed: RwSignal::new(0),
            positions: RwSignal::new(positions),
            selected: RwSignal::new(None),
            focus_port: RwSignal::new(None),
            view: RwSignal::new(View::default()),
            created: RwSignal::new(IdMap::new()),
            refused: RwSignal::new(None),
            layout_writes: Default::default(),
            new_key: RwSignal::new(None),
            area: NodeRef::new(),
            lit: RwSignal::new(Lit::default()),
            restoring: RwSignal::new(None),
            compare_with,
            compared: Memo::new(move |_| {
                compare_with.with(|with| {
                    let (seq, version) = with.as_ref()?;
                    let now = flow_signal.with(Version::of);
                    Some((*seq, timed("ivr-history-diff", || diff(version, &now))))
                })
            }),
            reviewing: RwSignal::new(false),
            pick: RwSignal::new(None),
        }
    }

    /// Applies an edit (recorded for undo and for the save); answers the menu it created.
    pub fn apply(self, op: Op) -> Option<NodeId> {
        let mut result = Ok(Default::default());
        self.flow.update(|flow| {
            self.history
                .update_value(|h| result = h.apply(flow, op.clone()));
        });
        match result {
            Ok(effects) => {
                self.refused.set(None);
                self.revision.update(|r| *r += 1);
                effects.created
            }
            Err(error) => {
                self.refused.set(Some(error));
                None
            }
        }
    }

    /// Applies edits kept from an earlier visit, in order, over the flow as loaded now, as one
    /// change; answers how many no longer apply (what they touched changed or went meanwhile).
    pub fn replay(self, ops: Vec<Op>) -> usize {
        let mut dropped = 0;
        self.flow.update(|flow| {
            self.history.update_value(|h| dropped = h.replay(flow, ops));
        });
        self.revision.update(|r| *r += 1);
        dropped
    }

    /// The edits made, in order.
    pub fn edits(self) -> Vec<Op> {
        self.history.with_value(|h| h.edits().to_vec())
    }

    /// Gives every node without a position one: `kept` where it has it, else beside the others.
    pub fn place_missing(self, kept: &[(NodeKey, Point)]) {
        let keys: Vec<NodeKey> = self.flow.with_untracked(|f| {
            f.menus()
                .map(|m| NodeKey::Menu(m.id.clone()))
                .chain(f.groups().map(|g| NodeKey::Group(g.id.clone())))
                .collect()
        });
        self.positions.update(|positions| {
            for key in keys {
                if positions.contains_key(&key) {
                    continue;
                }
                let at = kept
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, at)| *at)
                    .unwrap_or_else(|| place_near(positions, None));
                positions.insert(key, at);
            }
        });
    }

    pub fn undo(self) {
        let mut undone = None;
        self.flow
            .update(|flow| self.history.update_value(|h| undone = h.undo(flow)));
        if undone.is_some() {
            self.revision.update(|r| *r += 1);
        }
    }

    pub fn redo(self) {
        let mut redone = None;
        self.flow
            .update(|flow| self.history.update_value(|h| redone = h.redo(flow)));
        if redone.is_some() {
            self.revision.update(|r| *r += 1);
        }
    }

    pub fn can_undo(self) -> bool {
        self.revision.track();
        self.history.with_value(|h| h.undo_depth() > 0)
    }

    pub fn can_redo(self) -> bool {
        self.revision.track();
        self.history.with_value(|h| h.redo_depth() > 0)
    }

    /// How many edits a save would send.
    pub fn pending(self) -> usize {
        self.revision.track();
        self.history.with_value(|h| h.edits().len())
    }

    /// Whether the draft differs from what was loaded.
    pub fn dirty(self) -> bool {
        self.pending() > 0
    }

    /// Adds a top-level menu at `at` (or next to the selection), selected, under a name no
    /// other menu has.
    pub fn add_menu(self, at: Option<Point>) -> Option<NodeId> {
        let name = self.fresh_name(crate::i18n::MenuMsg::NewMenuName, |f, name| {
            f.menus().any(|m| omicall::rules::same_name(&m.name, name))
        });
        let id = self.apply(Op::AddMenu { name })?;
        self.place(NodeKey::Menu(id.clone()), at);
        Some(id)
    }

    /// Adds a ring group at `at` (or next to the selection), selected, under a name no other
    /// group has.
    pub fn add_group(self, at: Option<Point>) -> Option<NodeId> {
        let name = self.fresh_name(crate::i18n::MenuMsg::NewGroupName, |f, name| {
            f.groups().any(|g| omicall::rules::same_name(&g.name, name))
        });
        let id = self.apply(Op::AddGroup { name })?;
        self.place(NodeKey::Group(id.clone()), at);
        Some(id)
    }

    /// "New menu 1", "New menu 2", …: the first the flow does not have yet.
    fn fresh_name(
        self,
        template: crate::i18n::MenuMsg,
        taken: impl Fn(&Flow, &str) -> bool,
    ) -> String {
        let template = template.text(crate::i18n::use_lang().get_untracked());
        self.flow.with_untracked(|f| {
            (1..)
                .map(|n| crate::i18n::fill(template, &[("n", &n)]))
                .find(|name| !taken(f, name))
                .unwrap_or_default()
        })
    }

    /// Selects a node and puts it where the admin looks first (search, problems, a restored
    /// draft): across the view's middle, a third of the way down, wherever it was. The top of
    /// the area is in the window even when its foot is below the fold.
    pub fn show(self, key: NodeKey) {
        if let Some(at) = self.select_at(&key) {
            self.centre_on(at, canvas_size(&self.area));
        }
    }

    /// Selects a node reached by the keyboard, moving the view only when its box is not wholly
    /// in it: each key press would otherwise jump the view.
    pub fn reveal(self, key: NodeKey) {
        if let Some(at) = self.select_at(&key) {
            self.bring_into_view(&key, at, canvas_size(&self.area));
        }
    }

    /// Selects `key`, answering where its box is (`None` before it has a place).
    fn select_at(self, key: &NodeKey) -> Option<Point> {
        self.selected.set(Some(key.clone()));
        self.positions.with_untracked(|p| p.get(key).copied())
    }

    /// [`Editor::centre_on`] the box of `key` at `at`, unless it is wholly in view already (a box
    /// taller than the rest of the view shows its top part). `size` is the area's, read once by
    /// the caller: reading it makes the browser bring its layout up to date.
    fn bring_into_view(self, key: &NodeKey, at: Point, size: (f64, f64)) {
        let view = self.view.get_untracked();
        let (width, height) = size;
        let tall = self.flow.with_untracked(|flow| box_height(flow, key));
        let (sx, sy) = (at.x * view.zoom + view.x, at.y * view.zoom + view.y);
        let inside = sx >= 0.0
            && sy >= 0.0
            && sx + (NODE_WIDTH + 10.0) * view.zoom <= width
            && sy + (tall + 10.0) * view.zoom <= height;
        if !inside {
            self.centre_on(at, size);
        }
    }

    /// Moves the view so that a box at `at` is across the middle of an area of `size`, its top
    /// a third of the way down.
    fn centre_on(self, at: Point, (width, height): (f64, f64)) {
        let view = self.view.get_untracked();
        self.view.set(View {
            x: width / 2.0 - (at.x + NODE_WIDTH / 2.0) * view.zoom,
            y: height / 3.0 - at.y * view.zoom,
            zoom: view.zoom,
        });
    }

    /// Puts a new node at `at`, or where nothing is beside the selected node (the middle of
    /// the view without a selection), and makes sure it can be seen.
    pub fn place(self, key: NodeKey, at: Option<Point>) {
        let view = self.view.get_untracked();
        let (width, height) = canvas_size(&self.area);
        let middle = Point {
            x: (width / 2.0 - view.x) / view.zoom - LAYER_GAP,
            y: (height / 3.0 - view.y) / view.zoom,
        };
        let near = self
            .selected
            .get_untracked()
            .and_then(|s| self.positions.with_untracked(|p| p.get(&s).copied()))
            .unwrap_or(middle);
        let mut placed = near;
        self.positions.update(|positions| {
            placed = at.unwrap_or_else(|| place_near(positions, Some(near)));
            positions.insert(key.clone(), placed);
        });
        self.selected.set(Some(key.clone()));
        self.bring_into_view(&key, placed, (width, height));
    }

    /// The draft to send: the edits, and the records as loaded of every node they edit or
    /// change (so the server can tell an edit of an old version from a lie).
    pub fn draft(self, overwrite: BTreeSet<String>) -> Draft {
        let edits = self.edits();
        let mut menus: BTreeSet<NodeId> = BTreeSet::new();
        let mut groups: BTreeSet<NodeId> = BTreeSet::new();
        for subject in edits.iter().filter_map(Op::subject) {
            match subject {
                Subject::Menu(id) => menus.insert(id),
                Subject::Group(id) => groups.insert(id),
            };
        }
        // Besides what the edits name, every node that differs from its loaded self, named by
        // an edit or not.
        let (base_menus, base_groups) = self.loaded.with_value(|loaded| {
            self.flow.with_untracked(|edited| {
                menus.extend(
                    loaded
                        .menus()
                        .filter(|m| {
                            edited
                                .menu(&m.id)
                                .is_none_or(|e| e.content() != m.content() || e.entry != m.entry)
                        })
                        .map(|m| m.id.clone()),
                );
                groups.extend(
                    loaded
                        .groups()
                        .filter(|g| {
                            edited
                                .group(&g.id)
                                .is_none_or(|e| e.content() != g.content())
                        })
                        .map(|g| g.id.clone()),
                );
            });
            // The records as loaded are the loaded flow's own (drafts have none).
            let base_menus = loaded
                .menus()
                .filter(|m| menus.contains(&m.id))
                .filter_map(|m| m.original.as_deref().cloned())
                .collect();
            let base_groups = loaded
                .groups()
                .filter(|g| groups.contains(&g.id))
                .filter_map(|g| g.original.as_deref().cloned())
                .collect();
            (base_menus, base_groups)
        });
        // Undone back to nothing, the draft restores nothing.
        let restores = self
            .restoring
            .with_untracked(|r| r.as_ref().map(|r| r.from))
            .filter(|_| !edits.is_empty());
        Draft {
            base_menus,
            base_groups,
            edits,
            created: self.created.get_untracked(),
            overwrite,
            restores,
        }
    }

    /// The layout to keep: positions of saved nodes and the entry marks.
    pub fn layout(self) -> Layout {
        self.positions.with_untracked(|p| {
            self.flow
                .with_untracked(|f| Layout::of(p, f, &self.created.get_untracked()))
        })
    }

    /// Moves a node by a step of the arrow keys.
    pub fn nudge(self, key: &NodeKey, dx: f64, dy: f64) {
        self.positions.update(|p| {
            if let Some(point) = p.get_mut(key) {
                point.x += dx;
                point.y += dy;
            }
        });
    }

    /// Lays every node out again.
    pub fn arrange(self) {
        let positions = self.flow.with_untracked(auto_layout);
        self.positions.set(positions);
    }
}
