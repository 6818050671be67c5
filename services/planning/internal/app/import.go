package app

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// ImportRow is one employee of a go-live import with the postings held before it, oldest
// first (empty: one posting from the appointment date).
type ImportRow struct {
	Employee domain.Employee
	History  []domain.Assignment
}

// ImportResult says what an import did.
type ImportResult struct {
	Created   []domain.Employee
	Unchanged int
}

// ImportEmployees registers the employees a city brings at go-live with their past postings
// (issue 8 item 9). Every row is checked first (domain.ImportEmployee); when any is bad the
// call fails with an Invalid error naming each bad field as "requests[i].<field>" and writes
// nothing. An employee already registered with the same postings is unchanged; one registered
// with other postings is refused. A row may name as supervisor an employee of an earlier row,
// and, with validateOnly, one of importNIPs (registered by other calls of the same import).
// City HR only (the authorization table); each employee created is audited and published
// with its postings, from which the directory copies keep the assignment periods.
func (a *App) ImportEmployees(ctx context.Context, rows []ImportRow, validateOnly bool, importNIPs []string) (ImportResult, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return ImportResult{}, err
	}
	if len(rows) == 0 || len(rows) > MaxBatch {
		return ImportResult{}, errs.Invalidf("requests", "must hold 1 to %d employees, got %d", MaxBatch, len(rows))
	}
	if validateOnly {
		valid, unchanged, err := a.checkImport(ctx, a.repo, rows, importNIPs)
		return ImportResult{Created: valid, Unchanged: unchanged}, err
	}
	var res ImportResult
	err := a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		valid, unchanged, err := a.checkImport(ctx, tx, rows, nil)
		if err != nil {
			return err
		}
		res = ImportResult{Unchanged: unchanged}
		if len(valid) == 0 {
			return nil
		}
		inserted, err := tx.InsertEmployees(ctx, valid)
		if err != nil {
			return err
		}
		events := make([]domain.Event, 0, len(valid))
		audits := make([]AuditEntry, 0, len(valid))
		for _, e := range valid {
			if !inserted[e.NIP] {
				// Registered by a concurrent call between the check and the insert.
				return errs.New(errs.Conflict, "employee %s was registered while the import ran; run it again", e.NIP)
			}
			res.Created = append(res.Created, e)
			events = append(events, domain.EmployeeCreated{Employee: e})
			audits = append(audits, AuditEntry{Resource: EmployeeName(e.NIP), Detail: fmt.Sprintf("imported with %d postings from %s", len(e.History), e.History[0].Start)})
		}
		if err := tx.Emit(ctx, events...); err != nil {
			return err
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// checkImport checks every row against the records in l and returns the employees to create
// and how many are already registered with the same postings, or an Invalid error naming every
// bad field of every row.
func (a *App) checkImport(ctx context.Context, l Lookup, rows []ImportRow, importNIPs []string) ([]domain.Employee, int, error) {
	now := a.now()
	var agencyCodes, positionIDs, nips, supervisors []string
	for _, r := range rows {
		agencyCodes = append(agencyCodes, r.Employee.Agency, r.Employee.Unit)
		positionIDs = append(positionIDs, r.Employee.Position)
		nips = append(nips, r.Employee.NIP)
		supervisors = append(supervisors, r.Employee.Supervisor)
		for _, h := range r.History {
			agencyCodes = append(agencyCodes, h.Agency, h.Unit)
			positionIDs = append(positionIDs, h.Position)
		}
	}
	agencies, err := l.Agencies(ctx, agencyCodes...)
	if err != nil {
		return nil, 0, err
	}
	positions, err := l.Positions(ctx, positionIDs...)
	if err != nil {
		return nil, 0, err
	}
	histories, err := l.Histories(ctx, nips...)
	if err != nil {
		return nil, 0, err
	}
	sups, err := l.Supervisors(ctx, supervisors...)
	if err != nil {
		return nil, 0, err
	}
	for _, n := range importNIPs {
		if sups[n] == nil {
			sups[n] = &domain.Supervisor{NIP: n, Status: domain.Active}
		}
	}
	var (
		v         errs.Violations
		valid     []domain.Employee
		unchanged int
		seen      = make(map[string]int, len(rows))
	)
	for i, r := range rows {
		in := r.Employee
		prefix := fmt.Sprintf("requests[%d]", i)
		if j, dup := seen[in.NIP]; dup {
			v.Add(prefix+".employee.nip", "employee %s appears twice in the call (requests %d and %d)", in.NIP, j, i)
			continue
		}
		seen[in.NIP] = i
		refs := domain.Refs{Agency: agencies[in.Agency], Unit: agencies[in.Unit], Position: positions[in.Position], Supervisor: sups[in.Supervisor]}
		prefs := make([]domain.PostingRefs, len(r.History))
		for k, h := range r.History {
			prefs[k] = domain.PostingRefs{Agency: agencies[h.Agency], Unit: agencies[h.Unit], Position: positions[h.Position]}
		}
		e, err := domain.ImportEmployee(in, r.History, refs, prefs, now)
		if err != nil {
			ev, ok := errs.As(err)
			if !ok {
				return nil, 0, err
			}
			for _, fv := range ev.Violations {
				v.Add(prefix+"."+fv.Field, "%s", fv.Description)
			}
			continue
		}
		if stored, ok := histories[in.NIP]; ok {
			if domain.SamePostings(stored, e.History) {
				unchanged++
				continue
			}
			v.Add(prefix+".history", "employee %s is already registered with other postings (%d from %s); an import does not change a registered employee",
				in.NIP, len(stored), firstStart(stored))
			continue
		}
		valid = append(valid, e)
		// Later rows may report to this one.
		sups[e.NIP] = &domain.Supervisor{NIP: e.NIP, Status: domain.Active, Chain: supervisorChain(sups, e.Supervisor)}
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return valid, unchanged, nil
}

func firstStart(h []domain.Assignment) string {
	if len(h) == 0 {
		return "-"
	}
	return h[0].Start.String()
}
