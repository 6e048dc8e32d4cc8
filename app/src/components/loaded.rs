//! Loading, failed-with-retry and loaded: the three states of every resource a page shows,
//! written once.

use super::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::{Future, IntoFuture};
use std::sync::Arc;

/// What a resource will hold, as a future taken now, while the page that owns the resource is
/// alive. Call it where a `Suspend` is made, not inside its `async` block: a page given up while
/// the server renders it has its owner disposed before the block is first polled, and a resource
/// awaited there reads its disposed slot and panics, where this future holds what it needs.
pub fn awaited<R: IntoFuture>(resource: R) -> R::IntoFuture {
    resource.into_future()
}

/// A resource that can be fetched again (by a retry button, or after a change).
pub struct Reloadable<T: Send + Sync + 'static> {
    pub resource: Resource<Result<T, AppError>>,
    version: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Reloadable<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Reloadable<T> {}

impl<T: Send + Sync + 'static> Reloadable<T> {
    /// Fetches again with the same source.
    pub fn reload(&self) {
        self.version.update(|n| *n += 1);
    }
}

/// A resource over `source` (tracked) that `fetch` loads, with a reload switch.
pub fn reloadable<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Reloadable<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let version = RwSignal::new(0u32);
    let resource = Resource::new(move || (source(), version.get()), move |(s, _)| fetch(s));
    Reloadable { resource, version }
}

/// Shows "loading" until `data` is there, the failure with a retry button if it failed, else
/// what `show` makes of it. While reloading, the previous content stays (a `Transition`).
#[component]
pub fn Loaded<T, V>(
    data: Reloadable<T>,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let show = Arc::new(show);
    view! {
        <Transition fallback=move || view! { <p class="loading">{tr(Msg::Loading)}</p> }>
            {move || {
                let show = Arc::clone(&show);
                let loaded = awaited(data.resource);
                Suspend::new(async move {
                    match loaded.await {
                        Err(error) => view! {
                            <ErrorNotice error retry=Callback::new(move |()| data.reload())/>
                        }
                        .into_any(),
                        Ok(value) => show(value).into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::awaited;
    use leptos::prelude::*;

    #[tokio::test]
    async fn a_resource_taken_before_its_page_was_given_up_is_awaited_without_a_panic() {
        let _ = any_spawner::Executor::init_tokio();
        let owner = Owner::new();
        let taken = owner.with(|| awaited(Resource::new(|| (), |()| async { 7u32 })));
        // The page is given up: its owner, and the resource's slot with it, are disposed.
        owner.cleanup();
        assert_eq!(taken.await, 7);
    }
}
