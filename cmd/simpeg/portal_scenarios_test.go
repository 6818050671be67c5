package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPortalScenarios is issue 9's "Tested as people use it", in a real Chromium against the
// real binary with the demo data: each step is a subtest, in order, and later steps build on
// earlier ones (the leave that is approved is the one requested). Values are checked against
// what the API stored, read back with tokens of the same people.
func TestPortalScenarios(t *testing.T) {
	p := portalFor(t)
	emp := p.person(t, "employee")
	empToken := p.tokenOf(t, emp, "employee")
	var me struct {
		NIP        string `json:"nip"`
		FullName   string `json:"fullName"`
		Supervisor string `json:"supervisor"`
		Agency     string `json:"agency"`
	}
	p.apiJSON(t, "GET", "/v1/employees/"+emp.NIP, empToken, nil, 200, &me)
	if me.Supervisor == "" || me.Agency != "DISKOMINFO" {
		t.Fatalf("the sign-in screen's employee %s: supervisor %q, agency %q; want a DISKOMINFO employee with a supervisor", emp.NIP, me.Supervisor, me.Agency)
	}
	day := today()
	records := func(t *testing.T) []map[string]any {
		var l struct {
			Records []map[string]any `json:"records"`
		}
		d := day.Format(time.DateOnly)
		p.apiJSON(t, "GET", "/v1/employees/"+emp.NIP+"/attendanceRecords?startDate="+d+"&endDate="+d, empToken, nil, 200, &l)
		return l.Records
	}
	ofKind := func(rs []map[string]any, kind string) []map[string]any {
		var out []map[string]any
		for _, r := range rs {
			if r["kind"] == kind {
				out = append(out, r)
			}
		}
		return out
	}

	phoneTab := p.open(t, phone)
	var leave struct {
		name       string
		start, end time.Time
		days       int
		before     int // the annual balance available before
	}

	t.Run("employee checks in with location granted", func(t *testing.T) {
		tt := phoneTab.on(t)
		tt.geolocation(true, p.office.Latitude, p.office.Longitude)
		tt.signIn(emp.NIP, "employee")
		tt.waitJS("the check-in button to be enabled", `(() => { const b = document.querySelector('[data-test="checkin-button"]'); return !!b && !b.disabled })()`, 20*time.Second)
		if got := tt.textOf(`[data-test="checkin-button"]`); !strings.Contains(got, "Absen masuk") {
			t.Errorf("the button before the first check-in says %q, want Absen masuk", got)
		}
		tt.press("checkin-button")
		tt.waitJS("the check-in's outcome", `(() => { const e = document.querySelector('[data-test="checkin-outcome"]'); return !!e && e.dataset.outcome !== 'queued' })()`, 30*time.Second)
		shown := eval[string](tt, `document.querySelector('[data-test="checkin-outcome"]').dataset.outcome`)
		text := tt.textOf(`[data-test="checkin-outcome"]`)
		ins := ofKind(records(t), "ATTENDANCE_KIND_CHECK_IN")
		if len(ins) != 1 {
			t.Fatalf("the API holds %d check-ins today, want 1: %v", len(ins), ins)
		}
		rec := ins[0]
		if shown != rec["outcome"] {
			t.Errorf("the page shows outcome %q, the API stored %q", shown, rec["outcome"])
		}
		if want := outcomeText(rec); !strings.Contains(text, want) {
			t.Errorf("the outcome reads %q; for the stored record (%v, %v late minutes) it should say %q", text, rec["outcome"], rec["lateMinutes"], want)
		}
		if rec["outsideGeofence"] == true || !strings.Contains(text, "Di dalam radius kantor") {
			t.Errorf("checked in at the office's coordinates: outsideGeofence=%v, page says %q", rec["outsideGeofence"], text)
		}
		t.Logf("today (%s) the check-in is %v; the page says %q", day.Weekday(), rec["outcome"], text)
		tt.noProblems("checking in")
	})

	t.Run("location denied is explained in Indonesian", func(t *testing.T) {
		tt := phoneTab.on(t)
		tt.geolocation(false, 0, 0)
		tt.goTo("/")
		tt.waitJS("the check-out button", `(() => { const b = document.querySelector('[data-test="checkin-button"]'); return !!b && !b.disabled && b.innerText.includes('Absen pulang') })()`, 20*time.Second)
		tt.press("checkin-button")
		got := tt.hookText("location-error")
		if !strings.Contains(got, "Izin lokasi ditolak") || !strings.Contains(got, "tidak dapat dicatat tanpa lokasi") {
			t.Errorf("with location denied the page says %q; want the Indonesian explanation (Izin lokasi ditolak … tidak dapat dicatat tanpa lokasi)", got)
		}
		if outs := ofKind(records(t), "ATTENDANCE_KIND_CHECK_OUT"); len(outs) != 0 {
			t.Errorf("a check-out was recorded without a location: %v", outs)
		}
		tt.noProblems("pressing with location denied")
	})

	t.Run("offline check-out is queued and synced once", func(t *testing.T) {
		tt := phoneTab.on(t)
		tt.geolocation(true, p.office.Latitude, p.office.Longitude)
		tt.goTo("/")
		tt.setOffline(true)
		tt.waitJS("the offline banner", `!navigator.onLine && !!document.querySelector('.banner-offline')`, 10*time.Second)
		pressed := time.Now()
		tt.press("checkin-button")
		count := tt.hookText("queue-count")
		if n := eval[string](tt, `document.querySelector('[data-test="queue-count"]').dataset.count`); n != "1" || !strings.Contains(count, "menunggu dikirim") {
			t.Errorf("offline, the queue shows %q (data-count %s); want 1 … menunggu dikirim", count, n)
		}
		if o := eval[string](tt, `document.querySelector('[data-test="checkin-outcome"]')?.dataset.outcome || ''`); o != "queued" {
			t.Errorf("the outcome of an offline check-out is %q, want queued", o)
		}
		time.Sleep(time.Second) // a moment offline: nothing may reach the server
		if outs := ofKind(records(t), "ATTENDANCE_KIND_CHECK_OUT"); len(outs) != 0 {
			t.Fatalf("the API holds a check-out while the phone was offline: %v", outs)
		}
		online := time.Now()
		tt.setOffline(false)
		tt.hookText("queue-synced")
		tt.waitJS("the queue to empty", `!document.querySelector('[data-test="queue-count"]')`, 20*time.Second)
		outs := ofKind(records(t), "ATTENDANCE_KIND_CHECK_OUT")
		if len(outs) != 1 {
			t.Fatalf("after going online the API holds %d check-outs today, want exactly 1: %v", len(outs), outs)
		}
		dt, err := time.Parse(time.RFC3339Nano, fmt.Sprint(outs[0]["deviceTime"]))
		if err != nil || dt.Before(pressed.Add(-2*time.Second)) || dt.After(online) {
			t.Errorf("the synced check-out's deviceTime %v is not the moment of pressing (between %s and going online at %s)", outs[0]["deviceTime"], pressed.Format(time.RFC3339), online.Format(time.RFC3339))
		}
		// Reloading (the queue starts again) sends nothing twice.
		tt.goTo("/")
		time.Sleep(2 * time.Second)
		if again := ofKind(records(t), "ATTENDANCE_KIND_CHECK_OUT"); len(again) != 1 || again[0]["clientId"] != outs[0]["clientId"] {
			t.Errorf("after a reload the API holds %v, want only the check-out %v", again, outs[0]["clientId"])
		}
		tt.noProblems("the offline check-out")
	})

	t.Run("employee requests annual leave and sees the count", func(t *testing.T) {
		tt := phoneTab.on(t)
		// The working days after the coming weekend; a later week when the demo's own requests
		// (or a holiday) are in the way: the API's preview (validate_only) decides.
		var preview map[string]any
		for week := 0; preview == nil; week++ {
			if week == 8 {
				t.Fatalf("no week in the next two months where the API takes two days of annual leave for %s", emp.NIP)
			}
			leave.start = nextMondayAfter(day).AddDate(0, 0, 7*week)
			leave.end = leave.start.AddDate(0, 0, 1)
			body := map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": leave.start.Format(time.DateOnly), "endDate": leave.end.Format(time.DateOnly), "reason": "Urusan keluarga"}
			r := p.do(t, "POST", "/v1/leaveRequests?validateOnly=true", empToken, body)
			if r.status != 200 {
				t.Logf("the API refuses leave from %s: %d %.200s", leave.start.Format(time.DateOnly), r.status, r.raw)
				continue
			}
			preview = r.body
		}
		leave.days = leaveDays(preview)
		var bal struct {
			Available int `json:"available"`
		}
		p.apiJSON(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", emp.NIP, leave.start.Year()), empToken, nil, 200, &bal)
		leave.before = bal.Available
		if leave.days < 1 || fmt.Sprint(preview["annualDaysAvailable"]) != strconv.Itoa(leave.before) {
			t.Fatalf("the API's preview counts %d days with %v available (the balance says %d): %v", leave.days, preview["annualDaysAvailable"], leave.before, preview)
		}
		tt.goTo("/cuti")
		tt.setField(`[data-test="leave-type"]`, "LEAVE_TYPE_ANNUAL")
		tt.setField(`[data-test="leave-start"]`, leave.start.Format(time.DateOnly))
		tt.setField(`[data-test="leave-end"]`, leave.end.Format(time.DateOnly))
		tt.setField(`[data-test="leave-reason"]`, "Urusan keluarga")
		wantDays := regexp.MustCompile(`\b` + strconv.Itoa(leave.days) + ` hari kerja`)
		tt.waitJS("the preview's working days", `(() => { const e = document.querySelector('[data-test="leave-preview-days"]'); return !!e && /\d/.test(e.innerText) })()`, 20*time.Second)
		if got := tt.textOf(`[data-test="leave-preview-days"]`); !wantDays.MatchString(got) {
			t.Errorf("the preview says %q; the API counts %d working days", got, leave.days)
		}
		after := leave.before - leave.days
		if got := tt.textOf(`[data-test="leave-preview-balance"]`); !strings.Contains(got, strconv.Itoa(leave.before)) || !strings.Contains(got, strconv.Itoa(after)) {
			t.Errorf("the balance preview says %q; want %d → %d", got, leave.before, after)
		}
		tt.press("leave-submit")
		var l struct {
			LeaveRequests []map[string]any `json:"leaveRequests"`
		}
		deadline := time.Now().Add(15 * time.Second)
		for leave.name == "" {
			p.apiJSON(t, "GET", "/v1/leaveRequests?employee="+emp.NIP, empToken, nil, 200, &l)
			for _, r := range l.LeaveRequests {
				if r["startDate"] == leave.start.Format(time.DateOnly) && r["type"] == "LEAVE_TYPE_ANNUAL" {
					leave.name = fmt.Sprint(r["name"])
					if r["state"] != "LEAVE_STATE_SUBMITTED" || fmt.Sprint(r["days"]) != strconv.Itoa(leave.days) {
						t.Errorf("the stored request: state %v, %v days; want submitted, %d days", r["state"], r["days"], leave.days)
					}
				}
			}
			if leave.name == "" && time.Now().After(deadline) {
				t.Fatalf("no annual leave from %s stored after submitting: %v\npage: %s", leave.start.Format(time.DateOnly), l.LeaveRequests, tt.bodyText())
			}
			time.Sleep(200 * time.Millisecond)
		}
		tt.run("the request in the history", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(`[data-test="leave-history"] [data-test="leave-item"][data-name="`+leave.name+`"]`)))
		if st := eval[string](tt, `document.querySelector('[data-test="leave-item"][data-name="`+leave.name+`"]').dataset.state`); st != "LEAVE_STATE_SUBMITTED" {
			t.Errorf("the history shows the request as %q, want LEAVE_STATE_SUBMITTED", st)
		}
		tt.noProblems("requesting leave")
	})

	t.Run("supervisor approves it in the inbox", func(t *testing.T) {
		if leave.name == "" {
			t.Skip("no leave request from the previous step")
		}
		tt := p.open(t, desktop)
		tt.signIn(me.Supervisor, "supervisor")
		tt.goTo("/persetujuan")
		item := `[data-test="approval-item"][data-name="` + leave.name + `"]`
		tt.run("the request in the inbox", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(item)))
		if got := tt.textOf(item); !strings.Contains(got, me.FullName) {
			t.Errorf("the inbox item does not name the employee %q: %q", me.FullName, got)
		}
		tt.run("approving", 20*time.Second, chromedp.Click(chromedp.CSS(item+` [data-test="approve"]`)),
			chromedp.WaitVisible(sel("decision-confirm")), chromedp.Click(sel("decision-confirm")))
		supToken := p.token(t, "supervisor", "DISKOMINFO", me.Supervisor)
		deadline := time.Now().Add(15 * time.Second)
		for {
			var r map[string]any
			p.apiJSON(t, "GET", "/v1/"+leave.name, supToken, nil, 200, &r)
			if r["state"] == "LEAVE_STATE_APPROVED" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the request is %v 15 s after approving, want approved\npage: %s", r["state"], tt.bodyText())
			}
			time.Sleep(200 * time.Millisecond)
		}
		tt.waitJS("the item to leave the inbox", `!document.querySelector(`+js(item+` [data-test="approve"]`)+`)`, 20*time.Second)
		tt.noProblems("approving")
	})

	t.Run("employee sees the balance drop and the days marked leave", func(t *testing.T) {
		if leave.name == "" {
			t.Skip("no leave request from the previous steps")
		}
		tt := phoneTab.on(t)
		var bal struct {
			Available int `json:"available"`
		}
		p.apiJSON(t, "GET", fmt.Sprintf("/v1/employees/%s/leaveBalances/%d", emp.NIP, leave.start.Year()), empToken, nil, 200, &bal)
		if bal.Available != leave.before-leave.days {
			t.Errorf("the API's balance after approval is %d, want %d − %d", bal.Available, leave.before, leave.days)
		}
		tt.goTo("/cuti")
		got := tt.hookText("balance-annual")
		if !regexp.MustCompile(`\b` + strconv.Itoa(bal.Available) + `\b`).MatchString(got) {
			t.Errorf("the annual balance reads %q, want %d available", got, bal.Available)
		}
		tt.goTo("/kehadiran")
		for m := day; m.Year() != leave.start.Year() || m.Month() != leave.start.Month(); m = m.AddDate(0, 1, 0) {
			tt.run("the next month", 20*time.Second, chromedp.Click(sel("month-next")))
			tt.settle("the next month")
		}
		for d := leave.start; !d.After(leave.end); d = d.AddDate(0, 0, 1) {
			hook := "calendar-day-" + d.Format(time.DateOnly)
			tt.run("the calendar's "+hook, 20*time.Second, chromedp.WaitVisible(sel(hook)))
			if st := eval[string](tt, `document.querySelector('[data-test="`+hook+`"]').dataset.state`); st != "leave" {
				t.Errorf("%s is %q in the calendar, want leave", d.Format(time.DateOnly), st)
			}
		}
		tt.noProblems("the balance and the calendar")
	})

	t.Run("agency HR downloads the month's recap CSV", func(t *testing.T) {
		hr := p.person(t, "agency-hr")
		hrToken := p.tokenOf(t, hr, "agency-hr")
		month := day.Format("2006-01")
		type recapRow struct {
			Employee    string `json:"employee"`
			PresentDays int    `json:"presentDays"`
			LateMinutes int    `json:"lateMinutes"`
		}
		var recap struct {
			Rows []recapRow `json:"rows"`
		}
		mine := func() *recapRow {
			p.apiJSON(t, "GET", "/v1/agencies/DISKOMINFO/monthlyRecaps/"+month, hrToken, nil, 200, &recap)
			for i := range recap.Rows {
				if recap.Rows[i].Employee == emp.NIP {
					return &recap.Rows[i]
				}
			}
			return nil
		}
		want := mine()
		if want == nil {
			// The recap is made of closed days; early in a month the demo's closed days are all
			// in the month before, so agency HR closes today (the day of the check-in).
			p.apiJSON(t, "POST", "/v1/dailyStatuses:close", hrToken, map[string]any{"date": day.Format(time.DateOnly), "agency": "DISKOMINFO"}, 200, nil)
			if want = mine(); want == nil {
				t.Fatalf("%s has no row in DISKOMINFO's recap of %s even after closing today: %+v", emp.NIP, month, recap)
			}
		}
		tt := p.open(t, desktop)
		tt.signIn(hr.NIP, "agency-hr")
		tt.goTo("/rekap")
		tt.run("the CSV link", 20*time.Second, chromedp.WaitVisible(sel("recap-csv")))
		href := eval[string](tt, `document.querySelector('[data-test="recap-csv"]').href`)
		if !strings.Contains(href, "/v1/agencies/DISKOMINFO/monthlyRecaps/"+day.Format("2006-01")+":csv") {
			t.Errorf("the CSV link is %s; want DISKOMINFO's recap of %s", href, day.Format("2006-01"))
		}
		res := eval[string](tt, `fetch(document.querySelector('[data-test="recap-csv"]').href).then(async r => r.status + ' ' + (r.headers.get('content-type') || '') + '\n' + await r.text())`)
		head, text, _ := strings.Cut(res, "\n")
		if !strings.HasPrefix(head, "200 text/csv") {
			t.Fatalf("fetching the CSV link in the page: %s", head)
		}
		records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil || len(records) < 2 {
			t.Fatalf("the recap CSV does not parse (%v): %.400s", err, text)
		}
		header := records[0]
		if !strings.HasPrefix(strings.Join(header, ","), "employee,display_name,working_days,present_days,late_days,late_minutes") {
			t.Errorf("the CSV's header is %q", header)
		}
		var row []string
		for _, r := range records[1:] {
			if r[0] == emp.NIP {
				row = r
			}
		}
		if row == nil || records[len(records)-1][0] != "TOTAL" {
			t.Fatalf("the CSV has no row for %s or no TOTAL row last (%d rows): %.600s", emp.NIP, len(records), text)
		}
		if row[1] != emp.Name {
			t.Errorf("the CSV names %s %q, the sign-in screen %q", emp.NIP, row[1], emp.Name)
		}
		for col, v := range map[string]int{"present_days": want.PresentDays, "late_minutes": want.LateMinutes} {
			if i := slices.Index(header, col); i < 0 || row[i] != strconv.Itoa(v) {
				t.Errorf("the CSV's %s for %s is not the API's %d: %v", col, emp.NIP, v, row)
			}
		}
		tt.noProblems("the recap")
	})

	t.Run("city HR imports holidays from a CSV file", func(t *testing.T) {
		city := p.person(t, "city-hr")
		tt := p.open(t, desktop)
		tt.signIn(city.NIP, "city-hr")
		dates := p.freeDates(t, leave.end.AddDate(0, 0, 14))
		file := filepath.Join(t.TempDir(), "libur.csv")
		content := "date,name,kind\n" + dates[0].Format(time.DateOnly) + ",Libur Uji Portal Satu,national\n" + dates[1].Format(time.DateOnly) + ",Cuti Bersama Uji Portal,collective\n"
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		tt.goTo("/hari-libur")
		tt.run("choosing the file", 20*time.Second, chromedp.SetUploadFiles(sel("holiday-import-file"), []string{file}))
		tt.run("importing", 20*time.Second, chromedp.Click(sel("holiday-import-submit")))
		tt.waitJS("the imported holidays listed", `(() => { const e = document.querySelector('[data-test="holiday-list"]'); return !!e && e.innerText.includes('Libur Uji Portal Satu') && e.innerText.includes('Cuti Bersama Uji Portal') })()`, 20*time.Second)
		var l struct {
			Holidays []map[string]any `json:"holidays"`
		}
		p.apiJSON(t, "GET", fmt.Sprintf("/v1/holidays?year=%d", dates[0].Year()), p.cityHR(t), nil, 200, &l)
		got := map[string]string{}
		for _, h := range l.Holidays {
			got[fmt.Sprint(h["date"])] = fmt.Sprint(h["displayName"], " ", h["kind"])
		}
		if got[dates[0].Format(time.DateOnly)] != "Libur Uji Portal Satu HOLIDAY_KIND_NATIONAL" || got[dates[1].Format(time.DateOnly)] != "Cuti Bersama Uji Portal HOLIDAY_KIND_COLLECTIVE" {
			t.Errorf("the API's holidays after the import: %v", got)
		}
		tt.noProblems("importing holidays")
	})

	t.Run("an employee cannot reach HR pages", func(t *testing.T) {
		tt := phoneTab.on(t)
		for _, path := range []string{"/instansi", "/pegawai", "/kota"} {
			tt.goTo(path)
			if got := tt.textOf("main .alert-error"); !strings.Contains(got, "Halaman ini tidak untuk peran Anda.") {
				t.Errorf("%s as an employee shows %q, want the forbidden message", path, got)
			}
		}
		// What those screens show, the API refuses to the employee: the agency's day (/instansi),
		// another employee's record (/pegawai/:nip), who is on leave, the audit trail (/kota's
		// city-wide data) …
		other := p.person(t, "agency-hr")
		for _, path := range []string{
			"/v1/teamDay?agency=DISKOMINFO",
			"/v1/employees/" + other.NIP,
			"/v1/onLeave?agency=DISKOMINFO",
			"/v1/planning/auditRecords",
			"/v1/attendance/auditRecords",
		} {
			if r := p.do(t, "GET", path, empToken, nil); r.status != 403 {
				t.Errorf("GET %s as the employee: %d %.200s, want 403", path, r.status, r.raw)
			}
		}
		// … and narrows the lists to the employee's own line: the agency's employees (/pegawai)
		// and its monthly recap (/rekap).
		var list struct {
			Employees []struct {
				NIP string `json:"nip"`
			} `json:"employees"`
		}
		p.apiJSON(t, "GET", "/v1/employees?agency=DISKOMINFO&pageSize=50", empToken, nil, 200, &list)
		for _, e := range list.Employees {
			if e.NIP != emp.NIP {
				t.Errorf("GET /v1/employees?agency=DISKOMINFO as the employee lists %s", e.NIP)
			}
		}
		recap := p.do(t, "GET", "/v1/agencies/DISKOMINFO/monthlyRecaps/"+day.Format("2006-01")+":csv", empToken, nil)
		for _, l := range strings.Split(string(recap.raw), "\n")[1:] {
			if l != "" && !strings.HasPrefix(l, emp.NIP+",") && !strings.HasPrefix(l, "TOTAL,") {
				t.Errorf("the agency's recap as the employee (%d) has another employee's row: %.80s", recap.status, l)
			}
		}
		tt.noProblems("HR pages as an employee")
	})

	t.Run("the language switch turns the page into English and back", func(t *testing.T) {
		tt := phoneTab.on(t)
		tt.goTo("/")
		if h := tt.textOf("main h1"); h != "Hari ini" {
			t.Errorf("the employee's page is titled %q, want Hari ini", h)
		}
		tt.run("switching to English", 10*time.Second, chromedp.Click(chromedp.CSS("header.top button[lang]")))
		tt.waitJS("the English page", `document.querySelector('main h1')?.innerText.trim() === 'Today' && document.documentElement.lang === 'en'`, 10*time.Second)
		if b := tt.textOf(`[data-test="checkin-button"]`); b != "Check out" && b != "Check in" {
			t.Errorf("in English the button says %q", b)
		}
		tt.run("switching back", 10*time.Second, chromedp.Click(chromedp.CSS("header.top button[lang]")))
		tt.waitJS("the Indonesian page", `document.querySelector('main h1')?.innerText.trim() === 'Hari ini' && document.documentElement.lang === 'id'`, 10*time.Second)
		tt.noProblems("switching the language")
	})
}

// on makes a tab opened by a parent test report to a subtest.
func (tt *tab) on(t *testing.T) *tab {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.tb = t
	return tt
}

// press taps (phone) or clicks (desktop) a data-test hook once it is visible and enabled.
func (tt *tab) press(hook string) {
	tt.tb.Helper()
	tt.run("waiting for "+hook, 20*time.Second, chromedp.WaitVisible(sel(hook)), chromedp.WaitEnabled(sel(hook)))
	if tt.vp.mobile {
		tt.run("tapping "+hook, 20*time.Second, chromedp.Tap(sel(hook)))
	} else {
		tt.run("clicking "+hook, 20*time.Second, chromedp.Click(sel(hook)))
	}
}

// outcomeText is what the home screen says for a stored check-in (home.js's outcome.* texts).
func outcomeText(r map[string]any) string {
	switch r["outcome"] {
	case "ATTENDANCE_OUTCOME_ON_TIME":
		return "Tepat waktu"
	case "ATTENDANCE_OUTCOME_LATE":
		n, _ := r["lateMinutes"].(float64)
		return "Terlambat " + idNumber(int(n)) + " menit"
	case "ATTENDANCE_OUTCOME_EARLY_DEPARTURE":
		n, _ := r["earlyMinutes"].(float64)
		return "Pulang lebih awal " + idNumber(int(n)) + " menit"
	case "ATTENDANCE_OUTCOME_NOT_A_WORKING_DAY":
		return "Bukan hari kerja"
	case "ATTENDANCE_OUTCOME_ON_LEAVE":
		return "Anda sedang cuti"
	}
	return fmt.Sprint(r["outcome"])
}

// idNumber writes n with Indonesian digit grouping (1.234).
func idNumber(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// nextMondayAfter is the Monday after the coming weekend.
func nextMondayAfter(d time.Time) time.Time {
	n := d.AddDate(0, 0, 1)
	for n.Weekday() != time.Monday {
		n = n.AddDate(0, 0, 1)
	}
	return n
}

// freeDates are the first two weekdays from after on that are no holiday yet (neither a fixed
// national holiday nor one the API holds), for an import that recounts nothing.
func (p *portalSuite) freeDates(t *testing.T, after time.Time) [2]time.Time {
	taken := map[string]bool{}
	years := map[int]bool{}
	var out []time.Time
	for d := after; len(out) < 2; d = d.AddDate(0, 0, 1) {
		if !years[d.Year()] {
			years[d.Year()] = true
			var l struct {
				Holidays []struct {
					Date string `json:"date"`
				} `json:"holidays"`
			}
			p.apiJSON(t, "GET", fmt.Sprintf("/v1/holidays?year=%d", d.Year()), p.cityHR(t), nil, 200, &l)
			for _, h := range l.Holidays {
				taken[h.Date] = true
			}
		}
		md := d.Format("01-02")
		fixed := md == "01-01" || md == "05-01" || md == "06-01" || md == "08-17" || md == "12-25"
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !fixed && !taken[d.Format(time.DateOnly)] {
			out = append(out, d)
		}
	}
	return [2]time.Time{out[0], out[1]}
}

// leaveDays reads the days a CreateLeaveRequest answer counts: {"leaveRequest": {"days": N}, …}
// (or the request itself when the API answers with it).
func leaveDays(m map[string]any) int {
	if lr, ok := m["leaveRequest"].(map[string]any); ok {
		m = lr
	}
	n, _ := m["days"].(float64)
	return int(n)
}
