-- An employee's year of closed days in date order, with what the absence tally counts (issue 13).
-- A re-close that changes a day at or before the tally's last date recomputes the year's tally
-- from the stored statuses (app.CloseDay, store.YearStatuses). The service writes a day's closed
-- days together, so an employee's year lies on a page per day in the table: through the primary
-- key alone, recomputing the whole city visited 20,548 × 245 pages (234,000 buffers and 0.97 s
-- per 1,000 employees on PostgreSQL with a year; over 30 s for the city). This index holds every
-- column that query reads, in its order, so both engines answer it from the index alone
-- (8,900 buffers, 0.22 s per 1,000 employees; docs/benchmarks.md, issue 13).

-- +goose Up
CREATE INDEX daily_statuses_year ON daily_statuses (employee, date, status, late_minutes, early_minutes);

-- +goose Down
DROP INDEX daily_statuses_year;
