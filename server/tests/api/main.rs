//! The server's integration tests over real HTTP, in one binary so that Leptos, Axum, sqlx and
//! fred are linked once. The two tests that install process-wide hooks (the log capture, the
//! panic counter) keep binaries of their own: `logs.rs` and `concurrency.rs`.

// Each binary uses part of the harness the test files share.
#[allow(dead_code)]
#[path = "../support/mod.rs"]
mod support;

#[path = "../support/redis_server.rs"]
mod redis_server;

#[path = "../support/pg_server.rs"]
mod pg_server;

mod activity;
mod activity_log;
mod bff;
mod compression;
mod console_db;
mod greetings;
mod groups;
mod ivr;
mod leptos_title;
mod shared;
mod versions;
