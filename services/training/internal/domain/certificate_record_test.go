package domain_test

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestCorrect(t *testing.T) {
	tests := []struct {
		name     string
		state    domain.EnrolmentState
		recorded int
		outcome  domain.EnrolmentState
		score    int
		changed  bool
		kind     errs.Kind
		field    string
	}{
		{"passed corrected to failed", domain.Passed, 72, domain.Failed, 48, true, 0, ""},
		{"failed corrected to passed", domain.Failed, 48, domain.Passed, 72, true, 0, ""},
		{"score only", domain.Passed, 72, domain.Passed, 75, true, 0, ""},
		{"the same again changes nothing", domain.Passed, 72, domain.Passed, 72, false, 0, ""},
		{"did not finish to passed", domain.DidNotFinish, -1, domain.Passed, 80, true, 0, ""},
		{"enrolled has no outcome to correct", domain.Enrolled, 0, domain.Passed, 80, false, errs.FailedPrecondition, ""},
		{"withdrawn", domain.Withdrawn, 0, domain.Passed, 80, false, errs.FailedPrecondition, ""},
		{"to enrolled", domain.Passed, 72, domain.Enrolled, 72, false, errs.Invalid, "outcome"},
		{"score -2", domain.Passed, 72, domain.Passed, -2, false, errs.Invalid, "score"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := domain.Enrolment{ID: "e1", State: tt.state, Score: tt.recorded, Version: 4}
			got, changed, err := e.Correct(tt.outcome, tt.score, at(5, 9, 9, 0))
			switch {
			case tt.kind == errs.Invalid:
				wantField(t, err, tt.field)
			case tt.kind != 0:
				if !errs.IsKind(err, tt.kind) {
					t.Fatalf("want kind %d, got %v", tt.kind, err)
				}
			case err != nil || changed != tt.changed:
				t.Fatalf("changed %v, %v; want %v", changed, err, tt.changed)
			case changed && (got.State != tt.outcome || got.Score != tt.score || got.Version != 5):
				t.Fatalf("got %s v%d", got.State, got.Version)
			case !changed && (got.Version != e.Version || got.State != e.State):
				t.Fatalf("unchanged enrolment altered: %+v", got)
			}
		})
	}
}

func TestIssuedCertificateLifecycle(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	pub := key.Public().(ed25519.PublicKey)
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	c, ok := domain.IssueCertificate(domain.Enrolment{ID: "e1", State: domain.Passed}, ictClassroom(), s, wib,
		domain.CertificateNumber(2026, 7, "K7Q2XM"), "198609262015051001", "Siti Rahmawati", at(5, 7, 9, 0))
	if !ok {
		t.Fatal("no certificate")
	}
	ic := domain.SignCertificate(c, 2026, 7, domain.Enrolment{ID: "e1"}, s, "DISKOMINFO", "k1", key, at(5, 7, 9, 0))
	if chk := ic.Check(pub); !chk.Valid() || chk.KeyID != "k1" || ic.ProgrammeID != "p1" || ic.Version != 1 {
		t.Fatalf("fresh certificate: %+v", chk)
	}
	if chk := ic.Check(nil); chk.Valid() || chk.SignatureValid {
		t.Error("an unknown key verifies")
	}
	if _, err := ic.Revoke("  ", at(5, 8, 9, 0)); err == nil {
		t.Error("revoked without a reason")
	}
	rv, err := ic.Revoke("outcome corrected to failed", at(5, 8, 9, 0))
	if err != nil || rv.State != domain.CertificateStateRevoked || rv.Version != 2 {
		t.Fatalf("revoke: %+v, %v", rv, err)
	}
	if chk := rv.Check(pub); chk.Valid() || !chk.SignatureValid || chk.Reason != "outcome corrected to failed" {
		t.Errorf("a revoked certificate checks as %+v", chk)
	}
	if _, err := rv.Revoke("again", at(5, 8, 9, 0)); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("revoked twice: %v", err)
	}
	back, err := rv.Reinstate(at(5, 9, 9, 0))
	if err != nil || !back.Check(pub).Valid() || back.Number != ic.Number || back.Reason != "" || back.Version != 3 {
		t.Fatalf("reinstate: %+v, %v", back, err)
	}
	if _, err := back.Reinstate(at(5, 9, 9, 0)); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("a valid certificate reinstated: %v", err)
	}
}

func TestCompleteSession(t *testing.T) {
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	s.State, s.Version = domain.Scheduled, 7
	seats := func(states ...domain.EnrolmentState) []domain.Enrolment {
		var out []domain.Enrolment
		for _, st := range states {
			out = append(out, domain.Enrolment{State: st})
		}
		return out
	}
	tests := []struct {
		name   string
		state  domain.SessionState
		seats  []domain.Enrolment
		now    time.Time
		reason string
	}{
		{"every outcome recorded", domain.Scheduled, seats(domain.Passed, domain.Failed, domain.DidNotFinish), at(5, 6, 17, 0), ""},
		{"nobody seated, after the end", domain.Scheduled, nil, at(5, 7, 9, 0), ""},
		{"two lack an outcome", domain.Scheduled, seats(domain.Passed, domain.Enrolled, domain.Enrolled), at(5, 6, 17, 0), domain.ReasonOutcomesMissing},
		{"already completed", domain.Completed, seats(domain.Passed), at(5, 6, 17, 0), domain.ReasonSessionNotScheduled},
		{"cancelled", domain.Cancelled, nil, at(5, 6, 17, 0), domain.ReasonSessionNotScheduled},
		{"not started", domain.Scheduled, nil, at(5, 3, 17, 0), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := s
			in.State = tt.state
			got, err := in.CompleteSession(tt.seats, tt.now)
			notStarted := tt.now.Before(s.Start)
			switch {
			case tt.reason != "" || notStarted:
				e, ok := errs.As(err)
				if !ok || e.Kind != errs.FailedPrecondition || e.Reason != tt.reason {
					t.Fatalf("want FailedPrecondition %q, got %v", tt.reason, err)
				}
				if tt.reason == domain.ReasonOutcomesMissing && !strings.Contains(e.Message, "2 of the 3") {
					t.Errorf("message %q does not say how many lack an outcome", e.Message)
				}
			case err != nil || got.State != domain.Completed || got.Version != 8:
				t.Fatalf("got %s v%d, %v", got.State, got.Version, err)
			}
		})
	}
}
