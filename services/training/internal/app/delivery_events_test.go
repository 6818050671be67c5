package app_test

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// outboxMsg is an event in the outbox: its subject and payload.
type outboxMsg struct {
	subject string
	payload []byte
}

// outboxAll returns every event in the outbox, in the order they were emitted.
func outboxAll(t *testing.T, e env) []outboxMsg {
	t.Helper()
	var out []outboxMsg
	err := database.QueryEach(context.Background(), e.db, func(sc database.Scanner) error {
		var m outboxMsg
		if err := sc.Scan(&m.subject, &m.payload); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	}, `SELECT subject, payload FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// decode unmarshals an event's payload into m.
func decode[M proto.Message](t *testing.T, msg outboxMsg, m M) M {
	t.Helper()
	if err := proto.Unmarshal(msg.payload, m); err != nil {
		t.Fatalf("%s: %v", msg.subject, err)
	}
	return m
}

// TestCorrectionEvents: each outcome and each correction of it emits, in its unit of work,
// exactly what it changes for consumers — a pass credits JP and issues the certificate, a
// correction away from the pass reverses the same JP and revokes the certificate, a correction
// between failed and did not finish emits nothing, a correction back to passed credits again and
// issues the same certificate once more, a score change emits nothing, and a programme without
// certificates credits and reverses JP only.
func TestCorrectionEvents(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		recordDays(t, s, map[string][]string{"2026-05-04": {"e-andi"}, "2026-05-05": {"e-andi"}})
		s.clock.set(at("2026-05-11", 12, 30))
		if _, err := s.app.RecordSessionAttendance(kominfoHR, "s-coach", "2026-05-11", []string{"e-coach"}); err != nil {
			t.Fatal(err)
		}
		s.clock.set(at("2026-05-12", 9, 0))
		var (
			firstCredit *trainingv1.JPCredited
			firstCert   *trainingv1.Certificate
		)
		tests := []struct {
			name      string
			enrolment string
			outcome   domain.EnrolmentState
			score     int
			want      []string // the subjects emitted, in order
			check     func(t *testing.T, got []outboxMsg)
		}{
			{"Andi passes", "e-andi", domain.Passed, 86, []string{events.SubjectJPCredited, events.SubjectCertificateIssued},
				func(t *testing.T, got []outboxMsg) {
					firstCredit = decode(t, got[0], &trainingv1.JPCredited{})
					firstCert = decode(t, got[1], &trainingv1.CertificateIssued{}).GetCertificate()
					if firstCredit.GetJp() != 20 || firstCredit.GetReference() != "enrolments/e-andi" || firstCredit.GetProgramme() != "programmes/ict-sec" || firstCert.GetRevoked() {
						t.Errorf("credit %v, certificate %v", firstCredit, firstCert)
					}
				}},
			{"corrected to failed", "e-andi", domain.Failed, 52, []string{events.SubjectJPReversed, events.SubjectCertificateRevoked},
				func(t *testing.T, got []outboxMsg) {
					rev := decode(t, got[0], &trainingv1.JPReversed{})
					if rev.GetEmployee() != firstCredit.GetEmployee() || rev.GetAgency() != firstCredit.GetAgency() || rev.GetYear() != firstCredit.GetYear() ||
						rev.GetJp() != firstCredit.GetJp() || rev.GetSource() != firstCredit.GetSource() || rev.GetReference() != firstCredit.GetReference() ||
						rev.GetTitle() != firstCredit.GetTitle() || rev.GetProgramme() != firstCredit.GetProgramme() {
						t.Errorf("jp.reversed %v does not take back jp.credited %v", rev, firstCredit)
					}
					cr := decode(t, got[1], &trainingv1.CertificateRevoked{})
					if c := cr.GetCertificate(); c.GetNumber() != firstCert.GetNumber() || !c.GetRevoked() ||
						cr.GetReason() != "the outcome was corrected to failed by kominfo-hr" {
						t.Errorf("certificate.revoked %v", cr)
					}
				}},
			{"failed corrected to did not finish", "e-andi", domain.DidNotFinish, -1, nil, nil},
			{"back to passed", "e-andi", domain.Passed, 86, []string{events.SubjectJPCredited, events.SubjectCertificateIssued},
				func(t *testing.T, got []outboxMsg) {
					if again := decode(t, got[0], &trainingv1.JPCredited{}); !proto.Equal(again, firstCredit) {
						t.Errorf("credited again %v, first %v", again, firstCredit)
					}
					c := decode(t, got[1], &trainingv1.CertificateIssued{}).GetCertificate()
					if c.GetNumber() != firstCert.GetNumber() || c.GetSignature() != firstCert.GetSignature() || c.GetRevoked() {
						t.Errorf("reissued %v, first %v", c, firstCert)
					}
				}},
			{"the score corrected", "e-andi", domain.Passed, 90, nil, nil},
			{"the coaching passed: no certificate", "e-coach", domain.Passed, -1, []string{events.SubjectJPCredited}, nil},
			{"the coaching corrected to failed", "e-coach", domain.Failed, -1, []string{events.SubjectJPReversed},
				func(t *testing.T, got []outboxMsg) {
					if rev := decode(t, got[0], &trainingv1.JPReversed{}); rev.GetJp() != 6 || rev.GetReference() != "enrolments/e-coach" {
						t.Errorf("jp.reversed %v", rev)
					}
				}},
		}
		for _, tt := range tests {
			ok := t.Run(tt.name, func(t *testing.T) {
				before := len(outboxAll(t, s.env))
				if _, err := s.app.CompleteEnrolment(kominfoHR, tt.enrolment, tt.outcome, tt.score, ""); err != nil {
					t.Fatal(err)
				}
				got := outboxAll(t, s.env)[before:]
				var subjects []string
				for _, m := range got {
					subjects = append(subjects, m.subject)
				}
				if strings.Join(subjects, " ") != strings.Join(tt.want, " ") {
					t.Fatalf("emitted %q, want %q", subjects, tt.want)
				}
				if tt.check != nil {
					tt.check(t, got)
				}
			})
			if !ok {
				return // the later steps build on this one
			}
		}
	})
}
