-- Staffing work plans (issue 12 §2). Portable SQL. A plan's content (title, goals, targets,
-- actions, budget lines) is one JSON document (domain.PlanContent), kept whole in every version;
-- the version in force is the last approved one. The monitoring keeps each target of a plan in
-- force in plan_targets (its measure) and plan_target_points (one row per month, the last value
-- measured in it).

-- +goose Up
CREATE TABLE work_plans (
    id               TEXT PRIMARY KEY,
    agency           TEXT NOT NULL,          -- '' for the city plan
    year             INTEGER NOT NULL,
    state            TEXT NOT NULL,
    content          TEXT NOT NULL,          -- JSON domain.PlanContent, the working version
    in_force         TEXT NOT NULL,          -- JSON domain.PlanContent of approved_version, '' before
    version          INTEGER NOT NULL,
    approved_version INTEGER NOT NULL,
    comment          TEXT NOT NULL,
    create_time      BIGINT NOT NULL,
    update_time      BIGINT NOT NULL,
    approve_time     BIGINT NOT NULL         -- 0 before approval
);
CREATE UNIQUE INDEX work_plans_agency_year ON work_plans (agency, year);
CREATE INDEX work_plans_state ON work_plans (state, year);

CREATE TABLE work_plan_versions (
    plan_id     TEXT NOT NULL REFERENCES work_plans (id),
    version     INTEGER NOT NULL,
    state       TEXT NOT NULL,
    content     TEXT NOT NULL,
    change      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    create_time BIGINT NOT NULL,
    PRIMARY KEY (plan_id, version)
);

-- One row per target of a plan's version in force. Written by the workflow at approval (the
-- definition columns, measure columns zero); the monitoring fills and keeps the measure.
CREATE TABLE plan_targets (
    plan_id      TEXT NOT NULL REFERENCES work_plans (id),
    target_key   TEXT NOT NULL,
    agency       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    goal_value   DOUBLE PRECISION NOT NULL,
    due_date     TEXT NOT NULL,
    programmes   TEXT NOT NULL,              -- JSON array of programme ids
    start_time   BIGINT NOT NULL,            -- where the linear path starts: the approval
    active       INTEGER NOT NULL,           -- 1 while the plan is in force, 0 once closed or dropped
    baseline     DOUBLE PRECISION NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    expected     DOUBLE PRECISION NOT NULL,
    status       TEXT NOT NULL,              -- '' until first measured
    measure_time BIGINT NOT NULL,            -- 0 until first measured
    PRIMARY KEY (plan_id, target_key)
);
CREATE INDEX plan_targets_kind ON plan_targets (active, kind, agency, year);

CREATE TABLE plan_target_points (
    plan_id    TEXT NOT NULL,
    target_key TEXT NOT NULL,
    month      TEXT NOT NULL,                -- YYYY-MM
    value      DOUBLE PRECISION NOT NULL,
    expected   DOUBLE PRECISION NOT NULL,
    status     TEXT NOT NULL,
    PRIMARY KEY (plan_id, target_key, month)
);

-- +goose Down
DROP TABLE plan_target_points;
DROP TABLE plan_targets;
DROP TABLE work_plan_versions;
DROP TABLE work_plans;
