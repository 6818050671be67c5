package domain_test

import (
	"bytes"
	"crypto/ed25519"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestComplete(t *testing.T) {
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	tests := []struct {
		name    string
		state   domain.EnrolmentState
		outcome domain.EnrolmentState
		score   int
		now     int // day of May
		kind    errs.Kind
		field   string
	}{
		{"passed with 86", domain.Enrolled, domain.Passed, 86, 6, 0, ""},
		{"failed with 54", domain.Enrolled, domain.Failed, 54, 6, 0, ""},
		{"did not finish, no score", domain.Enrolled, domain.DidNotFinish, -1, 5, 0, ""},
		{"score 101", domain.Enrolled, domain.Passed, 101, 6, errs.Invalid, "score"},
		{"outcome withdrawn", domain.Enrolled, domain.Withdrawn, 80, 6, errs.Invalid, "outcome"},
		{"before the start", domain.Enrolled, domain.Passed, 80, 3, errs.FailedPrecondition, ""},
		{"waitlisted cannot complete", domain.Waitlisted, domain.Passed, 80, 6, errs.FailedPrecondition, ""},
		{"twice", domain.Passed, domain.Failed, 10, 6, errs.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.Enrolment{ID: "e1", State: tt.state}.Complete(s, tt.outcome, tt.score, at(5, tt.now, 17, 0))
			switch {
			case tt.kind == errs.Invalid:
				wantField(t, err, tt.field)
			case tt.kind != 0:
				if !errs.IsKind(err, tt.kind) {
					t.Fatalf("want kind %d, got %v", tt.kind, err)
				}
			case err != nil || got.State != tt.outcome:
				t.Fatalf("got %s, %v; want %s", got.State, err, tt.outcome)
			}
		})
	}
}

func TestCertificateNumber(t *testing.T) {
	if got := domain.CertificateNumber(2026, 42); got != "STTPP/2026/000042" {
		t.Errorf("got %q", got)
	}
	y, seq, err := domain.ParseCertificateNumber("STTPP/2026/000042")
	if err != nil || y != 2026 || seq != 42 {
		t.Errorf("parse: %d %d %v", y, seq, err)
	}
	for _, bad := range []string{"", "STTPP/2026/42", "sttpp/2026/000042", "STTPP/2026/000000", "STTPP/2026/000042 ", "X/2026/000042"} {
		_, _, err := domain.ParseCertificateNumber(bad)
		wantField(t, err, "number")
	}
}

func TestCertificateSignature(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	p := ictClassroom()
	p.JP = 24
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	c, ok := domain.IssueCertificate(domain.Enrolment{State: domain.Passed}, p, s, wib, "STTPP/2026/000042",
		"198609262015051001", "Siti Rahmawati", at(5, 7, 10, 0))
	if !ok {
		t.Fatal("a passed enrolment of a certificate programme gets one")
	}
	if c.Start != "2026-05-04" || c.End != "2026-05-06" || c.JP != 24 || c.Issued != "2026-05-07" {
		t.Errorf("certificate %+v", c)
	}
	wantPayload := `simpeg-training-certificate-v1
{"number":"STTPP/2026/000042","employee":"198609262015051001","name":"Siti Rahmawati","programme":"Keamanan Informasi untuk Perangkat Daerah","start":"2026-05-04","end":"2026-05-06","jp":24,"issued":"2026-05-07"}`
	if got := string(c.Payload()); got != wantPayload {
		t.Errorf("payload\n%s\nwant\n%s", got, wantPayload)
	}
	sig := c.Sign(key)
	if !c.Verify(pub, sig) {
		t.Fatal("the genuine certificate does not verify")
	}
	forged := c
	forged.JP = 40
	if forged.Verify(pub, sig) {
		t.Error("a certificate with JP changed to 40 verifies")
	}
	forged = c
	forged.Name = "Budi Santoso"
	if forged.Verify(pub, sig) {
		t.Error("a certificate with another name verifies")
	}
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	if c.Verify(other.Public().(ed25519.PublicKey), sig) {
		t.Error("another key verifies the signature")
	}
	if c.Verify(nil, sig) {
		t.Error("a missing key verifies")
	}
	for _, st := range []domain.EnrolmentState{domain.Failed, domain.DidNotFinish, domain.Enrolled} {
		if _, ok := domain.IssueCertificate(domain.Enrolment{State: st}, p, s, wib, "n", "", "", at(5, 7, 0, 0)); ok {
			t.Errorf("%s got a certificate", st)
		}
	}
	p.Certificate = false
	if _, ok := domain.IssueCertificate(domain.Enrolment{State: domain.Passed}, p, s, wib, "n", "", "", at(5, 7, 0, 0)); ok {
		t.Error("a programme without certificates issued one")
	}
}
