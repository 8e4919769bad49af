-- Bills and reports (issue 8): hourly rollups of usage (keep in step with ../postgresql/V10__usage_rollups_partitions.sql).
-- SQLite has no partitions: retention deletes old events in bounded batches instead (usage_events_started_idx).

-- One row per hour and combination of dimensions, kept up to date by booking in the same transaction as the events
-- it counts (only events actually inserted, so a replayed batch adds nothing). Unknown dimensions are '' rather than
-- NULL, so that they form one key (NULLs are distinct in unique indexes) on both databases.
CREATE TABLE usage_rollups_hourly (
    hour_start         INTEGER NOT NULL, -- epoch ms of the UTC hour
    org_id             TEXT    NOT NULL DEFAULT '',
    team_id            TEXT    NOT NULL DEFAULT '',
    user_id            TEXT    NOT NULL DEFAULT '',
    key_id             TEXT    NOT NULL DEFAULT '',
    model              TEXT    NOT NULL DEFAULT '',
    provider           TEXT    NOT NULL DEFAULT '',
    endpoint           TEXT    NOT NULL DEFAULT '',
    requests           INTEGER NOT NULL,
    errors             INTEGER NOT NULL, -- status >= 400
    prompt_tokens      INTEGER NOT NULL,
    completion_tokens  INTEGER NOT NULL,
    cached_tokens      INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_nano_usd      INTEGER NOT NULL,
    charge_nano_usd    INTEGER NOT NULL,
    cache_hits         INTEGER NOT NULL,
    estimated_calls    INTEGER NOT NULL, -- calls whose tokens were estimated
    PRIMARY KEY (hour_start, org_id, team_id, user_id, key_id, model, provider, endpoint)
) STRICT;

-- Spend of one key, user, team or organisation since an instant (budgets), and scoped reports.
CREATE INDEX usage_rollups_org_idx ON usage_rollups_hourly (org_id, hour_start);
CREATE INDEX usage_rollups_team_idx ON usage_rollups_hourly (team_id, hour_start);
CREATE INDEX usage_rollups_user_idx ON usage_rollups_hourly (user_id, hour_start);
CREATE INDEX usage_rollups_key_idx ON usage_rollups_hourly (key_id, hour_start);

-- The rollups of everything booked so far.
INSERT INTO usage_rollups_hourly
SELECT started_at - started_at % 3600000, COALESCE(org_id, ''), COALESCE(team_id, ''), COALESCE(user_id, ''),
       COALESCE(key_id, ''), COALESCE(model, ''), COALESCE(provider, ''), COALESCE(endpoint, ''),
       COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
       SUM(cached_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_nano_usd), SUM(charge_nano_usd),
       SUM(cache_hit), SUM(tokens_estimated)
FROM usage_events
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
