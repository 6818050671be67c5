package app

// Go-live import of leave already approved by a city's old system for the coming months
// (issue 8 item 9; DOMAIN.md "Attendance and leave": each request keeps the leave rules of
// Peraturan BKN 24/2017 as amended, and PPPK's types of PP 49/2018 art. 70). Each row is checked
// as a request is and stored as an approved request, spending the annual-leave ledger as an
// approval does.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// MaxApprovedLeaveRows is the most rows one ImportApprovedLeave call takes; simpeg import sends
// 500 a call. All rows of a call are checked and written in one transaction.
const MaxApprovedLeaveRows = 2000

// ApprovedLeaveRow is one leave request the old system approved: the client's reference (the
// key that makes a re-run harmless), the employee, the type (its API or Indonesian name), the
// period, who approved it (a name, NIP or decree number) and a note, kept as the request's
// reason.
type ApprovedLeaveRow struct {
	Reference  string
	Employee   string
	Type       string
	Start, End string
	ApprovedBy string
	Note       string
}

// content is the row as its reference keeps it: what a re-run must repeat exactly.
func (r ApprovedLeaveRow) content() string {
	return strings.Join([]string{r.Employee, r.Type, r.Start, r.End, r.ApprovedBy, r.Note}, "|")
}

// LeaveImport is the stored record of an imported row: its reference, the request it became
// and the row's content.
type LeaveImport struct {
	Reference string
	RequestID string
	Content   string
}

// ImportedHistory is the reason in the history of an imported request.
func ImportedHistory(approvedBy string) string {
	return "imported: approved before go-live by " + approvedBy
}

// errValidated ends a validate-only call's transaction (an import, a leave request's
// preview), so that nothing it did is kept.
var errValidated = errors.New("checked; validate only")

// ImportApprovedLeave stores leave that the old system approved before go-live (city HR only).
// Every row is checked with the rules of a request — the type given to the employee (PPPK
// included), the dates, the working days on the employee's calendar, for annual leave the
// balance of its year in the ledger (after the opening balances and the rows before it), no
// overlap with the employee's requests or other rows — and nothing is written unless all are
// valid; each bad row is reported as rows[i].<field>. A good row becomes an approved request
// whose history says "imported: approved before go-live by <approved_by>", spending the ledger
// and publishing LeaveApproved as an approval does. A reference imported already with the same
// content changes nothing (no second event); with a different content it is refused
// (rows[i].reference). With validateOnly nothing is written.
func (a *App) ImportApprovedLeave(ctx context.Context, rows []ApprovedLeaveRow, validateOnly bool) (ImportResult, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	if err := requireCity(g); err != nil {
		return ImportResult{}, errs.Deniedf("%s (%s scope) may not import approved leave: city HR only", g.Subject, g.Scope)
	}
	switch {
	case len(rows) == 0:
		return ImportResult{}, errs.Invalidf("rows", "holds no approved leave")
	case len(rows) > MaxApprovedLeaveRows:
		return ImportResult{}, errs.Invalidf("rows", "holds %d approved leave requests; at most %d a call", len(rows), MaxApprovedLeaveRows)
	}
	var bad errs.Violations
	field := func(i int, f string) string { return fmt.Sprintf("rows[%d].%s", i, f) }
	refs := make([]string, 0, len(rows))
	seen := map[string]int{}
	skip := map[int]bool{} // rows without a reference of their own: not checked further
	for i := range rows {
		r := &rows[i]
		for _, f := range []*string{&r.Reference, &r.Employee, &r.Type, &r.Start, &r.End, &r.ApprovedBy, &r.Note} {
			*f = strings.TrimSpace(*f)
		}
		if r.Reference == "" {
			bad.Add(field(i, "reference"), "is required: the old system's reference makes a second run harmless")
			skip[i] = true
		} else if j, dup := seen[r.Reference]; dup {
			bad.Add(field(i, "reference"), "%q is already in rows[%d]", r.Reference, j)
			skip[i] = true
		} else {
			seen[r.Reference] = i
			refs = append(refs, r.Reference)
		}
		if r.ApprovedBy == "" {
			bad.Add(field(i, "approved_by"), "is required: who approved the leave, or the decree's number")
		}
	}
	stored, err := a.repo.ImportedLeave(ctx, refs)
	if err != nil {
		return ImportResult{}, err
	}
	var (
		res     ImportResult
		todo    []int
		planned = map[string]plannedLeave{}
	)
	for i, r := range rows {
		if skip[i] {
			continue
		}
		if s, ok := stored[r.Reference]; ok {
			if s.Content == r.content() {
				res.Unchanged++
			} else {
				bad.Add(field(i, "reference"), "%q was imported already as leave request %s with other content (%s); an imported request is not changed by a later import", r.Reference, s.RequestID, s.Content)
			}
			continue
		}
		p, err := a.planImportRow(ctx, r)
		if err != nil {
			if e, ok := errs.As(err); ok && e.Kind != errs.Unavailable {
				for _, fv := range e.Violations {
					bad.Add(field(i, fv.Field), "%s", fv.Description)
				}
				if len(e.Violations) == 0 {
					bad.Add(field(i, "employee"), "%s", e.Message)
				}
				continue
			}
			return ImportResult{}, err
		}
		if _, ok := planned[r.Employee]; !ok {
			planned[r.Employee] = p
		}
		todo = append(todo, i)
	}
	// The rows that passed are checked against the ledger and the stored requests inside one
	// transaction, even when others are bad already, so that every bad row is reported; the
	// transaction is rolled back unless every row is good and the call writes.
	before := bad
	written := 0
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		written = 0
		bad := append(errs.Violations(nil), before...)
		ledgers := map[string]*leaveLedger{}
		var audits []AuditEntry
		for _, i := range todo {
			r := rows[i]
			p := planned[r.Employee]
			l, ok := ledgers[r.Employee]
			if !ok {
				if err := tx.LockLeaveEmployee(ctx, r.Employee); err != nil {
					return err
				}
				l = a.newLeaveLedger(tx, p.lc)
				ledgers[r.Employee] = l
			}
			audit, err := a.importRow(ctx, tx, l, g.Subject, r)
			if err != nil {
				e, ok := errs.As(err)
				if ok && len(e.Violations) > 0 {
					for _, fv := range e.Violations {
						bad.Add(field(i, fv.Field), "%s", fv.Description)
					}
					continue
				}
				if ok && (e.Kind == errs.FailedPrecondition || e.Kind == errs.NotFound) {
					bad.Add(field(i, "employee"), "%s", e.Message)
					continue
				}
				return err
			}
			written++
			audits = append(audits, audit)
		}
		if err := byRow(bad).Err(); err != nil {
			return err
		}
		for _, l := range ledgers {
			audits = append(audits, l.audits...)
		}
		if err := tx.Audit(ctx, audits...); err != nil {
			return err
		}
		if validateOnly {
			return errValidated
		}
		return nil
	})
	if err != nil && !errors.Is(err, errValidated) {
		return ImportResult{}, err
	}
	res.Written = written
	return res, nil
}

// plannedLeave is what a row's employee needs read before the transaction.
type plannedLeave struct {
	lc leaveContext
}

// planImportRow checks the row's own fields and reads its employee and calendar.
func (a *App) planImportRow(ctx context.Context, r ApprovedLeaveRow) (plannedLeave, error) {
	var v errs.Violations
	if _, err := domain.ParseLeaveType(r.Type); err != nil {
		msg := err.Error()
		if e, ok := errs.As(err); ok && len(e.Violations) > 0 {
			msg = e.Violations[0].Description
		}
		v.Add("type", "%s", msg)
	}
	start, errS := domain.ParseDate(r.Start)
	if errS != nil {
		v.Add("start_date", "%q is not a date YYYY-MM-DD", r.Start)
	}
	end, errE := domain.ParseDate(r.End)
	if errE != nil {
		v.Add("end_date", "%q is not a date YYYY-MM-DD", r.End)
	}
	if errS == nil && errE == nil && end.Before(start) {
		v.Add("end_date", "%s is before start_date %s; leave must end on or after its first day", end, start)
	}
	emp, err := a.dir.Employee(ctx, r.Employee)
	switch {
	case errors.Is(err, directory.ErrNotFound):
		v.Add("employee", "employee %q is not in the directory", r.Employee)
	case err != nil:
		return plannedLeave{}, err
	case !emp.Active():
		v.Add("employee", "employee %s is %s, not active in the city; only active employees take leave", emp.NIP, emp.Status)
	}
	if err := v.Err(); err != nil {
		return plannedLeave{}, err
	}
	lc, err := a.leaveContextOf(ctx, emp, leaveSpans(domain.LeaveRequest{Start: start, End: end})...)
	if err != nil {
		return plannedLeave{}, err
	}
	return plannedLeave{lc: lc}, nil
}

// importRow checks r inside the transaction (the ledger and the employee's requests, the rows
// before it included) and stores it as an approved request with its ledger entry, its event
// and its reference; it returns the request's audit entry.
func (a *App) importRow(ctx context.Context, tx Tx, l *leaveLedger, by string, row ApprovedLeaveRow) (AuditEntry, error) {
	t, _ := domain.ParseLeaveType(row.Type)
	start, _ := domain.ParseDate(row.Start)
	end, _ := domain.ParseDate(row.End)
	id, err := uuid.NewV7()
	if err != nil {
		return AuditEntry{}, err
	}
	in := domain.LeaveRequest{ID: id.String(), EmployeeNIP: row.Employee, Type: t, Start: start, End: end, Reason: row.Note}
	lc := l.lc
	le := lc.le
	if le.LongLeaveYears, err = l.longLeaveYears(ctx, nil); err != nil {
		return AuditEntry{}, err
	}
	bal, err := l.balanceFor(ctx, in, "start_date")
	if err != nil {
		return AuditEntry{}, err
	}
	// The old system kept the documents the approval rested on; the approval itself is the
	// reference of the document a request of this type and length needs.
	if days := lc.days.count(start, end); days > 0 {
		if need, ok := domain.RequiredAttachment(t, days); ok {
			in.Attachments = []domain.Attachment{{Kind: need, Ref: "approved before go-live: " + row.ApprovedBy}}
		}
	}
	asm, err := domain.ValidateRequest(in, le, lc.days.count, lc.today, bal, a.leavePolicy())
	if err != nil {
		return AuditEntry{}, err
	}
	others, err := tx.EmployeeLeave(ctx, row.Employee, in.Start, in.End)
	if err != nil {
		return AuditEntry{}, err
	}
	if err := domain.CheckOverlap(in, leaveDomain(others)); err != nil {
		return AuditEntry{}, err
	}
	r, _ := domain.SubmitBy(in, le, asm, domain.LeaveActor{NIP: by, Role: domain.RoleCityHR}, lc.today)
	r.State = domain.RequestApproved
	r.ApprovedBy = row.ApprovedBy
	r.NeedsSecondApproval = false
	r.Decisions = []domain.LeaveDecision{{Action: "imported", By: by, Role: domain.RoleCityHR, On: lc.today, Reason: ImportedHistory(row.ApprovedBy)}}
	detail := fmt.Sprintf("%s (reference %s): %s", ImportedHistory(row.ApprovedBy), row.Reference, leaveSummary(r))
	var entry *domain.LedgerEntry
	if r.Type == domain.LeaveAnnual {
		b, err := l.year(ctx, r.Start.Year)
		if err != nil {
			return AuditEntry{}, err
		}
		from := len(b.Entries)
		e, err := b.Spend(r.Days, r.ID)
		if err != nil {
			return AuditEntry{}, err
		}
		if err := l.save(ctx, b, from, fmt.Sprintf("taken %d days for %s (imported)", e.Days, LeaveRequestName(r.ID))); err != nil {
			return AuditEntry{}, err
		}
		entry, r.Spent = &e, r.Days
		detail += fmt.Sprintf("; %d days taken from the %d balance", e.Days, e.Year)
	}
	now := a.stamp()
	out := storedLeave(LeaveRequest{LeaveRequest: r, Agency: lc.emp.Agency, Version: 1, Created: now, Updated: now})
	if err := tx.InsertLeaveRequest(ctx, out); err != nil {
		return AuditEntry{}, err
	}
	if r.Type == domain.LeaveLong {
		if err := l.syncLongLeave(ctx, r.Start.Year, r); err != nil {
			return AuditEntry{}, err
		}
	}
	if err := tx.InsertLeaveImport(ctx, LeaveImport{Reference: row.Reference, RequestID: r.ID, Content: row.content()}); err != nil {
		return AuditEntry{}, err
	}
	if err := tx.Emit(ctx, leaveEvents([]domain.LeaveEvent{domain.LeaveApproved{Request: r, ApprovedBy: row.ApprovedBy, Entry: entry}}, out)...); err != nil {
		return AuditEntry{}, err
	}
	return AuditEntry{Resource: LeaveRequestName(r.ID), Detail: detail}, nil
}
