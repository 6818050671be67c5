package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// The REST calls the portal makes that issue 9 added to the API, through the real binary.

// createdLeave is the leave request of a POST /v1/leaveRequests answer: since issue 9 the
// answer is the whole CreateLeaveRequestResponse, {"leaveRequest": {…}, "annualDaysAvailable",
// "annualDaysPending", "annualDaysAfter"}.
func (r reply) createdLeave() map[string]any {
	m, _ := r.body["leaveRequest"].(map[string]any)
	return m
}

// TestPortalAPIEndToEnd goes through the gateway as the portal does: a leave preview
// (validateOnly) that writes nothing, not even its Idempotency-Key, then the submission; the
// supervisor's team today; the city's attendance summary; the headcount; and who is refused.
func TestPortalAPIEndToEnd(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
			today := time.Now().In(wib)
			deadline := time.Now().Add(10 * time.Second)
			for s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+today.Format(time.DateOnly), cityHR, nil).status != 200 {
				if time.Now().After(deadline) {
					t.Fatal("the directory copy did not catch up")
				}
				time.Sleep(20 * time.Millisecond)
			}
			employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
			supervisor := s.token(t, auth.RoleSupervisor, "DISKOMINFO", headNIP)
			hr := s.token(t, auth.RoleAgencyHR, "DISKOMINFO", "kominfo-hr")

			t.Run("leave preview", func(t *testing.T) {
				// The next working day from tomorrow, in this year.
				start := today.AddDate(0, 0, 1)
				for {
					e := s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+start.Format(time.DateOnly), cityHR, nil).want(t, 200)
					if working, _ := e.body["working"].(bool); working {
						break
					}
					start = start.AddDate(0, 0, 1)
				}
				if start.Year() != today.Year() {
					t.Skip("no working day left this year")
				}
				day := start.Format(time.DateOnly)
				balance := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, start.Year()), employee, nil).want(t, 200)
				available := balance.body["available"].(float64)
				body := map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": day, "endDate": day}
				preview := s.do(t, "POST", "/v1/leaveRequests?validateOnly=true", employee, body, "Idempotency-Key", "cuti-1").want(t, 200)
				lr := preview.createdLeave()
				if lr["days"] != float64(1) || lr["name"] != nil || lr["state"] != "LEAVE_STATE_SUBMITTED" ||
					preview.body["annualDaysAvailable"] != available || preview.body["annualDaysAfter"] != available-1 || preview.body["annualDaysPending"] != float64(0) {
					t.Fatalf("preview = %s; want 1 day, %v available, %v after", preview.raw, available, available-1)
				}
				if list := s.do(t, "GET", "/v1/leaveRequests", employee, nil).want(t, 200); list.body["leaveRequests"] != nil {
					t.Fatalf("a preview was stored: %s", list.raw)
				}
				// The real submission with the same key is not a reused key.
				real := s.do(t, "POST", "/v1/leaveRequests", employee, body, "Idempotency-Key", "cuti-1").want(t, 200)
				if name, _ := real.createdLeave()["name"].(string); name == "" || real.body["annualDaysAfter"] != available-1 {
					t.Fatalf("submission = %s", real.raw)
				}
				// The same preview again now overlaps the stored request.
				again := s.do(t, "POST", "/v1/leaveRequests?validateOnly=true", employee, body).want(t, 400)
				if !again.fieldViolation("leave_request.start_date") {
					t.Errorf("overlapping preview: %s", again.raw)
				}
			})

			t.Run("documents", func(t *testing.T) {
				note := append([]byte("%PDF-1.4\n% surat keterangan dokter\n"), bytes.Repeat([]byte{'x'}, 1000)...)
				up := s.do(t, "POST", "/v1/documents", employee, map[string]any{"fileName": "Surat Dokter.pdf", "contentType": "application/pdf", "content": note}).want(t, 200)
				name, _ := up.body["name"].(string)
				if !strings.HasPrefix(name, "documents/") || up.body["sizeBytes"] != fmt.Sprint(len(note)) || up.body["content"] != nil {
					t.Fatalf("upload = %s", up.raw)
				}
				got := s.do(t, "GET", "/v1/"+name, employee, nil).want(t, 200)
				if !bytes.Equal(got.raw, note) || got.header.Get("Content-Type") != "application/pdf" ||
					got.header.Get("Content-Disposition") != `attachment; filename="Surat Dokter.pdf"; filename*=UTF-8''Surat%20Dokter.pdf` {
					t.Fatalf("download: %s, %q, %d bytes", got.header.Get("Content-Type"), got.header.Get("Content-Disposition"), len(got.raw))
				}
				s.do(t, "GET", "/v1/"+name, supervisor, nil).want(t, 403) // not attached to a request yet
				if r := s.do(t, "POST", "/v1/documents", employee, map[string]any{"fileName": "x.pdf", "content": []byte("<html></html>")}).want(t, 400); !r.fieldViolation("document.content") {
					t.Errorf("an HTML file: %s", r.raw)
				}
			})

			t.Run("team day", func(t *testing.T) {
				got := s.do(t, "GET", "/v1/teamDay", supervisor, nil).want(t, 200)
				counts, _ := got.body["counts"].(map[string]any)
				entries, _ := got.body["entries"].([]any)
				if counts["total"] != float64(1) || len(entries) != 1 || got.body["date"] != today.Format(time.DateOnly) {
					t.Fatalf("head's team today = %s", got.raw)
				}
				if e := entries[0].(map[string]any); e["employee"] != staffNIP || e["displayName"] != "Budi Santoso" || e["state"] == nil {
					t.Errorf("entry = %v", e)
				}
				all := s.do(t, "GET", "/v1/teamDay?agency=DISKOMINFO&pageSize=1", cityHR, nil).want(t, 200)
				if c, _ := all.body["counts"].(map[string]any); c["total"] != float64(2) || all.body["nextPageToken"] == nil {
					t.Errorf("city HR's DISKOMINFO, one a page = %s", all.raw)
				}
				s.do(t, "GET", "/v1/teamDay", employee, nil).want(t, 403)
				if r := s.do(t, "GET", "/v1/teamDay", cityHR, nil).want(t, 400); !r.fieldViolation("agency") {
					t.Errorf("city HR without an agency: %s", r.raw)
				}
			})

			t.Run("attendance summary", func(t *testing.T) {
				from, to := today.AddDate(0, 0, -6).Format(time.DateOnly), today.Format(time.DateOnly)
				got := s.do(t, "GET", "/v1/attendanceSummary?startDate="+from+"&endDate="+to, hr, nil).want(t, 200)
				if unclosed, _ := got.body["unclosedDates"].([]any); len(unclosed) != 6 {
					t.Errorf("unclosed dates = %v, want the 6 days before today", got.body["unclosedDates"])
				}
				if days, _ := got.body["days"].([]any); len(days) > 0 {
					d := days[0].(map[string]any)
					if d["agency"] != "DISKOMINFO" || d["date"] != to || d["provisional"] != true || d["expected"] != float64(2) {
						t.Errorf("today = %v", d)
					}
				}
				s.do(t, "GET", "/v1/attendanceSummary?startDate="+from+"&endDate="+to, supervisor, nil).want(t, 403)
				far := today.AddDate(0, 0, -100).Format(time.DateOnly)
				if r := s.do(t, "GET", "/v1/attendanceSummary?startDate="+far+"&endDate="+to, cityHR, nil).want(t, 400); !r.fieldViolation("end_date") {
					t.Errorf("101 days: %s", r.raw)
				}
			})

			t.Run("headcount", func(t *testing.T) {
				got := s.do(t, "GET", "/v1/headcount", cityHR, nil).want(t, 200)
				agencies, _ := got.body["agencies"].([]any)
				if got.body["total"] != float64(2) || len(agencies) != 1 {
					t.Fatalf("headcount = %s", got.raw)
				}
				if a := agencies[0].(map[string]any); a["agency"] != "DISKOMINFO" || a["displayName"] != "Dinas Komunikasi dan Informatika" || a["pns"] != float64(2) {
					t.Errorf("DISKOMINFO = %v", a)
				}
				s.do(t, "GET", "/v1/headcount", hr, nil).want(t, 200)
				s.do(t, "GET", "/v1/headcount?agency=DINKES", hr, nil).want(t, 403)
				s.do(t, "GET", "/v1/headcount", supervisor, nil).want(t, 403)
			})
		})
	}
}
