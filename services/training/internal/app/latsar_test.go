package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// latsarSuite is the JP fixture with a Latsar programme: cpnsDone passed it on 20 January 2026
// (TMT 2025-03-01, deadline 2026-03-01); cpnsLate (TMT 2025-01-15) holds a seat in a session
// ending 1 April 2026, past the deadline; staff1, a PNS, passed it long ago and is on no list.
func latsarSuite(t *testing.T, engine testenv.Engine) suite {
	s := ledgerSuite(t, engine)
	seedCatalogue(t, s.db,
		[]prog{{id: "p-latsar", title: "Pelatihan Dasar CPNS Golongan III", form: "classroom", provider: "BPSDM Provinsi Sumatera Utara",
			kind: "institute", minutes: 171 * 45, cost: 7_000_000, latsar: true}},
		[]sess{
			{id: "s-lat1", programme: "p-latsar", zone: "Asia/Jakarta", start: at("2025-11-03", 7, 30), end: at("2026-01-20", 16, 0), capacity: 40},
			{id: "s-lat2", programme: "p-latsar", zone: "Asia/Jakarta", start: at("2026-02-02", 7, 30), end: at("2026-04-01", 16, 0), capacity: 40},
		},
		[]enrol{
			{"l1", "s-lat1", cpnsDone, "DISKOMINFO", domain.Passed},
			{"l2", "s-lat2", cpnsLate, "DISKOMINFO", domain.Enrolled},
			{"l3", "s-lat1", staff1, "DISKOMINFO", domain.Passed},
		})
	return s
}

// latsarRows shows statuses as "<nip> <state> <deadline> <completed enrolment>@<date>".
func latsarRows(list []app.LatsarStatus) []string {
	var out []string
	for _, x := range list {
		done := "-"
		if x.Completed != nil {
			done = x.Completed.Enrolment + "@" + x.Completed.EndDate
		}
		out = append(out, fmt.Sprintf("%s %s %s %s", x.Employee, x.State, x.Deadline, done))
	}
	return out
}

// TestListLatsarStatus: the CPNS of an agency, flagged when Latsar was not completed within the
// first year after TMT CPNS, due while that year runs, done when completed in it.
func TestListLatsarStatus(t *testing.T) {
	var (
		done    = cpnsDone + " done 2026-03-01 l1@2026-01-20"
		flagged = cpnsLate + " flagged 2026-01-15 -"
		due     = cpnsNew + " due 2026-09-01 -"
		noDate  = cpnsNoDate + " no_appointment_date  -"
	)
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := latsarSuite(t, engine)
		tests := []struct {
			name        string
			ctx         context.Context
			agency      string
			onlyFlagged bool
			want        []string
			kind        errs.Kind
		}{
			{"agency HR, own agency", kominfoHR, "", false, []string{flagged, noDate, done}, 0},
			{"only flagged", kominfoHR, "DISKOMINFO", true, []string{flagged}, 0},
			{"city HR, the city", cityHR, "", false, []string{flagged, noDate, due, done}, 0},
			{"auditor, DINKES", auditor, "DINKES", false, []string{due}, 0},
			{"supervisor: their CPNS", supervisor(kabid, "DISKOMINFO"), "", false, []string{flagged, noDate, done}, 0},
			{"the CPNS themselves", employee(cpnsDone, "DISKOMINFO"), "", false, []string{done}, 0},
			{"a PNS has no Latsar row", employee(staff1, "DISKOMINFO"), "", false, nil, 0},
			{"agency HR, another agency", dinkesHR, "DISKOMINFO", false, nil, errs.PermissionDenied},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := s.app.ListLatsarStatus(tt.ctx, tt.agency, tt.onlyFlagged)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, "")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := latsarRows(list); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("statuses\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			})
		}
	})
}

// TestLatsarOverTime: the state follows the clock and the completions: due until the deadline,
// flagged after it, and a Latsar completed after the deadline is shown but does not clear the
// flag.
func TestLatsarOverTime(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := latsarSuite(t, engine)
		steps := []struct {
			name  string
			today string
			pass  string // an enrolment that passes before the step
			want  string // cpnsLate's and cpnsNew's rows
		}{
			{"cpnsNew's year runs to its deadline day", "2026-09-01", "", cpnsLate + " flagged 2026-01-15 -|" + cpnsNew + " due 2026-09-01 -"},
			{"cpnsNew's deadline passes", "2026-09-02", "", cpnsLate + " flagged 2026-01-15 -|" + cpnsNew + " flagged 2026-09-01 -"},
			{"cpnsLate passes in April: late", "2026-09-02", "l2", cpnsLate + " flagged 2026-01-15 l2@2026-04-01|" + cpnsNew + " flagged 2026-09-01 -"},
		}
		for _, st := range steps {
			s.clock.set(at(st.today, 12, 0))
			if st.pass != "" {
				if _, err := s.db.ExecContext(context.Background(), `UPDATE enrolments SET state = 'passed' WHERE id = $1`, st.pass); err != nil {
					t.Fatal(err)
				}
			}
			list, err := s.app.ListLatsarStatus(cityHR, "", false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range latsarRows(list) {
				if strings.HasPrefix(r, cpnsLate) || strings.HasPrefix(r, cpnsNew) {
					got = append(got, r)
				}
			}
			if strings.Join(got, "|") != st.want {
				t.Errorf("%s: %s\nwant %s", st.name, strings.Join(got, "|"), st.want)
			}
		}
	})
}
