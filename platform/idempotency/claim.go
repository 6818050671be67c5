package idempotency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
)

// How a claim stays alive. The owner renews its lease every leaseRenew while its call runs, so
// only an owner that died (or cannot reach the database) lets it lapse; a retry then takes the
// claim over within lease of the last renewal, instead of the two minutes of the first release.
// Three renewals fit in a lease, so two lost ones do not lose it. The lease is compared with
// each replica's clock: NTP keeps them within far less than a second of each other.
const (
	lease      = 6 * time.Second
	leaseRenew = 2 * time.Second
)

// Claim is a running call's hold on its Idempotency-Key. The interceptor puts it in the call's
// context; the call's business transaction marks it (platform/unitofwork), which is what makes
// a takeover never run the request twice.
type Claim struct {
	db                 *database.DB
	actor, method, key string
	owner              string // random, this call's
}

type claimCtxKey struct{}

// FromContext returns the claim of the call ctx belongs to, if it carries an Idempotency-Key.
func FromContext(ctx context.Context) (*Claim, bool) {
	c, ok := ctx.Value(claimCtxKey{}).(*Claim)
	return c, ok
}

func withClaim(ctx context.Context, c *Claim) context.Context {
	return context.WithValue(ctx, claimCtxKey{}, c)
}

// ErrClaimLost is returned by Mark when the call's lease lapsed and a retry took the claim
// over: the business transaction must not commit (the retry runs the request instead). The
// client is told to retry, and gets the retry's answer.
var ErrClaimLost = errs.New(errs.AlreadyExists, "a request with this Idempotency-Key is still being processed; retry later").WithReason("IDEMPOTENCY_KEY_IN_PROGRESS")

// Mark records, in tx, that the call's change commits with tx: the claim moves to "committed"
// if this call still owns it, and tx fails with ErrClaimLost if it does not. On PostgreSQL the
// update locks the claim's row until tx ends, so a takeover (which needs the claim running and
// lapsed) either comes first — and Mark fails — or waits and finds it committed; SQLite runs one
// writer at a time. Either way a request is applied by at most one call. A tx on another
// database than the claim's (a service called on the way) is left alone.
func (c *Claim) Mark(ctx context.Context, db *database.DB, tx *database.Tx) error {
	if c == nil || db != c.db {
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET state = $1
		WHERE actor = $2 AND method = $3 AND key = $4 AND owner = $5 AND state IN ($6, $1)`,
		stateCommitted, c.actor, c.method, c.key, c.owner, stateRunning)
	if err != nil {
		return fmt.Errorf("marking idempotency key: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("marking idempotency key: %w", err)
	} else if n == 0 {
		return ErrClaimLost
	}
	return nil
}

// renew keeps c's lease alive every leaseRenew until the returned stop is called.
func (c *Claim) renew() (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(leaseRenew)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), leaseRenew)
			_, _ = c.db.ExecContext(ctx, `UPDATE idempotency_keys SET lease_until = $1
				WHERE actor = $2 AND method = $3 AND key = $4 AND owner = $5 AND state IN ($6, $7)`,
				database.Micros(time.Now().Add(lease)), c.actor, c.method, c.key, c.owner, stateRunning, stateCommitted)
			cancel() // a failed renewal is tried again at the next tick; the lease allows two
		}
	}()
	return func() { close(done) }
}

// release frees the claim of a call that failed, so a corrected request may reuse the key at
// once. While the database is down it is retried in the background for a while (1 s, 2 s … up
// to 30 s in all); if it never succeeds the lease lapses and a retry takes the claim over.
func (c *Claim) release() {
	do := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := c.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE actor = $1 AND method = $2 AND key = $3 AND owner = $4 AND state = $5`,
			c.actor, c.method, c.key, c.owner, stateRunning)
		return err
	}
	if do() == nil {
		return
	}
	go func() {
		for delay, waited := time.Second, time.Duration(0); waited < 30*time.Second; delay *= 2 {
			time.Sleep(delay)
			waited += delay
			if do() == nil {
				return
			}
		}
	}()
}

func newOwner() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
