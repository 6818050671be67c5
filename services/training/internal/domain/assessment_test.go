package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestCheckCompetencyName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"technical:network-administration", true},
		{"managerial:leadership", true},
		{"socio-cultural:public-service", true},
		{"technical:5g", true},
		{"socio_cultural:public-service", false}, // planning's names use a dash
		{"network-administration", false},
		{"technical:", false},
		{"technical:-admin", false},
		{"technical:Network", false},
		{"technical:" + strings.Repeat("a", 91), false},
		{"technical:" + strings.Repeat("a", 90), true},
	}
	for _, tt := range tests {
		if got := domain.CheckCompetencyName(tt.name) == ""; got != tt.ok {
			t.Errorf("CheckCompetencyName(%q) ok = %v, want %v (%s)", tt.name, got, tt.ok, domain.CheckCompetencyName(tt.name))
		}
	}
}

func TestNewAssessment(t *testing.T) {
	now := time.Date(2026, 3, 2, 23, 30, 0, 0, wib) // 3 March 01:30 in WIT
	day := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d
	}
	good := domain.Assessment{Employee: "199001012015031003", Competency: "technical:network-administration", Level: 3,
		Date: day("2026-03-02"), Source: domain.FromAssessment, Note: "  uji kompetensi BKPSDM  "}
	tests := []struct {
		name  string
		edit  func(*domain.Assessment)
		field string
	}{
		{"good", func(*domain.Assessment) {}, ""},
		{"level 1", func(a *domain.Assessment) { a.Level = 1 }, ""},
		{"level 5", func(a *domain.Assessment) { a.Level = 5 }, ""},
		{"level 0", func(a *domain.Assessment) { a.Level = 0 }, "level"},
		{"level 6", func(a *domain.Assessment) { a.Level = 6 }, "level"},
		{"bad competency", func(a *domain.Assessment) { a.Competency = "jaringan" }, "competency"},
		{"no date", func(a *domain.Assessment) { a.Date = time.Time{} }, "date"},
		{"3 March: today in WIT", func(a *domain.Assessment) { a.Date = day("2026-03-03") }, ""},
		{"the day after tomorrow", func(a *domain.Assessment) { a.Date = day("2026-03-04") }, "date"},
		{"unknown source", func(a *domain.Assessment) { a.Source = "peer" }, "source"},
		{"self-assessment", func(a *domain.Assessment) { a.Source = domain.FromSelfAssessment }, ""},
		{"note too long", func(a *domain.Assessment) { a.Note = strings.Repeat("é", 1001) }, "note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			tt.edit(&in)
			got, err := domain.NewAssessment(in, now)
			wantField(t, err, tt.field)
			if err == nil && (got.Version != 1 || !got.Created.Equal(now) || got.Verified || got.Note != strings.TrimSpace(in.Note)) {
				t.Errorf("recorded %+v, want version 1, created now, unverified, note trimmed", got)
			}
		})
	}
}

func TestAssessmentVerify(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, wib)
	self := domain.Assessment{ID: "a1", Employee: "E", Source: domain.FromSelfAssessment, Version: 1}
	tests := []struct {
		name string
		a    domain.Assessment
		by   string
		want errs.Kind // -1: verified
	}{
		{"HR verifies a self-assessment", self, "hr", -1},
		{"not twice", domain.Assessment{ID: "a1", Employee: "E", Source: domain.FromSelfAssessment, Verified: true, VerifiedBy: "hr"}, "hr2", errs.FailedPrecondition},
		{"not an assessment", domain.Assessment{ID: "a2", Employee: "E", Source: domain.FromAssessment}, "hr", errs.FailedPrecondition},
		{"not one's own", self, "E", errs.PermissionDenied},
	}
	for _, tt := range tests {
		got, err := tt.a.Verify(tt.by, now)
		if tt.want == -1 {
			if err != nil || !got.Verified || got.VerifiedBy != tt.by || got.Version != 2 || !got.Counts() {
				t.Errorf("%s: %+v, %v; want verified by %s at version 2", tt.name, got, err, tt.by)
			}
			continue
		}
		if !errs.IsKind(err, tt.want) {
			t.Errorf("%s: %v, want kind %v", tt.name, err, tt.want)
		}
	}
}

func TestLatestAssessments(t *testing.T) {
	d := func(m time.Month) time.Time { return time.Date(2025, m, 1, 0, 0, 0, 0, time.UTC) }
	in := []domain.Assessment{
		{ID: "1", Competency: "c", Level: 2, Date: d(3), Source: domain.FromAssessment},
		{ID: "2", Competency: "c", Level: 4, Date: d(3), Source: domain.FromTraining},                       // same date, recorded later: wins
		{ID: "3", Competency: "c", Level: 5, Date: d(6), Source: domain.FromSelfAssessment},                 // unverified: ignored
		{ID: "4", Competency: "d", Level: 1, Date: d(5), Source: domain.FromAssessment},                     // older than 5
		{ID: "5", Competency: "d", Level: 3, Date: d(7), Source: domain.FromSelfAssessment, Verified: true}, // verified: counts
	}
	got := domain.LatestAssessments(in)
	if len(got) != 2 || got["c"].ID != "2" || got["d"].ID != "5" {
		t.Errorf("latest = %+v, want c from 2 and d from 5", got)
	}
}

func TestPerformance(t *testing.T) {
	for _, tt := range []struct {
		p   domain.Predicate
		gap bool
	}{
		{domain.SangatBaik, false}, {domain.Baik, false}, {domain.ButuhPerbaikan, true}, {domain.Kurang, true}, {domain.SangatKurang, true},
	} {
		if got := (domain.Performance{Predicate: tt.p}).Gap(); got != tt.gap || !tt.p.Valid() {
			t.Errorf("%s: gap %v, want %v", tt.p, got, tt.gap)
		}
	}
	t1 := time.Date(2026, 1, 20, 10, 0, 0, 0, wib)
	held := domain.Performance{Employee: "E", Year: 2025, Predicate: domain.Kurang, Source: "ev-1", Evaluated: t1}
	tests := []struct {
		name string
		p    domain.Performance
		want bool
	}{
		{"the same event again", held, false},
		{"an objection decided later", domain.Performance{Source: "ev-2", Evaluated: t1.Add(time.Hour), Predicate: domain.Baik}, true},
		{"an older rating arriving late", domain.Performance{Source: "ev-0", Evaluated: t1.Add(-time.Hour), Predicate: domain.Baik}, false},
	}
	for _, tt := range tests {
		if got := tt.p.Replaces(held); got != tt.want {
			t.Errorf("%s: Replaces = %v, want %v", tt.name, got, tt.want)
		}
	}
	good := domain.Performance{Employee: "E", Year: 2025, Predicate: domain.Kurang, Source: "ev-1", Evaluated: t1}
	wantField(t, domain.ValidatePerformance(good), "")
	for field, edit := range map[string]func(*domain.Performance){
		"employee":  func(p *domain.Performance) { p.Employee = "" },
		"year":      func(p *domain.Performance) { p.Year = 1999 },
		"predicate": func(p *domain.Performance) { p.Predicate = "cukup" },
		"source":    func(p *domain.Performance) { p.Source = " " },
		"evaluated": func(p *domain.Performance) { p.Evaluated = time.Time{} },
	} {
		p := good
		edit(&p)
		wantField(t, domain.ValidatePerformance(p), field)
	}
}
