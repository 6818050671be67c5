package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/golive"
	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// Leave approved before go-live through the REST gateway of the whole suite (issue 8 item 9).

// approvedLeaveSuite starts the suite with DISKOMINFO, its head and staffNIP, and waits for
// attendance's directory copy to know them; it returns the suite and a city HR token.
func approvedLeaveSuite(t *testing.T, engine testenv.Engine) (*suite, string) {
	t.Helper()
	s := startSuite(t, engine)
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Kepala Dinas", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/b", "agency": "DISKOMINFO"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
	this := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	deadline := time.Now().Add(10 * time.Second)
	for s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, this), cityHR, nil).status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the directory copy did not catch up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s, cityHR
}

// firstMondayOfFebruary returns the first Monday of February of year: a week of working days
// far enough ahead and clear of the national holidays of the test's empty calendar.
func firstMondayOfFebruary(year int) time.Time {
	d := time.Date(year, time.February, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// TestGoLiveApprovedLeave imports leave approved before go-live over REST on both engines: bad
// rows (overlap with another row, an unknown employee, a repeated reference, a type the
// regulation does not know) are each named by their rows[i] field and nothing is written;
// agency HR is refused; the import stores approved requests whose history says who approved
// them, takes the days from next year's ledger (12 - 8 = 4) and publishes leave.approved once
// per row; run again it changes nothing and publishes nothing; a changed row under the same
// reference is refused.
func TestGoLiveApprovedLeave(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s, cityHR := approvedLeaveSuite(t, engine)
			next := time.Now().In(time.FixedZone("WIB", 7*3600)).Year() + 1
			mon := firstMondayOfFebruary(next)
			day := func(n int) string { return mon.AddDate(0, 0, n).Format(time.DateOnly) }
			const by = "SK 800.1/55/BKPSDM"
			row := func(ref, nip, typ, start, end string) map[string]any {
				return map[string]any{"reference": ref, "employee": nip, "type": typ, "startDate": start, "endDate": end, "approvedBy": by}
			}
			rows := []any{
				row("LAMA-1", staffNIP, "tahunan", day(0), day(4)), // 5 working days
				row("LAMA-2", staffNIP, "annual", day(7), day(9)),  // 3 working days
			}
			bad := append(append([]any{}, rows...),
				row("LAMA-3", staffNIP, "annual", day(2), day(3)),
				row("LAMA-4", "199203032016031005", "annual", day(14), day(14)),
				row("LAMA-1", staffNIP, "annual", day(21), day(21)),
				row("LAMA-6", staffNIP, "libur", day(21), day(21)),
			)
			r := s.do(t, "POST", "/v1/leaveRequests:importApproved", cityHR, map[string]any{"rows": bad}).want(t, 400)
			for _, f := range []string{"rows[2].start_date", "rows[3].employee", "rows[4].reference", "rows[5].type"} {
				if !r.fieldViolation(f) {
					t.Errorf("the bad rows' answer does not name %s: %s", f, r.raw)
				}
			}
			list := func() []any {
				l := s.do(t, "GET", "/v1/leaveRequests?employee="+staffNIP, cityHR, nil).want(t, 200)
				items, _ := l.body["leaveRequests"].([]any)
				return items
			}
			if n := len(list()); n != 0 {
				t.Fatalf("bad rows wrote %d requests", n)
			}
			s.do(t, "POST", "/v1/leaveRequests:importApproved", s.token(t, auth.RoleAgencyHR, "DISKOMINFO", "kominfo-hr"), map[string]any{"rows": rows}).want(t, 403)

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cons, err := s.js.OrderedConsumer(ctx, s.Runtime("attendance").StreamName(),
				jetstream.OrderedConsumerConfig{FilterSubjects: []string{s.prefix + "simpeg.attendance.leave.approved"}})
			if err != nil {
				t.Fatal(err)
			}
			first := s.do(t, "POST", "/v1/leaveRequests:importApproved", cityHR, map[string]any{"rows": rows}).want(t, 200)
			if first.body["written"] != float64(len(rows)) {
				t.Fatalf("import: %s", first.raw)
			}
			for i := range rows {
				if _, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second)); err != nil {
					t.Fatalf("leave.approved %d of %d: %v", i+1, len(rows), err)
				}
			}
			again := s.do(t, "POST", "/v1/leaveRequests:importApproved", cityHR, map[string]any{"rows": rows}).want(t, 200)
			if again.body["written"] != nil || again.body["unchanged"] != float64(len(rows)) {
				t.Fatalf("import again: %s, want nothing written", again.raw)
			}
			if msg, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second)); err == nil {
				t.Fatalf("import again published %s", msg.Subject())
			}
			changed := row("LAMA-1", staffNIP, "annual", day(0), day(3))
			if r := s.do(t, "POST", "/v1/leaveRequests:importApproved", cityHR, map[string]any{"rows": []any{changed}}).want(t, 400); !r.fieldViolation("rows[0].reference") {
				t.Errorf("a changed row under the same reference: %s", r.raw)
			}

			items := list()
			if len(items) != len(rows) {
				t.Fatalf("%d requests after the import, want %d", len(items), len(rows))
			}
			for _, it := range items {
				req, _ := it.(map[string]any)
				decisions, _ := req["decisions"].([]any)
				first, _ := decisions[0].(map[string]any)
				if req["state"] != "LEAVE_STATE_APPROVED" || len(decisions) != 1 || first["action"] != "imported" || !strings.HasPrefix(fmt.Sprint(first["reason"]), "imported: approved before go-live by "+by) {
					t.Errorf("imported request: %v", req)
				}
			}
			b := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, next), cityHR, nil).want(t, 200)
			if b.body["available"] != float64(12-8) {
				t.Errorf("next year's balance after 8 imported days: %s, want 4 available", b.raw)
			}
		})
	}
}

// TestGoLiveApprovedLeaveCommand runs simpeg import --approved-leave on real CSV files against
// the suite on both engines: a file with bad rows writes nothing and names each bad row's
// file:line and field; the corrected file is written; run again, it changes nothing.
func TestGoLiveApprovedLeaveCommand(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s, cityHR := approvedLeaveSuite(t, engine)
			next := time.Now().In(time.FixedZone("WIB", 7*3600)).Year() + 1
			mon := firstMondayOfFebruary(next)
			day := func(n int) string { return mon.AddDate(0, 0, n).Format(time.DateOnly) }
			file := filepath.Join(t.TempDir(), "approved_leave.csv")
			run := func(content string) error {
				if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return dispatch(context.Background(), []string{"import", "--url", s.base, "--token", cityHR, "--approved-leave", file})
			}
			good := "reference,nip,type,start_date,end_date,approved_by,note\n" +
				fmt.Sprintf("CUTI-1,%s,tahunan,%s,%s,SK 800.1/55/BKPSDM,\n", staffNIP, day(0), day(4)) +
				fmt.Sprintf("CUTI-2,%s,sakit,%s,%s,dr. Ani (RSUD),demam berdarah\n", headNIP, day(7), day(8))
			bad := good + fmt.Sprintf("CUTI-3,%s,annual,%s,%s,SK 800.1/55/BKPSDM,\n", staffNIP, day(3), day(3)) +
				fmt.Sprintf("CUTI-4,%s,annual,%s,%s,,\n", headNIP, day(14), day(14)) +
				"CUTI-5,199203032016031005,annual\n"
			err := run(bad)
			var rows *golive.BadRowsError
			if !errors.As(err, &rows) {
				t.Fatalf("bad rows: %v", err)
			}
			if !strings.Contains(err.Error(), file+":6: row:") {
				t.Errorf("the report does not name the short row at line 6:\n%v", err)
			}
			// The short row is refused before anything is sent; the others by the service.
			if err := run(strings.TrimSuffix(bad, "CUTI-5,199203032016031005,annual\n")); !errors.As(err, &rows) ||
				!strings.Contains(err.Error(), file+":4: start_date:") || !strings.Contains(err.Error(), file+":5: approved_by:") {
				t.Errorf("the report does not name lines 4 (overlap) and 5 (approver):\n%v", err)
			}
			if l := s.do(t, "GET", "/v1/leaveRequests?employee="+staffNIP, cityHR, nil).want(t, 200); len(l.body) != 0 {
				t.Fatalf("bad rows wrote: %s", l.raw)
			}
			if err := run(good); err != nil {
				t.Fatalf("import: %v", err)
			}
			if err := run(good); err != nil {
				t.Fatalf("import again: %v", err)
			}
			for _, nip := range []string{staffNIP, headNIP} {
				l := s.do(t, "GET", "/v1/leaveRequests?employee="+nip, cityHR, nil).want(t, 200)
				if items, _ := l.body["leaveRequests"].([]any); len(items) != 1 {
					t.Errorf("%s's requests after two runs: %s, want one", nip, l.raw)
				}
			}
		})
	}
}

// BenchmarkGoLiveApprovedLeave measures the import of the demo data set's approved leave
// (simpeg import --write-demo's approved_leave.csv: a few hundred rows) after seeding the
// 20,548 employees and importing their opening balances, on SQLite and on PostgreSQL: validate
// first, then the write, 500 rows a call. docs/benchmarks.md records it:
//
//	go test ./cmd/simpeg -run '^$' -bench BenchmarkGoLiveApprovedLeave -benchtime 1x
func BenchmarkGoLiveApprovedLeave(b *testing.B) {
	now := time.Now().In(time.FixedZone("WIB", 7*3600))
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			for range b.N {
				s := startSuite(b, engine)
				token := s.token(b, auth.RoleCityHR, "", "bkpsdm")
				ds := seed.Generate(2026)
				if _, err := seed.Load(context.Background(), seed.LoadOptions{BaseURL: s.base, Token: token, Dataset: ds}); err != nil {
					b.Fatal(err)
				}
				opening := golive.DemoOpening(ds.Employees, now.Year())
				for i := range opening {
					opening[i].Line = i + 2
				}
				client := golive.Client{BaseURL: s.base, Token: token}
				deadline := time.Now().Add(3 * time.Minute)
				for {
					bad, err := client.Check(context.Background(), "demo", opening)
					if err == nil && len(bad) == 0 {
						break
					}
					if time.Now().After(deadline) {
						b.Fatalf("the directory copy did not catch up: %v, %d bad rows", err, len(bad))
					}
					time.Sleep(time.Second)
				}
				if _, err := client.ImportOpening(context.Background(), "demo", opening); err != nil {
					b.Fatal(err)
				}
				rows := golive.DemoApprovedLeave(ds.Employees, now)
				for i := range rows {
					rows[i].Line = i + 2
				}
				b.ResetTimer()
				res, err := client.ImportApprovedLeave(context.Background(), "demo", rows)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if res.Written != len(rows) {
					b.Fatalf("%d of %d rows written", res.Written, len(rows))
				}
				b.ReportMetric(res.Duration.Seconds(), "s/import")
				b.ReportMetric(float64(res.Rows), "rows")
			}
		})
	}
}
