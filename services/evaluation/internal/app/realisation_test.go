package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// TestRealisation: staff1 records realisation and evidence on their approved SKP in May 2026,
// replaces one with its etag, lists them in the SKP's order; staff3's SKP, closed on 31 March,
// takes q1 and not q2; staff2's draft takes none; nobody but the holder records, and a bad one
// writes nothing.
func TestRealisation(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := fbSuite(t, engine, at("2026-05-04", 10, 0))
		holder := employee(staff1, "DISKOMINFO")
		rec := func(ctx context.Context, skp string, r domain.Realisation, etag string) (domain.Realisation, error) {
			return s.app.RecordRealisation(ctx, skp, r, etag)
		}
		q1 := domain.Realisation{ResultID: "r1", IndicatorID: "i1", Period: "q1", Value: " 1 aplikasi terbit (e-perizinan) ",
			Evidence: []domain.Evidence{{Title: "Nota dinas peluncuran", URI: "dokumen:ND/045/DISKOMINFO/2026"},
				{Title: "Rilis", URI: "https://git.pemkot.example/e-perizinan/releases/1.0"}}}
		var first domain.Realisation
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the holder records a realisation with evidence", Run: func(t *testing.T) {
				var err error
				first, err = rec(holder, fbSkp1, q1, "")
				if err != nil {
					t.Fatal(err)
				}
				if first.Version != 1 || first.Value != "1 aplikasi terbit (e-perizinan)" || len(first.Evidence) != 2 || first.Skp != fbSkp1 ||
					!first.Updated.Equal(at("2026-05-04", 10, 0)) {
					t.Errorf("stored %+v", first)
				}
				if got := app.RealisationName(first); got != "skps/"+fbSkp1+"/realisations/r1.i1.q1" {
					t.Errorf("name %s", got)
				}
			}},
			{Name: "replaced with its etag, refused with a stale one", Run: func(t *testing.T) {
				again := q1
				again.Value, again.Evidence = "2 aplikasi terbit", q1.Evidence[:1]
				got, err := rec(holder, fbSkp1, again, resource.Etag(first.Version))
				if err != nil || got.Version != 2 || got.Value != "2 aplikasi terbit" || len(got.Evidence) != 1 {
					t.Fatalf("replaced: %+v, %v", got, err)
				}
				_, err = rec(holder, fbSkp1, q1, resource.Etag(first.Version))
				testenv.WantKind(t, err, errs.Conflict, "")
				never := q1
				never.IndicatorID = "i2"
				_, err = rec(holder, fbSkp1, never, "v1")
				testenv.WantKind(t, err, errs.Conflict, "")
				// Without an etag, a recording replaces whatever is there.
				if got, err := rec(holder, fbSkp1, again, ""); err != nil || got.Version != 3 {
					t.Errorf("replaced without an etag: %+v, %v", got, err)
				}
			}},
			{Name: "listed by period, then in the SKP's order", Run: func(t *testing.T) {
				for _, r := range []domain.Realisation{
					{ResultID: "r2", IndicatorID: "i1", Period: "q2", Value: "1 laporan April"},
					{ResultID: "r2", IndicatorID: "i1", Period: "q1", Value: "3 laporan"},
					{ResultID: "r1", IndicatorID: "i2", Period: "q1", Value: "sesuai jadwal"},
				} {
					if _, err := rec(holder, fbSkp1, r, ""); err != nil {
						t.Fatal(err)
					}
				}
				rs, err := s.app.ListRealisations(kominfoHR, fbSkp1, "")
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rs {
					got = append(got, r.Period+"."+r.ResultID+"."+r.IndicatorID)
				}
				if strings.Join(got, " ") != "q1.r1.i1 q1.r1.i2 q1.r2.i1 q2.r2.i1" {
					t.Errorf("order %v", got)
				}
				if rs, err := s.app.ListRealisations(holder, fbSkp1, "q2"); err != nil || len(rs) != 1 || rs[0].Value != "1 laporan April" {
					t.Errorf("q2: %+v, %v", rs, err)
				}
			}},
			{Name: "a closed SKP takes the periods it covered", Run: func(t *testing.T) {
				r := domain.Realisation{ResultID: "r2", IndicatorID: "i1", Period: "q1", Value: "3 laporan"}
				if _, err := rec(employee(staff3, "DISKOMINFO"), fbSkp3, r, ""); err != nil {
					t.Errorf("q1 of the closed SKP: %v", err)
				}
				r.Period = "q2"
				_, err := rec(employee(staff3, "DISKOMINFO"), fbSkp3, r, "")
				testenv.WantKind(t, err, errs.Invalid, "realisation.period")
			}},
			{Name: "who reads them", Run: func(t *testing.T) {
				for _, tt := range []struct {
					name string
					ctx  context.Context
					ok   bool
				}{
					{"the holder", holder, true},
					{"the appraiser", supervisor(kabid, "DISKOMINFO"), true},
					{"the agency's HR", kominfoHR, true},
					{"an auditor", auditor, true},
					{"a colleague", employee(staff2, "DISKOMINFO"), false},
					{"another agency's HR", dinkesHR, false},
				} {
					rs, err := s.app.ListRealisations(tt.ctx, fbSkp1, "")
					if tt.ok && (err != nil || len(rs) != 4) {
						t.Errorf("%s: %d, %v; want 4", tt.name, len(rs), err)
					}
					if !tt.ok {
						testenv.WantKind(t, err, errs.PermissionDenied, "")
					}
				}
			}},
			{Name: "refused recordings write nothing", Run: func(t *testing.T) {
				before := s.fbCount(t, "realisations")
				with := func(f func(r *domain.Realisation)) domain.Realisation {
					r := domain.Realisation{ResultID: "r1", IndicatorID: "i1", Period: "q2", Value: "x",
						Evidence: []domain.Evidence{{Title: "Foto", URI: "https://drive.example/f/1"}}}
					f(&r)
					return r
				}
				call := func(ctx context.Context, skp string, r domain.Realisation) func() error {
					return func() error { _, err := rec(ctx, skp, r, ""); return err }
				}
				same := func(*domain.Realisation) {}
				eleven := make([]domain.Evidence, 11)
				for i := range eleven {
					eleven[i] = domain.Evidence{Title: "x", URI: "dokumen:x"}
				}
				fbRefuse(t, []fbRefusal{
					{"the appraiser", call(supervisor(kabid, "DISKOMINFO"), fbSkp1, with(same)), errs.PermissionDenied, ""},
					{"a colleague", call(employee(staff2, "DISKOMINFO"), fbSkp1, with(same)), errs.PermissionDenied, ""},
					{"city HR", call(cityHR, fbSkp1, with(same)), errs.PermissionDenied, ""},
					{"a made-up SKP", call(holder, "2026-000000000000000000-1", with(same)), errs.PermissionDenied, ""},
					{"a draft SKP", call(employee(staff2, "DISKOMINFO"), fbSkp2, with(same)), errs.FailedPrecondition, ""},
					{"a period not started", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Period = "q3" })), errs.Invalid, "realisation.period"},
					{"a monthly period", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Period = "m05" })), errs.Invalid, "realisation.period"},
					{"an unknown result", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.ResultID = "r3" })), errs.Invalid, "realisation.result_id"},
					{"an unknown indicator", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.IndicatorID = "i3" })), errs.Invalid, "realisation.indicator_id"},
					{"no value", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Value = "" })), errs.Invalid, "realisation.value"},
					{"a 2001-character value", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Value = strings.Repeat("x", 2001) })), errs.Invalid, "realisation.value"},
					{"eleven pieces of evidence", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Evidence = eleven })), errs.Invalid, "realisation.evidence"},
					{"an ftp link", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Evidence[0].URI = "ftp://files.example/a" })), errs.Invalid, "realisation.evidence[0].uri"},
					{"a link without a host", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Evidence[0].URI = "https://" })), errs.Invalid, "realisation.evidence[0].uri"},
					{"an untitled piece", call(holder, fbSkp1, with(func(r *domain.Realisation) { r.Evidence[0].Title = " " })), errs.Invalid, "realisation.evidence[0].title"},
				})
				if after := s.fbCount(t, "realisations"); after != before {
					t.Errorf("%d realisations after the refusals, %d before", after, before)
				}
			}},
			{Name: "each recording audited", Run: func(t *testing.T) {
				got := s.audits(t, app.RealisationName(first))
				if len(got) != 3 || !strings.HasPrefix(got[0], "realisation v") {
					t.Errorf("audit %q", got)
				}
				if subjects, _ := fbOutbox(t, s.env); len(subjects) != 0 {
					t.Errorf("realisations announce nothing, got %v", subjects)
				}
			}},
		})
	})
}
