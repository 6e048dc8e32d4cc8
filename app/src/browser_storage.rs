//! The browser's local storage, for what the console keeps on this computer only (an editor
//! draft, a warning threshold): never anything of the session. Storage can be missing, full or
//! refused (private windows); callers treat that as "nothing kept".

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn read(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        storage()?.get_item(key).ok().flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` under `key`; false when the browser refused it.
pub fn write(key: &str, value: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, value);
        false
    }
}

pub fn remove(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}
