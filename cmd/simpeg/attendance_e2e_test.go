package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// TestAttendanceEndToEnd goes through the gateway like a newcomer: employees registered in
// planning reach attendance's directory copy, city HR sets up an office, an employee checks in
// from a phone (also re-uploading offline), the supervisor sees it, the event is published.
func TestAttendanceEndToEnd(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)

			// The most recent weekday morning at 08:00 WIB that is in the past and inside the
			// 72-hour offline window: a check-in then is late by 30 minutes if it is a working day.
			now := time.Now().In(wib)
			day := time.Date(now.Year(), now.Month(), now.Day(), 8, 0, 0, 0, wib)
			for day.After(now.Add(-10*time.Minute)) || day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, -1)
			}
			date := day.Format(time.DateOnly)

			// The directory copy catches up with planning's events.
			deadline := time.Now().Add(10 * time.Second)
			var exp reply
			for {
				exp = s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+date, cityHR, nil)
				if exp.status == 200 || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			exp.want(t, 200)
			working, _ := exp.body["working"].(bool)

			s.do(t, "POST", "/v1/offices?officeId=kominfo-pusat", cityHR, map[string]any{
				"displayName": "Kantor Dinas Kominfo", "agency": "DISKOMINFO", "latitude": 3.590, "longitude": 98.678, "timeZone": "TIME_ZONE_WIB",
			}).want(t, 200)
			s.do(t, "POST", "/v1/offices?officeId=bad", cityHR, map[string]any{
				"displayName": "Nowhere", "agency": "DISKOMINFO", "latitude": 95.0, "longitude": 98.678,
			}).want(t, 400)

			employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
			body := map[string]any{
				"clientId": "phone-1a2b3c4d-0001", "kind": "ATTENDANCE_KIND_CHECK_IN", "deviceTime": day.UTC().Format(time.RFC3339),
				"latitude": 3.5905, "longitude": 98.6782, "accuracyMeters": 12, "deviceId": "android-7f3e",
			}
			first := s.do(t, "POST", "/v1/attendanceRecords", employee, body).want(t, 200)
			wantOutcome := "ATTENDANCE_OUTCOME_NOT_A_WORKING_DAY"
			if working {
				wantOutcome = "ATTENDANCE_OUTCOME_LATE"
				if first.body["lateMinutes"] != float64(30) {
					t.Errorf("late minutes = %v, want 30; %s", first.body["lateMinutes"], first.raw)
				}
			}
			if first.body["outcome"] != wantOutcome || first.body["lateSynced"] != true || first.body["outsideGeofence"] == true {
				t.Fatalf("check-in = %s; want %s, late-synced, inside the geofence", first.raw, wantOutcome)
			}
			again := s.do(t, "POST", "/v1/attendanceRecords", employee, body).want(t, 200)
			if !bytes.Equal(first.raw, again.raw) {
				t.Fatalf("re-upload answered differently:\n%s\n%s", first.raw, again.raw)
			}
			old := map[string]any{
				"clientId": "phone-1a2b3c4d-0002", "kind": "ATTENDANCE_KIND_CHECK_IN", "deviceTime": time.Now().Add(-73 * time.Hour).UTC().Format(time.RFC3339),
				"latitude": 3.5905, "longitude": 98.6782, "accuracyMeters": 12, "deviceId": "android-7f3e",
			}
			tooOld := s.do(t, "POST", "/v1/attendanceRecords", employee, old)
			if tooOld.status != http.StatusBadRequest || !bytes.Contains(tooOld.raw, []byte("DEVICE_TIME_TOO_OLD")) {
				t.Fatalf("73-hour-old upload: %d %s", tooOld.status, tooOld.raw)
			}

			supervisor := s.token(t, auth.RoleSupervisor, "DISKOMINFO", headNIP)
			list := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/attendanceRecords?startDate=%s&endDate=%s", staffNIP, date, date), supervisor, nil).want(t, 200)
			if recs, _ := list.body["records"].([]any); len(recs) != 1 {
				t.Fatalf("supervisor's view = %s", list.raw)
			}
			s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/attendanceRecords?startDate=%s&endDate=%s", headNIP, date, date), employee, nil).want(t, 403)

			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cons, err := s.js.OrderedConsumer(ctx, s.Runtime("attendance").StreamName(), jetstream.OrderedConsumerConfig{FilterSubjects: []string{s.prefix + "simpeg.attendance.attendance.checked_in"}})
			if err != nil {
				t.Fatal(err)
			}
			msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
			if err != nil {
				t.Fatalf("waiting for checked_in: %v", err)
			}
			var ev attendancev1.CheckedIn
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil || ev.GetRecord().GetEmployee() != staffNIP {
				t.Fatalf("checked_in event = %v, %v", ev.GetRecord(), err)
			}
		})
	}
}

// TestLeaveEndToEnd is the newcomer's leave flow through the gateway: request annual leave,
// approve it as the direct supervisor, see the balance drop, close the day and see it as leave,
// download the month as CSV.
func TestLeaveEndToEnd(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
			today := time.Now().In(wib)
			date := today.Format(time.DateOnly)
			deadline := time.Now().Add(10 * time.Second)
			for s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+date, cityHR, nil).status != 200 {
				if time.Now().After(deadline) {
					t.Fatal("the directory copy did not catch up")
				}
				time.Sleep(20 * time.Millisecond)
			}
			// Today if it is a working day, else the next one: annual leave cannot start in the past.
			start := today
			for {
				e := s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+start.Format(time.DateOnly), cityHR, nil).want(t, 200)
				if working, _ := e.body["working"].(bool); working {
					break
				}
				start = start.AddDate(0, 0, 1)
			}
			startDate := start.Format(time.DateOnly)
			employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
			supervisor := s.token(t, auth.RoleSupervisor, "DISKOMINFO", headNIP)
			balanceName := fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, start.Year())
			before := s.do(t, "GET", balanceName, employee, nil).want(t, 200)

			req := s.do(t, "POST", "/v1/leaveRequests", employee, map[string]any{
				"type": "LEAVE_TYPE_ANNUAL", "startDate": startDate, "endDate": startDate, "reason": "Urusan keluarga",
			}).want(t, 200)
			if lr := req.createdLeave(); lr["state"] != "LEAVE_STATE_SUBMITTED" || lr["days"] != float64(1) {
				t.Fatalf("submitted = %s", req.raw)
			}
			name, _ := req.createdLeave()["name"].(string)
			s.do(t, "POST", "/v1/"+name+":approve", employee, map[string]any{}).want(t, 403) // not their own supervisor
			approved := s.do(t, "POST", "/v1/"+name+":approve", supervisor, map[string]any{}).want(t, 200)
			if approved.body["state"] != "LEAVE_STATE_APPROVED" {
				t.Fatalf("approved = %s", approved.raw)
			}
			after := s.do(t, "GET", balanceName, employee, nil).want(t, 200)
			if after.body["available"].(float64) != before.body["available"].(float64)-1 {
				t.Fatalf("balance %v → %v, want one day less", before.body["available"], after.body["available"])
			}
			// An overlapping request is refused, naming the field.
			dup := s.do(t, "POST", "/v1/leaveRequests", employee, map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": startDate, "endDate": startDate}).want(t, 400)
			if !dup.fieldViolation("leave_request.start_date") {
				t.Errorf("overlap error does not name leave_request.start_date: %s", dup.raw)
			}
			onLeave := s.do(t, "GET", "/v1/onLeave?date="+startDate+"&agency=DISKOMINFO", cityHR, nil).want(t, 200)
			if list, _ := onLeave.body["leaveRequests"].([]any); len(list) != 1 {
				t.Fatalf("on leave = %s", onLeave.raw)
			}
			// Close the most recent past weekday (nobody checked in: absent) and download its month.
			prev := today.AddDate(0, 0, -1)
			for prev.Weekday() == time.Saturday || prev.Weekday() == time.Sunday {
				prev = prev.AddDate(0, 0, -1)
			}
			closed := s.do(t, "POST", "/v1/dailyStatuses:close", cityHR, map[string]any{"date": prev.Format(time.DateOnly), "agency": "DISKOMINFO"}).want(t, 200)
			if closed.body["closed"] != float64(2) {
				t.Fatalf("closed = %s", closed.raw)
			}
			csv := s.do(t, "GET", "/v1/agencies/DISKOMINFO/monthlyRecaps/"+prev.Format("2006-01")+":csv", cityHR, nil).want(t, 200)
			if ct := csv.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !bytes.Contains(csv.raw, []byte(staffNIP)) ||
				!strings.Contains(csv.header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("CSV: %s %q\n%s", ct, csv.header.Get("Content-Disposition"), csv.raw)
			}
			s.do(t, "GET", "/v1/agencies/DISKOMINFO/monthlyRecaps/"+prev.Format("2006-01")+":csv", employee, nil).want(t, 200) // their own row only
			if startDate != date {
				return // the leave is in the future; a day is closed only once it has come
			}
			s.do(t, "POST", "/v1/offices?officeId=kominfo", cityHR, map[string]any{"displayName": "Kantor Dinas Kominfo", "agency": "DISKOMINFO", "latitude": 3.590, "longitude": 98.678}).want(t, 200)
			in := s.do(t, "POST", "/v1/attendanceRecords", employee, checkInBody("leave-day-0001")).want(t, 200)
			if in.body["outcome"] != "ATTENDANCE_OUTCOME_ON_LEAVE" {
				t.Fatalf("check-in on a leave day = %s", in.raw)
			}
			s.do(t, "POST", "/v1/dailyStatuses:close", cityHR, map[string]any{"date": date, "agency": "DISKOMINFO"}).want(t, 200)
			days := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/dailyStatuses?startDate=%s&endDate=%s", staffNIP, date, date), supervisor, nil).want(t, 200)
			list, _ := days.body["dailyStatuses"].([]any)
			if len(list) != 1 || list[0].(map[string]any)["status"] != "DAY_STATUS_ON_LEAVE" {
				t.Fatalf("daily status = %s", days.raw)
			}
			rec := s.do(t, "GET", "/v1/agencies/DISKOMINFO/monthlyRecaps/"+today.Format("2006-01"), cityHR, nil).want(t, 200)
			counted := false
			rows, _ := rec.body["rows"].([]any)
			for _, r := range rows {
				row, _ := r.(map[string]any)
				leave, _ := row["leaveDays"].(map[string]any)
				counted = counted || (row["employee"] == staffNIP && leave["annual"] == float64(1))
			}
			if !counted {
				t.Fatalf("monthly recap does not count the leave day: %s", rec.raw)
			}
		})
	}
}

// TestAttendanceBadInput sends the mistakes callers make through the gateway: each gets a 4xx
// with a JSON status naming the field (or the rule), and nothing is written.
func TestAttendanceBadInput(t *testing.T) {
	s := startSuite(t, testenv.SQLite)
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
	// Appointed this month: no annual leave for a year.
	newcomer := nip.Format(time.Date(1998, 5, 5, 0, 0, 0, 0, time.UTC), time.Now().Year(), time.Now().Month(), nip.Male, 1)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": newcomer, "fullName": "Rahmat Hidayat", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
	s.do(t, "POST", "/v1/offices?officeId=kominfo", cityHR, map[string]any{"displayName": "Kantor Dinas Kominfo", "agency": "DISKOMINFO", "latitude": 3.590, "longitude": 98.678}).want(t, 200)
	deadline := time.Now().Add(10 * time.Second)
	for s.do(t, "GET", "/v1/employees/"+newcomer+"/expectedDays/2026-12-01", cityHR, nil).status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the directory copy did not catch up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
	stranger := s.token(t, auth.RoleEmployee, "DISKOMINFO", "197001011995031001")
	fresh := s.token(t, auth.RoleEmployee, "DISKOMINFO", newcomer)
	bad := func(mod func(map[string]any)) map[string]any {
		b := checkInBody("bad-input-0001")
		mod(b)
		return b
	}
	// Next week's Monday, and the first Monday of February next year (a span inside one year).
	now := time.Now()
	near := now.AddDate(0, 0, 7+(8-int(now.Weekday()))%7)
	feb := time.Date(now.Year()+1, time.February, 1, 0, 0, 0, 0, time.UTC)
	feb = feb.AddDate(0, 0, (8-int(feb.Weekday()))%7)
	d := func(t time.Time, days int) string { return t.AddDate(0, 0, days).Format(time.DateOnly) }
	tests := []struct {
		name   string
		path   string
		token  string
		body   any
		status int
		field  string // a BadRequest field, or a reason the body must contain
	}{
		{"latitude out of range", "/v1/attendanceRecords", employee, bad(func(b map[string]any) { b["latitude"] = 95.5 }), 400, "record.latitude"},
		{"longitude out of range", "/v1/attendanceRecords", employee, bad(func(b map[string]any) { b["longitude"] = -190 }), 400, "record.longitude"},
		{"no kind", "/v1/attendanceRecords", employee, bad(func(b map[string]any) { delete(b, "kind") }), 400, "record.kind"},
		{"unknown employee", "/v1/attendanceRecords", stranger, checkInBody("bad-input-0002"), 400, "EMPLOYEE_NOT_IN_DIRECTORY"},
		{"leave ending before it starts", "/v1/leaveRequests", employee, map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": d(near, 2), "endDate": d(near, 0)}, 400, "leave_request.end_date"},
		{"leave type not eligible", "/v1/leaveRequests", fresh, map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": d(near, 0), "endDate": d(near, 0)}, 400, "leave_request.type"},
		{"more days than the balance", "/v1/leaveRequests", employee, map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": d(feb, 0), "endDate": d(feb, 25)}, 400, "exceeds the " + feb.Format("2006") + " balance"},
		{"malformed JSON", "/v1/attendanceRecords", employee, `{"clientId": "x",`, 400, ""},
		{"oversized body", "/v1/attendanceRecords", employee, `{"deviceId":"` + strings.Repeat("x", 2<<20) + `"}`, 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, "POST", tt.path, tt.token, tt.body)
			if r.status != tt.status || r.body["message"] == nil {
				t.Fatalf("status %d, want %d; body %s", r.status, tt.status, r.raw)
			}
			if tt.field != "" && !r.fieldViolation(tt.field) && !bytes.Contains(r.raw, []byte(tt.field)) {
				t.Errorf("body does not name %q: %s", tt.field, r.raw)
			}
		})
	}
	// Nothing was written: no check-in, no leave request.
	today := time.Now().UTC()
	recs := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/attendanceRecords?startDate=%s&endDate=%s", staffNIP,
		today.AddDate(0, 0, -1).Format(time.DateOnly), today.AddDate(0, 0, 1).Format(time.DateOnly)), cityHR, nil).want(t, 200)
	if list, _ := recs.body["records"].([]any); len(list) != 0 {
		t.Errorf("refused check-ins were stored: %s", recs.raw)
	}
	reqs := s.do(t, "GET", "/v1/leaveRequests", cityHR, nil).want(t, 200)
	if list, _ := reqs.body["leaveRequests"].([]any); len(list) != 0 {
		t.Errorf("refused leave requests were stored: %s", reqs.raw)
	}
}
