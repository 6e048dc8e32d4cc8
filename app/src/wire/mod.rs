//! The types that cross the wire between the server and the browser and are kept in the session:
//! a leaf that imports no server function, page or component, so that the session, the server
//! functions and the pages can all use them without importing each other.

pub mod activity;
pub mod auth;
pub mod choice;
pub mod delete;
pub mod extensions;
pub mod flow;
pub mod greetings;
pub mod groups;
pub mod ivr;
pub mod list;
pub mod versions;
