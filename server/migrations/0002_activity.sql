-- The activity log: what the console asked the vendor to change, per tenant, append-only. A
-- change is written before its call (outcome 'unknown') and completed by a second entry after it
-- ('done' or 'refused', naming the one it completes), so that a crash in between leaves "outcome
-- unknown", never nothing. Each entry holds the digest of the one before it in its tenant's chain
-- and its own, so that a row edited by hand shows where the chain breaks. Times are milliseconds
-- since the epoch; objects are JSON as the vendor holds them, never a SIP password or a token.
CREATE TABLE activity (
    tenant TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at_ms BIGINT NOT NULL,
    person TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    session_digest TEXT NOT NULL,
    area TEXT NOT NULL,
    kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    object_name TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    outcome TEXT NOT NULL,
    completes BIGINT NOT NULL,
    message TEXT NOT NULL,
    prev_digest TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX activity_by_time ON activity (tenant, at_ms);
