-- The ledger's definitions: budgets, prepaid balances (credit entries), redemption codes and pricing groups.
-- Money is integer nano-USD (billionths of a dollar) everywhere; ratios are exact decimals kept as text.

-- A spending cap on one key, user, team or organisation, per period in a time zone. 'hard' refuses calls that
-- would cross it; 'soft' only alerts. alert_thresholds: JSON array of percentages (e.g. [50, 80, 100]).
CREATE TABLE budgets (
    id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    scope_kind       TEXT NOT NULL CHECK (scope_kind IN ('key', 'user', 'team', 'org')),
    scope_id         TEXT COLLATE "C" NOT NULL,
    amount_nano_usd  BIGINT NOT NULL CHECK (amount_nano_usd >= 0),
    period           TEXT NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly', 'total')),
    time_zone        TEXT NOT NULL DEFAULT 'UTC',
    enforcement      TEXT NOT NULL DEFAULT 'hard' CHECK (enforcement IN ('hard', 'soft')),
    alert_thresholds TEXT NOT NULL DEFAULT '[]',
    webhook_url      TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX budgets_scope_idx ON budgets (scope_kind, scope_id);

-- Resale price lists (relay mode): a caller in a group is charged cost × multiplier × the model's ratio
-- (model_ratios: JSON object of model name → decimal text; absent models use 1).
CREATE TABLE pricing_groups (
    name         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    multiplier   TEXT NOT NULL DEFAULT '1',
    model_ratios TEXT NOT NULL DEFAULT '{}',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- 'prepaid' users (relay customers) may only spend their balance: credits minus charges.
ALTER TABLE users ADD COLUMN billing TEXT NOT NULL DEFAULT 'invoiced' CHECK (billing IN ('invoiced', 'prepaid'));
ALTER TABLE users ADD COLUMN pricing_group TEXT COLLATE "C" REFERENCES pricing_groups (name);

-- Money put on a prepaid balance (top-ups, redeemed codes, corrections). Append-only: a correction is a new entry.
CREATE TABLE credit_entries (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    user_id         TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    amount_nano_usd BIGINT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('topup', 'redemption', 'adjustment')),
    reference       TEXT,
    actor           TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX credit_entries_user_idx ON credit_entries (user_id, created_at);

CREATE FUNCTION credit_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'credit_entries is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_entries_refuses_change BEFORE UPDATE OR DELETE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();

-- Single-use top-up codes, generated in batches; only a hash and a display prefix are kept.
CREATE TABLE redemption_codes (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    batch_id        TEXT COLLATE "C" NOT NULL,
    code_hash       TEXT NOT NULL UNIQUE,
    code_prefix     TEXT NOT NULL,
    amount_nano_usd BIGINT NOT NULL CHECK (amount_nano_usd > 0),
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT,
    redeemed_at     BIGINT,
    redeemed_by     TEXT COLLATE "C" REFERENCES users (id)
);
CREATE INDEX redemption_codes_batch_idx ON redemption_codes (batch_id);

-- Moves with every change of budgets, pricing groups, billing settings or credits, so nodes refresh their copy.
INSERT INTO change_counters (name, version) VALUES ('ledger', 0);
