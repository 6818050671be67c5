package app

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The delivery area: attendance per session day, completion, certificates and external
// training. It reads sessions, programmes and enrolments through the catalogue's part of the
// repository and stores an outcome or a session's completion through it (UpdateEnrolment,
// UpdateSession); its own tables are below.

// DayRecord is one seat holder's mark on one recorded session day.
type DayRecord struct {
	Date       string // YYYY-MM-DD in the session's zone
	Enrolment  string
	Employee   string
	Present    bool
	RecordedBy string
	Recorded   time.Time
}

// CertificateKey is a public key that has signed certificates.
type CertificateKey struct {
	ID      string
	Public  ed25519.PublicKey
	Created time.Time
}

// CertificateQuery selects certificates, newest (highest number) first: of one employee, or
// one agency's employees, or all; of one issue year when Year is set. Before is the last number
// of the previous page.
type CertificateQuery struct {
	Employee string
	Agency   string
	Year     int
	Before   string
	Limit    int
}

// ExternalQuery selects external training, newest (highest id) first: of one employee, or one
// agency's employees, or all; in one state when State is set. Before is the last id of the
// previous page.
type ExternalQuery struct {
	Employee string
	Agency   string
	State    domain.ExternalState
	Before   string
	Limit    int
}

// DeliveryReader reads the delivery area's data outside a transaction (inside one, the reads
// of rows about to change lock them on PostgreSQL).
type DeliveryReader interface {
	// SeatHolders reads the enrolments of session that hold a seat (enrolled or finished), in
	// arrival order, with the employees' names.
	SeatHolders(ctx context.Context, session string) ([]domain.Enrolment, error)
	// SessionDayRecords reads every recorded day of session, by date and enrolment.
	SessionDayRecords(ctx context.Context, session string) ([]DayRecord, error)
	// EnrolmentAttendance tallies the recorded days of enrolment.
	EnrolmentAttendance(ctx context.Context, enrolment string) (domain.Attendance, error)

	// CertificateNumberAt reads the number (as printed, with its check code) of year's seq-th
	// certificate; ok is false when there is none. It reads nothing else, so that the public
	// check does the same work whether the number exists or not.
	CertificateNumberAt(ctx context.Context, year, seq int) (number string, ok bool, err error)
	// Certificate reads certificate number (NotFound when there is none).
	Certificate(ctx context.Context, number string) (domain.IssuedCertificate, error)
	// CertificateOfEnrolment reads the certificate of enrolment; ok is false when it has none.
	CertificateOfEnrolment(ctx context.Context, enrolment string) (c domain.IssuedCertificate, ok bool, err error)
	// ListCertificates reads certificates, newest first.
	ListCertificates(ctx context.Context, q CertificateQuery) ([]domain.IssuedCertificate, error)
	// CertificateKeys reads every key that has signed certificates, in id order.
	CertificateKeys(ctx context.Context) ([]CertificateKey, error)

	// ExternalTraining reads external training id (NotFound when there is none).
	ExternalTraining(ctx context.Context, id string) (domain.External, error)
	// ListExternalTrainings reads external training, newest first.
	ListExternalTrainings(ctx context.Context, q ExternalQuery) ([]domain.External, error)
}

// DeliveryTx is the delivery area's part of a unit of work.
type DeliveryTx interface {
	DeliveryReader
	// ReplaceSessionDay stores the marks of session's day date, replacing whatever was recorded
	// for that day.
	ReplaceSessionDay(ctx context.Context, session, date string, marks []domain.DayMark, by string, at time.Time) error
	// NextCertificateSeq hands out the next certificate sequence number of year; the number is
	// held by the transaction until it commits, so numbers follow commit order without gaps.
	NextCertificateSeq(ctx context.Context, year int) (int, error)
	// KeepCertificateKey records the public key id the first time it signs (a different key
	// under a known id is an error: ids are never reused).
	KeepCertificateKey(ctx context.Context, id string, pub ed25519.PublicKey, at time.Time) error
	// InsertCertificate stores a new certificate.
	InsertCertificate(ctx context.Context, c domain.IssuedCertificate) error
	// UpdateCertificate stores c's state and reason; c's version is one above the stored one.
	UpdateCertificate(ctx context.Context, c domain.IssuedCertificate) error
	// InsertExternalTraining stores new external training (AlreadyExists for a known id).
	InsertExternalTraining(ctx context.Context, x domain.External) error
	// UpdateExternalTraining stores x's decision; x's version is one above the stored one.
	UpdateExternalTraining(ctx context.Context, x domain.External) error
}
