//! The simulator's wire contract, tested over real HTTP against spawned simulators.

mod auth;
mod contract;
mod extensions;
mod faults;
mod greetings;
mod groups;
mod helpers;
mod malformed;
mod menus;
mod paging_and_search;
mod state_file;
