package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// trainingE2E is the newcomer's training story's cast: Diskominfo's head (the supervisor), four
// staff — nominee (nominated, later withdraws), asker (asks for a seat; passes), waiting
// (waitlisted, promoted, absent), newcomer (a CPNS interning) — and an employee of Dinkes.
type trainingE2E struct {
	s                                    *suite
	cityHR                               string
	head, nominee, asker, waiting, cpns  string
	outsider                             string
	wib                                  *time.Location
	programme, session                   string
	enrolNominee, enrolAsker, enrolWaits string
}

// TestTrainingEndToEnd is issue 10's "Done when" through the gateway over HTTP, on both suites
// (SQLite with the embedded NATS; PostgreSQL with the external NATS): city HR sets up a programme
// and a session of two seats; HR nominates one employee, another asks for a seat and the
// supervisor approves; a third nominated is waitlisted, and when the first withdraws the head of
// the waitlist is promoted; the session begins, HR records the day's attendance and the outcomes;
// JP is credited and the 20 JP shortfall drops; the certificate verifies without a token; after
// the end the attendee's feedback is counted and the absent seat holder's refused; an internship
// cohort with a university partner runs from placement through the logbook to the final
// assessment, crediting JP. Bad input gets 400 naming the field and writes nothing. The events
// enrolment.approved, certificate.issued and jp.credited arrive on the stream.
func TestTrainingEndToEnd(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			began := time.Now()
			e := newTrainingE2E(t, startSuite(t, engine))
			t.Logf("%s: the suite and the cast ready in %s", engine, time.Since(began).Round(time.Millisecond))
			steps := []struct {
				name string
				run  func(t *testing.T)
			}{
				{"a programme and a session are set up", e.setUp},
				{"bad input is refused naming the field and writes nothing", e.badInput},
				{"nomination, own request, approval, a full session and the waitlist moving up", e.enrol},
				{"attendance, completion, JP credited, the shortfall drops, the certificate verifies without a token", e.deliver},
				{"feedback from the attendee, not from the absent", e.feedback},
				{"an internship cohort with a university partner from placement to final assessment", e.internship},
				{"the events are on the stream", e.events},
			}
			for _, st := range steps {
				start := time.Now()
				if !t.Run(st.name, st.run) {
					t.Fatalf("%s failed; the steps after it build on it", st.name)
				}
				t.Logf("%s: %q took %s", engine, st.name, time.Since(start).Round(time.Millisecond))
			}
			t.Logf("%s: the training story took %s", engine, time.Since(began).Round(time.Millisecond))
		})
	}
}

// newTrainingE2E registers the cast in planning and waits for training's directory copy to know
// them.
func newTrainingE2E(t *testing.T, s *suite) *trainingE2E {
	t.Helper()
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Now().In(wib)
	appointed := now.AddDate(0, -3, 0)
	e := &trainingE2E{s: s, cityHR: s.token(t, auth.RoleCityHR, "", "bkpsdm"), wib: wib, head: headNIP, nominee: staffNIP,
		asker:    nip.Format(time.Date(1990, 3, 14, 0, 0, 0, 0, time.UTC), 2016, time.April, nip.Female, 1),
		waiting:  nip.Format(time.Date(1992, 7, 21, 0, 0, 0, 0, time.UTC), 2018, time.February, nip.Male, 1),
		cpns:     nip.Format(time.Date(2000, 1, 15, 0, 0, 0, 0, time.UTC), appointed.Year(), appointed.Month(), nip.Female, 1),
		outsider: nip.Format(time.Date(1988, 11, 2, 0, 0, 0, 0, time.UTC), 2012, time.March, nip.Male, 1)}
	for _, a := range []map[string]any{
		{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"},
		{"code": "DINKES", "displayName": "Dinas Kesehatan", "kind": "AGENCY_KIND_DINAS"},
		{"code": "DISKOMINFO-APTIKA", "displayName": "Bidang Aplikasi Informatika", "kind": "AGENCY_KIND_UNIT", "parent": "DISKOMINFO"},
	} {
		s.do(t, "POST", "/v1/agencies", e.cityHR, a).want(t, 200)
	}
	for _, emp := range []map[string]any{
		{"nip": e.head, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"},
		{"nip": e.nominee, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.head},
		{"nip": e.asker, "fullName": "Sri Wahyuni", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/b", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.head},
		{"nip": e.waiting, "fullName": "Joko Susilo", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.head},
		{"nip": e.cpns, "fullName": "Nadia Putri", "employmentType": "EMPLOYMENT_TYPE_CPNS", "rank": "III/a", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.head},
		{"nip": e.outsider, "fullName": "Hendra Gunawan", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/d", "agency": "DINKES"},
	} {
		s.do(t, "POST", "/v1/employees", e.cityHR, emp).want(t, 200)
	}
	deadline := time.Now().Add(15 * time.Second)
	for _, who := range []string{e.head, e.nominee, e.asker, e.waiting, e.cpns, e.outsider} {
		for s.do(t, "GET", "/v1/jpLedger?employee="+who, e.cityHR, nil).status != http.StatusOK {
			if time.Now().After(deadline) {
				t.Fatalf("training's directory copy does not know %s after 15 s", who)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return e
}

// employee, supervisor and agencyHR return tokens of the cast.
func (e *trainingE2E) employee(t *testing.T, who, agency string) string {
	return e.s.token(t, auth.RoleEmployee, agency, who)
}

func (e *trainingE2E) supervisor(t *testing.T) string {
	return e.s.token(t, auth.RoleSupervisor, "DISKOMINFO", e.head)
}

// auditHead returns the newest record of training's audit trail, raw.
func (e *trainingE2E) auditHead(t *testing.T) string {
	return string(e.s.do(t, "GET", "/v1/training/auditRecords?pageSize=1", e.cityHR, nil).want(t, 200).raw)
}

// badInput sends requests each with one mistake: each is answered 400 naming the field, and the
// audit trail (every change of the service writes to it) does not move.
func (e *trainingE2E) badInput(t *testing.T) {
	before := e.auditHead(t)
	start := time.Now().Add(time.Hour).UTC()
	tests := []struct {
		name, path, token string
		body              map[string]any
		field             string
	}{
		{"classroom training without its minutes", "/v1/programmes?programmeId=tanpa-menit", e.cityHR,
			map[string]any{"title": "Tanpa Menit", "competencyType": "COMPETENCY_TYPE_TECHNICAL", "form": "PROGRAMME_FORM_CLASSROOM",
				"provider": "BKPSDM Kota Medan", "providerKind": "PROVIDER_KIND_CITY_TRAINING_UNIT"}, "programme.minutes"},
		{"a typed JP for a form counted in hours", "/v1/programmes?programmeId=jp-diketik", e.cityHR,
			map[string]any{"title": "JP Diketik", "competencyType": "COMPETENCY_TYPE_TECHNICAL", "form": "PROGRAMME_FORM_CLASSROOM", "minutes": 900, "jp": 30,
				"provider": "BKPSDM Kota Medan", "providerKind": "PROVIDER_KIND_CITY_TRAINING_UNIT"}, "programme.jp"},
		{"a session ending before it starts", "/v1/sessions", e.cityHR,
			map[string]any{"programme": e.programme, "startTime": start.Format(time.RFC3339), "endTime": start.Add(-time.Hour).Format(time.RFC3339),
				"timeZone": "Asia/Jakarta", "place": "Aula", "capacity": 2}, "session.end_time"},
		{"an enrolment in a session that does not exist", "/v1/enrolments", e.employee(t, e.asker, "DISKOMINFO"),
			map[string]any{"session": "sessions/0190f3c1-0000-7000-8000-000000000000"}, "enrolment.session"},
		{"external training that has not happened yet", "/v1/externalTrainings", e.employee(t, e.asker, "DISKOMINFO"),
			map[string]any{"title": "Webinar", "provider": "Penyelenggara", "form": "PROGRAMME_FORM_SEMINAR_WORKSHOP", "minutes": 180,
				"startDate": time.Now().AddDate(0, 0, 7).Format(time.DateOnly), "endDate": time.Now().AddDate(0, 0, 7).Format(time.DateOnly),
				"evidence": "https://sertifikat.example.org/1"}, "external_training.end_date"},
	}
	for _, tt := range tests {
		r := e.s.do(t, "POST", tt.path, tt.token, tt.body)
		if r.status != http.StatusBadRequest || !r.fieldViolation(tt.field) {
			t.Errorf("%s: %d %s; want 400 naming %s", tt.name, r.status, r.raw, tt.field)
		}
	}
	if after := e.auditHead(t); after != before {
		t.Errorf("the refused requests wrote to the audit trail:\nbefore %.300s\nafter  %.300s", before, after)
	}
	e.s.do(t, "GET", "/v1/programmes/tanpa-menit", e.cityHR, nil).want(t, http.StatusNotFound)
}

// setUp creates a certifying classroom programme of 900 minutes (20 JP) and a session of two
// seats an hour from now.
func (e *trainingE2E) setUp(t *testing.T) {
	p := e.s.do(t, "POST", "/v1/programmes?programmeId=tik-jaringan-dasar", e.cityHR, map[string]any{
		"title": "Jaringan Komputer Dasar", "description": "Uji ujung ke ujung.", "competencyType": "COMPETENCY_TYPE_TECHNICAL",
		"competencies": []string{"technical:network-administration"}, "form": "PROGRAMME_FORM_CLASSROOM", "minutes": 900,
		"provider": "BKPSDM Kota Medan", "providerKind": "PROVIDER_KIND_CITY_TRAINING_UNIT", "costPerSeat": "1500000", "certificate": true,
	}).want(t, 200)
	if p.body["name"] != "programmes/tik-jaringan-dasar" || p.body["jp"] != float64(20) {
		t.Fatalf("programme %s; want programmes/tik-jaringan-dasar with 20 JP (900 minutes at 45 a JP)", p.raw)
	}
	e.programme = "programmes/tik-jaringan-dasar"
	start := time.Now().Add(time.Hour).Truncate(time.Minute).UTC()
	sess := e.s.do(t, "POST", "/v1/sessions", e.cityHR, map[string]any{
		"programme": e.programme, "startTime": start.Format(time.RFC3339), "endTime": start.Add(3 * time.Hour).Format(time.RFC3339),
		"timeZone": "Asia/Jakarta", "place": "Laboratorium Komputer Diskominfo", "capacity": 2, "trainers": []string{"Ir. Hotman Sinaga"},
	}).want(t, 200)
	e.session, _ = sess.body["name"].(string)
	if !strings.HasPrefix(e.session, "sessions/") || sess.body["state"] != "SESSION_STATE_SCHEDULED" || sess.body["jp"] != float64(20) {
		t.Fatalf("session %s; want a scheduled session of 20 JP", sess.raw)
	}
}

// enrolment reads an enrolment's state and waitlist position.
func (e *trainingE2E) enrolment(t *testing.T, name string) (string, float64) {
	r := e.s.do(t, "GET", "/v1/"+name, e.cityHR, nil).want(t, 200)
	pos, _ := r.body["waitlistPosition"].(float64)
	return fmt.Sprint(r.body["state"]), pos
}

// enrol fills the session of two seats: HR nominates one, another asks and the supervisor
// approves, a third nominated waits; the first withdraws and the third moves up.
func (e *trainingE2E) enrol(t *testing.T) {
	nom := e.s.do(t, "POST", "/v1/enrolments", e.cityHR, map[string]any{"session": e.session, "employee": e.nominee}).want(t, 200)
	if nom.body["state"] != "ENROLMENT_STATE_ENROLLED" || nom.body["origin"] != "ENROLMENT_ORIGIN_NOMINATED" {
		t.Fatalf("nomination: %s; want enrolled, nominated", nom.raw)
	}
	e.enrolNominee, _ = nom.body["name"].(string)

	ask := e.s.do(t, "POST", "/v1/enrolments", e.employee(t, e.asker, "DISKOMINFO"), map[string]any{"session": e.session}).want(t, 200)
	if ask.body["state"] != "ENROLMENT_STATE_REQUESTED" || ask.body["origin"] != "ENROLMENT_ORIGIN_SELF_REQUEST" || ask.body["employee"] != e.asker {
		t.Fatalf("own request: %s; want requested by the employee", ask.raw)
	}
	e.enrolAsker, _ = ask.body["name"].(string)
	// Someone outside the employee's line may not approve; the supervisor does.
	e.s.do(t, "POST", "/v1/"+e.enrolAsker+":approve", e.s.token(t, auth.RoleSupervisor, "DINKES", e.outsider), map[string]any{}).want(t, http.StatusForbidden)
	inbox := e.s.do(t, "GET", "/v1/enrolments?awaitingMe=true", e.supervisor(t), nil).want(t, 200)
	if !strings.Contains(string(inbox.raw), e.enrolAsker) {
		t.Errorf("the supervisor's inbox %s lacks %s", inbox.raw, e.enrolAsker)
	}
	ok := e.s.do(t, "POST", "/v1/"+e.enrolAsker+":approve", e.supervisor(t), map[string]any{}).want(t, 200)
	if ok.body["state"] != "ENROLMENT_STATE_ENROLLED" || ok.body["decidedBy"] != e.head {
		t.Fatalf("approval: %s; want enrolled, decided by %s", ok.raw, e.head)
	}

	wait := e.s.do(t, "POST", "/v1/enrolments", e.cityHR, map[string]any{"session": e.session, "employee": e.waiting}).want(t, 200)
	if wait.body["state"] != "ENROLMENT_STATE_WAITLISTED" || wait.body["waitlistPosition"] != float64(1) {
		t.Fatalf("the third into two seats: %s; want waitlisted first", wait.raw)
	}
	e.enrolWaits, _ = wait.body["name"].(string)
	s := e.s.do(t, "GET", "/v1/"+e.session, e.cityHR, nil).want(t, 200)
	if s.body["seated"] != float64(2) || s.body["waitlisted"] != float64(1) {
		t.Fatalf("the full session: %s; want 2 seated, 1 waitlisted", s.raw)
	}

	e.s.do(t, "POST", "/v1/"+e.enrolNominee+":withdraw", e.employee(t, e.nominee, "DISKOMINFO"), map[string]any{"reason": "Bertugas ke luar kota"}).want(t, 200)
	if st, _ := e.enrolment(t, e.enrolWaits); st != "ENROLMENT_STATE_ENROLLED" {
		t.Fatalf("after the withdrawal the waitlist's head is %s; want enrolled", st)
	}
	s = e.s.do(t, "GET", "/v1/"+e.session, e.cityHR, nil).want(t, 200)
	if s.body["seated"] != float64(2) || s.body["waitlisted"] != nil && s.body["waitlisted"] != float64(0) {
		t.Fatalf("after the withdrawal: %s; want 2 seated, none waiting", s.raw)
	}
}

// shortfall returns Diskominfo's JP list of this year, only those short of 20, raw.
func (e *trainingE2E) shortfall(t *testing.T) reply {
	q := url.Values{"agency": {"DISKOMINFO"}, "onlyShort": {"true"}, "year": {fmt.Sprint(time.Now().In(e.wib).Year())}}
	return e.s.do(t, "GET", "/v1/employeeJp?"+q.Encode(), e.cityHR, nil).want(t, 200)
}

// totals returns the short count and the shortfall of a JP list reply.
func totals(r reply) (short, shortfall string) {
	m, _ := r.body["totals"].(map[string]any)
	return fmt.Sprint(m["short"]), fmt.Sprint(m["shortfall"])
}

// deliver moves the session to begin in a moment and end shortly after, records the day
// (the asker present, the promoted one absent), the outcomes, and closes it.
func (e *trainingE2E) deliver(t *testing.T) {
	ledger := e.s.do(t, "GET", "/v1/jpLedger?employee="+e.asker, e.cityHR, nil).want(t, 200)
	if tot, _ := ledger.body["totals"].(map[string]any); tot["projected"] != float64(20) || tot["earned"] != nil {
		t.Fatalf("the asker's ledger before: %s; want 20 JP projected, none earned", ledger.raw)
	}
	beforeShort, beforeShortfall := totals(e.shortfall(t))

	start := time.Now().Add(2 * time.Second).UTC()
	// The service schedules only ahead and records outcomes only once a session began: the
	// session, filled, is moved to begin in two seconds and end three seconds later.
	moved := e.s.do(t, "PATCH", "/v1/"+e.session+"?updateMask=startTime,endTime", e.cityHR, map[string]any{
		"startTime": start.Format(time.RFC3339Nano), "endTime": start.Add(3 * time.Second).Format(time.RFC3339Nano)}).want(t, 200)
	if got, err := time.Parse(time.RFC3339Nano, fmt.Sprint(moved.body["startTime"])); err != nil || !got.Equal(start) || moved.body["seated"] != float64(2) {
		t.Fatalf("the moved session: %s; want it to begin at %s with its 2 seats", moved.raw, start.Format(time.RFC3339Nano))
	}
	// Outcomes wait for the start.
	early := e.s.do(t, "POST", "/v1/"+e.enrolAsker+":complete", e.cityHR, map[string]any{"outcome": "ENROLMENT_STATE_PASSED", "score": 88})
	if early.status != http.StatusBadRequest || early.body["code"] != float64(codes.FailedPrecondition) || !strings.Contains(fmt.Sprint(early.body["message"]), "has not started") {
		t.Errorf("an outcome before the start: %d %s; want 400 failed precondition, not started", early.status, early.raw)
	}
	time.Sleep(time.Until(start.Add(100 * time.Millisecond)))
	day := start.In(e.wib).Format(time.DateOnly)
	rec := e.s.do(t, "POST", "/v1/"+e.session+"/days", e.cityHR, map[string]any{"date": day, "present": []string{e.enrolAsker}}).want(t, 200)
	if !strings.Contains(string(rec.raw), e.enrolWaits) {
		t.Errorf("the day %s: want %s recorded absent", rec.raw, e.enrolWaits)
	}
	// The absent one cannot pass (the attendance rule); did not finish is recorded.
	absent := e.s.do(t, "POST", "/v1/"+e.enrolWaits+":complete", e.cityHR, map[string]any{"outcome": "ENROLMENT_STATE_PASSED", "score": 70})
	if absent.status != http.StatusBadRequest || absent.body["code"] != float64(codes.FailedPrecondition) {
		t.Errorf("passing someone absent on every recorded day: %d %s; want 400 failed precondition (the attendance rule)", absent.status, absent.raw)
	}
	e.s.do(t, "POST", "/v1/"+e.enrolWaits+":complete", e.cityHR, map[string]any{"outcome": "ENROLMENT_STATE_DID_NOT_FINISH"}).want(t, 200)
	done := e.s.do(t, "POST", "/v1/"+e.enrolAsker+":complete", e.cityHR, map[string]any{"outcome": "ENROLMENT_STATE_PASSED", "score": 88}).want(t, 200)
	cert, _ := done.body["certificate"].(map[string]any)
	number, _ := cert["number"].(string)
	if !strings.HasPrefix(number, "STTPP/") || cert["employee"] != e.asker || cert["jp"] != float64(20) {
		t.Fatalf("completion: %s; want a certificate of 20 JP for %s", done.raw, e.asker)
	}
	closed := e.s.do(t, "POST", "/v1/"+e.session+":complete", e.cityHR, map[string]any{}).want(t, 200)
	if closed.body["state"] != "SESSION_STATE_COMPLETED" {
		t.Errorf("closing: %s; want completed", closed.raw)
	}

	ledger = e.s.do(t, "GET", "/v1/jpLedger", e.employee(t, e.asker, "DISKOMINFO"), nil).want(t, 200)
	if tot, _ := ledger.body["totals"].(map[string]any); tot["earned"] != float64(20) || tot["short"] != nil {
		t.Errorf("the asker's own ledger after: %s; want 20 JP earned, none short", ledger.raw)
	}
	after := e.shortfall(t)
	afterShort, afterShortfall := totals(after)
	if strings.Contains(string(after.raw), e.asker) || afterShort == beforeShort || beforeShortfall == afterShortfall {
		t.Errorf("the shortfall list: short %s → %s, shortfall %s → %s, %s; want the asker gone and 20 JP less short", beforeShort, afterShort, beforeShortfall, afterShortfall, after.raw)
	}

	// Anyone checks the certificate without a token; a made-up number is not valid.
	v := e.s.do(t, "GET", "/v1/certificates:verify?number="+url.QueryEscape(number), "", nil).want(t, 200)
	vc, _ := v.body["certificate"].(map[string]any)
	if v.body["valid"] != true || vc["employee"] != e.asker || vc["programmeTitle"] != "Jaringan Komputer Dasar" || vc["jp"] != float64(20) {
		t.Errorf("verifying %s without a token: %s; want valid, the asker's 20 JP", number, v.raw)
	}
	keys := e.s.do(t, "GET", "/v1/certificateKeys", "", nil).want(t, 200)
	if !strings.Contains(string(keys.raw), vc["keyId"].(string)) {
		t.Errorf("the public keys %s lack the certificate's key %v", keys.raw, vc["keyId"])
	}
	fake := e.s.do(t, "GET", "/v1/certificates:verify?number="+url.QueryEscape("STTPP/2026/999999"), "", nil).want(t, 200)
	if fake.body["valid"] == true {
		t.Errorf("a made-up number verifies: %s", fake.raw)
	}
	e.s.do(t, "GET", "/v1/certificates:verify?number=NOT-A-NUMBER", "", nil).want(t, http.StatusBadRequest)

	// Session end: wait for it before feedback.
	time.Sleep(time.Until(start.Add(3*time.Second + 100*time.Millisecond)))
}

// feedback: the attendee rates the session once; the seat holder who was absent is refused.
func (e *trainingE2E) feedback(t *testing.T) {
	rating := map[string]any{"trainer": 5, "material": 4, "usefulness": 5, "comment": "Praktik konfigurasi router sangat membantu."}
	r := e.s.do(t, "POST", "/v1/"+e.session+"/feedback", e.employee(t, e.asker, "DISKOMINFO"), rating).want(t, 200)
	if r.body["responses"] != float64(1) {
		t.Errorf("the attendee's feedback: %s; want 1 response counted", r.raw)
	}
	e.s.do(t, "POST", "/v1/"+e.session+"/feedback", e.employee(t, e.asker, "DISKOMINFO"), rating).want(t, http.StatusConflict)
	for _, who := range []string{e.waiting, e.nominee} {
		r := e.s.do(t, "POST", "/v1/"+e.session+"/feedback", e.employee(t, who, "DISKOMINFO"), rating)
		if r.status != http.StatusForbidden || !strings.Contains(fmt.Sprint(r.body["message"]), "only the attendees") {
			t.Errorf("feedback from %s, who did not attend: %d %s; want 403, only the attendees may rate", who, r.status, r.raw)
		}
	}
	sum := e.s.do(t, "GET", "/v1/"+e.session+"/feedback", e.cityHR, nil).want(t, 200)
	if sum.body["responses"] != float64(1) || sum.body["shown"] == true {
		t.Errorf("the summary: %s; want 1 response, figures hidden below 3", sum.raw)
	}
}

// internship runs a cohort under an agreement with a university: the CPNS and a student are
// placed with the head as mentor, the CPNS writes a logbook entry the mentor approves, and the
// final assessment on the cohort's last day (today) credits the programme's 40 JP.
func (e *trainingE2E) internship(t *testing.T) {
	today := time.Now().In(e.wib)
	d := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
	e.s.do(t, "POST", "/v1/partners?partnerId=usu", e.cityHR, map[string]any{"displayName": "Universitas Sumatera Utara", "kind": "PARTNER_KIND_UNIVERSITY",
		"contact": map[string]any{"name": "Kantor Kerja Sama", "email": "kerjasama@usu.example.org"}}).want(t, 200)
	ag := e.s.do(t, "POST", "/v1/partners/usu/agreements", e.cityHR, map[string]any{"number": "PKS/UJI/001", "title": "Magang TIK",
		"startDate": d(-60), "endDate": d(60)}).want(t, 200)
	if ag.body["state"] != "AGREEMENT_STATE_EXPIRING" {
		t.Errorf("an agreement ending in 60 days: %s; want expiring (90-day warning)", ag.raw)
	}
	e.s.do(t, "POST", "/v1/programmes?programmeId=magang-tik", e.cityHR, map[string]any{"title": "Magang TIK", "competencyType": "COMPETENCY_TYPE_TECHNICAL",
		"form": "PROGRAMME_FORM_INTERNSHIP", "jp": 40, "provider": "Universitas Sumatera Utara", "providerKind": "PROVIDER_KIND_UNIVERSITY_PARTNER", "partner": "partners/usu"}).want(t, 200)
	co := e.s.do(t, "POST", "/v1/cohorts", e.cityHR, map[string]any{"displayName": "Magang TIK Uji", "agreement": ag.body["name"], "programme": "programmes/magang-tik",
		"startDate": d(-14), "endDate": d(0), "quotas": []map[string]any{{"agency": "DISKOMINFO", "seats": 2}}}).want(t, 200)
	cohort, _ := co.body["name"].(string)

	pl := e.s.do(t, "POST", "/v1/placements", e.cityHR, map[string]any{"cohort": cohort, "employee": e.cpns, "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "mentor": e.head}).want(t, 200)
	placement, _ := pl.body["name"].(string)
	e.s.do(t, "POST", "/v1/placements", e.cityHR, map[string]any{"cohort": cohort, "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "mentor": e.head,
		"student": map[string]any{"fullName": "Rizky Lubis", "studentNumber": "211402045", "studyProgramme": "Teknologi Informasi"}}).want(t, 200)
	full := e.s.do(t, "POST", "/v1/placements", e.cityHR, map[string]any{"cohort": cohort, "employee": e.waiting, "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "mentor": e.head})
	if full.status != http.StatusBadRequest || !strings.Contains(string(full.raw), `"reason":"QUOTA_FULL"`) {
		t.Errorf("a third placement into two seats: %d %s; want 400 QUOTA_FULL", full.status, full.raw)
	}
	bad := e.s.do(t, "POST", "/v1/placements", e.cityHR, map[string]any{"cohort": cohort, "employee": e.waiting, "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "mentor": e.outsider})
	if bad.status != http.StatusBadRequest || !bad.fieldViolation("placement.mentor") {
		t.Errorf("a mentor of another agency: %d %s; want 400 naming placement.mentor", bad.status, bad.raw)
	}

	entry := e.s.do(t, "POST", "/v1/"+placement+"/logbookEntries", e.employee(t, e.cpns, "DISKOMINFO"), map[string]any{
		"date": d(-1), "activities": "Memetakan perangkat jaringan bersama mentor.", "hours": 7, "outcome": "Diagram jaringan diperbarui."}).want(t, 200)
	e.s.do(t, "POST", "/v1/"+placement+"/logbookEntries", e.employee(t, e.cpns, "DISKOMINFO"), map[string]any{
		"date": d(1), "activities": "Besok.", "hours": 7}).want(t, http.StatusBadRequest)
	rev := e.s.do(t, "POST", "/v1/"+fmt.Sprint(entry.body["name"])+":review", e.employee(t, e.head, "DISKOMINFO"), map[string]any{"approved": true, "comment": "Baik."}).want(t, 200)
	if rev.body["approved"] != true {
		t.Errorf("the mentor's review: %s; want approved", rev.raw)
	}
	done := e.s.do(t, "POST", "/v1/"+placement+":assess", e.employee(t, e.head, "DISKOMINFO"), map[string]any{"score": 90, "passed": true, "notes": "Tuntas."}).want(t, 200)
	if done.body["state"] != "PLACEMENT_STATE_COMPLETED" || done.body["jp"] != float64(40) {
		t.Errorf("the final assessment: %s; want completed with 40 JP", done.raw)
	}
	ledger := e.s.do(t, "GET", "/v1/jpLedger", e.employee(t, e.cpns, "DISKOMINFO"), nil).want(t, 200)
	if tot, _ := ledger.body["totals"].(map[string]any); tot["earned"] != float64(40) || !strings.Contains(string(ledger.raw), `"source":"internship"`) {
		t.Errorf("the CPNS's ledger: %s; want 40 JP earned from the internship", ledger.raw)
	}
	rep := e.s.do(t, "GET", "/v1/"+cohort+"/report", e.cityHR, nil).want(t, 200)
	if rows, _ := rep.body["rows"].([]any); len(rows) != 1 || rows[0].(map[string]any)["completed"] != float64(1) || rows[0].(map[string]any)["placed"] != float64(2) {
		t.Errorf("the cohort report: %s; want Diskominfo with 2 placed, 1 completed", rep.raw)
	}
}

// events reads the training stream (one filter, "simpeg.training.>": the external NATS server of
// the PostgreSQL suite takes a single filter subject): the nomination and the approved request
// (enrolment.approved), the waitlist's head moving up (enrolment.promoted), the certificate and
// the JP credits of the session and of the internship.
func (e *trainingE2E) events(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cons, err := e.s.js.OrderedConsumer(ctx, e.s.Runtime("training").StreamName(),
		jetstream.OrderedConsumerConfig{FilterSubjects: []string{e.s.prefix + "simpeg.training.>"}})
	if err != nil {
		t.Fatal(err)
	}
	approved, promoted, certified := map[string]bool{}, "", false
	credited := map[string]bool{}
	year := int32(time.Now().In(e.wib).Year())
	for !(approved[e.nominee] && approved[e.asker] && promoted == e.waiting && certified && credited["session:"+e.asker] && credited["internship:"+e.cpns]) {
		msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err != nil {
			t.Fatalf("waiting for the events (approved %v, promoted %q, certificate %v, credited %v): %v", approved, promoted, certified, credited, err)
		}
		switch strings.TrimPrefix(msg.Subject(), e.s.prefix) {
		case "simpeg.training.enrolment.approved":
			var ev trainingv1.EnrolmentApproved
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			approved[ev.GetEnrolment().GetEmployee()] = ev.GetEnrolment().GetSession() == e.session
		case "simpeg.training.enrolment.promoted":
			var ev trainingv1.EnrolmentPromoted
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			promoted = ev.GetEnrolment().GetEmployee()
		case "simpeg.training.certificate.issued":
			var ev trainingv1.CertificateIssued
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			certified = certified || (ev.GetCertificate().GetEmployee() == e.asker && ev.GetCertificate().GetJp() == 20)
		case "simpeg.training.jp.credited":
			var ev trainingv1.JPCredited
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			credited[ev.GetSource()+":"+ev.GetEmployee()] = ev.GetJp() > 0 && ev.GetYear() == year
		}
	}
}
