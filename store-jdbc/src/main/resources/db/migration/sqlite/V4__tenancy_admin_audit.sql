-- Tenancy, scoped admin identities, the audit log and idempotent creates (keep in step with
-- ../postgresql/V4__tenancy_admin_audit.sql). Conventions as in V1.

-- A user is in one organisation and at most one of its teams.
ALTER TABLE users ADD COLUMN team_id TEXT REFERENCES teams (id);
CREATE INDEX users_team_idx ON users (team_id);

-- A key's organisation is derived from its owner at creation and stored, so scoped lists and usage need no
-- join. Keys made before tenancy keep org_id NULL and are visible to platform admins only.
ALTER TABLE api_keys ADD COLUMN org_id TEXT;
ALTER TABLE api_keys ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1));
ALTER TABLE api_keys ADD COLUMN allowed_ips TEXT NOT NULL DEFAULT '[]'; -- JSON array of CIDRs; empty = anywhere
CREATE INDEX api_keys_org_idx ON api_keys (org_id);

-- Admin identities: like gateway keys, only the SHA-256 of the secret and a display prefix are stored.
CREATE TABLE admin_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    key_hash   TEXT    NOT NULL,
    key_prefix TEXT    NOT NULL,
    role       TEXT    NOT NULL,  -- AdminRole wire name, e.g. org_admin
    org_id     TEXT,
    team_id    TEXT,
    user_id    TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;

CREATE UNIQUE INDEX admin_keys_key_hash_idx ON admin_keys (key_hash);
CREATE INDEX admin_keys_org_idx ON admin_keys (org_id);

-- The audit log. No foreign keys: entries outlive what they describe. Ids sort by time.
CREATE TABLE audit_log (
    id          TEXT    NOT NULL PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    TEXT    NOT NULL,
    actor_role  TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target_type TEXT    NOT NULL,
    target_id   TEXT    NOT NULL,
    org_id      TEXT,
    team_id     TEXT,
    before_json TEXT,
    after_json  TEXT,
    request_id  TEXT,
    client_ip   TEXT
) STRICT;

CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
CREATE INDEX audit_log_org_idx ON audit_log (org_id, id);

-- Append-only, enforced by the database too, so no code path (or hand-run SQL) can rewrite history.
CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- First answers of admin creates by (admin identity, Idempotency-Key); rows older than 24 h no longer count.
CREATE TABLE idempotent_requests (
    actor_id        TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (actor_id, idempotency_key)
) STRICT;
