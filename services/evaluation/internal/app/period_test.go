package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
)

// Opening years: city HR only, the defaults stored, bad fields named, a year opened once.
func TestCreatePeriod(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine) // 2026 opened with the defaults
		tests := []struct {
			name  string
			ctx   context.Context
			in    domain.Period
			kind  errs.Kind
			field string
		}{
			{"monthly 2027", cityHR, domain.Period{Year: 2027, Cadence: domain.Monthly, SkpDueDate: "2027-02-01", RatingDueDays: 7}, 0, ""},
			{"2026 again", cityHR, domain.Period{Year: 2026}, errs.AlreadyExists, ""},
			{"agency HR", kominfoHR, domain.Period{Year: 2028}, errs.PermissionDenied, ""},
			{"year 1999", cityHR, domain.Period{Year: 1999}, errs.Invalid, "period.year"},
			{"due date in another year", cityHR, domain.Period{Year: 2028, SkpDueDate: "2029-01-31"}, errs.Invalid, "period.skp_due_date"},
			{"due days", cityHR, domain.Period{Year: 2028, RatingDueDays: 120}, errs.Invalid, "period.rating_due_days"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.app.CreatePeriod(tt.ctx, tt.in)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil || p.Cadence != tt.in.Cadence || p.RatingDueDays != 7 || len(p.SubPeriods()) != 12 {
					t.Fatalf("%+v, %v", p, err)
				}
			})
		}
		p, err := s.app.GetPeriod(employee(staff1, "DISKOMINFO"), 2026)
		if err != nil || p.Cadence != domain.Quarterly || p.SkpDueDate != "2026-01-31" || p.RatingDueDays != 14 {
			t.Fatalf("2026 with the defaults: %+v, %v", p, err)
		}
		list, err := s.app.ListPeriods(auditor)
		if err != nil || len(list) != 2 || list[0].Year != 2027 || list[1].Year != 2026 {
			t.Fatalf("newest first: %+v, %v", list, err)
		}
		if _, err := s.app.GetPeriod(cityHR, 2030); !errs.IsKind(err, errs.NotFound) {
			t.Fatalf("2030: %v", err)
		}
		if got := s.subjects(t, events.SubjectPeriodOpened); len(got) != 2 {
			t.Fatalf("PeriodOpened: %v", got)
		}
		if a := s.audits(t, "periods/2027"); len(a) != 1 || !strings.Contains(a[0], "opened: 2027, monthly") {
			t.Fatalf("audit: %v", a)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM periods`); n != 2 {
			t.Fatalf("%d years stored", n)
		}
	})
}

// Changing a year: the etag, the mask, and the cadence fixed by the year's first period rating.
func TestUpdatePeriod(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		monthly := domain.PeriodUpdate{Fields: []string{"cadence"}, Values: domain.Period{Cadence: domain.Monthly}}
		quarterly := domain.PeriodUpdate{Fields: []string{"cadence"}, Values: domain.Period{Cadence: domain.Quarterly}}
		due := domain.PeriodUpdate{Fields: []string{"skp_due_date"}, Values: domain.Period{SkpDueDate: "2026-02-27"}}
		steps := []struct {
			name  string
			ctx   context.Context
			etag  string
			u     domain.PeriodUpdate
			rate  bool // rate a period of the year before the step
			kind  errs.Kind
			field string
		}{
			{"monthly before any rating", cityHR, resource.Etag(1), monthly, false, 0, ""},
			{"stale etag", cityHR, resource.Etag(1), quarterly, false, errs.Conflict, ""},
			{"back to quarterly", cityHR, "", quarterly, false, 0, ""},
			{"agency HR", kominfoHR, "", due, false, errs.PermissionDenied, ""},
			{"no mask", cityHR, "", domain.PeriodUpdate{}, false, errs.Invalid, "update_mask"},
			{"due date in 2027", cityHR, "", domain.PeriodUpdate{Fields: []string{"skp_due_date"}, Values: domain.Period{SkpDueDate: "2027-01-01"}}, false, errs.Invalid, "period.skp_due_date"},
			{"monthly after the first rating", cityHR, "", monthly, true, errs.FailedPrecondition, ""},
			{"the due date after it", cityHR, "", due, false, 0, ""},
		}
		for _, st := range steps {
			if st.rate {
				sk := approved(t, s, staff1)
				if _, err := s.app.RatePeriod(supervisor(kabid, "DISKOMINFO"), sk.ID, "q1", rate(domain.Meets, domain.Meets), ""); err != nil {
					t.Fatal(err)
				}
			}
			p, err := s.app.UpdatePeriod(st.ctx, 2026, st.etag, st.u)
			if st.kind != 0 {
				e := testenv.WantKind(t, err, st.kind, st.field)
				if st.kind == errs.FailedPrecondition && !strings.Contains(e.Message, "period.cadence") {
					t.Fatalf("%s: %v does not name period.cadence", st.name, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if st.u.Values.Cadence != "" && p.Cadence != st.u.Values.Cadence {
				t.Fatalf("%s: %+v", st.name, p)
			}
		}
		p, _ := s.app.GetPeriod(cityHR, 2026)
		if p.Cadence != domain.Quarterly || p.SkpDueDate != "2026-02-27" || p.Version != 4 {
			t.Fatalf("stored: %+v", p)
		}
		if got := s.subjects(t, events.SubjectPeriodOpened); len(got) != 4 {
			t.Fatalf("PeriodOpened on create and each change: %v", got)
		}
	})
}
