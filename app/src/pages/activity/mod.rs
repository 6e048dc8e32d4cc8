//! The activity log: every change the console sent to the vendor, filtered, paged, each with
//! its before and after, and downloadable.

mod diff;
mod page;

lazy_page!(ActivityRoute => page::ActivityPageView);
