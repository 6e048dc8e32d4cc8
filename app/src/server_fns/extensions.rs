//! Extensions ("số nội bộ") and their hotlines. What travels to the browser is a view of the
//! vendor's data without the SIP password, which comes only on request.

use crate::error::AppError;
use leptos::prelude::*;
use omicall::LookupType;

pub use crate::wire::extensions::{
    ExtensionDetailView, ExtensionPage, ExtensionRow, HotlinesView, SipAccountView, StatusChange,
};

impl From<omicall::models::Extension> for ExtensionRow {
    fn from(e: omicall::models::Extension) -> Self {
        ExtensionRow {
            sip_user: e.sip_user,
            full_name: e.full_name,
            email: e.email,
            public_number: e.public_number,
            last_updated: e.last_updated_date,
            enabled: e.enabled,
        }
    }
}

/// One page of extensions matching `keyword` (extension, email or full name).
#[server(endpoint = "list_extensions", output = crate::server_fns::answer::JsonAnswer)]
pub async fn list_extensions(
    keyword: String,
    page: u32,
    size: u32,
) -> Result<ExtensionPage, AppError> {
    use crate::wire::list::PageView;
    use omicall::requests::ListQuery;
    let query = ListQuery::page(page.max(1), size.clamp(1, 100)).with_keyword(keyword.trim());
    crate::server_fns::support::upstream(|client, token| async move {
        client.list_extensions(&token, &query).await
    })
    .await
    .map(|page| PageView::from_page(page, ExtensionRow::from))
}

/// Activates (`enabled`) or deactivates an extension.
#[server(endpoint = "set_extension_enabled", output = crate::server_fns::answer::JsonAnswer)]
pub async fn set_extension_enabled(
    sip_user: String,
    enabled: bool,
) -> Result<StatusChange, AppError> {
    let change = StatusChange {
        sip_user: sip_user.clone(),
        enabled,
    };
    crate::server_fns::support::changing(|client, token, recorder| async move {
        use crate::server_fns::record::Asked;
        use crate::wire::activity::{Area, Kind};
        use omicall::requests::ListQuery;
        // The extension as it is now, for the log: found among those its number matches.
        let query = ListQuery::page(1, 20).with_keyword(&sip_user);
        let listed = client.list_extensions(&token, &query).await?;
        let current = listed.items.iter().find(|e| e.sip_user == sip_user);
        let kind = if enabled { Kind::Enable } else { Kind::Disable };
        let name = current
            .and_then(|e| e.full_name.as_deref())
            .map_or_else(|| sip_user.clone(), |n| format!("{sip_user} · {n}"));
        let asked = Asked::new(Area::Extensions, kind, &sip_user, &name)
            .before(current)
            .after(&change);
        recorder
            .call(
                asked,
                client.set_extension_enabled(&token, &sip_user, enabled),
            )
            .await?;
        Ok(change)
    })
    .await
}

impl From<omicall::models::ExtensionDetail> for ExtensionDetailView {
    fn from(d: omicall::models::ExtensionDetail) -> Self {
        Self {
            extension: d.extension,
            full_name: d.full_name,
            email: d.mail,
            third_party_id: d.uuid,
            account: d.pbx_account.map(|a| SipAccountView {
                display_name: a.display_name,
                sip_user: a.sip_user,
                realm: a.sip_realm,
                web_socket_server: a.sip_web_socket_server,
                proxy: a.sip_proxy,
                proxy_port: a.sip_proxy_port,
                transports: a.transport,
                stun_servers: a.stun_servers,
                use_opus: a.use_opus,
                opus_quality: a.opus_quality,
                has_password: a.sip_password.is_some_and(|p| !p.is_empty()),
            }),
        }
    }
}

#[cfg(feature = "ssr")]
async fn fetch_detail(
    kind: LookupType,
    keyword: String,
) -> Result<omicall::models::ExtensionDetail, AppError> {
    use omicall::requests::DetailLookup;
    let lookup = DetailLookup {
        kind,
        keyword: keyword.trim().to_owned(),
    };
    crate::server_fns::support::upstream(|client, token| async move {
        client.extension_detail(&token, &lookup).await
    })
    .await
}

/// An extension looked up by extension number, staff email or third-party user id.
#[server(endpoint = "extension_detail", output = crate::server_fns::answer::JsonAnswer)]
pub async fn extension_detail(
    kind: LookupType,
    keyword: String,
) -> Result<ExtensionDetailView, AppError> {
    fetch_detail(kind, keyword)
        .await
        .map(ExtensionDetailView::from)
}

/// The SIP password, only when the admin asks to see it.
#[server(endpoint = "reveal_sip_password", output = crate::server_fns::answer::JsonAnswer)]
pub async fn reveal_sip_password(kind: LookupType, keyword: String) -> Result<String, AppError> {
    let detail = fetch_detail(kind, keyword).await?;
    Ok(detail
        .pbx_account
        .and_then(|a| a.sip_password)
        .unwrap_or_default())
}

#[server(endpoint = "extension_hotlines", output = crate::server_fns::answer::JsonAnswer)]
pub async fn extension_hotlines(sip_user: String) -> Result<HotlinesView, AppError> {
    crate::server_fns::support::upstream(|client, token| async move {
        let (outbound, all) = futures::try_join!(
            client.list_hotlines(&token, &sip_user),
            client.list_hotlines(&token, "")
        )?;
        Ok(HotlinesView { outbound, all })
    })
    .await
}

/// Gives `hotline` to the extension for the chosen directions (at least one), answering the hotline. A direction is chosen
/// when its field is present, as an HTML checkbox sends it.
#[server(endpoint = "assign_hotline", output = crate::server_fns::answer::JsonAnswer)]
pub async fn assign_hotline(
    sip_user: String,
    hotline: String,
    inbound: Option<String>,
    outbound: Option<String>,
) -> Result<String, AppError> {
    use omicall::requests::AssignHotline;
    use omicall::{Direction, Problem, RequestError};
    let directions: Vec<Direction> = [
        (inbound.is_some(), Direction::Inbound),
        (outbound.is_some(), Direction::Outbound),
    ]
    .into_iter()
    .filter_map(|(on, d)| on.then_some(d))
    .collect();
    if hotline.trim().is_empty() {
        return Err(RequestError::new("hotline", Problem::Required).into());
    }
    if directions.is_empty() {
        return Err(RequestError::new("directions", Problem::Empty).into());
    }
    // The vendor assigns by the staff member's email; look it up rather than trust the page.
    let detail = fetch_detail(LookupType::SipUser, sip_user.clone()).await?;
    let user_email = detail
        .mail
        .clone()
        .ok_or_else(|| AppError::from(RequestError::new("user_email", Problem::Required)))?;
    let body = AssignHotline {
        hotline: hotline.clone(),
        user_email,
        directions,
    };
    let name = match detail.full_name.as_deref() {
        Some(full_name) => format!("{sip_user} · {full_name}"),
        None => sip_user.clone(),
    };
    crate::server_fns::support::changing(|client, token, recorder| async move {
        use crate::server_fns::record::Asked;
        use crate::wire::activity::{Area, Kind};
        let asked = Asked::new(Area::Extensions, Kind::AssignHotline, &sip_user, &name)
            .before(&detail)
            .after(&body);
        recorder
            .call(asked, client.assign_hotline(&token, &body))
            .await?;
        Ok(hotline)
    })
    .await
}
