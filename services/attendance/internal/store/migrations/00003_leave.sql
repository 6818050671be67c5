-- Leave requests and the annual-leave ledger. Portable SQL (PostgreSQL and SQLite): dates are
-- "YYYY-MM-DD" text, times unix microseconds, booleans 0/1.

-- +goose Up
-- A leave request. The columns are what queries filter on; payload holds the rest of the
-- request as JSON (reason, child number, extension, attachments, decisions, deferral …).
CREATE TABLE leave_requests (
    id                    TEXT PRIMARY KEY,
    employee              TEXT NOT NULL,
    agency                TEXT NOT NULL,     -- the employee's agency at the last change
    type                  TEXT NOT NULL,     -- annual, long, sick, maternity, important_reasons, unpaid
    start_date            TEXT NOT NULL,
    end_date              TEXT NOT NULL,
    state                 TEXT NOT NULL,     -- submitted, awaiting_second_approval, deferred, approved, rejected, cancelled
    days                  INTEGER NOT NULL,
    counting              TEXT NOT NULL,     -- working_days, calendar_days
    needs_second_approval INTEGER NOT NULL,
    spent                 INTEGER NOT NULL,  -- annual-leave days taken from the ledger
    supervisor            TEXT NOT NULL,     -- the direct supervisor at submission
    payload               TEXT NOT NULL,
    version               BIGINT NOT NULL,
    create_time           BIGINT NOT NULL,
    update_time           BIGINT NOT NULL
);
CREATE INDEX leave_requests_employee ON leave_requests (employee, start_date, end_date);
CREATE INDEX leave_requests_state ON leave_requests (state, end_date);
CREATE INDEX leave_requests_agency ON leave_requests (agency, start_date, end_date);
CREATE INDEX leave_requests_supervisor ON leave_requests (supervisor, create_time);
CREATE INDEX leave_requests_created ON leave_requests (create_time, id);

-- An employee's annual-leave balance for a year: the sum of the year's ledger, kept equal to it
-- in the transaction that appends to the ledger. Approvals lock this row, so two of them at the
-- same instant cannot both spend the last days; the check is the last line of defence.
CREATE TABLE leave_balances (
    employee           TEXT NOT NULL,
    year               INTEGER NOT NULL,
    available          INTEGER NOT NULL CHECK (available >= 0),
    long_leave         INTEGER NOT NULL,     -- approved long leave starts this year: no annual leave
    carry_done         INTEGER NOT NULL,     -- the carry-over from the year before is computed
    collective_counted INTEGER NOT NULL,     -- collective leave days already weighed (policy)
    version            BIGINT NOT NULL,
    update_time        BIGINT NOT NULL,
    PRIMARY KEY (employee, year)
);

-- The ledger: grants, carry-overs, days taken and returned, collective leave deductions.
CREATE TABLE leave_ledger (
    employee    TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,               -- grant, carry_over, taken, returned, collective
    days        INTEGER NOT NULL CHECK (days > 0),
    request_id  TEXT NOT NULL,               -- for taken and returned
    note        TEXT NOT NULL,
    create_time BIGINT NOT NULL,
    PRIMARY KEY (employee, year, seq),
    FOREIGN KEY (employee, year) REFERENCES leave_balances (employee, year)
);

-- One row per employee who has asked for leave: submissions and deferrals of one employee lock it,
-- so two requests sent at the same instant are checked for overlap one after the other.
CREATE TABLE leave_request_locks (
    employee TEXT PRIMARY KEY,
    version  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE leave_request_locks;
DROP TABLE leave_ledger;
DROP TABLE leave_balances;
DROP TABLE leave_requests;
