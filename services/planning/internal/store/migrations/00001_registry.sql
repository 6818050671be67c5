-- The workforce registry. Portable SQL: it runs unchanged on PostgreSQL and SQLite. Times are
-- unix microseconds, dates "YYYY-MM-DD" text.

-- +goose Up
CREATE TABLE agencies (
    code         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    kind         TEXT NOT NULL,
    parent       TEXT REFERENCES agencies (code),
    root         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL
);
CREATE INDEX agencies_parent ON agencies (parent, code);

CREATE TABLE positions (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    class        INTEGER NOT NULL,
    agency       TEXT NOT NULL REFERENCES agencies (code),
    unit         TEXT REFERENCES agencies (code),
    competencies TEXT NOT NULL,   -- JSON array of strings
    needed       INTEGER NOT NULL,
    version      BIGINT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL
);
CREATE INDEX positions_agency ON positions (agency, id);

CREATE TABLE employees (
    nip              TEXT PRIMARY KEY,
    id_kind          TEXT NOT NULL,
    full_name        TEXT NOT NULL,
    search_name      TEXT NOT NULL, -- lower-case full name, for case-insensitive search on both engines
    front_title      TEXT NOT NULL,
    back_title       TEXT NOT NULL,
    sex              TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    appointment_date TEXT NOT NULL,
    employment_type  TEXT NOT NULL,
    rank             TEXT NOT NULL,
    agency           TEXT NOT NULL REFERENCES agencies (code),
    unit             TEXT REFERENCES agencies (code),
    position         TEXT REFERENCES positions (id),
    supervisor       TEXT,          -- not a foreign key: batches may load a supervisor after a subordinate's row
    status           TEXT NOT NULL,
    version          BIGINT NOT NULL,
    create_time      BIGINT NOT NULL,
    update_time      BIGINT NOT NULL
);
CREATE INDEX employees_agency ON employees (agency, nip);
CREATE INDEX employees_unit ON employees (unit, nip);
CREATE INDEX employees_position ON employees (position, status);
CREATE INDEX employees_supervisor ON employees (supervisor, nip);

-- Each period an employee spent in an agency; the row with an empty end_date is the current one.
CREATE TABLE assignments (
    nip        TEXT NOT NULL REFERENCES employees (nip),
    seq        INTEGER NOT NULL,
    agency     TEXT NOT NULL,
    unit       TEXT NOT NULL,
    position   TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    end_reason TEXT NOT NULL,
    PRIMARY KEY (nip, seq)
);

-- +goose Down
DROP TABLE assignments;
DROP TABLE employees;
DROP TABLE positions;
DROP TABLE agencies;
