-- The IVR editor's layouts, one row per tenant (a one-way digest of its API key, never the key).
-- Where nodes are drawn and which menus are entries are written apart, each in one statement, so
-- that a drag kept on one instance and a flow save on another never undo each other. `revision`
-- counts the writes. Plain types only: the same file runs on SQLite and PostgreSQL.
CREATE TABLE ivr_layouts (
    tenant TEXT PRIMARY KEY,
    positions TEXT NOT NULL DEFAULT '{}',
    entries TEXT NOT NULL DEFAULT '[]',
    revision BIGINT NOT NULL DEFAULT 0
);
