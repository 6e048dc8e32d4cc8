//! The flow as an outline beside the diagram: each menu with its keys nested, its fallback,
//! each group with its members and where it goes when nobody answers. A node already shown is
//! not repeated: a loop is a link back to it. Choosing a line selects its node in the diagram
//! (and the diagram's selection is marked here); the properties panel edits it, so keyboard
//! and screen-reader users have the whole editor. This is also how the flow prints.

use super::face::port_target;
use super::geometry::{rows, Port, Row};
use super::state::Editor;
use super::words::{
    members_words, node_name, node_title, strategy_words, target_node, target_words,
};
use crate::i18n::{fill, tr, use_lang, Lang, LangNow, MenuMsg};
use crate::ivr::layout::{successors, NodeKey};
use crate::ivr::{Flow, Target};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// One line of the outline, with the lines nested under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub line: Line,
    pub children: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A menu or group, first time shown: its title and what it plays or how it rings.
    Node { key: NodeKey, detail: String },
    /// A key, a fallback or a time-out of `node`, and where it leads.
    Port {
        node: NodeKey,
        port: Port,
        text: String,
    },
    /// A node shown already: back up the path (a loop), or elsewhere in the outline.
    Link { to: NodeKey, back: bool },
}

fn detail(flow: &Flow, key: &NodeKey, lang: Lang) -> String {
    match key {
        NodeKey::Menu(id) => {
            let greeting = flow
                .menu(id)
                .and_then(|m| m.greeting.as_ref())
                .map(|g| target_words(flow, Some(&Target::Recording(g.clone())), lang));
            greeting.unwrap_or_else(|| MenuMsg::None.text(lang).to_owned())
        }
        NodeKey::Group(id) => flow.group(id).map_or_else(String::new, |g| {
            let members = members_words(g, lang);
            match strategy_words(g, lang) {
                Some(s) => format!("{s} · {members}"),
                None => members,
            }
        }),
    }
}

fn port_text(flow: &Flow, key: &NodeKey, port: &Port, lang: Lang) -> String {
    let target = target_words(flow, port_target(flow, key, port).as_ref(), lang);
    let msg = match port {
        Port::Key(k) => {
            return fill(
                MenuMsg::StepKey.text(lang),
                &[("key", k), ("target", &target)],
            )
        }
        Port::Fallback => MenuMsg::OutlineFallback,
        Port::OnTimeout => MenuMsg::OutlineTimeout,
        Port::NewKey => return String::new(),
    };
    fill(msg.text(lang), &[("target", &target)])
}

struct Walk<'f> {
    flow: &'f Flow,
    lang: Lang,
    shown: BTreeSet<NodeKey>,
    path: Vec<NodeKey>,
}

impl Walk<'_> {
    fn node(&mut self, key: NodeKey) -> Item {
        self.shown.insert(key.clone());
        self.path.push(key.clone());
        let mut children = Vec::new();
        for row in rows(self.flow, &key) {
            let Row::Port(port) = row else { continue };
            if port == Port::NewKey {
                continue;
            }
            let next = port_target(self.flow, &key, &port).and_then(|t| target_node(self.flow, &t));
            let nested = next.map(|to| {
                if self.shown.contains(&to) {
                    let back = self.path.contains(&to);
                    Item {
                        line: Line::Link { to, back },
                        children: Vec::new(),
                    }
                } else {
                    self.node(to)
                }
            });
            children.push(Item {
                line: Line::Port {
                    node: key.clone(),
                    text: port_text(self.flow, &key, &port, self.lang),
                    port,
                },
                children: nested.into_iter().collect(),
            });
        }
        self.path.pop();
        Item {
            line: Line::Node {
                detail: detail(self.flow, &key, self.lang),
                key,
            },
            children,
        }
    }
}

/// The outline: entry menus first, then menus nothing leads to, then whatever those do not
/// reach (menus, then groups), each by name.
pub fn outline(flow: &Flow, lang: Lang) -> Vec<Item> {
    // Menus another node leads to are reached from there.
    let led_to: BTreeSet<NodeKey> = flow
        .menus()
        .map(|m| NodeKey::Menu(m.id.clone()))
        .chain(flow.groups().map(|g| NodeKey::Group(g.id.clone())))
        .flat_map(|key| {
            successors(flow, &key)
                .into_iter()
                .filter(move |k| *k != key)
        })
        .collect();
    let mut menus: Vec<_> = flow.menus().collect();
    menus.sort_by_key(|m| {
        let reached = led_to.contains(&NodeKey::Menu(m.id.clone()));
        (!m.entry, reached, m.name.to_lowercase())
    });
    let mut groups: Vec<_> = flow.groups().collect();
    groups.sort_by_key(|g| g.name.to_lowercase());
    let starts: Vec<NodeKey> = menus
        .iter()
        .map(|m| NodeKey::Menu(m.id.clone()))
        .chain(groups.iter().map(|g| NodeKey::Group(g.id.clone())))
        .collect();
    let mut walk = Walk {
        flow,
        lang,
        shown: BTreeSet::new(),
        path: Vec::new(),
    };
    let mut items = Vec::new();
    for key in starts {
        if !walk.shown.contains(&key) {
            items.push(walk.node(key));
        }
    }
    items
}

/// A line in words, as shown and as printed.
fn line_text(flow: &Flow, line: &Line, lang: Lang) -> String {
    match line {
        Line::Node { key, .. } => node_title(flow, key, lang),
        Line::Port { text, .. } => text.clone(),
        Line::Link { to, back } => {
            let msg = if *back {
                MenuMsg::OutlineBack
            } else {
                MenuMsg::OutlineSeeAbove
            };
            fill(msg.text(lang), &[("name", &node_name(flow, to))])
        }
    }
}

fn item_view(
    editor: Editor,
    on_show: Callback<NodeKey>,
    flow: &Flow,
    item: Item,
    lang: Lang,
) -> AnyView {
    let children = (!item.children.is_empty()).then(|| {
        let nested = item
            .children
            .into_iter()
            .map(|child| item_view(editor, on_show, flow, child, lang))
            .collect::<Vec<_>>();
        view! { <ul>{nested}</ul> }
    });
    let text = line_text(flow, &item.line, lang);
    let line = match item.line {
        Line::Node { key, detail } => {
            let chosen = key.clone();
            let current = move || editor.selected.with(|s| s.as_ref() == Some(&chosen)).to_string();
            view! {
                <button type="button" class="link outline-node" aria-current=current
                    on:click=move |_| on_show.run(key.clone())>{text}</button>
                <span class="outline-detail">{detail}</span>
            }
            .into_any()
        }
        Line::Port { node, port, .. } => view! {
            <button type="button" class="link outline-port" on:click=move |_| {
                on_show.run(node.clone());
                super::focus_port_field(editor, node.clone(), port.clone());
            }>{text}</button>
        }
        .into_any(),
        Line::Link { to, .. } => view! {
            <button type="button" class="link outline-link" on:click=move |_| on_show.run(to.clone())>{text}</button>
        }
        .into_any(),
    };
    view! { <li>{line}{children}</li> }.into_any()
}

/// The outline panel (fetched with the caller panel: see `side::side_panel`).
pub fn outline_panel(editor: Editor, open: RwSignal<bool>, on_show: Callback<NodeKey>) -> AnyView {
    let lang = use_lang();
    let tree = move || {
        let lang = lang.now();
        editor.flow.with(|flow| {
            outline(flow, lang)
                .into_iter()
                .map(|item| item_view(editor, on_show, flow, item, lang))
                .collect::<Vec<_>>()
        })
    };
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        <section class="editor-panel outline-panel" aria-labelledby="outline-title">
            <div class="panel-heading">
                <h2 id="outline-title">{tr(MenuMsg::Outline)}</h2>
                <span>
                    <button type="button" class="link" on:click=print>{tr(MenuMsg::Print)}</button>
                    " · "
                    <button type="button" class="link" on:click=move |_| open.set(false)>{tr(MenuMsg::Close)}</button>
                </span>
            </div>
            <ul class="outline" aria-labelledby="outline-title">{tree}</ul>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ivr::fixture::{edit, id, tenant};
    use crate::ivr::Op;

    fn lines(items: &[Item], depth: usize, flow: &Flow, out: &mut Vec<String>) {
        for item in items {
            let text = line_text(flow, &item.line, Lang::En);
            out.push(format!("{}{text}", "  ".repeat(depth)));
            lines(&item.children, depth + 1, flow, out);
        }
    }

    #[test]
    fn each_node_appears_once_and_a_loop_is_a_link_back() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::SetEntry {
                menu: id("main"),
                entry: true,
            }],
        );
        let mut out = Vec::new();
        lines(&outline(&flow, Lang::En), 0, &flow, &mut out);
        assert_eq!(
            out,
            vec![
                "Menu Menu chính",
                "  key 1 → group Kinh doanh",
                "    Group Kinh doanh",
                "      Nobody answers → not connected",
                "  key 2 → group Kỹ thuật",
                "    Group Kỹ thuật",
                "      Nobody answers → not connected",
                "  key 9 → menu Hỗ trợ",
                "    Menu Hỗ trợ",
                "      key 1 → group Kỹ thuật",
                "        ↪ Kỹ thuật (above)",
                "      No key or wrong keys → menu Menu chính",
                "        ↩ back to Menu chính",
                "  No key or wrong keys → group Kinh doanh",
                "    ↪ Kinh doanh (above)",
            ]
        );
    }

    #[test]
    fn without_an_entry_the_menus_nobody_leads_to_come_first() {
        let mut flow = tenant();
        edit(
            &mut flow,
            [Op::AddMenu {
                name: "Lẻ".into()
            }],
        );
        let first: Vec<String> = outline(&flow, Lang::En)
            .iter()
            .map(|i| line_text(&flow, &i.line, Lang::En))
            .collect();
        // "Lẻ" is reached by nothing; the rest hang together and start from the first by name.
        assert_eq!(first, vec!["Menu Lẻ", "Menu Hỗ trợ"]);
    }
}
