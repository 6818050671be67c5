package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// trEnrolment is an enrolment as the training API returns it (only what the tests read).
type trEnrolment struct {
	Name              string `json:"name"`
	Session           string `json:"session"`
	Employee          string `json:"employee"`
	Origin            string `json:"origin"`
	State             string `json:"state"`
	WaitlistPosition  int    `json:"waitlistPosition"`
	Score             int    `json:"score"`
	CertificateNumber string `json:"certificateNumber"`
}

// trSession is a session as the training API returns it.
type trSession struct {
	Name      string    `json:"name"`
	Programme string    `json:"programme"`
	Agency    string    `json:"agency"`
	StartTime time.Time `json:"startTime"`
	EndTime   time.Time `json:"endTime"`
	TimeZone  string    `json:"timeZone"`
	State     string    `json:"state"`
	Capacity  int       `json:"capacity"`
	Seated    int       `json:"seated"`
}

// trLedger is GET /v1/jpLedger's answer.
type trLedger struct {
	Totals struct {
		Earned    int `json:"earned"`
		Projected int `json:"projected"`
	} `json:"totals"`
	Entries []struct {
		Reference string `json:"reference"`
		JP        int    `json:"jp"`
		Earned    bool   `json:"earned"`
	} `json:"entries"`
}

// trainingLead is how far ahead of creating it the scenario's session starts (then the next whole
// minute): time for the employee to ask for a seat and the supervisor to approve before enrolment
// closes at the start. The screens that need no outcome are walked while the session waits.
const trainingLead = 75 * time.Second

// TestPortalTraining is issue 10's screens (§7) as people use them, in Chromium against the real
// binary with the demo data, each step a subtest building on the ones before: agency HR
// schedules a session of a new programme in the dialog and nominates an employee; another
// employee asks for a seat in the catalogue; the supervisor approves it in the inbox; once the
// session has begun HR records the day's attendance and the outcomes; the employee sees the JP
// rise and the certificate; anyone checks the certificate without signing in; after the end the
// absent nominee is refused feedback in words and the attendee's rating is stored. Every value
// is checked against what the API stored. Then each training screen of each role, at phone and
// desktop size, passes axe-core and logs no error, and is photographed.
func TestPortalTraining(t *testing.T) {
	p := portalFor(t)
	city := p.cityHR(t)
	p.waitTraining(t, city)

	emp := p.person(t, "employee")
	empToken := p.tokenOf(t, emp, "employee")
	hr := p.person(t, "agency-hr")
	hrToken := p.tokenOf(t, hr, "agency-hr")
	var me struct {
		Supervisor string `json:"supervisor"`
	}
	p.apiJSON(t, "GET", "/v1/employees/"+emp.NIP, empToken, nil, 200, &me)
	if me.Supervisor == "" {
		t.Fatalf("the sign-in screen's employee %s has no supervisor", emp.NIP)
	}
	nominee := p.otherEmployee(t, emp.NIP)
	nomineeToken := p.token(t, "employee", "DISKOMINFO", nominee)

	// A programme of the city's catalogue: 450 minutes of classroom training, 10 JP, certified.
	stamp := time.Now().In(wib).Format("150405")
	title := "Uji Portal: Keamanan Siber Dasar " + stamp
	var programme struct {
		Name string `json:"name"`
		JP   int    `json:"jp"`
	}
	p.apiJSON(t, "POST", "/v1/programmes?programmeId=uji-portal-siber-"+stamp, city, map[string]any{
		"title": title, "description": "Program uji portal (ilustrasi).", "competencyType": "COMPETENCY_TYPE_TECHNICAL",
		"form": "PROGRAMME_FORM_CLASSROOM", "minutes": 450, "provider": "BKPSDM Kota Medan", "providerKind": "PROVIDER_KIND_CITY_TRAINING_UNIT",
		"certificate": true,
	}, 200, &programme)
	if programme.JP != 10 {
		t.Fatalf("450 minutes of classroom training credit %d JP, want 10 (1 JP = 45 minutes)", programme.JP)
	}
	ledger := func(t *testing.T, token string) trLedger {
		var l trLedger
		p.apiJSON(t, "GET", fmt.Sprintf("/v1/jpLedger?year=%d", today().Year()), token, nil, 200, &l)
		return l
	}
	before := ledger(t, empToken)

	var session trSession
	var own, nominated trEnrolment
	hrTab := p.open(t, desktop)
	phoneTab := p.open(t, phone)

	t.Run("agency HR schedules a session in the dialog and nominates an employee", func(t *testing.T) {
		tt := hrTab.on(t)
		tt.signIn(hr.NIP, "agency-hr")
		start := time.Now().In(wib).Add(trainingLead).Truncate(time.Minute).Add(time.Minute)
		end := start.Add(time.Minute)
		tt.goTo("/sesi-pelatihan")
		tt.press("session-create")
		tt.setField(`[data-test="session-programme"]`, programme.Name)
		tt.setField(`[data-test="session-start"]`, start.Format("2006-01-02T15:04"))
		tt.setField(`[data-test="session-end"]`, end.Format("2006-01-02T15:04"))
		tt.setField(`[data-test="session-capacity"]`, "5")
		tt.setField(`[data-test="session-place"]`, "Ruang Rapat Diskominfo (uji portal)")
		tt.press("session-submit")
		tt.waitJS("the new session's page", `!!document.querySelector('[data-test="session-page"]')`, 20*time.Second)
		name := eval[string](tt, `document.querySelector('[data-test="session-page"]').dataset.name`)
		p.apiJSON(t, "GET", "/v1/"+name, hrToken, nil, 200, &session)
		if session.Programme != programme.Name || !session.StartTime.Equal(start) || !session.EndTime.Equal(end) || session.Capacity != 5 || session.Agency != "DISKOMINFO" {
			t.Fatalf("the stored session %+v; want programme %s from %s to %s, 5 seats, DISKOMINFO", session, programme.Name, start, end)
		}
		tt.setField(`[data-test="nominate-nip"]`, nominee)
		tt.press("nominate-submit")
		tt.waitJS("the nomination's outcome", `!!document.querySelector('[data-test="nominate-outcome"]')`, 20*time.Second)
		shown := eval[string](tt, `document.querySelector('[data-test="nominate-outcome"]').dataset.state`)
		nominated = p.enrolmentOf(t, hrToken, session.Name, nominee)
		if nominated.State != "ENROLMENT_STATE_ENROLLED" || nominated.Origin != "ENROLMENT_ORIGIN_NOMINATED" || shown != nominated.State {
			t.Errorf("the nomination: the page says %s, the API holds %+v; want enrolled, nominated", shown, nominated)
		}
		if got := tt.textOf(`[data-test="nominate-outcome"]`); !strings.Contains(got, "mendapat kursi") {
			t.Errorf("the nomination's outcome reads %q, want it to say the nominee has a seat", got)
		}
		tt.noProblems("scheduling and nominating")
	})
	if session.Name == "" {
		t.Fatal("no session from the first step")
	}

	t.Run("the employee asks for a seat in the catalogue", func(t *testing.T) {
		tt := phoneTab.on(t)
		tt.signIn(emp.NIP, "employee")
		tt.goTo("/katalog-pelatihan")
		card := `[data-test="catalogue-session"][data-name="` + session.Name + `"]`
		tt.run("the session in the catalogue", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(card)))
		tt.tap(card + ` [data-test="enrol"]`)
		tt.waitJS("the enrolment's outcome", `!!document.querySelector(`+js(card+` [data-test="enrol-outcome"]`)+`)`, 20*time.Second)
		own = p.enrolmentOf(t, empToken, session.Name, emp.NIP)
		shown := eval[string](tt, `document.querySelector(`+js(card+` [data-test="enrol-outcome"]`)+`).dataset.state`)
		if own.State != "ENROLMENT_STATE_REQUESTED" || own.Origin != "ENROLMENT_ORIGIN_SELF_REQUEST" || shown != own.State {
			t.Errorf("the request: the page says %s, the API holds %+v; want requested, self request", shown, own)
		}
		if got := tt.textOf(card + ` [data-test="enrol-outcome"]`); !strings.Contains(got, "menunggu persetujuan atasan") {
			t.Errorf("the outcome reads %q, want it to say it waits for the supervisor's approval", got)
		}
		tt.goTo("/pelatihan")
		item := `[data-test="my-enrolment"][data-name="` + own.Name + `"]`
		tt.run("the request under Pelatihan saya", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(item)))
		if st := eval[string](tt, `document.querySelector(`+js(item)+`).dataset.state`); st != "ENROLMENT_STATE_REQUESTED" {
			t.Errorf("Pelatihan saya shows the request as %s", st)
		}
		tt.noProblems("asking for a seat")
	})

	t.Run("the supervisor approves it in the inbox", func(t *testing.T) {
		if own.Name == "" {
			t.Skip("no request from the previous step")
		}
		tt := p.open(t, desktop)
		tt.signIn(me.Supervisor, "supervisor")
		tt.goTo("/persetujuan")
		item := `[data-test="training-request"][data-name="` + own.Name + `"]`
		tt.run("the request in the inbox", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(item)))
		tt.run("approving", 20*time.Second, chromedp.Click(chromedp.CSS(item+` [data-test="training-approve"]`)),
			chromedp.WaitVisible(sel("training-decision-confirm")), chromedp.Click(sel("training-decision-confirm")))
		tt.waitJS("the request to leave the inbox", `!document.querySelector(`+js(item)+`)`, 20*time.Second)
		supToken := p.token(t, "supervisor", "DISKOMINFO", me.Supervisor)
		var e trEnrolment
		p.apiJSON(t, "GET", "/v1/"+own.Name, supToken, nil, 200, &e)
		if e.State != "ENROLMENT_STATE_ENROLLED" {
			t.Errorf("after approving, the enrolment is %s, want enrolled (2 of 5 seats)", e.State)
		}
		if l := ledger(t, empToken); l.Totals.Projected != before.Totals.Projected+programme.JP {
			t.Errorf("enrolled, the employee's projected JP is %d, want %d + %d", l.Totals.Projected, before.Totals.Projected, programme.JP)
		}
		tt.noProblems("approving the training request")
	})

	t.Run("the training screens before the session, at phone and desktop size", func(t *testing.T) {
		p.trainingScreens(t, earlyScreens(p, t), false)
	})

	if wait := time.Until(session.StartTime); wait > 0 {
		t.Logf("waiting %s for the session to begin", wait.Round(time.Second))
		time.Sleep(wait + time.Second)
	}

	t.Run("HR records the day's attendance and the outcomes", func(t *testing.T) {
		if own.Name == "" {
			t.Skip("no enrolment from the previous steps")
		}
		tt := hrTab.on(t)
		tt.goTo("/sesi-pelatihan/" + strings.TrimPrefix(session.Name, "sessions/"))
		day := session.StartTime.In(wib).Format(time.DateOnly)
		tt.run("the attendance of "+day, 20*time.Second, chromedp.WaitVisible(chromedp.CSS(`[data-test="attendance-day"][data-date="`+day+`"]`)))
		tt.run("marking the employee present", 20*time.Second, chromedp.Click(chromedp.CSS(`[data-test="attendance-present"][data-enrolment="`+own.Name+`"]`)))
		tt.press("attendance-save")
		var days struct {
			Days []struct {
				Date    string   `json:"date"`
				Present []string `json:"present"`
				Absent  []string `json:"absent"`
			} `json:"days"`
		}
		deadline := time.Now().Add(15 * time.Second)
		for len(days.Days) == 0 {
			p.apiJSON(t, "GET", "/v1/"+session.Name+"/days", hrToken, nil, 200, &days)
			if len(days.Days) == 0 && time.Now().After(deadline) {
				t.Fatalf("no attendance day stored 15 s after saving\npage: %s", tt.bodyText())
			}
			time.Sleep(200 * time.Millisecond)
		}
		if d := days.Days[0]; d.Date != day || len(d.Present) != 1 || !strings.HasSuffix(d.Present[0], strings.TrimPrefix(own.Name, "enrolments/")) {
			t.Errorf("the stored day is %+v; want %s with only %s present", d, day, own.Name)
		}
		tt.complete(own.Name, "ENROLMENT_STATE_PASSED", "88")
		tt.complete(nominated.Name, "ENROLMENT_STATE_DID_NOT_FINISH", "0")
		p.apiJSON(t, "GET", "/v1/"+own.Name, hrToken, nil, 200, &own)
		if own.State != "ENROLMENT_STATE_PASSED" || own.Score != 88 || own.CertificateNumber == "" {
			t.Fatalf("the employee's enrolment after completion: %+v; want passed, 88, a certificate", own)
		}
		tt.run("the certificate's number on the page", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(
			`[data-test="completion-row"][data-enrolment="`+own.Name+`"] [data-test="certificate-number"]`)))
		if got := tt.textOf(`[data-test="completion-row"][data-enrolment="` + own.Name + `"] [data-test="certificate-number"]`); got != own.CertificateNumber {
			t.Errorf("the page shows certificate %q, the API %q", got, own.CertificateNumber)
		}
		tt.press("session-complete")
		tt.waitJS("the session closed", `document.querySelector('[data-test="session-page"]')?.dataset.state === 'SESSION_STATE_COMPLETED'`, 20*time.Second)
		var s trSession
		p.apiJSON(t, "GET", "/v1/"+session.Name, hrToken, nil, 200, &s)
		if s.State != "SESSION_STATE_COMPLETED" {
			t.Errorf("the session is %s after closing it, want completed", s.State)
		}
		tt.noProblems("attendance and completion")
	})

	t.Run("the employee sees the JP rise and the certificate", func(t *testing.T) {
		if own.CertificateNumber == "" {
			t.Skip("no certificate from the previous steps")
		}
		tt := phoneTab.on(t)
		after := ledger(t, empToken)
		if after.Totals.Earned != before.Totals.Earned+programme.JP {
			t.Errorf("the API's earned JP is %d after passing, want %d + %d", after.Totals.Earned, before.Totals.Earned, programme.JP)
		}
		tt.goTo("/pelatihan")
		tt.run("the JP bar", 20*time.Second, chromedp.WaitVisible(sel("jp-progress")))
		earned := eval[string](tt, `document.querySelector('[data-test="jp-progress"]').dataset.earned`)
		projected := eval[string](tt, `document.querySelector('[data-test="jp-progress"]').dataset.projected`)
		if earned != fmt.Sprint(after.Totals.Earned) || projected != fmt.Sprint(after.Totals.Projected) {
			t.Errorf("the JP bar shows %s earned, %s projected; the API %d and %d", earned, projected, after.Totals.Earned, after.Totals.Projected)
		}
		cert := `[data-test="certificate"][data-number="` + own.CertificateNumber + `"]`
		tt.run("the certificate listed", 20*time.Second, chromedp.WaitVisible(chromedp.CSS(cert)))
		if st := eval[string](tt, `document.querySelector(`+js(`[data-test="my-enrolment"][data-name="`+own.Name+`"]`)+`).dataset.state`); st != "ENROLMENT_STATE_PASSED" {
			t.Errorf("Pelatihan saya shows the enrolment as %s, want passed", st)
		}
		tt.noProblems("the JP and the certificate")
	})

	t.Run("anyone checks the certificate without signing in", func(t *testing.T) {
		if own.CertificateNumber == "" {
			t.Skip("no certificate from the previous steps")
		}
		tt := p.open(t, phone)
		tt.goTo("/sertifikat?nomor=" + url.QueryEscape(own.CertificateNumber))
		if s := eval[string](tt, `fetch('/auth/session').then(r => r.json()).then(s => String(s.signedIn))`); s != "false" {
			t.Fatalf("the fresh browser is signed in (%s)", s)
		}
		tt.waitJS("the check's verdict", `!!document.querySelector('[data-test="verify-result"]')`, 20*time.Second)
		if v := eval[string](tt, `document.querySelector('[data-test="verify-result"]').dataset.valid`); v != "true" {
			t.Errorf("the certificate %s checks as valid=%s: %s", own.CertificateNumber, v, tt.textOf(`[data-test="verify-result"]`))
		}
		got := tt.textOf(`[data-test="verify-result"]`)
		for _, want := range []string{"Sertifikat sah", emp.Name, title, "10 JP"} {
			if !strings.Contains(got, want) {
				t.Errorf("the verdict does not say %q: %q", want, got)
			}
		}
		tt.screenshot("training-public-verify-phone")
		// A number nobody was given checks as not valid, in words.
		tt.setField(`[data-test="verify-number"]`, "STTPP/2000/999999")
		tt.press("verify-submit")
		tt.waitJS("the second verdict", `(() => { const e = document.querySelector('[data-test="verify-result"], [data-test="verify-error"]'); return !!e && !e.innerText.includes('Sertifikat sah') })()`, 20*time.Second)
		if got := tt.textOf(`main`); !strings.Contains(got, "tidak sah") && !strings.Contains(got, "Tidak ditemukan") {
			t.Errorf("an unknown number reads %q", got)
		}
		tt.takeProblems() // an unknown number may answer 404, which the browser logs
	})

	if wait := time.Until(session.EndTime); wait > 0 {
		t.Logf("waiting %s for the session to end", wait.Round(time.Second))
		time.Sleep(wait + time.Second)
	}

	t.Run("the absent nominee is refused feedback in words", func(t *testing.T) {
		tt := p.open(t, phone)
		tt.signIn(nominee, "employee")
		tt.goTo("/pelatihan")
		tt.rate(nominated.Name, 2)
		tt.waitJS("the refusal", `!!document.querySelector('[data-test="feedback-error"]')`, 20*time.Second)
		if got := tt.textOf(`[data-test="feedback-error"]`); !strings.Contains(got, "Hanya peserta yang hadir") {
			t.Errorf("the refusal reads %q; want the API's reason in Indonesian (Hanya peserta yang hadir …)", got)
		}
		r := p.do(t, "POST", "/v1/"+session.Name+"/feedback", nomineeToken, map[string]any{"trainer": 2, "material": 2, "usefulness": 2})
		if r.status != 403 {
			t.Errorf("the API takes the non-attendee's rating: %d %s", r.status, r.raw)
		}
		tt.takeProblems() // the refused call's 403, logged by the browser
	})

	t.Run("the attendee rates the session", func(t *testing.T) {
		if own.CertificateNumber == "" {
			t.Skip("no completed enrolment from the previous steps")
		}
		tt := phoneTab.on(t)
		tt.goTo("/pelatihan")
		tt.rate(own.Name, 5)
		tt.waitJS("the dialog to close", `!document.querySelector('[data-test="feedback-form"]')`, 20*time.Second)
		var f struct {
			Responses int `json:"responses"`
		}
		p.apiJSON(t, "GET", "/v1/"+session.Name+"/feedback", hrToken, nil, 200, &f)
		if f.Responses != 1 {
			t.Errorf("the session has %d responses after the attendee's, want 1", f.Responses)
		}
		tt.noProblems("rating the session")
	})

	t.Run("the training screens after the session, at phone and desktop size", func(t *testing.T) {
		p.trainingScreens(t, lateScreens(p, t, session.Name, me.Supervisor), true)
	})
}

// waitTraining waits until the training service answers through the gateway.
func (p *portalSuite) waitTraining(t *testing.T, token string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		r := p.do(t, "GET", "/v1/programmes?pageSize=1", token, nil)
		if r.status == 200 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the training service does not answer GET /v1/programmes: %d %s", r.status, r.raw)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// otherEmployee is a DISKOMINFO employee other than nip: the sign-in screen's other suggested
// employee, or the agency's first active one.
func (p *portalSuite) otherEmployee(t *testing.T, nip string) string {
	t.Helper()
	for _, x := range p.people {
		if x.Role == "employee" && x.NIP != nip {
			return x.NIP
		}
	}
	var l struct {
		Employees []struct {
			NIP string `json:"nip"`
		} `json:"employees"`
	}
	p.apiJSON(t, "GET", "/v1/employees?agency=DISKOMINFO&status=EMPLOYEE_STATUS_ACTIVE&pageSize=5", p.cityHR(t), nil, 200, &l)
	for _, e := range l.Employees {
		if e.NIP != nip {
			return e.NIP
		}
	}
	t.Fatal("no second DISKOMINFO employee")
	return ""
}

// enrolmentOf is employee's enrolment in session, read with token; the test fails without one.
func (p *portalSuite) enrolmentOf(t *testing.T, token, session, employee string) trEnrolment {
	t.Helper()
	var l struct {
		Enrolments []trEnrolment `json:"enrolments"`
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		p.apiJSON(t, "GET", "/v1/enrolments?session="+url.QueryEscape(session)+"&pageSize=100", token, nil, 200, &l)
		for _, e := range l.Enrolments {
			if e.Employee == employee {
				return e
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no enrolment of %s in %s: %+v", employee, session, l.Enrolments)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// tap presses the element css selects once it is visible: a tap on a phone, a click on a desktop.
func (tt *tab) tap(css string) {
	tt.tb.Helper()
	tt.run("waiting for "+css, 20*time.Second, chromedp.WaitVisible(chromedp.CSS(css)), chromedp.WaitEnabled(chromedp.CSS(css)))
	if tt.vp.mobile {
		tt.run("tapping "+css, 20*time.Second, chromedp.Tap(chromedp.CSS(css)))
	} else {
		tt.run("clicking "+css, 20*time.Second, chromedp.Click(chromedp.CSS(css)))
	}
}

// complete records an outcome and score for an enrolment on the session page and waits for the
// row to show it.
func (tt *tab) complete(enrolment, outcome, score string) {
	tt.tb.Helper()
	row := `[data-test="completion-row"][data-enrolment="` + enrolment + `"]`
	tt.setField(row+` [data-test="complete-outcome"]`, outcome)
	tt.setField(row+` [data-test="complete-score"]`, score)
	tt.run("saving the result of "+enrolment, 20*time.Second, chromedp.Click(chromedp.CSS(row+` [data-test="complete-save"]`)))
	tt.waitJS("the result of "+enrolment, `document.querySelector(`+js(row)+`)?.dataset.state === `+js(outcome), 20*time.Second)
}

// rate opens the feedback form of an enrolment on /pelatihan, gives every question stars and sends it.
func (tt *tab) rate(enrolment string, stars int) {
	tt.tb.Helper()
	tt.tap(`[data-test="my-enrolment"][data-name="` + enrolment + `"] [data-test="feedback-open"]`)
	tt.run("the feedback form", 20*time.Second, chromedp.WaitVisible(sel("feedback-form")))
	for _, q := range []string{"trainer", "material", "usefulness"} {
		eval[bool](tt, fmt.Sprintf(`(document.querySelector('[data-test="feedback-%s-%d"]').click(), true)`, q, stars))
	}
	tt.setField(`[data-test="feedback-comment"]`, "Materi jelas dan langsung terpakai (uji portal).")
	tt.press("feedback-submit")
}

// trainingScreen is a training screen one person opens: saved as training-<role>-<name>-<size>.png.
type trainingScreen struct{ role, nip, name, path string }

// earlyScreens are the training screens whose picture needs no outcome of the scenario.
func earlyScreens(p *portalSuite, t *testing.T) []trainingScreen {
	emp, hr, city := p.person(t, "employee").NIP, p.person(t, "agency-hr").NIP, p.person(t, "city-hr").NIP
	return []trainingScreen{
		{"employee", emp, "catalogue", "/katalog-pelatihan"},
		{"employee", emp, "internship", "/magang"},
		{"agency-hr", hr, "programmes", "/sesi-pelatihan?tab=programmes"},
		{"agency-hr", hr, "jp", "/sesi-pelatihan?tab=jp"},
		{"agency-hr", hr, "latsar", "/sesi-pelatihan?tab=latsar"},
		{"city-hr", city, "city", "/pelatihan-kota"},
		{"city-hr", city, "internship", "/magang"},
	}
}

// lateScreens are the training screens pictured with the scenario's outcomes.
func lateScreens(p *portalSuite, t *testing.T, session, supervisor string) []trainingScreen {
	emp, hr := p.person(t, "employee").NIP, p.person(t, "agency-hr").NIP
	return []trainingScreen{
		{"employee", emp, "training", "/pelatihan"},
		{"supervisor", supervisor, "approvals", "/persetujuan"},
		{"agency-hr", hr, "sessions", "/sesi-pelatihan"},
		{"agency-hr", hr, "session", "/sesi-pelatihan/" + strings.TrimPrefix(session, "sessions/")},
	}
}

// trainingScreens visits screens at both sizes: each settles, fits the width, passes axe-core's
// WCAG 2 A and AA rules without a serious or critical violation, logs no console error, and is
// saved as training-<role>-<screen>-<size>.png. With lang, the public page on the phone also
// switches to English and back.
func (p *portalSuite) trainingScreens(t *testing.T, screens []trainingScreen, lang bool) {
	axe := readAxe(t)
	for _, vp := range []viewport{phone, desktop} {
		var tt *tab
		signedIn := ""
		for _, s := range screens {
			if signedIn != s.nip+s.role {
				tt = p.open(t, vp)
				tt.signIn(s.nip, s.role)
				tt.takeProblems()
				signedIn = s.nip + s.role
			}
			tt.goTo(s.path)
			if over := eval[int](tt, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
				t.Errorf("%s as %s: the page is %d px wider than the %d px %s", s.path, s.role, over, vp.width, vp.name)
			}
			tt.axeCheck(t, axe, s.path+" as "+s.role)
			tt.noProblems(s.path + " as " + s.role)
			tt.screenshot(fmt.Sprintf("training-%s-%s-%s", s.role, s.name, vp.name))
		}
		if lang && vp == phone {
			tt.goTo("/sertifikat")
			tt.run("switching to English", 10*time.Second, chromedp.Click(chromedp.CSS("header.top button[lang]")))
			tt.waitJS("the English page", `document.querySelector('main h1')?.innerText.trim() === 'Check a training certificate'`, 10*time.Second)
			tt.run("switching back", 10*time.Second, chromedp.Click(chromedp.CSS("header.top button[lang]")))
			tt.waitJS("the Indonesian page", `document.querySelector('main h1')?.innerText.trim() === 'Cek keaslian sertifikat pelatihan'`, 10*time.Second)
		}
	}
}

// readAxe is the vendored axe-core (make web).
func readAxe(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("testdata/web/axe.min.js")
	if err != nil {
		t.Fatalf("the vendored axe-core (make web): %v", err)
	}
	return string(raw)
}
