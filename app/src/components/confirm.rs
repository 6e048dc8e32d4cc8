use crate::i18n::{tr, Msg};
use leptos::prelude::*;

/// A modal question with confirm and cancel; shown while `open` holds. Title and body are
/// signals so that they can name what is confirmed and follow the language switch.
#[component]
pub fn ConfirmDialog(
    open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body">
                    <h2 id="confirm-title">{move || title.get()}</h2>
                    <p id="confirm-body">{move || body.get()}</p>
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
