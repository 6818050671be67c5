package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// TestRecordSessionAttendanceRefusals: what a day's record refuses, with nothing written. (The
// inspectorate never reaches a change: the authorization table gives it no write method.)
func TestRecordSessionAttendanceRefusals(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		if _, err := s.db.ExecContext(context.Background(), `UPDATE sessions SET state = 'cancelled' WHERE id = 's-coach'`); err != nil {
			t.Fatal(err)
		}
		s.clock.set(at("2026-05-05", 12, 0))
		tests := []struct {
			name    string
			ctx     context.Context
			session string
			date    string
			present []string
			kind    errs.Kind
			field   string
		}{
			{"tomorrow", kominfoHR, "s-may", "2026-05-06", nil, errs.Invalid, "date"},
			{"the day before the session", kominfoHR, "s-may", "2026-05-03", nil, errs.Invalid, "date"},
			{"not a date", kominfoHR, "s-may", "5 Mei", nil, errs.Invalid, "date"},
			{"no date", kominfoHR, "s-may", "", nil, errs.Invalid, "date"},
			{"a waitlisted enrolment named present", kominfoHR, "s-may", "2026-05-05", []string{"e-andi", "e-kabid"}, errs.Invalid, "present[1]"},
			{"an enrolment of another session", kominfoHR, "s-may", "2026-05-04", []string{"e-coach"}, errs.Invalid, "present[0]"},
			{"the same enrolment twice", kominfoHR, "s-may", "2026-05-04", []string{"e-andi", "e-andi"}, errs.Invalid, "present[1]"},
			{"a cancelled session", kominfoHR, "s-coach", "2026-05-11", nil, errs.FailedPrecondition, ""},
			{"HR of another agency", dinkesHR, "s-may", "2026-05-04", nil, errs.PermissionDenied, ""},
			{"agency HR on the city's session", dinkesHR, "s-city", "2026-06-01", nil, errs.PermissionDenied, ""},
			{"the participant", employee(staff1, "DISKOMINFO"), "s-may", "2026-05-04", []string{"e-andi"}, errs.PermissionDenied, ""},
			{"an unknown session, agency HR", kominfoHR, "s-none", "2026-05-04", nil, errs.PermissionDenied, ""},
			{"an unknown session, city HR", cityHR, "s-none", "2026-05-04", nil, errs.NotFound, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.app.RecordSessionAttendance(tt.ctx, tt.session, tt.date, tt.present)
				testenv.WantKind(t, err, tt.kind, tt.field)
			})
		}
		if n := s.count(t, `SELECT COUNT(*) FROM session_days`); n != 0 {
			t.Errorf("%d day rows written by refused calls", n)
		}
	})
}

// TestCompleteEnrolmentRefusals: who may record an outcome, when, and of whom.
func TestCompleteEnrolmentRefusals(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		tests := []struct {
			name    string
			ctx     context.Context
			day     string // the clock's date, 17:00
			id      string
			outcome domain.EnrolmentState
			score   int
			etag    string
			kind    errs.Kind
			field   string
		}{
			{"before the start", kominfoHR, "2026-05-03", "e-andi", domain.Failed, 30, "", errs.FailedPrecondition, ""},
			{"a waitlisted enrolment holds no seat", kominfoHR, "2026-05-07", "e-kabid", domain.Failed, 30, "", errs.FailedPrecondition, ""},
			{"a pass with no attendance recorded", kominfoHR, "2026-05-07", "e-andi", domain.Passed, 90, "", errs.FailedPrecondition, ""},
			{"outcome enrolled", kominfoHR, "2026-05-07", "e-andi", domain.Enrolled, 90, "", errs.Invalid, "outcome"},
			{"score 101", kominfoHR, "2026-05-07", "e-andi", domain.Failed, 101, "", errs.Invalid, "score"},
			{"a stale etag", kominfoHR, "2026-05-07", "e-andi", domain.Failed, 30, "v7", errs.Conflict, ""},
			{"HR of another agency", dinkesHR, "2026-05-07", "e-andi", domain.Failed, 30, "", errs.PermissionDenied, ""},
			{"agency HR of the participant, city's session", dinkesHR, "2026-06-04", "e-nurse", domain.Failed, 30, "", errs.PermissionDenied, ""},
			{"the supervisor", supervisor(kabid, "DISKOMINFO"), "2026-05-07", "e-andi", domain.Failed, 30, "", errs.PermissionDenied, ""},
			{"the participant", employee(staff1, "DISKOMINFO"), "2026-05-07", "e-andi", domain.Passed, 100, "", errs.PermissionDenied, ""},
			{"unknown, agency HR", kominfoHR, "2026-05-07", "e-none", domain.Failed, 30, "", errs.PermissionDenied, ""},
			{"unknown, city HR", cityHR, "2026-05-07", "e-none", domain.Failed, 30, "", errs.NotFound, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s.clock.set(at(tt.day, 17, 0))
				_, err := s.app.CompleteEnrolment(tt.ctx, tt.id, tt.outcome, tt.score, tt.etag)
				testenv.WantKind(t, err, tt.kind, tt.field)
			})
		}
		if n := s.count(t, `SELECT COUNT(*) FROM enrolments WHERE state NOT IN ('enrolled', 'waitlisted') OR version <> 1`); n != 0 {
			t.Errorf("%d enrolments changed by refused calls", n)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM outbox`); n != 0 {
			t.Errorf("%d events of refused calls", n)
		}
	})
}

// TestCertificateNumbering: numbers follow each issue year's own sequence, from 000001, in
// the order of the passes, each with its check code; a programme without certificates takes no
// number.
func TestCertificateNumbering(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		recordDays(t, s, map[string][]string{"2026-05-04": {"e-andi", "e-siti", "e-head"}})
		for _, r := range []struct{ session, day, enrolment string }{
			{"s-coach", "2026-05-11", "e-coach"},
			{"s-city", "2026-06-01", "e-nurse"},
			{"s-dec", "2026-12-29", "e-dec"},
		} {
			s.clock.set(at(r.day, 16, 0))
			if _, err := s.app.RecordSessionAttendance(cityHR, r.session, r.day, []string{r.enrolment}); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			when      string // the issue date
			enrolment string
			want      string // "" for no certificate
		}{
			{"2026-05-07", "e-siti", "STTPP/2026/000001"},
			{"2026-05-07", "e-andi", "STTPP/2026/000002"},
			{"2026-05-12", "e-coach", ""},
			{"2026-06-04", "e-nurse", "STTPP/2026/000003"},
			{"2026-07-01", "e-head", "STTPP/2026/000004"},
			// The December session ends in 2026 (its JP count there) but the certificate is issued
			// in January: the 2027 sequence.
			{"2027-01-04", "e-dec", "STTPP/2027/000001"},
		}
		for _, tt := range tests {
			s.clock.set(at(tt.when, 10, 0))
			c, err := s.app.CompleteEnrolment(cityHR, tt.enrolment, domain.Passed, 75, "")
			if err != nil {
				t.Fatalf("%s: %v", tt.enrolment, err)
			}
			got := ""
			if c.Certificate != nil {
				got = c.Certificate.Number
				if c.Certificate.Issued != tt.when || !c.Certificate.Verify(s.pub, c.Certificate.Signature) {
					t.Errorf("%s: certificate %+v", tt.enrolment, c.Certificate)
				}
			}
			if seq, _, _ := strings.Cut(got, "-"); seq != tt.want {
				t.Errorf("%s: number %q, want %q with a check code", tt.enrolment, got, tt.want)
			}
			if n, err := domain.ParseCertificateNumber(got); tt.want != "" && (err != nil || n.Code == "") {
				t.Errorf("%s: number %q has no check code (%v)", tt.enrolment, got, err)
			}
		}
		credited := jpCredited(t, s.env)
		years := map[string]int32{}
		for _, c := range credited {
			years[c.GetReference()] = c.GetYear()
		}
		if len(credited) != 6 || years["enrolments/e-dec"] != 2026 || years["enrolments/e-coach"] != 2026 {
			t.Errorf("jp.credited %v", credited)
		}
	})
}

// TestListSessionAttendanceVisibility: HR of the session's agency, city HR and the inspectorate
// see every seat holder; others see the seat holders they may see, and are refused when that is
// nobody.
func TestListSessionAttendanceVisibility(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		recordDays(t, s, map[string][]string{"2026-05-04": {"e-andi", "e-head"}})
		tests := []struct {
			name    string
			ctx     context.Context
			session string
			tallies []string // enrolments, in arrival order; nil: refused
			kind    errs.Kind
		}{
			{"HR of the session's agency", kominfoHR, "s-may", []string{"e-andi", "e-siti", "e-head"}, 0},
			{"the inspectorate", auditor, "s-may", []string{"e-andi", "e-siti", "e-head"}, 0},
			{"a participant, their own line", employee(staff1, "DISKOMINFO"), "s-may", []string{"e-andi"}, 0},
			{"a supervisor, their team", supervisor(kabid, "DISKOMINFO"), "s-may", []string{"e-andi", "e-siti"}, 0},
			{"agency HR, their employee in the city's session", dinkesHR, "s-city", []string{"e-nurse"}, 0},
			{"HR of an agency with nobody there", dinkesHR, "s-may", nil, errs.PermissionDenied},
			{"someone else", employee(nurse, "DINKES"), "s-may", nil, errs.PermissionDenied},
			{"unknown, agency HR", kominfoHR, "s-none", nil, errs.PermissionDenied},
			{"unknown, city HR", cityHR, "s-none", nil, errs.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, err := s.app.ListSessionAttendance(tt.ctx, tt.session)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, "")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, x := range a.Tallies {
					got = append(got, x.Enrolment)
				}
				if strings.Join(got, ",") != strings.Join(tt.tallies, ",") {
					t.Errorf("tallies %v, want %v", got, tt.tallies)
				}
				for _, d := range a.Days {
					for _, id := range append(append([]string{}, d.Present...), d.Absent...) {
						if !slices.Contains(tt.tallies, id) {
							t.Errorf("day %s shows %s", d.Date, id)
						}
					}
				}
			})
		}
	})
}
