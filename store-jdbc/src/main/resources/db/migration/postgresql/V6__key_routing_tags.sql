-- A key's routing constraint: tags every deployment serving it must carry (e.g. a region), as a JSON array.
ALTER TABLE api_keys ADD COLUMN routing_tags TEXT NOT NULL DEFAULT '[]';
