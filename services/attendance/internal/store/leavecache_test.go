package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
)

// TestLeaveCache checks on each engine that a check-in's question (one employee's approved
// leave on a date) is answered from the day's cached list: a leave approved by another replica
// (written here behind the store's back) shows within leaveTTL, one written through this
// store's Write at once, and the questions of many employees (a day's closing) always read the
// database.
func TestLeaveCache(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			db := testenv.OpenDB(t, engine)
			if err := db.Migrate(ctx, "attendance", Migrations()); err != nil {
				t.Fatal(err)
			}
			s := New(db, outbox.New(), events.Encode)
			clock := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
			s.leave.now = func() time.Time { return clock }
			day := domain.Date{Year: 2026, Month: 12, Day: 7}
			approve := func(id, emp, typ string) {
				t.Helper()
				if _, err := db.ExecContext(ctx, `INSERT INTO leave_requests (id, employee, agency, type, start_date, end_date, state, days, counting,
					needs_second_approval, spent, supervisor, payload, version, create_time, update_time)
					VALUES ($1, $2, 'DISKOMINFO', $3, '2026-12-07', '2026-12-08', 'approved', 2, 'working_days', 0, 0, '', '{}', 1, 0, 0)`, id, emp, typ); err != nil {
					t.Fatal(err)
				}
			}
			on := func(emp string) string {
				t.Helper()
				m, err := s.ApprovedLeaveOn(ctx, day, []string{emp})
				if err != nil {
					t.Fatal(err)
				}
				if len(m) > 1 {
					t.Fatalf("asked about %s, answered %v", emp, m)
				}
				return string(m[emp])
			}
			approve("l1", "emp-a", "annual")
			tests := []struct {
				step string
				do   func()
				emp  string
				want string
			}{
				{"approved before the first question", func() {}, "emp-a", "annual"},
				{"not on leave", func() {}, "emp-b", ""},
				{"approved by another replica: not yet seen", func() { approve("l2", "emp-b", "sick") }, "emp-b", ""},
				{"... seen after leaveTTL", func() { clock = clock.Add(leaveTTL) }, "emp-b", "sick"},
				{"approved through this store's Write: seen at once", func() {
					approve("l3", "emp-c", "important_reasons")
					if err := s.Write(ctx, func(context.Context, app.Tx) error { return nil }); err != nil {
						t.Fatal(err)
					}
				}, "emp-c", "important_reasons"},
			}
			for _, tc := range tests {
				tc.do()
				if got := on(tc.emp); got != tc.want {
					t.Fatalf("%s: %s's leave on %s is %q, want %q", tc.step, tc.emp, day, got, tc.want)
				}
			}
			approve("l4", "emp-d", "annual")
			all, err := s.ApprovedLeaveOn(ctx, day, nil)
			if err != nil || fmt.Sprint(all) != "map[emp-a:annual emp-b:sick emp-c:important_reasons emp-d:annual]" {
				t.Fatalf("every employee's leave (a day's closing) = %v (%v), want the database's four", all, err)
			}
		})
	}
}
