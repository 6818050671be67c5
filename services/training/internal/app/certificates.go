package app

// Certificates (issue 10 §2): reading them, and the public check anyone can make with a
// certificate's number.

import (
	"context"
	"crypto/ed25519"
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Page sizes of the delivery area's lists.
const (
	DefaultDeliveryPageSize = 100
	MaxDeliveryPageSize     = 1000
)

// CertificateName is the resource name the audit trail gives a certificate.
func CertificateName(number string) string { return "certificates/" + number }

// CertificateListOptions filter and page ListCertificates.
type CertificateListOptions struct {
	Employee  string
	Agency    string
	Year      int
	PageSize  int
	PageToken string
}

// Verification is what the public check answers for a number: whether it is a valid
// certificate, and when it exists, what it certifies with the key and signature; Reason says
// why it is not valid ("not found", "revoked: …", "signature does not match").
type Verification struct {
	Found  bool
	Check  domain.CertificateCheck
	Reason string
}

// Valid reports whether the number is a genuine certificate that stands.
func (v Verification) Valid() bool { return v.Found && v.Check.Valid() }

// GetCertificate returns the certificate of enrolment id, revoked or not, to whoever may see
// the employee (the employee, their supervisors, HR of their agency, city HR, auditors).
func (a *App) GetCertificate(ctx context.Context, id string) (domain.IssuedCertificate, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.IssuedCertificate{}, err
	}
	e, err := a.repo.GetEnrolment(ctx, id)
	if errs.IsKind(err, errs.NotFound) {
		if g.Scope == auth.ScopeAll {
			return domain.IssuedCertificate{}, err
		}
		return domain.IssuedCertificate{}, errs.Deniedf("%s (%s scope) may not see %s", g.Subject, g.Scope, EnrolmentName(id))
	}
	if err != nil {
		return domain.IssuedCertificate{}, err
	}
	if err := resource.RequireSees(ctx, g, e.Employee, e.Agency, a.dir.IsUnder); err != nil {
		return domain.IssuedCertificate{}, err
	}
	c, ok, err := a.repo.CertificateOfEnrolment(ctx, id)
	if err != nil {
		return domain.IssuedCertificate{}, err
	}
	if !ok {
		return domain.IssuedCertificate{}, errs.NotFoundf("%s has no certificate (state %s)", EnrolmentName(id), e.State)
	}
	return c, nil
}

// ListCertificates lists certificates, newest first: of options.Employee, or of
// options.Agency's employees, of one issue year when options.Year is set. An employee lists
// their own, a supervisor their own or a subordinate's, agency HR their agency's, city HR and
// auditors anyone's.
func (a *App) ListCertificates(ctx context.Context, o CertificateListOptions) ([]domain.IssuedCertificate, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	q := CertificateQuery{Year: o.Year}
	if q.Employee, q.Agency, err = a.deliveryListScope(ctx, g, o.Employee, o.Agency); err != nil {
		return nil, "", err
	}
	if o.Year != 0 && (o.Year < 2000 || o.Year > 9999) {
		return nil, "", errs.Invalidf("year", "must be a year such as 2026, got %d", o.Year)
	}
	if q.Before, err = paging.Key(o.PageToken); err != nil {
		return nil, "", err
	}
	size := resource.PageSize(o.PageSize, DefaultDeliveryPageSize, MaxDeliveryPageSize)
	q.Limit = size + 1
	out, err := a.repo.ListCertificates(ctx, q)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(c domain.IssuedCertificate) string { return c.Number })
	return page, next, nil
}

// deliveryListScope narrows a list of one employee's or one agency's records to the caller's
// grant: employees and supervisors list their own unless they name someone they may see
// (supervisors their subordinates), agency HR their agency (or one of its employees), city HR
// and auditors anything. It returns the employee and agency filters to apply.
func (a *App) deliveryListScope(ctx context.Context, g auth.Grant, employee, agency string) (string, string, error) {
	if employee != "" {
		emp, err := a.dir.Employee(ctx, employee)
		if errors.Is(err, directory.ErrNotFound) {
			// Records may outlive the directory entry; only city-wide callers may ask then.
			if g.Scope == auth.ScopeAll || employee == g.Subject {
				return employee, agency, nil
			}
			return "", "", resource.SeesMissing(g, employee, errs.NotFoundf("employee %s is not in the directory", employee))
		}
		if err != nil {
			return "", "", err
		}
		if err := resource.RequireSees(ctx, g, employee, emp.Agency, a.dir.IsUnder); err != nil {
			return "", "", err
		}
		return employee, agency, nil
	}
	switch g.Scope {
	case auth.ScopeAll:
		return "", agency, nil
	case auth.ScopeAgency:
		if agency != "" && agency != g.Agency {
			return "", "", errs.Deniedf("%s (agency %q) may not list the records of agency %q", g.Subject, g.Agency, agency)
		}
		if g.Agency == "" {
			return "", "", errs.Deniedf("%s has agency scope but no agency", g.Subject)
		}
		return "", g.Agency, nil
	case auth.ScopeSelf, auth.ScopeSubordinates:
		if agency != "" {
			return "", "", errs.Deniedf("%s (%s scope) may not list the records of agency %q", g.Subject, g.Scope, agency)
		}
		return g.Subject, "", nil
	}
	return "", "", errs.Deniedf("%s may not list these records", g.Subject)
}

// VerifyCertificate checks a certificate by its number, for anyone, without a token (the
// transport rate-limits it per client). The answer is what the holder shows on paper — name and
// NIP in full, programme, dates, JP, issue date — with the key id and the signature, so that the
// checker can compare it with the document and check the signature offline
// (ListCertificateKeys). The NIP is not masked: the signed payload holds it, and masking it
// would stop the checker from matching the certificate to the person in front of them.
//
// Only the whole number as printed, with its check code (STTPP/2026/000042-K7Q2XM), finds a
// certificate: the sequences are consecutive, so without the code anyone could walk them and
// collect names and NIPs. An unknown sequence, a wrong code and a bare number are answered
// alike, not valid with reason "not found" (not an error), after the same work: one read of the
// number stored under the year and sequence, and a constant-time comparison of the whole number
// (with a decoy when nothing is stored), so neither the answer nor its timing tells which part
// was wrong. A malformed number is an Invalid error naming number.
func (a *App) VerifyCertificate(ctx context.Context, number string) (Verification, error) {
	n, err := domain.ParseCertificateNumber(strings.TrimSpace(number))
	if err != nil {
		return Verification{}, err
	}
	stored, ok, err := a.repo.CertificateNumberAt(ctx, n.Year, n.Seq)
	if err != nil {
		return Verification{}, err
	}
	if !ok {
		stored = decoyNumber
	}
	same := subtle.ConstantTimeCompare([]byte(stored), []byte(n.String())) == 1
	if !ok || !same || n.Code == "" {
		return Verification{Reason: "not found"}, nil
	}
	c, err := a.repo.Certificate(ctx, stored)
	if errs.IsKind(err, errs.NotFound) {
		return Verification{Reason: "not found"}, nil
	}
	if err != nil {
		return Verification{}, err
	}
	keys, err := a.repo.CertificateKeys(ctx)
	if err != nil {
		return Verification{}, err
	}
	var pub ed25519.PublicKey
	for _, k := range keys {
		if k.ID == c.KeyID {
			pub = k.Public
		}
	}
	v := Verification{Found: true, Check: c.Check(pub)}
	switch {
	case !v.Check.SignatureValid:
		v.Reason = "signature does not match"
	case v.Check.State == domain.CertificateStateRevoked:
		v.Reason = "revoked: " + v.Check.Reason
	}
	return v, nil
}

// ListCertificateKeys returns the public keys certificates are signed with, for anyone: the
// current signing key first, then every earlier key that signed certificates, so certificates
// issued before a key rotation still check.
func (a *App) ListCertificateKeys(ctx context.Context) ([]CertificateKey, error) {
	stored, err := a.repo.CertificateKeys(ctx)
	if err != nil {
		return nil, err
	}
	var out []CertificateKey
	if a.signer.Key != nil && a.signer.KeyID != "" {
		cur := CertificateKey{ID: a.signer.KeyID, Public: a.signerPublic()}
		for _, k := range stored {
			if k.ID == cur.ID {
				cur.Created = k.Created
			}
		}
		out = append(out, cur)
	}
	for _, k := range stored {
		if k.ID != a.signer.KeyID {
			out = append(out, k)
		}
	}
	return out, nil
}

// decoyNumber stands for the stored number when none is stored under the year and sequence
// asked, so that the comparison takes the same time; it has a number's length and matches no
// number anyone can ask about (year 0000 and sequence 000000 do not parse).
var decoyNumber = domain.CertificateNumber(0, 0, strings.Repeat("0", domain.CheckCodeLength))

// signerPublic returns the public half of the signing key.
func (a *App) signerPublic() ed25519.PublicKey {
	pub, _ := a.signer.Key.Public().(ed25519.PublicKey)
	return pub
}
