package domain

import (
	"testing"
	"time"
)

// TestAssess: the linear path and the status against it, with real numbers. The path runs from
// the approval (1 January 00:00 WIB) to the end of the due date (31 December 2026 24:00 WIB):
// 365 days, so 1 April 06:00 WIB (90.25 days) is 24.7 % along it and 2 July 12:00 WIB (182.5
// days) exactly half.
func TestAssess(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, measureZone)
	due := Date{time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	quarter := start.Add(365 * 24 * time.Hour / 4) // 25 % of the span
	half := start.Add(365 * 24 * time.Hour / 2)
	after := time.Date(2027, 1, 1, 0, 0, 1, 0, measureZone)
	tests := []struct {
		name                  string
		kind                  TargetKind
		baseline, goal, value float64
		now                   time.Time
		wantExpected          float64
		wantStatus            TargetStatus
	}{
		// JP share goal 80 from baseline 20, a quarter of the span elapsed: expected 35.
		{"jp share on the path", TargetJPShare, 20, 80, 35, quarter, 35, StatusOnTrack},
		{"jp share ahead", TargetJPShare, 20, 80, 50, quarter, 35, StatusOnTrack},
		{"jp share 1 behind: at risk (1 ≤ 6)", TargetJPShare, 20, 80, 34, quarter, 35, StatusAtRisk},
		{"jp share 6 behind: at risk at the margin", TargetJPShare, 20, 80, 29, quarter, 35, StatusAtRisk},
		{"jp share 6.1 behind: off track", TargetJPShare, 20, 80, 28.9, quarter, 35, StatusOffTrack},
		{"jp share 15 behind: off track", TargetJPShare, 20, 80, 20, quarter, 35, StatusOffTrack},
		{"jp share at the goal: achieved", TargetJPShare, 20, 80, 80, quarter, 35, StatusAchieved},
		{"jp share past due short: off track", TargetJPShare, 20, 80, 79.9, after, 80, StatusOffTrack},
		{"jp share past due at goal: achieved", TargetJPShare, 20, 80, 81, after, 80, StatusAchieved},
		{"at the start: expected is the baseline", TargetAttendanceRate, 90, 95, 90, start, 90, StatusOnTrack},
		{"before the start: clamped to the baseline", TargetAttendanceRate, 90, 95, 90, start.Add(-time.Hour), 90, StatusOnTrack},
		{"attendance half way", TargetAttendanceRate, 90, 95, 92.4, half, 92.5, StatusAtRisk},
		{"attendance above the goal before due: a level, on track", TargetAttendanceRate, 90, 95, 96.4, half, 92.5, StatusOnTrack},
		{"attendance above the goal past due: achieved", TargetAttendanceRate, 90, 95, 96.4, after, 95, StatusAchieved},
		{"fill rate at the goal before due: on track", TargetFillRate, 80, 90, 90, quarter, 82.5, StatusOnTrack},
		{"count target 1 behind half way: at risk (≤ 1)", TargetInternshipsCompleted, 0, 10, 4, half, 5, StatusAtRisk},
		{"count target 2 behind half way: off track", TargetInternshipsCompleted, 0, 10, 3, half, 5, StatusOffTrack},
		// Absence days: a ceiling of 40 days from 0; half way 20 are allowed so far.
		{"absence within the path", TargetUnexcusedAbsenceDays, 0, 40, 18, half, 20, StatusOnTrack},
		{"absence 4 over the path: at risk (≤ 4)", TargetUnexcusedAbsenceDays, 0, 40, 24, half, 20, StatusAtRisk},
		{"absence 5 over the path: off track", TargetUnexcusedAbsenceDays, 0, 40, 25, half, 20, StatusOffTrack},
		{"absence over the ceiling: off track", TargetUnexcusedAbsenceDays, 0, 40, 41, half, 20, StatusOffTrack},
		{"absence past due within the ceiling: achieved", TargetUnexcusedAbsenceDays, 0, 40, 39, after, 40, StatusAchieved},
		{"absence past due over the ceiling: off track", TargetUnexcusedAbsenceDays, 0, 40, 41, after, 40, StatusOffTrack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exp, st := Assess(PathInput{Kind: tt.kind, Baseline: tt.baseline, Goal: tt.goal, Value: tt.value,
				Start: start, Due: due, Now: tt.now, Margin: 0.10})
			if exp != tt.wantExpected || st != tt.wantStatus {
				t.Errorf("Assess = %v, %s; want %v, %s", exp, st, tt.wantExpected, tt.wantStatus)
			}
		})
	}
}

func TestPathFraction(t *testing.T) {
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) // 17:00 WIB
	due := Date{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	// The due date ends 2 March 00:00 WIB = 1 March 17:00 UTC: the span is 7 hours.
	if got := PathFraction(start, due, start.Add(7*time.Hour/2)); got != 0.5 {
		t.Errorf("half the span = %v", got)
	}
	if got := PathFraction(start, Date{time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}, start); got != 1 {
		t.Errorf("due before the approval = %v, want 1", got)
	}
	if got := PathFraction(start, due, start.Add(48*time.Hour)); got != 1 {
		t.Errorf("long past due = %v, want 1", got)
	}
}

func TestShareAndCalendar(t *testing.T) {
	shares := []struct {
		n, d int
		want float64
	}{{1, 2, 50}, {0, 2, 0}, {2, 3, 66.7}, {1, 3, 33.3}, {5, 0, 0}, {7, 7, 100}}
	for _, s := range shares {
		if got := Share(s.n, s.d); got != s.want {
			t.Errorf("Share(%d, %d) = %v, want %v", s.n, s.d, got, s.want)
		}
	}
	// 31 March 20:00 UTC is 1 April 03:00 WIB: April, second quarter.
	late := time.Date(2026, 3, 31, 20, 0, 0, 0, time.UTC)
	if got := PointMonth(late); got != "2026-04" {
		t.Errorf("PointMonth = %s", got)
	}
	quarters := []struct {
		year     int
		now      time.Time
		from, to string
	}{
		{2026, late, "2026-04-01", "2026-06-30"},
		{2026, time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), "2026-10-01", "2026-12-31"},
		{2026, time.Date(2027, 2, 5, 0, 0, 0, 0, time.UTC), "2026-10-01", "2026-12-31"},
		{2027, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), "2027-01-01", "2027-03-31"},
	}
	for _, q := range quarters {
		if from, to := FeedbackQuarter(q.year, q.now); from != q.from || to != q.to {
			t.Errorf("FeedbackQuarter(%d, %s) = %s..%s, want %s..%s", q.year, q.now, from, to, q.from, q.to)
		}
	}
	if from, to := YearToDate(2026, late); from != "2026-01-01" || to != "2026-04-01" {
		t.Errorf("YearToDate = %s..%s", from, to)
	}
	if _, to := YearToDate(2027, late); to != "" {
		t.Errorf("YearToDate before the year = %q", to)
	}
}
