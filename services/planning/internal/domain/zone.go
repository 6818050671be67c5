package domain

import "time"

// WIB is Medan's time zone (UTC+7, no daylight saving): the registry's "today" (which
// assignment is in force), the forecast's years and the monitoring's days and months are all
// counted in it, so a transfer effective on a date is in force from midnight in Medan, not
// seven hours later.
var WIB = time.FixedZone("WIB", 7*60*60)

// Today returns the date in Medan at t.
func Today(t time.Time) Date {
	y, m, d := t.In(WIB).Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}
