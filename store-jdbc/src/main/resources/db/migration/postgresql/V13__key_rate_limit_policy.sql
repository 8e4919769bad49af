-- Rate limits (docs/limits.md): a key may name a rate-limit policy of its own (limits.policies in the config),
-- beside its user's, team's and organisation's (their rate_limit_policy columns exist since V1).
ALTER TABLE api_keys ADD COLUMN rate_limit_policy TEXT;
