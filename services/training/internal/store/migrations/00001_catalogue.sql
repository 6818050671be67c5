-- The catalogue: programmes, their sessions (classes) and enrolments. Portable SQL (PostgreSQL
-- and SQLite): instants are unix microseconds, dates "YYYY-MM-DD" text, lists JSON text.

-- +goose Up
CREATE TABLE programmes (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    competency_type TEXT NOT NULL,          -- technical, managerial, socio_cultural
    competencies    TEXT NOT NULL,          -- JSON array of "type:slug" as planning names them
    form            TEXT NOT NULL,          -- classroom, e_learning, coaching, …
    minutes         INTEGER NOT NULL,       -- hours of instruction for forms counted in hours, else 0
    jp              INTEGER NOT NULL,       -- computed from minutes, or stated
    provider        TEXT NOT NULL,
    provider_kind   TEXT NOT NULL,          -- city_training_unit, institute, university_partner
    partner         TEXT NOT NULL,          -- the partner institution's id for a university, else ''
    cost_per_seat   BIGINT NOT NULL,        -- rupiah
    certificate     INTEGER NOT NULL,       -- 1: completion issues a certificate (STTPP)
    latsar          INTEGER NOT NULL,       -- 1: the basic training for CPNS
    agency          TEXT NOT NULL,          -- the agency that owns it; '' for the city's catalogue
    state           TEXT NOT NULL,          -- active, retired
    version         BIGINT NOT NULL,
    create_time     BIGINT NOT NULL,
    update_time     BIGINT NOT NULL
);
CREATE INDEX programmes_agency ON programmes (agency, id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    programme    TEXT NOT NULL REFERENCES programmes (id),
    agency       TEXT NOT NULL,             -- the agency that runs it; '' for the city
    start_time   BIGINT NOT NULL,
    end_time     BIGINT NOT NULL,
    time_zone    TEXT NOT NULL,             -- IANA, e.g. Asia/Jakarta
    place        TEXT NOT NULL,
    online_link  TEXT NOT NULL,
    capacity     INTEGER NOT NULL,
    trainers     TEXT NOT NULL,             -- JSON array of names (or NIPs)
    state        TEXT NOT NULL,             -- scheduled, cancelled, completed
    cancel_reason TEXT NOT NULL,            -- why it was cancelled; '' otherwise
    seated       INTEGER NOT NULL,          -- enrolments holding a seat (state enrolled or finished)
    next_arrival BIGINT NOT NULL,           -- the next queue number to hand out
    version      BIGINT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL
);
CREATE INDEX sessions_programme ON sessions (programme, start_time);
CREATE INDEX sessions_start ON sessions (start_time, id);

CREATE TABLE enrolments (
    id           TEXT PRIMARY KEY,
    session      TEXT NOT NULL REFERENCES sessions (id),
    employee     TEXT NOT NULL,             -- NIP or PPPK number
    agency       TEXT NOT NULL,             -- the employee's agency when enrolled
    origin       TEXT NOT NULL,             -- nominated, self_request
    state        TEXT NOT NULL,             -- requested, enrolled, waitlisted, rejected, withdrawn, passed, failed, did_not_finish
    arrival      BIGINT NOT NULL,           -- queue number given on admission; 0 before
    start_time   BIGINT NOT NULL,           -- the session's, copied for the overlap check
    end_time     BIGINT NOT NULL,
    requested_by TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    reason       TEXT NOT NULL,             -- a rejection's or withdrawal's reason
    score        INTEGER NOT NULL,          -- 0..100 once completed
    finish_time  BIGINT NOT NULL,           -- when the outcome was recorded; 0 before
    version      BIGINT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL
);
-- At most one enrolment per employee and session that is not rejected or withdrawn.
CREATE UNIQUE INDEX enrolments_live ON enrolments (session, employee) WHERE state NOT IN ('rejected', 'withdrawn');
CREATE INDEX enrolments_session ON enrolments (session, state, arrival);
CREATE INDEX enrolments_employee ON enrolments (employee, start_time);
CREATE INDEX enrolments_agency ON enrolments (agency, state);

-- One row per employee who ever enrolled: a transaction that checks an employee's enrolments
-- for overlap first bumps the row (an upsert), so two enrolments of one employee into two
-- different sessions at once are checked one after the other on PostgreSQL too.
CREATE TABLE enrolment_locks (
    employee TEXT PRIMARY KEY,
    version  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE enrolment_locks;
DROP TABLE enrolments;
DROP TABLE sessions;
DROP TABLE programmes;
