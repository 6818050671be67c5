-- Platform tables every service has. Portable SQL: it runs unchanged on PostgreSQL and SQLite.

-- +goose Up
-- The transactional outbox: an event row is written in the same transaction as the change it
-- announces, and the relay publishes it to JetStream with Nats-Msg-Id = id.
CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,      -- event id, a time-ordered UUIDv7
    subject    TEXT NOT NULL,         -- e.g. simpeg.planning.employee.created
    event_type TEXT NOT NULL,         -- the payload's protobuf full name
    payload    BYTEA NOT NULL,        -- the binary protobuf message
    headers    TEXT NOT NULL,         -- JSON object: trace context and other headers
    created_at BIGINT NOT NULL,       -- unix microseconds
    sent_at    BIGINT                 -- unix microseconds; NULL until JetStream acknowledged it
);
CREATE INDEX outbox_unsent ON outbox (created_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Events a consumer has applied, written in the same transaction as the effect, so a
-- redelivered event changes nothing.
CREATE TABLE processed_events (
    consumer     TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    processed_at BIGINT NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- Idempotency keys of creating calls: the first answer is kept and replayed to retries.
CREATE TABLE idempotency_keys (
    actor        TEXT NOT NULL,
    method       TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    state        INTEGER NOT NULL,    -- 0 in progress, 1 done
    response     BYTEA,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (actor, method, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Who changed what, when and from where; written in the same transaction as the change.
CREATE TABLE audit_records (
    id           TEXT PRIMARY KEY,    -- time-ordered UUIDv7
    time         BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    actor_roles  TEXT NOT NULL,
    actor_agency TEXT NOT NULL,
    action       TEXT NOT NULL,
    resource     TEXT NOT NULL,
    request_id   TEXT NOT NULL,
    peer         TEXT NOT NULL,
    trace_id     TEXT NOT NULL,
    detail       TEXT NOT NULL
);
CREATE INDEX audit_records_resource ON audit_records (resource, id);
CREATE INDEX audit_records_actor ON audit_records (actor, id);

-- +goose Down
DROP TABLE audit_records;
DROP TABLE idempotency_keys;
DROP TABLE processed_events;
DROP TABLE outbox;
