//! The WASM entry: hydrate, then say so on `<body data-hydrated>` so browser tests know when the
//! page is interactive.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else {
        return;
    };
    // What `leptos::mount::hydrate_lazy` does (lazy routes load their chunk while hydrating),
    // with the marker set once hydration has really finished rather than when it started.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async move {
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
