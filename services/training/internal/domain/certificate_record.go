package domain

import (
	"crypto/ed25519"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// CertificateState says whether an issued certificate still stands.
type CertificateState string

// The certificate states: valid as issued, or revoked after HR corrected the outcome it
// certifies away from passed.
const (
	CertificateStateValid   CertificateState = "valid"
	CertificateStateRevoked CertificateState = "revoked"
)

// IssuedCertificate is a certificate as the service keeps it: the signed certificate (who,
// what, when, JP), its place in the year's numbering, the key that signed it and the signature,
// and whether it still stands. There is at most one per enrolment: a correction away from
// passed revokes it, and a correction back to passed reinstates the same number, so no
// enrolment ever holds two numbers.
type IssuedCertificate struct {
	Certificate
	Year        int
	Seq         int
	Enrolment   string
	Session     string
	ProgrammeID string
	Agency      string // the holder's agency when enrolled
	KeyID       string
	Signature   []byte
	State       CertificateState
	Reason      string // why it was revoked
	Version     int64
	Created     time.Time
	Updated     time.Time
}

// SignCertificate returns the certificate c of enrolment e (of session s, programme p, agency
// agency) numbered seq in year, signed by key under keyID, valid from now.
func SignCertificate(c Certificate, year, seq int, e Enrolment, s Session, agency, keyID string, key ed25519.PrivateKey, now time.Time) IssuedCertificate {
	return IssuedCertificate{Certificate: c, Year: year, Seq: seq, Enrolment: e.ID, Session: s.ID, ProgrammeID: s.Programme,
		Agency: agency, KeyID: keyID, Signature: c.Sign(key), State: CertificateStateValid, Version: 1, Created: now, Updated: now}
}

// Revoke withdraws the certificate because the outcome it certifies was corrected; reason says
// why and is shown to whoever verifies it.
func (c IssuedCertificate) Revoke(reason string, now time.Time) (IssuedCertificate, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return c, errs.Invalidf("reason", "say why the certificate is revoked")
	}
	if c.State == CertificateStateRevoked {
		return c, errs.Preconditionf("certificate %s is already revoked", c.Number)
	}
	c.State, c.Reason = CertificateStateRevoked, reason
	c.Version++
	c.Updated = now
	return c, nil
}

// Reinstate makes a revoked certificate valid again when the outcome is corrected back to
// passed. The signed content is unchanged, so the signature still holds.
func (c IssuedCertificate) Reinstate(now time.Time) (IssuedCertificate, error) {
	if c.State != CertificateStateRevoked {
		return c, errs.Preconditionf("certificate %s is %s, only a revoked certificate can be reinstated", c.Number, c.State)
	}
	c.State, c.Reason = CertificateStateValid, ""
	c.Version++
	c.Updated = now
	return c, nil
}

// CertificateCheck is what anyone learns by checking a certificate's number: the certificate
// as signed, the key and signature to check it offline, whether the signature holds under the
// service's published key, and whether the certificate still stands.
type CertificateCheck struct {
	Certificate
	KeyID     string
	Signature []byte
	// SignatureValid: the signature is the key's over exactly this certificate.
	SignatureValid bool
	State          CertificateState
	Reason         string
}

// Valid reports whether the certificate is genuine and stands: signed by the key and not
// revoked.
func (c CertificateCheck) Valid() bool { return c.SignatureValid && c.State == CertificateStateValid }

// Check verifies the certificate's signature against pub, the public key of its KeyID (nil when
// the key is unknown: then nothing verifies).
func (c IssuedCertificate) Check(pub ed25519.PublicKey) CertificateCheck {
	return CertificateCheck{Certificate: c.Certificate, KeyID: c.KeyID, Signature: c.Signature,
		SignatureValid: c.Verify(pub, c.Signature), State: c.State, Reason: c.Reason}
}
