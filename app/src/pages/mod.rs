//! One folder per area. Pages are lazy routes (`cargo leptos --split` puts each one's code in a
//! chunk of its own, fetched when the page is visited), except the extension list: it is where
//! a login lands, and measured, keeping it in the main bundle made every first load smaller
//! (each split point adds chunks of code shared between pages, and small files compress worse):
//! /extensions 305 -> 260 KiB, /ring-groups 290 -> 281 KiB brotli.

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
pub mod greetings;
pub mod groups;
pub mod ivr;
pub mod login;
mod shell;

pub use shell::{NotFound, Shell};
