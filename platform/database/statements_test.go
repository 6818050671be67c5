package database_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestStatements: statements run through a Statements give the same results as through the
// transaction, prepared once per transaction on SQLite (none on PostgreSQL), savepoints
// included; a new transaction prepares them anew; an error is the statement's own; and
// transactions using one Statements concurrently each see their own statements.
func TestStatements(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			db := migrated(t, engine)
			ctx := context.Background()
			var st database.Statements
			const insert = `INSERT INTO things (id, code, n) VALUES ($1, $2, $3)`
			wantPrepared := func(t *testing.T, sqlite int) {
				t.Helper()
				want := sqlite
				if engine != testenv.SQLite {
					want = 0
				}
				if got := database.Prepared(&st); got != want {
					t.Errorf("%d statements prepared, want %d", got, want)
				}
			}
			tests := []struct {
				name     string
				body     func(tx *database.Tx) error
				prepared int // on SQLite
				rows     int // things afterwards
			}{
				{"a hundred inserts and a read", func(tx *database.Tx) error {
					for i := range 100 {
						if _, err := st.Exec(ctx, tx, insert, fmt.Sprint("a", i), fmt.Sprint("code-a", i), i); err != nil {
							return err
						}
					}
					var n int
					if err := st.QueryRow(ctx, tx, `SELECT COUNT(*) FROM things WHERE n < $1`, 50).Scan(&n); err != nil || n != 50 {
						return fmt.Errorf("count = %d, %v; want 50", n, err)
					}
					return nil
				}, 2, 100},
				{"savepoints, one rolled back", func(tx *database.Tx) error {
					for i := range 10 {
						if _, err := st.Exec(ctx, tx, "SAVEPOINT s"); err != nil {
							return err
						}
						if _, err := st.Exec(ctx, tx, insert, fmt.Sprint("b", i), fmt.Sprint("code-b", i), i); err != nil {
							return err
						}
						end := "RELEASE SAVEPOINT s"
						if i == 3 {
							if _, err := st.Exec(ctx, tx, "ROLLBACK TO SAVEPOINT s"); err != nil {
								return err
							}
						}
						if _, err := st.Exec(ctx, tx, end); err != nil {
							return err
						}
					}
					return nil
				}, 4, 109},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if err := db.InTx(ctx, tt.body); err != nil {
						t.Fatal(err)
					}
					wantPrepared(t, tt.prepared)
					if n := count(t, db, `SELECT COUNT(*) FROM things`); n != tt.rows {
						t.Errorf("%d things, want %d", n, tt.rows)
					}
				})
			}

			t.Run("a failing statement returns its own error", func(t *testing.T) {
				err := db.InTx(ctx, func(tx *database.Tx) error {
					_, err := st.Exec(ctx, tx, insert, "a0", "code-new", 1)
					return err
				})
				if !database.IsUniqueViolation(err) {
					t.Errorf("duplicate insert: %v, want a unique violation", err)
				}
				err = db.InTx(ctx, func(tx *database.Tx) error {
					_, err := st.Exec(ctx, tx, `INSERT INTO no_such_table (x) VALUES ($1)`, 1)
					return err
				})
				if err == nil || !strings.Contains(err.Error(), "no_such_table") {
					t.Errorf("insert into a missing table: %v", err)
				}
			})

			t.Run("a rolled-back transaction leaves nothing, the next works", func(t *testing.T) {
				errStop := fmt.Errorf("stop")
				err := db.InTx(ctx, func(tx *database.Tx) error {
					if _, err := st.Exec(ctx, tx, insert, "c1", "code-c1", 1); err != nil {
						return err
					}
					return errStop
				})
				if err != errStop {
					t.Fatalf("InTx = %v", err)
				}
				if err := db.InTx(ctx, func(tx *database.Tx) error {
					_, err := st.Exec(ctx, tx, insert, "c2", "code-c2", 2)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM things WHERE id IN ('c1', 'c2')`); n != 1 {
					t.Errorf("%d of c1, c2; want c2 alone", n)
				}
			})

			t.Run("transactions in turn", func(t *testing.T) {
				var wg sync.WaitGroup
				errs := make(chan error, 8)
				for g := range 8 {
					wg.Go(func() {
						errs <- db.InTx(ctx, func(tx *database.Tx) error {
							for i := range 20 {
								if _, err := st.Exec(ctx, tx, insert, fmt.Sprintf("d%d-%d", g, i), fmt.Sprintf("code-d%d-%d", g, i), i); err != nil {
									return err
								}
							}
							return nil
						})
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Error(err)
					}
				}
				if n := count(t, db, `SELECT COUNT(*) FROM things WHERE id LIKE 'd%'`); n != 160 {
					t.Errorf("%d things, want 160", n)
				}
			})
		})
	}
}
