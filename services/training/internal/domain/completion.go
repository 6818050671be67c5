package domain

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Complete records a seat holder's outcome after the session has started: passed, failed or
// did not finish, with a score from 0 to 100 (optional, -1 for none).
func (e Enrolment) Complete(s Session, outcome EnrolmentState, score int, now time.Time) (Enrolment, error) {
	var v errs.Violations
	if outcome != Passed && outcome != Failed && outcome != DidNotFinish {
		v.Add("outcome", "must be passed, failed or did_not_finish, got %q", outcome)
	}
	if score < -1 || score > 100 {
		v.Add("score", "must be between 0 and 100, got %d", score)
	}
	if err := v.Err(); err != nil {
		return e, err
	}
	if e.State != Enrolled {
		return e, errs.Preconditionf("enrolment %s is %s, only an enrolled participant can complete", e.ID, e.State)
	}
	if now.Before(s.Start) {
		return e, errs.Preconditionf("session %s has not started yet", s.ID)
	}
	e.State = outcome
	e.Version++
	return e, nil
}

// certificatePattern is the certificate number: STTPP/<year>/<6-digit sequence>.
var certificatePattern = regexp.MustCompile(`^STTPP/(\d{4})/(\d{6})$`)

// CertificateNumber formats the seq-th certificate of a year, e.g. STTPP/2026/000042.
func CertificateNumber(year int, seq int) string { return fmt.Sprintf("STTPP/%04d/%06d", year, seq) }

// ParseCertificateNumber checks a number someone asks the public verification endpoint about.
func ParseCertificateNumber(s string) (year, seq int, err error) {
	m := certificatePattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, errs.Invalidf("number", "must look like STTPP/2026/000042, got %q", s)
	}
	year, _ = strconv.Atoi(m[1])
	seq, _ = strconv.Atoi(m[2])
	if seq < 1 {
		return 0, 0, errs.Invalidf("number", "sequence starts at 000001")
	}
	return year, seq, nil
}

// Certificate is what the verification endpoint returns: who, what, when and JP.
type Certificate struct {
	Number    string `json:"number"`
	Employee  string `json:"employee"` // NIP or PPPK number
	Name      string `json:"name"`
	Programme string `json:"programme"` // title
	Start     string `json:"start"`     // YYYY-MM-DD in the session's zone
	End       string `json:"end"`
	JP        int    `json:"jp"`
	Issued    string `json:"issued"` // YYYY-MM-DD
}

// certificateDomain separates certificate signatures from anything else signed with the key.
const certificateDomain = "simpeg-training-certificate-v1\n"

// Payload returns the canonical bytes that are signed: a fixed prefix and the certificate as
// JSON with its fields in declaration order (encoding/json's order for a struct), so the same
// certificate always yields the same bytes.
func (c Certificate) Payload() []byte {
	b, _ := json.Marshal(c) // a struct of strings and ints cannot fail
	return append([]byte(certificateDomain), b...)
}

// Sign signs the certificate with the service's Ed25519 key.
func (c Certificate) Sign(key ed25519.PrivateKey) []byte { return ed25519.Sign(key, c.Payload()) }

// Verify reports whether sig is the signature of exactly this certificate by pub.
func (c Certificate) Verify(pub ed25519.PublicKey, sig []byte) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, c.Payload(), sig)
}

// IssueCertificate returns the certificate of a passed enrolment of a programme that issues
// one; ok is false otherwise.
func IssueCertificate(e Enrolment, p Programme, s Session, loc *time.Location, number, nip, name string, issued time.Time) (Certificate, bool) {
	if e.State != Passed || !p.Certificate {
		return Certificate{}, false
	}
	return Certificate{Number: number, Employee: nip, Name: name, Programme: p.Title,
		Start: s.Start.In(loc).Format(time.DateOnly), End: s.End.In(loc).Format(time.DateOnly),
		JP: p.JP, Issued: issued.In(loc).Format(time.DateOnly)}, true
}
