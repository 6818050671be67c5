package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
)

// openingBatch is how many NIPs one IN list of OpeningFacts holds.
const openingBatch = 500

// OpeningFacts returns which of nips the directory copy (directory_employees, in this database)
// knows, and the years of each one's annual-leave ledger, in order: what the go-live import
// of opening balances checks, in a few queries for thousands of employees.
func (r reader) OpeningFacts(ctx context.Context, nips []string) (map[string]bool, map[string][]int, error) {
	known, err := database.SetIn(ctx, r.q, nips, openingBatch, func(list string) string {
		return `SELECT nip FROM directory_employees WHERE nip IN (` + list + `)`
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading the directory copy: %w", err)
	}
	years := map[string][]int{}
	err = database.EachIn(ctx, r.q, nips, openingBatch, func(sc database.Scanner) error {
		var (
			nip string
			y   int
		)
		if err := sc.Scan(&nip, &y); err != nil {
			return err
		}
		years[nip] = append(years[nip], y)
		return nil
	}, func(list string) string {
		return `SELECT employee, year FROM leave_balances WHERE employee IN (` + list + `) ORDER BY employee, year`
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading leave balance years: %w", err)
	}
	return known, years, nil
}
