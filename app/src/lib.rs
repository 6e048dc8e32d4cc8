//! The console's Leptos app. For now it holds the IVR flow engine, which the editor runs in the
//! browser on every edit and the server runs again before saving.

pub mod ivr;
