package app

import (
	"context"
	"slices"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// MaxBatch is the most employees one BatchCreateEmployees call takes.
const MaxBatch = 1000

// RowError is why one row of a batch was not created.
type RowError struct {
	Index int
	NIP   string
	Err   error
}

// CreateEmployee registers one employee.
func (a *App) CreateEmployee(ctx context.Context, in domain.Employee) (domain.Employee, error) {
	created, rowErrs, err := a.BatchCreateEmployees(ctx, []domain.Employee{in})
	if err != nil {
		return domain.Employee{}, err
	}
	if len(rowErrs) > 0 {
		return domain.Employee{}, errs.Prefix("employee", rowErrs[0].Err)
	}
	return created[0], nil
}

// BatchCreateEmployees registers the valid rows of ins together and reports each invalid row.
// A row may name as supervisor an employee of an earlier row.
func (a *App) BatchCreateEmployees(ctx context.Context, ins []domain.Employee) ([]domain.Employee, []RowError, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(ins) == 0 || len(ins) > MaxBatch {
		return nil, nil, errs.Invalidf("requests", "must hold 1 to %d employees, got %d", MaxBatch, len(ins))
	}
	var (
		created []domain.Employee
		rowErrs []RowError
	)
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		created, rowErrs = nil, nil
		now := a.now()
		var agencyCodes, positionIDs, nips, supervisors []string
		for _, in := range ins {
			agencyCodes = append(agencyCodes, in.Agency, in.Unit)
			positionIDs = append(positionIDs, in.Position)
			nips = append(nips, in.NIP)
			supervisors = append(supervisors, in.Supervisor)
		}
		agencies, err := tx.Agencies(ctx, agencyCodes...)
		if err != nil {
			return err
		}
		positions, err := tx.Positions(ctx, positionIDs...)
		if err != nil {
			return err
		}
		existing, err := tx.ExistingEmployees(ctx, nips...)
		if err != nil {
			return err
		}
		sups, err := tx.Supervisors(ctx, supervisors...)
		if err != nil {
			return err
		}
		seen := make(map[string]int, len(ins))
		valid := make([]domain.Employee, 0, len(ins))
		for i, in := range ins {
			fail := func(err error) { rowErrs = append(rowErrs, RowError{Index: i, NIP: in.NIP, Err: err}) }
			if !g.Reaches(in.Agency) {
				fail(errs.Deniedf("%s may not register employees in agency %q", g.Subject, in.Agency))
				continue
			}
			if existing[in.NIP] {
				fail(errs.Existsf("employee %s is already registered", in.NIP))
				continue
			}
			if j, dup := seen[in.NIP]; dup {
				fail(errs.Existsf("employee %s appears twice in the batch (rows %d and %d)", in.NIP, j, i))
				continue
			}
			refs := domain.Refs{Agency: agencies[in.Agency], Unit: agencies[in.Unit], Position: positions[in.Position], Supervisor: sups[in.Supervisor]}
			e, err := domain.NewEmployee(in, refs, now)
			if err != nil {
				fail(err)
				continue
			}
			seen[in.NIP] = i
			valid = append(valid, e)
			// Later rows may report to this one.
			sups[e.NIP] = &domain.Supervisor{NIP: e.NIP, Status: domain.Active, Chain: supervisorChain(sups, e.Supervisor)}
		}
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
				// Registered by a concurrent call between our check and our insert.
				rowErrs = append(rowErrs, RowError{Index: seen[e.NIP], NIP: e.NIP, Err: errs.Existsf("employee %s is already registered", e.NIP)})
				continue
			}
			created = append(created, e)
			events = append(events, domain.EmployeeCreated{Employee: e})
			audits = append(audits, AuditEntry{Resource: EmployeeName(e.NIP), Detail: "created"})
		}
		slices.SortFunc(rowErrs, func(x, y RowError) int { return x.Index - y.Index })
		if err := tx.Emit(ctx, events...); err != nil {
			return err
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return nil, nil, err
	}
	return created, rowErrs, nil
}

func supervisorChain(sups map[string]*domain.Supervisor, supervisor string) []string {
	if supervisor == "" {
		return nil
	}
	s := sups[supervisor]
	if s == nil {
		return []string{supervisor}
	}
	return append([]string{supervisor}, s.Chain...)
}

// GetEmployee reads an employee the caller may see.
func (a *App) GetEmployee(ctx context.Context, nip string) (domain.Employee, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Employee{}, err
	}
	e, err := a.repo.GetEmployee(ctx, nip)
	if e, ok := errs.As(err); ok && e.Kind == errs.NotFound {
		// A caller without reach gets the same 403 as for a real NIP (resource.SeesMissing).
		return domain.Employee{}, resource.SeesMissing(g, nip, err)
	}
	if err != nil {
		return domain.Employee{}, err
	}
	e = e.AsOf(a.today())
	if err := resource.RequireSees(ctx, g, e.NIP, e.Agency, a.repo.IsUnder); err != nil {
		return domain.Employee{}, err
	}
	return e, nil
}

// ListEmployees lists the employees the caller may see, narrowed by f.
func (a *App) ListEmployees(ctx context.Context, f EmployeeFilter) ([]domain.Employee, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	switch g.Scope {
	case auth.ScopeAll:
	case auth.ScopeAgency:
		if f.Agency != "" && f.Agency != g.Agency {
			return nil, "", errs.Deniedf("%s may list only agency %q", g.Subject, g.Agency)
		}
		f.Agency = g.Agency
	case auth.ScopeSubordinates:
		f.Under = g.Subject
	case auth.ScopeSelf:
		f.Only = g.Subject
	default:
		return nil, "", errs.Deniedf("%s may not list employees", g.Subject)
	}
	f.PageSize = pageSize(f.PageSize) + 1
	f.AsOf = a.today()
	out, err := a.repo.ListEmployees(ctx, f)
	if err != nil {
		return nil, "", err
	}
	for i := range out {
		out[i] = out[i].AsOf(f.AsOf)
	}
	page, next := resource.Page(out, f.PageSize-1, func(x domain.Employee) string { return x.NIP })
	return page, next, nil
}

// UpdateEmployee applies u to employee nip if etag (when given) is current.
func (a *App) UpdateEmployee(ctx context.Context, nip, etag string, u domain.EmployeeUpdate) (domain.Employee, error) {
	return a.changeEmployee(ctx, nip, etag, func(ctx context.Context, tx Tx, e *domain.Employee) (domain.Event, string, error) {
		if slices.Contains(u.Fields, "supervisor") {
			if err := tx.LockSupervisorTree(ctx); err != nil {
				return nil, "", err
			}
		}
		refs, err := a.refs(ctx, tx, e.Agency, pick(u.Fields, "unit", u.Values.Unit, e.Unit), pick(u.Fields, "position", u.Values.Position, e.Position), pick(u.Fields, "supervisor", u.Values.Supervisor, e.Supervisor))
		if err != nil {
			return nil, "", err
		}
		u.Refs = refs
		changed, err := e.Apply(u, a.now())
		if err != nil {
			return nil, "", errs.Prefix("employee", err)
		}
		if len(changed) == 0 {
			return nil, "", nil
		}
		return domain.EmployeeUpdated{Employee: *e, Changed: changed}, fieldsDetail("updated", changed), nil
	})
}

// TransferEmployee moves employee nip to another agency or out of the city.
func (a *App) TransferEmployee(ctx context.Context, nip, etag string, t domain.Transfer) (domain.Employee, error) {
	return a.changeEmployee(ctx, nip, etag, func(ctx context.Context, tx Tx, e *domain.Employee) (domain.Event, string, error) {
		if err := tx.LockSupervisorTree(ctx); err != nil {
			return nil, "", err
		}
		refs, err := a.refs(ctx, tx, t.Agency, t.Unit, t.Position, t.Supervisor)
		if err != nil {
			return nil, "", err
		}
		t.Refs = refs
		from, fromUnit := e.Agency, e.Unit
		if err := e.Transfer(t, a.now()); err != nil {
			return nil, "", err
		}
		dest := t.Agency
		if dest == "" {
			dest = t.External
		}
		return domain.EmployeeTransferred{Employee: *e, FromAgency: from, FromUnit: fromUnit, EffectiveDate: t.Effective},
			"transferred from " + from + " to " + dest + " on " + t.Effective.String(), nil
	})
}

// today is the registry's current date (UTC, as domain.DateOf), on which assignments are in force.
func (a *App) today() domain.Date { return domain.Today(a.now()) }

// RetireEmployee marks employee nip retired from effective.
func (a *App) RetireEmployee(ctx context.Context, nip, etag string, effective domain.Date, reason string) (domain.Employee, error) {
	return a.changeEmployee(ctx, nip, etag, func(ctx context.Context, tx Tx, e *domain.Employee) (domain.Event, string, error) {
		if err := e.Retire(effective, reason, a.now()); err != nil {
			return nil, "", err
		}
		return domain.EmployeeRetired{Employee: *e, EffectiveDate: effective}, "retired on " + effective.String(), nil
	})
}

// changeEmployee loads employee nip in a transaction, checks the caller's reach and the etag,
// lets change modify it, and stores it with its event and audit record.
func (a *App) changeEmployee(ctx context.Context, nip, etag string, change func(context.Context, Tx, *domain.Employee) (domain.Event, string, error)) (domain.Employee, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Employee{}, err
	}
	var out domain.Employee
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		e, err := tx.GetEmployee(ctx, nip)
		if errs.IsKind(err, errs.NotFound) {
			// A caller without reach gets the same 403 as for a real NIP of another agency.
			return resource.ChangeMissing(g, EmployeeName(nip), err)
		}
		if err != nil {
			return err
		}
		// A transfer whose effective date has come is in force: the change starts from it.
		e = e.AsOf(a.today())
		if err := resource.CheckWrite(g, e.Agency, EmployeeName(nip), etag, e.Version); err != nil {
			return err
		}
		ev, detail, err := change(ctx, tx, &e)
		if err != nil {
			return err
		}
		out = e
		if ev == nil {
			return nil
		}
		if err := tx.UpdateEmployee(ctx, e); err != nil {
			return err
		}
		if err := tx.Emit(ctx, ev); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: EmployeeName(nip), Detail: detail})
	})
	return out, err
}

func (a *App) refs(ctx context.Context, tx Tx, agency, unit, position, supervisor string) (domain.Refs, error) {
	var r domain.Refs
	ags, err := tx.Agencies(ctx, agency, unit)
	if err != nil {
		return r, err
	}
	r.Agency, r.Unit = ags[agency], ags[unit]
	if position != "" {
		ps, err := tx.Positions(ctx, position)
		if err != nil {
			return r, err
		}
		r.Position = ps[position]
	}
	if supervisor != "" {
		ss, err := tx.Supervisors(ctx, supervisor)
		if err != nil {
			return r, err
		}
		r.Supervisor = ss[supervisor]
	}
	return r, nil
}

func pick(fields []string, name, newValue, old string) string {
	if slices.Contains(fields, name) {
		return newValue
	}
	return old
}
