//! One folder per area.

pub mod extensions;
pub mod groups;
pub mod login;
mod shell;

pub use shell::{NotFound, Shell};
