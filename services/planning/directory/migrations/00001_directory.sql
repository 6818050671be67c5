-- A read copy of planning's registry, kept by another service from planning's events.
-- Portable SQL (PostgreSQL and SQLite). version is the resource's etag number: a copy never
-- goes back to an older version when events arrive late or twice.

-- +goose Up
CREATE TABLE directory_agencies (
    code         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    kind         TEXT NOT NULL,
    parent       TEXT NOT NULL,
    root         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    synced_at    BIGINT NOT NULL
);

CREATE TABLE directory_employees (
    nip              TEXT PRIMARY KEY,
    display_name     TEXT NOT NULL,
    sex              TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    appointment_date TEXT NOT NULL,
    employment_type  TEXT NOT NULL,
    rank             TEXT NOT NULL,
    agency           TEXT NOT NULL,
    unit             TEXT NOT NULL,
    position         TEXT NOT NULL,
    supervisor       TEXT NOT NULL,
    status           TEXT NOT NULL,
    version          BIGINT NOT NULL,
    synced_at        BIGINT NOT NULL
);
CREATE INDEX directory_employees_agency ON directory_employees (agency, nip);
CREATE INDEX directory_employees_supervisor ON directory_employees (supervisor, nip);

-- +goose Down
DROP TABLE directory_employees;
DROP TABLE directory_agencies;
