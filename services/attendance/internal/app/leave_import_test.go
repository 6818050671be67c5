package app_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Employees of the opening-balance suite, all appointed long before 2024.
const (
	obCap18  = "198504042010011006"
	obCap24  = "198705052012012007"
	obBroken = "199203032016031005"
	obEarly  = "198609262015051001" // opened 2026 before the import
	obSecond = "197203152000031002"
)

// TestImportOpeningBalances: opening balances make carry-over (6, cap 18) and the 24-day cap
// after two unused years work in the first year; a bad row writes nothing and every bad row is
// reported; an import run twice changes nothing; only city HR imports.
func TestImportOpeningBalances(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		var emps []*planningv1.Employee
		for _, nip := range []string{obCap18, obCap24, obBroken, obEarly, obSecond} {
			emps = append(emps, &planningv1.Employee{Nip: nip, Agency: "DISKOMINFO"})
		}
		e := newEnv(t, engine, emps...)
		s := newSuite(e, e.store, lvToday)
		if _, err := s.app.CreateOffice(cityHR, kominfoHQ); err != nil {
			t.Fatalf("CreateOffice: %v", err)
		}
		balance := func(nip string, year int) (*attendancev1.LeaveBalance, error) {
			resp, err := s.api.GetLeaveBalance(cityHR, &attendancev1.GetLeaveBalanceRequest{Name: app.LeaveBalanceName(nip, year)})
			return resp.GetLeaveBalance(), err
		}
		// Before the import, 2025 is not kept (this failed before the change: no way in).
		if _, err := balance(obCap18, 2025); !errs.IsKind(err, errs.NotFound) {
			t.Fatalf("2025 before the import: %v, want NotFound", err)
		}
		// obEarly's 2026 is opened before the import, without a carry-over.
		if b, err := balance(obEarly, 2026); err != nil || b.GetAvailable() != 12 {
			t.Fatalf("obEarly 2026 before the import: %v, %v", b, err)
		}
		rows := []domain.OpeningBalance{
			{Employee: obCap18, Year: 2025, Unused: 10, Source: "SIMPEG lama"},
			{Employee: obCap24, Year: 2024, Unused: 12, Source: "SIMPEG lama"},
			{Employee: obCap24, Year: 2025, Unused: 18, Source: "SIMPEG lama"},
			{Employee: obBroken, Year: 2024, Unused: 8, Source: "SK 800/12/2025"},
			{Employee: obBroken, Year: 2025, Unused: 11, Source: "SK 800/12/2025"},
			{Employee: obEarly, Year: 2025, Unused: 9, Source: "SIMPEG lama"},
		}

		bad := append([]domain.OpeningBalance{}, rows...)
		bad = append(bad,
			domain.OpeningBalance{Employee: obSecond, Year: 2023, Unused: 4, Source: "SIMPEG lama"},
			domain.OpeningBalance{Employee: obSecond, Year: 2025, Unused: 25, Source: " "},
			domain.OpeningBalance{Employee: "200001012022031009", Year: 2025, Unused: 3, Source: "SIMPEG lama"},
			domain.OpeningBalance{Employee: obCap18, Year: 2025, Unused: 3, Source: "SIMPEG lama"},
		)
		_, err := s.app.ImportOpeningBalances(cityHR, bad, false)
		wantFields := []string{"rows[6].year", "rows[7].unused_days", "rows[7].source", "rows[8].employee", "rows[9].year"}
		if !errs.IsKind(err, errs.Invalid) {
			t.Fatalf("bad rows: %v, want Invalid", err)
		}
		got := fieldsOf(err)
		if strings.Join(got, " ") != strings.Join(wantFields, " ") {
			t.Fatalf("bad rows reported %v, want %v", got, wantFields)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM leave_balances WHERE year < 2026`); n != 0 {
			t.Fatalf("a bad row wrote %d balances", n)
		}
		if _, err := s.app.ImportOpeningBalances(kominfoHR, rows, false); !errs.IsKind(err, errs.PermissionDenied) {
			t.Fatalf("agency HR: %v, want PermissionDenied", err)
		}
		if res, err := s.app.ImportOpeningBalances(cityHR, rows, true); err != nil || res.Written != len(rows) {
			t.Fatalf("validate only: %+v, %v", res, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM leave_balances WHERE year < 2026`); n != 0 {
			t.Fatalf("validate only wrote %d balances", n)
		}

		// The later year first, in a call of its own (an import's batches may arrive in any
		// order): the earlier year's call leaves the imported later year as it is.
		if res, err := s.app.ImportOpeningBalances(cityHR, rows[4:5], false); err != nil || res.Written != 1 {
			t.Fatalf("import of one row: %+v, %v", res, err)
		}
		res, err := s.app.ImportOpeningBalances(cityHR, rows, false)
		if err != nil || res.Written != len(rows)-1 || res.Unchanged != 1 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		audits := s.count(t, `SELECT COUNT(*) FROM audit_records`)
		res, err = s.app.ImportOpeningBalances(cityHR, rows, false)
		if err != nil || res.Written != 0 || res.Unchanged != len(rows) {
			t.Fatalf("import again: %+v, %v", res, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM audit_records`); n != audits {
			t.Fatalf("import again wrote %d audit records", n-audits)
		}
		changed := []domain.OpeningBalance{{Employee: obCap18, Year: 2025, Unused: 11, Source: "SIMPEG lama"}}
		if _, err := s.app.ImportOpeningBalances(cityHR, changed, false); !errs.IsKind(err, errs.Invalid) || fieldsOf(err)[0] != "rows[0].unused_days" {
			t.Fatalf("a different figure: %v", err)
		}

		tests := []struct {
			name      string
			nip       string
			year      int
			available int32
			carried   int32
		}{
			{"imported year readable", obCap18, 2025, 10, 0},
			{"carry-over capped at 6 (cap 18)", obCap18, 2026, 18, 6},
			{"two unused years: cap 24", obCap24, 2026, 24, 12},
			{"an imported year stays as imported", obBroken, 2025, 11, 0},
			{"years used: cap 18", obBroken, 2026, 18, 6},
			{"year opened before the import gets its carry-over", obEarly, 2026, 18, 6},
			{"no opening balance: 12", obSecond, 2026, 12, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b, err := balance(tt.nip, tt.year)
				if err != nil {
					t.Fatal(err)
				}
				if b.GetAvailable() != tt.available || (tt.year == 2026 && b.GetCarriedOver() != tt.carried) {
					t.Errorf("%s %d: available %d carried %d, want %d and %d", tt.nip, tt.year, b.GetAvailable(), b.GetCarriedOver(), tt.available, tt.carried)
				}
			})
		}
		if a := s.audits(t, app.LeaveBalanceName(obCap24, 2024)); len(a) != 1 || !strings.Contains(a[0], "SIMPEG lama") {
			t.Errorf("audit of an imported year: %q", a)
		}
	})
}

// fieldsOf returns the fields err's violations name.
func fieldsOf(err error) []string {
	e, ok := errs.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range e.Violations {
		out = append(out, v.Field)
	}
	return out
}
