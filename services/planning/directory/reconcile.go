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
	tok := ""
	for {
		resp, err := client.ListAgencies(ctx, &planningv1.ListAgenciesRequest{PageSize: reconcilePage, PageToken: tok})
		if err != nil {
			return res, fmt.Errorf("listing agencies: %w", err)
		}
		page := resp.GetAgencies()
		res.Agencies += len(page)
		codes := make([]string, len(page))
		for i, a := range page {
			codes[i] = a.GetCode()
		}
		have, err := r.versions(ctx, "directory_agencies", "code", codes)
		if err != nil {
			return res, err
		}
		var stale []*planningv1.Agency
		for _, a := range page {
			if v, err := version(a.GetEtag()); err == nil && v > have[a.GetCode()] {
				stale = append(stale, a)
			}
		}
		if len(stale) > 0 {
			if err := r.db.InTx(ctx, func(tx *database.Tx) error {
				for _, a := range stale {
					if err := r.putAgency(ctx, tx, a); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return res, err
			}
			res.Changed += len(stale)
		}
		if tok = resp.GetNextPageToken(); tok == "" {
			break
		}
	}
	for {
		resp, err := client.ListEmployees(ctx, &planningv1.ListEmployeesRequest{PageSize: reconcilePage, PageToken: tok})
		if err != nil {
			return res, fmt.Errorf("listing employees: %w", err)
		}
		page := resp.GetEmployees()
		res.Employees += len(page)
		nips := make([]string, len(page))
		for i, e := range page {
			nips[i] = e.GetNip()
		}
		have, err := r.versions(ctx, "directory_employees", "nip", nips)
		if err != nil {
			return res, err
		}
		var stale []*planningv1.Employee
		for _, e := range page {
			if v, err := version(e.GetEtag()); err == nil && v > have[e.GetNip()] {
				stale = append(stale, e)
			}
		}
		if len(stale) > 0 {
			if err := r.db.InTx(ctx, func(tx *database.Tx) error {
				for _, e := range stale {
					if err := r.putEmployee(ctx, tx, e); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return res, err
			}
			res.Changed += len(stale)
		}
		if tok = resp.GetNextPageToken(); tok == "" {
			return res, nil
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
