-- Delivery: attendance per session day, certificates (STTPP) with their numbering and the
-- public keys that sign them, and external training. Portable SQL (PostgreSQL and SQLite):
-- instants are unix microseconds, dates "YYYY-MM-DD" text. The outcome of an enrolment (state,
-- score, finish_time) lives on the catalogue's enrolments row.

-- +goose Up
-- One row per seat holder and recorded day: HR records the whole roster of a day at once
-- (present 1 or 0), and recording the day again replaces its rows. A day with no rows was not
-- recorded.
CREATE TABLE session_days (
    session     TEXT NOT NULL REFERENCES sessions (id),
    date        TEXT NOT NULL,              -- YYYY-MM-DD in the session's zone
    enrolment   TEXT NOT NULL REFERENCES enrolments (id),
    employee    TEXT NOT NULL,              -- the enrolment's, copied for "did they attend"
    present     INTEGER NOT NULL,           -- 1 present, 0 absent
    recorded_by TEXT NOT NULL,
    record_time BIGINT NOT NULL,
    PRIMARY KEY (session, date, enrolment)
);
CREATE INDEX session_days_enrolment ON session_days (enrolment, present);
CREATE INDEX session_days_employee ON session_days (employee, session);

-- The last certificate number handed out per year; a passing completion takes the next one in
-- its transaction (UPDATE … RETURNING locks the row until commit).
CREATE TABLE certificate_sequences (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);

-- The public halves of every key that has signed a certificate, so a certificate signed before
-- a key rotation still verifies (and can be checked offline).
CREATE TABLE certificate_keys (
    id          TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,              -- Ed25519, standard base64
    create_time BIGINT NOT NULL
);

-- One certificate per enrolment at most: a correction to failed revokes it, a correction back to
-- passed reinstates the same number.
CREATE TABLE certificates (
    number          TEXT PRIMARY KEY,       -- STTPP/<year>/<seq6>-<check code>, as printed
    year            INTEGER NOT NULL,
    seq             BIGINT NOT NULL,
    enrolment       TEXT NOT NULL REFERENCES enrolments (id),
    session         TEXT NOT NULL,
    programme       TEXT NOT NULL,          -- the programme's id
    employee        TEXT NOT NULL,
    agency          TEXT NOT NULL,          -- the employee's agency when enrolled
    name            TEXT NOT NULL,          -- as signed: the holder's name
    programme_title TEXT NOT NULL,          -- as signed
    start_date      TEXT NOT NULL,          -- as signed, YYYY-MM-DD in the session's zone
    end_date        TEXT NOT NULL,
    jp              INTEGER NOT NULL,
    issue_date      TEXT NOT NULL,
    key_id          TEXT NOT NULL REFERENCES certificate_keys (id),
    signature       TEXT NOT NULL,          -- Ed25519 over domain.Certificate.Payload, standard base64
    state           TEXT NOT NULL,          -- valid, revoked
    reason          TEXT NOT NULL,          -- why it was revoked
    version         BIGINT NOT NULL,
    create_time     BIGINT NOT NULL,
    update_time     BIGINT NOT NULL
);
CREATE UNIQUE INDEX certificates_enrolment ON certificates (enrolment);
CREATE UNIQUE INDEX certificates_year_seq ON certificates (year, seq);
CREATE INDEX certificates_employee ON certificates (employee, number);
CREATE INDEX certificates_agency ON certificates (agency, number);

-- Training an employee attended on their own, with evidence; it counts toward the JP ledger
-- once HR has verified it (state verified), in the year of end_date.
CREATE TABLE external_trainings (
    id           TEXT PRIMARY KEY,
    employee     TEXT NOT NULL,
    agency       TEXT NOT NULL,             -- the employee's agency when recorded
    title        TEXT NOT NULL,
    provider     TEXT NOT NULL,
    form         TEXT NOT NULL,             -- classroom, e_learning, … (domain.Form)
    start_date   TEXT NOT NULL,             -- YYYY-MM-DD
    end_date     TEXT NOT NULL,
    minutes      INTEGER NOT NULL,          -- for a form counted in hours, else 0
    jp           INTEGER NOT NULL,          -- computed from minutes, or stated
    evidence     TEXT NOT NULL,             -- "documents/<id>" or an https:// link
    state        TEXT NOT NULL,             -- submitted, verified, rejected
    reason       TEXT NOT NULL,             -- a rejection's reason
    submitted_by TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decide_time  BIGINT NOT NULL,           -- 0 before the decision
    version      BIGINT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL
);
CREATE INDEX external_trainings_employee ON external_trainings (employee, end_date);
CREATE INDEX external_trainings_agency ON external_trainings (agency, state, end_date);

-- +goose Down
DROP TABLE external_trainings;
DROP TABLE certificates;
DROP TABLE certificate_keys;
DROP TABLE certificate_sequences;
DROP TABLE session_days;
