package idempotency_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/idempotency"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// leftClaim inserts the claim a call of request("DINKES") with key left behind: state, and a
// lease ending at leaseUntil.
func leftClaim(t *testing.T, db *database.DB, key string, state int, leaseUntil time.Time) {
	t.Helper()
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(request("DINKES"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if _, err := db.ExecContext(context.Background(), `INSERT INTO idempotency_keys (actor, method, key, request_hash, state, created_at, owner, lease_until)
		VALUES ('hr-1', $1, $2, $3, $4, $5, 'dead-owner', $6)`, method, key, hex.EncodeToString(sum[:]), state,
		database.Micros(time.Now()), database.Micros(leaseUntil)); err != nil {
		t.Fatal(err)
	}
}

// TestLease: a claim whose owner died is taken over within seconds; one whose change committed
// is never run again; a call that lost its claim cannot commit; a slow call keeps its claim.
func TestLease(t *testing.T) {
	ctx := context.Background()
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		t.Run("owner died before committing", func(t *testing.T) {
			f := newFixture(t, engine)
			leftClaim(t, f.db, "died", 0, time.Now().Add(time.Second)) // lease still running 1 s
			start := time.Now()
			r := f.mustCall(t, callCtx("hr-1", "died"), request("DINKES"))
			if took := time.Since(start); r.GetAgency().GetEtag() != "etag-1" || took > 5*time.Second {
				t.Fatalf("retry answered %v after %s", r, took)
			}
		})
		t.Run("owner died after committing", func(t *testing.T) {
			f := newFixture(t, engine)
			leftClaim(t, f.db, "committed", 2, time.Now().Add(-time.Second))
			_, err := f.call(callCtx("hr-1", "committed"), method, request("DINKES"))
			wantReason(t, err, errs.AlreadyExists, "IDEMPOTENCY_KEY_APPLIED")
			if f.calls.Load() != 0 {
				t.Fatal("a committed request ran again")
			}
		})
		t.Run("claim lost before commit", func(t *testing.T) {
			f := newFixture(t, engine)
			if _, err := f.db.ExecContext(ctx, `CREATE TABLE effects (id TEXT PRIMARY KEY)`); err != nil {
				t.Fatal(err)
			}
			handler := func(ctx context.Context, req any) (any, error) {
				c, ok := idempotency.FromContext(ctx)
				if !ok {
					t.Fatal("no claim in the call's context")
				}
				// A retry took the claim over while this call was stuck.
				if _, err := f.db.ExecContext(ctx, `UPDATE idempotency_keys SET owner = 'retry' WHERE key = 'lost'`); err != nil {
					return nil, err
				}
				return nil, f.db.InTx(ctx, func(tx *database.Tx) error {
					if _, err := tx.ExecContext(ctx, `INSERT INTO effects (id) VALUES ('x')`); err != nil {
						return err
					}
					return c.Mark(ctx, f.db, tx)
				})
			}
			_, err := f.icpt(callCtx("hr-1", "lost"), request("DINKES"), &grpc.UnaryServerInfo{FullMethod: method}, handler)
			if !errors.Is(err, idempotency.ErrClaimLost) {
				t.Fatalf("error %v, want ErrClaimLost", err)
			}
			var n int
			if err := f.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM effects`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("%d effects committed (%v), want none", n, err)
			}
		})
		if engine != testenv.SQLite {
			return
		}
		t.Run("slow call keeps its lease", func(t *testing.T) {
			f := newFixture(t, engine)
			f.delay = 8 * time.Second // longer than the lease: only renewals keep it
			done := make(chan error, 1)
			go func() { _, err := f.call(callCtx("hr-1", "slow"), method, request("DINKES")); done <- err }()
			time.Sleep(7 * time.Second)
			if _, err := f.call(callCtx("hr-1", "slow"), method, request("DINKES")); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if err := <-done; err != nil || f.calls.Load() != 1 {
				t.Fatalf("first call %v; %d calls, want 1", err, f.calls.Load())
			}
		})
	})
}
