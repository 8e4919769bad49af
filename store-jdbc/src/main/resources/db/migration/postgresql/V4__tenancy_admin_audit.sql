-- Tenancy, scoped admin identities, the audit log and idempotent creates (keep in step with
-- ../sqlite/V4__tenancy_admin_audit.sql). Conventions as in V1.

-- A user is in one organisation and at most one of its teams.
ALTER TABLE users ADD COLUMN team_id TEXT COLLATE "C" REFERENCES teams (id);
CREATE INDEX users_team_idx ON users (team_id);

-- A key's organisation is derived from its owner at creation and stored, so scoped lists and usage need no
-- join. Keys made before tenancy keep org_id NULL and are visible to platform admins only.
ALTER TABLE api_keys ADD COLUMN org_id TEXT COLLATE "C";
ALTER TABLE api_keys ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE api_keys ADD COLUMN allowed_ips TEXT NOT NULL DEFAULT '[]'; -- JSON array of CIDRs; empty = anywhere
CREATE INDEX api_keys_org_idx ON api_keys (org_id);

-- Admin identities: like gateway keys, only the SHA-256 of the secret and a display prefix are stored.
CREATE TABLE admin_keys (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name       TEXT             NOT NULL,
    key_hash   TEXT             NOT NULL,
    key_prefix TEXT             NOT NULL,
    role       TEXT             NOT NULL,  -- AdminRole wire name, e.g. org_admin
    org_id     TEXT COLLATE "C",
    team_id    TEXT COLLATE "C",
    user_id    TEXT COLLATE "C",
    created_at BIGINT           NOT NULL,
    revoked_at BIGINT
);

CREATE UNIQUE INDEX admin_keys_key_hash_idx ON admin_keys (key_hash);
CREATE INDEX admin_keys_org_idx ON admin_keys (org_id);

-- The audit log. No foreign keys: entries outlive what they describe. Ids sort by time.
CREATE TABLE audit_log (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    at          BIGINT           NOT NULL,
    actor_id    TEXT             NOT NULL,
    actor_role  TEXT             NOT NULL,
    action      TEXT             NOT NULL,
    target_type TEXT             NOT NULL,
    target_id   TEXT COLLATE "C" NOT NULL,
    org_id      TEXT COLLATE "C",
    team_id     TEXT COLLATE "C",
    before_json TEXT,
    after_json  TEXT,
    request_id  TEXT,
    client_ip   TEXT
);

CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
CREATE INDEX audit_log_org_idx ON audit_log (org_id, id);

-- Append-only, enforced by the database too, so no code path (or hand-run SQL) can rewrite history.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_refuses_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_refuses_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- First answers of admin creates by (admin identity, Idempotency-Key); rows older than 24 h no longer count.
CREATE TABLE idempotent_requests (
    actor_id        TEXT COLLATE "C" NOT NULL,
    idempotency_key TEXT             NOT NULL,
    request_hash    TEXT             NOT NULL,
    status          INTEGER          NOT NULL,
    body            TEXT             NOT NULL,
    created_at      BIGINT           NOT NULL,
    PRIMARY KEY (actor_id, idempotency_key)
);
