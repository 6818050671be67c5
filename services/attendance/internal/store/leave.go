package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Leave requests and the annual-leave ledger: tables leave_requests, leave_balances,
// leave_ledger and leave_request_locks (migrations/00003_leave.sql).
//
// Concurrency: a change locks the request row, then the balance row of the year it spends from
// (SELECT … FOR UPDATE on PostgreSQL; SQLite runs one write transaction at a time, begun
// IMMEDIATE). A second approval at the same instant thus waits for the first and reads the
// ledger with the first one's entry in it. The balance row is updated with a version check and
// a CHECK (available >= 0) besides, in the same transaction as the ledger entries it sums.

// leaveInList is the most employees ApprovedLeaveOn looks up by an IN list; for more it reads
// the day's approved leave and keeps theirs.
const leaveInList = 100

const leaveCols = `id, employee, agency, type, start_date, end_date, state, days, counting, needs_second_approval, spent,
	supervisor, payload, version, create_time, update_time`

// leavePayload is the part of a request kept as JSON.
type leavePayload struct {
	Reason           string              `json:"reason,omitempty"`
	ChildNumber      int                 `json:"child_number,omitempty"`
	Extension        bool                `json:"extension,omitempty"`
	Attachments      []leaveAttachJSON   `json:"attachments,omitempty"`
	NoticeOnly       bool                `json:"notice_only,omitempty"`
	SubmittedOn      string              `json:"submitted_on,omitempty"`
	ApprovedBy       string              `json:"approved_by,omitempty"`
	SecondApprovedBy string              `json:"second_approved_by,omitempty"`
	RejectionReason  string              `json:"rejection_reason,omitempty"`
	DeferredFrom     *leaveRangeJSON     `json:"deferred_from,omitempty"`
	Deferrals        int                 `json:"deferrals,omitempty"`
	Decisions        []leaveDecisionJSON `json:"decisions,omitempty"`
}

type leaveAttachJSON struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

type leaveRangeJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type leaveDecisionJSON struct {
	Action string `json:"action"`
	By     string `json:"by,omitempty"`
	Role   string `json:"role,omitempty"`
	On     string `json:"on"`
	Reason string `json:"reason,omitempty"`
	Decree string `json:"decree_number,omitempty"`
}

func leavePayloadOf(r domain.LeaveRequest) ([]byte, error) {
	p := leavePayload{
		Reason: r.Reason, ChildNumber: r.ChildNumber, Extension: r.Extension, NoticeOnly: r.NoticeOnly,
		SubmittedOn: r.SubmittedOn.String(), ApprovedBy: r.ApprovedBy, SecondApprovedBy: r.SecondApprovedBy,
		RejectionReason: r.RejectionReason, Deferrals: r.Deferrals,
	}
	for _, a := range r.Attachments {
		p.Attachments = append(p.Attachments, leaveAttachJSON{Kind: string(a.Kind), Ref: a.Ref})
	}
	if !r.DeferredFrom.Start.IsZero() {
		p.DeferredFrom = &leaveRangeJSON{Start: r.DeferredFrom.Start.String(), End: r.DeferredFrom.End.String()}
	}
	for _, d := range r.Decisions {
		p.Decisions = append(p.Decisions, leaveDecisionJSON{Action: d.Action, By: d.By, Role: d.Role, On: d.On.String(), Reason: d.Reason, Decree: d.Decree})
	}
	return json.Marshal(p)
}

// leaveDate reads a stored date; "" is the zero date.
func leaveDate(s string) (domain.Date, error) {
	if s == "" {
		return domain.Date{}, nil
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("stored leave date: %w", err)
	}
	return d, nil
}

func scanLeave(sc database.Scanner) (app.LeaveRequest, error) {
	var (
		r                                      app.LeaveRequest
		typ, start, end, state, counting, data string
		second                                 int
		created, updated                       int64
	)
	if err := sc.Scan(&r.ID, &r.EmployeeNIP, &r.Agency, &typ, &start, &end, &state, &r.Days, &counting, &second, &r.Spent,
		&r.Supervisor, &data, &r.Version, &created, &updated); err != nil {
		return r, err
	}
	r.Type, r.State, r.Counting = domain.LeaveType(typ), domain.LeaveState(state), domain.Counting(counting)
	r.NeedsSecondApproval = second != 0
	r.Created, r.Updated = database.FromMicros(created), database.FromMicros(updated)
	var err error
	if r.Start, err = leaveDate(start); err != nil {
		return r, err
	}
	if r.End, err = leaveDate(end); err != nil {
		return r, err
	}
	var p leavePayload
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return r, fmt.Errorf("stored leave request %s: %w", r.ID, err)
	}
	r.Reason, r.ChildNumber, r.Extension, r.NoticeOnly = p.Reason, p.ChildNumber, p.Extension, p.NoticeOnly
	r.ApprovedBy, r.SecondApprovedBy, r.RejectionReason, r.Deferrals = p.ApprovedBy, p.SecondApprovedBy, p.RejectionReason, p.Deferrals
	if r.SubmittedOn, err = leaveDate(p.SubmittedOn); err != nil {
		return r, err
	}
	for _, a := range p.Attachments {
		r.Attachments = append(r.Attachments, domain.Attachment{Kind: domain.AttachmentKind(a.Kind), Ref: a.Ref})
	}
	if p.DeferredFrom != nil {
		if r.DeferredFrom.Start, err = leaveDate(p.DeferredFrom.Start); err != nil {
			return r, err
		}
		if r.DeferredFrom.End, err = leaveDate(p.DeferredFrom.End); err != nil {
			return r, err
		}
	}
	for _, d := range p.Decisions {
		on, err := leaveDate(d.On)
		if err != nil {
			return r, err
		}
		r.Decisions = append(r.Decisions, domain.LeaveDecision{Action: d.Action, By: d.By, Role: d.Role, On: on, Reason: d.Reason, Decree: d.Decree})
	}
	return r, nil
}

func (r reader) queryLeave(ctx context.Context, what, q string, args ...any) ([]app.LeaveRequest, error) {
	out, err := database.Query(ctx, r.q, scanLeave, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", what, err)
	}
	return out, nil
}

// GetLeaveRequest returns the request id; inside a PostgreSQL transaction it locks its row.
func (r reader) GetLeaveRequest(ctx context.Context, id string) (app.LeaveRequest, error) {
	return database.Get(ctx, r.q, "leave request", errs.NotFoundf("leave request %q does not exist", id), scanLeave, `SELECT `+leaveCols+` FROM leave_requests WHERE id = $1`+r.q.Lock, id)
}

// ListLeaveRequests returns up to q.Limit requests matching q, newest first.
func (r reader) ListLeaveRequests(ctx context.Context, q app.LeaveQuery) ([]app.LeaveRequest, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.Employee != "" {
		where = append(where, "employee = "+arg(q.Employee))
	}
	if q.State != "" {
		where = append(where, "state = "+arg(string(q.State)))
	}
	if q.Agency != "" {
		where = append(where, "agency = "+arg(q.Agency))
	}
	if q.Related != "" {
		p := arg(q.Related)
		where = append(where, "(employee = "+p+" OR supervisor = "+p+")")
	}
	var awaiting []string
	if q.AwaitingSupervisor != "" {
		awaiting = append(awaiting, fmt.Sprintf("(state IN (%s, %s) AND supervisor = %s)",
			arg(string(domain.RequestSubmitted)), arg(string(domain.RequestDeferred)), arg(q.AwaitingSupervisor)))
	}
	if q.AwaitingAgency != "" {
		awaiting = append(awaiting, fmt.Sprintf("(state = %s AND agency = %s)", arg(string(domain.RequestAwaitingSecondApproval)), arg(q.AwaitingAgency)))
	}
	if len(awaiting) > 0 {
		where = append(where, "("+strings.Join(awaiting, " OR ")+")")
	}
	if q.After != nil {
		c := arg(database.Micros(q.After.Created))
		where = append(where, fmt.Sprintf("(create_time < %s OR (create_time = %s AND id < %s))", c, c, arg(q.After.ID)))
	}
	query := `SELECT ` + leaveCols + ` FROM leave_requests`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY create_time DESC, id DESC LIMIT ` + arg(q.Limit)
	return r.queryLeave(ctx, "leave requests", query, args...)
}

// EmployeeLeave returns the employee's requests whose period meets from to to, by start date.
func (r reader) EmployeeLeave(ctx context.Context, employee string, from, to domain.Date) ([]app.LeaveRequest, error) {
	q := `SELECT ` + leaveCols + ` FROM leave_requests WHERE employee = $1`
	args := []any{employee}
	if !from.IsZero() {
		args = append(args, from.String())
		q += fmt.Sprintf(` AND end_date >= $%d`, len(args))
	}
	if !to.IsZero() {
		args = append(args, to.String())
		q += fmt.Sprintf(` AND start_date <= $%d`, len(args))
	}
	return r.queryLeave(ctx, "an employee's leave requests", q+` ORDER BY start_date, id`, args...)
}

// OnLeave returns the approved requests covering date, of agency when set, by employee.
func (r reader) OnLeave(ctx context.Context, date domain.Date, agency string) ([]app.LeaveRequest, error) {
	q := `SELECT ` + leaveCols + ` FROM leave_requests WHERE state = $1 AND end_date >= $2 AND start_date <= $2`
	args := []any{string(domain.RequestApproved), date.String()}
	if agency != "" {
		args = append(args, agency)
		q += ` AND agency = $3`
	}
	return r.queryLeave(ctx, "leave on a date", q+` ORDER BY employee, start_date, id`, args...)
}

// ApprovedLeaveOn returns the type of the approved leave covering date of each of employees
// who has one (of every employee on approved leave that day when employees is empty). An
// employee holds at most one active request on a day; should the data say otherwise, the one
// starting first wins.
func (r reader) ApprovedLeaveOn(ctx context.Context, date domain.Date, employees []string) (map[string]domain.LeaveType, error) {
	q := `SELECT employee, type FROM leave_requests WHERE state = $1 AND end_date >= $2 AND start_date <= $2`
	args := []any{string(domain.RequestApproved), date.String()}
	var keep map[string]bool
	switch n := len(employees); {
	case n == 0:
	case n <= leaveInList:
		q += ` AND employee IN (` + database.Placeholders(3, n) + `)`
		args = append(args, database.Anys(employees)...)
	default:
		keep = make(map[string]bool, n)
		for _, e := range employees {
			keep[e] = true
		}
	}
	out := map[string]domain.LeaveType{}
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var emp, typ string
		if err := sc.Scan(&emp, &typ); err != nil {
			return err
		}
		if keep == nil || keep[emp] {
			out[emp] = domain.LeaveType(typ) // the last row of an employee is the earliest start
		}
		return nil
	}, q+` ORDER BY employee, start_date DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading approved leave: %w", err)
	}
	return out, nil
}

// GetLeaveBalance returns the employee's ledger of year; inside a PostgreSQL transaction it
// locks the balance row, so that whoever spends from it next waits for this transaction.
func (r reader) GetLeaveBalance(ctx context.Context, employee string, year int) (app.LeaveBalance, bool, error) {
	b := app.LeaveBalance{Employee: employee, Balance: domain.Balance{Year: year}}
	var (
		available, long, carry int
		updated                int64
	)
	err := r.q.QueryRowContext(ctx, `SELECT available, long_leave, carry_done, collective_counted, version, update_time
		FROM leave_balances WHERE employee = $1 AND year = $2`+r.q.Lock, employee, year).
		Scan(&available, &long, &carry, &b.CollectiveCounted, &b.Version, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, nil
	}
	if err != nil {
		return b, false, fmt.Errorf("reading leave balance: %w", err)
	}
	b.LongLeave, b.CarryDone, b.Updated = long != 0, carry != 0, database.FromMicros(updated)
	err = database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var (
			seq  int
			kind string
			e    = domain.LedgerEntry{Year: year}
		)
		if err := sc.Scan(&seq, &kind, &e.Days, &e.RequestID, &e.Note); err != nil {
			return err
		}
		if seq != len(b.Entries)+1 {
			return fmt.Errorf("leave ledger of %s for %d has entry %d after %d", employee, year, seq, len(b.Entries))
		}
		e.Kind = domain.LedgerEntryKind(kind)
		b.Entries = append(b.Entries, e)
		return nil
	}, `SELECT seq, kind, days, request_id, note FROM leave_ledger WHERE employee = $1 AND year = $2 ORDER BY seq`, employee, year)
	if err != nil {
		return b, false, fmt.Errorf("reading leave ledger: %w", err)
	}
	if available != b.Available() {
		return b, false, fmt.Errorf("leave balance of %s for %d says %d days, its ledger %d", employee, year, available, b.Available())
	}
	return b, true, nil
}

// LeaveBalanceYears returns the years the employee's ledger has, in order.
func (r reader) LeaveBalanceYears(ctx context.Context, employee string) ([]int, error) {
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (int, error) {
		var y int
		return y, sc.Scan(&y)
	}, `SELECT year FROM leave_balances WHERE employee = $1 ORDER BY year`, employee)
	if err != nil {
		return nil, fmt.Errorf("listing leave balance years: %w", err)
	}
	return out, nil
}

// LockLeaveEmployee takes the employee's leave lock row until the transaction ends (the upsert
// locks it on PostgreSQL; SQLite's write transactions are serialized already).
func (t *txn) LockLeaveEmployee(ctx context.Context, employee string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO leave_request_locks (employee, version) VALUES ($1, 1)
		ON CONFLICT (employee) DO UPDATE SET version = leave_request_locks.version + 1`, employee)
	if err != nil {
		return fmt.Errorf("locking employee's leave: %w", err)
	}
	return nil
}

func leaveArgs(r app.LeaveRequest) ([]any, error) {
	payload, err := leavePayloadOf(r.LeaveRequest)
	if err != nil {
		return nil, fmt.Errorf("encoding leave request: %w", err)
	}
	return []any{r.EmployeeNIP, r.Agency, string(r.Type), r.Start.String(), r.End.String(), string(r.State), r.Days,
		string(r.Counting), boolInt(r.NeedsSecondApproval), r.Spent, r.Supervisor, string(payload), r.Version,
		database.Micros(r.Created), database.Micros(r.Updated)}, nil
}

// InsertLeaveRequest stores a new request.
func (t *txn) InsertLeaveRequest(ctx context.Context, r app.LeaveRequest) error {
	args, err := leaveArgs(r)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO leave_requests (`+leaveCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, append([]any{r.ID}, args...)...)
	return database.CheckInserted(err, "leave request", errs.Existsf("leave request %q already exists", r.ID))
}

// UpdateLeaveRequest stores r if the stored version is still r.Version-1; the employee and the
// creation time never change.
func (t *txn) UpdateLeaveRequest(ctx context.Context, r app.LeaveRequest) error {
	args, err := leaveArgs(r)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE leave_requests SET agency = $2, type = $3, start_date = $4, end_date = $5,
			state = $6, days = $7, counting = $8, needs_second_approval = $9, spent = $10, supervisor = $11, payload = $12,
			version = $13, update_time = $15
		WHERE employee = $1 AND create_time = $14 AND id = $16 AND version = $17`, append(args, r.ID, r.Version-1)...))
}

// InsertLeaveBalance opens a year's ledger with b's entries. When a concurrent transaction has
// opened it first, the whole transaction is retried (database.ErrRetry): it will then find the
// year opened.
func (t *txn) InsertLeaveBalance(ctx context.Context, b app.LeaveBalance) error {
	n, err := database.Affected(t.tx.ExecContext(ctx, `INSERT INTO leave_balances (employee, year, available, long_leave, carry_done,
			collective_counted, version, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (employee, year) DO NOTHING`,
		b.Employee, b.Year, b.Available(), boolInt(b.LongLeave), boolInt(b.CarryDone), b.CollectiveCounted, b.Version, database.Micros(b.Updated)))
	if err != nil {
		return fmt.Errorf("opening leave balance: %w", err)
	}
	if n != 1 {
		return database.ErrRetry
	}
	return t.appendLedger(ctx, b, 0)
}

// UpdateLeaveBalance stores b if the stored version is still b.Version-1, appending
// b.Entries[from:] to the ledger; the balance stays the sum of the ledger.
func (t *txn) UpdateLeaveBalance(ctx context.Context, b app.LeaveBalance, from int) error {
	err := database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE leave_balances SET available = $1, long_leave = $2, carry_done = $3,
			collective_counted = $4, version = $5, update_time = $6
		WHERE employee = $7 AND year = $8 AND version = $9`,
		b.Available(), boolInt(b.LongLeave), boolInt(b.CarryDone), b.CollectiveCounted, b.Version, database.Micros(b.Updated),
		b.Employee, b.Year, b.Version-1))
	if err != nil {
		return err
	}
	return t.appendLedger(ctx, b, from)
}

func (t *txn) appendLedger(ctx context.Context, b app.LeaveBalance, from int) error {
	for i := from; i < len(b.Entries); i++ {
		e := b.Entries[i]
		if e.Year != b.Year || e.Days < 1 {
			return fmt.Errorf("leave ledger of %s for %d: entry %+v does not belong", b.Employee, b.Year, e)
		}
		_, err := t.tx.ExecContext(ctx, `INSERT INTO leave_ledger (employee, year, seq, kind, days, request_id, note, create_time)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			b.Employee, b.Year, i+1, string(e.Kind), e.Days, e.RequestID, e.Note, database.Micros(b.Updated))
		if err != nil {
			return fmt.Errorf("appending to leave ledger: %w", err)
		}
	}
	return nil
}
