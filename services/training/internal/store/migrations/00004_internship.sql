-- Universities and internships (issue 10 §5): partner institutions, their agreements, internship
-- cohorts with seats per agency, placements of employees or students with a mentor, logbook
-- entries and their review. Portable SQL (PostgreSQL and SQLite): instants are unix
-- microseconds, dates "YYYY-MM-DD" text.
--
-- The JP ledger (reports) reads internship_placements: an employee participant (employee <> '')
-- whose placement is completed and passed earns jp in the year of end_date; an active one
-- projects it. jp is the cohort programme's JP, copied when placed and again when assessed; it is
-- 0 for students.

-- +goose Up
CREATE TABLE internship_partners (
    id            TEXT PRIMARY KEY,         -- a slug, e.g. usu
    display_name  TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- university, polytechnic, other
    address       TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    version       BIGINT NOT NULL,
    create_time   BIGINT NOT NULL,
    update_time   BIGINT NOT NULL
);

CREATE TABLE internship_agreements (
    id            TEXT PRIMARY KEY,
    partner       TEXT NOT NULL REFERENCES internship_partners (id),
    number        TEXT NOT NULL,            -- the document's number, unique in the city
    title         TEXT NOT NULL,
    scope         TEXT NOT NULL,
    start_date    TEXT NOT NULL,            -- first day
    end_date      TEXT NOT NULL,            -- last day, inclusive
    contact_name  TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    document      TEXT NOT NULL,            -- a reference to the signed document
    version       BIGINT NOT NULL,
    create_time   BIGINT NOT NULL,
    update_time   BIGINT NOT NULL
);
CREATE UNIQUE INDEX internship_agreements_number ON internship_agreements (number);
CREATE INDEX internship_agreements_partner ON internship_agreements (partner, id);
CREATE INDEX internship_agreements_end ON internship_agreements (end_date, id);

CREATE TABLE internship_cohorts (
    id           TEXT PRIMARY KEY,
    agreement    TEXT NOT NULL REFERENCES internship_agreements (id),
    partner      TEXT NOT NULL,             -- the agreement's, copied
    display_name TEXT NOT NULL,
    programme    TEXT NOT NULL REFERENCES programmes (id),
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    version      BIGINT NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL
);
CREATE INDEX internship_cohorts_agreement ON internship_cohorts (agreement, id);

-- The seats each agency has in a cohort.
CREATE TABLE internship_quotas (
    cohort TEXT NOT NULL REFERENCES internship_cohorts (id),
    agency TEXT NOT NULL,
    seats  INTEGER NOT NULL,
    PRIMARY KEY (cohort, agency)
);
CREATE INDEX internship_quotas_agency ON internship_quotas (agency, cohort);

CREATE TABLE internship_placements (
    id              TEXT PRIMARY KEY,
    cohort          TEXT NOT NULL REFERENCES internship_cohorts (id),
    kind            TEXT NOT NULL,          -- employee, student
    employee        TEXT NOT NULL,          -- the participant's NIP; '' for a student
    participant_name TEXT NOT NULL,         -- the student's, or the employee's from the directory when placed
    student_number  TEXT NOT NULL,          -- a student's; '' for an employee
    institution     TEXT NOT NULL,
    study_programme TEXT NOT NULL,
    agency          TEXT NOT NULL,          -- where the seat is taken
    unit            TEXT NOT NULL,
    mentor          TEXT NOT NULL,          -- NIP of an employee of agency
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,          -- the ledger's year is this date's
    state           TEXT NOT NULL,          -- active, completed, withdrawn
    jp              INTEGER NOT NULL,       -- the programme's JP for an employee participant, else 0
    score           INTEGER NOT NULL,       -- 0..100 once assessed
    passed          INTEGER NOT NULL,       -- 1: assessed and passed
    notes           TEXT NOT NULL,
    assessed_by     TEXT NOT NULL,
    reason          TEXT NOT NULL,          -- a withdrawal's reason
    finish_time     BIGINT NOT NULL,        -- when assessed or withdrawn; 0 before
    created_by      TEXT NOT NULL,
    version         BIGINT NOT NULL,
    create_time     BIGINT NOT NULL,
    update_time     BIGINT NOT NULL
);
-- An employee is placed once in a cohort, a student once (by institution and number); a
-- withdrawal frees both.
CREATE UNIQUE INDEX internship_placements_employee ON internship_placements (cohort, employee) WHERE employee <> '' AND state <> 'withdrawn';
CREATE UNIQUE INDEX internship_placements_student ON internship_placements (cohort, institution, student_number) WHERE kind = 'student' AND state <> 'withdrawn';
CREATE INDEX internship_placements_cohort ON internship_placements (cohort, agency, state);
CREATE INDEX internship_placements_mentor ON internship_placements (mentor, id);
CREATE INDEX internship_placements_ledger ON internship_placements (employee, state, end_date);
CREATE INDEX internship_placements_agency ON internship_placements (agency, state, end_date);

CREATE TABLE internship_logbook (
    id             TEXT PRIMARY KEY,
    placement      TEXT NOT NULL REFERENCES internship_placements (id),
    date           TEXT NOT NULL,
    activities     TEXT NOT NULL,
    minutes        INTEGER NOT NULL,        -- time spent
    outcome        TEXT NOT NULL,
    author         TEXT NOT NULL,           -- the participant, or the mentor for a student
    review         TEXT NOT NULL,           -- pending, approved, commented
    review_comment TEXT NOT NULL,
    reviewer       TEXT NOT NULL,
    review_time    BIGINT NOT NULL,         -- 0 before a review
    version        BIGINT NOT NULL,
    create_time    BIGINT NOT NULL,
    update_time    BIGINT NOT NULL
);
-- One entry per placement and date.
CREATE UNIQUE INDEX internship_logbook_date ON internship_logbook (placement, date);

-- +goose Down
DROP TABLE internship_logbook;
DROP TABLE internship_placements;
DROP TABLE internship_quotas;
DROP TABLE internship_cohorts;
DROP TABLE internship_agreements;
DROP TABLE internship_partners;
