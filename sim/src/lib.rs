//! A simulator of the OMICall call-center configuration API (`/api/auth` and
//! `/api/call_center/...`), answering exactly as the vendor's reference does: the envelope, the
//! paging, the refusals, token expiry. An Axum router over in-memory tenants seeded with
//! believable Vietnamese data, with knobs for latency and faults.
//!
//! ```text
//! cargo run -p sim -- --listen 127.0.0.1:8787
//! curl 'http://127.0.0.1:8787/api/auth?apiKey=demo'
//! curl -H 'Authorization: Bearer TOKEN' 'http://127.0.0.1:8787/api/call_center/internal_phone/list?keyword=hong'
//! ```
//!
//! Embedded: [`Sim::new`] then [`Sim::router`]; in tests: [`spawn`]; the seed data alone, without
//! a server: [`seed::demo_tenant`] and [`seed::scale_tenant`].
//!
//! # Endpoints beyond the reference
//!
//! - `GET /api/call_center/greeting/audio/{recording_file}` (bearer token required): the mp3 of
//!   the greeting whose `recording_file` is given (e.g. `6c0d4c55-d837-4ae5-835e-c16180b09e51.mp3`),
//!   as `audio/mpeg`, for previews. An unknown file answers 404 with a failure envelope.
//! - Control, never subject to faults and needing no token (but the `x-sim-secret` header when
//!   the simulator is given a control secret, as the console's embedded one always is): `GET /_sim/faults`, `PUT /_sim/faults`
//!   (a JSON [`Faults`]; missing knobs are off; answers 400 with a failure envelope for an
//!   unknown knob or a share outside 0..=1), `POST /_sim/expire-tokens` (204),
//!   `POST /_sim/reset` (faults back to none; tenants are kept).
//!
//! # Decisions where the reference is silent
//!
//! **Tenants and tokens.** Every API key is its own tenant with its own copy of the seed. Tokens
//! are 64 hex characters and live `token_ttl` (24 hours by default); `/api/auth` answers
//! `access_type: "normal"`. On `/api/call_center` a missing `Authorization` answers HTTP 401
//! `token_required`, an unknown token `token_invalid`, an expired one `token_expired` (each a
//! failure envelope). A missing or blank `apiKey` answers `api_key_is_required`, an unknown one
//! `api_key_invalid` (HTTP 200, `-9999`, as the vendor does).
//!
//! **Envelope.** `instance_id` is `"sim"`; both `instance_version` (most examples) and
//! `instance_name` (the extension list example) are sent. Every refusal is HTTP 200 with
//! `status_code: -9999` and a `message` naming the parameter or field, except the 401s above,
//! 404 for an unknown path and 405 for a wrong method (also failure envelopes).
//!
//! **Lists.** Newest first, as in the reference's examples. `page` and `size` must be whole
//! numbers from 1 (blank counts as absent); `size` is capped at 500, and the answer's
//! `page_size` says so. Paging follows [`omicall::Page::new`]; the extension list has no
//! `extension` field (as in its example), the others carry `extension: null`. `keyword` ignores
//! diacritics and case, over: extensions' sip_user, email and full name; groups' name and
//! number; menus' name and number; greetings' name (the reference has no greeting keyword; one
//! given is honoured).
//!
//! **Extensions.** `internal_phone/status` takes `enabled=true|false` and answers
//! `{"sip_user", "enabled"}`; the state is kept but never listed (the reference's list has no
//! status field). `extensions/detail` matches exactly (emails ignoring case); an extension's
//! `usr_uuid` is the local part of its email.
//!
//! **Hotlines.** `hotline/extension/update` dedicates a hotline to one extension per direction
//! given, taking it from any extension that had it in that direction (the reference: "one
//! hotline, only for one extension"); it needs a hotline of the tenant, a known `user_email` and
//! at least one of `inbound`/`outbound`, and answers `{hotline, user_email, sip_user,
//! directions}`. `hotline/list?extension=X` answers the hotlines dedicated to X for calling out;
//! if none are, every hotline not dedicated to anyone (a fresh tenant shares all). Without
//! `extension` it answers all the tenant's hotlines. An extension's `public_number` follows: it
//! becomes a hotline just dedicated to it, and one taken away is replaced by one it may still use.
//!
//! **Ring groups.** `group_name` is unique per tenant ignoring case and diacritics
//! ([`omicall::rules::same_name`]). `timeout` is a whole number from 1 to 600. `sip_members` is an array of
//! extensions (a comma-separated string is accepted too, as the update's reference types it a
//! string), each known and listed once; it may be empty. Members carry the extension's
//! `agent_id` and `contact_id`, `order` = position, `timeout` = the group's, `sip_user: null`.
//! `target_timeout_type`/`target_timeout` come together or not at all; Ring_group, Ivr_menu and
//! Recording must name an existing group (not the group itself), menu or greeting; Voice_mail
//! takes any id. On update, blank target fields (`""` or `null`) clear the target, as the
//! vendor lists a cleared one; fields left out keep it (a client that omits them cannot clear
//! a target). Add and update answer the group with
//! `sip_members` and `timeout`; add-members (idempotent: members already in stay where they
//! are) and remove-members (non-members ignored, unknown extensions refused) answer the updated
//! group the same way.
//!
//! **IVR menus.** `script_name` is unique per tenant ignoring case and diacritics.
//! `greeting_id` must name a greeting, as must `greeting_short_id` and `invalid_sound_id` when
//! given. Keys (`ivr`) are one of 0-9, `*`, `#`, each at most once; a key with neither
//! `action_type` nor `action` is kept as shown-but-unconfigured (as in the reference's example);
//! key and fallback targets may be Ring_group, Ivr_menu (the menu itself allowed: "repeat"),
//! Recording or Voice_mail, checked as for groups. `time_out` and `max_failure` are whole
//! numbers from 0. An update replaces everything; absent optional ids clear them.
//!
//! **Deleting.** A deleted group, menu or greeting disappears from its list. Deleting one that a
//! menu or group still leads to (or, for greetings, plays) is refused with a message naming
//! every user, e.g. `cannot delete internal group 'Nhóm Kinh doanh': it is used by IVR menu
//! 'Tổng đài chính' (key 1)`. Deletes answer `payload: true`.
//!
//! **Greetings.** Uploads must be mp3 by their bytes ([`omicall::audio::looks_like_mp3`]), at
//! most 10 MiB, with `greeting_name` in the query; they are kept byte for byte and listed with
//! `formality` [`omicall::models::FORMALITY_UPLOAD`] and no content, voice or speed.
//! Text-to-speech takes `text` (at most 300 characters), `speed` (-3..=3, number or string) and
//! `voice` (banmai, leminh, lannhi) and makes a silent but valid mp3 (MPEG-1 Layer III,
//! 32 kbit/s, 48 kHz) of about 60 ms per character, 15 % shorter or longer per speed step.
//! Seeded uploads play 4 to 12 seconds of silence. Names are at most 255 characters (groups and
//! menus too).
//!
//! **Faults** ([`Faults`]) apply to `/api/auth` and `/api/call_center/*`: first the latency,
//! then a hang (held until `hang` is switched off; `hold_uploads` holds only mp3 uploads), then independent draws for HTTP 500, a
//! malformed body and a `-9999` refusal, in that order, and last the refusal of the n-th write
//! (`fail_nth_write`, counted from when the faults were set: a save that stops part way). A
//! faulted request never reaches its handler, so it changes nothing.
//!
//! **State file** (`--state FILE`). The tenants as JSON, rewritten (temporary file + rename)
//! after every change; uploaded mp3s as files in `FILE.audio/`. Tokens are not kept. Tenants of
//! keys no longer configured are dropped at start; new keys are seeded.

mod audio;
mod auth;
mod config;
mod error;
mod faults;
mod ids;
mod input;
mod ledger;
mod persist;
mod reply;
mod routes;
pub mod seed;
mod serve;
mod simulator;
mod state;
mod tenant_data;

pub use config::{Seed, SimConfig, CONTROL_SECRET_HEADER, DEMO_API_KEY};
pub use error::SimError;
pub use faults::Faults;
pub use ledger::{Ledger, Refused};
pub use serve::{serve, spawn, Running};
pub use simulator::Sim;
