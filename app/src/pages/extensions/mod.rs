//! Extensions: the searchable list and the detail page with its hotlines. Each page is a lazy
//! route: its code loads when it is visited.

mod detail;
mod list;

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

pub struct ExtensionListRoute;

#[lazy_route]
impl LazyRoute for ExtensionListRoute {
    fn data() -> Self {
        ExtensionListRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <list::ExtensionListPage/> }.into_any()
    }
}

pub struct ExtensionDetailRoute;

#[lazy_route]
impl LazyRoute for ExtensionDetailRoute {
    fn data() -> Self {
        ExtensionDetailRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <detail::ExtensionDetailPage/> }.into_any()
    }
}
