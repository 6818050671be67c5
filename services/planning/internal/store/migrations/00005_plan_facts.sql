-- What the other services reported, as the work plans' monitoring keeps it (issue 12 §2):
-- one row per natural key, written exactly once per event by the durable consumers (in the
-- transaction that records the event processed) and merged by the gRPC back-fill under the
-- same keys, so an event and a back-filled record of the same thing are one row. A target's
-- value is computed from these rows; its evidence is the rows behind it. agency is the one
-- the event names, or the employee's agency in the registry when it names none.

-- +goose Up
CREATE TABLE plan_fact_jp (
    reference   TEXT PRIMARY KEY,      -- the enrolment, external training or placement
    employee    TEXT NOT NULL,
    agency      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    jp          INTEGER NOT NULL,      -- 0 once reversed
    source      TEXT NOT NULL,         -- session, external, internship
    programme   TEXT NOT NULL,         -- programme id for a session's JP, '' otherwise
    title       TEXT NOT NULL,
    event_id    TEXT NOT NULL,         -- the last event (or backfill:…) that wrote the row
    subject     TEXT NOT NULL,
    occur_time  BIGINT NOT NULL,
    record_time BIGINT NOT NULL
);
CREATE INDEX plan_fact_jp_agency ON plan_fact_jp (agency, year, employee);

CREATE TABLE plan_fact_internships (
    placement   TEXT PRIMARY KEY,
    participant TEXT NOT NULL,
    agency      TEXT NOT NULL,
    year        INTEGER NOT NULL,      -- of the completion (or the start while running)
    state       TEXT NOT NULL,         -- started, completed, withdrawn
    event_id    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    occur_time  BIGINT NOT NULL,
    record_time BIGINT NOT NULL
);
CREATE INDEX plan_fact_internships_agency ON plan_fact_internships (agency, year, state);

CREATE TABLE plan_fact_days (
    employee    TEXT NOT NULL,
    day         TEXT NOT NULL,         -- YYYY-MM-DD
    agency      TEXT NOT NULL,
    status      TEXT NOT NULL,         -- checked_in (day still open), present, on_leave, holiday, absent
    event_id    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    occur_time  BIGINT NOT NULL,
    record_time BIGINT NOT NULL,
    PRIMARY KEY (employee, day)
);
CREATE INDEX plan_fact_days_agency ON plan_fact_days (agency, day, status);

CREATE TABLE plan_fact_skps (
    skp             TEXT PRIMARY KEY,
    employee        TEXT NOT NULL,
    agency          TEXT NOT NULL,
    year            INTEGER NOT NULL,
    approve_time    BIGINT NOT NULL,   -- 0 while not approved
    finalise_time   BIGINT NOT NULL,   -- 0 while the annual rating is not final
    predicate       TEXT NOT NULL,     -- the final annual predicate, '' before
    event_id        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    occur_time      BIGINT NOT NULL,
    record_time     BIGINT NOT NULL
);
CREATE INDEX plan_fact_skps_agency ON plan_fact_skps (agency, year, employee);

CREATE TABLE plan_fact_feedback (
    feedback    TEXT PRIMARY KEY,      -- the entry's id
    skp         TEXT NOT NULL,
    employee    TEXT NOT NULL,         -- the SKP's holder
    agency      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    day         TEXT NOT NULL,         -- YYYY-MM-DD it was given
    event_id    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    occur_time  BIGINT NOT NULL,
    record_time BIGINT NOT NULL
);
CREATE INDEX plan_fact_feedback_agency ON plan_fact_feedback (agency, year, day);

-- The (source, agency, year) the back-fill has read over gRPC; agency '' is the whole city.
CREATE TABLE plan_backfills (
    source    TEXT NOT NULL,
    agency    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    done_time BIGINT NOT NULL,
    PRIMARY KEY (source, agency, year)
);

-- The (kind, agency, year) whose targets must be measured again: written with the facts, taken
-- by the monitoring loop on whichever replica runs it.
CREATE TABLE plan_dirty (
    kind   TEXT NOT NULL,
    agency TEXT NOT NULL,
    year   INTEGER NOT NULL,
    PRIMARY KEY (kind, agency, year)
);

-- +goose Down
DROP TABLE plan_dirty;
DROP TABLE plan_backfills;
DROP TABLE plan_fact_feedback;
DROP TABLE plan_fact_skps;
DROP TABLE plan_fact_days;
DROP TABLE plan_fact_internships;
DROP TABLE plan_fact_jp;
