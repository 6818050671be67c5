-- Competency standards with required levels (issue 10): each position's standard as a JSON
-- array of {"competency": "type:slug", "level": 0-5}, level 0 meaning not set
-- (domain.CompetencyStandard; PermenPANRB 38/2017 describes each competency at levels 1 to 5).
-- competencies keeps the standard's names, written with it, so a binary from before this
-- migration still reads positions during a rolling update and the down migration loses only
-- the levels.

-- +goose Up
ALTER TABLE positions ADD COLUMN competency_standards TEXT NOT NULL DEFAULT '';
-- Positions stored before: their names at level 0. competencies is what encoding/json wrote
-- for a []string (no spaces), so the three replacements turn ["a","b"] into
-- [{"competency":"a","level":0},{"competency":"b","level":0}] and leave [] as it is. A name
-- with an escaped character (a backslash in the JSON, as for a quote) could fool them: those
-- rows keep '' and are read from competencies (store/positions.go).
UPDATE positions SET competency_standards =
    REPLACE(REPLACE(REPLACE(competencies,
        '["', '[{"competency":"'),
        '","', '","level":0},{"competency":"'),
        '"]', '","level":0}]')
WHERE REPLACE(competencies, '\', '') = competencies;

-- +goose Down
ALTER TABLE positions DROP COLUMN competency_standards;
