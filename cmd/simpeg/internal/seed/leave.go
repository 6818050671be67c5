package seed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	"github.com/simpeg-id/simpeg/platform/auth"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// leaveAgency is the agency whose staff the demo's leave requests are of: the portal's demo
// agency.
const leaveAgency = "DISKOMINFO"

// demoMarker ends the reason of every demo leave request: it tells a reader the request is demo
// data, and the seed finds its requests again by their reasons.
const demoMarker = " (data demo)"

// The states a demo leave request is left in.
const (
	leaveSubmitted = "LEAVE_STATE_SUBMITTED"
	leaveApproved  = "LEAVE_STATE_APPROVED"
	leaveRejected  = "LEAVE_STATE_REJECTED"
)

// leaveSpec is one of the demo's leave requests. Its first day is today (fromToday) or from
// days after the Monday following today; its last day is to days after that Monday.
type leaveSpec struct {
	kind       string
	fromToday  bool
	from, to   int
	reason     string
	attachment string // the document kind the type needs, if any
	state      string // the state it is left in
	rejection  string // the supervisor's reason, for leaveRejected
}

// leaveSpecs are the demo's leave requests, each of another employee of the demo team: annual
// leave from today to the Wednesday of next week, approved (the team's "on leave today"); annual
// leave on Monday and Tuesday of next week and important-reason leave on Wednesday and Thursday,
// both awaiting the supervisor (the approvals inbox); annual leave on Thursday and Friday of next
// week, rejected; and annual leave in the week after, approved.
var leaveSpecs = []leaveSpec{
	{kind: "LEAVE_TYPE_ANNUAL", fromToday: true, to: 2, state: leaveApproved,
		reason: "Menemani orang tua berobat ke Penang" + demoMarker},
	{kind: "LEAVE_TYPE_ANNUAL", from: 0, to: 1, state: leaveSubmitted,
		reason: "Menghadiri pernikahan adik di Pematangsiantar" + demoMarker},
	{kind: "LEAVE_TYPE_IMPORTANT_REASONS", from: 2, to: 3, state: leaveSubmitted, attachment: "supporting_document",
		reason: "Mendampingi orang tua yang dirawat di rumah sakit" + demoMarker},
	{kind: "LEAVE_TYPE_ANNUAL", from: 3, to: 4, state: leaveRejected,
		reason:    "Urusan keluarga di kampung halaman" + demoMarker,
		rejection: "Bertepatan dengan layanan yang tidak dapat ditinggalkan; silakan ajukan tanggal lain."},
	{kind: "LEAVE_TYPE_ANNUAL", from: 7, to: 9, state: leaveApproved,
		reason: "Liburan keluarga ke Danau Toba" + demoMarker},
}

// dates returns the spec's first and last day for today (a date at midnight). Annual leave
// stays within the year it starts in (the rules refuse it otherwise), so its last day is
// 31 December at the latest.
func (s leaveSpec) dates(today time.Time) (start, end time.Time) {
	monday := today.AddDate(0, 0, 1)
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, 1)
	}
	start, end = monday.AddDate(0, 0, s.from), monday.AddDate(0, 0, s.to)
	if s.fromToday {
		start = today
	}
	if s.kind == "LEAVE_TYPE_ANNUAL" && end.Year() != start.Year() {
		end = time.Date(start.Year(), time.December, 31, 0, 0, 0, 0, start.Location())
	}
	return start, end
}

// body is the request's JSON for employee nip.
func (s leaveSpec) body(today time.Time) []byte {
	start, end := s.dates(today)
	m := map[string]any{"type": s.kind, "startDate": date(start), "endDate": date(end), "reason": s.reason}
	if s.attachment != "" {
		m["attachments"] = []map[string]string{{"kind": s.attachment, "reference": "DOK-DEMO-" + strings.ReplaceAll(date(start), "-", "")}}
	}
	return jsonBody(m)
}

// demoTeam returns the supervisor of agency that the portal's local sign-in suggests (see
// gateway/auth_local.go, pickPeople: of the agency's staff in NIP order, the first with the
// most direct reports who supervise nobody) and those reports in NIP order. The sign-in offers
// the first two reports as its demo employees.
func demoTeam(d *Dataset, agency string) (string, []string) {
	var staff []*planningv1.Employee
	for _, e := range d.Employees {
		if e.GetAgency() == agency {
			staff = append(staff, e)
		}
	}
	slices.SortFunc(staff, func(x, y *planningv1.Employee) int { return strings.Compare(x.GetNip(), y.GetNip()) })
	present := map[string]bool{}
	for _, e := range staff {
		present[e.GetNip()] = true
	}
	reports := map[string][]string{}
	for _, e := range staff {
		if sup := e.GetSupervisor(); present[sup] {
			reports[sup] = append(reports[sup], e.GetNip())
		}
	}
	leaves := func(nip string) []string {
		var out []string
		for _, r := range reports[nip] {
			if len(reports[r]) == 0 {
				out = append(out, r)
			}
		}
		return out
	}
	sup, best := "", 0
	for _, e := range staff {
		if n := len(leaves(e.GetNip())); n > best {
			sup, best = e.GetNip(), n
		}
	}
	return sup, leaves(sup)
}

// leaveCandidates returns who the demo's leave requests may be of, in the order they are tried:
// the demo team but for the two employees the sign-in offers (whose screens the portal's own
// tests drive), then the agency's other staff in NIP order, never the supervisor or the head.
func leaveCandidates(d *Dataset) []*planningv1.Employee {
	sup, team := demoTeam(d, leaveAgency)
	byNIP := map[string]*planningv1.Employee{}
	var staff []*planningv1.Employee
	for _, e := range d.Employees {
		if e.GetAgency() == leaveAgency {
			byNIP[e.GetNip()] = e
			staff = append(staff, e)
		}
	}
	if len(staff) == 0 {
		return nil
	}
	skip := map[string]bool{sup: true, staff[0].GetNip(): true} // the head comes first
	for _, nip := range team[:min(2, len(team))] {
		skip[nip] = true
	}
	var out []*planningv1.Employee
	for _, nip := range team {
		if !skip[nip] {
			out = append(out, byNIP[nip])
			skip[nip] = true
		}
	}
	slices.SortFunc(staff, func(x, y *planningv1.Employee) int { return strings.Compare(x.GetNip(), y.GetNip()) })
	for _, e := range staff {
		if !skip[e.GetNip()] && e.GetSupervisor() != "" {
			out = append(out, e)
		}
	}
	return out
}

// storedLeave is the part of a stored leave request the seed reads.
type storedLeave struct {
	Name     string `json:"name"`
	Employee string `json:"employee"`
	Reason   string `json:"reason"`
	State    string `json:"state"`
}

// loadLeave creates the demo's leave requests (leaveSpecs) and takes them to their states: each
// is submitted by its employee after a validate-only preview (a candidate the rules refuse, say
// one not yet a year in service, is passed over for the next) and approved or rejected by the
// employee's direct supervisor. A request found with the spec's reason is not made again, only
// taken on to its state if it is still submitted.
func (a *attendanceLoader) loadLeave(ctx context.Context) error {
	cands := leaveCandidates(a.d)
	if len(cands) == 0 {
		a.st.Skipped = append(a.st.Skipped, "leave requests: no "+leaveAgency+" staff in the data set")
		return nil
	}
	a.prog.begin("leave", len(leaveSpecs))
	defer a.prog.end()
	agencyOf := map[string]string{}
	for _, e := range a.d.Employees {
		agencyOf[e.GetNip()] = e.GetAgency()
	}
	supOf := map[string]string{}
	inAgency := map[string]bool{}
	for _, e := range cands {
		supOf[e.GetNip()] = e.GetSupervisor()
		inAgency[e.GetNip()] = true
	}
	found, err := a.demoLeave(ctx, inAgency)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for _, r := range found {
		used[r.Employee] = true
	}
	today := time.Date(a.now.Year(), a.now.Month(), a.now.Day(), 0, 0, 0, 0, wib)
	next := 0
	for _, spec := range leaveSpecs {
		r, ok := found[spec.reason]
		if ok {
			a.st.LeavePresent++
		} else {
			if r, next, err = a.submitLeave(ctx, spec, today, cands, next, used); err != nil {
				return err
			}
			used[r.Employee] = true
			a.st.LeaveCreated++
		}
		if r.State == leaveSubmitted && spec.state != leaveSubmitted {
			if err := a.decideLeave(ctx, spec, r, supOf[r.Employee], agencyOf[supOf[r.Employee]]); err != nil {
				return err
			}
		}
		a.prog.add(1)
	}
	return nil
}

// demoLeave returns the demo's leave requests stored already, by reason: the requests of the
// agency's staff whose reason is a spec's.
func (a *attendanceLoader) demoLeave(ctx context.Context, staff map[string]bool) (map[string]storedLeave, error) {
	reasons := map[string]bool{}
	for _, s := range leaveSpecs {
		reasons[s.reason] = true
	}
	out := map[string]storedLeave{}
	for token := ""; ; {
		var page struct {
			LeaveRequests []storedLeave `json:"leaveRequests"`
			NextPageToken string        `json:"nextPageToken"`
		}
		q := url.Values{"pageSize": {"1000"}}
		if token != "" {
			q.Set("pageToken", token)
		}
		if err := a.getJSON(ctx, "list the leave requests", "/v1/leaveRequests?"+q.Encode(), &page); err != nil {
			return nil, err
		}
		for _, r := range page.LeaveRequests {
			r.Employee = strings.TrimPrefix(r.Employee, "employees/")
			if reasons[r.Reason] && staff[r.Employee] {
				out[r.Reason] = r
			}
		}
		if token = page.NextPageToken; token == "" {
			return out, nil
		}
	}
}

// submitLeave submits spec for the first candidate from cands[next:] not used yet whom the
// rules let take it, as that employee, and returns the stored request and where to go on from.
func (a *attendanceLoader) submitLeave(ctx context.Context, spec leaveSpec, today time.Time, cands []*planningv1.Employee, next int, used map[string]bool) (storedLeave, int, error) {
	body := spec.body(today)
	var refusals []string
	for ; next < len(cands); next++ {
		e := cands[next]
		if used[e.GetNip()] {
			continue
		}
		tok, err := load.EmployeeToken(a.signer, e.GetNip(), e.GetAgency(), time.Hour)
		if err != nil {
			return storedLeave{}, next, fmt.Errorf("seed: %w", err)
		}
		what := "preview the leave request of " + e.GetNip()
		err = untilKnown(ctx, func() (bool, bool, error) {
			_, _, err := a.send(ctx, request{method: http.MethodPost, what: what, path: "/v1/leaveRequests?validateOnly=true", body: body, bearer: tok})
			status, _ := answerOf(err)
			return err == nil, status == http.StatusNotFound, err
		})
		if status, _ := answerOf(err); status == http.StatusBadRequest {
			refusals = append(refusals, err.Error())
			continue
		}
		if err != nil {
			return storedLeave{}, next, err
		}
		const path = "/v1/leaveRequests"
		var out struct {
			LeaveRequest storedLeave `json:"leaveRequest"`
		}
		err = a.callJSON(ctx, request{method: http.MethodPost, what: "submit the leave request of " + e.GetNip(), path: path,
			body: body, key: idempotencyKey(path, []byte(e.GetNip()), body), bearer: tok}, &out)
		if err != nil {
			return storedLeave{}, next, err
		}
		out.LeaveRequest.Employee = e.GetNip()
		return out.LeaveRequest, next + 1, nil
	}
	return storedLeave{}, next, fmt.Errorf("seed: no %s employee may take the demo's leave %q: %s", leaveAgency, spec.reason,
		strings.Join(refusals[max(0, len(refusals)-3):], "; "))
}

// decideLeave approves or rejects r as spec says, as the employee's direct supervisor sup of
// agency supAgency.
func (a *attendanceLoader) decideLeave(ctx context.Context, spec leaveSpec, r storedLeave, sup, supAgency string) error {
	if sup == "" {
		return errors.New("seed: the demo's leave request " + r.Name + " has no supervisor to decide it")
	}
	tok, err := a.signer.Issue(auth.Principal{Subject: sup, Roles: []auth.Role{auth.RoleSupervisor}, Agency: supAgency}, time.Hour)
	if err != nil {
		return fmt.Errorf("seed: minting the token of supervisor %s: %w", sup, err)
	}
	verb, body := "approve", jsonBody(map[string]string{})
	if spec.state == leaveRejected {
		verb, body = "reject", jsonBody(map[string]string{"reason": spec.rejection})
	}
	_, _, err = a.send(ctx, request{method: http.MethodPost, what: verb + " " + r.Name + " as " + sup,
		path: "/v1/" + r.Name + ":" + verb, body: body, bearer: tok})
	return err
}
