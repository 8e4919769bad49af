-- Which deployment of the model group served the call, and how many upstream attempts it took (failover).
ALTER TABLE usage_events ADD COLUMN deployment TEXT;
ALTER TABLE usage_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
