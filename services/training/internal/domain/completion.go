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
