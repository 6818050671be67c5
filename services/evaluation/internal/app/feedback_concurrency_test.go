package app_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// TestFeedbackConcurrency: eight holders' devices record the same realisation at once and eight
// requests ask the same raters at once. Every recording lands as its own version (1 to 8, none
// lost), and the raters get one form each, made by exactly one of the requests.
func TestFeedbackConcurrency(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := fbSuite(t, engine, at("2026-05-04", 9, 0))
		const n = 8
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			versions []int64
			made     int
		)
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				r, err := s.app.RecordRealisation(employee(staff1, "DISKOMINFO"), fbSkp1,
					domain.Realisation{ResultID: "r1", IndicatorID: "i1", Period: "q1", Value: string(rune('a' + i))}, "")
				if err != nil {
					t.Errorf("recording %d: %v", i, err)
					return
				}
				mu.Lock()
				versions = append(versions, r.Version)
				mu.Unlock()
			}()
			go func() {
				defer wg.Done()
				fs, err := s.app.RequestPeerInput(supervisor(kabid, "DISKOMINFO"), fbSkp1, "q2", []string{staff2, staff3, sekretaris})
				if err != nil {
					t.Errorf("request %d: %v", i, err)
					return
				}
				mu.Lock()
				made += len(fs)
				mu.Unlock()
			}()
		}
		wg.Wait()
		slices.Sort(versions)
		if !slices.Equal(versions, []int64{1, 2, 3, 4, 5, 6, 7, 8}) {
			t.Errorf("versions %v, want 1 to 8", versions)
		}
		if got := s.count(t, `SELECT version FROM realisations`); got != n {
			t.Errorf("stored version %d, want %d", got, n)
		}
		if forms := s.fbCount(t, "peer_forms"); made != 3 || forms != 3 {
			t.Errorf("%d forms returned, %d stored; want 3 and 3", made, forms)
		}
	})
}
