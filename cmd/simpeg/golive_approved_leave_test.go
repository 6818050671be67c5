package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

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
