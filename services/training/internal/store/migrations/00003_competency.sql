-- Competency: assessed levels, performance predicates, the agencies' development plans, and
-- session feedback. Portable SQL (PostgreSQL and SQLite): instants are unix microseconds, dates
-- "YYYY-MM-DD" text.

-- +goose Up
CREATE TABLE assessments (
    id          TEXT PRIMARY KEY,
    employee    TEXT NOT NULL,             -- NIP or PPPK number
    agency      TEXT NOT NULL,             -- the employee's agency when recorded
    competency  TEXT NOT NULL,             -- "type:slug", as planning's positions name it
    level       INTEGER NOT NULL,          -- 1..5
    assessed_on TEXT NOT NULL,             -- YYYY-MM-DD
    source      TEXT NOT NULL,             -- assessment, training, self_assessment
    note        TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    verified_by TEXT NOT NULL,             -- '' until HR verifies a self-assessment
    verify_time BIGINT NOT NULL,           -- 0 until then
    version     BIGINT NOT NULL,
    create_time BIGINT NOT NULL,
    update_time BIGINT NOT NULL
);
CREATE INDEX assessments_employee ON assessments (employee, assessed_on, create_time);

-- The latest finalised annual predicate of each employee and year, from the evaluation
-- service's events; a predicate below baik is a performance gap. A predicate of baik or better
-- is kept too: it closes a gap an earlier rating of the year opened.
CREATE TABLE performance_gaps (
    employee      TEXT NOT NULL,
    year          INTEGER NOT NULL,
    predicate     TEXT NOT NULL,           -- sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang
    source_event  TEXT NOT NULL,           -- the id of the event that carried it
    evaluate_time BIGINT NOT NULL,         -- when the rating was finalised
    record_time   BIGINT NOT NULL,
    PRIMARY KEY (employee, year)
);

-- One development plan per agency and year, its lines one programme each.
CREATE TABLE development_plans (
    agency      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    note        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    create_time BIGINT NOT NULL,
    update_time BIGINT NOT NULL,
    PRIMARY KEY (agency, year)
);

CREATE TABLE development_plan_lines (
    agency     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    line       INTEGER NOT NULL,           -- the line's place in the plan, from 0
    programme  TEXT NOT NULL REFERENCES programmes (id),
    competency TEXT NOT NULL,              -- '' when the line names none
    seats      INTEGER NOT NULL,
    budget     BIGINT NOT NULL,            -- rupiah
    note       TEXT NOT NULL,
    PRIMARY KEY (agency, year, line)
);
CREATE UNIQUE INDEX development_plan_lines_programme ON development_plan_lines (agency, year, programme);
CREATE INDEX development_plan_lines_by_programme ON development_plan_lines (programme, year);

-- Feedback on sessions. Who answered and what they answered are kept apart: a respondent row
-- makes an attendee's answer unique; an answer carries a random id and no employee and no time,
-- so that the answers cannot be tied back to the people listed (issue 10 §4).
CREATE TABLE feedback_respondents (
    session     TEXT NOT NULL REFERENCES sessions (id),
    employee    TEXT NOT NULL,
    create_time BIGINT NOT NULL,
    PRIMARY KEY (session, employee)
);

CREATE TABLE feedback_answers (
    id         TEXT PRIMARY KEY,               -- random (UUID v4), says nothing of the order
    session    TEXT NOT NULL REFERENCES sessions (id),
    trainer    INTEGER NOT NULL,               -- 1..5
    material   INTEGER NOT NULL,
    usefulness INTEGER NOT NULL,
    body       TEXT NOT NULL                   -- the free text, '' when none
);
CREATE INDEX feedback_answers_session ON feedback_answers (session, id);

-- +goose Down
DROP TABLE feedback_answers;
DROP TABLE feedback_respondents;
DROP TABLE development_plan_lines;
DROP TABLE development_plans;
DROP TABLE performance_gaps;
DROP TABLE assessments;
