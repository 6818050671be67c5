package app_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The delivery suite's fixture: a certifying ICT classroom course of 900 minutes (20 JP) and a
// 6 JP coaching that issues no certificate, run by DISKOMINFO in May 2026 in Medan, and a city
// session at the turn of the year. The catalogue rows are written with SQL: delivery reads
// them and the catalogue's use cases are another area's, tested there; the fixture says
// exactly which seats exist.

// dlvPeople are the harness's people with the display names certificates carry.
func dlvPeople() []*planningv1.Employee {
	out := people()
	for _, p := range out {
		p.DisplayName = p.FullName
	}
	return out
}

// dlvSeat is an enrolment row of the fixture.
type dlvSeat struct {
	id, session, employee, agency string
	state                         domain.EnrolmentState
}

// dlvSeats: Andi, Siti and the head of DISKOMINFO hold the three seats of "s-may", Kabid waits
// on its waitlist; Andi holds a seat in the coaching, the nurse of DINKES in the city's
// session, Siti in the December session.
var dlvSeats = []dlvSeat{
	{"e-andi", "s-may", staff1, "DISKOMINFO", domain.Enrolled},
	{"e-siti", "s-may", staff2, "DISKOMINFO", domain.Enrolled},
	{"e-head", "s-may", kominfoHead, "DISKOMINFO", domain.Enrolled},
	{"e-kabid", "s-may", kabid, "DISKOMINFO", domain.Waitlisted},
	{"e-coach", "s-coach", staff1, "DISKOMINFO", domain.Enrolled},
	{"e-nurse", "s-city", nurse, "DINKES", domain.Enrolled},
	{"e-dec", "s-dec", staff2, "DISKOMINFO", domain.Enrolled},
}

// dlvSeed writes the fixture's programmes, sessions and enrolments.
func dlvSeed(t testing.TB, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	now := database.Micros(at("2026-04-01", 9, 0))
	type session struct {
		id, programme, agency string
		start, end            time.Time
		seated                int
	}
	sessions := []session{
		{"s-may", "ict-sec", "DISKOMINFO", at("2026-05-04", 8, 0), at("2026-05-06", 16, 0), 3},
		{"s-coach", "coach", "DISKOMINFO", at("2026-05-11", 9, 0), at("2026-05-11", 12, 0), 1},
		{"s-city", "ict-sec", "", at("2026-06-01", 8, 0), at("2026-06-03", 16, 0), 1},
		{"s-dec", "ict-sec", "DISKOMINFO", at("2026-12-29", 8, 0), at("2026-12-31", 16, 0), 1},
	}
	err := db.InTx(ctx, func(tx *database.Tx) error {
		for _, p := range []struct {
			id, title, form string
			minutes, jp     int
			cert            int
		}{
			{"ict-sec", "Keamanan Informasi untuk Perangkat Daerah", "classroom", 900, 20, 1},
			{"coach", "Coaching Kepemimpinan Digital", "coaching", 0, 6, 0},
		} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO programmes (id, title, description, competency_type, competencies, form,
				minutes, jp, provider, provider_kind, partner, cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time)
				VALUES ($1, $2, '', 'technical', '[]', $3, $4, $5, 'BPSDM Kota Medan', 'city_training_unit', '', 1500000, $6, 0, '',
				'active', 1, $7, $7)`, p.id, p.title, p.form, p.minutes, p.jp, p.cert, now); err != nil {
				return fmt.Errorf("programme %s: %w", p.id, err)
			}
		}
		byID := map[string]session{}
		for _, s := range sessions {
			byID[s.id] = s
			if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, programme, agency, start_time, end_time, time_zone, place,
				online_link, capacity, trainers, state, cancel_reason, seated, next_arrival, version, create_time, update_time)
				VALUES ($1, $2, $3, $4, $5, 'Asia/Jakarta', 'Aula Diskominfo', '', 3, '["Ir. Budi"]', 'scheduled', '', $6, 10, 1, $7, $7)`,
				s.id, s.programme, s.agency, database.Micros(s.start), database.Micros(s.end), s.seated, now); err != nil {
				return fmt.Errorf("session %s: %w", s.id, err)
			}
		}
		for i, e := range dlvSeats {
			s := byID[e.session]
			if _, err := tx.ExecContext(ctx, `INSERT INTO enrolments (id, session, employee, agency, origin, state, arrival,
				start_time, end_time, requested_by, decided_by, reason, score, finish_time, version, create_time, update_time)
				VALUES ($1, $2, $3, $4, 'nominated', $5, $6, $7, $8, 'kominfo-hr', 'kominfo-hr', '', 0, 0, 1, $9, $9)`,
				e.id, e.session, e.employee, e.agency, string(e.state), i+1, database.Micros(s.start), database.Micros(s.end), now); err != nil {
				return fmt.Errorf("enrolment %s: %w", e.id, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding the catalogue: %v", err)
	}
}

// dlvSuite is a suite on the delivery fixture with the clock on the morning of 1 April 2026.
func dlvSuite(t *testing.T, engine testenv.Engine) suite {
	t.Helper()
	e := newEnv(t, engine, dlvPeople()...)
	dlvSeed(t, e.db)
	return newSuite(t, e, at("2026-04-01", 9, 0))
}

// public is a caller without a token, as the public certificate check is called.
var public = context.Background()

// recordDays records the days of "s-may" at the end of each day: present per date.
func recordDays(t *testing.T, s suite, days map[string][]string) {
	t.Helper()
	for _, date := range []string{"2026-05-04", "2026-05-05", "2026-05-06"} {
		present, ok := days[date]
		if !ok {
			continue
		}
		s.clock.set(at(date, 16, 30))
		if _, err := s.app.RecordSessionAttendance(kominfoHR, "s-may", date, present); err != nil {
			t.Fatalf("recording %s: %v", date, err)
		}
	}
}

// jpCredited returns the jp.credited events in the outbox, in order.
func jpCredited(t *testing.T, e env) []*trainingv1.JPCredited {
	t.Helper()
	var out []*trainingv1.JPCredited
	err := database.QueryEach(context.Background(), e.db, func(sc database.Scanner) error {
		var payload []byte
		if err := sc.Scan(&payload); err != nil {
			return err
		}
		m := &trainingv1.JPCredited{}
		if err := proto.Unmarshal(payload, m); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	}, `SELECT payload FROM outbox WHERE subject = 'simpeg.training.jp.credited' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCompletionPath is the whole path of issue 10 §2: session days recorded (one replaced),
// tallies, a pass with its certificate that verifies with the key and publicly, a fail and a
// did-not-finish without one, the session closed once every seat holder has an outcome, and a
// correction that revokes and reinstates the same certificate.
func TestCompletionPath(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		var andi app.Completion
		testenv.RunSteps(t, []testenv.Step{
			{Name: "days recorded, day 2 recorded again", Run: func(t *testing.T) {
				recordDays(t, s, map[string][]string{
					"2026-05-04": {"e-andi", "e-siti"},
					"2026-05-05": {"e-andi"},
					"2026-05-06": {"e-siti", "e-andi"},
				})
				day, err := s.app.RecordSessionAttendance(kominfoHR, "s-may", "2026-05-05", []string{"e-andi", "e-head", "e-siti"})
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(day.Present, ",") != "e-andi,e-siti,e-head" || len(day.Absent) != 0 || day.RecordedBy != "kominfo-hr" {
					t.Errorf("day 2 as recorded again: %+v", day)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM session_days WHERE session = 's-may'`); n != 9 {
					t.Errorf("%d rows for 3 days of 3 seat holders", n)
				}
				if got := s.audits(t, app.SessionName("s-may")); len(got) != 4 || !strings.Contains(got[len(got)-1]+got[0], "replacing a record of 1 present") {
					t.Errorf("audit %q", got)
				}
			}},
			{Name: "tallies", Run: func(t *testing.T) {
				a, err := s.app.ListSessionAttendance(kominfoHR, "s-may")
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, x := range a.Tallies {
					got = append(got, fmt.Sprintf("%s %s %d/%d", x.Enrolment, x.EmployeeName, x.Present, x.Recorded))
				}
				want := "e-andi Andi Pranata 3/3; e-siti Siti Aminah 3/3; e-head Kepala Dinas Kominfo 1/3"
				if strings.Join(got, "; ") != want || len(a.Days) != 3 || a.Days[0].Date != "2026-05-04" || strings.Join(a.Days[0].Absent, ",") != "e-head" {
					t.Errorf("tallies %q, days %+v", got, a.Days)
				}
			}},
			{Name: "the session cannot close with open outcomes", Run: func(t *testing.T) {
				s.clock.set(at("2026-05-07", 10, 0))
				_, err := s.app.CompleteSession(kominfoHR, "s-may", "")
				if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); e.Reason != domain.ReasonOutcomesMissing || !strings.Contains(e.Message, "3 of the 3") {
					t.Errorf("refusal %+v", e)
				}
			}},
			{Name: "Andi passes: 20 JP and a certificate", Run: func(t *testing.T) {
				var err error
				if andi, err = s.app.CompleteEnrolment(kominfoHR, "e-andi", domain.Passed, 86, "v1"); err != nil {
					t.Fatal(err)
				}
				c := andi.Certificate
				if andi.Enrolment.State != domain.Passed || andi.Enrolment.Score != 86 || c == nil || andi.Enrolment.CertificateNumber != c.Number {
					t.Fatalf("completion %+v", andi)
				}
				if n, err := domain.ParseCertificateNumber(c.Number); err != nil || n.Year != 2026 || n.Seq != 1 || n.Code == "" {
					t.Errorf("number %q (%v): want STTPP/2026/000001 with a check code", c.Number, err)
				}
				if c.Name != "Andi Pranata" || c.Employee != staff1 || c.JP != 20 ||
					c.Start != "2026-05-04" || c.End != "2026-05-06" || c.Issued != "2026-05-07" || c.KeyID != "test-1" {
					t.Errorf("certificate %+v", c.Certificate)
				}
				if !c.Verify(s.pub, c.Signature) {
					t.Error("the certificate does not verify with the service's key")
				}
				credited := jpCredited(t, s.env)
				if len(credited) != 1 || credited[0].GetJp() != 20 || credited[0].GetYear() != 2026 || credited[0].GetEmployee() != staff1 ||
					credited[0].GetSource() != "session" || credited[0].GetReference() != "enrolments/e-andi" {
					t.Errorf("jp.credited %v", credited)
				}
			}},
			{Name: "anyone checks it without a token", Run: func(t *testing.T) {
				v, err := s.app.VerifyCertificate(public, andi.Certificate.Number)
				if err != nil || !v.Valid() || v.Check.Name != "Andi Pranata" || v.Check.JP != 20 || v.Reason != "" {
					t.Fatalf("verification %+v, %v", v, err)
				}
				keys, err := s.app.ListCertificateKeys(public)
				if err != nil || len(keys) != 1 || keys[0].ID != "test-1" || !keys[0].Public.Equal(s.pub) {
					t.Fatalf("keys %+v, %v", keys, err)
				}
				if !v.Check.Verify(keys[0].Public, v.Check.Signature) {
					t.Error("the published key does not check the published signature")
				}
			}},
			{Name: "Siti fails, the head did not finish: no certificate", Run: func(t *testing.T) {
				siti, err := s.app.CompleteEnrolment(kominfoHR, "e-siti", domain.Failed, 48, "")
				if err != nil || siti.Certificate != nil {
					t.Fatalf("siti %+v, %v", siti, err)
				}
				_, err = s.app.CompleteEnrolment(kominfoHR, "e-head", domain.Passed, 70, "")
				if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); !strings.Contains(e.Message, "1 of 3 recorded days (33 %)") {
					t.Errorf("a pass at 33 %% attendance: %v", e)
				}
				head, err := s.app.CompleteEnrolment(kominfoHR, "e-head", domain.DidNotFinish, -1, "")
				if err != nil || head.Certificate != nil || head.Enrolment.Score != -1 {
					t.Fatalf("head %+v, %v", head, err)
				}
				_, err = s.app.GetCertificate(kominfoHR, "e-siti")
				testenv.WantKind(t, err, errs.NotFound, "")
				if n := len(jpCredited(t, s.env)); n != 1 {
					t.Errorf("%d jp.credited events, want Andi's only", n)
				}
			}},
			{Name: "the session closes", Run: func(t *testing.T) {
				got, err := s.app.CompleteSession(kominfoHR, "s-may", "v1")
				if err != nil || got.State != domain.Completed || got.Version != 2 || got.Seated != 3 {
					t.Fatalf("session %+v, %v", got, err)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.training.session.completed'`); n != 1 {
					t.Errorf("%d session.completed events", n)
				}
				_, err = s.app.CompleteSession(kominfoHR, "s-may", "")
				testenv.WantKind(t, err, errs.FailedPrecondition, "")
			}},
			{Name: "corrections: Siti to passed, Andi to failed and back", Run: func(t *testing.T) {
				siti, err := s.app.CompleteEnrolment(kominfoHR, "e-siti", domain.Passed, 71, "")
				if err != nil || siti.Certificate == nil || !strings.HasPrefix(siti.Certificate.Number, "STTPP/2026/000002-") {
					t.Fatalf("siti corrected %+v, %v", siti, err)
				}
				failed, err := s.app.CompleteEnrolment(cityHR, "e-andi", domain.Failed, 52, "")
				if err != nil || failed.Certificate != nil || failed.Enrolment.State != domain.Failed || failed.Enrolment.CertificateNumber != "" {
					t.Fatalf("andi corrected %+v, %v", failed, err)
				}
				v, err := s.app.VerifyCertificate(public, andi.Certificate.Number)
				if err != nil || v.Valid() || !v.Found || v.Reason != "revoked: the outcome was corrected to failed by bkpsdm-admin" {
					t.Fatalf("revoked certificate checks as %+v, %v", v, err)
				}
				back, err := s.app.CompleteEnrolment(cityHR, "e-andi", domain.Passed, 86, "")
				if err != nil || back.Certificate == nil || back.Certificate.Number != andi.Certificate.Number || back.Certificate.State != domain.CertificateStateValid {
					t.Fatalf("andi back to passed %+v, %v", back, err)
				}
				same, err := s.app.CompleteEnrolment(cityHR, "e-andi", domain.Passed, 86, "")
				if err != nil || same.Enrolment.Version != back.Enrolment.Version || same.Certificate == nil {
					t.Fatalf("the same outcome again %+v, %v", same, err)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM certificates`); n != 2 {
					t.Errorf("%d certificates, want 2: a correction issues no second number", n)
				}
				if v, _ := s.app.VerifyCertificate(public, andi.Certificate.Number); !v.Valid() {
					t.Errorf("reinstated certificate: %+v", v)
				}
				if got := s.audits(t, app.CertificateName(andi.Certificate.Number)); len(got) != 3 {
					t.Errorf("certificate audit %q", got)
				}
				// Siti's pass and Andi's second pass credit again; the revocation is in the audit trail.
				if n := len(jpCredited(t, s.env)); n != 3 {
					t.Errorf("%d jp.credited events, want 3", n)
				}
			}},
		})
	})
}

// TestVerifyCertificate: the public check of a genuine, an unknown, a malformed, a tampered and
// a revoked certificate, and of numbers without their check code or with another's: only the
// whole number as printed finds a certificate.
func TestVerifyCertificate(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		recordDays(t, s, map[string][]string{"2026-05-04": {"e-andi", "e-siti"}, "2026-05-05": {"e-andi", "e-siti"}})
		numbers := map[string]string{}
		for _, id := range []string{"e-andi", "e-siti"} {
			c, err := s.app.CompleteEnrolment(kominfoHR, id, domain.Passed, 80, "")
			if err != nil {
				t.Fatal(err)
			}
			numbers[id] = c.Certificate.Number
		}
		if _, err := s.app.CompleteEnrolment(kominfoHR, "e-siti", domain.Failed, 40, ""); err != nil {
			t.Fatal(err)
		}
		andi, siti := numbers["e-andi"], numbers["e-siti"]
		andiCode, sitiCode := andi[len(andi)-domain.CheckCodeLength:], siti[len(siti)-domain.CheckCodeLength:]
		// wrongCode is a code Andi's certificate does not have: its first character changed.
		wrongCode := strings.Map(func(r rune) rune {
			if r == 'Z' {
				return '0'
			}
			return 'Z'
		}, andiCode[:1]) + andiCode[1:]
		tests := []struct {
			name, number, tamper string
			found, valid         bool
			reason               string
			field                string
		}{
			{"genuine", andi, "", true, true, "", ""},
			{"padded with spaces", "  " + andi + " ", "", true, true, "", ""},
			{"all in lower case", strings.ToLower(andi), "", false, false, "", "number"},
			{"the code typed in lower case", "STTPP/2026/000001-" + strings.ToLower(andiCode), "", true, true, "", ""},
			{"without its check code", "STTPP/2026/000001", "", false, false, "not found", ""},
			{"a wrong check code", "STTPP/2026/000001-" + wrongCode, "", false, false, "not found", ""},
			{"another certificate's code", "STTPP/2026/000001-" + sitiCode, "", false, false, "not found", ""},
			{"an unknown sequence", "STTPP/2026/000099-" + andiCode, "", false, false, "not found", ""},
			{"an unknown sequence without a code", "STTPP/2026/000099", "", false, false, "not found", ""},
			{"revoked", siti, "", true, false, "revoked: the outcome was corrected to failed by kominfo-hr", ""},
			{"JP raised to 40", andi, `jp = 40`, true, false, "signature does not match", ""},
			{"another name", andi, `name = 'Budi Santoso'`, true, false, "signature does not match", ""},
			{"another course", andi, `programme_title = 'Manajemen Proyek'`, true, false, "signature does not match", ""},
			{"a later end", andi, `end_date = '2026-05-09'`, true, false, "signature does not match", ""},
			{"a key it was not signed with", andi, `key_id = 'other'`, true, false, "signature does not match", ""},
			{"malformed", "STTPP-2026-1", "", false, false, "", "number"},
			{"a code with U", "STTPP/2026/000001-UUUUUU", "", false, false, "", "number"},
		}
		if _, err := s.db.ExecContext(context.Background(), `INSERT INTO certificate_keys (id, public_key, create_time) VALUES ('other', $1, 0)`,
			otherKey()); err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.tamper != "" {
					if _, err := s.db.ExecContext(context.Background(), `UPDATE certificates SET `+tt.tamper+` WHERE number = $1`, strings.TrimSpace(tt.number)); err != nil {
						t.Fatal(err)
					}
					defer restore(t, s, strings.TrimSpace(tt.number))
				}
				v, err := s.app.VerifyCertificate(public, tt.number)
				if tt.field != "" {
					testenv.WantKind(t, err, errs.Invalid, tt.field)
					return
				}
				if err != nil || v.Found != tt.found || v.Valid() != tt.valid || v.Reason != tt.reason {
					t.Fatalf("got %+v, %v", v, err)
				}
				if !tt.found && (v.Check.Number != "" || v.Check.Employee != "" || v.Check.Name != "" || v.Check.Signature != nil) {
					t.Errorf("a number not found discloses %+v", v.Check)
				}
			})
		}
	})
}

// otherKey is a public key the certificates were not signed with, base64.
func otherKey() string {
	pub, _, _ := ed25519.GenerateKey(nil)
	return base64.StdEncoding.EncodeToString(pub)
}

// restore puts back certificate number's signed fields after a tampering case.
func restore(t *testing.T, s suite, number string) {
	t.Helper()
	if _, err := s.db.ExecContext(context.Background(), `UPDATE certificates SET jp = 20, name = 'Andi Pranata',
		programme_title = 'Keamanan Informasi untuk Perangkat Daerah', end_date = '2026-05-06', key_id = 'test-1' WHERE number = $1`, number); err != nil {
		t.Fatal(err)
	}
}
