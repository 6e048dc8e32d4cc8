-- Versions of each tenant's flow (menus, ring groups, the greetings they play, the entry marks),
-- numbered from 1 per tenant and never changed once written. A version equal to the latest is
-- not written. Most rows hold only the difference from the version before (full_copy = 0); every
-- so often one holds the whole version (full_copy = 1), so that any version is read from the
-- nearest whole one before it and the differences after it. digest is that of the whole version.
-- body is the JSON deflated, in base64 (one TEXT column on both engines).
CREATE TABLE flow_versions (
    tenant TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at_ms BIGINT NOT NULL,
    origin TEXT NOT NULL,
    restored_from BIGINT NOT NULL,
    person TEXT NOT NULL,
    digest TEXT NOT NULL,
    summary TEXT NOT NULL,
    full_copy BIGINT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX flow_versions_full ON flow_versions (tenant, full_copy, seq);
