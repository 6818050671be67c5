-- The work plans' monitoring (issue 12 §2): indexes for counting a target's value from the
-- facts. The JP share sums each employee's JP of a year; the city's attendance targets read
-- every agency's days of a period.

-- +goose Up
CREATE INDEX plan_fact_jp_employee ON plan_fact_jp (employee, year);
CREATE INDEX plan_fact_days_day ON plan_fact_days (day, status);
CREATE INDEX plan_fact_skps_year ON plan_fact_skps (year, employee);
CREATE INDEX plan_fact_feedback_day ON plan_fact_feedback (day, employee);

-- +goose Down
DROP INDEX plan_fact_feedback_day;
DROP INDEX plan_fact_skps_year;
DROP INDEX plan_fact_days_day;
DROP INDEX plan_fact_jp_employee;
