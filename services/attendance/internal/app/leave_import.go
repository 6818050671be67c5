package app

// Go-live import of opening balances: each employee's unused annual leave of the two years
// before the service kept their ledger (DOMAIN.md "Attendance and leave", opening balances;
// domain/ledger_opening.go for how a year is stored).

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// MaxOpeningRows is the most opening balances one ImportOpeningBalances call takes; larger
// imports are sent in batches (simpeg import sends 2,000 rows a call).
const MaxOpeningRows = 10000

// ImportResult says what an import did: rows written (or, validating only, that would be), and
// rows already stored as given.
type ImportResult struct {
	Written   int
	Unchanged int
}

// ImportOpeningBalances stores opening balances (city HR only). Every row is checked first —
// the year, the days, the source, the employee in the directory, no second row for the same
// employee and year, a year the service does not keep already — and nothing is written unless
// all are valid; each bad row is reported as rows[i].<field>. A row already stored exactly as
// given changes nothing, so running an import twice is harmless; a different figure for an
// imported year is refused (rows[i].unused_days). With validateOnly nothing is written.
// When the employee's ledger already holds the year after an imported one, without a carry-over
// (it was opened before the import), its carry-over is computed now.
func (a *App) ImportOpeningBalances(ctx context.Context, rows []domain.OpeningBalance, validateOnly bool) (ImportResult, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	if err := requireCity(g); err != nil {
		return ImportResult{}, errs.Deniedf("%s (%s scope) may not import opening balances: city HR only", g.Subject, g.Scope)
	}
	switch {
	case len(rows) == 0:
		return ImportResult{}, errs.Invalidf("rows", "holds no opening balances")
	case len(rows) > MaxOpeningRows:
		return ImportResult{}, errs.Invalidf("rows", "holds %d opening balances; at most %d a call", len(rows), MaxOpeningRows)
	}
	thisYear := domain.DateOf(a.now().In(domain.WIB.Location())).Year
	var bad errs.Violations
	seen := make(map[string]int, len(rows))
	for i, r := range rows {
		field := func(f string) string { return fmt.Sprintf("rows[%d].%s", i, f) }
		for _, fv := range domain.ValidateOpening(r, thisYear) {
			bad.Add(field(fv.Field), "%s", fv.Description)
		}
		key := fmt.Sprintf("%s/%d", r.Employee, r.Year)
		if j, dup := seen[key]; dup {
			bad.Add(field("year"), "employee %s's %d is already in rows[%d]", r.Employee, r.Year, j)
		} else {
			seen[key] = i
		}
		if _, err := a.dir.Employee(ctx, r.Employee); errors.Is(err, directory.ErrNotFound) {
			bad.Add(field("employee"), "employee %q is not in the directory", r.Employee)
		} else if err != nil {
			return ImportResult{}, err
		}
	}
	if err := bad.Err(); err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		res = ImportResult{}
		var audits []AuditEntry
		byEmployee := map[string][]int{}
		var order []string
		for i, r := range rows {
			if _, ok := byEmployee[r.Employee]; !ok {
				order = append(order, r.Employee)
			}
			byEmployee[r.Employee] = append(byEmployee[r.Employee], i)
		}
		for _, nip := range order {
			years, err := tx.LeaveBalanceYears(ctx, nip)
			if err != nil {
				return err
			}
			var summaries []domain.YearSummary
			for _, i := range byEmployee[nip] {
				r := rows[i]
				want := domain.OpeningBalanceEntries(r)
				summaries = append(summaries, domain.Balance{Year: r.Year, Entries: want}.Summary())
				if !slices.Contains(years, r.Year) {
					kept, err := keptBefore(ctx, tx, nip, years, r.Year)
					if err != nil {
						return err
					}
					if kept != 0 {
						bad.Add(fmt.Sprintf("rows[%d].year", i), "employee %s's ledger is kept by the service from %d already; an opening balance is for a year before it", nip, kept)
						continue
					}
					res.Written++
					if validateOnly {
						continue
					}
					b := LeaveBalance{Employee: nip, Balance: domain.Balance{Year: r.Year, Entries: want}, CarryDone: true, Version: 1, Updated: a.stamp()}
					if err := tx.InsertLeaveBalance(ctx, b); err != nil {
						return err
					}
					audits = append(audits, AuditEntry{Resource: LeaveBalanceName(nip, r.Year), Detail: fmt.Sprintf("imported: %s; available %d", want[0].Note, b.Available())})
					continue
				}
				have, _, err := tx.GetLeaveBalance(ctx, nip, r.Year)
				if err != nil {
					return err
				}
				switch {
				case sameEntries(have.Entries, want):
					res.Unchanged++
				case domain.IsOpening(have.Entries):
					bad.Add(fmt.Sprintf("rows[%d].unused_days", i), "employee %s's %d was imported already as %q; an imported year is not changed by a later import", nip, r.Year, have.Entries[0].Note)
				default:
					bad.Add(fmt.Sprintf("rows[%d].year", i), "employee %s's ledger for %d is kept by the service already; an opening balance is for a year before it", nip, r.Year)
				}
			}
			if validateOnly || len(bad) > 0 {
				continue
			}
			e, err := a.carryIntoOpened(ctx, tx, nip, summaries)
			if err != nil {
				return err
			}
			audits = append(audits, e...)
		}
		if err := bad.Err(); err != nil {
			return err
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// carryIntoOpened adds the carry-over to the year after the latest imported one when the
// employee's ledger already holds it without one (it was opened before the import, as the
// first year of the ledger) and the year before it is over.
func (a *App) carryIntoOpened(ctx context.Context, tx Tx, nip string, imported []domain.YearSummary) ([]AuditEntry, error) {
	last := 0
	for _, s := range imported {
		last = max(last, s.Year)
	}
	thisYear := domain.DateOf(a.now().In(domain.WIB.Location())).Year
	y := last + 1
	if y > thisYear {
		return nil, nil
	}
	b, found, err := tx.GetLeaveBalance(ctx, nip, y)
	if err != nil || !found || !b.CarryDone || slices.ContainsFunc(b.Entries, func(e domain.LedgerEntry) bool { return e.Kind == domain.EntryCarryOver }) {
		return nil, err
	}
	c := domain.CarryOver(imported, y)
	if c < 1 {
		return nil, nil
	}
	from := len(b.Entries)
	b.Entries = append(b.Entries, domain.LedgerEntry{Year: y, Kind: domain.EntryCarryOver, Days: c, Note: fmt.Sprintf("unused in %d (opening balance imported)", y-1)})
	b.Version++
	b.Updated = a.stamp()
	if err := tx.UpdateLeaveBalance(ctx, b, from); err != nil {
		return nil, err
	}
	return []AuditEntry{{Resource: LeaveBalanceName(nip, y), Detail: fmt.Sprintf("carried over %d days from the imported %d; available %d", c, y-1, b.Available())}}, nil
}

// keptBefore returns the first year before y that the service keeps itself (not imported) in
// the employee's ledger, or 0.
func keptBefore(ctx context.Context, tx Tx, nip string, years []int, y int) (int, error) {
	for _, yy := range years {
		if yy >= y {
			break
		}
		b, _, err := tx.GetLeaveBalance(ctx, nip, yy)
		if err != nil {
			return 0, err
		}
		if !domain.IsOpening(b.Entries) {
			return yy, nil
		}
	}
	return 0, nil
}

func sameEntries(a, b []domain.LedgerEntry) bool {
	return slices.EqualFunc(a, b, func(x, y domain.LedgerEntry) bool {
		return x.Kind == y.Kind && x.Days == y.Days && x.Note == y.Note && x.RequestID == y.RequestID
	})
}
