//! Problems, live: the engine's findings on every edit, errors first, each naming its node;
//! choosing one selects the node and brings it into view.

use super::state::Editor;
use super::words::{finding_text, node_name, subject_key};
use crate::i18n::{fill, tr, use_lang, LangNow, MenuMsg};
use crate::ivr::Severity;
use leptos::prelude::*;

#[component]
pub fn Problems(editor: Editor, on_show: Callback<crate::ivr::layout::NodeKey>) -> impl IntoView {
    let lang = use_lang();
    let counts = move || {
        let (errors, all) = editor.validation.findings().with(|findings| {
            let errors = findings.iter().filter(|f| f.is_error()).count();
            (errors, findings.len())
        });
        fill(
            MenuMsg::ProblemCount.text(lang.now()),
            &[("errors", &errors), ("warnings", &(all - errors))],
        )
    };
    let items = move || {
        let lang = lang.now();
        editor.validation.findings().with(|findings| {
            let mut findings: Vec<_> = findings.iter().collect();
            findings.sort_by_key(|f| f.severity);
            editor.flow.with(|flow| {
                findings
                    .into_iter()
                    .map(|finding| {
                        let key = subject_key(&finding.subject);
                        let name = node_name(flow, &key);
                        let text = format!("{name}: {}", finding_text(finding, lang));
                        let error = finding.severity == Severity::Error;
                        view! {
                            <li class:problem-error=error class:problem-warning=!error>
                                <button type="button" class="link" on:click=move |_| on_show.run(key.clone())>{text}</button>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="editor-problems" aria-labelledby="problems-title">
            <h2 id="problems-title">{tr(MenuMsg::Problems)}</h2>
            <p role="status">{counts}</p>
            <Show when=move || !editor.validation.findings().with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{tr(MenuMsg::NoProblems)}</p> }>
                <ul aria-labelledby="problems-title">{items}</ul>
            </Show>
        </section>
    }
}
