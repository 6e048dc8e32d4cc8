//! One folder per area. Pages are lazy routes (`cargo leptos --split` puts each one's code in a
//! chunk of its own, fetched when the page is visited), except the extension list: it is where
//! a login lands, and measured, keeping it in the main bundle made every first load smaller
//! (each split point adds chunks of code shared between pages, and small files compress worse):
//! /extensions 305 -> 260 KiB, /ring-groups 290 -> 281 KiB brotli.

/// Declares `$route`, the lazy route of the page component `$page` (a component without props).
/// Its code is split into the chunk `$route` and fetched when the page is visited; the name ends
/// in `Route`, which tells the splitter it is a page (`components::names_a_page`). Unlike
/// `#[lazy_route]`, whose failed fetch panics (and a panic stops the whole page), a chunk that
/// does not arrive is handled by `pages::route_chunk`: the page is loaded afresh after a new
/// release, and otherwise says so with a retry.
// Not formatted: rustfmt indents the split attribute inside it further on every run.
#[rustfmt::skip]
macro_rules! lazy_page {
    ($route:ident => $page:path) => {
        pub struct $route;

        // A scope of its own, so that two routes in one module do not clash.
        const _: () = {
            assert!(
                $crate::components::names_a_page(stringify!($route)),
                "a lazy page's name ends in Route: the splitter tells pages by it"
            );
            #[cfg_attr(
                feature = "hydrate",
                ::leptos::wasm_split::wasm_split(
                    $route,
                    wasm_split_path = ::leptos::wasm_split,
                    preload(preload_chunk),
                    fallible
                )
            )]
            fn split() -> $crate::components::Fetched {
                Ok(::leptos::prelude::IntoAny::into_any($page()))
            }

            impl ::leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    if preload_chunk().await.is_err() {
                        $crate::pages::route_chunk::did_not_arrive().await;
                    }
                }

                async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                    #[cfg(feature = "hydrate")]
                    {
                        $crate::pages::route_chunk::or_retry(split().await, || Box::pin(split()))
                    }
                    #[cfg(not(feature = "hydrate"))]
                    {
                        // The browser is told to fetch the chunk with the page, as
                        // `#[lazy_route]` does (the split manifest names chunks so).
                        ::leptos::prefetch_lazy_fn_on_server(stringify!($route));
                        $crate::pages::route_chunk::or_retry(split(), || Box::pin(async { split() }))
                    }
                }
            }
        };
    };
}

pub mod activity;
pub mod extensions;
pub mod greetings;
pub mod groups;
pub mod ivr;
pub mod login;
pub mod route_chunk;
mod shell;

pub use shell::{NotFound, Shell};
