package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestValidateFeedback(t *testing.T) {
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	after := at(5, 6, 17, 0)
	good := domain.Feedback{Trainer: 5, Material: 4, Usefulness: 3, Text: "Materinya relevan"}
	if err := domain.ValidateFeedback(good, true, false, s, after); err != nil {
		t.Fatal(err)
	}
	if err := domain.ValidateFeedback(good, false, false, s, after); !errs.IsKind(err, errs.PermissionDenied) {
		t.Errorf("non-attendee: %v", err)
	}
	if err := domain.ValidateFeedback(good, true, true, s, after); !errs.IsKind(err, errs.AlreadyExists) {
		t.Errorf("second answer: %v", err)
	}
	if err := domain.ValidateFeedback(good, true, false, s, at(5, 5, 12, 0)); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("before the end: %v", err)
	}
	wantField(t, domain.ValidateFeedback(domain.Feedback{Trainer: 0, Material: 4, Usefulness: 3}, true, false, s, after), "trainer")
	wantField(t, domain.ValidateFeedback(domain.Feedback{Trainer: 5, Material: 6, Usefulness: 3}, true, false, s, after), "material")
	wantField(t, domain.ValidateFeedback(domain.Feedback{Trainer: 5, Material: 4, Usefulness: -1}, true, false, s, after), "usefulness")
}

func TestSummarize(t *testing.T) {
	two := []domain.Feedback{{5, 5, 5, ""}, {1, 1, 1, ""}}
	if got := domain.Summarize(two); !got.Hidden || got.Count != 2 || got.Trainer != 0 {
		t.Errorf("2 answers: %+v, want hidden with count 2", got)
	}
	three := append(two, domain.Feedback{Trainer: 3, Material: 4, Usefulness: 2})
	got := domain.Summarize(three)
	if got.Hidden || got.Count != 3 || got.Trainer != 3 || got.Material != 10.0/3 || got.Usefulness != 8.0/3 {
		t.Errorf("3 answers: %+v, want 3, 3.33, 2.67", got)
	}
}

func TestCompetencyGaps(t *testing.T) {
	d := func(m time.Month) time.Time { return time.Date(2025, m, 1, 0, 0, 0, 0, wib) }
	required := map[string]int{"keamanan-informasi": 4, "manajemen-data": 3, "integritas": 3, "komunikasi": 2}
	assessed := []domain.Assessment{
		{Competency: "keamanan-informasi", Level: 1, Date: d(1), Source: domain.FromAssessment},
		{Competency: "keamanan-informasi", Level: 2, Date: d(6), Source: domain.FromTraining}, // latest counts
		{Competency: "manajemen-data", Level: 3, Date: d(2), Source: domain.FromAssessment},   // met
		{Competency: "integritas", Level: 3, Date: d(9), Source: domain.FromSelfAssessment},   // unverified: ignored
		{Competency: "komunikasi", Level: 4, Date: d(3), Source: domain.FromSelfAssessment, Verified: true},
	}
	got := domain.CompetencyGaps(required, assessed)
	want := []domain.Gap{{"integritas", 3, 0, 3}, {"keamanan-informasi", 4, 2, 2}}
	if len(got) != len(want) {
		t.Fatalf("gaps %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("gap %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestLatsar(t *testing.T) {
	appointed := time.Date(2025, 3, 1, 0, 0, 0, 0, wib)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, wib) }
	tests := []struct {
		name           string
		completed, now time.Time
		want           domain.LatsarState
	}{
		{"completed in October", day(2025, 10, 20), day(2026, 6, 1), domain.LatsarDone},
		{"completed on the anniversary", day(2026, 3, 1), day(2026, 6, 1), domain.LatsarDone},
		{"not yet, 1 February 2026", time.Time{}, day(2026, 2, 1), domain.LatsarDue},
		{"not yet on the anniversary, the last day", time.Time{}, day(2026, 3, 1), domain.LatsarDue},
		{"not by the anniversary", time.Time{}, day(2026, 3, 2), domain.LatsarFlagged},
		{"completed a day late", day(2026, 3, 2), day(2026, 6, 1), domain.LatsarFlagged},
	}
	for _, tt := range tests {
		got, deadline := domain.Latsar(appointed, tt.completed, tt.now)
		if got != tt.want || !deadline.Equal(day(2026, 3, 1)) {
			t.Errorf("%s: %s (deadline %s), want %s (2026-03-01)", tt.name, got, deadline.Format(time.DateOnly), tt.want)
		}
	}
}
