-- Lateness toward the discipline thresholds (issue 8, item 2): every 450 minutes (the policy
-- SIMPEG_LATENESS_MINUTES_PER_DAY) of late arrival and early departure in a year count as one
-- day of unexcused absence (Peraturan BKN 6/2022). The tally keeps the year's raw minutes; the
-- conversion is applied when thresholds are compared, so a changed policy applies to the year.

-- +goose Up
ALTER TABLE absence_tallies ADD COLUMN lateness_minutes BIGINT NOT NULL DEFAULT 0;
-- Tallies kept before this migration: their year's minutes from the stored days.
UPDATE absence_tallies SET lateness_minutes = COALESCE((
    SELECT SUM(d.late_minutes + d.early_minutes) FROM daily_statuses d
    WHERE d.employee = absence_tallies.employee AND d.status = 'present'
      AND d.date >= CAST(absence_tallies.year AS TEXT) || '-01-01'
      AND d.date <= CAST(absence_tallies.year AS TEXT) || '-12-31'), 0);

-- +goose Down
ALTER TABLE absence_tallies DROP COLUMN lateness_minutes;
