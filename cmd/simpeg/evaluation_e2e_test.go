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
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// evaluationE2E is the newcomer's evaluation story's cast: Diskominfo's head (an agency head:
// no supervisor, appraised by city HR), the head of its APTIKA unit (kabid, the staff's
// appraiser, appraised by the head), two staff — newcomer (the story's employee) and colleague
// (who objects) — and an employee of Dinkes with Dinkes's HR.
type evaluationE2E struct {
	s                                 *suite
	cityHR                            string
	head, kabid, newcomer, colleague  string
	outsider                          string
	year                              int
	period                            string // the quarter rated: ended on any date the test runs
	headSkp, kabidSkp, newSkp, colSkp string
	feedback                          string
	annualNewcomer, annualColleague   string
	finalisedKurang                   string // the SKP whose annual Kurang training keeps as a gap
	wib                               *time.Location
}

// TestEvaluationEndToEnd is issue 11's "Done when" through the gateway over HTTP, on both suites
// (SQLite with the embedded NATS; PostgreSQL with the external NATS): city HR opens the year;
// the agency head's SKP (results from the agency's plan) is approved by city HR; the kabid's is
// cascaded from the head's and approved by the head; the newcomer drafts an SKP cascaded from
// the kabid's, proposes it, has it returned with a comment, changes it, proposes again and has
// it approved; records evidence; receives feedback, sees it at once and replies; gets a
// quarterly rating by the matrix; city HR sets Diskominfo's organisation predicate (Baik); two
// annual predicates by the matrix; a finalisation breaking the bound (at most 70 % Sangat Baik
// or Baik) refused with 400 naming it; the newcomer acknowledges, the colleague objects and the
// head (the appraiser's supervisor) decides, kept in the history; nobody sees a colleague's
// SKP, nor another agency's HR; bad input gets 400 naming the field and writes nothing; the
// events skp.approved, annual_rating.finalised and objection.decided arrive on the stream;
// training's competency profile shows the finalised Kurang as a performance gap.
//
// The clock: the suite runs on real time. Period ratings need an ended period and annual
// finalisation opens on 1 December of the SKP's year (the rating area's rule), so in December
// the story runs on the current year and rates q3; in any other month it runs on the previous
// year, whose periods have all ended and whose finalisation is open.
func TestEvaluationEndToEnd(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			began := time.Now()
			e := newEvaluationE2E(t, startSuite(t, engine))
			t.Logf("%s: the suite and the cast ready in %s (year %d)", engine, time.Since(began).Round(time.Millisecond), e.year)
			steps := []struct {
				name string
				run  func(t *testing.T)
			}{
				{"city HR opens the year", e.openYear},
				{"the head's SKP from the agency's plan, approved by city HR; the kabid's cascaded from it", e.topSkps},
				{"the newcomer's SKP cascaded, returned with a comment, changed and approved", e.newcomerSkp},
				{"evidence recorded; feedback seen at once and answered", e.evidenceAndFeedback},
				{"a quarterly rating by the matrix", e.quarterly},
				{"another employee's SKP is never visible to a colleague nor another agency's HR", e.visibility},
				{"bad input is refused naming the field and writes nothing", e.badInput},
				{"annual predicates by the matrix within the agency's bound, a breaking one refused", e.annual},
				{"acknowledged; objected and decided by the appraiser's supervisor, in the history", e.objection},
				{"the events are on the stream", e.events},
				{"training keeps the finalised Kurang as a performance gap", e.trainingGap},
			}
			for _, st := range steps {
				start := time.Now()
				if !t.Run(st.name, st.run) {
					t.Fatalf("%s failed; the steps after it build on it", st.name)
				}
				t.Logf("%s: %q took %s", engine, st.name, time.Since(start).Round(time.Millisecond))
			}
			t.Logf("%s: the evaluation story took %s", engine, time.Since(began).Round(time.Millisecond))
		})
	}
}

// newEvaluationE2E registers the cast in planning and waits until the evaluation service's
// directory copy knows them (the completion report counts the agency's employees).
func newEvaluationE2E(t *testing.T, s *suite) *evaluationE2E {
	t.Helper()
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Now().In(wib)
	year := now.Year()
	if now.Month() != time.December {
		year-- // see TestEvaluationEndToEnd: finalisation opens on 1 December
	}
	e := &evaluationE2E{s: s, cityHR: s.token(t, auth.RoleCityHR, "", "bkpsdm"), wib: wib, year: year, period: "q3",
		head:      headNIP,
		kabid:     nip.Format(time.Date(1978, 5, 9, 0, 0, 0, 0, time.UTC), 2003, time.March, nip.Male, 1),
		newcomer:  staffNIP,
		colleague: nip.Format(time.Date(1991, 8, 17, 0, 0, 0, 0, time.UTC), 2017, time.June, nip.Female, 1),
		outsider:  nip.Format(time.Date(1988, 11, 2, 0, 0, 0, 0, time.UTC), 2012, time.March, nip.Male, 1)}
	for _, a := range []map[string]any{
		{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"},
		{"code": "DINKES", "displayName": "Dinas Kesehatan", "kind": "AGENCY_KIND_DINAS"},
		{"code": "DISKOMINFO-APTIKA", "displayName": "Bidang Aplikasi Informatika", "kind": "AGENCY_KIND_UNIT", "parent": "DISKOMINFO"},
	} {
		s.do(t, "POST", "/v1/agencies", e.cityHR, a).want(t, 200)
	}
	for _, emp := range []map[string]any{
		{"nip": e.head, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"},
		{"nip": e.kabid, "fullName": "Rudi Hartono", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/a", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.head},
		{"nip": e.newcomer, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.kabid},
		{"nip": e.colleague, "fullName": "Sri Wahyuni", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/b", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "supervisor": e.kabid},
		{"nip": e.outsider, "fullName": "Hendra Gunawan", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/d", "agency": "DINKES"},
	} {
		s.do(t, "POST", "/v1/employees", e.cityHR, emp).want(t, 200)
	}
	return e
}

// Tokens of the cast.
func (e *evaluationE2E) sup(t *testing.T, who string) string {
	return e.s.token(t, auth.RoleSupervisor, "DISKOMINFO", who)
}

func (e *evaluationE2E) emp(t *testing.T, who string) string {
	return e.s.token(t, auth.RoleEmployee, "DISKOMINFO", who)
}

// auditHead returns the newest record of evaluation's audit trail, raw.
func (e *evaluationE2E) auditHead(t *testing.T) string {
	return string(e.s.do(t, "GET", "/v1/evaluation/auditRecords?pageSize=1", e.cityHR, nil).want(t, 200).raw)
}

// evalStr returns a reply's top-level field as a string.
func evalStr(r reply, field string) string {
	v, _ := r.body[field].(string)
	return v
}

// openYear: city HR opens the year, quarterly; the periods are q1 to q4; then the story waits
// for the evaluation service's directory copy to know the cast.
func (e *evaluationE2E) openYear(t *testing.T) {
	r := e.s.do(t, "POST", "/v1/periods", e.cityHR, map[string]any{"year": e.year, "cadence": "CADENCE_QUARTERLY"}).want(t, 200)
	periods, _ := r.body["periods"].([]any)
	if evalStr(r, "name") != fmt.Sprintf("periods/%d", e.year) || len(periods) != 4 || r.body["cadence"] != "CADENCE_QUARTERLY" {
		t.Fatalf("the opened year: %s; want periods/%d with q1…q4", r.raw, e.year)
	}
	q3, _ := periods[2].(map[string]any)
	if q3["id"] != "q3" || q3["startDate"] != fmt.Sprintf("%d-07-01", e.year) || q3["endDate"] != fmt.Sprintf("%d-09-30", e.year) {
		t.Errorf("q3 = %v; want 1 July to 30 September", q3)
	}
	e.s.do(t, "POST", "/v1/periods", e.cityHR, map[string]any{"year": e.year}).want(t, http.StatusConflict)
	e.s.do(t, "POST", "/v1/periods", e.emp(t, e.newcomer), map[string]any{"year": e.year + 1}).want(t, http.StatusForbidden)

	deadline := time.Now().Add(15 * time.Second)
	path := fmt.Sprintf("/v1/periods/%d/skpCompletion?agency=DISKOMINFO", e.year)
	for {
		r := e.s.do(t, "GET", path, e.cityHR, nil)
		rows, _ := r.body["agencies"].([]any)
		if r.status == http.StatusOK && len(rows) == 1 && rows[0].(map[string]any)["employees"] == float64(4) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("evaluation's directory copy does not count Diskominfo's 4 employees after 15 s: %d %s", r.status, r.raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// evalIndicator is an indicator with a quantity and a time target, in JSON.
func evalIndicator(text, quantity string) map[string]any {
	return map[string]any{"text": text, "targets": []map[string]any{
		{"aspect": "TARGET_ASPECT_QUANTITY", "value": quantity}, {"aspect": "TARGET_ASPECT_TIME", "value": "12 bulan"}}}
}

// propose proposes SKP name as its holder, with the etag of the reply that last changed it.
func (e *evaluationE2E) propose(t *testing.T, name, holder string, last reply) reply {
	r := e.s.do(t, "POST", "/v1/"+name+":propose", holder, map[string]any{"etag": evalStr(last, "etag")}).want(t, 200)
	if r.body["state"] != "SKP_STATE_PROPOSED" {
		t.Fatalf("proposing %s: %s; want proposed", name, r.raw)
	}
	return r
}

// approve approves SKP name as appraiser, with an expectation of one behaviour.
func (e *evaluationE2E) approve(t *testing.T, name, appraiser string, last reply) reply {
	r := e.s.do(t, "POST", "/v1/"+name+":approve", appraiser, map[string]any{"etag": evalStr(last, "etag"),
		"behaviours": []map[string]any{{"behaviour": "BEHAVIOUR_KOLABORATIF", "expectation": "Aktif berbagi data lintas bidang"}}}).want(t, 200)
	if r.body["state"] != "SKP_STATE_APPROVED" || r.body["revision"] != float64(1) {
		t.Fatalf("approving %s: %s; want approved, revision 1", name, r.raw)
	}
	return r
}

// topSkps: the head's SKP takes its results from the agency's plan and is approved by city HR
// (the kabid may not); the kabid's cascades from the head's results as ListParentResults names
// them and is approved by the head.
func (e *evaluationE2E) topSkps(t *testing.T) {
	head := e.s.do(t, "POST", "/v1/skps", e.sup(t, e.head), map[string]any{"year": e.year, "results": []map[string]any{
		{"text": "Meningkatnya kualitas layanan SPBE Kota Medan", "planReference": "Renstra Diskominfo, sasaran 1", "indicators": []any{evalIndicator("Indeks SPBE", "3,5")}},
	}}).want(t, 200)
	e.headSkp = evalStr(head, "name")
	if head.body["agencyHead"] != true || head.body["appraiser"] != nil || head.body["state"] != "SKP_STATE_DRAFT" {
		t.Fatalf("the head's SKP: %s; want an agency head's draft, no appraiser", head.raw)
	}
	head = e.propose(t, e.headSkp, e.sup(t, e.head), head)
	e.s.do(t, "POST", "/v1/"+e.headSkp+":approve", e.sup(t, e.kabid), map[string]any{"etag": evalStr(head, "etag")}).want(t, http.StatusForbidden)
	e.approve(t, e.headSkp, e.cityHR, head)

	kabid := e.s.do(t, "POST", "/v1/skps", e.sup(t, e.kabid), map[string]any{"year": e.year}).want(t, 200)
	e.kabidSkp = evalStr(kabid, "name")
	if kabid.body["appraiser"] != e.head || kabid.body["agencyHead"] == true {
		t.Fatalf("the kabid's SKP: %s; want the head as appraiser", kabid.raw)
	}
	parents := e.s.do(t, "GET", "/v1/"+e.kabidSkp+"/parentResults", e.sup(t, e.kabid), nil).want(t, 200)
	results, _ := parents.body["results"].([]any)
	if parents.body["appraiserSkp"] != e.headSkp || len(results) != 1 {
		t.Fatalf("the kabid's parent results: %s; want the head's one result", parents.raw)
	}
	if id := results[0].(map[string]any)["id"]; id != "r1" {
		t.Fatalf("the head's result is %v; want r1", id)
	}
	kabid = e.s.do(t, "PATCH", "/v1/"+e.kabidSkp+"?updateMask=results", e.sup(t, e.kabid), map[string]any{"etag": evalStr(kabid, "etag"), "results": []map[string]any{
		{"text": "Terbangunnya aplikasi layanan publik terintegrasi", "parentResult": e.headSkp + "/results/r1", "indicators": []any{evalIndicator("Aplikasi yang terintegrasi", "4 aplikasi")}},
	}}).want(t, 200)
	kabid = e.propose(t, e.kabidSkp, e.sup(t, e.kabid), kabid)
	e.approve(t, e.kabidSkp, e.sup(t, e.head), kabid)
}

// newcomerSkp: the newcomer drafts an SKP cascaded from the kabid's result, proposes it; the
// kabid returns it with a comment the newcomer reads; the newcomer adds a quality target and
// proposes again; the kabid approves. The colleague's SKP is set the same way.
func (e *evaluationE2E) newcomerSkp(t *testing.T) {
	me := e.emp(t, e.newcomer)
	result := map[string]any{"text": "Terselesaikannya modul layanan perizinan daring", "parentResult": e.kabidSkp + "/results/r1",
		"indicators": []any{evalIndicator("Modul yang diselesaikan", "3 modul")}}
	d := e.s.do(t, "POST", "/v1/skps", me, map[string]any{"year": e.year, "results": []any{result},
		"functionalLevel": "FUNCTIONAL_LEVEL_AHLI_MUDA"}).want(t, 200)
	e.newSkp = evalStr(d, "name")
	if d.body["employee"] != e.newcomer || d.body["appraiser"] != e.kabid || d.body["state"] != "SKP_STATE_DRAFT" || !strings.HasPrefix(e.newSkp, fmt.Sprintf("skps/%d-%s-", e.year, e.newcomer)) {
		t.Fatalf("the newcomer's draft: %s; want theirs, appraised by the kabid", d.raw)
	}
	if bs, _ := d.body["behaviours"].([]any); len(bs) != 7 {
		t.Errorf("the draft's behaviours: %v; want the seven BerAKHLAK values", d.body["behaviours"])
	}
	p := e.propose(t, e.newSkp, me, d)
	const comment = "Tambahkan target kualitas pada indikator modul."
	ret := e.s.do(t, "POST", "/v1/"+e.newSkp+":return", e.sup(t, e.kabid), map[string]any{"etag": evalStr(p, "etag"), "comment": comment}).want(t, 200)
	if ret.body["state"] != "SKP_STATE_RETURNED" {
		t.Fatalf("returning: %s; want returned", ret.raw)
	}
	seen := e.s.do(t, "GET", "/v1/"+e.newSkp, me, nil).want(t, 200)
	if seen.body["state"] != "SKP_STATE_RETURNED" || seen.body["returnComment"] != comment {
		t.Fatalf("the newcomer reads %s; want returned with the kabid's comment", seen.raw)
	}
	result["indicators"] = []any{map[string]any{"text": "Modul yang diselesaikan", "targets": []map[string]any{
		{"aspect": "TARGET_ASPECT_QUANTITY", "value": "3 modul"}, {"aspect": "TARGET_ASPECT_QUALITY", "value": "lulus uji penerimaan pengguna"}}}}
	changed := e.s.do(t, "PATCH", "/v1/"+e.newSkp+"?updateMask=results", me, map[string]any{"etag": evalStr(seen, "etag"), "results": []any{result}}).want(t, 200)
	p = e.propose(t, e.newSkp, me, changed)
	e.approve(t, e.newSkp, e.sup(t, e.kabid), p)
	revs := e.s.do(t, "GET", "/v1/"+e.newSkp+"/revisions", me, nil).want(t, 200)
	if list, _ := revs.body["revisions"].([]any); len(list) != 1 || !strings.Contains(string(revs.raw), "lulus uji penerimaan pengguna") {
		t.Errorf("the revisions: %s; want the approved one, with the quality target", revs.raw)
	}

	col := e.emp(t, e.colleague)
	c := e.s.do(t, "POST", "/v1/skps", col, map[string]any{"year": e.year, "results": []any{map[string]any{
		"text": "Terkelolanya pusat data pemerintah kota", "parentResult": e.kabidSkp + "/results/r1", "indicators": []any{evalIndicator("Ketersediaan layanan pusat data", "99 %")}}}}).want(t, 200)
	e.colSkp = evalStr(c, "name")
	e.approve(t, e.colSkp, e.sup(t, e.kabid), e.propose(t, e.colSkp, col, c))
}

// evidenceAndFeedback: the newcomer records q3's realisation with evidence; the kabid gives
// feedback on the result, which the newcomer lists right after and answers.
func (e *evaluationE2E) evidenceAndFeedback(t *testing.T) {
	me := e.emp(t, e.newcomer)
	rz := e.s.do(t, "POST", "/v1/"+e.newSkp+"/realisations", me, map[string]any{"resultId": "r1", "indicatorId": "i1", "period": e.period,
		"value": "2 modul selesai dan diuji", "evidence": []map[string]any{
			{"title": "Berita acara uji", "uri": "dokumen:BA/017/DISKOMINFO"}, {"title": "Repositori", "uri": "https://git.medan.example/perizinan"}}}).want(t, 200)
	if ev, _ := rz.body["evidence"].([]any); len(ev) != 2 || rz.body["period"] != e.period {
		t.Fatalf("the realisation: %s; want q3's with 2 pieces of evidence", rz.raw)
	}
	list := e.s.do(t, "GET", "/v1/"+e.newSkp+"/realisations", e.sup(t, e.kabid), nil).want(t, 200)
	if !strings.Contains(string(list.raw), "dokumen:BA/017/DISKOMINFO") {
		t.Errorf("the kabid's list of realisations %s lacks the evidence", list.raw)
	}

	const text = "Modul perizinan sudah stabil; dokumentasikan API-nya untuk tim lain."
	fb := e.s.do(t, "POST", "/v1/"+e.newSkp+"/feedback", e.sup(t, e.kabid), map[string]any{"resultId": "r1", "text": text}).want(t, 200)
	e.feedback = evalStr(fb, "name")
	if fb.body["kind"] != "FEEDBACK_KIND_FEEDBACK" || fb.body["author"] != e.kabid {
		t.Fatalf("the feedback: %s; want the kabid's", fb.raw)
	}
	thread := e.s.do(t, "GET", "/v1/"+e.newSkp+"/feedback", me, nil).want(t, 200)
	if !strings.Contains(string(thread.raw), text) || !strings.Contains(string(thread.raw), e.feedback) {
		t.Fatalf("the newcomer's thread right after: %s; want the kabid's feedback", thread.raw)
	}
	rep := e.s.do(t, "POST", "/v1/"+e.feedback+":reply", me, map[string]any{"text": "Siap, dokumentasi saya selesaikan minggu ini."}).want(t, 200)
	if rep.body["kind"] != "FEEDBACK_KIND_REPLY" || rep.body["replyTo"] != e.feedback {
		t.Errorf("the reply: %s; want a reply to %s", rep.raw, e.feedback)
	}
	// Only the holder replies.
	e.s.do(t, "POST", "/v1/"+e.feedback+":reply", e.emp(t, e.colleague), map[string]any{"text": "Bukan saya."}).want(t, http.StatusForbidden)
}

// evalRating is a Rating's JSON.
func evalRating(results, behaviour string) map[string]any {
	return map[string]any{"results": results, "resultsReason": "Capaian sesuai bukti dukung.",
		"behaviour": behaviour, "behaviourReason": "Perilaku kerja sesuai BerAKHLAK."}
}

// quarterly: the kabid rates q3 (above, meets): Baik by the matrix, a typed predicate ignored;
// the newcomer sees it.
func (e *evaluationE2E) quarterly(t *testing.T) {
	body := evalRating("EXPECTATION_ABOVE", "EXPECTATION_MEETS")
	body["predicate"] = "PREDICATE_SANGAT_BAIK"
	r := e.s.do(t, "PUT", "/v1/"+e.newSkp+"/ratings/"+e.period, e.sup(t, e.kabid), body).want(t, 200)
	if rt, _ := r.body["rating"].(map[string]any); rt["predicate"] != "PREDICATE_BAIK" || r.body["ratedBy"] != e.kabid {
		t.Fatalf("q3's rating: %s; want Baik (above, meets) by the kabid", r.raw)
	}
	mine := e.s.do(t, "GET", "/v1/"+e.newSkp+"/ratings", e.emp(t, e.newcomer), nil).want(t, 200)
	if !strings.Contains(string(mine.raw), "PREDICATE_BAIK") {
		t.Errorf("the newcomer's ratings: %s; want q3's Baik", mine.raw)
	}
	// Only the appraiser rates.
	e.s.do(t, "PUT", "/v1/"+e.colSkp+"/ratings/"+e.period, e.sup(t, e.head), evalRating("EXPECTATION_MEETS", "EXPECTATION_MEETS")).want(t, http.StatusForbidden)
}

// visibility: a colleague may not read the newcomer's SKP, its feedback or its ratings, and is
// told the same for an SKP that does not exist; Dinkes's HR may not read it; Diskominfo's may.
func (e *evaluationE2E) visibility(t *testing.T) {
	col := e.emp(t, e.colleague)
	dinkesHR := e.s.token(t, auth.RoleAgencyHR, "DINKES", "hr-dinkes")
	made := fmt.Sprintf("skps/%d-%s-1", e.year, e.outsider)
	for _, c := range []struct{ who, token, path string }{
		{"a colleague", col, "/v1/" + e.newSkp},
		{"a colleague", col, "/v1/" + e.newSkp + "/feedback"},
		{"a colleague", col, "/v1/" + e.newSkp + "/ratings"},
		{"a colleague", col, "/v1/" + made},
		{"Dinkes's HR", dinkesHR, "/v1/" + e.newSkp},
		{"an employee of Dinkes", e.s.token(t, auth.RoleEmployee, "DINKES", e.outsider), "/v1/" + e.newSkp},
	} {
		if r := e.s.do(t, "GET", c.path, c.token, nil); r.status != http.StatusForbidden {
			t.Errorf("%s reads %s: %d %s; want 403", c.who, c.path, r.status, r.raw)
		}
	}
	list := e.s.do(t, "GET", "/v1/skps?year="+fmt.Sprint(e.year), col, nil).want(t, 200)
	if strings.Contains(string(list.raw), e.newSkp) || !strings.Contains(string(list.raw), e.colSkp) {
		t.Errorf("the colleague's list: %s; want only their own", list.raw)
	}
	e.s.do(t, "GET", "/v1/"+e.newSkp, e.s.token(t, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo"), nil).want(t, 200)
	e.s.do(t, "GET", "/v1/"+e.newSkp, e.sup(t, e.head), nil).want(t, 200)
}

// badInput sends requests each with one mistake: each is answered 400 naming the field, and
// neither the audit trail (every change writes to it) nor the SKP list moves.
func (e *evaluationE2E) badInput(t *testing.T) {
	before, skps := e.auditHead(t), string(e.s.do(t, "GET", "/v1/skps?pageSize=100", e.cityHR, nil).want(t, 200).raw)
	outsider := e.s.token(t, auth.RoleEmployee, "DINKES", e.outsider)
	me := e.emp(t, e.newcomer)
	tests := []struct {
		name, method, path, token string
		body                      map[string]any
		field                     string
	}{
		{"a year out of range", "POST", "/v1/periods", e.cityHR, map[string]any{"year": 1999}, "period.year"},
		{"a result of two letters", "POST", "/v1/skps", outsider, map[string]any{"year": e.year, "results": []any{map[string]any{
			"text": "ab", "planReference": "Renstra Dinkes", "indicators": []any{evalIndicator("Cakupan imunisasi", "95 %")}}}}, "skp.results[0].text"},
		{"an agency head's result without the plan it comes from", "POST", "/v1/skps", outsider, map[string]any{"year": e.year, "results": []any{map[string]any{
			"text": "Meningkatnya cakupan imunisasi", "indicators": []any{evalIndicator("Cakupan imunisasi", "95 %")}}}}, "skp.results[0].plan_reference"},
		{"two quantity targets", "POST", "/v1/skps", outsider, map[string]any{"year": e.year, "results": []any{map[string]any{
			"text": "Meningkatnya cakupan imunisasi", "planReference": "Renstra Dinkes", "indicators": []any{map[string]any{"text": "Cakupan imunisasi",
				"targets": []map[string]any{{"aspect": "TARGET_ASPECT_QUANTITY", "value": "95 %"}, {"aspect": "TARGET_ASPECT_QUANTITY", "value": "90 %"}}}}}}}, "skp.results[0].indicators[0].targets[1].aspect"},
		{"evidence that is neither a link nor a document", "POST", "/v1/" + e.newSkp + "/realisations", me, map[string]any{"resultId": "r1", "indicatorId": "i1",
			"period": e.period, "value": "3 modul", "evidence": []map[string]any{{"title": "Berkas", "uri": "ftp://berkas"}}}, "realisation.evidence[0].uri"},
		{"a rating with a reason of one letter", "PUT", "/v1/" + e.colSkp + "/ratings/" + e.period, e.sup(t, e.kabid),
			map[string]any{"results": "EXPECTATION_MEETS", "resultsReason": "x", "behaviour": "EXPECTATION_MEETS", "behaviourReason": "Sesuai."}, "rating.results_reason"},
	}
	for _, tt := range tests {
		r := e.s.do(t, tt.method, tt.path, tt.token, tt.body)
		if r.status != http.StatusBadRequest || !r.fieldViolation(tt.field) {
			t.Errorf("%s: %d %s; want 400 naming %s", tt.name, r.status, r.raw, tt.field)
		}
	}
	if after := e.auditHead(t); after != before {
		t.Errorf("the refused requests wrote to the audit trail:\nbefore %.300s\nafter  %.300s", before, after)
	}
	if after := string(e.s.do(t, "GET", "/v1/skps?pageSize=100", e.cityHR, nil).want(t, 200).raw); after != skps {
		t.Errorf("the refused requests changed the SKPs:\nbefore %.300s\nafter  %.300s", skps, after)
	}
}

// annual: with no organisation predicate no annual rating can be finalised; city HR sets
// Diskominfo's (Baik: at most 70 % Sangat Baik or Baik — 2 of its 4 approved SKPs — and at
// least one Butuh Perbaikan or Kurang); the newcomer's (above, meets) is Baik and the
// colleague's (meets, meets) Baik by the matrix; a third Baik (the kabid's) is refused naming
// the bound and the counts; the kabid's (meets, below) is Kurang by the matrix and allowed.
func (e *evaluationE2E) annual(t *testing.T) {
	finalise := func(skp, appraiser, results, behaviour string) reply {
		return e.s.do(t, "POST", "/v1/"+skp+"/annualRating:finalise", appraiser, evalRating(results, behaviour))
	}
	unset := finalise(e.newSkp, e.sup(t, e.kabid), "EXPECTATION_ABOVE", "EXPECTATION_MEETS")
	if unset.status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(unset.body["message"]), "organisation predicate") {
		t.Fatalf("finalising before the organisation predicate is set: %d %s; want 400 naming it", unset.status, unset.raw)
	}
	org := e.s.do(t, "PUT", fmt.Sprintf("/v1/periods/%d/organisationRatings/DISKOMINFO", e.year), e.cityHR,
		map[string]any{"agency": "DISKOMINFO", "year": e.year, "predicate": "ORGANISATION_PREDICATE_BAIK", "note": "Uji ujung ke ujung"}).want(t, 200)
	if org.body["predicate"] != "ORGANISATION_PREDICATE_BAIK" {
		t.Fatalf("the organisation predicate: %s", org.raw)
	}

	n := finalise(e.newSkp, e.sup(t, e.kabid), "EXPECTATION_ABOVE", "EXPECTATION_MEETS").want(t, 200)
	c := finalise(e.colSkp, e.sup(t, e.kabid), "EXPECTATION_MEETS", "EXPECTATION_MEETS").want(t, 200)
	for _, r := range []reply{n, c} {
		if rt, _ := r.body["rating"].(map[string]any); rt["predicate"] != "PREDICATE_BAIK" || r.body["state"] != "ANNUAL_RATING_STATE_FINALISED" || evalStr(r, "objectionDeadline") == "" {
			t.Fatalf("an annual rating: %s; want Baik by the matrix, finalised, with an objection deadline", r.raw)
		}
	}
	e.annualNewcomer, e.annualColleague = evalStr(n, "name"), evalStr(c, "name")

	over := finalise(e.kabidSkp, e.sup(t, e.head), "EXPECTATION_MEETS", "EXPECTATION_MEETS")
	msg := fmt.Sprint(over.body["message"])
	if over.status != http.StatusBadRequest || over.body["code"] != float64(codes.FailedPrecondition) ||
		!strings.Contains(string(over.raw), "DISTRIBUTION_BOUND") || !strings.Contains(msg, "at most 70 % Sangat Baik or Baik") || !strings.Contains(msg, "DISKOMINFO") {
		t.Fatalf("a third Baik of 4: %d %s; want 400 failed precondition naming the bound at most 70 %% Sangat Baik or Baik", over.status, over.raw)
	}
	dist := e.s.do(t, "GET", fmt.Sprintf("/v1/periods/%d/distributions/DISKOMINFO", e.year), e.cityHR, nil).want(t, 200)
	if d, _ := dist.body["distribution"].(map[string]any); d["population"] != float64(4) || d["rated"] != float64(2) {
		t.Errorf("the distribution after the refusal: %s; want 4 in the population, 2 rated", dist.raw)
	}

	k := finalise(e.kabidSkp, e.sup(t, e.head), "EXPECTATION_MEETS", "EXPECTATION_BELOW").want(t, 200)
	if rt, _ := k.body["rating"].(map[string]any); rt["predicate"] != "PREDICATE_KURANG" {
		t.Fatalf("the kabid's annual rating: %s; want Kurang by the matrix (meets, below)", k.raw)
	}
	e.finalisedKurang = e.kabidSkp
	finalise(e.newSkp, e.sup(t, e.kabid), "EXPECTATION_MEETS", "EXPECTATION_MEETS").want(t, http.StatusConflict)
}

// objection: the newcomer acknowledges; the colleague objects; the kabid (the appraiser) may
// not decide; the head (the kabid's supervisor) changes it to Sangat Baik, and the colleague
// reads the whole history.
func (e *evaluationE2E) objection(t *testing.T) {
	ack := e.s.do(t, "POST", "/v1/"+e.annualNewcomer+":acknowledge", e.emp(t, e.newcomer), map[string]any{}).want(t, 200)
	if ack.body["state"] != "ANNUAL_RATING_STATE_ACKNOWLEDGED" {
		t.Fatalf("acknowledging: %s", ack.raw)
	}
	col := e.emp(t, e.colleague)
	obj := e.s.do(t, "POST", "/v1/"+e.annualColleague+":object", col, map[string]any{"reason": "Seluruh target terlampaui dengan bukti lengkap."}).want(t, 200)
	if o, _ := obj.body["objection"].(map[string]any); obj.body["state"] != "ANNUAL_RATING_STATE_OBJECTED" || o["decider"] != e.head {
		t.Fatalf("objecting: %s; want objected, for the head to decide", obj.raw)
	}
	decide := map[string]any{"change": true, "rating": evalRating("EXPECTATION_ABOVE", "EXPECTATION_ABOVE"), "reason": "Bukti dukung menunjukkan capaian di atas ekspektasi."}
	e.s.do(t, "POST", "/v1/"+e.annualColleague+":decide", e.sup(t, e.kabid), decide).want(t, http.StatusForbidden)
	dec := e.s.do(t, "POST", "/v1/"+e.annualColleague+":decide", e.sup(t, e.head), decide).want(t, 200)
	if rt, _ := dec.body["rating"].(map[string]any); dec.body["state"] != "ANNUAL_RATING_STATE_DECIDED" || rt["predicate"] != "PREDICATE_SANGAT_BAIK" {
		t.Fatalf("the decision: %s; want decided, Sangat Baik", dec.raw)
	}
	mine := e.s.do(t, "GET", "/v1/"+e.annualColleague, col, nil).want(t, 200)
	hist, _ := mine.body["history"].([]any)
	var actions []string
	for _, h := range hist {
		actions = append(actions, fmt.Sprint(h.(map[string]any)["action"]))
	}
	if strings.Join(actions, ",") != "finalised,objected,changed" {
		t.Errorf("the colleague's history: %v (%s); want finalised, objected, changed", actions, mine.raw)
	}
}

// events reads the evaluation stream for the newcomer's approval, their finalised rating and
// the colleague's decided objection.
func (e *evaluationE2E) events(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cons, err := e.s.js.OrderedConsumer(ctx, e.s.Runtime("evaluation").StreamName(),
		jetstream.OrderedConsumerConfig{FilterSubjects: []string{e.s.prefix + "simpeg.evaluation.>"}})
	if err != nil {
		t.Fatal(err)
	}
	approved, finalised, decided := false, false, false
	for !(approved && finalised && decided) {
		msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err != nil {
			t.Fatalf("waiting for the events (approved %v, finalised %v, decided %v): %v", approved, finalised, decided, err)
		}
		switch strings.TrimPrefix(msg.Subject(), e.s.prefix) {
		case "simpeg.evaluation.skp.approved":
			var ev evaluationv1.SkpApproved
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			approved = approved || ev.GetSkp().GetName() == e.newSkp
		case "simpeg.evaluation.annual_rating.finalised":
			var ev evaluationv1.AnnualRatingFinalised
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			finalised = finalised || (ev.GetAnnualRating().GetEmployee() == e.newcomer && ev.GetAnnualRating().GetRating().GetPredicate() == evaluationv1.Predicate_PREDICATE_BAIK)
		case "simpeg.evaluation.objection.decided":
			var ev evaluationv1.ObjectionDecided
			if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
				t.Fatal(err)
			}
			decided = decided || (ev.GetAnnualRating().GetEmployee() == e.colleague && ev.GetAnnualRating().GetRating().GetPredicate() == evaluationv1.Predicate_PREDICATE_SANGAT_BAIK)
		}
	}
}

// trainingGap: training's competency profile of the kabid shows the finalised Kurang as a
// performance gap of the year (training consumes annual_rating.finalised).
func (e *evaluationE2E) trainingGap(t *testing.T) {
	deadline := time.Now().Add(15 * time.Second)
	path := "/v1/competencyProfile?employee=" + url.QueryEscape(e.kabid)
	for {
		r := e.s.do(t, "GET", path, e.cityHR, nil)
		gaps, _ := r.body["performanceGaps"].([]any)
		for _, g := range gaps {
			if m, _ := g.(map[string]any); m["year"] == float64(e.year) && strings.Contains(strings.ToLower(fmt.Sprint(m["predicate"])), "kurang") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kabid's competency profile after 15 s: %d %s; want the %d Kurang as a performance gap", r.status, r.raw, e.year)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
