//! A table that becomes a list of cards on a narrow screen: each cell carries its column's name
//! (`data-label`), which the phone layout shows beside the value (see `style/main.css`).

use crate::i18n::{tr, Text};
use leptos::prelude::*;

#[component]
pub fn DataTable(
    /// Column headings, in order.
    columns: Vec<Text>,
    #[prop(into)] label: Text,
    children: Children,
) -> impl IntoView {
    view! {
        <table class="table responsive" aria-label=tr(label)>
            <thead>
                <tr>{columns.into_iter().map(|c| view! { <th scope="col">{tr(c)}</th> }).collect_view()}</tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}

/// One cell, labelled with its column for the card layout.
#[component]
pub fn Cell(
    #[prop(into)] label: Text,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! { <td class=class data-label=tr(label)>{children()}</td> }
}
