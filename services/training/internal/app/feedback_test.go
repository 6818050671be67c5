package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// TestFeedback: session s1 of the city training unit, run by DISKOMINFO from 2 to 4 March
// 2026, taught by an outside trainer and by kabid. staff1, staff2, the nurse and the head were
// present on at least one day; the DINKES head was enrolled and absent on both.
func TestFeedback(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-03", 12, 0))
		const provider = "UPT Pelatihan Kota"
		s.seedProgramme(t, "ict-net", "", provider, false, netAdmin)
		s.seedProgramme(t, "other", "", "BPSDM Provinsi", false, leadership)
		s.seedSession(t, "s1", "ict-net", "DISKOMINFO", at("2026-03-02", 8, 0), at("2026-03-04", 16, 0), "Asia/Jakarta", "completed", "Budi Santoso, M.Kom.", kabid)
		s.seedSession(t, "s2", "ict-net", "", at("2026-05-04", 8, 0), at("2026-05-05", 16, 0), "Asia/Jakarta", "completed")
		s.seedSession(t, "s3", "ict-net", "", at("2025-11-03", 8, 0), at("2025-11-04", 16, 0), "Asia/Jakarta", "completed")
		// s4 ends at 01:00 on 1 January 2027 in its zone (18:00 UTC on 31 December): a session of 2027.
		s.seedSession(t, "s4", "ict-net", "", at("2026-12-31", 8, 0), time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC), "Asia/Jakarta", "completed")
		s.seedSession(t, "s5", "ict-net", "", at("2026-02-02", 8, 0), at("2026-02-03", 16, 0), "Asia/Jakarta", "cancelled")
		s.seedSession(t, "s6", "other", "", at("2026-03-02", 8, 0), at("2026-03-04", 16, 0), "Asia/Jakarta", "completed")
		days := []string{"2026-03-02", "2026-03-03"}
		s.seatAndRoll(t, "s1", staff1, "passed", days, true, true)
		s.seatAndRoll(t, "s1", staff2, "passed", days, true, false)
		s.seatAndRoll(t, "s1", nurse, "did_not_finish", days, false, true)
		s.seatAndRoll(t, "s1", kominfoHead, "passed", days, true, true)
		s.seatAndRoll(t, "s1", dinkesHead, "did_not_finish", days, false, false)
		s.seatAndRoll(t, "s2", staff1, "passed", []string{"2026-05-04"}, true)
		s.seatAndRoll(t, "s3", staff2, "passed", []string{"2025-11-03"}, true)
		s.seatAndRoll(t, "s4", staff2, "passed", []string{"2026-12-31"}, true)
		s.seatAndRoll(t, "s6", staff1, "passed", []string{"2026-03-02"}, true)
		rate := func(tr, m, u int, text string) domain.Feedback {
			return domain.Feedback{Trainer: tr, Material: m, Usefulness: u, Text: text}
		}
		submit := func(t *testing.T, nip, agency, session string, f domain.Feedback, want int) {
			t.Helper()
			n, err := s.app.SubmitFeedback(employee(nip, agency), session, f)
			if err != nil || n != want {
				t.Fatalf("%s rating %s: %d responses, %v; want %d", nip, session, n, err, want)
			}
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "not before the session ends", Run: func(t *testing.T) {
				_, err := s.app.SubmitFeedback(employee(staff1, "DISKOMINFO"), "s1", rate(5, 4, 3, ""))
				testenv.WantKind(t, err, errs.FailedPrecondition, "")
			}},
			{Name: "after the end: an attendee answers once", Run: func(t *testing.T) {
				s.clock.set(at("2026-03-04", 17, 0))
				submit(t, staff1, "DISKOMINFO", "s1", rate(5, 4, 3, "  Materinya relevan "), 1)
				_, err := s.app.SubmitFeedback(employee(staff1, "DISKOMINFO"), "s1", rate(1, 1, 1, ""))
				testenv.WantKind(t, err, errs.AlreadyExists, "")
			}},
			{Name: "refused answers write nothing", Run: func(t *testing.T) {
				tests := []struct {
					name    string
					ctx     context.Context
					session string
					f       domain.Feedback
					kind    errs.Kind
					field   string
				}{
					{"enrolled, absent every day", employee(dinkesHead, "DINKES"), "s1", rate(5, 5, 5, ""), errs.PermissionDenied, ""},
					{"a trainer, not an attendee", employee(kabid, "DISKOMINFO"), "s1", rate(5, 5, 5, ""), errs.PermissionDenied, ""},
					{"an attendee of another session", employee(staff1, "DISKOMINFO"), "s3", rate(5, 5, 5, ""), errs.PermissionDenied, ""},
					{"trainer rated 0", employee(staff2, "DISKOMINFO"), "s1", rate(0, 4, 4, ""), errs.Invalid, "trainer"},
					{"material rated 6", employee(staff2, "DISKOMINFO"), "s1", rate(4, 6, 4, ""), errs.Invalid, "material"},
					{"a comment of 2001 characters", employee(staff2, "DISKOMINFO"), "s1", rate(4, 4, 4, strings.Repeat("a", 2001)), errs.Invalid, "comment"},
					{"a cancelled session", employee(staff1, "DISKOMINFO"), "s5", rate(4, 4, 4, ""), errs.FailedPrecondition, ""},
					{"no such session", employee(staff1, "DISKOMINFO"), "s9", rate(4, 4, 4, ""), errs.NotFound, ""},
				}
				for _, tt := range tests {
					_, err := s.app.SubmitFeedback(tt.ctx, tt.session, tt.f)
					testenv.WantKind(t, err, tt.kind, tt.field)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM feedback_answers`); n != 1 {
					t.Errorf("%d answers stored, want staff1's only", n)
				}
			}},
			{Name: "two answers: only the count", Run: func(t *testing.T) {
				submit(t, staff2, "DISKOMINFO", "s1", rate(4, 4, 5, ""), 2)
				got, err := s.app.GetSessionFeedback(kominfoHR, "s1")
				if err != nil || !got.Hidden || got.Count != 2 || got.Trainer != 0 || got.Texts != nil {
					t.Errorf("2 answers: %+v, %v; want hidden with count 2", got, err)
				}
			}},
			{Name: "the third answer shows the figures and the texts", Run: func(t *testing.T) {
				submit(t, nurse, "DINKES", "s1", rate(3, 5, 4, "Perlu lebih banyak praktik"), 3)
				got, err := s.app.GetSessionFeedback(kominfoHR, "s1")
				if err != nil || got.Hidden || got.Count != 3 || got.Trainer != 4 || got.Material != 13.0/3 || got.Usefulness != 4 {
					t.Errorf("3 answers: %+v, %v; want trainer 4, material 4.33, usefulness 4", got, err)
				}
				texts := slices.Sorted(slices.Values(got.Texts))
				if !slices.Equal(texts, []string{"Materinya relevan", "Perlu lebih banyak praktik"}) {
					t.Errorf("texts %q", got.Texts)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM feedback_respondents WHERE session = 's1'`); n != 3 {
					t.Errorf("%d respondents recorded, want 3", n)
				}
			}},
			{Name: "who sees a session's feedback", Run: func(t *testing.T) {
				tests := []struct {
					name    string
					ctx     context.Context
					session string
					kind    errs.Kind // -1: shown
				}{
					{"the running agency's HR", kominfoHR, "s1", -1},
					{"city HR", cityHR, "s1", -1},
					{"an auditor", auditor, "s1", -1},
					{"a trainer listed by NIP", employee(kabid, "DISKOMINFO"), "s1", -1},
					{"the same trainer, of another session", employee(kabid, "DISKOMINFO"), "s2", errs.PermissionDenied},
					{"an attendee", employee(staff1, "DISKOMINFO"), "s1", errs.PermissionDenied},
					{"another agency's HR", dinkesHR, "s1", errs.PermissionDenied},
					{"agency HR, a session of the city", kominfoHR, "s2", errs.PermissionDenied},
					{"no such session", cityHR, "s9", errs.NotFound},
				}
				for _, tt := range tests {
					_, err := s.app.GetSessionFeedback(tt.ctx, tt.session)
					if tt.kind == -1 {
						if err != nil {
							t.Errorf("%s: %v", tt.name, err)
						}
						continue
					}
					testenv.WantKind(t, err, tt.kind, "")
				}
			}},
			{Name: "per provider and year, in each session's zone", Run: func(t *testing.T) {
				s.clock.set(at("2027-01-02", 9, 0))
				submit(t, staff1, "DISKOMINFO", "s2", rate(2, 2, 2, "solo"), 1)
				submit(t, staff2, "DISKOMINFO", "s3", rate(1, 1, 1, "tahun lalu"), 1)
				submit(t, staff2, "DISKOMINFO", "s4", rate(5, 5, 5, "tahun depan"), 1)
				submit(t, staff1, "DISKOMINFO", "s6", rate(1, 1, 1, "penyedia lain"), 1)
				got, err := s.app.GetProviderFeedback(dinkesHR, provider, 2026)
				if err != nil {
					t.Fatal(err)
				}
				sum := got.Summary
				if sum.Hidden || sum.Count != 4 || got.Sessions != 2 || sum.Trainer != 3.5 || sum.Material != 3.75 || sum.Usefulness != 3.5 {
					t.Errorf("2026: %+v over %d sessions; want 4 answers of s1 and s2, trainer 3.5, material 3.75, usefulness 3.5", sum, got.Sessions)
				}
				if texts := slices.Sorted(slices.Values(sum.Texts)); !slices.Equal(texts, []string{"Materinya relevan", "Perlu lebih banyak praktik"}) {
					t.Errorf("2026 texts %q: want s1's only (s2 had one answer)", sum.Texts)
				}
				got, err = s.app.GetProviderFeedback(cityHR, provider, 2027)
				if err != nil || !got.Summary.Hidden || got.Summary.Count != 1 || got.Sessions != 1 {
					t.Errorf("2027: %+v, %v; want s4's one answer, hidden", got, err)
				}
				got, err = s.app.GetProviderFeedback(auditor, provider, 0)
				if err != nil || got.Summary.Count != 1 {
					t.Errorf("this year (2027): %+v, %v", got, err)
				}
			}},
			{Name: "a provider's feedback is HR's", Run: func(t *testing.T) {
				_, err := s.app.GetProviderFeedback(employee(kabid, "DISKOMINFO"), provider, 2026)
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				_, err = s.app.GetProviderFeedback(supervisor(kabid, "DISKOMINFO"), provider, 2026)
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				_, err = s.app.GetProviderFeedback(cityHR, " ", 2026)
				testenv.WantKind(t, err, errs.Invalid, "provider")
				_, err = s.app.GetProviderFeedback(cityHR, provider, 99)
				testenv.WantKind(t, err, errs.Invalid, "year")
			}},
		})
	})
}
