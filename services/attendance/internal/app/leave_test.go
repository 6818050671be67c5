package app_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
	"github.com/simpeg-id/simpeg/services/attendance/internal/grpcapi"
)

// The employees of the leave suite. Years of service count from the NIP's appointment month
// (the directory copy has no appointment dates here).
const (
	lvHead      = "197203152000031002" // head of DISKOMINFO, no supervisor
	lvStaff     = "198609262015051001" // reports to lvHead; appointed 2015
	lvColleague = "199001312019032002" // reports to lvHead; a woman, appointed 2019
	lvSenior    = "198011112008011003" // reports to lvHead; appointed 2008, takes long leave
	lvNewcomer  = "199805102026011002" // reports to lvHead; appointed January 2026
	lvHR        = "198001012005011004" // DISKOMINFO's HR administrator
	lvBusy      = "199203032016031005" // reports to lvHead; asks for 100 days at once
	lvCarry6    = "198504042010011006" // reports to lvHead; used 4 days in 2025
	lvCarry24   = "198705052012012007" // reports to lvHead; used nothing since 2024
	lvRSUDHR    = "197909092004012008" // the hospital's HR administrator
	lvStranger  = "200001012022031009" // not in the directory
)

// lvToday is the suite's today: Monday 4 May 2026, 08:00 in Medan.
var lvToday = time.Date(2026, time.May, 4, 8, 0, 0, 0, domain.WIB.Location())

// lvHoliday is the national holiday inside the staff member's leave week.
var lvHoliday = domain.Holiday{Date: domain.MustDate("2026-06-01"), Name: "Hari Lahir Pancasila", Kind: domain.NationalHoliday}

type lvSuite struct {
	suite
	// ids are the requests the steps share, by a short name.
	ids map[string]string
}

// TestLeave runs leave requests, their workflow and the annual-leave ledger over the real
// store on every engine: SQLite always, PostgreSQL when SIMPEG_TEST_POSTGRES_URL is set. The
// steps build on each other and run in order.
func TestLeave(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newLvSuite(t, engine)
		testenv.RunSteps(t, []testenv.Step{
			{Name: "submit", Run: s.submit},
			{Name: "approve", Run: s.approve},
			{Name: "reject", Run: s.reject},
			{Name: "defer then approve", Run: s.deferThenApprove},
			{Name: "cancel", Run: s.cancel},
			{Name: "long leave", Run: s.longLeave},
			{Name: "list", Run: s.list},
			{Name: "on leave", Run: s.onLeave},
			{Name: "check-in on leave", Run: s.checkInOnLeave},
			{Name: "balances", Run: s.balances},
			{Name: "long leave cancelled", Run: s.longLeaveCancelled},
			{Name: "carry-over", Run: s.carryOver},
			{Name: "concurrent approvals", Run: s.concurrentApprovals},
			{Name: "collective leave policy", Run: s.collectivePolicy},
		})
	})
}

func newLvSuite(t *testing.T, engine testenv.Engine) *lvSuite {
	e := newEnv(t, engine,
		&planningv1.Employee{Nip: lvHead, Agency: "DISKOMINFO"},
		&planningv1.Employee{Nip: lvStaff, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvColleague, Agency: "DISKOMINFO", Supervisor: lvHead, Sex: planningv1.Sex_SEX_FEMALE},
		&planningv1.Employee{Nip: lvSenior, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvNewcomer, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvHR, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvBusy, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvCarry6, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvCarry24, Agency: "DISKOMINFO", Supervisor: lvHead},
		&planningv1.Employee{Nip: lvRSUDHR, Agency: "RSUD"},
	)
	s := &lvSuite{suite: newSuite(e, e.store, lvToday), ids: map[string]string{}}
	if _, err := s.app.CreateOffice(cityHR, kominfoHQ); err != nil {
		t.Fatalf("CreateOffice: %v", err)
	}
	if _, err := s.app.CreateHoliday(cityHR, lvHoliday); err != nil {
		t.Fatalf("CreateHoliday: %v", err)
	}
	return s
}

// ---- helpers ----

func lvReq(employee string, typ attendancev1.LeaveType, start, end string, attachments ...*attendancev1.LeaveAttachment) *attendancev1.LeaveRequest {
	return &attendancev1.LeaveRequest{Employee: employee, Type: typ, StartDate: start, EndDate: end, Attachments: attachments}
}

func lvName(id string) string { return app.LeaveRequestName(id) }

// lvEvent is an event written to the outbox.
type lvEvent struct {
	id, subject, typ string
	payload          []byte
}

// outbox returns the events in the outbox by id.
func (s *lvSuite) outbox(t *testing.T) map[string]lvEvent {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), `SELECT id, subject, event_type, payload FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]lvEvent{}
	for rows.Next() {
		var e lvEvent
		if err := rows.Scan(&e.id, &e.subject, &e.typ, &e.payload); err != nil {
			t.Fatal(err)
		}
		out[e.id] = e
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// since returns the events written after the snapshot before, in id (time) order.
func (s *lvSuite) since(t *testing.T, before map[string]lvEvent) []lvEvent {
	t.Helper()
	var out []lvEvent
	for id, e := range s.outbox(t) {
		if _, old := before[id]; !old {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// wantEvents checks the subjects of the events written since before, in order, and that each
// carries the request named name in the state the subject implies.
func (s *lvSuite) wantEvents(t *testing.T, before map[string]lvEvent, name string, subjects ...string) {
	t.Helper()
	got := s.since(t, before)
	var subs []string
	for _, e := range got {
		subs = append(subs, e.subject)
	}
	if !slices.Equal(subs, subjects) {
		t.Fatalf("events %v, want %v", subs, subjects)
	}
	for _, e := range got {
		var (
			msg interface {
				GetLeaveRequest() *attendancev1.LeaveRequest
			}
			state attendancev1.LeaveState
		)
		switch e.subject {
		case events.SubjectLeaveRequested:
			msg, state = &attendancev1.LeaveRequested{}, attendancev1.LeaveState_LEAVE_STATE_SUBMITTED
		case events.SubjectLeaveApproved:
			msg, state = &attendancev1.LeaveApproved{}, attendancev1.LeaveState_LEAVE_STATE_APPROVED
		case events.SubjectLeaveRejected:
			msg, state = &attendancev1.LeaveRejected{}, attendancev1.LeaveState_LEAVE_STATE_REJECTED
		case events.SubjectLeaveDeferred:
			msg, state = &attendancev1.LeaveDeferred{}, attendancev1.LeaveState_LEAVE_STATE_DEFERRED
		case events.SubjectLeaveCancelled:
			msg, state = &attendancev1.LeaveCancelled{}, attendancev1.LeaveState_LEAVE_STATE_CANCELLED
		default:
			t.Fatalf("unexpected event subject %s", e.subject)
		}
		pm := msg.(proto.Message)
		if err := proto.Unmarshal(e.payload, pm); err != nil {
			t.Fatalf("decoding %s: %v", e.subject, err)
		}
		if want := string(pm.ProtoReflect().Descriptor().FullName()); e.typ != want {
			t.Errorf("event %s has type %s, want %s", e.subject, e.typ, want)
		}
		if r := msg.GetLeaveRequest(); r.GetName() != name || r.GetState() != state {
			t.Errorf("event %s carries %s in state %s, want %s in state %s", e.subject, r.GetName(), r.GetState(), name, state)
		}
	}
}

// get reads a request as city HR.
func (s *lvSuite) get(t *testing.T, id string) *attendancev1.LeaveRequest {
	t.Helper()
	resp, err := s.api.GetLeaveRequest(cityHR, &attendancev1.GetLeaveRequestRequest{Name: lvName(id)})
	if err != nil {
		t.Fatalf("GetLeaveRequest(%s): %v", id, err)
	}
	return resp.GetLeaveRequest()
}

// balance reads an employee's balance as city HR.
func (s *lvSuite) balance(t *testing.T, nip string, year int) *attendancev1.LeaveBalance {
	t.Helper()
	resp, err := s.api.GetLeaveBalance(cityHR, &attendancev1.GetLeaveBalanceRequest{Name: app.LeaveBalanceName(nip, year)})
	if err != nil {
		t.Fatalf("GetLeaveBalance(%s, %d): %v", nip, year, err)
	}
	return resp.GetLeaveBalance()
}

// stored reads the balance row and the sum of the ledger directly.
func (s *lvSuite) stored(t *testing.T, nip string, year int) (available, ledger int) {
	t.Helper()
	available = s.count(t, `SELECT available FROM leave_balances WHERE employee = $1 AND year = $2`, nip, year)
	ledger = s.count(t, `SELECT COALESCE(SUM(CASE WHEN kind IN ('taken', 'collective') THEN -days ELSE days END), 0)
		FROM leave_ledger WHERE employee = $1 AND year = $2`, nip, year)
	return available, ledger
}

func lvKinds(b *attendancev1.LeaveBalance) []string {
	var out []string
	for _, e := range b.GetEntries() {
		out = append(out, fmt.Sprintf("%s %d", e.GetKind(), e.GetDays()))
	}
	return out
}

func (s *lvSuite) create(t *testing.T, who context.Context, r *attendancev1.LeaveRequest) *attendancev1.LeaveRequest {
	t.Helper()
	resp, err := s.api.CreateLeaveRequest(who, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: r})
	if err != nil {
		t.Fatalf("CreateLeaveRequest(%s %s %s..%s): %v", r.GetEmployee(), r.GetType(), r.GetStartDate(), r.GetEndDate(), err)
	}
	return resp.GetLeaveRequest()
}

func lvID(r *attendancev1.LeaveRequest) string { return r.GetName()[len("leaveRequests/"):] }

const (
	lvAnnual    = attendancev1.LeaveType_LEAVE_TYPE_ANNUAL
	lvLong      = attendancev1.LeaveType_LEAVE_TYPE_LONG
	lvSick      = attendancev1.LeaveType_LEAVE_TYPE_SICK
	lvMaternity = attendancev1.LeaveType_LEAVE_TYPE_MATERNITY

	lvSubmitted = attendancev1.LeaveState_LEAVE_STATE_SUBMITTED
	lvAwaiting  = attendancev1.LeaveState_LEAVE_STATE_AWAITING_SECOND_APPROVAL
	lvDeferred  = attendancev1.LeaveState_LEAVE_STATE_DEFERRED
	lvApproved  = attendancev1.LeaveState_LEAVE_STATE_APPROVED
	lvRejected  = attendancev1.LeaveState_LEAVE_STATE_REJECTED
	lvCancelled = attendancev1.LeaveState_LEAVE_STATE_CANCELLED
)

var lvDoctorsNote = &attendancev1.LeaveAttachment{Kind: "doctors_note", Reference: "dok/2026/05/0412"}

// ---- steps ----

// submit checks what a submission accepts and refuses: working days counted around a
// holiday, eligibility, the balance, overlap, documents, and who may submit for whom.
func (s *lvSuite) submit(t *testing.T) {
	tests := []struct {
		key  string // names the request for later steps
		name string
		who  context.Context
		req  *attendancev1.LeaveRequest

		state    attendancev1.LeaveState
		days     int32
		counting string
		second   bool
		events   []string

		kind          errs.Kind
		reason, field string
	}{
		{key: "staff-june", name: "annual leave over a national holiday counts working days",
			who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvAnnual, "2026-06-01", "2026-06-05"),
			state: lvSubmitted, days: 4, counting: "working_days", events: []string{events.SubjectLeaveRequested}},
		{name: "overlapping an active request", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvSick, "2026-06-04", "2026-06-08", lvDoctorsNote),
			kind: errs.Invalid, field: "leave_request.start_date"},
		{name: "more days than the balance", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvAnnual, "2026-07-01", "2026-07-31"),
			kind: errs.Invalid, field: "leave_request.end_date"},
		{name: "not eligible after 0 years of service", who: employee(lvNewcomer, "DISKOMINFO"), req: lvReq("", lvAnnual, "2026-06-08", "2026-06-09"),
			kind: errs.Invalid, field: "leave_request.type"},
		{key: "colleague-sick", name: "one day of sick leave is a notice, approved at once",
			who: employee(lvColleague, "DISKOMINFO"), req: lvReq("", lvSick, "2026-05-04", "2026-05-04", lvDoctorsNote),
			state: lvApproved, days: 1, counting: "working_days", events: []string{events.SubjectLeaveRequested, events.SubjectLeaveApproved}},
		{name: "sick leave without a doctor's note", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvSick, "2026-05-11", "2026-05-13"),
			kind: errs.Invalid, field: "leave_request.attachments"},
		{name: "maternity leave for a man", who: employee(lvStaff, "DISKOMINFO"),
			req:  &attendancev1.LeaveRequest{Type: lvMaternity, StartDate: "2026-08-03", EndDate: "2026-10-31", ChildNumber: 1, Attachments: []*attendancev1.LeaveAttachment{{Kind: "medical_certificate", Reference: "rs/1"}}},
			kind: errs.Invalid, field: "leave_request.type"},
		{name: "annual leave starting in the past", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvAnnual, "2026-04-30", "2026-04-30"),
			kind: errs.Invalid, field: "leave_request.start_date"},
		{name: "ending before it starts", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvAnnual, "2026-06-10", "2026-06-09"),
			kind: errs.Invalid, field: "leave_request.end_date"},
		{name: "no type", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", attendancev1.LeaveType_LEAVE_TYPE_UNSPECIFIED, "2026-06-10", "2026-06-10"),
			kind: errs.Invalid, field: "leave_request.type"},
		{name: "collective leave is not requested", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", attendancev1.LeaveType_LEAVE_TYPE_COLLECTIVE, "2026-06-10", "2026-06-10"),
			kind: errs.Invalid, field: "leave_request.type"},
		{name: "malformed date", who: employee(lvStaff, "DISKOMINFO"), req: lvReq("", lvAnnual, "10-06-2026", "2026-06-10"),
			kind: errs.Invalid, field: "leave_request.start_date"},
		{name: "an employee asks for a colleague", who: employee(lvStaff, "DISKOMINFO"), req: lvReq(lvColleague, lvAnnual, "2026-06-10", "2026-06-10"),
			kind: errs.PermissionDenied},
		{key: "colleague-hr", name: "agency HR submits for an employee of the agency", who: agencyHR(lvHR, "DISKOMINFO"),
			req:   lvReq(lvColleague, lvAnnual, "2026-06-10", "2026-06-11"),
			state: lvSubmitted, days: 2, counting: "working_days", events: []string{events.SubjectLeaveRequested}},
		{name: "HR of another agency", who: agencyHR(lvRSUDHR, "RSUD"), req: lvReq(lvStaff, lvAnnual, "2026-06-15", "2026-06-15"),
			kind: errs.PermissionDenied},
		{name: "employee not in the directory", who: cityHR, req: lvReq(lvStranger, lvAnnual, "2026-06-15", "2026-06-15"),
			kind: errs.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.outbox(t)
			rows := s.count(t, `SELECT COUNT(*) FROM leave_requests`)
			resp, err := s.api.CreateLeaveRequest(tt.who, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: tt.req})
			if tt.kind != 0 {
				if e := testenv.WantKind(t, err, tt.kind, tt.field); tt.reason != "" && e.Reason != tt.reason {
					t.Fatalf("error %v has reason %q, want %q", err, e.Reason, tt.reason)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM leave_requests`); n != rows {
					t.Errorf("a refused request left %d rows", n-rows)
				}
				if got := s.since(t, before); len(got) != 0 {
					t.Errorf("a refused request emitted %d events", len(got))
				}
				return
			}
			if err != nil {
				t.Fatalf("CreateLeaveRequest: %v", err)
			}
			got := resp.GetLeaveRequest()
			if got.GetState() != tt.state || got.GetDays() != tt.days || got.GetCounting() != tt.counting || got.GetNeedsSecondApproval() != tt.second {
				t.Errorf("state %s, %d %s, second approval %v; want %s, %d %s, %v", got.GetState(), got.GetDays(), got.GetCounting(),
					got.GetNeedsSecondApproval(), tt.state, tt.days, tt.counting, tt.second)
			}
			want := tt.req.GetEmployee()
			if want == "" {
				g, _ := auth.GrantFrom(tt.who)
				want = g.Subject
			}
			if got.GetEmployee() != want || got.GetSupervisor() != lvHead || got.GetEtag() != "v1" {
				t.Errorf("employee %s, supervisor %s, etag %s; want %s, %s, v1", got.GetEmployee(), got.GetSupervisor(), got.GetEtag(), want, lvHead)
			}
			if got.GetStartDate() != tt.req.GetStartDate() || got.GetEndDate() != tt.req.GetEndDate() || got.GetType() != tt.req.GetType() {
				t.Errorf("request %v does not carry the asked type and dates", got)
			}
			if !proto.Equal(s.get(t, lvID(got)), got) {
				t.Errorf("stored request\n%v\ndiffers from the answer\n%v", s.get(t, lvID(got)), got)
			}
			s.wantEvents(t, before, got.GetName(), tt.events...)
			if n := len(s.audits(t, got.GetName())); n != 1 {
				t.Errorf("%d audit records, want 1", n)
			}
			if tt.key != "" {
				s.ids[tt.key] = lvID(got)
			}
		})
	}
	// The annual-leave request opened the staff member's 2026 ledger.
	if b := s.balance(t, lvStaff, 2026); b.GetAvailable() != 12 || b.GetGranted() != 12 {
		t.Errorf("staff balance %v, want 12 available", b)
	}
}

// approve has the staff member's June leave approved: first by people who may not, then by
// the direct supervisor, which takes its 4 days from the ledger.
func (s *lvSuite) approve(t *testing.T) {
	id := s.ids["staff-june"]
	denied := []struct {
		name string
		who  context.Context
	}{
		{"a peer supervisor", supervisor(lvColleague, "DISKOMINFO")},
		{"agency HR before the supervisor", agencyHR(lvHR, "DISKOMINFO")},
		{"city HR", cityHR},
		{"the employee", supervisor(lvStaff, "DISKOMINFO")},
	}
	for _, tt := range denied {
		t.Run(tt.name, func(t *testing.T) {
			before := s.outbox(t)
			_, err := s.api.ApproveLeaveRequest(tt.who, &attendancev1.ApproveLeaveRequestRequest{Name: lvName(id)})
			testenv.WantKind(t, err, errs.PermissionDenied, "")
			if r := s.get(t, id); r.GetState() != lvSubmitted || r.GetSpentDays() != 0 {
				t.Errorf("after a denied approval the request is %s with %d days spent", r.GetState(), r.GetSpentDays())
			}
			if got := s.since(t, before); len(got) != 0 {
				t.Errorf("a denied approval emitted %d events", len(got))
			}
		})
	}
	t.Run("the direct supervisor", func(t *testing.T) {
		before := s.outbox(t)
		resp, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: lvName(id)})
		if err != nil {
			t.Fatalf("ApproveLeaveRequest: %v", err)
		}
		r := resp.GetLeaveRequest()
		if r.GetState() != lvApproved || r.GetSpentDays() != 4 || r.GetEtag() != "v2" {
			t.Errorf("approved request %s, %d days spent, etag %s; want approved, 4, v2", r.GetState(), r.GetSpentDays(), r.GetEtag())
		}
		if last := r.GetDecisions()[len(r.GetDecisions())-1]; last.GetAction() != "approved" || last.GetActor() != lvHead || last.GetDate() != "2026-05-04" {
			t.Errorf("last decision %v, want approved by %s on 2026-05-04", last, lvHead)
		}
		if !proto.Equal(s.get(t, id), r) {
			t.Errorf("stored request differs from the answer")
		}
		s.wantEvents(t, before, r.GetName(), events.SubjectLeaveApproved)
		b := s.balance(t, lvStaff, 2026)
		if b.GetAvailable() != 8 || b.GetTaken() != 4 || !slices.Equal(lvKinds(b), []string{"grant 12", "taken 4"}) {
			t.Errorf("balance %d available, %d taken, ledger %v; want 8, 4, [grant 12 taken 4]", b.GetAvailable(), b.GetTaken(), lvKinds(b))
		}
		if e := b.GetEntries()[1]; e.GetLeaveRequest() != r.GetName() {
			t.Errorf("the taken entry names %s, want %s", e.GetLeaveRequest(), r.GetName())
		}
		if avail, ledger := s.stored(t, lvStaff, 2026); avail != 8 || ledger != 8 {
			t.Errorf("stored balance %d, ledger sum %d; want 8 and 8", avail, ledger)
		}
		if n := len(s.audits(t, r.GetName())); n != 2 {
			t.Errorf("%d audit records of the request, want 2", n)
		}
		if n := len(s.audits(t, app.LeaveBalanceName(lvStaff, 2026))); n != 2 {
			t.Errorf("%d audit records of the balance, want 2 (opened, taken)", n)
		}
	})
	t.Run("approved twice", func(t *testing.T) {
		_, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: lvName(id)})
		testenv.WantKind(t, err, errs.FailedPrecondition, "")
		if b := s.balance(t, lvStaff, 2026); b.GetAvailable() != 8 {
			t.Errorf("balance %d after a second approval, want 8", b.GetAvailable())
		}
	})
	t.Run("unknown request", func(t *testing.T) {
		_, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: "leaveRequests/no-such-request"})
		testenv.WantKind(t, err, errs.NotFound, "")
		_, err = s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: "requests/x"})
		testenv.WantKind(t, err, errs.Invalid, "name")
	})
}

// reject has the supervisor reject a request, first without a reason.
func (s *lvSuite) reject(t *testing.T) {
	r := s.create(t, employee(lvStaff, "DISKOMINFO"), lvReq("", lvAnnual, "2026-08-03", "2026-08-04"))
	s.ids["staff-august"] = lvID(r)
	_, err := s.api.RejectLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.RejectLeaveRequestRequest{Name: r.GetName(), Reason: "  "})
	testenv.WantKind(t, err, errs.Invalid, "reason")
	_, err = s.api.RejectLeaveRequest(supervisor(lvColleague, "DISKOMINFO"), &attendancev1.RejectLeaveRequestRequest{Name: r.GetName(), Reason: "no"})
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	before := s.outbox(t)
	resp, err := s.api.RejectLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.RejectLeaveRequestRequest{Name: r.GetName(), Reason: "rapat kerja tahunan dinas"})
	if err != nil {
		t.Fatalf("RejectLeaveRequest: %v", err)
	}
	got := resp.GetLeaveRequest()
	last := got.GetDecisions()[len(got.GetDecisions())-1]
	if got.GetState() != lvRejected || last.GetAction() != "rejected" || last.GetReason() != "rapat kerja tahunan dinas" || last.GetActor() != lvHead {
		t.Errorf("rejected request %s, last decision %v", got.GetState(), last)
	}
	s.wantEvents(t, before, got.GetName(), events.SubjectLeaveRejected)
	if b := s.balance(t, lvStaff, 2026); b.GetAvailable() != 8 {
		t.Errorf("balance %d after a rejection, want 8", b.GetAvailable())
	}
	_, err = s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: r.GetName()})
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
}

// deferThenApprove has the supervisor move a request to later dates, then approve it there.
func (s *lvSuite) deferThenApprove(t *testing.T) {
	r := s.create(t, employee(lvStaff, "DISKOMINFO"), lvReq("", lvAnnual, "2026-09-07", "2026-09-08"))
	id := lvID(r)
	s.ids["staff-october"] = id
	tests := []struct {
		name       string
		who        context.Context
		start, end string
		reason     string
		kind       errs.Kind
		field      string
	}{
		{"without a reason", supervisor(lvHead, "DISKOMINFO"), "2026-10-05", "2026-10-06", "", errs.Invalid, "reason"},
		{"to an earlier date", supervisor(lvHead, "DISKOMINFO"), "2026-09-01", "2026-09-02", "audit", errs.Invalid, "start_date"},
		{"more than a year later", supervisor(lvHead, "DISKOMINFO"), "2027-09-08", "2027-09-08", "audit", errs.Invalid, "start_date"},
		{"by a peer", supervisor(lvColleague, "DISKOMINFO"), "2026-10-05", "2026-10-06", "audit", errs.PermissionDenied, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.api.DeferLeaveRequest(tt.who, &attendancev1.DeferLeaveRequestRequest{Name: r.GetName(), StartDate: tt.start, EndDate: tt.end, Reason: tt.reason})
			testenv.WantKind(t, err, tt.kind, tt.field)
			if got := s.get(t, id); got.GetState() != lvSubmitted || got.GetStartDate() != "2026-09-07" {
				t.Errorf("after a refused deferral the request is %s from %s", got.GetState(), got.GetStartDate())
			}
		})
	}
	t.Run("overlapping another request", func(t *testing.T) {
		// The colleague's HR-submitted request holds 10-11 June; a colleague's own request
		// deferred onto it is refused.
		c := s.create(t, employee(lvColleague, "DISKOMINFO"), lvReq("", lvAnnual, "2026-06-08", "2026-06-08"))
		_, err := s.api.DeferLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.DeferLeaveRequestRequest{Name: c.GetName(), StartDate: "2026-06-10", EndDate: "2026-06-10", Reason: "rapat"})
		testenv.WantKind(t, err, errs.Invalid, "start_date")
		if _, err := s.api.CancelLeaveRequest(employee(lvColleague, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: c.GetName()}); err != nil {
			t.Fatalf("CancelLeaveRequest: %v", err)
		}
	})
	t.Run("deferred", func(t *testing.T) {
		before := s.outbox(t)
		resp, err := s.api.DeferLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.DeferLeaveRequestRequest{Name: r.GetName(),
			StartDate: "2026-10-05", EndDate: "2026-10-06", Reason: "pemeriksaan BPK"})
		if err != nil {
			t.Fatalf("DeferLeaveRequest: %v", err)
		}
		got := resp.GetLeaveRequest()
		if got.GetState() != lvDeferred || got.GetStartDate() != "2026-10-05" || got.GetEndDate() != "2026-10-06" || got.GetDays() != 2 {
			t.Errorf("deferred request %s %s..%s %d days", got.GetState(), got.GetStartDate(), got.GetEndDate(), got.GetDays())
		}
		s.wantEvents(t, before, got.GetName(), events.SubjectLeaveDeferred)
		if b := s.balance(t, lvStaff, 2026); b.GetAvailable() != 8 {
			t.Errorf("balance %d after a deferral, want 8 (days are taken at the approval)", b.GetAvailable())
		}
		_, err = s.api.DeferLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.DeferLeaveRequestRequest{Name: r.GetName(),
			StartDate: "2026-11-02", EndDate: "2026-11-03", Reason: "lagi"})
		testenv.WantKind(t, err, errs.FailedPrecondition, "")
	})
	t.Run("approved at the new dates", func(t *testing.T) {
		before := s.outbox(t)
		resp, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: r.GetName()})
		if err != nil {
			t.Fatalf("ApproveLeaveRequest: %v", err)
		}
		if got := resp.GetLeaveRequest(); got.GetState() != lvApproved || got.GetSpentDays() != 2 {
			t.Errorf("request %s with %d days spent, want approved with 2", got.GetState(), got.GetSpentDays())
		}
		s.wantEvents(t, before, r.GetName(), events.SubjectLeaveApproved)
		if b := s.balance(t, lvStaff, 2026); b.GetAvailable() != 6 {
			t.Errorf("balance %d, want 6", b.GetAvailable())
		}
	})
}

// cancel has the employee cancel before the start (the days return), and fail to after it.
func (s *lvSuite) cancel(t *testing.T) {
	october := s.ids["staff-october"]
	t.Run("by someone else", func(t *testing.T) {
		_, err := s.api.CancelLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: lvName(october)})
		testenv.WantKind(t, err, errs.PermissionDenied, "")
	})
	t.Run("before the start", func(t *testing.T) {
		before := s.outbox(t)
		resp, err := s.api.CancelLeaveRequest(employee(lvStaff, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: lvName(october)})
		if err != nil {
			t.Fatalf("CancelLeaveRequest: %v", err)
		}
		if got := resp.GetLeaveRequest(); got.GetState() != lvCancelled || got.GetSpentDays() != 0 {
			t.Errorf("request %s with %d days spent, want cancelled with 0", got.GetState(), got.GetSpentDays())
		}
		s.wantEvents(t, before, lvName(october), events.SubjectLeaveCancelled)
		b := s.balance(t, lvStaff, 2026)
		if b.GetAvailable() != 8 || b.GetTaken() != 4 || !slices.Equal(lvKinds(b), []string{"grant 12", "taken 4", "taken 2", "returned 2"}) {
			t.Errorf("balance %d available, %d taken, ledger %v", b.GetAvailable(), b.GetTaken(), lvKinds(b))
		}
		if avail, ledger := s.stored(t, lvStaff, 2026); avail != 8 || ledger != 8 {
			t.Errorf("stored balance %d, ledger sum %d; want 8 and 8", avail, ledger)
		}
	})
	t.Run("after the start", func(t *testing.T) {
		s.clock.set(time.Date(2026, time.June, 2, 9, 0, 0, 0, domain.WIB.Location()))
		defer s.clock.set(lvToday)
		_, err := s.api.CancelLeaveRequest(employee(lvStaff, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: lvName(s.ids["staff-june"])})
		testenv.WantKind(t, err, errs.FailedPrecondition, "")
		if got := s.get(t, s.ids["staff-june"]); got.GetState() != lvApproved || got.GetSpentDays() != 4 {
			t.Errorf("request %s with %d days spent, want still approved with 4", got.GetState(), got.GetSpentDays())
		}
	})
	t.Run("a sick day that started today", func(t *testing.T) {
		_, err := s.api.CancelLeaveRequest(employee(lvColleague, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: lvName(s.ids["colleague-sick"])})
		testenv.WantKind(t, err, errs.FailedPrecondition, "")
	})
	t.Run("cancelled twice", func(t *testing.T) {
		_, err := s.api.CancelLeaveRequest(employee(lvStaff, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: lvName(october)})
		testenv.WantKind(t, err, errs.FailedPrecondition, "")
	})
}

// longLeave takes long leave through both approvals: the supervisor's, then agency HR's.
func (s *lvSuite) longLeave(t *testing.T) {
	r := s.create(t, employee(lvSenior, "DISKOMINFO"), lvReq("", lvLong, "2026-07-01", "2026-09-30"))
	s.ids["senior-long"] = lvID(r)
	if r.GetState() != lvSubmitted || !r.GetNeedsSecondApproval() || r.GetDays() != 92 || r.GetCounting() != "calendar_days" {
		t.Fatalf("long leave %s, second approval %v, %d %s; want submitted, true, 92 calendar_days", r.GetState(), r.GetNeedsSecondApproval(), r.GetDays(), r.GetCounting())
	}
	approve := func(who context.Context) (*attendancev1.LeaveRequest, error) {
		resp, err := s.api.ApproveLeaveRequest(who, &attendancev1.ApproveLeaveRequestRequest{Name: r.GetName()})
		return resp.GetLeaveRequest(), err
	}
	_, err := approve(agencyHR(lvHR, "DISKOMINFO"))
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	before := s.outbox(t)
	got, err := approve(supervisor(lvHead, "DISKOMINFO"))
	if err != nil {
		t.Fatalf("the supervisor's approval: %v", err)
	}
	if got.GetState() != lvAwaiting {
		t.Fatalf("after the supervisor the request is %s, want awaiting_second_approval", got.GetState())
	}
	s.wantEvents(t, before, r.GetName()) // events.proto has no message for the first of two approvals
	if n := len(s.audits(t, r.GetName())); n != 2 {
		t.Errorf("%d audit records, want 2", n)
	}
	_, err = approve(supervisor(lvHead, "DISKOMINFO"))
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	_, err = approve(agencyHR(lvRSUDHR, "RSUD"))
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	before = s.outbox(t)
	got, err = approve(agencyHR(lvHR, "DISKOMINFO"))
	if err != nil {
		t.Fatalf("agency HR's approval: %v", err)
	}
	if got.GetState() != lvApproved || got.GetSpentDays() != 0 {
		t.Errorf("after agency HR the request is %s with %d days spent, want approved with 0", got.GetState(), got.GetSpentDays())
	}
	var actions []string
	for _, d := range got.GetDecisions() {
		actions = append(actions, d.GetAction()+" "+d.GetActor())
	}
	if want := []string{"submitted " + lvSenior, "approved " + lvHead, "second_approved " + lvHR}; !slices.Equal(actions, want) {
		t.Errorf("decisions %v, want %v", actions, want)
	}
	s.wantEvents(t, before, r.GetName(), events.SubjectLeaveApproved)
	if b := s.balance(t, lvSenior, 2026); !b.GetLongLeaveYear() || b.GetAvailable() != 0 || b.GetGranted() != 12 {
		t.Errorf("senior's 2026 balance %v; want a long-leave year with nothing available", b)
	}
	_, err = s.api.CreateLeaveRequest(employee(lvSenior, "DISKOMINFO"), &attendancev1.CreateLeaveRequestRequest{LeaveRequest: lvReq("", lvAnnual, "2026-12-01", "2026-12-01")})
	testenv.WantKind(t, err, errs.Invalid, "leave_request.type")
}

// list lists requests as each kind of caller.
func (s *lvSuite) list(t *testing.T) {
	staffAll := []string{s.ids["staff-october"], s.ids["staff-august"], s.ids["staff-june"]} // newest first
	tests := []struct {
		name string
		who  context.Context
		req  *attendancev1.ListLeaveRequestsRequest
		want []string // nil: check only that every result matches the filter
		kind errs.Kind
	}{
		{"own requests", employee(lvStaff, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{}, staffAll, 0},
		{"own approved requests", employee(lvStaff, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{State: lvApproved}, []string{s.ids["staff-june"]}, 0},
		{"a subordinate's", supervisor(lvHead, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{Employee: lvStaff}, staffAll, 0},
		{"awaiting the supervisor", supervisor(lvHead, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{AwaitingMe: true}, []string{s.ids["colleague-hr"]}, 0},
		{"awaiting agency HR", agencyHR(lvHR, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{AwaitingMe: true}, []string{}, 0},
		{"agency HR, one employee", agencyHR(lvHR, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{Employee: lvSenior}, []string{s.ids["senior-long"]}, 0},
		{"a colleague's", employee(lvColleague, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{Employee: lvStaff}, nil, errs.PermissionDenied},
		{"another agency's HR", agencyHR(lvRSUDHR, "RSUD"), &attendancev1.ListLeaveRequestsRequest{Employee: lvStaff}, nil, errs.PermissionDenied},
		{"another agency's HR, all", agencyHR(lvRSUDHR, "RSUD"), &attendancev1.ListLeaveRequestsRequest{}, []string{}, 0},
		{"bad page token", employee(lvStaff, "DISKOMINFO"), &attendancev1.ListLeaveRequestsRequest{PageToken: "!!"}, nil, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.api.ListLeaveRequests(tt.who, tt.req)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, "")
				return
			}
			if err != nil {
				t.Fatalf("ListLeaveRequests: %v", err)
			}
			got := []string{}
			for _, r := range resp.GetLeaveRequests() {
				got = append(got, lvID(r))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("requests %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("pages", func(t *testing.T) {
		all, err := s.api.ListLeaveRequests(cityHR, &attendancev1.ListLeaveRequestsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		var paged []string
		tok := ""
		for i := 0; ; i++ {
			resp, err := s.api.ListLeaveRequests(cityHR, &attendancev1.ListLeaveRequestsRequest{PageSize: 2, PageToken: tok})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range resp.GetLeaveRequests() {
				paged = append(paged, r.GetName())
			}
			if tok = resp.GetNextPageToken(); tok == "" || i > 20 {
				break
			}
		}
		var want []string
		for _, r := range all.GetLeaveRequests() {
			want = append(want, r.GetName())
		}
		if len(want) < 5 || !slices.Equal(paged, want) {
			t.Errorf("pages of 2 gave %v, want %v", paged, want)
		}
	})
}

// onLeave lists who is on approved leave on a date, and reads it as closing a day does.
func (s *lvSuite) onLeave(t *testing.T) {
	tests := []struct {
		name   string
		who    context.Context
		date   string
		agency string
		want   []string
		kind   errs.Kind
	}{
		{"today, agency HR", agencyHR(lvHR, "DISKOMINFO"), "", "", []string{s.ids["colleague-sick"]}, 0},
		{"an annual leave", cityHR, "2026-06-03", "", []string{s.ids["staff-june"]}, 0},
		{"a long leave", agencyHR(lvHR, "DISKOMINFO"), "2026-07-15", "agencies/DISKOMINFO", []string{s.ids["senior-long"]}, 0},
		{"the supervisor's subordinates", supervisor(lvHead, "DISKOMINFO"), "2026-07-15", "", []string{s.ids["senior-long"]}, 0},
		{"a supervisor without subordinates", supervisor(lvColleague, "DISKOMINFO"), "2026-07-15", "", []string{}, 0},
		{"auditor, another agency", auditor, "2026-07-15", "RSUD", []string{}, 0},
		{"a cancelled leave's date", cityHR, "2026-10-05", "", []string{}, 0},
		{"another agency's HR", agencyHR(lvRSUDHR, "RSUD"), "2026-07-15", "DISKOMINFO", nil, errs.PermissionDenied},
		{"an employee", employee(lvStaff, "DISKOMINFO"), "2026-07-15", "", nil, errs.PermissionDenied},
		{"malformed date", cityHR, "15-07-2026", "", nil, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.api.ListOnLeave(tt.who, &attendancev1.ListOnLeaveRequest{Date: tt.date, Agency: tt.agency})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, "")
				return
			}
			if err != nil {
				t.Fatalf("ListOnLeave: %v", err)
			}
			got := []string{}
			for _, r := range resp.GetLeaveRequests() {
				got = append(got, lvID(r))
				if r.GetState() != lvApproved {
					t.Errorf("%s is %s", r.GetName(), r.GetState())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("on leave %v, want %v", got, tt.want)
			}
		})
	}
	ctx := context.Background()
	many := []string{lvStaff}
	for i := range 150 {
		many = append(many, fmt.Sprintf("1990010120150110%02d", i))
	}
	reads := []struct {
		name      string
		date      string
		employees []string
		want      map[string]domain.LeaveType
	}{
		{"some employees", "2026-07-15", []string{lvSenior, lvStaff, lvHead}, map[string]domain.LeaveType{lvSenior: domain.LeaveLong}},
		{"every employee", "2026-06-03", nil, map[string]domain.LeaveType{lvStaff: domain.LeaveAnnual}},
		{"many employees", "2026-06-05", many, map[string]domain.LeaveType{lvStaff: domain.LeaveAnnual}},
		{"a sick notice", "2026-05-04", []string{lvColleague}, map[string]domain.LeaveType{lvColleague: domain.LeaveSick}},
		{"a holiday inside the leave", "2026-06-01", []string{lvStaff}, map[string]domain.LeaveType{lvStaff: domain.LeaveAnnual}},
		{"nobody", "2026-06-08", []string{lvStaff, lvSenior}, map[string]domain.LeaveType{}},
	}
	for _, tt := range reads {
		t.Run("ApprovedLeaveOn "+tt.name, func(t *testing.T) {
			got, err := s.store.ApprovedLeaveOn(ctx, domain.MustDate(tt.date), tt.employees)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ApprovedLeaveOn(%s) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

// balances reads balances through the API as each kind of caller.
func (s *lvSuite) balances(t *testing.T) {
	tests := []struct {
		name      string
		who       context.Context
		bal       string
		available int32
		granted   int32
		taken     int32
		kinds     []string
		kind      errs.Kind
		field     string
	}{
		{"own", employee(lvStaff, "DISKOMINFO"), app.LeaveBalanceName(lvStaff, 2026), 8, 12, 4, []string{"grant 12", "taken 4", "taken 2", "returned 2"}, 0, ""},
		{"a subordinate's", supervisor(lvHead, "DISKOMINFO"), app.LeaveBalanceName(lvStaff, 2026), 8, 12, 4, nil, 0, ""},
		{"next year's", employee(lvStaff, "DISKOMINFO"), app.LeaveBalanceName(lvStaff, 2027), 12, 12, 0, []string{"grant 12"}, 0, ""},
		{"a newcomer's", agencyHR(lvHR, "DISKOMINFO"), app.LeaveBalanceName(lvNewcomer, 2026), 0, 0, 0, []string{}, 0, ""},
		{"a colleague's", employee(lvColleague, "DISKOMINFO"), app.LeaveBalanceName(lvStaff, 2026), 0, 0, 0, nil, errs.PermissionDenied, ""},
		{"too far ahead", employee(lvStaff, "DISKOMINFO"), app.LeaveBalanceName(lvStaff, 2028), 0, 0, 0, nil, errs.Invalid, "name"},
		{"before the ledger", employee(lvStaff, "DISKOMINFO"), app.LeaveBalanceName(lvStaff, 2025), 0, 0, 0, nil, errs.NotFound, ""},
		{"malformed name", employee(lvStaff, "DISKOMINFO"), "employees/" + lvStaff + "/leaveBalances/26", 0, 0, 0, nil, errs.Invalid, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.api.GetLeaveBalance(tt.who, &attendancev1.GetLeaveBalanceRequest{Name: tt.bal})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("GetLeaveBalance: %v", err)
			}
			b := resp.GetLeaveBalance()
			if b.GetName() != tt.bal || b.GetAvailable() != tt.available || b.GetGranted() != tt.granted || b.GetTaken() != tt.taken || b.GetCarriedOver() != 0 {
				t.Errorf("balance %v; want %s with %d available, %d granted, %d taken", b, tt.bal, tt.available, tt.granted, tt.taken)
			}
			if got := lvKinds(b); tt.kinds != nil && !slices.Equal(append([]string{}, got...), tt.kinds) {
				t.Errorf("ledger %v, want %v", got, tt.kinds)
			}
		})
	}
	// Next year's balance opened ahead waits for this year to end before it carries anything.
	stored, found, err := s.store.GetLeaveBalance(context.Background(), lvStaff, 2027)
	if err != nil || !found || stored.CarryDone {
		t.Errorf("2027 ledger found %v, carry done %v, error %v; want found and not carried yet", found, stored.CarryDone, err)
	}
}

// carryOver builds earlier years' ledgers with the clock in those years and reads this year's:
// 4 days used in 2025 leave 8, of which 6 carry (18); nothing used in 2024 and 2025 carries
// 12 into 2026 (24).
func (s *lvSuite) carryOver(t *testing.T) {
	defer s.clock.set(lvToday)
	at := func(date string) { s.clock.set(domain.MustDate(date).In(domain.WIB.Location()).Add(8 * time.Hour)) }

	at("2024-02-05")
	if b := s.balance(t, lvCarry24, 2024); b.GetAvailable() != 12 {
		t.Fatalf("2024 balance %d, want 12", b.GetAvailable())
	}
	at("2025-03-03")
	r := s.create(t, employee(lvCarry6, "DISKOMINFO"), lvReq("", lvAnnual, "2025-04-07", "2025-04-10"))
	if _, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: r.GetName()}); err != nil {
		t.Fatalf("ApproveLeaveRequest: %v", err)
	}
	if b := s.balance(t, lvCarry6, 2025); b.GetAvailable() != 8 {
		t.Fatalf("2025 balance %d, want 8", b.GetAvailable())
	}
	// Next year's ledger, opened ahead in December, gets its carry-over once 2025 is over.
	at("2025-12-15")
	if b := s.balance(t, lvCarry6, 2026); b.GetAvailable() != 12 || b.GetCarriedOver() != 0 {
		t.Fatalf("2026 balance seen in December 2025: %d available, %d carried; want 12, 0", b.GetAvailable(), b.GetCarriedOver())
	}

	at("2026-01-05")
	tests := []struct {
		name      string
		nip       string
		year      int
		available int32
		carried   int32
		kinds     []string
	}{
		{"6 of 8 unused days carry", lvCarry6, 2026, 18, 6, []string{"grant 12", "carry_over 6"}},
		{"the year nobody touched carries 6", lvCarry24, 2025, 18, 6, []string{"grant 12", "carry_over 6"}},
		{"two unused years carry 12", lvCarry24, 2026, 24, 12, []string{"grant 12", "carry_over 12"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := s.balance(t, tt.nip, tt.year)
			if b.GetAvailable() != tt.available || b.GetCarriedOver() != tt.carried || !slices.Equal(lvKinds(b), tt.kinds) {
				t.Errorf("%d balance: %d available, %d carried, ledger %v; want %d, %d, %v", tt.year, b.GetAvailable(), b.GetCarriedOver(),
					lvKinds(b), tt.available, tt.carried, tt.kinds)
			}
			if avail, ledger := s.stored(t, tt.nip, tt.year); int32(avail) != tt.available || int32(ledger) != tt.available {
				t.Errorf("stored balance %d, ledger sum %d; want %d", avail, ledger, tt.available)
			}
		})
	}
	// Reading again changes nothing.
	before := len(s.audits(t, app.LeaveBalanceName(lvCarry24, 2026)))
	s.balance(t, lvCarry24, 2026)
	if n := len(s.audits(t, app.LeaveBalanceName(lvCarry24, 2026))); n != before {
		t.Errorf("reading a balance again wrote %d audit records", n-before)
	}
}

// concurrentApprovals submits 100 one-day annual requests of one employee on 100 working days,
// then has the supervisor approve them all at the same instant against a balance of 12:
// exactly 12 succeed, the others are refused for the balance, and the balance ends at 0.
func (s *lvSuite) concurrentApprovals(t *testing.T) {
	const n = 100
	fixed := map[domain.Date]bool{}
	for _, h := range domain.FixedNationalHolidays(2026) {
		fixed[h.Date] = true
	}
	var days []string
	for d := domain.MustDate("2026-05-05"); len(days) < n; d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && d != lvHoliday.Date && !fixed[d] {
			days = append(days, d.String())
		}
	}
	ids := make([]string, n)
	for i, d := range days {
		ids[i] = lvID(s.create(t, employee(lvBusy, "DISKOMINFO"), lvReq("", lvAnnual, d, d)))
	}
	if b := s.balance(t, lvBusy, 2026); b.GetAvailable() != domain.AnnualLeaveDays {
		t.Fatalf("balance before the approvals %d, want %d", b.GetAvailable(), domain.AnnualLeaveDays)
	}
	before := s.outbox(t)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errsN [n]error
		resps [n]*attendancev1.LeaveRequest
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			resp, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: lvName(ids[i])})
			resps[i], errsN[i] = resp.GetLeaveRequest(), err
		}()
	}
	close(start)
	wg.Wait()
	var approved []string
	for i := range n {
		if errsN[i] == nil {
			if resps[i].GetState() != lvApproved || resps[i].GetSpentDays() != 1 {
				t.Errorf("approval %d answered %s with %d days spent", i, resps[i].GetState(), resps[i].GetSpentDays())
			}
			approved = append(approved, ids[i])
			continue
		}
		e, ok := errs.As(errsN[i])
		if !ok || e.Kind != errs.FailedPrecondition || e.Reason != "INSUFFICIENT_LEAVE_BALANCE" {
			t.Errorf("approval %d failed with %v, want the insufficient-balance refusal", i, errsN[i])
		}
	}
	if len(approved) != domain.AnnualLeaveDays {
		t.Fatalf("%d approvals succeeded, want exactly %d", len(approved), domain.AnnualLeaveDays)
	}
	b := s.balance(t, lvBusy, 2026)
	if b.GetAvailable() != 0 || b.GetTaken() != domain.AnnualLeaveDays {
		t.Errorf("balance %d available, %d taken; want 0 and %d", b.GetAvailable(), b.GetTaken(), domain.AnnualLeaveDays)
	}
	if avail, ledger := s.stored(t, lvBusy, 2026); avail != 0 || ledger != 0 {
		t.Errorf("stored balance %d, ledger sum %d; want 0 and 0", avail, ledger)
	}
	var taken []string
	for _, e := range b.GetEntries() {
		if e.GetKind() == "taken" {
			if e.GetDays() != 1 {
				t.Errorf("taken entry of %d days", e.GetDays())
			}
			taken = append(taken, e.GetLeaveRequest()[len("leaveRequests/"):])
		}
	}
	slices.Sort(taken)
	slices.Sort(approved)
	if !slices.Equal(taken, approved) {
		t.Errorf("the ledger took days for %v, the approvals that succeeded were %v", taken, approved)
	}
	if got := s.count(t, `SELECT COUNT(*) FROM leave_requests WHERE employee = $1 AND state = 'approved'`, lvBusy); got != domain.AnnualLeaveDays {
		t.Errorf("%d requests stored approved, want %d", got, domain.AnnualLeaveDays)
	}
	var subjects []string
	for _, e := range s.since(t, before) {
		subjects = append(subjects, e.subject)
	}
	if len(subjects) != domain.AnnualLeaveDays || slices.ContainsFunc(subjects, func(s string) bool { return s != events.SubjectLeaveApproved }) {
		t.Errorf("the approvals emitted %v, want %d leave.approved", subjects, domain.AnnualLeaveDays)
	}
	// The refused ones are still waiting, and any of them is now refused for the balance.
	for i := range n {
		if errsN[i] != nil {
			r := s.get(t, ids[i])
			if r.GetState() != lvSubmitted {
				t.Errorf("a refused approval left %s %s", r.GetName(), r.GetState())
			}
			_, err := s.api.ApproveLeaveRequest(supervisor(lvHead, "DISKOMINFO"), &attendancev1.ApproveLeaveRequestRequest{Name: r.GetName()})
			if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); e.Reason != "INSUFFICIENT_LEAVE_BALANCE" {
				t.Fatalf("error %v has reason %q, want INSUFFICIENT_LEAVE_BALANCE", err, e.Reason)
			}
			break
		}
	}
	// The request answers are those stored.
	for i := range n {
		if errsN[i] == nil && !proto.Equal(s.get(t, ids[i]), resps[i]) {
			t.Errorf("stored request %s differs from its answer", ids[i])
		}
	}
}

// longLeaveCancelled cancels the senior's approved long leave before it starts: the year's
// annual leave comes back.
func (s *lvSuite) longLeaveCancelled(t *testing.T) {
	before := s.outbox(t)
	resp, err := s.api.CancelLeaveRequest(employee(lvSenior, "DISKOMINFO"), &attendancev1.CancelLeaveRequestRequest{Name: lvName(s.ids["senior-long"])})
	if err != nil {
		t.Fatalf("CancelLeaveRequest: %v", err)
	}
	if got := resp.GetLeaveRequest(); got.GetState() != lvCancelled {
		t.Errorf("long leave %s, want cancelled", got.GetState())
	}
	s.wantEvents(t, before, lvName(s.ids["senior-long"]), events.SubjectLeaveCancelled)
	if b := s.balance(t, lvSenior, 2026); b.GetLongLeaveYear() || b.GetAvailable() != 12 {
		t.Errorf("senior's 2026 balance %v; want 12 available again", b)
	}
	if avail, ledger := s.stored(t, lvSenior, 2026); avail != 12 || ledger != 12 {
		t.Errorf("stored balance %d, ledger sum %d; want 12 and 12", avail, ledger)
	}
	s.create(t, employee(lvSenior, "DISKOMINFO"), lvReq("", lvAnnual, "2026-12-01", "2026-12-01"))
}

// collectivePolicy runs a second App on the same store whose deployment takes collective leave
// from annual leave: the collective leave day of the decree, on a working weekday, is deducted
// once from a ledger opened under the default policy, and at the opening of a new one.
func (s *lvSuite) collectivePolicy(t *testing.T) {
	if _, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate("2026-12-24"), Name: "Cuti bersama Natal", Kind: domain.CollectiveLeave}); err != nil {
		t.Fatalf("CreateHoliday: %v", err)
	}
	// Saturday collective leave costs nobody a working day.
	if _, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate("2026-12-26"), Name: "Cuti bersama (Sabtu)", Kind: domain.CollectiveLeave}); err != nil {
		t.Fatalf("CreateHoliday: %v", err)
	}
	pol := domain.DefaultPolicy()
	pol.CollectiveLeaveReducesAnnual = true
	other := app.New(s.store, s.dir, pol, s.clock.now)
	api := grpcapi.New(other, s.db)
	read := func(nip string) *attendancev1.LeaveBalance {
		t.Helper()
		resp, err := api.GetLeaveBalance(cityHR, &attendancev1.GetLeaveBalanceRequest{Name: app.LeaveBalanceName(nip, 2026)})
		if err != nil {
			t.Fatalf("GetLeaveBalance: %v", err)
		}
		return resp.GetLeaveBalance()
	}
	tests := []struct {
		name      string
		nip       string
		available int32
		kinds     []string
	}{
		{"an opened ledger", lvStaff, 7, []string{"grant 12", "taken 4", "taken 2", "returned 2", "collective 1"}},
		{"a ledger opened now", lvHR, 11, []string{"grant 12", "collective 1"}},
		{"an empty balance is not deducted", lvBusy, 0, []string{"grant 12"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 2 { // the second read finds the day weighed already
				b := read(tt.nip)
				var kinds []string
				for _, k := range lvKinds(b) {
					if k != "taken 1" { // the busy employee's dozen days
						kinds = append(kinds, k)
					}
				}
				if b.GetAvailable() != tt.available || !slices.Equal(kinds, tt.kinds) {
					t.Errorf("balance %d, ledger %v; want %d, %v", b.GetAvailable(), kinds, tt.available, tt.kinds)
				}
			}
			if avail, ledger := s.stored(t, tt.nip, 2026); int32(avail) != tt.available || int32(ledger) != tt.available {
				t.Errorf("stored balance %d, ledger sum %d; want %d", avail, ledger, tt.available)
			}
		})
	}
}
