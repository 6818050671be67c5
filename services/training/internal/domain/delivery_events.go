package domain

// The delivery area's events (issue 10 §6): session completed, certificate issued, JP credited,
// and their undoing by a correction: certificate revoked, JP reversed.
// Each carries what consumers need as stored after the change.

// JPCredited announces JP an employee earned — a passed session (Source FromSession, Ref the
// enrolment) or verified external training (FromExternal, Ref its id) — counted in Year.
type JPCredited struct {
	event
	Employee string
	Agency   string
	Year     int
	JP       int
	Source   JPSource
	Ref      string
	Title    string // the programme's or the external training's title
	// Programme is the programme's id for a session's JP; "" for external training and
	// internships. Planning counts a programme's participants by it (issue 12).
	Programme string
}

// JPReversed announces that JP credited before no longer counts: HR corrected a passed outcome
// to failed or did not finish. Its fields are those of the JPCredited it takes back (a credit
// converts to its reversal: JPReversed(credit)), so a consumer summing jp.credited subtracts
// exactly what it added. A correction back to passed credits the JP again (JPCredited).
type JPReversed struct {
	event
	Employee string
	Agency   string
	Year     int
	JP       int
	Source   JPSource
	Ref      string
	Title    string
	// Programme is the programme's id for a session's JP, as in the credit taken back.
	Programme string
}

// CertificateIssued announces a certificate issued for a passed enrolment, or reinstated
// (Reinstated) when a correction made the enrolment passed again: then it is the certificate
// revoked before, with the same number and signature, published as issued once more.
type CertificateIssued struct {
	event
	Certificate IssuedCertificate
	Reinstated  bool
}

// CertificateRevoked announces that a certificate no longer stands because HR corrected the
// outcome it certifies away from passed; Certificate is as stored after the revocation, Reason
// what the public check shows.
type CertificateRevoked struct {
	event
	Certificate IssuedCertificate
	Reason      string
}

// SessionCompleted announces a session closed by HR once every seat holder had an outcome.
type SessionCompleted struct {
	event
	Session Session
}
