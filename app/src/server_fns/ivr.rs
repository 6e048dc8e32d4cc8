//! IVR menus ("kịch bản bấm phím"): the list with each menu's keys named, where a menu is used,
//! and delete once nothing leads to it. The editor's load and save live in [`super::flow`].

use crate::error::AppError;
use leptos::prelude::*;
use omicall::rules::Usage;

pub use crate::wire::delete::DeleteOutcome;
pub use crate::wire::ivr::{KeyView, MenuPage, MenuRow};

#[cfg(feature = "ssr")]
fn row(menu: omicall::models::IvrMenu, names: &crate::server_fns::lists::Names) -> MenuRow {
    let keys = menu
        .scripts
        .iter()
        .map(|k| KeyView {
            key: k.ivr.clone(),
            target: names.target(
                k.action_type.as_ref(),
                k.action.as_deref(),
                k.action_name.as_deref(),
            ),
        })
        .collect();
    let greeting = menu
        .greeting_name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| menu.greeting_id.as_deref().and_then(|id| names.get(id)))
        .or(menu.greeting_id.clone());
    MenuRow {
        fallback: names.target(
            menu.action_type.as_ref(),
            menu.action.as_deref(),
            menu.action_name.as_deref(),
        ),
        keys,
        greeting,
        time_out: menu.time_out,
        max_failure: menu.max_failure,
        last_updated: menu.last_updated_date,
        id: menu.id,
        name: menu.script_name,
    }
}

/// One page of menus matching `keyword` (name or number), their keys and greeting named.
#[server(endpoint = "list_menus", output = crate::server_fns::answer::JsonAnswer)]
pub async fn list_menus(keyword: String, page: u32, size: u32) -> Result<MenuPage, AppError> {
    use crate::ivr::version::{Listed, Version};
    use crate::server_fns::lists::Names;
    use crate::wire::list::PageView;
    use omicall::requests::ListQuery;
    let state = crate::server_fns::support::console()?;
    let tenant = crate::server_fns::versions::keep::tenant().await?;
    let query = ListQuery::page(page.max(1), size.clamp(1, 100)).with_keyword(keyword.trim());
    crate::server_fns::support::upstream(|c, t| async move {
        let (page, names) = futures::try_join!(c.list_menus(&t, &query), Names::load(&c, &t))?;
        let seen = Version::of_page(page.items.clone(), Vec::new());
        let view = PageView::from_page(page, |m| row(m, &names));
        let all = view.is_whole_list(&keyword);
        let listed = Listed::Menus { all };
        crate::server_fns::flow::upstream::notice_from_page(&state, &tenant, seen, listed, (c, t))
            .await;
        Ok(view)
    })
    .await
}

/// Every place that leads to the menu: other menus' keys and fallbacks, groups' time-outs.
#[server(endpoint = "menu_usages", output = crate::server_fns::answer::JsonAnswer)]
pub async fn menu_usages(id: String) -> Result<Vec<Usage>, AppError> {
    crate::server_fns::support::usages(omicall::ActionType::IvrMenu, id).await
}

/// Deletes the menu unless something still leads to it.
#[server(endpoint = "delete_menu", output = crate::server_fns::answer::JsonAnswer)]
pub async fn delete_menu(id: String) -> Result<DeleteOutcome, AppError> {
    use crate::server_fns::support::delete_unless_used;
    delete_unless_used(omicall::ActionType::IvrMenu, id, |c, t, id| async move {
        c.delete_menu(&t, &id).await
    })
    .await
}
