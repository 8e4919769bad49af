-- Providers and model groups created through the admin API, and the secret key checks (keep in step with
-- ../postgresql/V5__config_entries.sql). Conventions as in V1.

-- One row per entry; body is the entry as JSON in the configuration file's shape, secrets sealed
-- (v1:<key id>:<data>, AES-256-GCM under TOLLGATE_SECRET_KEY), never plaintext.
CREATE TABLE config_entries (
    kind       TEXT NOT NULL,  -- provider | model
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
);

-- A single row every node polls: bumped in the transaction of each change to config_entries, so a node that
-- reads a new version also reads the change.
CREATE TABLE config_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 0);

-- Per master key id, a known constant sealed with that key: start-up refuses keys that do not fit.
CREATE TABLE secret_key_checks (
    key_id     TEXT NOT NULL PRIMARY KEY,
    check_value TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
