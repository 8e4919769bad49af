-- Tollgate schema version 1, SQLite dialect (keep in step with ../postgresql/V1__initial_schema.sql).
--
-- Conventions shared by both dialects:
--  * Timestamps are epoch milliseconds (UTC) in 64-bit integer columns, never native date/time types.
--    SQLite has no such type, integers compare and sort exactly with plain operators (range scans on
--    started_at, "expires_at > ?"), and both databases hold identical values. Sub-millisecond precision
--    is dropped on write.
--  * Ids are opaque text and compare bytewise (SQLite's default BINARY collation; COLLATE "C" on
--    PostgreSQL), so key paging orders the same on both.
--  * JSON documents (allowed models, metadata) are stored as text.
--  * Booleans are INTEGER 0/1 here, BOOLEAN on PostgreSQL.
-- Tables are STRICT so that SQLite enforces the declared column types.

-- Tenancy (not used yet). Budget and rate-limit policies are referenced by name/id as nullable text until
-- policies get tables of their own.
CREATE TABLE organizations (
    id                TEXT    NOT NULL PRIMARY KEY,
    name              TEXT    NOT NULL,
    budget_policy     TEXT,
    rate_limit_policy TEXT,
    metadata          TEXT    NOT NULL DEFAULT '{}',
    created_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE teams (
    id                TEXT    NOT NULL PRIMARY KEY,
    org_id            TEXT    NOT NULL REFERENCES organizations (id),
    name              TEXT    NOT NULL,
    budget_policy     TEXT,
    rate_limit_policy TEXT,
    metadata          TEXT    NOT NULL DEFAULT '{}',
    created_at        INTEGER NOT NULL,
    UNIQUE (org_id, name)
) STRICT;

-- Emails are unique per organization; the application stores them lower-cased.
CREATE TABLE users (
    id                TEXT    NOT NULL PRIMARY KEY,
    org_id            TEXT    NOT NULL REFERENCES organizations (id),
    email             TEXT    NOT NULL,
    name              TEXT,
    budget_policy     TEXT,
    rate_limit_policy TEXT,
    metadata          TEXT    NOT NULL DEFAULT '{}',
    created_at        INTEGER NOT NULL,
    UNIQUE (org_id, email)
) STRICT;

-- Gateway keys: only the hash of the secret and a short display prefix are stored.
-- team_id/user_id carry no foreign keys yet: keys may name teams and users before tenancy is managed.
CREATE TABLE api_keys (
    id             TEXT    NOT NULL PRIMARY KEY,
    name           TEXT,
    key_hash       TEXT    NOT NULL,
    key_prefix     TEXT    NOT NULL,
    allowed_models TEXT    NOT NULL DEFAULT '[]', -- JSON array of model names/patterns; empty = all
    team_id        TEXT,
    user_id        TEXT,
    metadata       TEXT    NOT NULL DEFAULT '{}', -- JSON object of string values
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER,
    revoked_at     INTEGER
) STRICT;

CREATE UNIQUE INDEX api_keys_key_hash_idx ON api_keys (key_hash);
CREATE INDEX api_keys_team_idx ON api_keys (team_id);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- The usage ledger: one row per request, booked idempotently on request_id. No foreign keys on purpose:
-- history must survive deleted keys, teams and users, and booking must never fail on a dangling id.
CREATE TABLE usage_events (
    request_id        TEXT    NOT NULL PRIMARY KEY,
    started_at        INTEGER NOT NULL,
    key_id            TEXT,
    team_id           TEXT,
    user_id           TEXT,
    endpoint          TEXT,                 -- Endpoint enum constant name, e.g. CHAT_COMPLETIONS
    model             TEXT,                 -- as requested by the client
    provider          TEXT,
    upstream_model    TEXT,                 -- as sent to the provider
    stream            INTEGER NOT NULL CHECK (stream IN (0, 1)),
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cached_tokens     INTEGER NOT NULL,
    reasoning_tokens  INTEGER NOT NULL,
    tokens_estimated  INTEGER NOT NULL CHECK (tokens_estimated IN (0, 1)),
    cost_nano_usd     INTEGER NOT NULL,     -- billionths of a US dollar
    latency_us        INTEGER NOT NULL,
    ttft_us           INTEGER NOT NULL,
    status            INTEGER NOT NULL,     -- HTTP status the client saw
    error_type        TEXT
) STRICT;

CREATE INDEX usage_events_started_idx ON usage_events (started_at);
CREATE INDEX usage_events_key_started_idx ON usage_events (key_id, started_at);
CREATE INDEX usage_events_team_started_idx ON usage_events (team_id, started_at);
