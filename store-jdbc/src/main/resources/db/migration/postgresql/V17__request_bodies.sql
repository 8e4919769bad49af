-- Request log bodies: off by default, kept only for the keys and teams named in request_log.bodies. The request
-- and the answer (for a stream, the generated text) as stored after PII redaction, cut at a configured size.
-- One row per call at most, dropped with the call's usage event (usage.retention_days). Written off the request
-- path and best effort: a body that could not be kept never holds up a call or its booking.
CREATE TABLE request_bodies (
    request_id    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    started_at    BIGINT           NOT NULL,
    request_body  TEXT             NOT NULL,
    response_body TEXT,
    truncated     BOOLEAN          NOT NULL DEFAULT FALSE
);

CREATE INDEX request_bodies_started_idx ON request_bodies (started_at);
