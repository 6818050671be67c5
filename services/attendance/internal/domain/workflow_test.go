package domain_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var (
	lvSupervisor = domain.LeaveActor{NIP: "197805102005011003", Agency: "dinkes"}
	lvHR         = domain.LeaveActor{NIP: "198203152008012004", Agency: "dinkes", AgencyHR: true}
	lvOtherHR    = domain.LeaveActor{NIP: "198511112010011005", Agency: "disdik", AgencyHR: true}
	lvColleague  = domain.LeaveActor{NIP: "199107072015031006", Agency: "dinkes"}
	lvSelf       = domain.LeaveActor{NIP: "199001312019032002", Agency: "dinkes"}
)

// lvSubmit validates and submits a request of the test employee, failing the test on an error.
func lvSubmit(t *testing.T, r domain.LeaveRequest, bal domain.Balance, pol domain.LeavePolicy) (domain.LeaveRequest, []domain.LeaveEvent) {
	t.Helper()
	r.EmployeeNIP = lvSelf.NIP
	a, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, bal, pol)
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	return domain.Submit(r, lvEmployee(), a, lvToday)
}

func lvAnnual(t *testing.T) (domain.LeaveRequest, domain.Balance) {
	t.Helper()
	bal := lvBalance(2026, 0)
	r, ev := lvSubmit(t, domain.LeaveRequest{ID: "A1", Type: domain.LeaveAnnual, Start: lvd("2026-12-07"), End: lvd("2026-12-11")}, bal, domain.DefaultLeavePolicy())
	if len(ev) != 1 || ev[0].Subject() != "leave.requested" {
		t.Fatalf("events %+v", ev)
	}
	return r, bal
}

func lvState(t *testing.T, err error, kind errs.Kind, want string) {
	t.Helper()
	e := lvKind(t, err, kind)
	if !strings.Contains(e.Message, want) {
		t.Errorf("message %q, want it to contain %q", e.Message, want)
	}
}

func TestSubmit(t *testing.T) {
	r, _ := lvAnnual(t)
	if r.State != domain.RequestSubmitted || r.Days != 5 || r.Supervisor != lvSupervisor.NIP || r.SubmittedOn != lvToday || len(r.Decisions) != 1 {
		t.Errorf("submitted request %+v", r)
	}
	// One day of sick leave is a notice: approved at once, both events.
	r, ev := lvSubmit(t, domain.LeaveRequest{ID: "S1", Type: domain.LeaveSick, Start: lvToday, End: lvToday,
		Attachments: []domain.Attachment{{Kind: domain.AttachDoctorsNote, Ref: "klinik-7"}}}, domain.Balance{}, domain.DefaultLeavePolicy())
	if r.State != domain.RequestApproved || !r.NoticeOnly || len(ev) != 2 {
		t.Fatalf("notice: %+v, %d events", r, len(ev))
	}
	if req, ok := ev[0].(domain.LeaveRequested); !ok || req.Request.State != domain.RequestSubmitted {
		t.Errorf("first event %#v", ev[0])
	}
	if ap, ok := ev[1].(domain.LeaveApproved); !ok || ap.Request.State != domain.RequestApproved || ap.Entry != nil {
		t.Errorf("second event %#v", ev[1])
	}
}

func TestApproveAnnual(t *testing.T) {
	r, bal := lvAnnual(t)
	emp := lvEmployee()

	// Not the direct supervisor: denied, nothing changes.
	for _, actor := range []domain.LeaveActor{lvColleague, lvHR, lvSelf} {
		_, _, err := r.Approve(emp, actor, &bal, lvToday)
		lvState(t, err, errs.PermissionDenied, "only the direct supervisor of 199001312019032002 (197805102005011003) may approve")
	}
	if r.State != domain.RequestSubmitted || bal.Available() != 12 {
		t.Fatalf("refused approval changed state %s / balance %d", r.State, bal.Available())
	}

	ev, entry, err := r.Approve(emp, lvSupervisor, &bal, lvToday)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != domain.RequestApproved || r.ApprovedBy != lvSupervisor.NIP || r.Spent != 5 {
		t.Errorf("request %+v", r)
	}
	if entry == nil || entry.Kind != domain.EntryTaken || entry.Days != 5 || entry.RequestID != "A1" || entry.Year != 2026 {
		t.Errorf("entry %+v", entry)
	}
	if ap, ok := ev.(domain.LeaveApproved); !ok || ap.Entry != entry || ap.Request.State != domain.RequestApproved || ev.Subject() != "leave.approved" {
		t.Errorf("event %#v", ev)
	}
	if bal.Available() != 7 {
		t.Errorf("balance %d, want 7", bal.Available())
	}

	// Approved is final: approving, rejecting or deferring again is a state error.
	_, _, err = r.Approve(emp, lvSupervisor, &bal, lvToday)
	lvState(t, err, errs.FailedPrecondition, "leave request A1 is approved")
	_, err = r.Reject(emp, lvSupervisor, "no", lvToday)
	lvState(t, err, errs.FailedPrecondition, "is approved")
	_, err = r.Defer(emp, lvSupervisor, domain.DateRange{Start: lvd("2027-01-04"), End: lvd("2027-01-08")}, domain.Assessment{Days: 5}, "audit", lvToday)
	lvState(t, err, errs.FailedPrecondition, "is approved; only a submitted request can be deferred")
	if bal.Available() != 7 {
		t.Errorf("balance %d after refused transitions", bal.Available())
	}
}

func TestApproveInsufficientBalance(t *testing.T) {
	r, bal := lvAnnual(t)
	// Another approval took 10 days meanwhile: 2 left for 5 asked.
	if _, err := bal.Spend(10, "OTHER"); err != nil {
		t.Fatal(err)
	}
	_, entry, err := r.Approve(lvEmployee(), lvSupervisor, &bal, lvToday)
	if e := lvKind(t, err, errs.FailedPrecondition); e.Reason != "INSUFFICIENT_LEAVE_BALANCE" || entry != nil {
		t.Errorf("error %+v, entry %+v", e, entry)
	}
	if r.State != domain.RequestSubmitted || bal.Available() != 2 || r.Spent != 0 {
		t.Errorf("state %s, balance %d, spent %d", r.State, bal.Available(), r.Spent)
	}
	// Without a balance (or the wrong year's), it is the caller's fault.
	if _, _, err := r.Approve(lvEmployee(), lvSupervisor, nil, lvToday); err == nil {
		t.Error("approved annual leave without a balance")
	}
	// No supervisor in the directory: a top official, whose leave the PPK decides (ppk_test.go).
	emp := lvEmployee()
	emp.Supervisor = ""
	_, _, err = r.Approve(emp, lvSupervisor, &bal, lvToday)
	lvState(t, err, errs.PermissionDenied, "has no direct supervisor")
}

func TestReject(t *testing.T) {
	r, _ := lvAnnual(t)
	emp := lvEmployee()
	_, err := r.Reject(emp, lvSupervisor, "  ", lvToday)
	if v := lvViolations(t, err)["reason"]; !strings.Contains(v, "is required") {
		t.Errorf("reason violation %q", v)
	}
	_, err = r.Reject(emp, lvColleague, "busy", lvToday)
	lvState(t, err, errs.PermissionDenied, "only the direct supervisor")
	ev, err := r.Reject(emp, lvSupervisor, "year-end closing of the accounts", lvToday)
	if err != nil {
		t.Fatal(err)
	}
	if rj, ok := ev.(domain.LeaveRejected); !ok || rj.Reason != "year-end closing of the accounts" || rj.RejectedBy != lvSupervisor.NIP || ev.Subject() != "leave.rejected" {
		t.Errorf("event %#v", ev)
	}
	if r.State != domain.RequestRejected || r.RejectionReason == "" {
		t.Errorf("request %+v", r)
	}
	_, err = r.Reject(emp, lvSupervisor, "again", lvToday)
	lvState(t, err, errs.FailedPrecondition, "leave request A1 is rejected")
	_, _, err = r.Approve(emp, lvSupervisor, nil, lvToday)
	lvState(t, err, errs.FailedPrecondition, "is rejected")
	_, _, err = r.Cancel(lvSelf, nil, lvToday)
	lvState(t, err, errs.FailedPrecondition, "is rejected")
}

func TestDefer(t *testing.T) {
	emp := lvEmployee()
	to := domain.DateRange{Start: lvd("2026-12-14"), End: lvd("2026-12-17")}
	a := domain.Assessment{Days: 4, Counting: domain.CountWorkingDays, CountsAgainstAnnual: 4}
	bad := []struct {
		name  string
		actor domain.LeaveActor
		to    domain.DateRange
		why   string
		kind  errs.Kind
		field string
		want  string
	}{
		{"not the supervisor", lvHR, to, "audit", errs.PermissionDenied, "", "only the direct supervisor"},
		{"no dates", lvSupervisor, domain.DateRange{}, "audit", errs.Invalid, "start_date", "is required"},
		{"no end", lvSupervisor, domain.DateRange{Start: lvd("2026-12-14")}, "audit", errs.Invalid, "end_date", "is required"},
		{"earlier, not later", lvSupervisor, domain.DateRange{Start: lvd("2026-12-01"), End: lvd("2026-12-02")}, "audit", errs.Invalid, "start_date", "a deferral postpones the leave"},
		{"same start", lvSupervisor, domain.DateRange{Start: lvd("2026-12-07"), End: lvd("2026-12-08")}, "audit", errs.Invalid, "start_date", "is not after the asked start 2026-12-07"},
		{"more than a year", lvSupervisor, domain.DateRange{Start: lvd("2027-12-08"), End: lvd("2027-12-09")}, "audit", errs.Invalid, "start_date", "at most 1 year"},
		{"end before start", lvSupervisor, domain.DateRange{Start: lvd("2026-12-14"), End: lvd("2026-12-11")}, "audit", errs.Invalid, "end_date", "is before start_date"},
		{"no reason", lvSupervisor, to, "", errs.Invalid, "reason", "needs of the service"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := lvAnnual(t)
			_, err := r.Defer(emp, tt.actor, tt.to, a, tt.why, lvToday)
			if tt.kind == errs.Invalid {
				if got := lvViolations(t, err)[tt.field]; !strings.Contains(got, tt.want) {
					t.Errorf("%s violation %q, want %q", tt.field, got, tt.want)
				}
			} else {
				lvState(t, err, tt.kind, tt.want)
			}
			if r.State != domain.RequestSubmitted || r.Start != lvd("2026-12-07") {
				t.Errorf("refused deferral changed the request: %+v", r)
			}
		})
	}

	r, bal := lvAnnual(t)
	ev, err := r.Defer(emp, lvSupervisor, to, a, "audit by the inspectorate that week", lvToday)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != domain.RequestDeferred || r.Range() != to || r.DeferredFrom.Start != lvd("2026-12-07") || r.Days != 4 || r.Deferrals != 1 {
		t.Errorf("deferred request %+v", r)
	}
	if d, ok := ev.(domain.LeaveDeferred); !ok || d.From.End != lvd("2026-12-11") || d.To != to || ev.Subject() != "leave.deferred" {
		t.Errorf("event %#v", ev)
	}
	// Once only.
	_, err = r.Defer(emp, lvSupervisor, domain.DateRange{Start: lvd("2026-12-21"), End: lvd("2026-12-22")}, a, "again", lvToday)
	lvState(t, err, errs.FailedPrecondition, "deferred already")
	// Then approved at the new dates, spending the new length.
	_, entry, err := r.Approve(emp, lvSupervisor, &bal, lvToday)
	if err != nil || entry == nil || entry.Days != 4 || bal.Available() != 8 || r.State != domain.RequestApproved {
		t.Errorf("approve deferred: %v, %+v, balance %d, state %s", err, entry, bal.Available(), r.State)
	}

	// A deferred request can also be rejected, or cancelled by the employee.
	r, _ = lvAnnual(t)
	if _, err := r.Defer(emp, lvSupervisor, to, a, "audit", lvToday); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Cancel(lvSelf, nil, lvToday); err != nil || r.State != domain.RequestCancelled {
		t.Errorf("cancel deferred: %v, %s", err, r.State)
	}

	// Sick leave is not deferred.
	s, _ := lvSubmit(t, domain.LeaveRequest{ID: "S2", Type: domain.LeaveSick, Start: lvd("2026-12-07"), End: lvd("2026-12-09"),
		Attachments: []domain.Attachment{{Kind: domain.AttachDoctorsNote, Ref: "x"}}}, domain.Balance{}, domain.DefaultLeavePolicy())
	_, err = s.Defer(emp, lvSupervisor, to, a, "busy", lvToday)
	lvState(t, err, errs.FailedPrecondition, "only annual and long leave can be deferred")
}

func TestSecondApproval(t *testing.T) {
	emp := lvEmployee()
	submitLong := func(t *testing.T, pol domain.LeavePolicy) domain.LeaveRequest {
		r, _ := lvSubmit(t, domain.LeaveRequest{ID: "B1", Type: domain.LeaveLong, Start: lvd("2026-12-01"), End: lvd("2027-02-28")}, lvBalance(2026, 0), pol)
		return r
	}
	r := submitLong(t, domain.DefaultLeavePolicy())
	if !r.NeedsSecondApproval {
		t.Fatal("long leave without second approval")
	}
	// HR cannot give the first approval.
	_, _, err := r.Approve(emp, lvHR, nil, lvToday)
	lvState(t, err, errs.PermissionDenied, "only the direct supervisor")

	ev, entry, err := r.Approve(emp, lvSupervisor, nil, lvToday)
	if err != nil || entry != nil {
		t.Fatalf("first approval: %v, %+v", err, entry)
	}
	if r.State != domain.RequestAwaitingSecondApproval || ev.Subject() != "leave.awaiting_second_approval" {
		t.Errorf("state %s, event %s", r.State, ev.Subject())
	}
	if f, ok := ev.(domain.LeaveAwaitingSecondApproval); !ok || f.ApprovedBy != lvSupervisor.NIP {
		t.Errorf("event %#v", ev)
	}
	// The supervisor again, HR of another agency, a colleague: denied.
	for _, actor := range []domain.LeaveActor{lvSupervisor, lvOtherHR, lvColleague} {
		_, _, err := r.Approve(emp, actor, nil, lvToday)
		lvState(t, err, errs.PermissionDenied, `second approval by an HR administrator of agency "dinkes"`)
	}
	// An HR administrator who also gave the first approval: denied (four eyes).
	both := lvSupervisor
	both.AgencyHR = true
	_, _, err = r.Approve(emp, both, nil, lvToday)
	lvState(t, err, errs.PermissionDenied, "gave the first approval")
	// Deferral belongs to the first stage.
	_, err = r.Defer(emp, lvSupervisor, domain.DateRange{Start: lvd("2027-01-04"), End: lvd("2027-03-31")}, domain.Assessment{}, "x", lvToday)
	lvState(t, err, errs.FailedPrecondition, "is awaiting_second_approval")

	ev, entry, err = r.Approve(emp, lvHR, nil, lvToday)
	if err != nil || entry != nil {
		t.Fatalf("second approval: %v, %+v", err, entry)
	}
	if r.State != domain.RequestApproved || r.SecondApprovedBy != lvHR.NIP || ev.Subject() != "leave.approved" || len(r.Decisions) != 3 {
		t.Errorf("request %+v, event %s", r, ev.Subject())
	}

	// HR may reject at the second stage, with a reason.
	r = submitLong(t, domain.DefaultLeavePolicy())
	if _, _, err := r.Approve(emp, lvSupervisor, nil, lvToday); err != nil {
		t.Fatal(err)
	}
	_, err = r.Reject(emp, lvSupervisor, "changed my mind", lvToday)
	lvState(t, err, errs.PermissionDenied, "second approval")
	if _, err := r.Reject(emp, lvHR, "no replacement for the head of the health centre", lvToday); err != nil || r.State != domain.RequestRejected {
		t.Errorf("HR reject: %v, %s", err, r.State)
	}

	// Policy off: the supervisor's approval is final.
	r = submitLong(t, domain.LeavePolicy{})
	if _, _, err := r.Approve(emp, lvSupervisor, nil, lvToday); err != nil || r.State != domain.RequestApproved {
		t.Errorf("policy off: %v, %s", err, r.State)
	}

	// Sick leave over 14 working days needs it too; 14 days does not.
	gov := []domain.Attachment{{Kind: domain.AttachGovernmentDoctor, Ref: "RSUD-1"}}
	for _, c := range []struct {
		end  string
		want domain.LeaveState
	}{{"2026-12-28", domain.RequestAwaitingSecondApproval}, {"2026-12-24", domain.RequestApproved}} {
		s, _ := lvSubmit(t, domain.LeaveRequest{ID: "S" + c.end, Type: domain.LeaveSick, Start: lvd("2026-12-07"), End: lvd(c.end), Attachments: gov}, domain.Balance{}, domain.DefaultLeavePolicy())
		if _, _, err := s.Approve(emp, lvSupervisor, nil, lvToday); err != nil || s.State != c.want {
			t.Errorf("sick to %s: %v, state %s, want %s", c.end, err, s.State, c.want)
		}
	}
}

func TestCancel(t *testing.T) {
	emp := lvEmployee()
	r, bal := lvAnnual(t) // 2026-12-07 to 2026-12-11
	if _, _, err := r.Approve(emp, lvSupervisor, &bal, lvToday); err != nil {
		t.Fatal(err)
	}
	if bal.Available() != 7 {
		t.Fatalf("balance %d", bal.Available())
	}
	// Only the employee.
	_, _, err := r.Cancel(lvSupervisor, &bal, lvToday)
	lvState(t, err, errs.PermissionDenied, "only the employee (199001312019032002) may cancel")
	// On the first day, and after: too late.
	for _, day := range []string{"2026-12-07", "2026-12-09", "2026-12-14"} {
		_, _, err := r.Cancel(lvSelf, &bal, lvd(day))
		lvState(t, err, errs.FailedPrecondition, "started on 2026-12-07")
	}
	if r.State != domain.RequestApproved || bal.Available() != 7 {
		t.Fatalf("refused cancel changed %s / %d", r.State, bal.Available())
	}
	// The day before: cancelled, the 5 days come back.
	ev, entry, err := r.Cancel(lvSelf, &bal, lvd("2026-12-06"))
	if err != nil {
		t.Fatal(err)
	}
	if entry == nil || entry.Kind != domain.EntryReturned || entry.Days != 5 || entry.RequestID != "A1" {
		t.Errorf("entry %+v", entry)
	}
	if c, ok := ev.(domain.LeaveCancelled); !ok || c.Entry != entry || ev.Subject() != "leave.cancelled" {
		t.Errorf("event %#v", ev)
	}
	if r.State != domain.RequestCancelled || r.Spent != 0 || bal.Available() != 12 {
		t.Errorf("state %s, spent %d, balance %d", r.State, r.Spent, bal.Available())
	}
	_, _, err = r.Cancel(lvSelf, &bal, lvToday)
	lvState(t, err, errs.FailedPrecondition, "is cancelled")

	// A request not yet approved spent nothing and returns nothing.
	r, _ = lvAnnual(t)
	_, entry, err = r.Cancel(lvSelf, nil, lvToday)
	if err != nil || entry != nil || r.State != domain.RequestCancelled {
		t.Errorf("cancel submitted: %v, %+v, %s", err, entry, r.State)
	}
	// A long leave awaiting HR can be cancelled before it starts too.
	l, _ := lvSubmit(t, domain.LeaveRequest{ID: "B2", Type: domain.LeaveLong, Start: lvd("2026-12-01"), End: lvd("2027-01-31")}, lvBalance(2026, 0), domain.DefaultLeavePolicy())
	if _, _, err := l.Approve(emp, lvSupervisor, nil, lvToday); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Cancel(lvSelf, nil, lvToday); err != nil || l.State != domain.RequestCancelled {
		t.Errorf("cancel awaiting: %v, %s", err, l.State)
	}
}

func TestLeaveStateActive(t *testing.T) {
	for s, want := range map[domain.LeaveState]bool{
		domain.RequestSubmitted: true, domain.RequestAwaitingSecondApproval: true, domain.RequestDeferred: true,
		domain.RequestApproved: true, domain.RequestRejected: false, domain.RequestCancelled: false,
	} {
		if s.Active() != want {
			t.Errorf("%s.Active() = %v", s, !want)
		}
	}
}
