package app_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// BenchmarkAttendanceSummary times the city dashboard's attendance summary over the benchmarked
// city (20,548 employees in 40 agencies) and October 2026's 452,056 closed daily statuses
// (dyBenchStatuses):
//
//   - city-31-days: every agency, 1-31 October, all closed: the two grouped queries, 40 × 22
//     day rows.
//   - city-with-today: every agency, 3 October to Monday 2 November at 10:00 WIB, the last day
//     not closed and computed live for all 20,548 employees (their records, approved leave and
//     calendars), as the dashboard asks in the morning.
//   - one-agency: AG7 over 1-31 October.
//
// Run: SIMPEG_TEST_POSTGRES_URL=… go test ./internal/app -run '^$' -bench AttendanceSummary -benchtime 3x
func BenchmarkAttendanceSummary(b *testing.B) {
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			e := newDyBench(b, engine)
			dyBenchStatuses(b, e)
			at := func(t time.Time) *app.App {
				return app.New(e.store, e.dir, domain.DefaultPolicy(), func() time.Time { return t })
			}
			november := at(time.Date(2026, 11, 20, 12, 0, 0, 0, domain.WIB.Location()))
			monday := at(time.Date(2026, 11, 2, 10, 0, 0, 0, domain.WIB.Location()))
			working := len(dyBenchDays())
			run := func(b *testing.B, a *app.App, agency, from, to string, wantDays, wantExpected int, wantProvisional bool) {
				for b.Loop() {
					s, err := a.GetAttendanceSummary(cityHR, agency, domain.MustDate(from), domain.MustDate(to))
					if err != nil {
						b.Fatal(err)
					}
					provisional := len(s.Days) > 0 && s.Days[len(s.Days)-1].Provisional
					if len(s.Days) != wantDays || s.Totals.Expected != wantExpected || provisional != wantProvisional {
						b.Fatalf("%d day rows, %d expected, last provisional %v; want %d, %d, %v",
							len(s.Days), s.Totals.Expected, provisional, wantDays, wantExpected, wantProvisional)
					}
				}
			}
			b.Run("city-31-days", func(b *testing.B) {
				run(b, november, "", "2026-10-01", "2026-10-31", dyBenchAgencies*working, dyBenchEmployees*working, false)
			})
			b.Run("city-with-today", func(b *testing.B) {
				// 3 October to 30 October are 20 working days, and Monday 2 November is live.
				run(b, monday, "", "2026-10-03", "2026-11-02", dyBenchAgencies*21, dyBenchEmployees*21, true)
			})
			b.Run("one-agency", func(b *testing.B) {
				run(b, november, "AG7", "2026-10-01", "2026-10-31", working, 514*working, false) // i % 40 == 7 for 514 of the 20,548
			})
		})
	}
}
