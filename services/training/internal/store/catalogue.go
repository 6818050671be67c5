package store

// The catalogue: programmes and sessions (tables programmes and sessions of
// migrations/00001_catalogue.sql). Enrolments are in catalogue_enrolments.go.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

const programmeCols = `id, title, description, competency_type, competencies, form, minutes, jp, provider, provider_kind, partner,
	cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time`

func scanProgramme(sc database.Scanner) (domain.Programme, error) {
	var (
		p                      domain.Programme
		typ, comps, form, kind string
		state                  string
		cert, latsar           int
		created, updated       int64
	)
	if err := sc.Scan(&p.ID, &p.Title, &p.Description, &typ, &comps, &form, &p.Minutes, &p.JP, &p.Provider, &kind, &p.Partner,
		&p.CostPerSeat, &cert, &latsar, &p.Agency, &state, &p.Version, &created, &updated); err != nil {
		return p, err
	}
	p.Type, p.Form, p.Kind, p.State = domain.CompetencyType(typ), domain.Form(form), domain.ProviderKind(kind), domain.ProgrammeState(state)
	p.Certificate, p.Latsar = cert == 1, latsar == 1
	if err := json.Unmarshal([]byte(comps), &p.Competencies); err != nil {
		return p, fmt.Errorf("decoding competencies: %w", err)
	}
	p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
	return p, nil
}

func catBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

func programmeArgs(p domain.Programme) ([]any, error) {
	comps, err := json.Marshal(database.NonNil(p.Competencies))
	if err != nil {
		return nil, fmt.Errorf("encoding competencies: %w", err)
	}
	return []any{p.Title, p.Description, string(p.Type), string(comps), string(p.Form), p.Minutes, p.JP, p.Provider, string(p.Kind), p.Partner,
		p.CostPerSeat, catBool(p.Certificate), catBool(p.Latsar), p.Agency, string(p.State), p.Version,
		database.Micros(p.Created), database.Micros(p.Updated)}, nil
}

func (r reader) GetProgramme(ctx context.Context, id string) (domain.Programme, error) {
	return database.Get(ctx, r.q, "programme", errs.NotFoundf("programme %q does not exist", id), scanProgramme,
		`SELECT `+programmeCols+` FROM programmes WHERE id = $1`+r.q.Lock, id)
}

func (r reader) ListProgrammes(ctx context.Context, f app.ProgrammeFilter) ([]domain.Programme, error) {
	w := catFilter{}
	w.add("id > $%d", f.After)
	if f.Agency != "" {
		w.add("agency IN ('', $%d)", f.Agency)
	}
	if f.Form != "" {
		w.add("form = $%d", string(f.Form))
	}
	if f.Type != "" {
		w.add("competency_type = $%d", string(f.Type))
	}
	if f.State != "" {
		w.add("state = $%d", string(f.State))
	}
	if f.Competency != "" {
		// competencies is a JSON array of strings: the name is there with its quotes.
		w.add(`competencies LIKE $%d ESCAPE '\'`, `%"`+likeExact(f.Competency)+`"%`)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`LOWER(title) LIKE $%d ESCAPE '\'`, "%"+database.LikePattern(q)+"%")
	}
	q := `SELECT ` + programmeCols + ` FROM programmes WHERE ` + w.sql() + w.limit(` ORDER BY id`, f.Limit)
	out, err := database.Query(ctx, r.q, scanProgramme, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("listing programmes: %w", err)
	}
	return out, nil
}

func (t *txn) InsertProgramme(ctx context.Context, p domain.Programme) error {
	args, err := programmeArgs(p)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO programmes (`+programmeCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`, append([]any{p.ID}, args...)...)
	return database.CheckInserted(err, "programme", errs.Existsf("programme %q already exists", p.ID))
}

func (t *txn) UpdateProgramme(ctx context.Context, p domain.Programme) error {
	args, err := programmeArgs(p)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE programmes SET title = $1, description = $2, competency_type = $3,
		competencies = $4, form = $5, minutes = $6, jp = $7, provider = $8, provider_kind = $9, partner = $10, cost_per_seat = $11,
		certificate = $12, latsar = $13, agency = $14, state = $15, version = $16, create_time = $17, update_time = $18
		WHERE id = $19 AND version = $20`, append(args, p.ID, p.Version-1)...))
}

func (t *txn) ProgrammeHasSessions(ctx context.Context, id string) (bool, error) {
	var n int
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM sessions WHERE programme = $1 LIMIT 1) x`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("reading the programme's sessions: %w", err)
	}
	return n > 0, nil
}

// sessionCols are a session's stored columns, s being the sessions table.
const sessionCols = `s.id, s.programme, s.agency, s.start_time, s.end_time, s.time_zone, s.place, s.online_link, s.capacity, s.trainers,
	s.state, s.cancel_reason, s.seated, s.next_arrival, s.version, s.create_time, s.update_time, s.held`

// sessionView are what a read adds to sessionCols, joined with the programme p: its title and
// JP, and the waitlist and the requests awaiting approval, counted from the enrolments (index
// enrolments_session).
const sessionView = `, p.title, p.jp` + sessionWaiting

const sessionWaiting = `,
	(SELECT COUNT(*) FROM enrolments e WHERE e.session = s.id AND e.state = 'waitlisted'),
	(SELECT COUNT(*) FROM enrolments e WHERE e.session = s.id AND e.state = 'requested')`

const sessionFrom = ` FROM sessions s JOIN programmes p ON p.id = s.programme`

// The columns a session's read has after sessionCols.
const (
	sessionStored  = iota // none
	sessionTitled         // the programme's title and JP
	sessionCounted        // those and the counts of sessionWaiting (sessionView)
)

// scanSessionRow reads sessionCols and the extra columns (sessionStored, sessionTitled or sessionCounted).
func scanSessionRow(sc database.Scanner, extra int) (domain.Session, error) {
	var (
		s                domain.Session
		start, end       int64
		trainers, state  string
		created, updated int64
		held             int
	)
	dest := []any{&s.ID, &s.Programme, &s.Agency, &start, &end, &s.TimeZone, &s.Place, &s.Online, &s.Capacity, &trainers,
		&state, &s.CancelReason, &s.Seated, &s.NextArrival, &s.Version, &created, &updated, &held}
	if extra >= sessionTitled {
		dest = append(dest, &s.ProgrammeTitle, &s.JP)
	}
	if extra == sessionCounted {
		dest = append(dest, &s.Waitlisted, &s.Requested)
	}
	if err := sc.Scan(dest...); err != nil {
		return s, err
	}
	s.State, s.Held = domain.SessionState(state), held == 1
	s.Start, s.End = database.FromMicros(start), database.FromMicros(end)
	s.Created, s.Updated = database.FromMicros(created), database.FromMicros(updated)
	if err := json.Unmarshal([]byte(trainers), &s.Trainers); err != nil {
		return s, fmt.Errorf("decoding trainers: %w", err)
	}
	return s, nil
}

func scanSession(sc database.Scanner) (domain.Session, error) {
	return scanSessionRow(sc, sessionCounted)
}

// GetSession reads a session. In a PostgreSQL transaction it locks the session's row (FOR
// UPDATE, which a join or an aggregate would not allow) and reads the rest in a second
// statement.
func (r reader) GetSession(ctx context.Context, id string) (domain.Session, error) {
	missing := errs.NotFoundf("session %q does not exist", id)
	if r.q.Lock == "" {
		return database.Get(ctx, r.q, "session", missing, scanSession, `SELECT `+sessionCols+sessionView+sessionFrom+` WHERE s.id = $1`, id)
	}
	s, err := database.Get(ctx, r.q, "session", missing, func(sc database.Scanner) (domain.Session, error) { return scanSessionRow(sc, sessionStored) },
		`SELECT `+sessionCols+` FROM sessions s WHERE s.id = $1`+r.q.Lock, id)
	if err != nil {
		return s, err
	}
	err = r.q.QueryRowContext(ctx, `SELECT p.title, p.jp`+sessionWaiting+sessionFrom+` WHERE s.id = $1`, id).
		Scan(&s.ProgrammeTitle, &s.JP, &s.Waitlisted, &s.Requested)
	if err != nil {
		return s, fmt.Errorf("reading the session's programme and waiting enrolments: %w", err)
	}
	return s, nil
}

func (r reader) GetSessionUncounted(ctx context.Context, id string) (domain.Session, error) {
	return database.Get(ctx, r.q, "session", errs.NotFoundf("session %q does not exist", id),
		func(sc database.Scanner) (domain.Session, error) { return scanSessionRow(sc, sessionTitled) }, `SELECT `+sessionCols+`, p.title, p.jp`+sessionFrom+` WHERE s.id = $1`, id)
}

func (r reader) ListSessions(ctx context.Context, f app.SessionFilter) ([]domain.Session, error) {
	w := catFilter{}
	if f.After != nil {
		w.add2("(s.start_time > $%d OR (s.start_time = $%d AND s.id > $%d))", database.Micros(f.After.Time), f.After.ID)
	}
	if f.Programme != "" {
		w.add("s.programme = $%d", f.Programme)
	}
	if f.Agency != "" {
		w.add("s.agency = $%d", f.Agency)
	}
	if !f.From.IsZero() {
		w.add("s.start_time >= $%d", database.Micros(f.From))
	}
	if !f.To.IsZero() {
		w.add("s.start_time < $%d", database.Micros(f.To))
	}
	if !f.OpenAt.IsZero() {
		w.add("s.state = 'scheduled' AND s.start_time > $%d", database.Micros(f.OpenAt))
	}
	q := `SELECT ` + sessionCols + sessionView + sessionFrom + ` WHERE ` + w.sql() + w.limit(` ORDER BY s.start_time, s.id`, f.Limit)
	out, err := database.Query(ctx, r.q, scanSession, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("listing sessions: %w", err)
	}
	return out, nil
}

func sessionArgs(s domain.Session) ([]any, error) {
	trainers, err := json.Marshal(database.NonNil(s.Trainers))
	if err != nil {
		return nil, fmt.Errorf("encoding trainers: %w", err)
	}
	return []any{s.Programme, s.Agency, database.Micros(s.Start), database.Micros(s.End), s.TimeZone, s.Place, s.Online, s.Capacity,
		string(trainers), string(s.State), s.CancelReason, s.Seated, s.NextArrival, s.Version,
		database.Micros(s.Created), database.Micros(s.Updated)}, nil
}

func (t *txn) InsertSession(ctx context.Context, s domain.Session) error {
	args, err := sessionArgs(s)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO sessions (id, programme, agency, start_time, end_time, time_zone, place, online_link,
		capacity, trainers, state, cancel_reason, seated, next_arrival, version, create_time, update_time, held)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`, append([]any{s.ID}, append(args, catBool(s.Held))...)...)
	return database.CheckInserted(err, "session", errs.Existsf("session %q already exists", s.ID))
}

func (t *txn) UpdateSession(ctx context.Context, s domain.Session) error {
	args, err := sessionArgs(s)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE sessions SET programme = $1, agency = $2, start_time = $3, end_time = $4,
		time_zone = $5, place = $6, online_link = $7, capacity = $8, trainers = $9, state = $10, cancel_reason = $11, seated = $12,
		next_arrival = $13, version = $14, create_time = $15, update_time = $16
		WHERE id = $17 AND version = $18`, append(args, s.ID, s.Version-1)...))
}

// claimCols are sessionCols as an UPDATE of sessions returns them.
var claimCols = strings.ReplaceAll(sessionCols, "s.", "")

// ClaimArrival locks the session's row with the one UPDATE that also hands out the arrival
// number (next_arrival + 1 when admit), so the row is held from there to the commit and no
// longer; on PostgreSQL the UPDATE takes the row lock a foreign key's check of a concurrent
// enrolment insert does not wait for (FOR NO KEY UPDATE, where SELECT … FOR UPDATE would).
func (t *txn) ClaimArrival(ctx context.Context, id string, admit bool) (domain.Session, error) {
	n := 0
	if admit {
		n = 1
	}
	s, err := database.Get(ctx, t.q, "session", errs.NotFoundf("session %q does not exist", id),
		func(sc database.Scanner) (domain.Session, error) { return scanSessionRow(sc, sessionStored) },
		`UPDATE sessions SET next_arrival = next_arrival + $2 WHERE id = $1 RETURNING `+claimCols, id, n)
	s.NextArrival -= int64(n)
	return s, err
}

// WaitlistLength derives the length from the session's counters instead of counting its
// waitlisted enrolments (a count that grows with the waitlist, under the session's row lock):
// every enrolment given an arrival number (next_arrival - 1 of them) holds or held a seat
// (seated), waits, or was withdrawn after its arrival, so the waitlist is next_arrival - 1 -
// seated - those withdrawn with an arrival number (few, through the index enrolments_session).
// This holds while the session takes enrolments: before its start, when no enrolment has an
// outcome yet and none is withdrawn without giving up what it held.
func (t *txn) WaitlistLength(ctx context.Context, session string) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT s.next_arrival - 1 - s.seated - (SELECT COUNT(*) FROM enrolments w
		WHERE w.session = s.id AND w.state = 'withdrawn' AND w.arrival > 0) FROM sessions s WHERE s.id = $1`, session).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reading the session's waitlist length: %w", err)
	}
	return n, nil
}

func (t *txn) SaveSessionCounters(ctx context.Context, s domain.Session) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE sessions SET seated = $1, next_arrival = $2 WHERE id = $3 AND version = $4`,
		s.Seated, s.NextArrival, s.ID, s.Version))
}

// catFilter builds a WHERE clause with numbered placeholders.
type catFilter struct {
	conds []string
	args  []any
}

// add appends cond, whose one "$%d" is v's placeholder.
func (w *catFilter) add(cond string, v any) {
	w.args = append(w.args, v)
	w.conds = append(w.conds, fmt.Sprintf(cond, len(w.args)))
}

// add2 appends cond, whose three "$%d" are a, a again and b (a keyset "after (a, b)").
func (w *catFilter) add2(cond string, a, b any) {
	w.args = append(w.args, a, b)
	n := len(w.args)
	w.conds = append(w.conds, fmt.Sprintf(cond, n-1, n-1, n))
}

func (w *catFilter) sql() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// limit returns order followed by a LIMIT of n (none when n is 0).
func (w *catFilter) limit(order string, n int) string {
	if n <= 0 {
		return order
	}
	w.args = append(w.args, n)
	return fmt.Sprintf("%s LIMIT $%d", order, len(w.args))
}

// likeExact escapes LIKE's wildcards and its escape character in s, keeping its case.
func likeExact(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
