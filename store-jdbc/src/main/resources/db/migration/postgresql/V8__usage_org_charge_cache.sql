-- Usage events carry their organisation (so reports group by it without joining keys), what the caller was
-- billed (relay mode: cost times pricing-group ratios; otherwise the cost) and whether the cache answered.
ALTER TABLE usage_events ADD COLUMN org_id TEXT;
ALTER TABLE usage_events ADD COLUMN charge_nano_usd BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN cache_hit BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE usage_events SET charge_nano_usd = cost_nano_usd;
UPDATE usage_events SET org_id = (SELECT k.org_id FROM api_keys k WHERE k.id = usage_events.key_id);
