-- The evaluation service's tables. Portable SQL (PostgreSQL and SQLite): instants are unix
-- microseconds, dates "YYYY-MM-DD" text, lists and nested values JSON text, enums lower-case
-- words ("sangat_baik", "above").

-- +goose Up
-- A performance year and its cadence (PermenPANRB 6/2022: quarterly by default, monthly allowed).
CREATE TABLE periods (
    year            INTEGER PRIMARY KEY,
    cadence         TEXT NOT NULL,          -- quarterly, monthly
    skp_due_date    TEXT NOT NULL,          -- SKPs approved by this day
    rating_due_days INTEGER NOT NULL,       -- a period's rating is due this many days after its end
    version         BIGINT NOT NULL,
    create_time     BIGINT NOT NULL,
    update_time     BIGINT NOT NULL
);

-- An agency's own predicate for a year, set by city HR; it bounds its employees' spread.
CREATE TABLE organisation_ratings (
    year        INTEGER NOT NULL,
    agency      TEXT NOT NULL,
    predicate   TEXT NOT NULL,              -- istimewa, baik, butuh_perbaikan, kurang, sangat_kurang
    note        TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    update_time BIGINT NOT NULL,
    PRIMARY KEY (year, agency)
);

-- An employee's SKP for a year with one appraiser. A new supervisor or a transfer closes it and
-- opens the next (seq + 1, previous naming it); latest is 1 on the employee's newest of the year.
CREATE TABLE skps (
    id               TEXT PRIMARY KEY,      -- "{year}-{nip}-{seq}"
    employee         TEXT NOT NULL,
    employee_name    TEXT NOT NULL,
    year             INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    agency           TEXT NOT NULL,
    unit             TEXT NOT NULL,
    position         TEXT NOT NULL,
    appraiser        TEXT NOT NULL,         -- the direct supervisor's NIP; '' for an agency head
    appraiser_name   TEXT NOT NULL,
    agency_head      INTEGER NOT NULL,      -- 1: no supervisor; city HR approves and rates
    state            TEXT NOT NULL,         -- draft, proposed, returned, approved, closed
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    results          TEXT NOT NULL,         -- JSON: the work results with indicators and targets
    behaviours       TEXT NOT NULL,         -- JSON: the seven behaviours with expectations
    functional_level TEXT NOT NULL,         -- '' or pemula … ahli_utama
    revision         INTEGER NOT NULL,      -- approvals so far; 0 before the first
    approved_state   INTEGER NOT NULL,      -- 1 once approved at least once (in force for ratings)
    return_comment   TEXT NOT NULL,
    closed_reason    TEXT NOT NULL,
    previous         TEXT NOT NULL,         -- the SKP this one continues; '' for the first
    latest           INTEGER NOT NULL,      -- 1: the employee's newest SKP of the year
    version          BIGINT NOT NULL,
    create_time      BIGINT NOT NULL,
    update_time      BIGINT NOT NULL
);
CREATE UNIQUE INDEX skps_employee_seq ON skps (employee, year, seq);
-- One open SKP per employee and year.
CREATE UNIQUE INDEX skps_open ON skps (employee, year) WHERE state <> 'closed';
CREATE INDEX skps_appraiser ON skps (appraiser, year);
CREATE INDEX skps_agency ON skps (year, agency, unit, employee);

-- Each approval of an SKP, kept whole: a change after approval never overwrites one.
CREATE TABLE skp_revisions (
    skp          TEXT NOT NULL REFERENCES skps (id),
    revision     INTEGER NOT NULL,
    snapshot     TEXT NOT NULL,             -- JSON: the SKP as approved
    approved_by  TEXT NOT NULL,
    approve_time BIGINT NOT NULL,
    PRIMARY KEY (skp, revision)
);

-- What the holder achieved against one indicator in one period, with evidence.
CREATE TABLE realisations (
    skp          TEXT NOT NULL REFERENCES skps (id),
    result_id    TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    period       TEXT NOT NULL,             -- q1 … q4, m01 … m12
    value        TEXT NOT NULL,
    evidence     TEXT NOT NULL,             -- JSON: [{title, uri}]
    version      BIGINT NOT NULL,
    update_time  BIGINT NOT NULL,
    PRIMARY KEY (skp, period, result_id, indicator_id)
);

-- The feedback thread of an SKP: feedback, replies and dialogues.
CREATE TABLE feedback (
    id             TEXT PRIMARY KEY,
    skp            TEXT NOT NULL REFERENCES skps (id),
    kind           TEXT NOT NULL,           -- feedback, reply, dialogue
    author         TEXT NOT NULL,
    author_name    TEXT NOT NULL,
    result_id      TEXT NOT NULL,
    behaviour      TEXT NOT NULL,           -- '' or berorientasi_pelayanan … kolaboratif
    text           TEXT NOT NULL,
    reply_to       TEXT NOT NULL,
    dialogue_date  TEXT NOT NULL,
    agreed_actions TEXT NOT NULL,           -- JSON array
    period         TEXT NOT NULL,
    create_time    BIGINT NOT NULL
);
CREATE INDEX feedback_skp ON feedback (skp, create_time, id);
CREATE INDEX feedback_author ON feedback (author, period);

-- Peer input (360) forms: one per SKP, period and rater.
CREATE TABLE peer_forms (
    id          TEXT PRIMARY KEY,
    skp         TEXT NOT NULL REFERENCES skps (id),
    period      TEXT NOT NULL,
    rater       TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    state       TEXT NOT NULL,              -- pending, submitted
    scores      TEXT NOT NULL,              -- JSON: [{behaviour, score}]
    comment     TEXT NOT NULL,
    create_time BIGINT NOT NULL,
    submit_time BIGINT NOT NULL
);
CREATE UNIQUE INDEX peer_forms_rater ON peer_forms (skp, period, rater);
CREATE INDEX peer_forms_inbox ON peer_forms (rater, state);

-- The appraiser's rating of an SKP for one period.
CREATE TABLE period_ratings (
    skp              TEXT NOT NULL REFERENCES skps (id),
    period           TEXT NOT NULL,
    results          TEXT NOT NULL,         -- above, meets, below
    results_reason   TEXT NOT NULL,
    behaviour        TEXT NOT NULL,
    behaviour_reason TEXT NOT NULL,
    predicate        TEXT NOT NULL,
    rated_by         TEXT NOT NULL,
    version          BIGINT NOT NULL,
    rate_time        BIGINT NOT NULL,
    PRIMARY KEY (skp, period)
);

-- The annual rating of an SKP, with its objection and history. counted is 1 on the rating of the
-- employee's latest SKP of the year: the one the agency's distribution counts.
CREATE TABLE annual_ratings (
    skp                TEXT PRIMARY KEY REFERENCES skps (id),
    employee           TEXT NOT NULL,
    year               INTEGER NOT NULL,
    agency             TEXT NOT NULL,
    unit               TEXT NOT NULL,
    results            TEXT NOT NULL,
    results_reason     TEXT NOT NULL,
    behaviour          TEXT NOT NULL,
    behaviour_reason   TEXT NOT NULL,
    predicate          TEXT NOT NULL,
    state              TEXT NOT NULL,       -- finalised, acknowledged, objected, decided
    rated_by           TEXT NOT NULL,
    finalise_time      BIGINT NOT NULL,
    objection_deadline TEXT NOT NULL,
    objection          TEXT NOT NULL,       -- JSON: the objection and its decision; '' before
    history            TEXT NOT NULL,       -- JSON: [{action, actor, predicate, note, time}]
    counted            INTEGER NOT NULL,
    version            BIGINT NOT NULL
);
CREATE INDEX annual_ratings_agency ON annual_ratings (year, agency, counted, predicate);

-- +goose Down
DROP TABLE annual_ratings;
DROP TABLE period_ratings;
DROP TABLE peer_forms;
DROP TABLE feedback;
DROP TABLE realisations;
DROP TABLE skp_revisions;
DROP TABLE skps;
DROP TABLE organisation_ratings;
DROP TABLE periods;
