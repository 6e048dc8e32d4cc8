//! Extensions: the searchable list and the detail page with its hotlines.

mod detail;
mod list;

pub use detail::ExtensionDetailPage;
pub use list::ExtensionListPage;
