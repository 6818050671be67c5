package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The facts the work plans' monitoring keeps of what the other services reported (tables
// plan_fact_*, plan_backfills and plan_dirty of migrations/00005_plan_facts.sql). The durable
// consumers write them in the transaction that records their event processed (Facts over
// bus.Consume's *database.Tx); the gRPC back-fill writes them with Backfill set, inserting only
// what no event wrote yet, so an event's row is never overwritten by an older read.

// Facts writes facts through a database or a transaction.
type Facts struct {
	q database.Q
	// Backfill makes every write insert-only: a row already there (written by an event, or an
	// earlier back-fill) is kept as it is.
	Backfill bool
}

// FactsIn returns the fact writer of tx, the consumer's transaction.
func FactsIn(tx *database.Tx) Facts { return Facts{q: tx.Q()} }

// FactsOn returns the fact writer of db, for the back-fill: insert-only.
func FactsOn(db *database.DB) Facts { return Facts{q: db.Q(), Backfill: true} }

// Recorded says which event (or back-filled read) wrote a fact and when.
type Recorded struct {
	EventID string    // the event's id, or "backfill:<rpc>:…"
	Subject string    // its subject without the deployment's prefix, or the RPC read
	Occur   time.Time // when it happened
	At      time.Time // when planning recorded it
}

func (r Recorded) args() []any {
	return []any{r.EventID, r.Subject, database.Micros(r.Occur), database.Micros(r.At)}
}

// JPFact is JP credited to an employee (0 once reversed), by its reference.
type JPFact struct {
	Reference, Employee, Agency string
	Year, JP                    int
	Source, Programme, Title    string // Programme: the programme's id, without "programmes/"
}

// EmployeeAgency returns the agency of employee nip in the registry; "" when not registered.
func (f Facts) EmployeeAgency(ctx context.Context, nip string) (string, error) {
	var agency string
	err := f.q.QueryRowContext(ctx, `SELECT agency FROM employees WHERE nip = $1`, nip).Scan(&agency)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the agency of %s: %w", nip, err)
	}
	return agency, nil
}

// conflict returns the ON CONFLICT clause of an upsert: DO NOTHING for a back-fill, the update
// otherwise.
func (f Facts) conflict(update string) string {
	if f.Backfill {
		return ` DO NOTHING`
	}
	return ` DO UPDATE SET ` + update
}

// PutJP writes a JP fact and marks the JP targets of its agency and year dirty.
func (f Facts) PutJP(ctx context.Context, j JPFact, r Recorded) error {
	_, err := f.q.ExecContext(ctx, `INSERT INTO plan_fact_jp (reference, employee, agency, year, jp, source, programme, title,
			event_id, subject, occur_time, record_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (reference)`+f.conflict(`employee = excluded.employee, agency = excluded.agency, year = excluded.year,
			jp = excluded.jp, source = excluded.source, programme = excluded.programme, title = excluded.title,
			event_id = excluded.event_id, subject = excluded.subject, occur_time = excluded.occur_time, record_time = excluded.record_time`),
		append([]any{j.Reference, j.Employee, j.Agency, j.Year, j.JP, j.Source, j.Programme, j.Title}, r.args()...)...)
	if err != nil {
		return fmt.Errorf("recording JP %s: %w", j.Reference, err)
	}
	return f.MarkDirty(ctx, j.Agency, j.Year, domain.TargetJPShare, domain.TargetProgrammeParticipants)
}

// InternshipFact is an internship placement in an agency.
type InternshipFact struct {
	Placement, Participant, Agency string
	Year                           int
	State                          string // started, completed, withdrawn
}

// PutInternship writes a placement's state and marks the internship targets dirty.
func (f Facts) PutInternship(ctx context.Context, p InternshipFact, r Recorded) error {
	_, err := f.q.ExecContext(ctx, `INSERT INTO plan_fact_internships (placement, participant, agency, year, state,
			event_id, subject, occur_time, record_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (placement)`+f.conflict(`participant = excluded.participant, agency = excluded.agency, year = excluded.year,
			state = excluded.state, event_id = excluded.event_id, subject = excluded.subject, occur_time = excluded.occur_time,
			record_time = excluded.record_time`),
		append([]any{p.Placement, p.Participant, p.Agency, p.Year, p.State}, r.args()...)...)
	if err != nil {
		return fmt.Errorf("recording placement %s: %w", p.Placement, err)
	}
	return f.MarkDirty(ctx, p.Agency, p.Year, domain.TargetInternshipsCompleted)
}

// The statuses of a day in plan_fact_days.
const (
	DayCheckedIn = "checked_in" // a check-in, the day not closed yet
	DayPresent   = "present"
	DayOnLeave   = "on_leave"
	DayHoliday   = "holiday"
	DayAbsent    = "absent"
)

// DayFact is an employee's working day.
type DayFact struct {
	Employee, Day, Agency, Status string // Day "YYYY-MM-DD"
}

// PutDay writes a day and marks the attendance targets dirty. A check-in never overwrites a
// row (the day's check-in is there already, or the day is closed); a closed day replaces a
// check-in or an earlier close.
func (f Facts) PutDay(ctx context.Context, d DayFact, r Recorded) error {
	update := f.conflict(`agency = excluded.agency, status = excluded.status, event_id = excluded.event_id,
			subject = excluded.subject, occur_time = excluded.occur_time, record_time = excluded.record_time`)
	if d.Status == DayCheckedIn {
		update = ` DO NOTHING`
	}
	_, err := f.q.ExecContext(ctx, `INSERT INTO plan_fact_days (employee, day, agency, status, event_id, subject, occur_time, record_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (employee, day)`+update,
		append([]any{d.Employee, d.Day, d.Agency, d.Status}, r.args()...)...)
	if err != nil {
		return fmt.Errorf("recording the day %s of %s: %w", d.Day, d.Employee, err)
	}
	year, err := time.Parse(time.DateOnly, d.Day)
	if err != nil {
		return fmt.Errorf("day %q of %s: %w", d.Day, d.Employee, err)
	}
	return f.MarkDirty(ctx, d.Agency, year.Year(), domain.TargetAttendanceRate, domain.TargetUnexcusedAbsenceDays)
}

// SkpFact is an SKP's approval or its annual rating's finalisation.
type SkpFact struct {
	Skp, Employee, Agency string // Skp: the SKP's id, without "skps/"
	Year                  int
	Approved              time.Time // zero: not this fact
	Finalised             time.Time // zero: not this fact
	Predicate             string
}

// PutSkp writes what f says of an SKP — its first approval, its final rating — keeping what
// the row says already of the other, and marks the evaluation targets dirty.
func (f Facts) PutSkp(ctx context.Context, s SkpFact, r Recorded) error {
	approved, finalised := int64(0), int64(0)
	if !s.Approved.IsZero() {
		approved = database.Micros(s.Approved)
	}
	if !s.Finalised.IsZero() {
		finalised = database.Micros(s.Finalised)
	}
	_, err := f.q.ExecContext(ctx, `INSERT INTO plan_fact_skps (skp, employee, agency, year, approve_time, finalise_time, predicate,
			event_id, subject, occur_time, record_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (skp)`+f.conflict(`employee = excluded.employee, agency = excluded.agency, year = excluded.year,
			approve_time = CASE WHEN plan_fact_skps.approve_time = 0 THEN excluded.approve_time ELSE plan_fact_skps.approve_time END,
			finalise_time = CASE WHEN excluded.finalise_time = 0 THEN plan_fact_skps.finalise_time ELSE excluded.finalise_time END,
			predicate = CASE WHEN excluded.finalise_time = 0 THEN plan_fact_skps.predicate ELSE excluded.predicate END,
			event_id = excluded.event_id, subject = excluded.subject, occur_time = excluded.occur_time, record_time = excluded.record_time`),
		append([]any{s.Skp, s.Employee, s.Agency, s.Year, approved, finalised, s.Predicate}, r.args()...)...)
	if err != nil {
		return fmt.Errorf("recording SKP %s: %w", s.Skp, err)
	}
	return f.MarkDirty(ctx, s.Agency, s.Year, domain.TargetSkpApprovedShare, domain.TargetRatingsFinalisedShare)
}

// FeedbackFact is a feedback entry on an SKP.
type FeedbackFact struct {
	Feedback, Skp, Employee, Agency string // Feedback: the entry's name; Employee: the SKP's holder
	Year                            int
	Day                             string // "YYYY-MM-DD" it was given (Asia/Jakarta)
}

// PutFeedback writes a feedback entry (once: an entry does not change) and marks the feedback
// targets dirty.
func (f Facts) PutFeedback(ctx context.Context, e FeedbackFact, r Recorded) error {
	_, err := f.q.ExecContext(ctx, `INSERT INTO plan_fact_feedback (feedback, skp, employee, agency, year, day, event_id, subject, occur_time, record_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (feedback) DO NOTHING`,
		append([]any{e.Feedback, e.Skp, e.Employee, e.Agency, e.Year, e.Day}, r.args()...)...)
	if err != nil {
		return fmt.Errorf("recording feedback %s: %w", e.Feedback, err)
	}
	return f.MarkDirty(ctx, e.Agency, e.Year, domain.TargetFeedbackShare)
}

// MarkDirty records that the targets of kinds in agency and year must be measured again (the
// city's targets of the year too: the loop matches them to every agency).
func (f Facts) MarkDirty(ctx context.Context, agency string, year int, kinds ...domain.TargetKind) error {
	for _, k := range kinds {
		if _, err := f.q.ExecContext(ctx, `INSERT INTO plan_dirty (kind, agency, year) VALUES ($1, $2, $3) ON CONFLICT (kind, agency, year) DO NOTHING`,
			string(k), agency, year); err != nil {
			return fmt.Errorf("marking %s of %q %d to measure: %w", k, agency, year, err)
		}
	}
	return nil
}

// BackfillDone reports whether source's records of agency ("" the whole city) in year were read.
func (f Facts) BackfillDone(ctx context.Context, source, agency string, year int) (bool, error) {
	var n int
	if err := f.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_backfills WHERE source = $1 AND agency = $2 AND year = $3`,
		source, agency, year).Scan(&n); err != nil {
		return false, fmt.Errorf("reading back-fills: %w", err)
	}
	return n > 0, nil
}

// RecordBackfill records that source's records of agency in year were read at t.
func (f Facts) RecordBackfill(ctx context.Context, source, agency string, year int, t time.Time) error {
	if _, err := f.q.ExecContext(ctx, `INSERT INTO plan_backfills (source, agency, year, done_time) VALUES ($1, $2, $3, $4)
		ON CONFLICT (source, agency, year) DO NOTHING`, source, agency, year, database.Micros(t)); err != nil {
		return fmt.Errorf("recording the back-fill of %s %q %d: %w", source, agency, year, err)
	}
	return nil
}

// BackfillWanted is a (source, agency, year) an active target needs read over gRPC.
type BackfillWanted struct {
	Source, Agency string
	Year           int
}

// BackfillsWanted returns the (kind's source, agency, year) of active targets not back-filled
// yet; planning's own kinds (fill rate) need none.
func (f Facts) BackfillsWanted(ctx context.Context) ([]BackfillWanted, error) {
	type row struct {
		kind, agency string
		year         int
	}
	rows, err := database.Query(ctx, f.q, func(sc database.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.kind, &r.agency, &r.year)
	}, `SELECT DISTINCT kind, agency, year FROM plan_targets WHERE active = 1`)
	if err != nil {
		return nil, fmt.Errorf("reading the active targets' kinds: %w", err)
	}
	seen := map[BackfillWanted]bool{}
	var out []BackfillWanted
	for _, r := range rows {
		w := BackfillWanted{Source: domain.TargetKind(r.kind).Source(), Agency: r.agency, Year: r.year}
		if w.Source == "planning" || seen[w] {
			continue
		}
		seen[w] = true
		done, err := f.BackfillDone(ctx, w.Source, w.Agency, w.Year)
		if err != nil {
			return nil, err
		}
		if !done {
			out = append(out, w)
		}
	}
	return out, nil
}
