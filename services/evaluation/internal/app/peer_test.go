package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// fbPeerScores scores the seven behaviours in their order.
func fbPeerScores(scores ...int) []domain.BehaviourScore {
	out := make([]domain.BehaviourScore, len(scores))
	for i, sc := range scores {
		out[i] = domain.BehaviourScore{Behaviour: domain.Behaviours()[i], Score: sc}
	}
	return out
}

// TestPeerInput: kabid asks staff2, staff3 and the secretary for peer input on staff1 for q2,
// then asks again with rekan4 (only rekan4 is new); each rater sees their own form only and
// submits it once; with 2 respondents the summary shows the counts and nothing else, from the
// third it shows the averages, never a name or a comment.
func TestPeerInput(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := fbSuite(t, engine, at("2026-05-04", 9, 0))
		kb := supervisor(kabid, "DISKOMINFO")
		byRater := map[string]domain.PeerForm{}
		submit := func(t *testing.T, rater string, scores []domain.BehaviourScore, comment string) {
			t.Helper()
			f, err := s.app.SubmitPeerForm(employee(rater, "DISKOMINFO"), byRater[rater].ID, scores, comment)
			if err != nil || f.State != domain.PeerSubmitted || f.Version != 2 {
				t.Fatalf("%s submitting: %+v, %v", rater, f, err)
			}
		}
		summary := func(t *testing.T, ctx context.Context) domain.PeerSummary {
			t.Helper()
			sum, err := s.app.GetPeerSummary(ctx, fbSkp1, "q2")
			if err != nil {
				t.Fatal(err)
			}
			return sum
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "refused requests make no form", Run: func(t *testing.T) {
				ask := func(ctx context.Context, period string, raters ...string) func() error {
					return func() error { _, err := s.app.RequestPeerInput(ctx, fbSkp1, period, raters); return err }
				}
				fbRefuse(t, []fbRefusal{
					{"the holder", ask(supervisor(staff1, "DISKOMINFO"), "q2", staff2, staff3, sekretaris), errs.PermissionDenied, ""},
					{"the head above, not the appraiser", ask(supervisor(kominfoHead, "DISKOMINFO"), "q2", staff2, staff3, sekretaris), errs.PermissionDenied, ""},
					{"a supervisor of another agency", ask(supervisor(dinkesHead, "DINKES"), "q2", staff2, staff3, sekretaris), errs.PermissionDenied, ""},
					{"two raters", ask(kb, "q2", staff2, staff3), errs.Invalid, "raters"},
					{"eleven raters", ask(kb, "q2", staff2, staff3, sekretaris, rekan4, rekan5, "a", "b", "c", "d", "e", "f"), errs.Invalid, "raters"},
					{"the holder as a rater", ask(kb, "q2", staff2, staff1, sekretaris), errs.Invalid, "raters[1]"},
					{"the appraiser as a rater", ask(kb, "q2", staff2, staff3, kabid), errs.Invalid, "raters[2]"},
					{"a rater twice", ask(kb, "q2", staff2, staff3, staff2), errs.Invalid, "raters[2]"},
					{"a rater of another agency", ask(kb, "q2", nurse, staff3, sekretaris), errs.Invalid, "raters[0]"},
					{"a retired rater", ask(kb, "q2", staff2, pensiun, sekretaris), errs.Invalid, "raters[1]"},
					{"an unknown rater", ask(kb, "q2", staff2, staff3, "199999999999999999"), errs.Invalid, "raters[2]"},
					{"a period not started", ask(kb, "q3", staff2, staff3, sekretaris), errs.Invalid, "period"},
					{"no period", ask(kb, "", staff2, staff3, sekretaris), errs.Invalid, "period"},
					{"a monthly period", ask(kb, "m05", staff2, staff3, sekretaris), errs.Invalid, "period"},
				})
				if n := s.fbCount(t, "peer_forms"); n != 0 {
					t.Errorf("%d forms made", n)
				}
			}},
			{Name: "the appraiser asks three colleagues", Run: func(t *testing.T) {
				fs, err := s.app.RequestPeerInput(kb, fbSkp1, "q2", []string{staff2, staff3, sekretaris})
				if err != nil || len(fs) != 3 {
					t.Fatalf("%+v, %v", fs, err)
				}
				for _, f := range fs {
					if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(f.ID) || f.State != domain.PeerPending || f.Skp != fbSkp1 ||
						f.Period != "q2" || f.RequestedBy != kabid || f.EmployeeName != "Andi Pranata" {
						t.Errorf("form %+v", f)
					}
					byRater[f.Rater] = f
				}
			}},
			{Name: "asking again skips those asked", Run: func(t *testing.T) {
				s.clock.set(at("2026-05-05", 9, 0))
				fs, err := s.app.RequestPeerInput(kb, fbSkp1, "q2", []string{staff2, rekan4, staff3})
				if err != nil || len(fs) != 1 || fs[0].Rater != rekan4 {
					t.Fatalf("%+v, %v; want rekan4's form only", fs, err)
				}
				byRater[rekan4] = fs[0]
				if n := s.fbCount(t, "peer_forms"); n != 4 {
					t.Errorf("%d forms, want 4", n)
				}
			}},
			{Name: "a rater sees their own form only", Run: func(t *testing.T) {
				fs, err := s.app.ListPeerForms(employee(staff2, "DISKOMINFO"), "")
				if err != nil || len(fs) != 1 || fs[0].ID != byRater[staff2].ID || fs[0].EmployeeName != "Andi Pranata" || fs[0].Rater != staff2 {
					t.Errorf("staff2's forms: %+v, %v", fs, err)
				}
				for _, nip := range []string{staff1, kabid, rekan5} {
					if fs, err := s.app.ListPeerForms(employee(nip, "DISKOMINFO"), ""); err != nil || len(fs) != 0 {
						t.Errorf("%s was not asked: %+v, %v", nip, fs, err)
					}
				}
			}},
			{Name: "someone else's form, or a made-up one, is refused alike", Run: func(t *testing.T) {
				form := byRater[staff2].ID
				_, other := s.app.SubmitPeerForm(employee(staff3, "DISKOMINFO"), form, fbPeerScores(1, 1, 1, 1, 1, 1, 1), "")
				testenv.WantKind(t, other, errs.PermissionDenied, "")
				_, madeUp := s.app.SubmitPeerForm(employee(staff3, "DISKOMINFO"), "0123456789abcdef", fbPeerScores(1, 1, 1, 1, 1, 1, 1), "")
				testenv.WantKind(t, madeUp, errs.PermissionDenied, "")
				if strings.ReplaceAll(other.Error(), form, "X") != strings.ReplaceAll(madeUp.Error(), "0123456789abcdef", "X") {
					t.Errorf("another's form %q, a made-up one %q: want the same refusal", other, madeUp)
				}
				for _, ctx := range []context.Context{kb, employee(staff1, "DISKOMINFO"), kominfoHR} {
					_, err := s.app.SubmitPeerForm(ctx, form, fbPeerScores(1, 1, 1, 1, 1, 1, 1), "")
					testenv.WantKind(t, err, errs.PermissionDenied, "")
				}
			}},
			{Name: "bad scores are refused and change nothing", Run: func(t *testing.T) {
				mine := employee(staff2, "DISKOMINFO")
				dup := fbPeerScores(3, 3, 3, 3, 3, 3, 3)
				dup[3].Behaviour = domain.Akuntabel
				call := func(scores []domain.BehaviourScore, comment string) func() error {
					return func() error { _, err := s.app.SubmitPeerForm(mine, byRater[staff2].ID, scores, comment); return err }
				}
				fbRefuse(t, []fbRefusal{
					{"six scores", call(fbPeerScores(3, 3, 3, 3, 3, 3), ""), errs.Invalid, "scores"},
					{"a behaviour twice", call(dup, ""), errs.Invalid, "scores[3].behaviour"},
					{"a score of 0", call(fbPeerScores(3, 3, 0, 3, 3, 3, 3), ""), errs.Invalid, "scores[2].score"},
					{"a score of 6", call(fbPeerScores(3, 3, 3, 3, 3, 3, 6), ""), errs.Invalid, "scores[6].score"},
					{"a comment of 2001 characters", call(fbPeerScores(3, 3, 3, 3, 3, 3, 3), strings.Repeat("k", 2001)), errs.Invalid, "comment"},
				})
				if n := s.count(t, `SELECT COUNT(*) FROM peer_forms WHERE state = 'pending'`); n != 4 {
					t.Errorf("%d forms pending, want 4", n)
				}
			}},
			{Name: "a rater submits once", Run: func(t *testing.T) {
				submit(t, staff2, fbPeerScores(5, 4, 3, 2, 1, 5, 4), "Sangat membantu tim.")
				_, err := s.app.SubmitPeerForm(employee(staff2, "DISKOMINFO"), byRater[staff2].ID, fbPeerScores(1, 1, 1, 1, 1, 1, 1), "")
				testenv.WantKind(t, err, errs.FailedPrecondition, "")
				fs, err := s.app.ListPeerForms(employee(staff2, "DISKOMINFO"), domain.PeerSubmitted)
				if err != nil || len(fs) != 1 || fs[0].Scores[0].Score != 5 || fs[0].Comment != "Sangat membantu tim." {
					t.Errorf("staff2's submitted form: %+v, %v", fs, err)
				}
			}},
			{Name: "with two respondents only the counts", Run: func(t *testing.T) {
				submit(t, staff3, fbPeerScores(4, 4, 3, 2, 2, 5, 5), "")
				for _, ctx := range []context.Context{employee(staff1, "DISKOMINFO"), kb, kominfoHR} {
					sum := summary(t, ctx)
					if sum.Asked != 4 || sum.Respondents != 2 || sum.Shown || sum.Averages != nil {
						t.Errorf("2 respondents: %+v; want the counts only", sum)
					}
				}
			}},
			{Name: "from the third, the averages", Run: func(t *testing.T) {
				submit(t, sekretaris, fbPeerScores(4, 5, 3, 3, 1, 4, 5), "Komentar yang tidak boleh terlihat")
				sum := summary(t, employee(staff1, "DISKOMINFO"))
				want := []float64{4.33, 4.33, 3, 2.33, 1.33, 4.67, 4.67}
				if sum.Asked != 4 || sum.Respondents != 3 || !sum.Shown || len(sum.Averages) != 7 {
					t.Fatalf("3 respondents: %+v", sum)
				}
				for i, a := range sum.Averages {
					if a.Behaviour != domain.Behaviours()[i] || a.Average != want[i] {
						t.Errorf("%s: %.2f, want %.2f", a.Behaviour, a.Average, want[i])
					}
				}
			}},
			{Name: "who sees the summary", Run: func(t *testing.T) {
				for _, tt := range []struct {
					name string
					ctx  context.Context
					ok   bool
				}{
					{"the holder", employee(staff1, "DISKOMINFO"), true},
					{"city HR", cityHR, true},
					{"an auditor", auditor, true},
					{"a rater, as a colleague", employee(staff2, "DISKOMINFO"), false},
					{"another agency's HR", dinkesHR, false},
				} {
					_, err := s.app.GetPeerSummary(tt.ctx, fbSkp1, "q2")
					if tt.ok && err != nil {
						t.Errorf("%s: %v", tt.name, err)
					}
					if !tt.ok {
						testenv.WantKind(t, err, errs.PermissionDenied, "")
					}
				}
				_, err := s.app.GetPeerSummary(employee(staff1, "DISKOMINFO"), fbSkp1, "q9")
				testenv.WantKind(t, err, errs.Invalid, "period")
			}},
			{Name: "pending forms first", Run: func(t *testing.T) {
				s.clock.set(at("2026-05-06", 9, 0))
				if _, err := s.app.RequestPeerInput(kb, fbSkp1, "q1", []string{staff2, staff3, rekan5}); err != nil {
					t.Fatal(err)
				}
				fs, err := s.app.ListPeerForms(employee(staff2, "DISKOMINFO"), "")
				if err != nil || len(fs) != 2 || fs[0].State != domain.PeerPending || fs[0].Period != "q1" || fs[1].Period != "q2" {
					t.Errorf("staff2's forms: %+v, %v", fs, err)
				}
				if fs, err := s.app.ListPeerForms(employee(staff2, "DISKOMINFO"), domain.PeerPending); err != nil || len(fs) != 1 || fs[0].Period != "q1" {
					t.Errorf("staff2's pending forms: %+v, %v", fs, err)
				}
			}},
			{Name: "no score or comment in the audit, no event", Run: func(t *testing.T) {
				for rater, f := range byRater {
					for _, d := range s.audits(t, app.PeerFormName(f.ID)) {
						if d != "peer form submitted" && !strings.HasPrefix(d, "peer input asked on skps/") {
							t.Errorf("%s's form audited %q", rater, d)
						}
					}
				}
				if got := s.audits(t, app.PeerFormName(byRater[sekretaris].ID)); len(got) != 2 {
					t.Errorf("the secretary's form: %q; want asked and submitted", got)
				}
				if subjects, _ := fbOutbox(t, s.env); len(subjects) != 0 {
					t.Errorf("peer input announces nothing, got %v", subjects)
				}
			}},
		})
	})
}
