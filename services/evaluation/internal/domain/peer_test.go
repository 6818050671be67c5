package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

func TestValidateRaters(t *testing.T) {
	s := fbSkp("2026-01-01", "2026-12-31")
	colleague := func(nip string) domain.Rater {
		return domain.Rater{NIP: nip, Known: true, Active: true, Agency: "DISKOMINFO"}
	}
	a, b, c := colleague("A"), colleague("B"), colleague("C")
	tests := []struct {
		name   string
		raters []domain.Rater
		fields []string
	}{
		{"three colleagues", []domain.Rater{a, b, c}, nil},
		{"ten colleagues", []domain.Rater{a, b, c, colleague("D"), colleague("E"), colleague("F"), colleague("G"), colleague("H"), colleague("I"), colleague("J")}, nil},
		{"two", []domain.Rater{a, b}, []string{"raters"}},
		{"eleven", []domain.Rater{a, b, c, colleague("D"), colleague("E"), colleague("F"), colleague("G"), colleague("H"), colleague("I"), colleague("J"), colleague("K")}, []string{"raters"}},
		{"twice the same", []domain.Rater{a, b, a}, []string{"raters[2]"}},
		{"the holder", []domain.Rater{a, b, colleague(s.Employee)}, []string{"raters[2]"}},
		{"the appraiser", []domain.Rater{colleague(s.Appraiser), a, b}, []string{"raters[0]"}},
		{"unknown", []domain.Rater{a, {NIP: "X"}, b}, []string{"raters[1]"}},
		{"retired", []domain.Rater{a, b, {NIP: "R", Known: true, Agency: "DISKOMINFO"}}, []string{"raters[2]"}},
		{"another agency", []domain.Rater{a, b, {NIP: "N", Known: true, Active: true, Agency: "DINKES"}}, []string{"raters[2]"}},
		{"empty", []domain.Rater{a, b, {}}, []string{"raters[2]"}},
	}
	for _, tt := range tests {
		err := domain.ValidateRaters(tt.raters, s)
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := fbFields(t, err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v (%v), want %v", tt.name, got, err, tt.fields)
		}
	}
}

// fbScores scores the seven behaviours in order.
func fbScores(scores ...int) []domain.BehaviourScore {
	out := make([]domain.BehaviourScore, len(scores))
	for i, s := range scores {
		out[i] = domain.BehaviourScore{Behaviour: domain.Behaviours()[i%7], Score: s}
	}
	return out
}

func TestSubmitPeerForm(t *testing.T) {
	now := time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)
	pending := domain.NewPeerForm("ab12", fbSkp("2026-01-01", "2026-12-31"), "q2", "A", "K", now.Add(-time.Hour))
	reversed := fbScores(1, 2, 3, 4, 5, 4, 3)
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	got, err := pending.Submit(reversed, " Rajin ", now)
	if err != nil || got.State != domain.PeerSubmitted || got.Comment != "Rajin" || got.Version != 2 || !got.Submitted.Equal(now) {
		t.Fatalf("submitted %+v, %v", got, err)
	}
	for i, sc := range got.Scores { // back in the behaviours' order
		if want := fbScores(1, 2, 3, 4, 5, 4, 3)[i]; sc != want {
			t.Errorf("score %d: %+v, want %+v", i, sc, want)
		}
	}
	if _, err := got.Submit(fbScores(3, 3, 3, 3, 3, 3, 3), "", now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("second submission: %v, want FailedPrecondition", err)
	}
	dup := fbScores(3, 3, 3, 3, 3, 3, 3)
	dup[6].Behaviour = domain.Akuntabel
	tests := []struct {
		name    string
		scores  []domain.BehaviourScore
		comment string
		fields  []string
	}{
		{"six scores", fbScores(3, 3, 3, 3, 3, 3), "", []string{"scores"}},
		{"eight scores", fbScores(3, 3, 3, 3, 3, 3, 3, 3), "", []string{"scores[7].behaviour", "scores"}},
		{"none", nil, "", []string{"scores"}},
		{"a behaviour twice", dup, "", []string{"scores[6].behaviour"}},
		{"a score of 0", fbScores(3, 0, 3, 3, 3, 3, 3), "", []string{"scores[1].score"}},
		{"a score of 6", fbScores(3, 3, 3, 3, 3, 3, 6), "", []string{"scores[6].score"}},
		{"an unknown behaviour", append(fbScores(3, 3, 3, 3, 3, 3), domain.BehaviourScore{Behaviour: "", Score: 3}), "", []string{"scores[6].behaviour"}},
		{"a 2001-character comment", fbScores(3, 3, 3, 3, 3, 3, 3), strings.Repeat("a", 2001), []string{"comment"}},
	}
	for _, tt := range tests {
		_, err := pending.Submit(tt.scores, tt.comment, now)
		if got := fbFields(t, err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: fields %v (%v), want %v", tt.name, got, err, tt.fields)
		}
	}
}

func TestSummarizePeer(t *testing.T) {
	submitted := func(scores ...int) domain.PeerForm {
		return domain.PeerForm{State: domain.PeerSubmitted, Rater: "secret", Comment: "secret", Scores: fbScores(scores...)}
	}
	pending := domain.PeerForm{State: domain.PeerPending}
	two := domain.SummarizePeer("s", "q2", []domain.PeerForm{submitted(5, 5, 5, 5, 5, 5, 5), pending, submitted(1, 1, 1, 1, 1, 1, 1)})
	if two.Asked != 3 || two.Respondents != 2 || two.Shown || two.Averages != nil {
		t.Errorf("two respondents: %+v; want the counts only", two)
	}
	three := domain.SummarizePeer("s", "q2", []domain.PeerForm{
		submitted(5, 4, 3, 2, 1, 5, 4), pending, submitted(4, 4, 3, 2, 2, 5, 5), submitted(4, 5, 3, 3, 1, 4, 5)})
	want := []float64{4.33, 4.33, 3, 2.33, 1.33, 4.67, 4.67}
	if three.Asked != 4 || three.Respondents != 3 || !three.Shown || len(three.Averages) != 7 {
		t.Fatalf("three respondents: %+v", three)
	}
	for i, a := range three.Averages {
		if a.Behaviour != domain.Behaviours()[i] || a.Average != want[i] {
			t.Errorf("average %d: %+v, want %s %.2f", i, a, domain.Behaviours()[i], want[i])
		}
	}
}
