package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
)

// TestFeedbackTransparency: kabid gives staff1 feedback on a result; staff1 sees it at once and
// replies; the DISKOMINFO head, above them both, adds a word; a colleague, another agency's HR
// and a supervisor beside the line see nothing; each entry is announced and audited.
func TestFeedbackTransparency(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := fbSuite(t, engine, at("2026-02-10", 9, 0))
		holder := employee(staff1, "DISKOMINFO")
		var first, reply domain.Feedback
		thread := func(t *testing.T, ctx context.Context, period string) []domain.Feedback {
			t.Helper()
			fs, err := s.app.ListFeedback(ctx, fbSkp1, period)
			if err != nil {
				t.Fatalf("listing: %v", err)
			}
			return fs
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the appraiser gives feedback on a result", Run: func(t *testing.T) {
				var err error
				first, err = s.app.GiveFeedback(supervisor(kabid, "DISKOMINFO"), fbSkp1, domain.Feedback{ResultID: "r1", Text: "  Rilis aplikasi perizinan tepat waktu, pertahankan. "})
				if err != nil {
					t.Fatal(err)
				}
				if first.Kind != domain.KindFeedback || first.Author != kabid || first.Period != "q1" || first.ResultID != "r1" ||
					first.Text != "Rilis aplikasi perizinan tepat waktu, pertahankan." || len(first.ID) != 16 || !first.Created.Equal(at("2026-02-10", 9, 0)) {
					t.Errorf("stored %+v", first)
				}
			}},
			{Name: "the holder sees it at once", Run: func(t *testing.T) {
				got := thread(t, holder, "")
				if len(got) != 1 || got[0].ID != first.ID || got[0].Text != first.Text || got[0].Period != "q1" {
					t.Errorf("the holder's thread: %+v", got)
				}
			}},
			{Name: "a supervisor above the appraiser adds a word on a behaviour", Run: func(t *testing.T) {
				s.clock.set(at("2026-04-01", 8, 0))
				f, err := s.app.GiveFeedback(supervisor(kominfoHead, "DISKOMINFO"), fbSkp1, domain.Feedback{Behaviour: domain.Kolaboratif, Text: "Kerja sama dengan tim Dinkes baik."})
				if err != nil || f.Period != "q2" || f.Author != kominfoHead || f.Behaviour != domain.Kolaboratif {
					t.Fatalf("%+v, %v", f, err)
				}
			}},
			{Name: "the holder replies", Run: func(t *testing.T) {
				s.clock.set(at("2026-04-01", 10, 0))
				var err error
				reply, err = s.app.ReplyToFeedback(holder, fbSkp1, first.ID, " Terima kasih, Pak. ")
				if err != nil {
					t.Fatal(err)
				}
				if reply.Kind != domain.KindReply || reply.ReplyTo != first.ID || reply.Author != staff1 || reply.Text != "Terima kasih, Pak." || reply.Period != "q2" {
					t.Errorf("reply %+v", reply)
				}
				got := thread(t, holder, "")
				if len(got) != 3 || got[0].ID != first.ID || got[1].Author != kominfoHead || got[2].ID != reply.ID {
					t.Errorf("thread, oldest first: %+v", got)
				}
				if q1, q2 := thread(t, holder, "q1"), thread(t, holder, "q2"); len(q1) != 1 || len(q2) != 2 {
					t.Errorf("by period: q1 %d, q2 %d; want 1 and 2", len(q1), len(q2))
				}
			}},
			{Name: "who sees the thread", Run: func(t *testing.T) {
				tests := []struct {
					name string
					ctx  context.Context
					ok   bool
				}{
					{"the holder", holder, true},
					{"the appraiser", supervisor(kabid, "DISKOMINFO"), true},
					{"the head above", supervisor(kominfoHead, "DISKOMINFO"), true},
					{"the agency's HR", kominfoHR, true},
					{"city HR", cityHR, true},
					{"an auditor", auditor, true},
					{"planning's back-fill, a service client", testenv.As(context.Background(), auth.RoleService, "", "planning"), true},
					{"a colleague", employee(staff2, "DISKOMINFO"), false},
					{"the secretary, a supervisor beside the line", supervisor(sekretaris, "DISKOMINFO"), false},
					{"another agency's HR", dinkesHR, false},
					{"another agency's head", supervisor(dinkesHead, "DINKES"), false},
				}
				for _, tt := range tests {
					fs, err := s.app.ListFeedback(tt.ctx, fbSkp1, "")
					if tt.ok && (err != nil || len(fs) != 3) {
						t.Errorf("%s: %d entries, %v; want 3", tt.name, len(fs), err)
					}
					if !tt.ok {
						testenv.WantKind(t, err, errs.PermissionDenied, "")
					}
				}
				// A made-up SKP reads the same to the colleague as a real one.
				_, real := s.app.ListFeedback(employee(staff2, "DISKOMINFO"), fbSkp1, "")
				_, made := s.app.ListFeedback(employee(staff2, "DISKOMINFO"), "2026-000000000000000000-1", "")
				if strings.ReplaceAll(real.Error(), fbSkp1, "X") != strings.ReplaceAll(made.Error(), "2026-000000000000000000-1", "X") {
					t.Errorf("real %q, made-up %q: want the same refusal", real, made)
				}
			}},
			{Name: "refused feedback and replies write nothing", Run: func(t *testing.T) {
				give := func(ctx context.Context, skp string, f domain.Feedback) func() error {
					return func() error { _, err := s.app.GiveFeedback(ctx, skp, f); return err }
				}
				answer := func(ctx context.Context, to, text string) func() error {
					return func() error { _, err := s.app.ReplyToFeedback(ctx, fbSkp1, to, text); return err }
				}
				kb := supervisor(kabid, "DISKOMINFO")
				fbRefuse(t, []fbRefusal{
					{"the holder gives feedback", give(supervisor(staff1, "DISKOMINFO"), fbSkp1, domain.Feedback{Text: "x"}), errs.PermissionDenied, ""},
					{"a colleague gives feedback", give(supervisor(staff2, "DISKOMINFO"), fbSkp1, domain.Feedback{Text: "x"}), errs.PermissionDenied, ""},
					{"a supervisor beside the line", give(supervisor(sekretaris, "DISKOMINFO"), fbSkp1, domain.Feedback{Text: "x"}), errs.PermissionDenied, ""},
					{"another agency's head", give(supervisor(dinkesHead, "DINKES"), fbSkp1, domain.Feedback{Text: "x"}), errs.PermissionDenied, ""},
					{"a made-up SKP", give(kb, "2026-000000000000000000-1", domain.Feedback{Text: "x"}), errs.PermissionDenied, ""},
					{"a result and a behaviour", give(kb, fbSkp1, domain.Feedback{ResultID: "r1", Behaviour: domain.Loyal, Text: "x"}), errs.Invalid, "feedback.behaviour"},
					{"an unknown result", give(kb, fbSkp1, domain.Feedback{ResultID: "r7", Text: "x"}), errs.Invalid, "feedback.result_id"},
					{"no text", give(kb, fbSkp1, domain.Feedback{Text: " "}), errs.Invalid, "feedback.text"},
					{"4001 characters", give(kb, fbSkp1, domain.Feedback{Text: strings.Repeat("a", 4001)}), errs.Invalid, "feedback.text"},
					{"a dialogue date on feedback", give(kb, fbSkp1, domain.Feedback{Text: "x", DialogueDate: "2026-03-01"}), errs.Invalid, "feedback.dialogue_date"},
					{"the appraiser replies", answer(kb, first.ID, "x"), errs.PermissionDenied, ""},
					{"a colleague replies", answer(employee(staff2, "DISKOMINFO"), first.ID, "x"), errs.PermissionDenied, ""},
					{"a reply to a reply", answer(holder, reply.ID, "x"), errs.Invalid, "name"},
					{"an empty reply", answer(holder, first.ID, "  "), errs.Invalid, "text"},
					{"a reply of 4001 characters", answer(holder, first.ID, strings.Repeat("b", 4001)), errs.Invalid, "text"},
					{"a reply to an unknown entry", answer(holder, "0123456789abcdef", "x"), errs.NotFound, ""},
					{"a period of another cadence", func() error { _, err := s.app.ListFeedback(holder, fbSkp1, "m04"); return err }, errs.Invalid, "period"},
				})
				if n := s.fbCount(t, "feedback"); n != 3 {
					t.Errorf("%d entries stored, want 3", n)
				}
			}},
			{Name: "after the year, feedback falls in its last period", Run: func(t *testing.T) {
				s.clock.set(at("2027-01-04", 8, 0))
				f, err := s.app.GiveFeedback(supervisor(kabid, "DISKOMINFO"), fbSkp1, domain.Feedback{Text: "Catatan akhir tahun"})
				if err != nil || f.Period != "q4" {
					t.Errorf("%+v, %v; want period q4", f, err)
				}
			}},
			{Name: "each entry announced and audited", Run: func(t *testing.T) {
				subjects, payloads := fbOutbox(t, s.env)
				if len(subjects) != 4 {
					t.Fatalf("%d events, want 4: %v", len(subjects), subjects)
				}
				kinds := []evaluationv1.FeedbackKind{evaluationv1.FeedbackKind_FEEDBACK_KIND_FEEDBACK, evaluationv1.FeedbackKind_FEEDBACK_KIND_FEEDBACK,
					evaluationv1.FeedbackKind_FEEDBACK_KIND_REPLY, evaluationv1.FeedbackKind_FEEDBACK_KIND_FEEDBACK}
				for i, subj := range subjects {
					ev := fbDecode(t, payloads[i], &evaluationv1.FeedbackGiven{})
					if subj != events.SubjectFeedbackGiven || ev.GetSkp() != app.SkpName(fbSkp1) || ev.GetEmployee() != staff1 ||
						ev.GetAgency() != "DISKOMINFO" || ev.GetFeedback().GetKind() != kinds[i] {
						t.Errorf("event %d: %s %v", i, subj, ev)
					}
				}
				if ev := fbDecode(t, payloads[2], &evaluationv1.FeedbackGiven{}); ev.GetFeedback().GetReplyTo() != app.FeedbackName(fbSkp1, first.ID) ||
					ev.GetFeedback().GetName() != app.FeedbackName(fbSkp1, reply.ID) {
					t.Errorf("reply event %v", ev)
				}
				if got := s.audits(t, app.FeedbackName(fbSkp1, first.ID)); len(got) != 1 || got[0] != "feedback given on work result r1" {
					t.Errorf("audit of the first entry: %q", got)
				}
				if got := s.audits(t, app.FeedbackName(fbSkp1, reply.ID)); len(got) != 1 || !strings.HasPrefix(got[0], "reply to skps/") {
					t.Errorf("audit of the reply: %q", got)
				}
			}},
		})
	})
}

// TestDialogue: kabid records a dialogue held with staff1, who replies to it; city HR records
// one with the DISKOMINFO head; nobody else records one, and a bad one writes nothing.
func TestDialogue(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := fbSuite(t, engine, at("2026-04-02", 14, 0))
		kb := supervisor(kabid, "DISKOMINFO")
		d := domain.Feedback{DialogueDate: "2026-03-30", Text: "Membahas capaian triwulan I dan hambatan server.",
			AgreedActions: []string{" Migrasi server sebelum Juni ", "Laporan mingguan ke Kabid"}}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the appraiser records a dialogue, in the period of its date", Run: func(t *testing.T) {
				got, err := s.app.RecordDialogue(kb, fbSkp1, d)
				if err != nil {
					t.Fatal(err)
				}
				if got.Kind != domain.KindDialogue || got.Period != "q1" || got.DialogueDate != "2026-03-30" || got.Author != kabid ||
					len(got.AgreedActions) != 2 || got.AgreedActions[0] != "Migrasi server sebelum Juni" {
					t.Errorf("dialogue %+v", got)
				}
				s.clock.set(at("2026-04-02", 15, 0))
				r, err := s.app.ReplyToFeedback(employee(staff1, "DISKOMINFO"), fbSkp1, got.ID, "Siap, Pak.")
				if err != nil || r.ReplyTo != got.ID || r.Period != "q2" {
					t.Errorf("reply to the dialogue: %+v, %v", r, err)
				}
				fs, err := s.app.ListFeedback(employee(staff1, "DISKOMINFO"), fbSkp1, "")
				if err != nil || len(fs) != 2 || fs[0].Kind != domain.KindDialogue || fs[1].Kind != domain.KindReply {
					t.Errorf("the holder's thread: %+v, %v", fs, err)
				}
			}},
			{Name: "city HR records the head's", Run: func(t *testing.T) {
				got, err := s.app.RecordDialogue(cityHR, fbSkpHead, domain.Feedback{DialogueDate: "2026-04-02", Text: "Evaluasi kinerja dinas."})
				if err != nil || got.Author != "bkpsdm-admin" || got.Period != "q2" || got.AgreedActions != nil {
					t.Errorf("%+v, %v", got, err)
				}
			}},
			{Name: "refused dialogues write nothing", Run: func(t *testing.T) {
				record := func(ctx context.Context, skp string, f func(*domain.Feedback)) func() error {
					return func() error {
						dd := d
						dd.AgreedActions = append([]string(nil), d.AgreedActions...)
						f(&dd)
						_, err := s.app.RecordDialogue(ctx, skp, dd)
						return err
					}
				}
				same := func(*domain.Feedback) {}
				fbRefuse(t, []fbRefusal{
					{"the holder", record(supervisor(staff1, "DISKOMINFO"), fbSkp1, same), errs.PermissionDenied, ""},
					{"the head above, not the appraiser", record(supervisor(kominfoHead, "DISKOMINFO"), fbSkp1, same), errs.PermissionDenied, ""},
					{"city HR, for a head's subordinate", record(cityHR, fbSkp1, same), errs.PermissionDenied, ""},
					{"kabid, for the head", record(kb, fbSkpHead, same), errs.PermissionDenied, ""},
					{"the head, for themselves", record(supervisor(kominfoHead, "DISKOMINFO"), fbSkpHead, same), errs.PermissionDenied, ""},
					{"tomorrow", record(kb, fbSkp1, func(f *domain.Feedback) { f.DialogueDate = "2026-04-03" }), errs.Invalid, "feedback.dialogue_date"},
					{"last year", record(kb, fbSkp1, func(f *domain.Feedback) { f.DialogueDate = "2025-12-30" }), errs.Invalid, "feedback.dialogue_date"},
					{"no date", record(kb, fbSkp1, func(f *domain.Feedback) { f.DialogueDate = "" }), errs.Invalid, "feedback.dialogue_date"},
					{"a two-character summary", record(kb, fbSkp1, func(f *domain.Feedback) { f.Text = "ok" }), errs.Invalid, "feedback.text"},
					{"21 actions", record(kb, fbSkp1, func(f *domain.Feedback) { f.AgreedActions = make([]string, 21) }), errs.Invalid, "feedback.agreed_actions"},
					{"an empty action", record(kb, fbSkp1, func(f *domain.Feedback) { f.AgreedActions[1] = "" }), errs.Invalid, "feedback.agreed_actions[1]"},
					{"a 501-character action", record(kb, fbSkp1, func(f *domain.Feedback) { f.AgreedActions[0] = strings.Repeat("a", 501) }), errs.Invalid, "feedback.agreed_actions[0]"},
				})
				if n := s.fbCount(t, "feedback"); n != 3 {
					t.Errorf("%d entries stored, want 3", n)
				}
			}},
		})
	})
}
