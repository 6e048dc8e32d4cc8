//! An element's size on screen, kept in a signal while its component lives.

use leptos::html::ElementType;
use leptos::prelude::*;

/// The size of `node`'s element (width, height in CSS pixels), `None` until the browser has
/// laid it out, then updated whenever it changes, by a `ResizeObserver` disconnected when the
/// calling component goes away. Reading it costs nothing: asking the element (its bounding
/// rectangle) after a change to the page makes the browser lay the page out then and there, 0.8
/// ms of each pointer move of a pan on the scale tenant.
pub fn observed_size<E>(node: NodeRef<E>) -> ReadSignal<Option<(f64, f64)>>
where
    E: ElementType + 'static,
    E::Output: leptos::wasm_bindgen::JsCast + Clone + 'static,
{
    let (size, set_size) = signal(None);
    #[cfg(feature = "hydrate")]
    node.on_load(move |element| {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(entry) = entries
                .get(0)
                .dyn_into::<web_sys::ResizeObserverEntry>()
                .ok()
            else {
                return;
            };
            let rect = entry.content_rect();
            set_size.set(Some((rect.width(), rect.height())));
        });
        let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
            return;
        };
        observer.observe(element.unchecked_ref());
        // Both are browser objects, used on this thread only; the wrapper lets the cleanup,
        // which must be sendable, own them.
        let kept = send_wrapper::SendWrapper::new((observer, on_resize));
        on_cleanup(move || kept.take().0.disconnect());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (node, set_size);
    size
}
