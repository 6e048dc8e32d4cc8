//! User Timing marks around the editor's heavier steps, where DevTools and `make bench` read them.

/// Runs `work` as a User Timing measure named `name` in the browser's performance timeline.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    #[cfg(feature = "hydrate")]
    {
        let performance = leptos::prelude::window().performance();
        let (start, end) = (format!("{name}-start"), format!("{name}-end"));
        if let Some(p) = &performance {
            let _ = p.mark(&start);
        }
        let out = work();
        if let Some(p) = &performance {
            let _ = p.mark(&end);
            let _ = p.measure_with_start_mark_and_end_mark(name, &start, &end);
        }
        out
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        work()
    }
}
