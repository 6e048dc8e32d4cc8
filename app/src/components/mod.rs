//! Shared UI pieces.

mod confirm;
mod error_notice;
mod toast;

pub use confirm::ConfirmDialog;
pub use error_notice::ErrorNotice;
pub use toast::{provide_toast, use_toast, Toast, ToastHost};
