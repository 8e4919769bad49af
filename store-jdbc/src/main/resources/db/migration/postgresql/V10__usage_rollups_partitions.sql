-- Bills and reports (issue 8): hourly rollups of usage, and usage_events range-partitioned by day on started_at so
-- retention drops whole partitions (keep in step with ../sqlite/V10__usage_rollups_partitions.sql).

-- One row per hour and combination of dimensions, kept up to date by booking in the same transaction as the events
-- it counts (only events actually inserted, so a replayed batch adds nothing). Dimensions that are unknown are ''
-- rather than NULL: a primary key column cannot be NULL, and PostgreSQL would treat NULLs as distinct in a unique
-- index, so the upsert would add a new row each time instead of adding to the existing one.
CREATE TABLE usage_rollups_hourly (
    hour_start         BIGINT           NOT NULL, -- epoch ms of the UTC hour
    org_id             TEXT COLLATE "C" NOT NULL DEFAULT '',
    team_id            TEXT COLLATE "C" NOT NULL DEFAULT '',
    user_id            TEXT COLLATE "C" NOT NULL DEFAULT '',
    key_id             TEXT COLLATE "C" NOT NULL DEFAULT '',
    model              TEXT COLLATE "C" NOT NULL DEFAULT '',
    provider           TEXT COLLATE "C" NOT NULL DEFAULT '',
    endpoint           TEXT COLLATE "C" NOT NULL DEFAULT '',
    requests           BIGINT           NOT NULL,
    errors             BIGINT           NOT NULL, -- status >= 400
    prompt_tokens      BIGINT           NOT NULL,
    completion_tokens  BIGINT           NOT NULL,
    cached_tokens      BIGINT           NOT NULL,
    cache_write_tokens BIGINT           NOT NULL,
    reasoning_tokens   BIGINT           NOT NULL,
    cost_nano_usd      BIGINT           NOT NULL,
    charge_nano_usd    BIGINT           NOT NULL,
    cache_hits         BIGINT           NOT NULL,
    estimated_calls    BIGINT           NOT NULL, -- calls whose tokens were estimated
    PRIMARY KEY (hour_start, org_id, team_id, user_id, key_id, model, provider, endpoint)
);

-- Spend of one key, user, team or organisation since an instant (budgets), and scoped reports.
CREATE INDEX usage_rollups_org_idx ON usage_rollups_hourly (org_id, hour_start);
CREATE INDEX usage_rollups_team_idx ON usage_rollups_hourly (team_id, hour_start);
CREATE INDEX usage_rollups_user_idx ON usage_rollups_hourly (user_id, hour_start);
CREATE INDEX usage_rollups_key_idx ON usage_rollups_hourly (key_id, hour_start);

-- usage_events becomes partitioned by range of started_at: one partition per UTC day (usage_events_pYYYYMMDD),
-- created ahead by the maintenance job, plus a default partition for anything outside them (rows booked before
-- this migration, clocks far off). A unique index of a partitioned table must contain the partition key, so the
-- primary key is (request_id, started_at): a replayed event carries the start time it was minted with, so booking
-- stays idempotent per request id.
ALTER TABLE usage_events RENAME TO usage_events_unpartitioned;

CREATE TABLE usage_events (
    request_id         TEXT COLLATE "C" NOT NULL,
    started_at         BIGINT           NOT NULL,
    key_id             TEXT COLLATE "C",
    team_id            TEXT COLLATE "C",
    user_id            TEXT COLLATE "C",
    endpoint           TEXT,
    model              TEXT,
    provider           TEXT,
    upstream_model     TEXT,
    stream             BOOLEAN          NOT NULL,
    prompt_tokens      BIGINT           NOT NULL,
    completion_tokens  BIGINT           NOT NULL,
    cached_tokens      BIGINT           NOT NULL,
    reasoning_tokens   BIGINT           NOT NULL,
    tokens_estimated   BOOLEAN          NOT NULL,
    cost_nano_usd      BIGINT           NOT NULL,
    latency_us         BIGINT           NOT NULL,
    ttft_us            BIGINT           NOT NULL,
    status             INTEGER          NOT NULL,
    error_type         TEXT,
    cache_write_tokens BIGINT           NOT NULL DEFAULT 0,
    deployment         TEXT,
    attempts           INTEGER          NOT NULL DEFAULT 1,
    org_id             TEXT,
    charge_nano_usd    BIGINT           NOT NULL DEFAULT 0,
    cache_hit          BOOLEAN          NOT NULL DEFAULT FALSE,
    PRIMARY KEY (request_id, started_at)
) PARTITION BY RANGE (started_at);

CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;

INSERT INTO usage_events
SELECT request_id, started_at, key_id, team_id, user_id, endpoint, model, provider, upstream_model, stream,
       prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, tokens_estimated, cost_nano_usd, latency_us,
       ttft_us, status, error_type, cache_write_tokens, deployment, attempts, org_id, charge_nano_usd, cache_hit
FROM usage_events_unpartitioned;

DROP TABLE usage_events_unpartitioned;

CREATE INDEX usage_events_started_idx ON usage_events (started_at);
CREATE INDEX usage_events_key_started_idx ON usage_events (key_id, started_at);
CREATE INDEX usage_events_team_started_idx ON usage_events (team_id, started_at);

-- The rollups of everything booked so far.
INSERT INTO usage_rollups_hourly
SELECT started_at - started_at % 3600000, COALESCE(org_id, ''), COALESCE(team_id, ''), COALESCE(user_id, ''),
       COALESCE(key_id, ''), COALESCE(model, ''), COALESCE(provider, ''), COALESCE(endpoint, ''),
       COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
       SUM(cached_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_nano_usd), SUM(charge_nano_usd),
       SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END), SUM(CASE WHEN tokens_estimated THEN 1 ELSE 0 END)
FROM usage_events
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
