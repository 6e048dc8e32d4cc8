//! Extensions: the searchable list and the detail page with its hotlines.

mod detail;
mod list;

// The landing page, in the main bundle: see `pages`.
pub use list::ExtensionListPage;
lazy_page!(ExtensionDetailRoute => detail::ExtensionDetailPage);
