-- Workload analysis and formasi (issue 12 §1). Portable SQL. A position's level and own
-- retirement age decide its holders' retirement age; needed_from_workload (0/1) says its
-- needed headcount is computed from its workload analysis (position_workloads) rather than
-- typed in. A workload's tasks are one JSON array; a formasi proposal's lines and totals are
-- JSON too (domain.FormasiLine, the totals per year), kept whole as computed at creation.

-- +goose Up
ALTER TABLE positions ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN retirement_age INTEGER NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN needed_from_workload INTEGER NOT NULL DEFAULT 0;

CREATE TABLE position_workloads (
    position        TEXT PRIMARY KEY REFERENCES positions (id),
    tasks           TEXT NOT NULL,          -- JSON array of {task, output_unit, yearly_volume, standard_minutes}
    effective_hours INTEGER NOT NULL,       -- the divisor the need was computed with
    version         BIGINT NOT NULL,
    updated_by      TEXT NOT NULL,
    update_time     BIGINT NOT NULL
);

CREATE TABLE formasi_proposals (
    id              TEXT PRIMARY KEY,
    agency          TEXT NOT NULL REFERENCES agencies (code),
    first_year      INTEGER NOT NULL,
    state           TEXT NOT NULL,          -- draft, submitted, returned, approved
    lines           TEXT NOT NULL,          -- JSON array of lines
    totals          TEXT NOT NULL,          -- JSON array of the proposed totals per year
    effective_hours INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    decided_by      TEXT NOT NULL,
    decide_time     BIGINT NOT NULL,        -- 0 before a decision
    comment         TEXT NOT NULL,
    decree_number   TEXT NOT NULL,
    version         BIGINT NOT NULL,
    create_time     BIGINT NOT NULL,
    submit_time     BIGINT NOT NULL         -- 0 before submission
);
CREATE INDEX formasi_proposals_agency ON formasi_proposals (agency, id);
CREATE INDEX formasi_proposals_state ON formasi_proposals (state, id);

-- +goose Down
DROP TABLE formasi_proposals;
DROP TABLE position_workloads;
ALTER TABLE positions DROP COLUMN needed_from_workload;
ALTER TABLE positions DROP COLUMN retirement_age;
ALTER TABLE positions DROP COLUMN level;
