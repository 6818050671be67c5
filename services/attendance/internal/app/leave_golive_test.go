package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// Issue 8 items 1, 4 and 8 as use cases, over the real store on every engine: PPPK leave types
// (PP 49/2018 art. 70), the real submitter in the history, and the top of the chain (a top
// official's leave decided by the PPK, recorded by city HR with the decree's number).

const (
	glSekda = "197003121995031001" // the city secretary: no supervisor in the directory
	glStaff = "198609262015051001" // reports to glSekda
	glPPPK  = "202301012019030001" // a PPPK (contract ASN) since March 2019, reports to glSekda
	glSK    = "800.1.6.2/1234/BKPSDM/2026"
)

func newGoLiveSuite(t *testing.T, engine testenv.Engine) suite {
	e := newEnv(t, engine,
		&planningv1.Employee{Nip: glSekda, Agency: "SETDA", EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS},
		&planningv1.Employee{Nip: glStaff, Agency: "SETDA", Supervisor: glSekda, EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS},
		&planningv1.Employee{Nip: glPPPK, Agency: "SETDA", Supervisor: glSekda, EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK,
			AppointmentDate: "2019-03-01", Sex: planningv1.Sex_SEX_FEMALE},
	)
	return newSuite(e, e.store, lvToday)
}

// TestLeaveGoLive runs the three items on each engine.
func TestLeaveGoLive(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newGoLiveSuite(t, engine)
		t.Run("PPPK leave types", func(t *testing.T) { glPPPKTypes(t, s) })
		t.Run("who submitted", func(t *testing.T) { glSubmitter(t, s) })
		t.Run("the top of the chain", func(t *testing.T) { glTopOfChain(t, s) })
	})
}

func glPPPKTypes(t *testing.T, s suite) {
	hr := agencyHR("setda-hr", "SETDA")
	tests := []struct {
		name    string
		req     *attendancev1.LeaveRequest
		refused bool
	}{
		{"long leave", lvReq(glPPPK, lvLong, "2026-07-01", "2026-07-31"), true},
		{"important reasons", &attendancev1.LeaveRequest{Employee: glPPPK, Type: attendancev1.LeaveType_LEAVE_TYPE_IMPORTANT_REASONS, StartDate: "2026-07-01", EndDate: "2026-07-02",
			Reason: "orang tua sakit", Attachments: []*attendancev1.LeaveAttachment{{Kind: "supporting_document", Reference: "rs/9"}}}, true},
		{"unpaid", &attendancev1.LeaveRequest{Employee: glPPPK, Type: attendancev1.LeaveType_LEAVE_TYPE_UNPAID, StartDate: "2026-07-01", EndDate: "2027-06-30",
			Reason: "studi", Attachments: []*attendancev1.LeaveAttachment{{Kind: "bkn_approval", Reference: "bkn/1"}}}, true},
		{"annual", lvReq(glPPPK, lvAnnual, "2026-07-01", "2026-07-02"), false},
		{"sick", lvReq(glPPPK, lvSick, "2026-08-03", "2026-08-04", lvDoctorsNote), false},
		{"long leave of a PNS", lvReq(glStaff, lvLong, "2026-07-01", "2026-07-31"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := s.count(t, `SELECT COUNT(*) FROM leave_requests`)
			_, err := s.api.CreateLeaveRequest(hr, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: tt.req})
			if !tt.refused {
				if err != nil {
					t.Fatalf("CreateLeaveRequest: %v", err)
				}
				return
			}
			testenv.WantKind(t, err, errs.Invalid, "leave_request.type")
			if !strings.Contains(err.Error(), "PPPK") || !strings.Contains(err.Error(), "PP 49/2018") {
				t.Errorf("the refusal does not name the employment type and the rule: %v", err)
			}
			if n := s.count(t, `SELECT COUNT(*) FROM leave_requests`); n != rows {
				t.Errorf("a refused request left %d rows", n-rows)
			}
		})
	}
}

func glSubmitter(t *testing.T, s suite) {
	tests := []struct {
		name     string
		who      context.Context
		by, role string
	}{
		{"the employee", employee(glStaff, "SETDA"), glStaff, "employee"},
		{"agency HR on the employee's behalf", agencyHR("setda-hr", "SETDA"), "setda-hr", "agency-hr"},
		{"city HR on the employee's behalf", cityHR, "bkpsdm-admin", "city-hr"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day := []string{"2026-09-01", "2026-09-08", "2026-09-15"}[i]
			resp, err := s.api.CreateLeaveRequest(tt.who, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: lvReq(glStaff, lvAnnual, day, day)})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []*attendancev1.LeaveRequest{resp.GetLeaveRequest(), glGet(t, s, resp.GetLeaveRequest().GetName())} {
				d := r.GetDecisions()[0]
				if r.GetEmployee() != glStaff || d.GetAction() != "submitted" || d.GetActor() != tt.by || d.GetRole() != tt.role {
					t.Errorf("employee %s, history %v; want %s submitted by %s as %s", r.GetEmployee(), d, glStaff, tt.by, tt.role)
				}
			}
		})
	}
}

func glGet(t *testing.T, s suite, name string) *attendancev1.LeaveRequest {
	t.Helper()
	resp, err := s.api.GetLeaveRequest(cityHR, &attendancev1.GetLeaveRequestRequest{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return resp.GetLeaveRequest()
}

func glTopOfChain(t *testing.T, s suite) {
	submit := func(t *testing.T, start, end string) string {
		t.Helper()
		resp, err := s.api.CreateLeaveRequest(employee(glSekda, "SETDA"), &attendancev1.CreateLeaveRequestRequest{LeaveRequest: lvReq("", lvAnnual, start, end)})
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetLeaveRequest().GetName()
	}
	type decideFn func(who context.Context, name, decree string) (*attendancev1.LeaveRequest, error)
	approve := func(who context.Context, name, decree string) (*attendancev1.LeaveRequest, error) {
		r, err := s.api.ApproveLeaveRequest(who, &attendancev1.ApproveLeaveRequestRequest{Name: name, DecreeNumber: decree})
		return r.GetLeaveRequest(), err
	}
	reject := func(who context.Context, name, decree string) (*attendancev1.LeaveRequest, error) {
		r, err := s.api.RejectLeaveRequest(who, &attendancev1.RejectLeaveRequestRequest{Name: name, Reason: "rapat paripurna DPRD", DecreeNumber: decree})
		return r.GetLeaveRequest(), err
	}
	deferTo := func(who context.Context, name, decree string) (*attendancev1.LeaveRequest, error) {
		r, err := s.api.DeferLeaveRequest(who, &attendancev1.DeferLeaveRequestRequest{Name: name, StartDate: "2026-11-02", EndDate: "2026-11-03",
			Reason: "pembahasan APBD", DecreeNumber: decree})
		return r.GetLeaveRequest(), err
	}
	tests := []struct {
		action, start, end string
		decide             decideFn
		state              attendancev1.LeaveState
	}{
		{"approved", "2026-10-05", "2026-10-06", approve, lvApproved},
		{"rejected", "2026-10-12", "2026-10-13", reject, lvRejected},
		{"deferred", "2026-10-19", "2026-10-20", deferTo, lvDeferred},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			name := submit(t, tt.start, tt.end)
			refusals := []struct {
				name   string
				who    context.Context
				decree string
				kind   errs.Kind
				field  string
			}{
				{"city HR without the decree", cityHR, "", errs.Invalid, "decree_number"},
				{"city HR with a malformed decree", cityHR, "SK<b>", errs.Invalid, "decree_number"},
				{"agency HR", agencyHR("setda-hr", "SETDA"), glSK, errs.PermissionDenied, ""},
			}
			for _, r := range refusals {
				_, err := tt.decide(r.who, name, r.decree)
				testenv.WantKind(t, err, r.kind, r.field)
				if r.kind == errs.PermissionDenied && !strings.Contains(err.Error(), "no direct supervisor") {
					t.Errorf("%s: %v does not say why", r.name, err)
				}
			}
			if st := glGet(t, s, name).GetState(); st != lvSubmitted {
				t.Fatalf("refusals changed the request to %s", st)
			}
			got, err := tt.decide(cityHR, name, glSK)
			if err != nil {
				t.Fatalf("city HR recording the PPK's decision: %v", err)
			}
			for _, r := range []*attendancev1.LeaveRequest{got, glGet(t, s, name)} {
				d := r.GetDecisions()[len(r.GetDecisions())-1]
				if r.GetState() != tt.state || d.GetAction() != tt.action || d.GetActor() != "bkpsdm-admin" || d.GetRole() != "city-hr" || d.GetDecreeNumber() != glSK {
					t.Errorf("state %s, history %v; want %s by bkpsdm-admin as city-hr under %s", r.GetState(), d, tt.action, glSK)
				}
			}
			audits := strings.Join(s.audits(t, name), "\n")
			if !strings.Contains(audits, "decree "+glSK) {
				t.Errorf("the audit trail does not name the decree: %s", audits)
			}
		})
	}
	t.Run("a decree for an employee with a supervisor", func(t *testing.T) {
		resp, err := s.api.CreateLeaveRequest(employee(glStaff, "SETDA"), &attendancev1.CreateLeaveRequestRequest{LeaveRequest: lvReq("", lvAnnual, "2026-12-01", "2026-12-01")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = approve(supervisor(glSekda, "SETDA"), resp.GetLeaveRequest().GetName(), glSK)
		testenv.WantKind(t, err, errs.Invalid, "decree_number")
	})
}
