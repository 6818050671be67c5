package domain

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
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
	e.State, e.Score, e.Finished, e.Updated = outcome, score, now, now
	e.Version++
	return e, nil
}

// Correct changes the outcome HR recorded for a finished enrolment (passed, failed or did not
// finish) to outcome with score: a correction of a mistake, audited by the caller. changed is
// false when outcome and score are what was recorded, so the caller writes nothing. What the
// correction means for the JP ledger and the certificate follows from the states before and
// after: leaving passed revokes the certificate (the ledger, computed from the outcomes, drops
// the JP by itself); reaching passed credits the JP and issues the certificate, or reinstates
// the one revoked before, never a second one.
func (e Enrolment) Correct(outcome EnrolmentState, score int, now time.Time) (next Enrolment, changed bool, err error) {
	var v errs.Violations
	if outcome != Passed && outcome != Failed && outcome != DidNotFinish {
		v.Add("outcome", "must be passed, failed or did_not_finish, got %q", outcome)
	}
	if score < -1 || score > 100 {
		v.Add("score", "must be between 0 and 100, got %d", score)
	}
	if err := v.Err(); err != nil {
		return e, false, err
	}
	if !e.State.Finished() {
		return e, false, errs.Preconditionf("enrolment %s is %s, only a recorded outcome can be corrected", e.ID, e.State)
	}
	if e.State == outcome && score == e.Score {
		return e, false, nil
	}
	e.State, e.Score, e.Updated = outcome, score, now
	e.Version++
	return e, true, nil
}

// CompleteSession closes a scheduled session once every seat holder has an outcome (issue 10
// §6 "session completed"); seats are its enrolments holding a seat. An open outcome is refused
// naming how many lack one, and a session not yet started has nothing to close.
func (s Session) CompleteSession(seats []Enrolment, now time.Time) (Session, error) {
	if s.State != Scheduled {
		return s, errs.New(errs.FailedPrecondition, "session %s is %s, only a scheduled session can be completed", s.ID, s.State).WithReason(ReasonSessionNotScheduled)
	}
	if now.Before(s.Start) {
		return s, errs.Preconditionf("session %s has not started yet", s.ID)
	}
	open := 0
	for _, e := range seats {
		if !e.State.Finished() {
			open++
		}
	}
	if open > 0 {
		return s, errs.New(errs.FailedPrecondition, "%d of the %d seat holders of session %s have no outcome yet: complete their enrolments first",
			open, len(seats), s.ID).WithReason(ReasonOutcomesMissing)
	}
	s.State, s.Updated = Completed, now
	s.Version++
	return s, nil
}

// ReasonOutcomesMissing is the reason of CompleteSession's refusal while seat holders lack an
// outcome.
const ReasonOutcomesMissing = "OUTCOMES_MISSING"

// Finished reports whether the state is an outcome: passed, failed or did not finish.
func (s EnrolmentState) Finished() bool { return s == Passed || s == Failed || s == DidNotFinish }

// SeatHolding reports whether an enrolment in this state holds a seat: enrolled, or finished
// with an outcome.
func (s EnrolmentState) SeatHolding() bool { return s == Enrolled || s.Finished() }

// certificatePattern is a certificate number: STTPP/<year>/<6-digit sequence>, then "-" and
// the check code as printed on the certificate (a bare number, without it, is well formed but
// names no certificate anyone can check).
var certificatePattern = regexp.MustCompile(`^STTPP/(\d{4})/(\d{6})(?:-([0-9A-Za-z]{6}))?$`)

// CheckCodeLength is the length of a certificate's check code.
const CheckCodeLength = 6

// checkCodeAlphabet is Crockford's base32 (https://www.crockford.com/base32.html): digits and
// capitals without I, L, O and U, so a code copied from paper is not misread.
const checkCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCheckCode draws a certificate's check code: 6 characters of Crockford's base32 from
// crypto/rand, 30 bits. The sequence of a year's numbers is public knowledge (000001, 000002,
// …); the code is what makes a number checkable only by whoever was shown the certificate:
// guessing the code of one known sequence takes 2^29 tries on average: 34 years for one client
// at the public check's default limit of 30 a minute, two months at the highest it allows
// (6,000), per replica and client address.
func NewCheckCode() string {
	var b [CheckCodeLength]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails (it crashes the program instead)
	for i := range b {
		b[i] = checkCodeAlphabet[b[i]&31] // 256 is a multiple of 32: every character equally likely
	}
	return string(b[:])
}

// CertificateNo is a certificate number taken apart: the issue year, the year's sequence from 1,
// and the check code (empty for a bare number).
type CertificateNo struct {
	Year int
	Seq  int
	Code string
}

// String returns the number as printed, e.g. STTPP/2026/000042-K7Q2XM (STTPP/2026/000042 when
// the code is empty).
func (n CertificateNo) String() string {
	s := fmt.Sprintf("STTPP/%04d/%06d", n.Year, n.Seq)
	if n.Code != "" {
		s += "-" + n.Code
	}
	return s
}

// CertificateNumber formats the seq-th certificate of a year with its check code, e.g.
// STTPP/2026/000042-K7Q2XM.
func CertificateNumber(year, seq int, code string) string {
	return CertificateNo{Year: year, Seq: seq, Code: code}.String()
}

// ParseCertificateNumber checks a number someone asks the public verification endpoint about
// and returns it in its canonical form. The check code is read as Crockford's base32 is: in
// either case, O as 0, I and L as 1. A bare number (no code) parses with an empty Code: it is
// well formed, but only the whole number identifies a certificate.
func ParseCertificateNumber(s string) (CertificateNo, error) {
	m := certificatePattern.FindStringSubmatch(s)
	if m == nil {
		return CertificateNo{}, errs.Invalidf("number", "must look like STTPP/2026/000042-K7Q2XM, got %q", s)
	}
	var n CertificateNo
	n.Year, _ = strconv.Atoi(m[1])
	n.Seq, _ = strconv.Atoi(m[2])
	if n.Seq < 1 {
		return CertificateNo{}, errs.Invalidf("number", "sequence starts at 000001")
	}
	code := []byte(strings.ToUpper(m[3]))
	for i, c := range code {
		switch c {
		case 'O':
			code[i] = '0'
		case 'I', 'L':
			code[i] = '1'
		case 'U':
			return CertificateNo{}, errs.Invalidf("number", "the check code after the dash has no letter U, got %q", m[3])
		}
	}
	n.Code = string(code)
	return n, nil
}

// Certificate is what the verification endpoint returns: who, what, when and JP.
type Certificate struct {
	Number    string `json:"number"`   // as printed, with the check code: STTPP/2026/000042-K7Q2XM
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
