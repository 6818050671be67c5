package main

// Issue 8, item 2: late arrivals and early departures count toward the PP 94/2021 discipline
// thresholds (Peraturan BKN 6/2022: 450 minutes a day), through the REST gateway of the suite on
// both engines and through the real binary with another value of the setting.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// glWindow is the offline upload limit the discipline tests run with, so that check-ins can be
// uploaded for the last working days whatever weekday the test runs on.
const glWindow = "--offline-upload-limit=600h"

// TestGoLiveLatenessThresholds (issue 8 item 2): on each engine, an employee 225 minutes late one
// day and 225 minutes early another, then absent two days, has 2 absent days and 450 minutes
// that count as 1 more day: 3 days, the oral reprimand. GET /v1/disciplineThresholds shows both
// parts and the total, and the threshold-crossed event on simpeg.attendance.> carries them.
// Before the change the employee had 2 days and no line.
func TestGoLiveLatenessThresholds(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			natsURL, database := "", func(string) string { return "" }
			if engine == testenv.Postgres {
				natsURL = testenv.NATS(t)
				database = func(string) string { return testenv.DatabaseURL(t, engine) }
			}
			s := runSuite(t, append(suiteArgs(t, natsURL, database), glWindow), nil)
			year := glLateness(t, s)
			line := glThresholdLine(t, s, year, staffNIP)
			want := map[string]any{"code": "oral_reprimand", "days": float64(2), "latenessMinutes": float64(450),
				"convertedDays": float64(1), "totalDays": float64(3)}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("threshold line %s = %v, want %v (%v)", k, line[k], v, line)
				}
			}

			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cons, err := s.js.OrderedConsumer(ctx, s.Runtime("attendance").StreamName(),
				jetstream.OrderedConsumerConfig{FilterSubjects: []string{s.prefix + "simpeg.attendance.absence.threshold_crossed"}})
			if err != nil {
				t.Fatal(err)
			}
			for {
				msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
				if err != nil {
					t.Fatalf("waiting for the threshold_crossed event of %s: %v", staffNIP, err)
				}
				var ev attendancev1.AbsenceThresholdCrossed
				if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
					t.Fatal(err)
				}
				if sn := ev.GetSanction(); sn.GetEmployee() == staffNIP {
					if sn.GetCode() != "oral_reprimand" || sn.GetDays() != 2 || sn.GetLatenessMinutes() != 450 || sn.GetConvertedDays() != 1 || sn.GetTotalDays() != 3 {
						t.Errorf("threshold_crossed = %v, want the oral reprimand at 2 days + 450 minutes (1 day) = 3", sn)
					}
					break
				}
			}
		})
	}
}

// TestGoLiveLatenessSetting runs the real binary: --help shows SIMPEG_LATENESS_MINUTES_PER_DAY
// with its default, the start-up log its value, and at 0 (the conversion disabled) the same days
// reach no threshold: the employee has no line.
func TestGoLiveLatenessSetting(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := simpegBinary(t)
	out, err := exec.Command(bin, "run", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("simpeg run --help: %v\n%s", err, out)
	}
	if want := `--lateness-minutes-per-day (env SIMPEG_LATENESS_MINUTES_PER_DAY, default "450")`; !bytes.Contains(out, []byte(want)) {
		t.Errorf("simpeg run --help lacks %s", want)
	}
	bad := exec.Command(bin, "run")
	bad.Env = append(os.Environ(), "SIMPEG_DATA_DIR="+t.TempDir(), "SIMPEG_LATENESS_MINUTES_PER_DAY=-5")
	if out, err := bad.CombinedOutput(); err == nil || !strings.Contains(string(out), "lateness_minutes_per_day") {
		t.Errorf("simpeg run with -5 lateness minutes a day: %v\n%s", err, out)
	}

	dir := t.TempDir()
	ports := freePorts(t, 4)
	logs := startSimpeg(t, bin, "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=info", "SIMPEG_LATENESS_MINUTES_PER_DAY=0", "SIMPEG_OFFLINE_UPLOAD_LIMIT=600h")
	waitReady(t, "http://"+ports[0])
	if want := `"lateness-minutes-per-day":"0"`; !strings.Contains(logs.String(), want) {
		t.Errorf("the start-up log lacks %s", want)
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	year := glLateness(t, s)
	if line := glThresholdLine(t, s, year, staffNIP); line != nil {
		t.Errorf("with the conversion disabled, 2 absent days and 450 minutes reached %v", line)
	}
}

// glLateness registers DISKOMINFO's head and staffNIP with an office, and over the four most
// recent working days of this year before today: staffNIP checks in 225 minutes late on the
// first, leaves 225 minutes early on the second and is absent on the last two; each day is
// closed. It returns the year.
func glLateness(t *testing.T, s *suite) int {
	t.Helper()
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
	s.do(t, "POST", "/v1/offices?officeId=kominfo", cityHR, map[string]any{"displayName": "Kantor Dinas Kominfo", "agency": "DISKOMINFO",
		"latitude": 3.590, "longitude": 98.678, "timeZone": "TIME_ZONE_WIB"}).want(t, 200)

	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	expected := func(date string) reply {
		deadline := time.Now().Add(10 * time.Second) // the directory copy catches up with planning's events
		for {
			r := s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+date, cityHR, nil)
			if r.status == 200 || time.Now().After(deadline) {
				return r.want(t, 200)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	var days []reply // most recent first
	for d := today.AddDate(0, 0, -1); len(days) < 4 && d.Year() == today.Year() && today.Sub(d) < 24*24*time.Hour; d = d.AddDate(0, 0, -1) {
		if r := expected(d.Format(time.DateOnly)); r.body["working"] == true {
			days = append(days, r)
		}
	}
	if len(days) < 4 {
		t.Skipf("fewer than 4 working days this year in the last 24 days before %s", today.Format(time.DateOnly))
	}
	at := func(r reply, field string, shift time.Duration) string {
		tm, err := time.Parse(time.RFC3339, r.body[field].(string))
		if err != nil {
			t.Fatalf("%s of %s: %v", field, r.raw, err)
		}
		return tm.Add(shift).UTC().Format(time.RFC3339)
	}
	employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
	check := func(id, kind, when string) {
		s.do(t, "POST", "/v1/attendanceRecords", employee, map[string]any{"clientId": id, "kind": kind, "deviceTime": when,
			"latitude": 3.5902, "longitude": 98.6781, "accuracyMeters": 15, "deviceId": "test-device"}).want(t, 200)
	}
	late, early := days[3], days[2]
	check("gl-late-in", "ATTENDANCE_KIND_CHECK_IN", at(late, "startTime", 225*time.Minute))
	check("gl-late-out", "ATTENDANCE_KIND_CHECK_OUT", at(late, "endTime", 0))
	check("gl-early-in", "ATTENDANCE_KIND_CHECK_IN", at(early, "startTime", 0))
	check("gl-early-out", "ATTENDANCE_KIND_CHECK_OUT", at(early, "endTime", -225*time.Minute))
	for i := 3; i >= 0; i-- {
		s.do(t, "POST", "/v1/dailyStatuses:close", cityHR, map[string]any{"date": days[i].body["date"], "agency": "DISKOMINFO"}).want(t, 200)
	}
	return today.Year()
}

// glThresholdLine returns nip's line of the city's discipline thresholds of year, nil if none.
func glThresholdLine(t *testing.T, s *suite, year int, nip string) map[string]any {
	t.Helper()
	r := s.do(t, "GET", fmt.Sprintf("/v1/disciplineThresholds?year=%d", year), s.token(t, auth.RoleCityHR, "", "bkpsdm"), nil).want(t, 200)
	list, _ := r.body["sanctions"].([]any)
	for _, x := range list {
		if m, _ := x.(map[string]any); m["employee"] == nip {
			return m
		}
	}
	return nil
}

// TestGoLiveDecreeRecountsLeave (issue 8 item 3): on each engine, a staff member's approved
// annual leave of a week ahead loses a working day when city HR makes a day of it collective
// leave (POST /v1/holidays) and another when a decree's file makes one a national holiday (POST
// /v1/holidays:import): each time the request is a day shorter, the day is back in the balance,
// the history's last entry says "recounted: <date> became <kind> by decree", and
// simpeg.attendance.leave.recounted is published. Before the change the request kept its length
// and the balance did not move.
func TestGoLiveDecreeRecountsLeave(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
			wib := time.FixedZone("WIB", 7*3600)
			// The Monday two to three weeks ahead, and its working days Monday to Friday.
			start := time.Now().In(wib).AddDate(0, 0, 14)
			for start.Weekday() != time.Monday {
				start = start.AddDate(0, 0, 1)
			}
			end := start.AddDate(0, 0, 4)
			var working []string
			deadline := time.Now().Add(10 * time.Second)
			for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
				var r reply
				for { // the directory copy catches up with planning's events
					r = s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+d.Format(time.DateOnly), cityHR, nil)
					if r.status == 200 || time.Now().After(deadline) {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				if r.want(t, 200).body["working"] == true {
					working = append(working, d.Format(time.DateOnly))
				}
			}
			if len(working) < 3 {
				t.Skipf("the week of %s has %d working days", start.Format(time.DateOnly), len(working))
			}
			employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
			req := s.do(t, "POST", "/v1/leaveRequests", employee, map[string]any{"type": "LEAVE_TYPE_ANNUAL",
				"startDate": start.Format(time.DateOnly), "endDate": end.Format(time.DateOnly)}).want(t, 200)
			name, _ := req.createdLeave()["name"].(string)
			s.do(t, "POST", "/v1/"+name+":approve", s.token(t, auth.RoleSupervisor, "DISKOMINFO", headNIP), map[string]any{}).want(t, 200)
			balance := fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", staffNIP, start.Year())

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cons, err := s.js.OrderedConsumer(ctx, s.Runtime("attendance").StreamName(),
				jetstream.OrderedConsumerConfig{FilterSubjects: []string{s.prefix + "simpeg.attendance.leave.recounted"}})
			if err != nil {
				t.Fatal(err)
			}
			changes := []struct {
				date, kind string
				change     func(date string)
			}{
				{working[1], "collective leave", func(date string) {
					s.do(t, "POST", "/v1/holidays", cityHR, map[string]any{"date": date, "displayName": "Cuti bersama (uji)", "kind": "HOLIDAY_KIND_COLLECTIVE"}).want(t, 200)
				}},
				{working[2], "a national holiday", func(date string) {
					s.do(t, "POST", "/v1/holidays:import", cityHR, map[string]any{"format": "IMPORT_FORMAT_CSV",
						"content": "date,name,kind\n" + date + ",Libur nasional (uji),national\n"}).want(t, 200)
				}},
			}
			for _, c := range changes {
				before := s.do(t, "GET", "/v1/"+name, employee, nil).want(t, 200)
				bal := s.do(t, "GET", balance, employee, nil).want(t, 200).body["available"].(float64)
				c.change(c.date)
				after := s.do(t, "GET", "/v1/"+name, employee, nil).want(t, 200)
				if after.body["days"] != before.body["days"].(float64)-1 || after.body["spentDays"] != after.body["days"] {
					t.Errorf("after %s became %s: %v days (%v spent), want %v", c.date, c.kind, after.body["days"], after.body["spentDays"], before.body["days"].(float64)-1)
				}
				if got := s.do(t, "GET", balance, employee, nil).want(t, 200).body["available"]; got != bal+1 {
					t.Errorf("after %s became %s the balance is %v, want %v", c.date, c.kind, got, bal+1)
				}
				decisions, _ := after.body["decisions"].([]any)
				last, _ := decisions[len(decisions)-1].(map[string]any)
				if want := "recounted: " + c.date + " became " + c.kind + " by decree"; last["action"] != "recounted" || !strings.HasPrefix(fmt.Sprint(last["reason"]), want) {
					t.Errorf("last history entry %v, want recounted: %q", last, want)
				}
				msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
				if err != nil {
					t.Fatalf("waiting for leave.recounted: %v", err)
				}
				var ev attendancev1.LeaveRecounted
				if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
					t.Fatal(err)
				}
				if ev.GetLeaveRequest().GetName() != name || len(ev.GetDates()) != 1 || ev.GetDates()[0] != c.date || ev.GetReturnedDays() != 1 ||
					float64(ev.GetLeaveRequest().GetDays()) != after.body["days"] {
					t.Errorf("leave.recounted = %v, want %s recounted for %s returning 1 day", &ev, name, c.date)
				}
			}
		})
	}
}
