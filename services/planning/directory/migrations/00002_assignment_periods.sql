-- Each employee's assignment periods, copied from the history planning publishes with every
-- employee event, so that "the agency of employee X on date D" is answered for any day: a
-- transfer takes effect on its effective date and days before it stay with the old agency
-- (issue 8 item 5). end_date is '' while open. Replaced whole when a newer version arrives.

-- +goose Up
CREATE TABLE directory_assignments (
    nip        TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    agency     TEXT NOT NULL,
    unit       TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    PRIMARY KEY (nip, seq)
);
CREATE INDEX directory_assignments_agency ON directory_assignments (agency, start_date);

-- +goose Down
DROP TABLE directory_assignments;
