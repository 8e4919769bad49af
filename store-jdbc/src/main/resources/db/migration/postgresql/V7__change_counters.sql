-- Counters that move with every change of a kind of data, in the change's transaction, so that every node can
-- poll one row to learn that its in-memory copy is stale (gateway keys: the authentication snapshot).
CREATE TABLE change_counters (
    name    TEXT    NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);

INSERT INTO change_counters (name, version) VALUES ('keys', 0);
