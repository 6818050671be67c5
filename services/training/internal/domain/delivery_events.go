package domain

// The delivery area's events (issue 10 §6): session completed, certificate issued, JP credited.
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
}

// CertificateIssued announces a certificate issued for a passed enrolment, or reinstated
// (Reinstated) when a correction made the enrolment passed again.
type CertificateIssued struct {
	event
	Certificate IssuedCertificate
	Reinstated  bool
}

// SessionCompleted announces a session closed by HR once every seat holder had an outcome.
type SessionCompleted struct {
	event
	Session Session
}
