//! One folder per area. Every page is a lazy route: `cargo leptos --split` puts its code in a
//! chunk of its own, fetched when the page is visited.

/// Declares `$route`, the lazy route of the page component `$page` (a component without props).
macro_rules! lazy_page {
    ($route:ident => $page:path) => {
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                leptos::prelude::IntoAny::into_any($page())
            }
        }
    };
}

pub mod extensions;
pub mod groups;
pub mod login;
mod shell;

pub use shell::{NotFound, Shell};
