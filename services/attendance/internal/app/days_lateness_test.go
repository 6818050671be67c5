package app_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
)

// TestLatenessThresholds (issue 8, item 2): late arrivals and early departures accumulate per
// year and every 450 minutes of them count as one day of unexcused absence (Peraturan BKN
// 6/2022), so 2 absent days and 450 late and early minutes reach the oral reprimand of PP
// 94/2021; the report and the threshold-crossed event show both parts. With the policy at 0
// the same days reach nothing, and a report read under another policy converts the stored
// minutes with it.
func TestLatenessThresholds(t *testing.T) {
	tests := []struct {
		name      string
		perDay    int
		crossed   bool // the 10th crosses the oral reprimand for dyLate
		converted int
	}{
		{name: "default 450 minutes", perDay: 450, crossed: true, converted: 1},
		{name: "conversion disabled", perDay: 0},
		{name: "a city's 300 minutes", perDay: 300, crossed: true, converted: 1},
	}
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := newDaySuite(t, engine)
				p := domain.DefaultPolicy()
				p.LatenessMinutesPerDay = tt.perDay
				s.app = app.New(s.repo, s.dir, p, s.clock.now)

				// Tue 3 Nov: 225 minutes late (07:30 + 3 h 45); Thu 5 Nov: leaves 225 minutes
				// early (16:00 - 3 h 45); Mon 9 and Tue 10: absent.
				s.check(t, dyLate, domain.CheckKindIn, wib("2026-11-03", 11, 15, 0))
				s.check(t, dyLate, domain.CheckKindOut, wib("2026-11-03", 16, 0, 0))
				s.check(t, dyLate, domain.CheckKindIn, wib("2026-11-05", 7, 30, 0))
				s.check(t, dyLate, domain.CheckKindOut, wib("2026-11-05", 12, 15, 0))
				var crossed []app.SanctionReport
				for _, d := range []string{"2026-11-03", "2026-11-05", "2026-11-09", "2026-11-10"} {
					for _, c := range s.close(t, kominfoHR, d, "DISKOMINFO").Crossed {
						if c.Employee == dyLate {
							crossed = append(crossed, c)
						}
					}
				}
				want := app.SanctionReport{Employee: dyLate, Agency: "DISKOMINFO", Year: 2026, Days: 2, LatenessMinutes: 450,
					ConvertedDays: tt.converted, TotalDays: 2 + tt.converted}
				if !tt.crossed {
					if len(crossed) != 0 {
						t.Fatalf("crossed %+v, want nothing", crossed)
					}
				} else {
					if len(crossed) != 1 || crossed[0].Code != "ORAL_REPRIMAND" || !sameParts(crossed[0], want) {
						t.Fatalf("crossed %+v, want the oral reprimand with %+v", crossed, want)
					}
					s.wantLateEvent(t, want)
				}
				list, err := s.app.ListDisciplineThresholds(kominfoHR, 2026, "DISKOMINFO")
				if err != nil {
					t.Fatal(err)
				}
				line, found := findSanction(list, dyLate)
				if found != tt.crossed || (found && (!sameParts(line, want) || line.Code != "ORAL_REPRIMAND")) {
					t.Fatalf("report line of %s: %+v (found %v), want %+v (found %v)", dyLate, line, found, want, tt.crossed)
				}

				// The stored minutes are converted with the policy in force when the report is read.
				other := domain.DefaultPolicy()
				other.LatenessMinutesPerDay = 450 - tt.perDay
				list, err = app.New(s.repo, s.dir, other, s.clock.now).ListDisciplineThresholds(kominfoHR, 2026, "DISKOMINFO")
				if err != nil {
					t.Fatal(err)
				}
				if _, found := findSanction(list, dyLate); found != (other.LatenessMinutesPerDay > 0) {
					t.Fatalf("report under %d minutes a day lists %s: %v", other.LatenessMinutesPerDay, dyLate, found)
				}

				// A correction: leave approved for the 3rd removes its 225 minutes; re-closing it
				// recomputes the year (225 minutes: no day at 450).
				s.repo.setLeave(domain.MustDate("2026-11-03"), dyLate, domain.LeaveAnnual)
				s.close(t, kominfoHR, "2026-11-03", "DISKOMINFO")
				var minutes int
				if err := s.db.QueryRowContext(context.Background(), `SELECT lateness_minutes FROM absence_tallies WHERE employee = $1 AND year = 2026`,
					dyLate).Scan(&minutes); err != nil {
					t.Fatal(err)
				}
				if minutes != 225 {
					t.Fatalf("stored lateness minutes after the correction = %d, want 225", minutes)
				}
			})
		}
	})
}

// sameParts compares the parts of the total of two reports.
func sameParts(got, want app.SanctionReport) bool {
	return got.Employee == want.Employee && got.Agency == want.Agency && got.Year == want.Year && got.Days == want.Days &&
		got.LatenessMinutes == want.LatenessMinutes && got.ConvertedDays == want.ConvertedDays && got.TotalDays == want.TotalDays
}

func findSanction(list []app.SanctionReport, nip string) (app.SanctionReport, bool) {
	for _, x := range list {
		if x.Employee == nip {
			return x, true
		}
	}
	return app.SanctionReport{}, false
}

// wantLateEvent checks the published AbsenceThresholdCrossed of want's employee: both parts.
func (s *daySuite) wantLateEvent(t *testing.T, want app.SanctionReport) {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1`, events.SubjectAbsenceThresholdCrossed)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var payload []byte
		if err := rows.Scan(&payload); err != nil {
			t.Fatal(err)
		}
		var ev attendancev1.AbsenceThresholdCrossed
		if err := proto.Unmarshal(payload, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.GetSanction().GetEmployee() != want.Employee {
			continue
		}
		w := &attendancev1.Sanction{Employee: want.Employee, Agency: want.Agency, Code: "oral_reprimand", DisplayName: "teguran lisan",
			Days: int32(want.Days), Year: 2026, LatenessMinutes: int32(want.LatenessMinutes), ConvertedDays: int32(want.ConvertedDays),
			TotalDays: int32(want.TotalDays), LongestRun: ev.GetSanction().GetLongestRun()}
		if !proto.Equal(ev.GetSanction(), w) {
			t.Errorf("event %v, want %v", ev.GetSanction(), w)
		}
		return
	}
	t.Errorf("no AbsenceThresholdCrossed of %s", want.Employee)
}
