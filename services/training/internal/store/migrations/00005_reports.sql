-- Reports: indexes only. The JP list reads the enrolments of the year's sessions by session
-- and needs their state and employee: with this covering index it never touches the
-- enrolments table (BenchmarkJPShortfall, 92,466 enrolments of 20,548 employees).

-- +goose Up
CREATE INDEX enrolments_report ON enrolments (session, state, employee);

-- +goose Down
DROP INDEX enrolments_report;
