package store

// Delivery: attendance per session day, certificates with their numbering and keys, external
// training (migrations/00002_delivery.sql). Outcomes are written to the catalogue's enrolments
// through UpdateEnrolment; a session's completion through UpdateSession.

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// seatStates are the enrolment states that hold a seat, as SQL.
const seatStates = `('enrolled', 'passed', 'failed', 'did_not_finish')`

// SeatHolders reads the seat holders of session with their names (the catalogue's enrolment
// view), in arrival order. It locks nothing: the view joins the directory copy, and the
// transactions that change seats lock them through SessionEnrolments.
func (r reader) SeatHolders(ctx context.Context, session string) ([]domain.Enrolment, error) {
	out, err := database.Query(ctx, r.q, scanEnrolmentView, `SELECT `+enrolmentCols+enrolmentView+enrolmentFrom+
		` WHERE n.session = $1 AND n.state IN `+seatStates+` ORDER BY n.arrival, n.id`, session)
	if err != nil {
		return nil, fmt.Errorf("reading the session's seat holders: %w", err)
	}
	return out, nil
}

// SessionDayRecords reads the recorded days of session, by date and the enrolments' arrival.
func (r reader) SessionDayRecords(ctx context.Context, session string) ([]app.DayRecord, error) {
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.DayRecord, error) {
		var (
			d       app.DayRecord
			present int
			at      int64
		)
		err := sc.Scan(&d.Date, &d.Enrolment, &d.Employee, &present, &d.RecordedBy, &at)
		d.Present, d.Recorded = present == 1, database.FromMicros(at)
		return d, err
	}, `SELECT d.date, d.enrolment, d.employee, d.present, d.recorded_by, d.record_time
		FROM session_days d JOIN enrolments n ON n.id = d.enrolment
		WHERE d.session = $1 ORDER BY d.date, n.arrival, n.id`, session)
	if err != nil {
		return nil, fmt.Errorf("reading the session's days: %w", err)
	}
	return out, nil
}

// EnrolmentAttendance tallies the days recorded for enrolment.
func (r reader) EnrolmentAttendance(ctx context.Context, enrolment string) (domain.Attendance, error) {
	a := domain.Attendance{Enrolment: enrolment}
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(present), 0) FROM session_days WHERE enrolment = $1`, enrolment).
		Scan(&a.Recorded, &a.Present)
	if err != nil {
		return a, fmt.Errorf("counting the enrolment's days: %w", err)
	}
	return a, nil
}

// ReplaceSessionDay stores the marks of one day of session, replacing the day's earlier record.
func (t *txn) ReplaceSessionDay(ctx context.Context, session, date string, marks []domain.DayMark, by string, at time.Time) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM session_days WHERE session = $1 AND date = $2`, session, date); err != nil {
		return fmt.Errorf("clearing the session day: %w", err)
	}
	const cols = 7
	return database.Chunks(marks, 0, func(part []domain.DayMark) error {
		args := make([]any, 0, len(part)*cols)
		for _, m := range part {
			present := 0
			if m.Present {
				present = 1
			}
			args = append(args, session, date, m.Enrolment, m.Employee, present, by, database.Micros(at))
		}
		_, err := t.tx.ExecContext(ctx, `INSERT INTO session_days (session, date, enrolment, employee, present, recorded_by, record_time)
			VALUES `+database.Values(1, len(part), cols), args...)
		if err != nil {
			return fmt.Errorf("storing the session day: %w", err)
		}
		return nil
	})
}

// certificateCols are a certificate's columns.
const certificateCols = `number, year, seq, enrolment, session, programme, employee, agency, name, programme_title, start_date,
	end_date, jp, issue_date, key_id, signature, state, reason, version, create_time, update_time`

func scanCertificate(sc database.Scanner) (domain.IssuedCertificate, error) {
	var (
		c                domain.IssuedCertificate
		sig, state       string
		created, updated int64
	)
	err := sc.Scan(&c.Number, &c.Year, &c.Seq, &c.Enrolment, &c.Session, &c.ProgrammeID, &c.Employee, &c.Agency, &c.Name,
		&c.Programme, &c.Start, &c.End, &c.JP, &c.Issued, &c.KeyID, &sig, &state, &c.Reason, &c.Version, &created, &updated)
	if err != nil {
		return c, err
	}
	if c.Signature, err = base64.StdEncoding.DecodeString(sig); err != nil {
		return c, fmt.Errorf("decoding the signature of certificate %s: %w", c.Number, err)
	}
	c.State = domain.CertificateState(state)
	c.Created, c.Updated = database.FromMicros(created), database.FromMicros(updated)
	return c, nil
}

// Certificate reads certificate number.
func (r reader) Certificate(ctx context.Context, number string) (domain.IssuedCertificate, error) {
	return database.Get(ctx, r.q, "certificate", errs.NotFoundf("certificate %q does not exist", number), scanCertificate,
		`SELECT `+certificateCols+` FROM certificates WHERE number = $1`+r.q.Lock, number)
}

// CertificateNumberAt reads the number of year's seq-th certificate (the unique index
// certificates_year_seq), and nothing else.
func (r reader) CertificateNumberAt(ctx context.Context, year, seq int) (string, bool, error) {
	var number string
	err := r.q.QueryRowContext(ctx, `SELECT number FROM certificates WHERE year = $1 AND seq = $2`, year, seq).Scan(&number)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("reading the number of certificate %d/%d: %w", year, seq, err)
	}
	return number, true, nil
}

// CertificateOfEnrolment reads the certificate of enrolment, if it has one.
func (r reader) CertificateOfEnrolment(ctx context.Context, enrolment string) (domain.IssuedCertificate, bool, error) {
	c, found, err := database.One(r.q.QueryRowContext(ctx, `SELECT `+certificateCols+` FROM certificates WHERE enrolment = $1`+r.q.Lock, enrolment), scanCertificate)
	if err != nil {
		return c, false, fmt.Errorf("reading the enrolment's certificate: %w", err)
	}
	return c, found, nil
}

// ListCertificates reads certificates, highest number first (newest: numbers sort by year, then
// sequence).
func (r reader) ListCertificates(ctx context.Context, q app.CertificateQuery) ([]domain.IssuedCertificate, error) {
	w := deliveryFilter{}
	w.add("employee", q.Employee)
	w.add("agency", q.Agency)
	if q.Year != 0 {
		w.add("year", q.Year)
	}
	if q.Before != "" {
		w.cond("number < $%d", q.Before)
	}
	out, err := database.Query(ctx, r.q, scanCertificate, `SELECT `+certificateCols+` FROM certificates`+w.where()+
		fmt.Sprintf(` ORDER BY number DESC LIMIT %d`, q.Limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("listing certificates: %w", err)
	}
	return out, nil
}

// CertificateKeys reads the keys that have signed certificates.
func (r reader) CertificateKeys(ctx context.Context) ([]app.CertificateKey, error) {
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.CertificateKey, error) {
		var (
			k   app.CertificateKey
			pub string
			at  int64
		)
		if err := sc.Scan(&k.ID, &pub, &at); err != nil {
			return k, err
		}
		raw, err := base64.StdEncoding.DecodeString(pub)
		if err != nil || len(raw) != ed25519.PublicKeySize {
			return k, fmt.Errorf("certificate key %s is not an Ed25519 public key", k.ID)
		}
		k.Public, k.Created = ed25519.PublicKey(raw), database.FromMicros(at)
		return k, nil
	}, `SELECT id, public_key, create_time FROM certificate_keys ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("reading the certificate keys: %w", err)
	}
	return out, nil
}

// NextCertificateSeq hands out year's next certificate number: the UPDATE holds the year's row
// until the transaction ends, so concurrent passes take numbers one after the other.
func (t *txn) NextCertificateSeq(ctx context.Context, year int) (int, error) {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO certificate_sequences (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING`, year); err != nil {
		return 0, fmt.Errorf("opening the certificate numbers of %d: %w", year, err)
	}
	var seq int
	if err := t.tx.QueryRowContext(ctx, `UPDATE certificate_sequences SET last = last + 1 WHERE year = $1 RETURNING last`, year).Scan(&seq); err != nil {
		return 0, fmt.Errorf("taking a certificate number of %d: %w", year, err)
	}
	return seq, nil
}

// KeepCertificateKey records the public key id the first time it signs.
func (t *txn) KeepCertificateKey(ctx context.Context, id string, pub ed25519.PublicKey, at time.Time) error {
	enc := base64.StdEncoding.EncodeToString(pub)
	var stored string
	err := t.tx.QueryRowContext(ctx, `SELECT public_key FROM certificate_keys WHERE id = $1`, id).Scan(&stored)
	switch {
	case err == nil && stored != enc:
		return fmt.Errorf("certificate key id %q already names another public key: give the new key a new id", id)
	case err == nil:
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("reading certificate key %s: %w", id, err)
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO certificate_keys (id, public_key, create_time) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO NOTHING`, id, enc, database.Micros(at)); err != nil {
		return fmt.Errorf("storing certificate key %s: %w", id, err)
	}
	return nil
}

// InsertCertificate stores a new certificate.
func (t *txn) InsertCertificate(ctx context.Context, c domain.IssuedCertificate) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO certificates (`+certificateCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		c.Number, c.Year, c.Seq, c.Enrolment, c.Session, c.ProgrammeID, c.Employee, c.Agency, c.Name, c.Programme, c.Start, c.End,
		c.JP, c.Issued, c.KeyID, base64.StdEncoding.EncodeToString(c.Signature), string(c.State), c.Reason, c.Version,
		database.Micros(c.Created), database.Micros(c.Updated))
	return database.CheckInserted(err, "certificate", errs.Existsf("certificate %s or one of enrolment %s already exists", c.Number, c.Enrolment))
}

// UpdateCertificate stores c's state and reason if the stored certificate is at the version
// before c's.
func (t *txn) UpdateCertificate(ctx context.Context, c domain.IssuedCertificate) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE certificates SET state = $1, reason = $2, version = $3, update_time = $4
		WHERE number = $5 AND version = $6`, string(c.State), c.Reason, c.Version, database.Micros(c.Updated), c.Number, c.Version-1))
}

// externalCols are an external training's columns.
const externalCols = `id, employee, agency, title, provider, form, start_date, end_date, minutes, jp, evidence, state, reason,
	submitted_by, decided_by, decide_time, version, create_time, update_time`

func scanExternal(sc database.Scanner) (domain.External, error) {
	var (
		x                         domain.External
		form, start, end, state   string
		decided, created, updated int64
	)
	err := sc.Scan(&x.ID, &x.Employee, &x.Agency, &x.Title, &x.Provider, &form, &start, &end, &x.Minutes, &x.JP, &x.Evidence,
		&state, &x.Reason, &x.SubmittedBy, &x.DecidedBy, &decided, &x.Version, &created, &updated)
	if err != nil {
		return x, err
	}
	x.Form, x.State = domain.Form(form), domain.ExternalState(state)
	if x.Start, err = time.Parse(time.DateOnly, start); err != nil {
		return x, fmt.Errorf("external training %s: start date %q: %w", x.ID, start, err)
	}
	if x.End, err = time.Parse(time.DateOnly, end); err != nil {
		return x, fmt.Errorf("external training %s: end date %q: %w", x.ID, end, err)
	}
	if decided != 0 {
		x.Decided = database.FromMicros(decided)
	}
	x.Created, x.Updated = database.FromMicros(created), database.FromMicros(updated)
	return x, nil
}

// ExternalTraining reads external training id.
func (r reader) ExternalTraining(ctx context.Context, id string) (domain.External, error) {
	return database.Get(ctx, r.q, "external training", errs.NotFoundf("external training %q does not exist", id), scanExternal,
		`SELECT `+externalCols+` FROM external_trainings WHERE id = $1`+r.q.Lock, id)
}

// ListExternalTrainings reads external training, highest id (newest, the ids being UUIDv7)
// first.
func (r reader) ListExternalTrainings(ctx context.Context, q app.ExternalQuery) ([]domain.External, error) {
	w := deliveryFilter{}
	w.add("employee", q.Employee)
	w.add("agency", q.Agency)
	w.add("state", string(q.State))
	if q.Before != "" {
		w.cond("id < $%d", q.Before)
	}
	out, err := database.Query(ctx, r.q, scanExternal, `SELECT `+externalCols+` FROM external_trainings`+w.where()+
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, q.Limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("listing external training: %w", err)
	}
	return out, nil
}

// InsertExternalTraining stores new external training.
func (t *txn) InsertExternalTraining(ctx context.Context, x domain.External) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO external_trainings (`+externalCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		x.ID, x.Employee, x.Agency, x.Title, x.Provider, string(x.Form), x.Start.Format(time.DateOnly), x.End.Format(time.DateOnly),
		x.Minutes, x.JP, x.Evidence, string(x.State), x.Reason, x.SubmittedBy, x.DecidedBy, microsOrZero(x.Decided), x.Version,
		database.Micros(x.Created), database.Micros(x.Updated))
	return database.CheckInserted(err, "external training", errs.Existsf("external training %q already exists", x.ID))
}

// UpdateExternalTraining stores x's decision if the stored record is at the version before x's.
func (t *txn) UpdateExternalTraining(ctx context.Context, x domain.External) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE external_trainings SET state = $1, reason = $2, decided_by = $3,
		decide_time = $4, version = $5, update_time = $6 WHERE id = $7 AND version = $8`,
		string(x.State), x.Reason, x.DecidedBy, microsOrZero(x.Decided), x.Version, database.Micros(x.Updated), x.ID, x.Version-1))
}

// microsOrZero stores a zero time as 0 ("not yet").
func microsOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return database.Micros(t)
}

// deliveryFilter builds the WHERE clause of a list: equality conditions on the filters that are
// set, numbered placeholders in order.
type deliveryFilter struct {
	conds []string
	args  []any
}

// add keeps rows whose column equals v, when v is set.
func (f *deliveryFilter) add(column string, v any) {
	if v == "" || v == nil {
		return
	}
	f.cond(column+" = $%d", v)
}

// cond adds a condition with one placeholder.
func (f *deliveryFilter) cond(format string, v any) {
	f.args = append(f.args, v)
	f.conds = append(f.conds, fmt.Sprintf(format, len(f.args)))
}

func (f *deliveryFilter) where() string {
	if len(f.conds) == 0 {
		return ""
	}
	out := " WHERE " + f.conds[0]
	for _, c := range f.conds[1:] {
		out += " AND " + c
	}
	return out
}
