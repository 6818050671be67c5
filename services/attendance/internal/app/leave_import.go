package app

// Go-live import of opening balances: each employee's unused annual leave of the two years
// before the service kept their ledger (DOMAIN.md "Attendance and leave", opening balances;
// domain/ledger_opening.go for how a year is stored).

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// MaxOpeningRows is the most opening balances one ImportOpeningBalances call takes; larger
// imports are sent in batches (simpeg import sends 2,000 rows a call).
const MaxOpeningRows = 10000

// ImportResult says what an import did: rows written (or, validating only, that would be), and
// rows already stored as given.
type ImportResult struct {
	Written   int
	Unchanged int
	later     []string
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
	var nips []string
	for i, r := range rows {
		for _, fv := range domain.ValidateOpening(r, thisYear) {
			bad.Add(fmt.Sprintf("rows[%d].%s", i, fv.Field), "%s", fv.Description)
		}
		key := fmt.Sprintf("%s/%d", r.Employee, r.Year)
		if j, dup := seen[key]; dup {
			bad.Add(fmt.Sprintf("rows[%d].year", i), "employee %s's %d is already in rows[%d]", r.Employee, r.Year, j)
		} else {
			seen[key] = i
		}
		if _, ok := seen[r.Employee]; !ok {
			seen[r.Employee] = i
			nips = append(nips, r.Employee)
		}
	}
	known, _, err := a.repo.OpeningFacts(ctx, nips)
	if err != nil {
		return ImportResult{}, err
	}
	for i, r := range rows {
		if !known[r.Employee] {
			bad.Add(fmt.Sprintf("rows[%d].employee", i), "employee %q is not in the directory", r.Employee)
		}
	}
	if err := byRow(bad).Err(); err != nil {
		return ImportResult{}, err
	}
	if validateOnly {
		_, res, err := a.planOpening(ctx, a.repo, nips, rows)
		return res, err
	}
	var res ImportResult
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		insert, r, err := a.planOpening(ctx, tx, nips, rows)
		if err != nil {
			return err
		}
		res = r
		audits := make([]AuditEntry, 0, len(insert))
		for _, b := range insert {
			if err := tx.InsertLeaveBalance(ctx, b); err != nil {
				return err
			}
			audits = append(audits, AuditEntry{Resource: LeaveBalanceName(b.Employee, b.Year), Detail: fmt.Sprintf("imported: %s; available %d", b.Entries[0].Note, b.Available())})
		}
		for _, nip := range r.later {
			var imported []domain.YearSummary
			for _, b := range insert {
				if b.Employee == nip {
					imported = append(imported, b.Summary())
				}
			}
			e, err := a.carryIntoOpened(ctx, tx, nip, imported)
			if err != nil {
				return err
			}
			audits = append(audits, e...)
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// planOpening decides, reading through r, which rows to store (the balances to insert) and which
// are stored already as given; it refuses (rows[i].<field>) a row for a year the service keeps
// itself, or a different figure for an imported year. ImportResult.later lists the employees
// whose ledger already has a year after an imported one (carryIntoOpened).
func (a *App) planOpening(ctx context.Context, r LeaveReader, nips []string, rows []domain.OpeningBalance) ([]LeaveBalance, ImportResult, error) {
	_, years, err := r.OpeningFacts(ctx, nips)
	if err != nil {
		return nil, ImportResult{}, err
	}
	var (
		bad    errs.Violations
		res    ImportResult
		insert []LeaveBalance
		later  = map[string]bool{}
	)
	for i, row := range rows {
		nip, have := row.Employee, years[row.Employee]
		want := domain.OpeningBalanceEntries(row)
		if len(have) > 0 && have[len(have)-1] > row.Year && !later[nip] {
			later[nip] = true
			res.later = append(res.later, nip)
		}
		if !slices.Contains(have, row.Year) {
			kept, err := keptBefore(ctx, r, nip, have, row.Year)
			if err != nil {
				return nil, res, err
			}
			if kept != 0 {
				bad.Add(fmt.Sprintf("rows[%d].year", i), "employee %s's ledger is kept by the service from %d already; an opening balance is for a year before it", nip, kept)
				continue
			}
			res.Written++
			insert = append(insert, LeaveBalance{Employee: nip, Balance: domain.Balance{Year: row.Year, Entries: want}, CarryDone: true, Version: 1, Updated: a.stamp()})
			continue
		}
		stored, _, err := r.GetLeaveBalance(ctx, nip, row.Year)
		if err != nil {
			return nil, res, err
		}
		switch {
		case sameEntries(stored.Entries, want):
			res.Unchanged++
		case domain.IsOpening(stored.Entries):
			bad.Add(fmt.Sprintf("rows[%d].unused_days", i), "employee %s's %d was imported already as %q; an imported year is not changed by a later import", nip, row.Year, stored.Entries[0].Note)
		default:
			bad.Add(fmt.Sprintf("rows[%d].year", i), "employee %s's ledger for %d is kept by the service already; an opening balance is for a year before it", nip, row.Year)
		}
	}
	return insert, res, bad.Err()
}

// carryIntoOpened adds the carry-over to the year after the latest imported one when the
// employee's ledger already holds it without one (it was opened by the service before the
// import, as the first year of the ledger; never an imported year, which an earlier import
// call may have stored) and the year before it is over.
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
	if err != nil || !found || !b.CarryDone || domain.IsOpening(b.Entries) || slices.ContainsFunc(b.Entries, func(e domain.LedgerEntry) bool { return e.Kind == domain.EntryCarryOver }) {
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
func keptBefore(ctx context.Context, tx LeaveReader, nip string, years []int, y int) (int, error) {
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

// byRow orders violations of rows[i].<field> by i, keeping the order within a row.
func byRow(v errs.Violations) errs.Violations {
	row := func(f string) int {
		n, _ := strconv.Atoi(strings.TrimPrefix(f[:max(strings.IndexByte(f, ']'), 0)], "rows["))
		return n
	}
	slices.SortStableFunc(v, func(a, b errs.FieldViolation) int { return row(a.Field) - row(b.Field) })
	return v
}

func sameEntries(a, b []domain.LedgerEntry) bool {
	return slices.EqualFunc(a, b, func(x, y domain.LedgerEntry) bool {
		return x.Kind == y.Kind && x.Days == y.Days && x.Note == y.Note && x.RequestID == y.RequestID
	})
}
