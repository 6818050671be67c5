package domain_test

import (
	"bytes"
	"crypto/ed25519"
	"strings"
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
	if got := domain.CertificateNumber(2026, 42, "K7Q2XM"); got != "STTPP/2026/000042-K7Q2XM" {
		t.Errorf("got %q", got)
	}
	tests := []struct {
		in   string
		want domain.CertificateNo // zero for a malformed number
	}{
		{"STTPP/2026/000042-K7Q2XM", domain.CertificateNo{Year: 2026, Seq: 42, Code: "K7Q2XM"}},
		{"STTPP/2026/000042-k7q2xm", domain.CertificateNo{Year: 2026, Seq: 42, Code: "K7Q2XM"}},
		// Crockford's base32 reads O as 0 and I, L as 1: a code copied from paper still matches.
		{"STTPP/2026/000042-OIL0Z9", domain.CertificateNo{Year: 2026, Seq: 42, Code: "0110Z9"}},
		{"STTPP/2027/000001-000000", domain.CertificateNo{Year: 2027, Seq: 1, Code: "000000"}},
		// A bare number is well formed, without a code (it finds no certificate).
		{"STTPP/2026/000042", domain.CertificateNo{Year: 2026, Seq: 42}},
		{"", domain.CertificateNo{}},
		{"STTPP/2026/42", domain.CertificateNo{}},
		{"sttpp/2026/000042-K7Q2XM", domain.CertificateNo{}},
		{"STTPP/2026/000000-K7Q2XM", domain.CertificateNo{}},
		{"STTPP/2026/000042-K7Q2XM ", domain.CertificateNo{}},
		{"STTPP/2026/000042-K7Q2X", domain.CertificateNo{}},
		{"STTPP/2026/000042-K7Q2XMM", domain.CertificateNo{}},
		{"STTPP/2026/000042K7Q2XM", domain.CertificateNo{}},
		{"STTPP/2026/000042-K7Q2XU", domain.CertificateNo{}},
		{"STTPP/2026/000042-K7Q-XM", domain.CertificateNo{}},
		{"X/2026/000042-K7Q2XM", domain.CertificateNo{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := domain.ParseCertificateNumber(tt.in)
			if tt.want == (domain.CertificateNo{}) {
				wantField(t, err, "number")
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
			if canon := got.String(); tt.want.Code != "" && canon != domain.CertificateNumber(tt.want.Year, tt.want.Seq, tt.want.Code) {
				t.Errorf("canonical form %q", canon)
			}
		})
	}
}

// TestNewCheckCode: codes are 6 characters of Crockford's base32, parse back to themselves,
// spread over the alphabet, and do not repeat among the first 100 (30 bits: two of 100 collide
// with probability 5 in a million).
func TestNewCheckCode(t *testing.T) {
	const draws, distinct = 1000, 100
	seen := map[string]bool{}
	chars := map[rune]int{}
	for i := range draws {
		code := domain.NewCheckCode()
		if len(code) != domain.CheckCodeLength || strings.Trim(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") != "" {
			t.Fatalf("code %q is not 6 characters of Crockford's base32", code)
		}
		n, err := domain.ParseCertificateNumber(domain.CertificateNumber(2026, 1, code))
		if err != nil || n.Code != code {
			t.Fatalf("code %q parses as %+v, %v", code, n, err)
		}
		if i < distinct && seen[code] {
			t.Fatalf("code %q drawn twice in %d", code, distinct)
		}
		seen[code] = true
		for _, c := range code {
			chars[c]++
		}
	}
	// 6,000 characters over 32: each about 188 times; below 100 or above 300 means a skew.
	for _, c := range "0123456789ABCDEFGHJKMNPQRSTVWXYZ" {
		if n := chars[c]; n < 100 || n > 300 {
			t.Errorf("%q drawn %d times in 6,000 characters", c, n)
		}
	}
}

func TestCertificateSignature(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	p := ictClassroom()
	p.JP = 24
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	c, ok := domain.IssueCertificate(domain.Enrolment{State: domain.Passed}, p, s, wib, "STTPP/2026/000042-K7Q2XM",
		"198609262015051001", "Siti Rahmawati", at(5, 7, 10, 0))
	if !ok {
		t.Fatal("a passed enrolment of a certificate programme gets one")
	}
	if c.Start != "2026-05-04" || c.End != "2026-05-06" || c.JP != 24 || c.Issued != "2026-05-07" {
		t.Errorf("certificate %+v", c)
	}
	wantPayload := `simpeg-training-certificate-v1
{"number":"STTPP/2026/000042-K7Q2XM","employee":"198609262015051001","name":"Siti Rahmawati","programme":"Keamanan Informasi untuk Perangkat Daerah","start":"2026-05-04","end":"2026-05-06","jp":24,"issued":"2026-05-07"}`
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
