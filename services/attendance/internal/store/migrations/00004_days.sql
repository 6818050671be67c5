-- Closed days and the yearly tally of unexcused absence. Portable SQL (PostgreSQL and SQLite):
-- dates "YYYY-MM-DD" text, flags 0/1 integers.

-- +goose Up
-- One row per employee and closed date. agency is the employee's agency when the day was
-- closed, so a transfer moves later days, not earlier ones, to the new agency's recap.
CREATE TABLE daily_statuses (
    employee        TEXT NOT NULL,
    date            TEXT NOT NULL,
    month           TEXT NOT NULL,        -- the date's "YYYY-MM", which the monthly recap selects by
    agency          TEXT NOT NULL,
    status          TEXT NOT NULL,        -- present, on_leave, holiday, absent
    reason          TEXT NOT NULL,        -- the calendar's reason: regular, weekend, national_holiday, ...
    holiday         TEXT NOT NULL,        -- the holiday's name, if the date is one
    leave_type      TEXT NOT NULL,        -- with on_leave: annual, sick, ...
    late            INTEGER NOT NULL,
    late_minutes    INTEGER NOT NULL,
    early_departure INTEGER NOT NULL,
    early_minutes   INTEGER NOT NULL,
    incomplete      INTEGER NOT NULL,     -- present with the check-in or the check-out missing
    PRIMARY KEY (employee, date)
);
-- The monthly recap reads an agency's (or, city-wide, every agency's) month and sums it per
-- employee. These indexes cover every column the recap reads, so neither engine visits the
-- table, and list a month's rows in employee order, so the sums stream without a sort; by month
-- rather than date, since a date range would list them by date.
CREATE INDEX daily_statuses_agency ON daily_statuses
    (agency, month, employee, status, leave_type, late, late_minutes, early_departure, early_minutes);
CREATE INDEX daily_statuses_month ON daily_statuses
    (month, employee, status, leave_type, late, late_minutes, early_departure, early_minutes);

-- An employee's unexcused absence in a calendar year (domain.AbsenceTally): days, the current
-- run of consecutive unexcused working days, the year's longest run, and the last date added.
CREATE TABLE absence_tallies (
    employee    TEXT NOT NULL,
    year        INTEGER NOT NULL,
    days        INTEGER NOT NULL,
    run         INTEGER NOT NULL,
    longest_run INTEGER NOT NULL,
    last_date   TEXT NOT NULL,
    PRIMARY KEY (employee, year)
);
-- No index by year: the discipline list reads a year's tallies (one row per employee, a
-- sequential scan of a few thousand pages), and on PostgreSQL a prepared statement's generic
-- plan would take such an index for the tallies of a batch of employees, filtering the batch's
-- NIPs row by row instead of looking them up in the primary key.

-- One row, updated by every transaction that closes days: closings queue on it, so two of them
-- never read and write the same tallies at once.
CREATE TABLE day_closing_lock (
    id      INTEGER PRIMARY KEY,
    closing BIGINT NOT NULL
);
INSERT INTO day_closing_lock (id, closing) VALUES (1, 0);

-- +goose Down
DROP TABLE day_closing_lock;
DROP TABLE absence_tallies;
DROP TABLE daily_statuses;
