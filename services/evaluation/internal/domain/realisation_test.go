package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// fbSkp is an approved SKP of 2026 with results r1 (indicators i1, i2) and r2 (i1), covering
// start to end.
func fbSkp(start, end string) domain.Skp {
	return domain.Skp{ID: "2026-199001012015031003-1", Employee: "199001012015031003", Year: 2026, Agency: "DISKOMINFO",
		Appraiser: "198001012005011002", State: domain.SkpApproved, Approved: true, StartDate: start, EndDate: end,
		Results: []domain.WorkResult{
			{ID: "r1", Text: "Aplikasi layanan", Indicators: []domain.Indicator{{ID: "i1"}, {ID: "i2"}}},
			{ID: "r2", Text: "Laporan", Indicators: []domain.Indicator{{ID: "i1"}}},
		}}
}

// fbYear is 2026, evaluated quarterly.
var fbYear = domain.Period{Year: 2026, Cadence: domain.Quarterly, RatingDueDays: 14}

// fbField returns the fields an Invalid error names, or the error's kind when it is another.
func fbFields(t *testing.T, err error) []string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		t.Fatalf("error %v: want Invalid", err)
	}
	var out []string
	for _, v := range e.Violations {
		out = append(out, v.Field)
	}
	return out
}

func TestValidateRealisation(t *testing.T) {
	ok := domain.Realisation{ResultID: "r1", IndicatorID: "i2", Period: "q2", Value: "3 aplikasi terbit",
		Evidence: []domain.Evidence{{Title: "Nota dinas", URI: "dokumen:ND/123/2026"}, {Title: "Rilis", URI: "https://git.example.go.id/rilis/1"}}}
	with := func(f func(r *domain.Realisation)) domain.Realisation {
		r := ok
		r.Evidence = append([]domain.Evidence(nil), ok.Evidence...)
		f(&r)
		return r
	}
	many := make([]domain.Evidence, 11)
	for i := range many {
		many[i] = domain.Evidence{Title: "x", URI: "http://a.example"}
	}
	full := fbSkp("2026-01-01", "2026-12-31")
	tests := []struct {
		name  string
		r     domain.Realisation
		skp   domain.Skp
		today string
		field string // "" valid
	}{
		{"valid, on the period's first day", ok, full, "2026-04-01", ""},
		{"http link, 2000-character value", with(func(r *domain.Realisation) {
			r.Value, r.Evidence = strings.Repeat("é", 2000), []domain.Evidence{{Title: "t", URI: "http://intra.pemkot/x"}}
		}), full, "2026-05-01", ""},
		{"no evidence", with(func(r *domain.Realisation) { r.Evidence = nil }), full, "2026-05-01", ""},
		{"ten pieces of evidence", with(func(r *domain.Realisation) { r.Evidence = many[:10] }), full, "2026-05-01", ""},
		{"no result", with(func(r *domain.Realisation) { r.ResultID = "" }), full, "2026-05-01", "result_id"},
		{"unknown result", with(func(r *domain.Realisation) { r.ResultID = "r3" }), full, "2026-05-01", "result_id"},
		{"no indicator", with(func(r *domain.Realisation) { r.IndicatorID = "" }), full, "2026-05-01", "indicator_id"},
		{"indicator of another result", with(func(r *domain.Realisation) { r.ResultID = "r2" }), full, "2026-05-01", "indicator_id"},
		{"no period", with(func(r *domain.Realisation) { r.Period = "" }), full, "2026-05-01", "period"},
		{"a monthly period in a quarterly year", with(func(r *domain.Realisation) { r.Period = "m04" }), full, "2026-05-01", "period"},
		{"a period not started", ok, full, "2026-03-31", "period"},
		{"a period before the SKP", ok, fbSkp("2026-07-15", "2026-12-31"), "2026-08-01", "period"},
		{"a period after a closed SKP", with(func(r *domain.Realisation) { r.Period = "q3" }), fbSkp("2026-01-01", "2026-06-30"), "2026-08-01", "period"},
		{"a period partly covered", with(func(r *domain.Realisation) { r.Period = "q3" }), fbSkp("2026-07-15", "2026-12-31"), "2026-08-01", ""},
		{"empty value", with(func(r *domain.Realisation) { r.Value = "  " }), full, "2026-05-01", "value"},
		{"2001-character value", with(func(r *domain.Realisation) { r.Value = strings.Repeat("a", 2001) }), full, "2026-05-01", "value"},
		{"eleven pieces of evidence", with(func(r *domain.Realisation) { r.Evidence = many }), full, "2026-05-01", "evidence"},
		{"evidence without a title", with(func(r *domain.Realisation) { r.Evidence[1].Title = "" }), full, "2026-05-01", "evidence[1].title"},
		{"a 201-character title", with(func(r *domain.Realisation) { r.Evidence[0].Title = strings.Repeat("t", 201) }), full, "2026-05-01", "evidence[0].title"},
		{"evidence without a uri", with(func(r *domain.Realisation) { r.Evidence[0].URI = "" }), full, "2026-05-01", "evidence[0].uri"},
		{"a 1001-character uri", with(func(r *domain.Realisation) { r.Evidence[1].URI = "https://a.example/" + strings.Repeat("p", 983) }), full, "2026-05-01", "evidence[1].uri"},
		{"ftp link", with(func(r *domain.Realisation) { r.Evidence[1].URI = "ftp://files.example/x" }), full, "2026-05-01", "evidence[1].uri"},
		{"javascript link", with(func(r *domain.Realisation) { r.Evidence[1].URI = "javascript:alert(1)" }), full, "2026-05-01", "evidence[1].uri"},
		{"link without a host", with(func(r *domain.Realisation) { r.Evidence[1].URI = "https:///path" }), full, "2026-05-01", "evidence[1].uri"},
		{"a bare word", with(func(r *domain.Realisation) { r.Evidence[1].URI = "laporan.pdf" }), full, "2026-05-01", "evidence[1].uri"},
		{"empty document reference", with(func(r *domain.Realisation) { r.Evidence[0].URI = "dokumen: " }), full, "2026-05-01", "evidence[0].uri"},
		{"unparsable link", with(func(r *domain.Realisation) { r.Evidence[1].URI = "https://a b.example/%zz" }), full, "2026-05-01", "evidence[1].uri"},
	}
	for _, tt := range tests {
		err := domain.ValidateRealisation(tt.r.Normalised(), tt.skp, fbYear, tt.today)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := fbFields(t, err); len(got) != 1 || got[0] != tt.field {
			t.Errorf("%s: fields %v (%v), want [%s]", tt.name, got, err, tt.field)
		}
	}
}

func TestRequireRealisable(t *testing.T) {
	s := fbSkp("2026-01-01", "2026-12-31")
	for _, tt := range []struct {
		state    domain.SkpState
		approved bool
		ok       bool
	}{
		{domain.SkpDraft, false, false},
		{domain.SkpProposed, false, false},
		{domain.SkpReturned, false, false},
		{domain.SkpApproved, true, true},
		{domain.SkpDraft, true, true}, // under revision after an approval: the approved plan is in force
		{domain.SkpClosed, true, true},
		{domain.SkpClosed, false, false},
	} {
		s.State, s.Approved = tt.state, tt.approved
		err := domain.RequireRealisable(s)
		if (err == nil) != tt.ok || (err != nil && !errs.IsKind(err, errs.FailedPrecondition)) {
			t.Errorf("%s approved=%v: %v", tt.state, tt.approved, err)
		}
	}
}

func TestRealisationVersions(t *testing.T) {
	now := time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)
	r := domain.Realisation{Value: " 3 laporan ", Evidence: []domain.Evidence{{Title: " a ", URI: " dokumen:1 "}}}.Normalised()
	if r.Value != "3 laporan" || r.Evidence[0] != (domain.Evidence{Title: "a", URI: "dokumen:1"}) {
		t.Errorf("normalised %+v", r)
	}
	first := r.Replacing(nil, now)
	second := r.Replacing(&first, now.Add(time.Hour))
	if first.Version != 1 || second.Version != 2 || !second.Updated.Equal(now.Add(time.Hour)) {
		t.Errorf("versions %d, %d", first.Version, second.Version)
	}
}
