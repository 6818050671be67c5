-- simpeg:postgres-only
-- The audit trail by month on PostgreSQL (issue 13): audit_records becomes a table partitioned
-- by RANGE of its id, one partition per calendar month (UTC), so a month of the trail is
-- archived or dropped whole (DETACH PARTITION, pg_dump, DROP TABLE) instead of deleted row by
-- row, and the newest-first listing (platform/audit List: ORDER BY id DESC, pages by id < token)
-- reads the newest partitions first and stops, and skips the months after a page's token.
--
-- Why the id and not the time column: the id is a UUIDv7 (RFC 9562 §5.7), whose first 48 bits
-- are the unix milliseconds it was made at, written first in its text form, so the ids of a
-- month are one range of text; the primary key (id) stays as it is (a partitioned table's
-- unique keys must contain its partition key), and every query already orders and pages by id.
-- The bound of a month is the 13-character text prefix of the UUIDv7s of its first millisecond
-- (database.auditBound in partitions.go computes the same).
--
-- The conversion copies the table: every existing row is written once more, into the
-- partitions of the months from its oldest row's to the current one plus six ahead, and the
-- indexes are built after the copy. It holds the table's lock for the whole copy: writes of the
-- service wait (docs/operations.md, "The audit trail by month on PostgreSQL", has the measured
-- cost). Ids that are not UUIDv7s, and months outside that range, go to audit_records_default;
-- database.EnsureAuditPartitions, run by Migrate on every start, creates the months ahead and
-- moves UUIDv7 rows of a month that has no partition yet out of the default partition.
-- SQLite keeps the plain table (platform/database/migrate.go: the postgres-only marker).

-- +goose Up
-- +goose StatementBegin
DO $$
DECLARE
    oldest text;
    ms     bigint;
    m      timestamp;
    last   timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') + interval '6 months';
    lo     text;
    hi     text;
BEGIN
    ALTER TABLE audit_records RENAME TO audit_records_unpartitioned;
    ALTER TABLE audit_records_unpartitioned RENAME CONSTRAINT audit_records_pkey TO audit_records_unpartitioned_pkey;
    ALTER INDEX audit_records_resource RENAME TO audit_records_unpartitioned_resource;
    ALTER INDEX audit_records_actor RENAME TO audit_records_unpartitioned_actor;

    CREATE TABLE audit_records (
        id           TEXT NOT NULL,       -- time-ordered UUIDv7: the partition key
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
    ) PARTITION BY RANGE (id);
    CREATE TABLE audit_records_default PARTITION OF audit_records DEFAULT;

    -- The months from the oldest UUIDv7 row's (not before 2020: a stray id must not make
    -- thousands of partitions) to six months ahead.
    m := date_trunc('month', now() AT TIME ZONE 'UTC');
    SELECT id INTO oldest FROM audit_records_unpartitioned
        WHERE id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-7' ORDER BY id LIMIT 1;
    IF oldest IS NOT NULL THEN
        ms := ('x' || lpad(translate(left(oldest, 13), '-', ''), 16, '0'))::bit(64)::bigint;
        m := least(m, greatest(timestamp '2020-01-01',
            date_trunc('month', to_timestamp(ms / 1000.0) AT TIME ZONE 'UTC')));
    END IF;
    WHILE m <= last LOOP
        ms := (extract(epoch FROM m) * 1000)::bigint;
        lo := lpad(to_hex(ms), 12, '0');
        ms := (extract(epoch FROM m + interval '1 month') * 1000)::bigint;
        hi := lpad(to_hex(ms), 12, '0');
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_records FOR VALUES FROM (%L) TO (%L)',
            'audit_records_' || to_char(m, '"y"YYYY"m"MM'),
            left(lo, 8) || '-' || right(lo, 4), left(hi, 8) || '-' || right(hi, 4));
        m := m + interval '1 month';
    END LOOP;

    INSERT INTO audit_records (id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail)
        SELECT id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail
        FROM audit_records_unpartitioned;
    DROP TABLE audit_records_unpartitioned;
    ALTER TABLE audit_records ADD CONSTRAINT audit_records_pkey PRIMARY KEY (id);
    CREATE INDEX audit_records_resource ON audit_records (resource, id);
    CREATE INDEX audit_records_actor ON audit_records (actor, id);
END $$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE audit_records RENAME TO audit_records_partitioned;
ALTER TABLE audit_records_partitioned RENAME CONSTRAINT audit_records_pkey TO audit_records_partitioned_pkey;
ALTER INDEX audit_records_resource RENAME TO audit_records_partitioned_resource;
ALTER INDEX audit_records_actor RENAME TO audit_records_partitioned_actor;
CREATE TABLE audit_records (
    id           TEXT PRIMARY KEY,
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
INSERT INTO audit_records SELECT * FROM audit_records_partitioned;
DROP TABLE audit_records_partitioned;
CREATE INDEX audit_records_resource ON audit_records (resource, id);
CREATE INDEX audit_records_actor ON audit_records (actor, id);
