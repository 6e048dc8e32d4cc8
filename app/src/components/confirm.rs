use crate::i18n::{tr, Msg};
use leptos::prelude::*;

/// A modal question with confirm and cancel; shown while `open` holds.
#[component]
pub fn ConfirmDialog(
    open: Signal<bool>,
    title: Msg,
    body: Msg,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
                    <h2 id="confirm-title">{tr(title)}</h2>
                    <p>{tr(body)}</p>
                    <div class="dialog-actions">
                        <button type="button" class="button-secondary" on:click=move |_| on_cancel.run(())>
                            {tr(Msg::Cancel)}
                        </button>
                        <button type="button" class="button-danger" on:click=move |_| on_confirm.run(())>
                            {tr(Msg::Confirm)}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
