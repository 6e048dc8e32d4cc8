//! What a page shows only when asked (a delete's checks and confirmation, say): its code is a
//! `#[leptos::lazy]` function, fetched in a chunk of its own the first time it is wanted, so
//! the page's first load does not carry it.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A view still being fetched. One boxed type for every use, so that the code awaiting it is
/// compiled once rather than once per lazy function.
pub type ViewFuture = Pin<Box<dyn Future<Output = AnyView> + Send>>;

/// The view `load` resolves to, while `wanted` holds, in the browser only: `load` is meant to
/// call a `#[leptos::lazy]` function, whose chunk is fetched the first time and found loaded
/// after. What is wanted from the start appears once the page is hydrated: a view awaited
/// while hydrating, rendered by the server, does not hydrate (tachys 0.2 finds no marker).
#[component]
pub fn OnDemand<L, F>(#[prop(into)] wanted: Signal<bool>, load: L) -> impl IntoView
where
    L: Fn() -> F + Send + Sync + 'static,
    F: Future<Output = AnyView> + Send + 'static,
{
    shown_while(wanted, Arc::new(move || awaiting(load())))
}

/// `view`, shown once it has arrived.
pub fn awaiting(view: impl Future<Output = AnyView> + Send + 'static) -> ViewFuture {
    Box::pin(view)
}

fn shown_while(wanted: Signal<bool>, load: Arc<dyn Fn() -> ViewFuture + Send + Sync>) -> AnyView {
    // Effects run in the browser only, after hydration.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let shown = Memo::new(move |_| hydrated.get() && wanted.get());
    (move || shown.get().then(|| Suspend::new(load()))).into_any()
}
