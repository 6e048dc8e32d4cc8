use crate::components::{reloadable, ErrorNotice, Loaded, Reloadable, Toast};
use crate::i18n::{fill, tr, use_lang, ExtMsg, Msg};
use crate::server_fns::extensions::{
    extension_detail, extension_hotlines, AssignHotline, ExtensionDetailView, HotlinesView,
    RevealSipPassword, SipAccountView,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use omicall::LookupType;

#[component]
pub fn ExtensionDetailPage() -> impl IntoView {
    let query = use_query_map();
    let lookup = Memo::new(move |_| {
        let q = query.read();
        let kind = q
            .get("type")
            .map(|t| LookupType::from(t.as_str()))
            .unwrap_or(LookupType::SipUser);
        (kind, q.get("keyword").unwrap_or_default())
    });
    let detail = reloadable(
        move || lookup.get(),
        |(kind, keyword)| extension_detail(kind, keyword),
    );
    // Created here, beside the detail, not in the detail's view: looked up by extension number
    // the hotlines load alongside the detail instead of after it, and no resource is created
    // inside a Suspense's children (which can stall Leptos's server rendering).
    let assign = ServerAction::<AssignHotline>::new();
    let hotlines = reloadable(
        move || (lookup.get(), assign.version().get()),
        move |((kind, keyword), _)| async move {
            let sip_user = if kind == LookupType::SipUser {
                keyword.trim().to_owned()
            } else {
                detail.resource.await?.extension.unwrap_or_default()
            };
            extension_hotlines(sip_user).await
        },
    );
    view! {
        <p><a href="/extensions">{tr(ExtMsg::BackToList)}</a></p>
        <Loaded data=detail show=move |detail: ExtensionDetailView| view! {
            <DetailView detail lookup=lookup.get_untracked() hotlines assign/>
        }/>
    }
}

#[component]
fn DetailView(
    detail: ExtensionDetailView,
    lookup: (LookupType, String),
    hotlines: Reloadable<HotlinesView>,
    assign: ServerAction<AssignHotline>,
) -> impl IntoView {
    let sip_user = detail.extension.clone().unwrap_or_default();
    let title = format!(
        "{} {}",
        sip_user,
        detail.full_name.clone().unwrap_or_default()
    );
    view! {
        <h1>{tr(ExtMsg::DetailTitle)} " " {title}</h1>
        <section class="card" aria-labelledby="identity">
            <h2 id="identity">{tr(ExtMsg::Identity)}</h2>
            <dl class="facts">
                <Fact label=ExtMsg::ColExtension value=detail.extension.clone()/>
                <Fact label=ExtMsg::ColFullName value=detail.full_name.clone()/>
                <Fact label=ExtMsg::ColEmail value=detail.email.clone()/>
                <Fact label=ExtMsg::ThirdPartyId value=detail.third_party_id.clone()/>
            </dl>
        </section>
        {detail.account.map(|account| view! { <SipAccount account lookup/> })}
        {(!sip_user.is_empty()).then(|| view! { <Hotlines sip_user hotlines assign/> })}
    }
}

#[component]
fn Fact(label: ExtMsg, value: Option<String>) -> impl IntoView {
    let value = value.filter(|v| !v.is_empty());
    let not_set = tr(Msg::NotSet);
    view! {
        <dt>{tr(label)}</dt>
        <dd>{move || value.clone().unwrap_or_else(|| not_set().to_owned())}</dd>
    }
}

#[component]
fn SipAccount(account: SipAccountView, lookup: (LookupType, String)) -> impl IntoView {
    let lang = use_lang();
    let reveal = ServerAction::<RevealSipPassword>::new();
    let shown = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let password = move || reveal.value().get().and_then(Result::ok);
    let reveal_error = move || reveal.value().get().and_then(Result::err);
    let (kind, keyword) = lookup;
    let toggle = move |_| {
        if shown.get_untracked() {
            shown.set(false);
        } else {
            shown.set(true);
            reveal.dispatch(RevealSipPassword {
                kind: kind.clone(),
                keyword: keyword.clone(),
            });
        }
    };
    let copy = move |_| {
        if let Some(secret) = password() {
            copy_to_clipboard(secret);
            copied.set(true);
        }
    };
    let opus = match account.use_opus {
        Some(true) => Some(format!(
            "{} {}",
            ExtMsg::OpusOn.text(lang.get_untracked()),
            account.opus_quality.unwrap_or_default()
        )),
        Some(false) => Some(ExtMsg::OpusOff.text(lang.get_untracked()).to_owned()),
        None => None,
    };
    let join = |list: &[String]| (!list.is_empty()).then(|| list.join(", "));
    view! {
        <section class="card" aria-labelledby="sip">
            <h2 id="sip">{tr(ExtMsg::SipAccount)}</h2>
            <dl class="facts">
                <Fact label=ExtMsg::SipUser value=account.sip_user.clone()/>
                <Fact label=ExtMsg::DisplayName value=account.display_name.clone()/>
                <Fact label=ExtMsg::Realm value=account.realm.clone()/>
                <Fact label=ExtMsg::WebSocket value=account.web_socket_server.clone()/>
                <Fact label=ExtMsg::Proxy value=account.proxy.clone()/>
                <Fact label=ExtMsg::ProxyPort value=account.proxy_port.clone()/>
                <Fact label=ExtMsg::Transports value=join(&account.transports)/>
                <Fact label=ExtMsg::StunServers value=join(&account.stun_servers)/>
                <Fact label=ExtMsg::Codec value=opus/>
                <dt>{tr(ExtMsg::SipPassword)}</dt>
                <dd class="secret">
                    {move || match (shown.get(), password()) {
                        (true, Some(secret)) => view! { <code data-testid="sip-password">{secret}</code> }.into_any(),
                        (true, None) if reveal.pending().get() => view! { <span>{tr(Msg::Loading)}</span> }.into_any(),
                        _ => view! { <span aria-label=tr(ExtMsg::SipPassword)>"••••••••"</span> }.into_any(),
                    }}
                    <Show when=move || account.has_password>
                        <button type="button" class="button-small" on:click=toggle.clone()>
                            {move || if shown.get() { tr(ExtMsg::Hide)() } else { tr(ExtMsg::Reveal)() }}
                        </button>
                    </Show>
                    <Show when=move || shown.get() && password().is_some()>
                        <button type="button" class="button-small" on:click=copy>
                            {move || if copied.get() { tr(ExtMsg::Copied)() } else { tr(ExtMsg::Copy)() }}
                        </button>
                    </Show>
                    {move || reveal_error().map(|error| view! { <ErrorNotice error/> })}
                </dd>
            </dl>
        </section>
    }
}

fn copy_to_clipboard(text: String) {
    #[cfg(feature = "hydrate")]
    {
        let promise = window().navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

#[component]
fn Hotlines(
    sip_user: String,
    hotlines: Reloadable<HotlinesView>,
    assign: ServerAction<AssignHotline>,
) -> impl IntoView {
    let lang = use_lang();
    let toast = crate::components::use_toast();
    Effect::new(move |_| {
        if let Some(Ok(hotline)) = assign.value().get() {
            toast(Toast::Success(fill(
                ExtMsg::Assigned.text(lang.get_untracked()),
                &[("hotline", &hotline)],
            )));
        }
    });
    let assign_error = move || assign.value().get().and_then(Result::err);
    view! {
        <section class="card" aria-labelledby="hotlines">
            <h2 id="hotlines">{tr(ExtMsg::Hotlines)}</h2>
            <p class="hint">{tr(ExtMsg::HotlinesHint)}</p>
            <Loaded data=hotlines show=move |view: HotlinesView| {
                let outbound = if view.outbound.is_empty() {
                    view! { <p class="empty">{tr(ExtMsg::NoHotlines)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="hotlines" aria-label=tr(ExtMsg::Hotlines)>
                            {view.outbound.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                };
                let sip_user = sip_user.clone();
                let options = view.all.into_iter().map(|h| { let label = h.clone(); view! { <option value=h>{label}</option> } }).collect_view();
                view! {
                    {outbound}
                    <ActionForm action=assign attr:class="form inline-form" attr:aria-label=tr(ExtMsg::AssignHotline)>
                        <h3>{tr(ExtMsg::AssignHotline)}</h3>
                        <input type="hidden" name="sip_user" value=sip_user/>
                        <label for="hotline">{tr(ExtMsg::Hotline)}</label>
                        <select id="hotline" name="hotline" required>
                            <option value="">{tr(ExtMsg::ChooseHotline)}</option>
                            {options}
                        </select>
                        <fieldset>
                            <legend>{tr(ExtMsg::Directions)}</legend>
                            <label><input type="checkbox" name="inbound" value="on"/>{tr(ExtMsg::Inbound)}</label>
                            <label><input type="checkbox" name="outbound" value="on"/>{tr(ExtMsg::Outbound)}</label>
                        </fieldset>
                        <button type="submit" class="button-primary" disabled=move || assign.pending().get()>{tr(ExtMsg::Assign)}</button>
                    </ActionForm>
                }
            }/>
            {move || assign_error().map(|error| view! { <ErrorNotice error/> })}
        </section>
    }
}
