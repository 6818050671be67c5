package domain

import (
	"fmt"
	"math"
	"time"
)

// This file is the monitoring's pure arithmetic (issue 12 §2): where a target's linear path
// stands at a moment, how its value stands against that path (on track, at risk, off track,
// achieved), and the small formulas the values share (a share rounded to 0.1, the month and
// quarter of a moment in the city's zone). The values themselves are counted in SQL by the
// store from the facts the other services reported (services/planning/README.md,
// "Monitoring").

// measureZone is Asia/Jakarta (WIB, UTC+7, no daylight saving): the city's calendar, which
// decides a target's due date's end, the month of a trend point and the quarter of feedback.
var measureZone = WIB

// MeasureZone returns the zone of the monitoring's calendar, Asia/Jakarta.
func MeasureZone() *time.Location { return measureZone }

// DueEnd returns the moment a target's due date ends: midnight after it in Asia/Jakarta.
func DueEnd(due Date) time.Time {
	y, m, d := due.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, measureZone)
}

// PathFraction returns how far along its path a target is at now: the time elapsed since start
// (the plan's approval) over the time from start to the end of the due date, clamped to 0..1.
// A due date ending before start (approved late) puts the whole path behind: 1.
func PathFraction(start time.Time, due Date, now time.Time) float64 {
	end := DueEnd(due)
	span := end.Sub(start)
	if span <= 0 {
		return 1
	}
	return clamp01(float64(now.Sub(start)) / float64(span))
}

func clamp01(f float64) float64 { return math.Max(0, math.Min(1, f)) }

// PathInput is what a target's status is decided from.
type PathInput struct {
	Kind     TargetKind
	Baseline float64 // the value at the first measure after approval
	Goal     float64
	Value    float64 // the value now
	Start    time.Time
	Due      Date
	Now      time.Time
	// Margin is Policy.AtRiskMargin: how far behind the path, as a fraction of |goal −
	// baseline|, a target is still at risk rather than off track.
	Margin float64
}

// Assess returns where the path says the value should be now (expected = baseline + (goal −
// baseline) × PathFraction, rounded to 0.1) and the target's status:
//
// Higher is better: a value at or beyond the goal is achieved — at once for a cumulative kind
// (TargetKind.Cumulative), which does not fall back, and on the due date for a level, which is
// on track until then; past the due date short of the
// goal, off track; a shortfall (expected − value) of zero or less, on track; a shortfall within
// margin × |goal − baseline|, at risk; more, off track.
//
// Lower is better (the absence days, a ceiling): a value above the goal is off track (the
// ceiling is broken for the year); at or below expected, on track; within expected + margin ×
// |goal − baseline|, at risk; more, off track; once the due date has passed within the goal,
// achieved.
func Assess(in PathInput) (expected float64, status TargetStatus) {
	f := PathFraction(in.Start, in.Due, in.Now)
	expected = Round1(in.Baseline + (in.Goal-in.Baseline)*f)
	allow := in.Margin * math.Abs(in.Goal-in.Baseline)
	past := !in.Now.Before(DueEnd(in.Due))
	if in.Kind.LowerIsBetter() {
		switch {
		case in.Value > in.Goal:
			return expected, StatusOffTrack
		case past:
			return expected, StatusAchieved
		case in.Value <= expected:
			return expected, StatusOnTrack
		case in.Value <= expected+allow+1e-9:
			return expected, StatusAtRisk
		}
		return expected, StatusOffTrack
	}
	shortfall := expected - in.Value
	switch {
	case in.Value >= in.Goal && (past || in.Kind.Cumulative()):
		return expected, StatusAchieved
	case in.Value >= in.Goal:
		// A level (a rate, a share of a quarter, the fill rate) can fall again: meeting the goal
		// before the due date is on track, not yet achieved.
		return expected, StatusOnTrack
	case past:
		return expected, StatusOffTrack
	case shortfall <= 0:
		return expected, StatusOnTrack
	case shortfall <= allow+1e-9:
		return expected, StatusAtRisk
	}
	return expected, StatusOffTrack
}

// Round1 rounds v to one decimal, halves away from zero.
func Round1(v float64) float64 { return math.Round(v*10) / 10 }

// Share returns n out of d as a percentage rounded to 0.1; 0 when d is 0 (nobody to count).
func Share(n, d int) float64 {
	if d <= 0 {
		return 0
	}
	return Round1(float64(n) * 100 / float64(d))
}

// JPMinimum is the JP a civil servant should earn in a year (DOMAIN.md: 20 JP a year; PP
// 17/2020 art. 203 and PermenPAN-RB 38/2017), the bar of the JP-share target.
const JPMinimum = 20

// PointMonth returns the month of t in Asia/Jakarta, "YYYY-MM": the trend point t's measure
// belongs to.
func PointMonth(t time.Time) string { return t.In(measureZone).Format("2006-01") }

// MeasureDay returns the date of t in Asia/Jakarta, "YYYY-MM-DD".
func MeasureDay(t time.Time) string { return t.In(measureZone).Format(time.DateOnly) }

// MeasureYear returns the year of t in Asia/Jakarta.
func MeasureYear(t time.Time) int { return t.In(measureZone).Year() }

// FeedbackQuarter returns the first and last day ("YYYY-MM-DD") of the quarter whose feedback
// the feedback-share target of year counts at now: the current quarter while now is in year,
// the first quarter before year begins, the last once year has ended. An SKP's feedback is
// given each evaluation period, the quarter (PermenPAN-RB 6/2022 on the continuous
// performance dialogue).
func FeedbackQuarter(year int, now time.Time) (from, to string) {
	q := 1
	switch n := now.In(measureZone); {
	case n.Year() > year:
		q = 4
	case n.Year() == year:
		q = (int(n.Month())-1)/3 + 1
	}
	first := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 3, -1)
	return first.Format(time.DateOnly), last.Format(time.DateOnly)
}

// YearToDate returns the first day of year and the last day of year counted at now ("YYYY-MM-DD"):
// 31 December once the year has ended, today (Asia/Jakarta) while it runs; empty to before it
// begins.
func YearToDate(year int, now time.Time) (from, to string) {
	from = fmt.Sprintf("%04d-01-01", year)
	switch n := now.In(measureZone); {
	case n.Year() > year:
		return from, fmt.Sprintf("%04d-12-31", year)
	case n.Year() == year:
		return from, n.Format(time.DateOnly)
	}
	return from, ""
}
