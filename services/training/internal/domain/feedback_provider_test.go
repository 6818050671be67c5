package domain_test

import (
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestSummarizeProvider(t *testing.T) {
	f := func(r int, text string) domain.Feedback {
		return domain.Feedback{Trainer: r, Material: r, Usefulness: r, Text: text}
	}
	tests := []struct {
		name      string
		sessions  [][]domain.Feedback
		count     int
		hidden    bool
		trainer   float64
		texts     []string
		nSessions int
	}{
		{"nothing", nil, 0, true, 0, nil, 0},
		{"two answers over two sessions: hidden", [][]domain.Feedback{{f(5, "a")}, {f(3, "b")}, {}}, 2, true, 0, nil, 2},
		{"three over two sessions: figures, no texts of the small sessions", [][]domain.Feedback{{f(5, "a"), f(4, "")}, {f(3, "b")}}, 3, false, 4, nil, 2},
		{"a session of three shows its texts", [][]domain.Feedback{{f(5, "a"), f(4, " "), f(3, "c")}, {f(1, "solo")}}, 4, false, 13.0 / 4, []string{"a", "c"}, 2},
	}
	for _, tt := range tests {
		s, n := domain.SummarizeProvider(tt.sessions)
		if s.Count != tt.count || s.Hidden != tt.hidden || s.Trainer != tt.trainer || !slices.Equal(s.Texts, tt.texts) || n != tt.nSessions {
			t.Errorf("%s: %+v over %d sessions; want count %d hidden %v trainer %v texts %q over %d", tt.name, s, n, tt.count, tt.hidden, tt.trainer, tt.texts, tt.nSessions)
		}
	}
}
