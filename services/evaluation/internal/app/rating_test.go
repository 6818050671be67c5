package app_test

import (
	"context"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
)

// The matrix of DOMAIN.md through RatePeriod, all nine cells; a predicate sent is ignored.
func TestRatePeriodMatrix(t *testing.T) {
	a, m, b := domain.Above, domain.Meets, domain.Below
	cells := []struct {
		results, behaviour domain.Expectation
		want               domain.Predicate
	}{
		{a, a, domain.SangatBaik}, {a, m, domain.Baik}, {a, b, domain.Kurang},
		{m, a, domain.Baik}, {m, m, domain.Baik}, {m, b, domain.Kurang},
		{b, a, domain.ButuhPerbaikan}, {b, m, domain.ButuhPerbaikan}, {b, b, domain.SangatKurang},
	}
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		for i, c := range cells {
			sk := approved(t, s, bappedaStaff(i+1))
			r := rate(c.results, c.behaviour)
			r.Predicate = domain.SangatBaik // typed: ignored
			got, err := s.app.RatePeriod(bappedaKabidCtx, sk.ID, "q3", r, "")
			if err != nil || got.Rating.Predicate != c.want || got.RatedBy != bappedaKabid || got.Version != 1 {
				t.Fatalf("results %s, behaviour %s: %+v, %v; want %s", c.results, c.behaviour, got, err, c.want)
			}
			list, err := s.app.ListPeriodRatings(employee(sk.Employee, "BAPPEDA"), sk.ID)
			if err != nil || len(list) != 1 || list[0].Rating.Predicate != c.want {
				t.Fatalf("the holder reads %+v, %v", list, err)
			}
		}
		if got := s.subjects(t, events.SubjectPeriodRated); len(got) != 9 {
			t.Fatalf("PeriodRated: %d", len(got))
		}
	})
}

// RatePeriod's refusals: who, which period, when, and the re-rating's etag.
func TestRatePeriodRules(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		s.clock.set(at("2026-07-01", 9, 0))
		sk := approved(t, s, bappedaStaff(1))
		head := approved(t, s, bappedaHead)
		draft := approved(t, s, bappedaStaff(2))
		if _, err := s.db.ExecContext(context.Background(), `UPDATE skps SET state = 'proposed', approved_state = 0 WHERE id = $1`, draft.ID); err != nil {
			t.Fatal(err)
		}
		late := approved(t, s, bappedaStaff(3))
		if _, err := s.db.ExecContext(context.Background(), `UPDATE skps SET start_date = '2026-05-01' WHERE id = $1`, late.ID); err != nil {
			t.Fatal(err)
		}
		good := rate(domain.Meets, domain.Meets)
		short := rate(domain.Meets, domain.Meets)
		short.BehaviourReason = "ok"
		tests := []struct {
			name   string
			ctx    context.Context
			skp    string
			period string
			r      domain.Rating
			etag   string
			kind   errs.Kind
			field  string
		}{
			{"q1 by the appraiser", bappedaKabidCtx, sk.ID, "q1", good, "", 0, ""},
			{"q1 re-rated with its etag", bappedaKabidCtx, sk.ID, "q1", rate(domain.Above, domain.Above), resource.Etag(1), 0, ""},
			{"q1 with a stale etag", bappedaKabidCtx, sk.ID, "q1", good, resource.Etag(1), errs.Conflict, ""},
			{"q2, ended yesterday", bappedaKabidCtx, sk.ID, "q2", good, "", 0, ""},
			{"q3, not ended", bappedaKabidCtx, sk.ID, "q3", good, "", errs.FailedPrecondition, ""},
			{"a month of a quarterly year", bappedaKabidCtx, sk.ID, "m01", good, "", errs.Invalid, "period"},
			{"a short reason", bappedaKabidCtx, sk.ID, "q1", short, "", errs.Invalid, "rating.behaviour_reason"},
			{"no results rating", bappedaKabidCtx, sk.ID, "q1", domain.Rating{ResultsReason: "abc", Behaviour: domain.Meets, BehaviourReason: "abc"}, "", errs.Invalid, "rating.results"},
			{"the holder", employee(bappedaStaff(1), "BAPPEDA"), sk.ID, "q1", good, "", errs.PermissionDenied, ""},
			{"a colleague", employee(bappedaStaff(2), "BAPPEDA"), sk.ID, "q1", good, "", errs.PermissionDenied, ""},
			{"the kabid's own supervisor, not the appraiser", supervisor(bappedaHead, "BAPPEDA"), sk.ID, "q1", good, "", errs.PermissionDenied, ""},
			{"an SKP not approved", bappedaKabidCtx, draft.ID, "q1", good, "", errs.FailedPrecondition, ""},
			{"a period before the SKP began", bappedaKabidCtx, late.ID, "q1", good, "", errs.FailedPrecondition, ""},
			{"the head by city HR", cityHR, head.ID, "q1", good, "", 0, ""},
			{"the head by the kabid", bappedaKabidCtx, head.ID, "q1", good, "", errs.PermissionDenied, ""},
			{"a made-up SKP", employee(bappedaStaff(2), "BAPPEDA"), "2026-000000000000000000-1", "q1", good, "", errs.PermissionDenied, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.RatePeriod(tt.ctx, tt.skp, tt.period, tt.r, tt.etag)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if want := domain.PredicateOf(tt.r.Results, tt.r.Behaviour); got.Rating.Predicate != want {
					t.Fatalf("predicate %s, want %s", got.Rating.Predicate, want)
				}
			})
		}
		list, _ := s.app.ListPeriodRatings(cityHR, sk.ID)
		if len(list) != 2 || list[0].Period != "q1" || list[0].Version != 2 || list[0].Rating.Predicate != domain.SangatBaik || list[1].Period != "q2" {
			t.Fatalf("stored: %+v", list)
		}
		if _, err := s.app.ListPeriodRatings(employee(bappedaStaff(2), "BAPPEDA"), sk.ID); !errs.IsKind(err, errs.PermissionDenied) {
			t.Fatalf("a colleague lists: %v", err)
		}
		// Once the annual rating is finalised, the periods are closed.
		s.clock.set(at("2026-12-01", 9, 0))
		setOrg(t, s, "BAPPEDA", domain.OrgIstimewa)
		if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, sk.ID, rate(domain.Meets, domain.Meets)); err != nil {
			t.Fatal(err)
		}
		_, err := s.app.RatePeriod(bappedaKabidCtx, sk.ID, "q3", rate(domain.Meets, domain.Meets), "")
		testenv.WantKind(t, err, errs.FailedPrecondition, "")
	})
}

// FinaliseAnnualRating's refusals besides the bound: when, once, by whom; a closed earlier SKP
// after its end, not counted by the bound.
func TestFinaliseAnnualRatingRules(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		setOrg(t, s, "BAPPEDA", domain.OrgBaik)
		sk := approved(t, s, bappedaStaff(1))
		third := approved(t, s, bappedaStaff(3)) // the population of 2 allows 1 Baik (70 % rounded down)
		closed := approved(t, s, bappedaStaff(2))
		closed.ID, closed.Seq, closed.Latest = "2026-"+bappedaStaff(2)+"-0", 0, false
		if _, err := s.db.ExecContext(context.Background(), `UPDATE skps SET id = $1, seq = 0, latest = 0, state = 'closed', end_date = '2026-06-30'
			WHERE id = $2`, closed.ID, "2026-"+bappedaStaff(2)+"-1"); err != nil {
			t.Fatal(err)
		}
		good := rate(domain.Meets, domain.Meets)
		steps := []struct {
			name string
			when string
			ctx  context.Context
			skp  string
			kind errs.Kind
		}{
			{"30 November", "2026-11-30", bappedaKabidCtx, sk.ID, errs.FailedPrecondition},
			{"a closed SKP on its last day", "2026-06-30", bappedaKabidCtx, closed.ID, errs.FailedPrecondition},
			{"a closed SKP the day after", "2026-07-01", bappedaKabidCtx, closed.ID, 0},
			{"the holder on 1 December", "2026-12-01", employee(bappedaStaff(1), "BAPPEDA"), sk.ID, errs.PermissionDenied},
			{"agency HR", "2026-12-01", testenv.As(context.Background(), "agency-hr", "BAPPEDA", "bappeda-hr"), sk.ID, errs.PermissionDenied},
			{"the appraiser on 1 December", "2026-12-01", bappedaKabidCtx, sk.ID, 0},
			{"a second time", "2026-12-02", bappedaKabidCtx, sk.ID, errs.AlreadyExists},
		}
		for _, st := range steps {
			s.clock.set(at(st.when, 9, 0))
			r, err := s.app.FinaliseAnnualRating(st.ctx, st.skp, good)
			if st.kind != 0 {
				if e := testenv.WantKind(t, err, st.kind, ""); e == nil {
					t.Fatalf("%s", st.name)
				}
				continue
			}
			if err != nil || r.State != domain.AnnualFinalised || r.Rating.Predicate != domain.Baik || len(r.History) != 1 {
				t.Fatalf("%s: %+v, %v", st.name, r, err)
			}
		}
		r, err := s.app.GetAnnualRating(employee(bappedaStaff(1), "BAPPEDA"), sk.ID)
		if err != nil || r.ObjectionDeadline != "2026-12-15" || !r.Counted || r.RatedBy != bappedaKabid {
			t.Fatalf("the holder reads %+v, %v", r, err)
		}
		if r, _ := s.app.GetAnnualRating(cityHR, closed.ID); r.Counted || r.ObjectionDeadline != "2026-07-15" {
			t.Fatalf("the closed SKP's: %+v", r)
		}
		if _, err := s.app.GetAnnualRating(employee(bappedaStaff(2), "BAPPEDA"), sk.ID); !errs.IsKind(err, errs.PermissionDenied) {
			t.Fatalf("a colleague reads: %v", err)
		}
		if _, err := s.app.GetAnnualRating(bappedaKabidCtx, "2026-"+bappedaStaff(9)+"-1"); !errs.IsKind(err, errs.PermissionDenied) {
			t.Fatalf("an SKP that does not exist, to a supervisor: %v", err)
		}
		if _, err := s.app.GetAnnualRating(bappedaKabidCtx, third.ID); !errs.IsKind(err, errs.NotFound) {
			t.Fatalf("not finalised yet: %v", err)
		}
		// Only the latest SKP counts: one finalised Baik in the distribution.
		whole, _, _ := s.app.GetDistribution(cityHR, 2026, "BAPPEDA")
		if whole.Population != 2 || whole.Rated() != 1 {
			t.Fatalf("distribution: %+v", whole)
		}
	})
}
