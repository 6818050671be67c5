package history

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
)

func readEmployees(ctx context.Context, db *database.DB, agency string, limit int) ([]employee, error) {
	offices := map[string]office{}
	err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var agency string
		var of office
		if err := sc.Scan(&of.id, &agency, &of.lat, &of.lon); err != nil {
			return err
		}
		if _, ok := offices[agency]; !ok {
			offices[agency] = of
		}
		return nil
	}, `SELECT id, agency, latitude, longitude FROM offices ORDER BY agency, id`)
	if err != nil {
		return nil, fmt.Errorf("reading offices: %w", err)
	}
	q := `SELECT e.nip, e.agency, e.supervisor, e.appointment_date, COALESCE(a.root, '') FROM directory_employees e
		LEFT JOIN directory_agencies a ON a.code = e.agency WHERE e.status = 'active' AND (e.agency = $1 OR $1 = '') ORDER BY e.nip`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var emps []employee
	err = database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var e employee
		var root string
		if err := sc.Scan(&e.nip, &e.agency, &e.supervisor, &e.appointed, &root); err != nil {
			return err
		}
		of, ok := offices[e.agency]
		if !ok {
			of, ok = offices[root]
		}
		if !ok {
			of = office{lat: 3.5952, lon: 98.6722} // Medan's city hall, no office
		}
		e.office = of
		emps = append(emps, e)
		return nil
	}, q, agency)
	if err != nil {
		return nil, fmt.Errorf("reading the directory copy: %w", err)
	}
	if len(emps) == 0 {
		return nil, errors.New("the directory copy has no active employee: seed the registry first (simpeg seed --demo --no-history)")
	}
	return emps, nil
}

func readHolidays(ctx context.Context, db *database.DB, from, to string) (map[string]bool, error) {
	out := map[string]bool{}
	err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var d string
		if err := sc.Scan(&d); err != nil {
			return err
		}
		out[d] = true
		return nil
	}, `SELECT date FROM holidays WHERE date >= $1 AND date <= $2`, from, to)
	if err != nil {
		return nil, fmt.Errorf("reading holidays: %w", err)
	}
	return out, nil
}

// readLeave returns the employee-days already covered by leave in the range (requests that are
// not rejected or cancelled): the generator neither writes check-ins on them nor asks for
// leave that overlaps them; their closed day is on leave.
//
// asked holds the employees with any request in the range, whatever its state: a forced run
// plans no leave for them, so that it adds nothing to the leave a first run wrote.
func readLeave(ctx context.Context, db *database.DB, from, to string) (taken map[string]map[string]string, asked map[string]bool, err error) {
	out := map[string]map[string]string{}
	asked = map[string]bool{}
	err = database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var nip, typ, start, end, state string
		if err := sc.Scan(&nip, &typ, &start, &end, &state); err != nil {
			return err
		}
		asked[nip] = true
		if state == "rejected" || state == "cancelled" {
			return nil
		}
		s, err1 := time.ParseInLocation(time.DateOnly, start, WIB)
		e, err2 := time.ParseInLocation(time.DateOnly, end, WIB)
		if err1 != nil || err2 != nil {
			return nil
		}
		if out[nip] == nil {
			out[nip] = map[string]string{}
		}
		for d := s; !d.After(e); d = d.AddDate(0, 0, 1) {
			out[nip][day(d)] = typ
		}
		return nil
	}, `SELECT employee, type, start_date, end_date, state FROM leave_requests
		WHERE end_date >= $1 AND start_date <= $2`, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("reading leave requests: %w", err)
	}
	return out, asked, nil
}

type byYear struct {
	nip  string
	year int
}

func readBalances(ctx context.Context, db *database.DB, years map[int]bool) (map[byYear]balance, error) {
	out := map[byYear]balance{}
	for y := range years {
		err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
			var k byYear
			var b balance
			if err := sc.Scan(&k.nip, &k.year, &b.available, &b.version, &b.seq); err != nil {
				return err
			}
			b.found = true
			out[k] = b
			return nil
		}, `SELECT b.employee, b.year, b.available, b.version, COALESCE((SELECT MAX(l.seq) FROM leave_ledger l
			WHERE l.employee = b.employee AND l.year = b.year), 0) FROM leave_balances b WHERE b.year = $1`, y)
		if err != nil {
			return nil, fmt.Errorf("reading leave balances: %w", err)
		}
	}
	return out, nil
}
