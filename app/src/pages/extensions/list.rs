use crate::components::{
    reloadable, use_list_state, Cell, ConfirmDialog, DataTable, Loaded, Pager, SearchBox, Toast,
};
use crate::i18n::{fill, tr, use_lang, ExtMsg, LangNow, Msg, Text};
use crate::local_time;
use crate::server_fns::extensions::{
    list_extensions, set_extension_enabled, ExtensionPage, ExtensionRow, SetExtensionEnabled,
};
use crate::urls;
use leptos::prelude::*;
use omicall::LookupType;

#[component]
pub fn ExtensionListPage() -> impl IntoView {
    let state = use_list_state();
    let extensions = reloadable(
        move || state.get(),
        |v| list_extensions(v.keyword, v.page, v.size),
    );
    // A plain action, not a `ServerAction`: that one also reads a failed form post's error back
    // from the URL (for pages working without WASM), and its decoder (base64 and more) would sit
    // in every page's first load for a button that is only ever clicked with WASM running.
    let set_enabled = Action::new(|change: &SetExtensionEnabled| {
        set_extension_enabled(change.sip_user.clone(), change.enabled)
    });
    let toast = crate::components::use_toast();
    let lang = use_lang();

    // Report each finished status change and refresh the list.
    Effect::new(move |_| {
        if let Some(result) = set_enabled.value().get() {
            let lang = lang.get_untracked();
            match result {
                Ok(change) => {
                    let msg = if change.enabled {
                        ExtMsg::Activated
                    } else {
                        ExtMsg::Deactivated
                    };
                    toast(Toast::Success(fill(
                        msg.text(lang),
                        &[("sip", &change.sip_user)],
                    )));
                    extensions.reload();
                }
                Err(err) => toast(Toast::Failure(err.message(lang))),
            }
        }
    });

    let pending_deactivation = RwSignal::new(None::<String>);
    let confirm = Callback::new(move |()| {
        if let Some(sip_user) = pending_deactivation.get_untracked() {
            set_enabled.dispatch(SetExtensionEnabled {
                sip_user,
                enabled: false,
            });
        }
        pending_deactivation.set(None);
    });
    let cancel = Callback::new(move |()| pending_deactivation.set(None));
    let activate = Callback::new(move |sip_user: String| {
        set_enabled.dispatch(SetExtensionEnabled {
            sip_user,
            enabled: true,
        });
    });
    let ask_deactivate =
        Callback::new(move |sip_user: String| pending_deactivation.set(Some(sip_user)));

    view! {
        <h1>{tr(ExtMsg::ExtensionsTitle)}</h1>
        <div class="toolbar">
            <SearchBox state url=urls::extensions placeholder=ExtMsg::SearchPlaceholder/>
            <LookupForm/>
        </div>
        <Loaded data=extensions show=move |page: ExtensionPage| view! {
            <ExtensionTable page=page.clone() activate ask_deactivate/>
            <Pager page state url=urls::extensions summary=ExtMsg::PageOf/>
        }/>
        <ConfirmDialog
            open=Signal::derive(move || pending_deactivation.get().is_some())
            title=Signal::derive(move || ExtMsg::ConfirmDeactivateTitle.text(lang.now()).to_owned())
            body=Signal::derive(move || ExtMsg::ConfirmDeactivateBody.text(lang.now()).to_owned())
            on_confirm=confirm
            on_cancel=cancel
        />
    }
}

#[component]
fn LookupForm() -> impl IntoView {
    view! {
        // A plain GET form: the detail page renders on the server, and the router's `<Form>`
        // would add its client-side submit machinery to this page's bundle for one field.
        <form method="get" action="/extensions/detail" class="lookup" aria-label=tr(ExtMsg::LookupTitle)>
            <label>
                <span>{tr(ExtMsg::LookupBy)}</span>
                <select name="type">
                    <option value=LookupType::SipUser.as_str().to_owned()>{tr(ExtMsg::LookupSipUser)}</option>
                    <option value=LookupType::UserEmail.as_str().to_owned()>{tr(ExtMsg::LookupEmail)}</option>
                    <option value=LookupType::UserUuid.as_str().to_owned()>{tr(ExtMsg::LookupUuid)}</option>
                </select>
            </label>
            <label>
                <span>{tr(ExtMsg::LookupValue)}</span>
                <input type="text" name="keyword" required/>
            </label>
            <button type="submit" class="button-secondary">{tr(ExtMsg::LookUp)}</button>
        </form>
    }
}

#[component]
fn ExtensionTable(
    page: ExtensionPage,
    activate: Callback<String>,
    ask_deactivate: Callback<String>,
) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{tr(ExtMsg::NoExtensions)}</p> }.into_any();
    }
    // A status column only when the call-center reported a status for some row.
    let show_status = page.rows.iter().any(|r| r.enabled.is_some());
    let mut columns: Vec<Text> = vec![
        ExtMsg::ColExtension.into(),
        ExtMsg::ColFullName.into(),
        ExtMsg::ColEmail.into(),
        ExtMsg::ColPublicNumber.into(),
        ExtMsg::ColLastUpdated.into(),
    ];
    if show_status {
        columns.push(ExtMsg::ColStatus.into());
    }
    columns.push(Msg::ColActions.into());
    let offset = local_time::use_offset();
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <ExtensionRowView row show_status offset activate ask_deactivate/> })
        .collect_view();
    view! { <DataTable columns label=ExtMsg::ExtensionsTitle>{rows}</DataTable> }.into_any()
}

#[component]
fn ExtensionRowView(
    row: ExtensionRow,
    show_status: bool,
    offset: ReadSignal<i32>,
    activate: Callback<String>,
    ask_deactivate: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let detail = urls::extension_detail(&LookupType::SipUser, &row.sip_user);
    let last_updated = row.last_updated;
    let sip = row.sip_user.clone();
    let (sip_a, sip_d, sip_on, sip_off) = (sip.clone(), sip.clone(), sip.clone(), sip.clone());
    let status = row.enabled.map(|on| {
        if on {
            ExtMsg::StatusActive
        } else {
            ExtMsg::StatusInactive
        }
    });
    view! {
        <tr>
            <Cell label=ExtMsg::ColExtension><a href=detail>{sip}</a></Cell>
            <Cell label=ExtMsg::ColFullName>{row.full_name.unwrap_or_default()}</Cell>
            <Cell label=ExtMsg::ColEmail>{row.email.unwrap_or_default()}</Cell>
            <Cell label=ExtMsg::ColPublicNumber>{row.public_number.unwrap_or_default()}</Cell>
            <Cell label=ExtMsg::ColLastUpdated>
                {move || last_updated.map(|ms| local_time::format(ms, offset.get())).unwrap_or_default()}
            </Cell>
            {show_status.then(|| view! { <Cell label=ExtMsg::ColStatus>{status.map(tr)}</Cell> })}
            <Cell label=Msg::ColActions class="actions">
                <button type="button" class="button-small"
                    aria-label=move || fill(ExtMsg::ActivateOne.text(lang.now()), &[("sip", &sip_a)])
                    on:click=move |_| activate.run(sip_on.clone())>
                    {tr(ExtMsg::Activate)}
                </button>
                <button type="button" class="button-small button-danger-outline"
                    aria-label=move || fill(ExtMsg::DeactivateOne.text(lang.now()), &[("sip", &sip_d)])
                    on:click=move |_| ask_deactivate.run(sip_off.clone())>
                    {tr(ExtMsg::Deactivate)}
                </button>
            </Cell>
        </tr>
    }
}
