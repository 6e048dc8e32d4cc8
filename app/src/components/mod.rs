//! Shared UI pieces: every area's pages compose these.

mod confirm;
mod delete;
mod error_notice;
mod field;
mod list;
mod loaded;
mod observed_size;
mod on_demand;
mod ordered_list;
mod picker;
mod table;
mod toast;
mod upload;
mod usages;
mod window_listener;

pub use confirm::ConfirmDialog;
pub use delete::{DeleteTexts, DeleteWithUsages, Doomed};
pub use error_notice::ErrorNotice;
pub use field::{control_aria, FieldError, FieldErrors, TextField};
pub use list::{
    use_list_state, ListState, ListUrl, PageView, Pager, SearchBox, DEFAULT_PAGE_SIZE, PAGE_SIZES,
};
pub use loaded::{awaited, reloadable, Loaded, Reloadable};
pub use observed_size::observed_size;
pub(crate) use on_demand::fetched_on_demand;
pub use on_demand::{awaiting, names_a_page, Fetched, OnDemand};
pub use ordered_list::OrderedList;
pub use picker::{matching, search, search_among, Choice, Search, SearchPicker};
pub use table::{Cell, DataTable};
pub use toast::{provide_toast, use_toast, Toast, ToastHost};
#[cfg(feature = "hydrate")]
pub use upload::send_form;
pub use upload::{FormSent, Sending};
pub use usages::UsageList;
pub use window_listener::listen_on_window;
