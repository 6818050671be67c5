package store

// The internship area's partners, agreements and cohorts (migrations/00004_internship.sql);
// placements and logbooks are in internship_placements.go.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// internDate formats a date held as a midnight UTC as the schema's "YYYY-MM-DD".
func internDate(t time.Time) string { return t.Format(time.DateOnly) }

// internParseDate reads a stored date back as a midnight UTC.
func internParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading date %q: %w", s, err)
	}
	return t, nil
}

// internMicros is the schema's instant of t; 0 for the zero time ("not yet").
func internMicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return database.Micros(t)
}

// internInstant reads an instant back; 0 is the zero time.
func internInstant(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return database.FromMicros(us)
}

// internArg appends v to args and returns its placeholder.
func internArg(args *[]any, v any) string {
	*args = append(*args, v)
	return "$" + strconv.Itoa(len(*args))
}

const partnerCols = `id, display_name, kind, address, contact_name, contact_email, contact_phone, version, create_time, update_time`

func scanPartner(sc database.Scanner) (domain.Partner, error) {
	var p domain.Partner
	var created, updated int64
	err := sc.Scan(&p.ID, &p.Name, &p.Kind, &p.Address, &p.Contact.Name, &p.Contact.Email, &p.Contact.Phone, &p.Version, &created, &updated)
	p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
	return p, err
}

// GetPartner returns partner id.
func (r reader) GetPartner(ctx context.Context, id string) (domain.Partner, error) {
	return database.Get(ctx, r.q, "partner", errs.NotFoundf("partner %s not found", id), scanPartner,
		`SELECT `+partnerCols+` FROM internship_partners WHERE id = $1`+r.q.Lock, id)
}

// ListPartners lists partners in id order after the id after.
func (r reader) ListPartners(ctx context.Context, after string, limit int) ([]domain.Partner, error) {
	out, err := database.Query(ctx, r.q, scanPartner,
		`SELECT `+partnerCols+` FROM internship_partners WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("listing partners: %w", err)
	}
	return out, nil
}

// InsertPartner stores a new partner.
func (t *txn) InsertPartner(ctx context.Context, p domain.Partner) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO internship_partners (`+partnerCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.ID, p.Name, p.Kind, p.Address, p.Contact.Name, p.Contact.Email, p.Contact.Phone, p.Version, database.Micros(p.Created), database.Micros(p.Updated))
	return database.CheckInserted(err, "partner", errs.Existsf("partner %s already exists", p.ID))
}

// UpdatePartner stores p over its previous version.
func (t *txn) UpdatePartner(ctx context.Context, p domain.Partner) error {
	return database.CheckUpdated(t.q.ExecContext(ctx, `UPDATE internship_partners SET display_name = $2, kind = $3, address = $4,
		contact_name = $5, contact_email = $6, contact_phone = $7, version = $8, update_time = $9 WHERE id = $1 AND version = $10`,
		p.ID, p.Name, p.Kind, p.Address, p.Contact.Name, p.Contact.Email, p.Contact.Phone, p.Version, database.Micros(p.Updated), p.Version-1))
}

const agreementCols = `id, partner, number, title, scope, start_date, end_date, contact_name, contact_email, contact_phone, document,
	version, create_time, update_time`

func scanAgreement(sc database.Scanner) (domain.Agreement, error) {
	var a domain.Agreement
	var start, end string
	var created, updated int64
	if err := sc.Scan(&a.ID, &a.Partner, &a.Number, &a.Title, &a.Scope, &start, &end, &a.Contact.Name, &a.Contact.Email,
		&a.Contact.Phone, &a.Document, &a.Version, &created, &updated); err != nil {
		return a, err
	}
	var err error
	if a.Start, err = internParseDate(start); err != nil {
		return a, err
	}
	if a.End, err = internParseDate(end); err != nil {
		return a, err
	}
	a.Created, a.Updated = database.FromMicros(created), database.FromMicros(updated)
	return a, nil
}

// GetAgreement returns agreement id.
func (r reader) GetAgreement(ctx context.Context, id string) (domain.Agreement, error) {
	return database.Get(ctx, r.q, "agreement", errs.NotFoundf("agreement %s not found", id), scanAgreement,
		`SELECT `+agreementCols+` FROM internship_agreements WHERE id = $1`+r.q.Lock, id)
}

// ListAgreements lists the agreements q selects, ending soonest first (by last day, then id),
// after the key after ("YYYY-MM-DD/id" of the last one listed, "" from the start).
func (r reader) ListAgreements(ctx context.Context, q app.AgreementQuery, after string, limit int) ([]domain.Agreement, error) {
	var args []any
	where := `1 = 1`
	if after != "" {
		end, id, ok := strings.Cut(after, "/")
		if !ok {
			return nil, errs.Invalidf("page_token", "is not a token this list handed out")
		}
		e, i := internArg(&args, end), internArg(&args, id)
		where += ` AND (end_date > ` + e + ` OR (end_date = ` + e + ` AND id > ` + i + `))`
	}
	if q.Partner != "" {
		where += ` AND partner = ` + internArg(&args, q.Partner)
	}
	for _, b := range []struct {
		col, op string
		t       time.Time
	}{{"start_date", ">=", q.StartFrom}, {"start_date", "<=", q.StartTo}, {"end_date", ">=", q.EndFrom}, {"end_date", "<=", q.EndTo}} {
		if !b.t.IsZero() {
			where += ` AND ` + b.col + ` ` + b.op + ` ` + internArg(&args, internDate(b.t))
		}
	}
	out, err := database.Query(ctx, r.q, scanAgreement,
		`SELECT `+agreementCols+` FROM internship_agreements WHERE `+where+` ORDER BY end_date, id LIMIT `+internArg(&args, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("listing agreements: %w", err)
	}
	return out, nil
}

// InsertAgreement stores a new agreement.
func (t *txn) InsertAgreement(ctx context.Context, a domain.Agreement) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO internship_agreements (`+agreementCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		a.ID, a.Partner, a.Number, a.Title, a.Scope, internDate(a.Start), internDate(a.End), a.Contact.Name, a.Contact.Email,
		a.Contact.Phone, a.Document, a.Version, database.Micros(a.Created), database.Micros(a.Updated))
	return database.CheckInserted(err, "agreement", errs.Existsf("an agreement numbered %q already exists", a.Number))
}

// InternshipProgramme reads the catalogue's programme id (the catalogue's table).
func (r reader) InternshipProgramme(ctx context.Context, id string) (app.InternshipProgramme, error) {
	return database.Get(ctx, r.q, "programme", errs.Invalidf("programme", "no programme %s in the catalogue", id),
		func(sc database.Scanner) (app.InternshipProgramme, error) {
			var p app.InternshipProgramme
			var state string
			err := sc.Scan(&p.ID, &p.Title, &p.Form, &p.JP, &state)
			p.Retired = state == "retired"
			return p, err
		}, `SELECT id, title, form, jp, state FROM programmes WHERE id = $1`, id)
}

const cohortCols = `id, agreement, partner, display_name, programme, start_date, end_date, version, create_time, update_time`

func scanCohort(sc database.Scanner) (domain.Cohort, error) {
	var c domain.Cohort
	var start, end string
	var created, updated int64
	if err := sc.Scan(&c.ID, &c.Agreement, &c.Partner, &c.Name, &c.Programme, &start, &end, &c.Version, &created, &updated); err != nil {
		return c, err
	}
	var err error
	if c.Start, err = internParseDate(start); err != nil {
		return c, err
	}
	if c.End, err = internParseDate(end); err != nil {
		return c, err
	}
	c.Created, c.Updated = database.FromMicros(created), database.FromMicros(updated)
	return c, nil
}

// GetCohort returns cohort id with its quotas; in a PostgreSQL transaction it locks the
// cohort's row, which serialises the quota count of placements in it.
func (r reader) GetCohort(ctx context.Context, id string) (domain.Cohort, error) {
	c, err := database.Get(ctx, r.q, "cohort", errs.NotFoundf("cohort %s not found", id), scanCohort,
		`SELECT `+cohortCols+` FROM internship_cohorts WHERE id = $1`+r.q.Lock, id)
	if err != nil {
		return c, err
	}
	cs := []domain.Cohort{c}
	if err := r.cohortQuotas(ctx, cs); err != nil {
		return c, err
	}
	return cs[0], nil
}

// ListCohorts lists the cohorts q selects, newest first (ids are time-ordered), after the id
// after ("" from the start).
func (r reader) ListCohorts(ctx context.Context, q app.CohortQuery, after string, limit int) ([]domain.Cohort, error) {
	var args []any
	where := `1 = 1`
	if after != "" {
		where += ` AND c.id < ` + internArg(&args, after)
	}
	if q.Agreement != "" {
		where += ` AND c.agreement = ` + internArg(&args, q.Agreement)
	}
	if q.Partner != "" {
		where += ` AND c.partner = ` + internArg(&args, q.Partner)
	}
	if q.Agency != "" {
		where += ` AND EXISTS (SELECT 1 FROM internship_quotas x WHERE x.cohort = c.id AND x.agency = ` + internArg(&args, q.Agency) + `)`
	}
	out, err := database.Query(ctx, r.q, scanCohort, `SELECT c.id, c.agreement, c.partner, c.display_name, c.programme, c.start_date,
		c.end_date, c.version, c.create_time, c.update_time FROM internship_cohorts c WHERE `+where+` ORDER BY c.id DESC LIMIT `+internArg(&args, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("listing cohorts: %w", err)
	}
	if err := r.cohortQuotas(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// cohortQuotas fills the quotas of cs and the seats taken of each (placements not withdrawn).
func (r reader) cohortQuotas(ctx context.Context, cs []domain.Cohort) error {
	at := make(map[string]int, len(cs))
	ids := make([]string, len(cs))
	for i := range cs {
		at[cs[i].ID], ids[i] = i, cs[i].ID
		cs[i].Quotas, cs[i].Placed = map[string]int{}, map[string]int{}
	}
	err := database.EachIn(ctx, r.q, ids, database.DefaultBatch, func(sc database.Scanner) error {
		var cohort, agency string
		var seats, placed int
		if err := sc.Scan(&cohort, &agency, &seats, &placed); err != nil {
			return err
		}
		cs[at[cohort]].Quotas[agency], cs[at[cohort]].Placed[agency] = seats, placed
		return nil
	}, func(list string) string {
		return `SELECT q.cohort, q.agency, q.seats, (SELECT COUNT(*) FROM internship_placements p
			WHERE p.cohort = q.cohort AND p.agency = q.agency AND p.state <> $1) FROM internship_quotas q WHERE q.cohort IN (` + list + `)`
	}, domain.PlacementStateWithdrawn)
	if err != nil {
		return fmt.Errorf("reading cohort quotas: %w", err)
	}
	return nil
}

// InsertCohort stores a new cohort and its quotas.
func (t *txn) InsertCohort(ctx context.Context, c domain.Cohort) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO internship_cohorts (`+cohortCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		c.ID, c.Agreement, c.Partner, c.Name, c.Programme, internDate(c.Start), internDate(c.End), c.Version,
		database.Micros(c.Created), database.Micros(c.Updated))
	if err := database.CheckInserted(err, "cohort", errs.Existsf("cohort %s already exists", c.ID)); err != nil {
		return err
	}
	agencies := c.Agencies()
	return database.Chunks(agencies, database.DefaultBatch, func(part []string) error {
		args := make([]any, 0, 3*len(part))
		for _, a := range part {
			args = append(args, c.ID, a, c.Quotas[a])
		}
		_, err := t.q.ExecContext(ctx, `INSERT INTO internship_quotas (cohort, agency, seats) VALUES `+database.Values(1, len(part), 3), args...)
		if err != nil {
			return fmt.Errorf("inserting cohort quotas: %w", err)
		}
		return nil
	})
}
