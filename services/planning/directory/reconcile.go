package directory

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/database"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// reconcilePage is the page size of a reconciliation pass: planning's largest page, so a city
// of 20,000 employees is 20 calls and 20 version reads.
const reconcilePage = 1000

// Reconciled counts what a reconciliation pass looked at and what it changed.
type Reconciled struct {
	Agencies, Employees int // records planning listed
	Changed             int // records the copy lacked or held at an older version
}

// Reconcile compares the copy with planning's registry and heals any divergence (an event lost
// for good, a copy restored from an old backup): it pages through ListAgencies and
// ListEmployees, reads the copy's versions of each page's records in one query, and stores only
// the records the copy lacks or holds at an older version than planning's etag. A pass over an
// unchanged copy writes nothing. Like the events, it never rolls a record back.
func (r *Replica) Reconcile(ctx context.Context, client planningv1.PlanningServiceClient) (Reconciled, error) {
	var res Reconciled
	agencies := func(tok string) ([]*planningv1.Agency, string, error) {
		resp, err := client.ListAgencies(ctx, &planningv1.ListAgenciesRequest{PageSize: reconcilePage, PageToken: tok})
		if err != nil {
			return nil, "", fmt.Errorf("listing agencies: %w", err)
		}
		return resp.GetAgencies(), resp.GetNextPageToken(), nil
	}
	seen, changed, err := reconcile(ctx, r, agencies, "directory_agencies", "code", (*planningv1.Agency).GetCode, (*planningv1.Agency).GetEtag, r.putAgency)
	res.Agencies, res.Changed = seen, changed
	if err != nil {
		return res, err
	}
	employees := func(tok string) ([]*planningv1.Employee, string, error) {
		resp, err := client.ListEmployees(ctx, &planningv1.ListEmployeesRequest{PageSize: reconcilePage, PageToken: tok})
		if err != nil {
			return nil, "", fmt.Errorf("listing employees: %w", err)
		}
		return resp.GetEmployees(), resp.GetNextPageToken(), nil
	}
	seen, changed, err = reconcile(ctx, r, employees, "directory_employees", "nip", (*planningv1.Employee).GetNip, (*planningv1.Employee).GetEtag, r.putEmployee)
	res.Employees, res.Changed = seen, res.Changed+changed
	return res, err
}

// reconcile pages through one kind of planning's records with list, reads the copy's versions
// of each page's keys from table in one query, and stores with put, in one transaction per
// page, the records the copy lacks or holds at an older version than their etag. It returns how
// many records it saw and how many it stored.
func reconcile[T any](ctx context.Context, r *Replica, list func(tok string) ([]T, string, error), table, keyColumn string,
	key, etag func(T) string, put func(context.Context, *database.Tx, T) error) (seen, changed int, err error) {
	for tok := ""; ; {
		page, next, err := list(tok)
		if err != nil {
			return seen, changed, err
		}
		seen += len(page)
		keys := make([]string, len(page))
		for i, x := range page {
			keys[i] = key(x)
		}
		have, err := r.versions(ctx, table, keyColumn, keys)
		if err != nil {
			return seen, changed, err
		}
		var stale []T
		for _, x := range page {
			if v, err := version(etag(x)); err == nil && v > have[key(x)] {
				stale = append(stale, x)
			}
		}
		if len(stale) > 0 {
			if err := r.db.InTx(ctx, func(tx *database.Tx) error {
				for _, x := range stale {
					if err := put(ctx, tx, x); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return seen, changed, err
			}
			changed += len(stale)
		}
		if tok = next; tok == "" {
			return seen, changed, nil
		}
	}
}

// versions reads the copy's version of each key of table (0 for a key it lacks).
func (r *Replica) versions(ctx context.Context, table, key string, keys []string) (map[string]int64, error) {
	type kv struct {
		k string
		v int64
	}
	rows, err := database.QueryIn(ctx, r.db, keys, reconcilePage, func(sc database.Scanner) (kv, error) {
		var x kv
		err := sc.Scan(&x.k, &x.v)
		return x, err
	}, func(list string) string {
		return `SELECT ` + key + `, version FROM ` + table + ` WHERE ` + key + ` IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading directory versions: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, x := range rows {
		out[x.k] = x.v
	}
	return out, nil
}

// reconcileEvery reconciles the copy with planning every interval until ctx is done; a failed
// pass (planning or the database unreachable) is logged and tried again at the next tick.
func (r *Replica) reconcileEvery(ctx context.Context, o KeepOptions) {
	if o.ReconcileInterval <= 0 {
		return
	}
	if o.Token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+o.Token)
	}
	// At start: at once, unless the copy is empty (the back-fill fills it).
	wait := time.Duration(0)
	if n, err := r.Count(ctx); err != nil || n == 0 {
		wait = o.ReconcileInterval
	}
	retry := firstRetry
	for {
		if !sleep(ctx, wait) {
			return
		}
		res, err := r.Reconcile(ctx, o.Planning)
		switch {
		case err != nil && ctx.Err() == nil:
			// Planning or the database unreachable: try again soon, not only at the next tick.
			wait = min(retry, o.ReconcileInterval)
			retry = min(2*retry, maxFillWait)
			o.Log.Warn("reconciling the directory with planning; will retry", "error", err, "retry_in", wait)
			continue
		case err == nil && res.Changed > 0:
			o.Log.Warn("directory reconciled: the copy had diverged from planning", "changed", res.Changed, "agencies", res.Agencies, "employees", res.Employees)
		case err == nil:
			o.Log.Debug("directory reconciled", "agencies", res.Agencies, "employees", res.Employees)
		}
		wait, retry = o.ReconcileInterval, firstRetry
	}
}
