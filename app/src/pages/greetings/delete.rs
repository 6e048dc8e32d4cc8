//! Deleting a greeting: where it is used comes first; an unused one is confirmed, then deleted.

use crate::components::fetched_on_demand;
use crate::components::{DeleteTexts, DeleteWithUsages, Doomed};
use crate::i18n::GreetingMsg;
use crate::server_fns::greetings::{delete_greeting, greeting_usages};
use leptos::prelude::*;

const TEXTS: DeleteTexts = DeleteTexts {
    in_use: GreetingMsg::InUse.pair(),
    confirm_title: GreetingMsg::ConfirmDeleteTitle.pair(),
    confirm_body: GreetingMsg::ConfirmDeleteBody.pair(),
    deleted: GreetingMsg::Deleted.pair(),
};

fetched_on_demand! {
    greeting_delete_dialog:
    /// Runs the delete of whatever `doomed` names: fetched on the first delete asked for.
    pub fn delete_dialog(doomed: RwSignal<Option<Doomed>>, on_deleted: Callback<()>) -> AnyView {
        view! {
            <DeleteWithUsages doomed on_deleted usages=greeting_usages delete=delete_greeting texts=TEXTS/>
        }
        .into_any()
    }
}
