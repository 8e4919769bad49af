-- Relay mode: an operator can withdraw the unredeemed codes of a batch (a refusal then says "revoked", not
-- "expired"), and a customer's own usage and balance are read by user.
ALTER TABLE redemption_codes ADD COLUMN revoked_at INTEGER;
CREATE INDEX usage_events_user_started_idx ON usage_events (user_id, started_at);
