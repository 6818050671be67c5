package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// groupCase is one group of WriteGrouped calls, all queued behind a call that holds the key,
// so that they form one group. Call i writes its row (the enrolment lock of "call-<i>") and
// its audit record, then answers outcome(i, run), run counting its runs from 1.
type groupCase struct {
	name    string
	calls   int
	outcome func(i, run int) error
	// want is the error call i gets: nil when it commits.
	want func(i int) error
}

var errDisk = errors.New("disk on fire")

// refusal is call i's caller error.
func refusal(i int) error { return errs.Invalidf("call", "call %d refused", i) }

// TestWriteGrouped: calls queued on one key are written in one transaction, in order of their
// order key; a refusal is undone alone, a failure that is not a caller's fails the group, a
// lost race runs every call again and still writes each once, a lone call that fails writes
// nothing, on each engine.
func TestWriteGrouped(t *testing.T) {
	cases := []groupCase{
		{name: "refusals are undone alone", calls: 12,
			outcome: func(i, _ int) error {
				if i%4 == 1 {
					return refusal(i)
				}
				return nil
			},
			want: func(i int) error {
				if i%4 == 1 {
					return refusal(i)
				}
				return nil
			}},
		{name: "a failure that is not the caller's fails the group", calls: 6,
			outcome: func(i, _ int) error {
				if i == 3 {
					return errDisk
				}
				return nil
			},
			want: func(int) error { return errDisk }},
		{name: "a lost race runs every call again and writes each once", calls: 8,
			outcome: func(i, run int) error {
				if i == 5 && run == 1 {
					return database.ErrRetry
				}
				return nil
			},
			want: func(int) error { return nil }},
		{name: "a lone call that is refused writes nothing", calls: 1,
			outcome: func(i, _ int) error { return refusal(i) },
			want:    refusal},
	}
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s, db := groupStore(t, engine)
		for n, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				key := fmt.Sprintf("sessions/case-%d", n)
				prefix := fmt.Sprintf("case-%d-", n)
				release := holdKey(t, s, key)
				var (
					mu    sync.Mutex
					runs  = map[int]int{}
					order []string // the order keys of the calls' runs, as they ran
				)
				got := make([]error, tc.calls)
				var wg sync.WaitGroup
				for i := range tc.calls {
					wg.Add(1)
					go func() {
						defer wg.Done()
						// Order keys descend while calls queue in any order: the group sorts them.
						ord := fmt.Sprintf("%03d", tc.calls-i)
						got[i] = s.WriteGrouped(hr(), key, ord, func(ctx context.Context, tx app.Tx) error {
							mu.Lock()
							runs[i]++
							run := runs[i]
							order = append(order, ord)
							mu.Unlock()
							if err := tx.LockEnrolmentEmployee(ctx, fmt.Sprintf("%scall-%d", prefix, i)); err != nil {
								return err
							}
							if err := tx.Audit(ctx, app.AuditEntry{Resource: fmt.Sprintf("calls/%s%d", prefix, i), Detail: "written"}); err != nil {
								return err
							}
							return tc.outcome(i, run)
						})
					}()
				}
				waitQueued(t, s, key, tc.calls)
				release()
				wg.Wait()
				for i := range tc.calls {
					want := tc.want(i)
					if fmt.Sprint(got[i]) != fmt.Sprint(want) {
						t.Errorf("call %d: %v, want %v", i, got[i], want)
					}
					written := 0
					if want == nil {
						written = 1
					}
					if n := count(t, db, `SELECT COUNT(*) FROM enrolment_locks WHERE employee = $1`, fmt.Sprintf("%scall-%d", prefix, i)); n != written {
						t.Errorf("call %d: %d rows written, want %d", i, n, written)
					}
					if n := count(t, db, `SELECT COUNT(*) FROM audit_records WHERE resource = $1`, fmt.Sprintf("calls/%s%d", prefix, i)); n != written {
						t.Errorf("call %d: %d audit records, want %d", i, n, written)
					}
				}
				// Each run of the group (two when it is retried) goes through the calls in
				// ascending order keys, as far as it gets.
				keys := make([]string, tc.calls)
				for i := range keys {
					keys[i] = fmt.Sprintf("%03d", i+1)
				}
				for _, run := range ascendingRuns(order) {
					if !slices.Equal(run, keys[:len(run)]) {
						t.Errorf("calls ran in order %v, want each run in order keys %v", order, keys)
					}
				}
				for i := range tc.calls {
					if runs[i] == 0 && tc.want(i) == nil {
						t.Errorf("call %d committed without running", i)
					}
				}
			})
		}

		t.Run("a caller who leaves while queued is not written", func(t *testing.T) {
			key := "sessions/leaving"
			release := holdKey(t, s, key)
			ctx, cancel := context.WithCancel(hr())
			ran := make(chan struct{}, 1)
			errc := make(chan error, 1)
			go func() {
				errc <- s.WriteGrouped(ctx, key, "a", func(ctx context.Context, tx app.Tx) error {
					ran <- struct{}{}
					return tx.LockEnrolmentEmployee(ctx, "leaver")
				})
			}()
			waitQueued(t, s, key, 1)
			cancel()
			if err := <-errc; !errors.Is(err, context.Canceled) {
				t.Fatalf("the leaving caller got %v, want context.Canceled", err)
			}
			release()
			waitIdle(t, s, key)
			select {
			case <-ran:
				t.Fatal("the call of a caller who left was run")
			default:
			}
			if n := count(t, db, `SELECT COUNT(*) FROM enrolment_locks WHERE employee = 'leaver'`); n != 0 {
				t.Fatalf("%d rows of the leaver", n)
			}
		})
	})
}

// ascendingRuns splits keys where they stop ascending.
func ascendingRuns(keys []string) [][]string {
	var runs [][]string
	for i, k := range keys {
		if i == 0 || k <= keys[i-1] {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], k)
	}
	return runs
}

// hr is agency HR of DISKOMINFO, the actor of the calls' audit records.
func hr() context.Context {
	return testenv.As(context.Background(), auth.RoleAgencyHR, "DISKOMINFO", "kominfo-hr")
}

// groupStore is a Store on a fresh migrated database of engine.
func groupStore(t *testing.T, engine testenv.Engine) (*Store, *database.DB) {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "training", Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	return New(db, outbox.New(), events.Encode), db
}

// holdKey starts a call on key that keeps its transaction open until release is called, so
// that the calls made meanwhile queue for the next group.
func holdKey(t *testing.T, s *Store, key string) (release func()) {
	t.Helper()
	started, hold := make(chan struct{}), make(chan struct{})
	go func() {
		err := s.WriteGrouped(hr(), key, "", func(context.Context, app.Tx) error {
			select {
			case started <- struct{}{}:
			default:
			}
			<-hold
			return nil
		})
		if err != nil {
			t.Errorf("holding %s: %v", key, err)
		}
	}()
	<-started
	return sync.OnceFunc(func() { close(hold) })
}

// waitQueued waits until n calls wait in key's queue.
func waitQueued(t *testing.T, s *Store, key string, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d calls queued on %s", n, key), func() bool {
		s.groups.mu.Lock()
		defer s.groups.mu.Unlock()
		return len(s.groups.queues[key]) >= n
	})
}

// waitIdle waits until no group of key runs or waits.
func waitIdle(t *testing.T, s *Store, key string) {
	t.Helper()
	waitFor(t, key+" idle", func() bool {
		s.groups.mu.Lock()
		defer s.groups.mu.Unlock()
		_, running := s.groups.queues[key]
		return !running
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// count returns the single number query answers.
func count(t *testing.T, db *database.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
