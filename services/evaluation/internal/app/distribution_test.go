package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
)

// Setting organisation predicates: city HR only, a known agency of an open year, the etag, and
// who reads them.
func TestSetOrganisationRating(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		org := func(agency string, year int, p domain.OrganisationPredicate, note string) domain.OrganisationRating {
			return domain.OrganisationRating{Year: year, Agency: agency, Predicate: p, Note: note}
		}
		tests := []struct {
			name  string
			ctx   context.Context
			in    domain.OrganisationRating
			etag  string
			kind  errs.Kind
			field string
		}{
			{"DISKOMINFO Baik", cityHR, org("DISKOMINFO", 2026, domain.OrgBaik, "SK Wali Kota 800/12/2026"), "", 0, ""},
			{"DINKES Istimewa", cityHR, org("DINKES", 2026, domain.OrgIstimewa, ""), "", 0, ""},
			{"DISKOMINFO Istimewa with its etag", cityHR, org("DISKOMINFO", 2026, domain.OrgIstimewa, "revisi"), resource.Etag(1), 0, ""},
			{"a stale etag", cityHR, org("DISKOMINFO", 2026, domain.OrgBaik, ""), resource.Etag(1), errs.Conflict, ""},
			{"agency HR", kominfoHR, org("DISKOMINFO", 2026, domain.OrgBaik, ""), "", errs.PermissionDenied, ""},
			{"an unknown agency", cityHR, org("DISHUB", 2026, domain.OrgBaik, ""), "", errs.Invalid, "organisation_rating.agency"},
			{"a unit", cityHR, org("BAPPEDA-EKO", 2026, domain.OrgBaik, ""), "", errs.Invalid, "organisation_rating.agency"},
			{"a year not open", cityHR, org("DINKES", 2025, domain.OrgBaik, ""), "", errs.Invalid, "organisation_rating.year"},
			{"no predicate", cityHR, org("DINKES", 2026, "", ""), "", errs.Invalid, "organisation_rating.predicate"},
			{"a long note", cityHR, org("DINKES", 2026, domain.OrgBaik, strings.Repeat("x", 2001)), "", errs.Invalid, "organisation_rating.note"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o, err := s.app.SetOrganisationRating(tt.ctx, tt.in, tt.etag)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil || o.Predicate != tt.in.Predicate || o.SetBy != "bkpsdm-admin" {
					t.Fatalf("%+v, %v", o, err)
				}
			})
		}
		all, err := s.app.ListOrganisationRatings(auditor, 2026)
		if err != nil || len(all) != 2 || all[0].Agency != "DINKES" || all[1].Agency != "DISKOMINFO" || all[1].Version != 2 || all[1].Note != "revisi" {
			t.Fatalf("auditor: %+v, %v", all, err)
		}
		own, err := s.app.ListOrganisationRatings(kominfoHR, 2026)
		if err != nil || len(own) != 1 || own[0].Agency != "DISKOMINFO" {
			t.Fatalf("agency HR sees their own row only: %+v, %v", own, err)
		}
		if got := s.subjects(t, events.SubjectOrganisationRatingSet); len(got) != 3 {
			t.Fatalf("OrganisationRatingSet: %v", got)
		}
		if a := s.audits(t, "periods/2026/organisationRatings/DISKOMINFO"); len(a) != 2 || !strings.Contains(a[0], "set to Istimewa") {
			t.Fatalf("audit: %v", a)
		}
	})
}

// step is one finalisation of a bound scenario: BAPPEDA's staff member i rated p, refused with
// the words in want (none: allowed).
type step struct {
	i    int
	p    domain.Predicate
	want []string
}

// The bounds of each organisation predicate through FinaliseAnnualRating, on BAPPEDA's ten
// staff with approved SKPs (the population 10).
func TestFinaliseAgainstTheBound(t *testing.T) {
	sb, b, bp, k, sk := domain.SangatBaik, domain.Baik, domain.ButuhPerbaikan, domain.Kurang, domain.SangatKurang
	seq := func(p domain.Predicate, from, to int) []step {
		var out []step
		for i := from; i <= to; i++ {
			out = append(out, step{i, p, nil})
		}
		return out
	}
	join := func(parts ...[]step) []step {
		var out []step
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	scenarios := []struct {
		name  string
		org   domain.OrganisationPredicate
		steps []step
	}{
		{"not set", "", []step{{1, b, []string{"city HR has not set BAPPEDA's organisation predicate for 2026"}}}},
		{"Baik: the 8th Baik-or-better refused, a Butuh Perbaikan then allowed", domain.OrgBaik, join(seq(sb, 1, 2), seq(b, 3, 7),
			[]step{{8, b, []string{"BAPPEDA's organisation predicate for 2026 is Baik", "at most 70 % Sangat Baik or Baik", "7 of the 10",
				"7 already hold it", "would make 8", "Rate this employee Butuh Perbaikan, Kurang or Sangat Kurang — or city HR may review BAPPEDA's organisation predicate"}},
				{8, bp, nil}})},
		{"Baik: the last one's Baik refused when nobody is Butuh Perbaikan or Kurang", domain.OrgBaik, join(seq(b, 1, 6), seq(sk, 7, 9),
			[]step{{10, b, []string{"at least 1 Butuh Perbaikan or Kurang", "1 of the 10", "0 hold it now", "Rate this employee Butuh Perbaikan or Kurang"}},
				{10, k, nil}})},
		{"Istimewa: the 8th Sangat Baik refused", domain.OrgIstimewa, join(seq(sb, 1, 7),
			[]step{{8, sb, []string{"Istimewa", "at most 70 % Sangat Baik", "7 of the 10"}}, {8, b, nil}})},
		{"Butuh Perbaikan: the 5th Baik refused", domain.OrgButuhPerbaikan, join(seq(b, 1, 4),
			[]step{{5, b, []string{"at least 60 % Butuh Perbaikan", "6 of the 10", "only 5 employees would remain unrated"}}, {5, bp, nil}})},
		{"Kurang: the rules together", domain.OrgKurang, join(seq(b, 1, 3),
			[]step{{4, b, []string{"at least 60 % Kurang and at least 10 % Butuh Perbaikan together need 7 more"}}, {4, k, nil}})},
		{"Sangat Kurang: no Sangat Baik", domain.OrgSangatKurang, []step{{1, sb, []string{"at most 0 % Sangat Baik"}}, {1, sk, nil}}},
	}
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				s := ratingSuite(t, engine)
				for i := 1; i <= 10; i++ {
					approved(t, s, bappedaStaff(i))
				}
				if sc.org != "" {
					setOrg(t, s, "BAPPEDA", sc.org)
				}
				finalised := 0
				for n, st := range sc.steps {
					r, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, "2026-"+bappedaStaff(st.i)+"-1", ratingOf(st.p))
					if st.want != nil {
						wantRefusal(t, err, errs.FailedPrecondition, st.want...)
						if e, _ := errs.As(err); e.Reason != domain.ReasonDistributionBound {
							t.Fatalf("step %d: reason %q", n, e.Reason)
						}
						continue
					}
					if err != nil || r.Rating.Predicate != st.p {
						t.Fatalf("step %d (%d %s): %+v, %v", n, st.i, st.p, r, err)
					}
					finalised++
				}
				if n := s.count(t, `SELECT COUNT(*) FROM annual_ratings`); n != finalised {
					t.Fatalf("%d annual ratings stored, want %d: a refusal wrote something", n, finalised)
				}
				if got := s.subjects(t, events.SubjectAnnualRatingFinalised); len(got) != finalised {
					t.Fatalf("AnnualRatingFinalised: %d, want %d", len(got), finalised)
				}
			})
		}
	})
}

// The distribution read live, per agency and unit; a lower organisation predicate refused
// against what is finalised; who may read it.
func TestDistribution(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		for i := 1; i <= 10; i++ {
			approved(t, s, bappedaStaff(i))
		}
		setOrg(t, s, "BAPPEDA", domain.OrgIstimewa)
		for i := 1; i <= 8; i++ { // 3 Sangat Baik, 5 Baik: allowed under Istimewa
			p := domain.Baik
			if i <= 3 {
				p = domain.SangatBaik
			}
			if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, "2026-"+bappedaStaff(i)+"-1", ratingOf(p)); err != nil {
				t.Fatal(err)
			}
		}
		// A lower predicate would break the bound with what is finalised.
		_, err := s.app.SetOrganisationRating(cityHR, domain.OrganisationRating{Year: 2026, Agency: "BAPPEDA", Predicate: domain.OrgBaik}, "")
		wantRefusal(t, err, errs.FailedPrecondition, "BAPPEDA's organisation predicate Baik for 2026 would break its rule at most 70 % Sangat Baik or Baik",
			"(7 of the 10", "8 already hold Sangat Baik or Baik")
		o, _ := s.app.ListOrganisationRatings(cityHR, 2026)
		if len(o) != 1 || o[0].Predicate != domain.OrgIstimewa {
			t.Fatalf("the refused change was stored: %+v", o)
		}

		bappedaHR := testenv.As(context.Background(), auth.RoleAgencyHR, "BAPPEDA", "bappeda-hr")
		for _, ctx := range []context.Context{cityHR, auditor, bappedaHR} {
			whole, units, err := s.app.GetDistribution(ctx, 2026, "BAPPEDA")
			if err != nil {
				t.Fatal(err)
			}
			if whole.Organisation != domain.OrgIstimewa || whole.Population != 10 || whole.Rated() != 8 ||
				whole.Counts[domain.SangatBaik] != 3 || whole.Counts[domain.Baik] != 5 {
				t.Fatalf("agency row: %+v", whole)
			}
			if len(whole.Bounds) != 1 || whole.Bounds[0].Limit != 7 || whole.Bounds[0].Current != 3 || !whole.Bounds[0].Satisfied {
				t.Fatalf("bounds: %+v", whole.Bounds)
			}
			if len(units) != 2 || units[0].Unit != "BAPPEDA-EKO" || units[0].Population != 5 || units[0].Rated() != 5 ||
				units[1].Unit != "BAPPEDA-SOS" || units[1].Population != 5 || units[1].Rated() != 3 || units[1].Counts[domain.Baik] != 3 {
				t.Fatalf("units: %+v", units)
			}
		}
		for _, ctx := range []context.Context{kominfoHR, employee(bappedaStaff(1), "BAPPEDA"), bappedaKabidCtx} {
			if _, _, err := s.app.GetDistribution(ctx, 2026, "BAPPEDA"); !errs.IsKind(err, errs.PermissionDenied) {
				t.Fatalf("another agency's HR or an employee: %v", err)
			}
		}
		// Live: a closed earlier SKP's rating no longer counts once the next SKP is the latest.
		if _, err := s.db.ExecContext(context.Background(), `UPDATE skps SET latest = 0, state = 'closed' WHERE id = $1`, "2026-"+bappedaStaff(1)+"-1"); err != nil {
			t.Fatal(err)
		}
		whole, _, err := s.app.GetDistribution(cityHR, 2026, "BAPPEDA")
		if err != nil || whole.Population != 9 || whole.Counts[domain.SangatBaik] != 2 {
			t.Fatalf("after closing: %+v, %v", whole, err)
		}
	})
}

// Concurrent finalisations in one agency are checked against the bound one at a time: of ten
// Baik finalised at once under a Baik organisation predicate, exactly seven pass.
func TestFinaliseConcurrently(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		for i := 1; i <= 10; i++ {
			approved(t, s, bappedaStaff(i))
		}
		setOrg(t, s, "BAPPEDA", domain.OrgBaik)
		errc := make(chan error, 10)
		for i := 1; i <= 10; i++ {
			go func() {
				_, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, "2026-"+bappedaStaff(i)+"-1", ratingOf(domain.Baik))
				errc <- err
			}()
		}
		ok, refused := 0, 0
		for range 10 {
			switch err := <-errc; {
			case err == nil:
				ok++
			case errs.IsKind(err, errs.FailedPrecondition):
				refused++
			default:
				t.Fatalf("unexpected: %v", err)
			}
		}
		if ok != 7 || refused != 3 || s.count(t, `SELECT COUNT(*) FROM annual_ratings`) != 7 {
			t.Fatalf("%d finalised, %d refused", ok, refused)
		}
	})
}
