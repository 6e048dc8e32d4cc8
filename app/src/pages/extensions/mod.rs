//! Extensions: the searchable list and the detail page with its hotlines.

mod detail;
mod list;

lazy_page!(ExtensionListRoute => list::ExtensionListPage);
lazy_page!(ExtensionDetailRoute => detail::ExtensionDetailPage);
