-- Tollgate schema version 1, PostgreSQL dialect (keep in step with ../sqlite/V1__initial_schema.sql).
--
-- Conventions shared by both dialects:
--  * Timestamps are epoch milliseconds (UTC) in BIGINT columns, not timestamptz: SQLite has no date/time
--    type, integers compare and sort exactly with plain operators (range scans on started_at,
--    "expires_at > ?"), and both databases hold identical values. Sub-millisecond precision is dropped
--    on write. Use to_timestamp(col / 1000.0) when reading by hand.
--  * Ids are opaque text with COLLATE "C" (bytewise, like SQLite's default BINARY collation), so key
--    paging orders the same on both and does not depend on the database locale.
--  * JSON documents (allowed models, metadata) are stored as text, as on SQLite.

-- Tenancy (not used yet). Budget and rate-limit policies are referenced by name/id as nullable text until
-- policies get tables of their own.
CREATE TABLE organizations (
    id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name              TEXT             NOT NULL,
    budget_policy     TEXT,
    rate_limit_policy TEXT,
    metadata          TEXT             NOT NULL DEFAULT '{}',
    created_at        BIGINT           NOT NULL
);

CREATE TABLE teams (
    id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    org_id            TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    name              TEXT             NOT NULL,
    budget_policy     TEXT,
    rate_limit_policy TEXT,
    metadata          TEXT             NOT NULL DEFAULT '{}',
    created_at        BIGINT           NOT NULL,
    UNIQUE (org_id, name)
);

-- Emails are unique per organization; the application stores them lower-cased.
CREATE TABLE users (
    id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    org_id            TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    email             TEXT             NOT NULL,
    name              TEXT,
    budget_policy     TEXT,
    rate_limit_policy TEXT,
    metadata          TEXT             NOT NULL DEFAULT '{}',
    created_at        BIGINT           NOT NULL,
    UNIQUE (org_id, email)
);

-- Gateway keys: only the hash of the secret and a short display prefix are stored.
-- team_id/user_id carry no foreign keys yet: keys may name teams and users before tenancy is managed.
CREATE TABLE api_keys (
    id             TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name           TEXT,
    key_hash       TEXT             NOT NULL,
    key_prefix     TEXT             NOT NULL,
    allowed_models TEXT             NOT NULL DEFAULT '[]', -- JSON array of model names/patterns; empty = all
    team_id        TEXT COLLATE "C",
    user_id        TEXT COLLATE "C",
    metadata       TEXT             NOT NULL DEFAULT '{}', -- JSON object of string values
    created_at     BIGINT           NOT NULL,
    expires_at     BIGINT,
    revoked_at     BIGINT
);

CREATE UNIQUE INDEX api_keys_key_hash_idx ON api_keys (key_hash);
CREATE INDEX api_keys_team_idx ON api_keys (team_id);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- The usage ledger: one row per request, booked idempotently on request_id. No foreign keys on purpose:
-- history must survive deleted keys, teams and users, and booking must never fail on a dangling id.
CREATE TABLE usage_events (
    request_id        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    started_at        BIGINT           NOT NULL,
    key_id            TEXT COLLATE "C",
    team_id           TEXT COLLATE "C",
    user_id           TEXT COLLATE "C",
    endpoint          TEXT,                    -- Endpoint enum constant name, e.g. CHAT_COMPLETIONS
    model             TEXT,                    -- as requested by the client
    provider          TEXT,
    upstream_model    TEXT,                    -- as sent to the provider
    stream            BOOLEAN          NOT NULL,
    prompt_tokens     BIGINT           NOT NULL,
    completion_tokens BIGINT           NOT NULL,
    cached_tokens     BIGINT           NOT NULL,
    reasoning_tokens  BIGINT           NOT NULL,
    tokens_estimated  BOOLEAN          NOT NULL,
    cost_nano_usd     BIGINT           NOT NULL, -- billionths of a US dollar
    latency_us        BIGINT           NOT NULL,
    ttft_us           BIGINT           NOT NULL,
    status            INTEGER          NOT NULL, -- HTTP status the client saw
    error_type        TEXT
);

CREATE INDEX usage_events_started_idx ON usage_events (started_at);
CREATE INDEX usage_events_key_started_idx ON usage_events (key_id, started_at);
CREATE INDEX usage_events_team_started_idx ON usage_events (team_id, started_at);
