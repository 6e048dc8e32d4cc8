//! What a page shows only when asked (a delete's checks and confirmation, say): its code is a
//! function declared with `fetched_on_demand!`, fetched in a chunk of its own the first time it
//! is wanted, so the page's first load does not carry it.

use crate::components::ErrorNotice;
use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The view a chunk fetched on request draws, or why it did not arrive.
pub type Fetched = Result<AnyView, AppError>;

/// A view still being fetched. One boxed type for every use, so that the code awaiting it is
/// compiled once rather than once per function fetched on request.
pub type ViewFuture = Pin<Box<dyn Future<Output = AnyView> + Send>>;

/// Whether a split chunk's name marks it as a page's, fetched on a first load: the splitter
/// chooses its merges of shared code for those chunks first (`WASM_SPLIT_PAGE_SUFFIX` in
/// scripts/leptos names the same suffix), so `lazy_page!` requires it and `fetched_on_demand!`
/// refuses it, both when the crate compiles.
pub const fn names_a_page(chunk: &str) -> bool {
    let (chunk, suffix) = (chunk.as_bytes(), b"Route");
    if chunk.len() < suffix.len() {
        return false;
    }
    let start = chunk.len() - suffix.len();
    let mut i = 0;
    while i < suffix.len() {
        if chunk[start + i] != suffix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Declares `async fn $name(args) -> Fetched`, whose body is split into the chunk `$chunk` (a
/// name unique in the crate) and fetched the first time it is called in the browser; the server
/// calls it in place. Unlike `#[leptos::lazy]`, whose failed fetch panics and so stops the whole
/// page, a chunk that does not arrive answers `AppError::CodeUnavailable`, which `OnDemand`
/// shows with a retry (the loader keeps only successful fetches, so a retry fetches again).
macro_rules! fetched_on_demand {
    (
        $chunk:ident:
        $(#[$meta:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> AnyView $body:block
    ) => {
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> $crate::components::Fetched {
            const _: () = assert!(
                !$crate::components::names_a_page(stringify!($chunk)),
                "a chunk fetched on request is not named like a page (...Route)"
            );
            #[cfg_attr(
                feature = "hydrate",
                ::leptos::wasm_split::wasm_split(
                    $chunk,
                    wasm_split_path = ::leptos::wasm_split,
                    fallible
                )
            )]
            fn split($($arg: $ty),*) -> $crate::components::Fetched {
                Ok($body)
            }
            #[cfg(feature = "hydrate")]
            {
                split($($arg),*).await
            }
            #[cfg(not(feature = "hydrate"))]
            {
                split($($arg),*)
            }
        }
    };
}
pub(crate) use fetched_on_demand;

/// The view `load` resolves to, while `wanted` holds, in the browser only: `load` is meant to
/// call a function declared with `fetched_on_demand!`, whose chunk is fetched the first time and
/// found loaded after. What is wanted from the start appears once the page is hydrated: a view
/// awaited while hydrating, rendered by the server, does not hydrate (tachys 0.2 finds no marker).
/// A chunk that did not arrive is said so, with a retry.
#[component]
pub fn OnDemand<L, F>(#[prop(into)] wanted: Signal<bool>, load: L) -> impl IntoView
where
    L: Fn() -> F + Send + Sync + 'static,
    F: Future<Output = Fetched> + Send + 'static,
{
    shown_while(wanted, Arc::new(move || Box::pin(load())))
}

/// `view`, shown once it has arrived; a chunk that did not arrive is said so, with `retry` when
/// there is one.
pub fn awaiting(
    view: impl Future<Output = Fetched> + Send + 'static,
    retry: Option<Callback<()>>,
) -> ViewFuture {
    Box::pin(async move {
        match view.await {
            Ok(view) => view,
            Err(error) => match retry {
                Some(retry) => view! { <ErrorNotice error retry/> }.into_any(),
                None => view! { <ErrorNotice error/> }.into_any(),
            },
        }
    })
}

type Load = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Fetched> + Send>> + Send + Sync>;

fn shown_while(wanted: Signal<bool>, load: Load) -> AnyView {
    // Effects run in the browser only, after hydration.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let shown = Memo::new(move |_| hydrated.get() && wanted.get());
    // Bumped by the retry: fetches again.
    let attempt = RwSignal::new(0u32);
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
    (move || {
        attempt.track();
        shown
            .get()
            .then(|| Suspend::new(awaiting(load(), Some(retry))))
    })
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::names_a_page;

    #[test]
    fn a_page_is_told_by_its_name_ending_in_route() {
        assert!(names_a_page("GroupEditRoute"));
        assert!(names_a_page("Route"));
        assert!(!names_a_page("editor_side_panel"));
        assert!(!names_a_page("RouteTable"));
        assert!(!names_a_page("oute"));
    }
}
