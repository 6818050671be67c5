-- The working calendar and offices. Portable SQL (PostgreSQL and SQLite): times are unix
-- microseconds, dates "YYYY-MM-DD" text, clock times minutes after midnight.

-- +goose Up
CREATE TABLE offices (
    id              TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    agency          TEXT NOT NULL,
    unit            TEXT NOT NULL,
    latitude        DOUBLE PRECISION NOT NULL,
    longitude       DOUBLE PRECISION NOT NULL,
    radius_meters   INTEGER NOT NULL,      -- 0: the deployment's policy
    time_zone       TEXT NOT NULL,         -- WIB, WITA, WIT
    geofence_policy TEXT NOT NULL,         -- flag, refuse
    version         BIGINT NOT NULL,
    create_time     BIGINT NOT NULL,
    update_time     BIGINT NOT NULL
);
CREATE INDEX offices_agency ON offices (agency, id);

CREATE TABLE holidays (
    date         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    kind         TEXT NOT NULL             -- national, collective
);

-- An agency's own working hours; agencies without a row keep the national schedule.
CREATE TABLE work_schedules (
    agency      TEXT PRIMARY KEY,
    regular     TEXT NOT NULL,             -- JSON: seven {start, work, break} in minutes, Monday first
    ramadan     TEXT NOT NULL,
    version     BIGINT NOT NULL,
    update_time BIGINT NOT NULL
);

CREATE TABLE ramadan_periods (
    year       INTEGER PRIMARY KEY,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL
);

CREATE TABLE shifts (
    agency        TEXT NOT NULL,
    code          TEXT NOT NULL,
    start_minute  INTEGER NOT NULL,
    work_minutes  INTEGER NOT NULL,
    break_minutes INTEGER NOT NULL,
    PRIMARY KEY (agency, code)
);

CREATE TABLE roster (
    employee TEXT NOT NULL,
    date     TEXT NOT NULL,
    shift    TEXT NOT NULL,                -- a shift code, or OFF
    PRIMARY KEY (employee, date)
);

-- +goose Down
DROP TABLE roster;
DROP TABLE shifts;
DROP TABLE ramadan_periods;
DROP TABLE work_schedules;
DROP TABLE holidays;
DROP TABLE offices;
