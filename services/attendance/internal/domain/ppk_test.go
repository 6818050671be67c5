package domain_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// TestPPPKLeaveTypes: PPPK have only annual, sick, maternity and collective leave (PP 49/2018
// art. 70); the other types are refused on type, naming the employment type, before any other
// check. A PNS with the same request is not refused for it.
func TestPPPKLeaveTypes(t *testing.T) {
	doc := []domain.Attachment{{Kind: domain.AttachDoctorsNote, Ref: "klinik-7"}}
	tests := []struct {
		name    string
		r       domain.LeaveRequest
		allowed bool
	}{
		{"annual", domain.LeaveRequest{Type: domain.LeaveAnnual, Start: lvd("2026-12-07"), End: lvd("2026-12-08")}, true},
		{"sick", domain.LeaveRequest{Type: domain.LeaveSick, Start: lvd("2026-12-07"), End: lvd("2026-12-08"), Attachments: doc}, true},
		{"maternity", domain.LeaveRequest{Type: domain.LeaveMaternity, Start: lvd("2026-12-07"), End: lvd("2027-03-06"), ChildNumber: 1,
			Attachments: []domain.Attachment{{Kind: domain.AttachMedicalCertificate, Ref: "bidan-1"}}}, true},
		{"long", domain.LeaveRequest{Type: domain.LeaveLong, Start: lvd("2026-12-07"), End: lvd("2027-01-06")}, false},
		{"important reasons", domain.LeaveRequest{Type: domain.LeaveImportantReasons, Start: lvd("2026-12-07"), End: lvd("2026-12-08"), Reason: "pernikahan"}, false},
		{"unpaid", domain.LeaveRequest{Type: domain.LeaveUnpaid, Start: lvd("2026-12-07"), End: lvd("2027-12-06"), Reason: "studi"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pppk := lvEmployee()
			pppk.PPPK, pppk.Appointment = true, lvd("2015-01-05")
			tc.r.EmployeeNIP = pppk.NIP
			_, err := domain.ValidateRequest(tc.r, pppk, lvCalendar(), lvToday, lvBalance(2026, 0), domain.DefaultLeavePolicy())
			refused := false
			if e, ok := errs.As(err); ok {
				for _, v := range e.Violations {
					refused = refused || (v.Field == "type" && strings.Contains(v.Description, "PPPK") && strings.Contains(v.Description, "PP 49/2018 art. 70"))
				}
			}
			if refused == tc.allowed {
				t.Fatalf("PPPK %s: err %v, want refused=%v", tc.name, err, !tc.allowed)
			}
			if rule, _ := domain.LeaveRuleOf(tc.r.Type); rule.ForPPPK != tc.allowed {
				t.Errorf("rule table: %s ForPPPK=%v", tc.r.Type, rule.ForPPPK)
			}
			pns := lvEmployee()
			pns.Appointment = lvd("2015-01-05")
			if _, err := domain.ValidateRequest(tc.r, pns, lvCalendar(), lvToday, lvBalance(2026, 0), domain.DefaultLeavePolicy()); err != nil && strings.Contains(err.Error(), "PPPK") {
				t.Errorf("PNS refused as PPPK: %v", err)
			}
		})
	}
}

// TestSubmitBy: the history's first entry names who really submitted and in which role; the
// employee stays the requester.
func TestSubmitBy(t *testing.T) {
	r := domain.LeaveRequest{ID: "A1", EmployeeNIP: lvSelf.NIP, Type: domain.LeaveAnnual, Start: lvd("2026-12-07"), End: lvd("2026-12-11")}
	a, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, lvBalance(2026, 0), domain.DefaultLeavePolicy())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		by       domain.LeaveActor
		wantBy   string
		wantRole string
	}{
		{"the employee", domain.LeaveActor{NIP: lvSelf.NIP, Role: domain.RoleEmployee}, lvSelf.NIP, domain.RoleEmployee},
		{"agency HR on their behalf", domain.LeaveActor{NIP: lvHR.NIP, Role: domain.RoleAgencyHR}, lvHR.NIP, domain.RoleAgencyHR},
		{"no actor given", domain.LeaveActor{}, lvSelf.NIP, domain.RoleEmployee},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := domain.SubmitBy(r, lvEmployee(), a, tc.by, lvToday)
			d := got.Decisions[0]
			if got.EmployeeNIP != lvSelf.NIP || d.Action != "submitted" || d.By != tc.wantBy || d.Role != tc.wantRole {
				t.Errorf("requester %s, history %+v; want submitted by %s as %s", got.EmployeeNIP, d, tc.wantBy, tc.wantRole)
			}
		})
	}
}

// lvCityHR records the PPK's decisions.
var lvCityHR = domain.LeaveActor{NIP: "bkpsdm-admin", CityHR: true}

// TestTopOfficial: an employee without a supervisor (a top official) has their leave decided by
// the PPK, which city HR records with the decree's number; approve, reject and defer all take
// this path, and the history shows who recorded it, the decree and the decision.
func TestTopOfficial(t *testing.T) {
	const sk = "800.1.6.2/1234/BKPSDM/2026"
	top := lvEmployee()
	top.Supervisor = ""
	submit := func(t *testing.T, typ domain.LeaveType, end string) domain.LeaveRequest {
		t.Helper()
		r := domain.LeaveRequest{ID: "T1", EmployeeNIP: top.NIP, Type: typ, Start: lvd("2026-12-07"), End: lvd(end)}
		a, err := domain.ValidateRequest(r, top, lvCalendar(), lvToday, lvBalance(2026, 0), domain.DefaultLeavePolicy())
		if err != nil {
			t.Fatal(err)
		}
		r, _ = domain.Submit(r, top, a, lvToday)
		return r
	}
	with := func(a domain.LeaveActor, decree string) domain.LeaveActor { a.Decree = decree; return a }
	decide := func(r *domain.LeaveRequest, action string, actor domain.LeaveActor) error {
		bal := lvBalance(2026, 0)
		switch action {
		case "approved":
			_, _, err := r.Approve(top, actor, &bal, lvToday)
			return err
		case "rejected":
			_, err := r.Reject(top, actor, "tugas kedinasan", lvToday)
			return err
		}
		a, _ := domain.ValidateRequest(domain.LeaveRequest{EmployeeNIP: top.NIP, Type: r.Type, Start: lvd("2027-01-11"), End: lvd("2027-01-12")}, top, lvCalendar(), lvToday, lvBalance(2027, 0), domain.DefaultLeavePolicy())
		_, err := r.Defer(top, actor, domain.DateRange{Start: lvd("2027-01-11"), End: lvd("2027-01-12")}, a, "rapat paripurna", lvToday)
		return err
	}
	for _, action := range []string{"approved", "rejected", "deferred"} {
		t.Run(action, func(t *testing.T) {
			refusals := []struct {
				name  string
				actor domain.LeaveActor
				kind  errs.Kind
				want  string
			}{
				{"city HR without a decree", lvCityHR, errs.Invalid, "decree_number"},
				{"city HR with a bad decree", with(lvCityHR, "SK<script>"), errs.Invalid, "decree_number"},
				{"city HR with a decree without a digit", with(lvCityHR, "SK walikota"), errs.Invalid, "decree_number"},
				{"city HR with an over-long decree", with(lvCityHR, strings.Repeat("1", domain.DecreeNumberMaxLen+1)), errs.Invalid, "decree_number"},
				{"agency HR with a decree", with(lvHR, sk), errs.PermissionDenied, "has no direct supervisor"},
				{"a would-be supervisor", lvSupervisor, errs.PermissionDenied, "has no direct supervisor"},
				{"city HR deciding their own leave", domain.LeaveActor{NIP: top.NIP, CityHR: true, Decree: sk}, errs.PermissionDenied, "their own"},
			}
			for _, tc := range refusals {
				r := submit(t, domain.LeaveAnnual, "2026-12-08")
				err := decide(&r, action, tc.actor)
				e := lvKind(t, err, tc.kind)
				if !strings.Contains(e.Error(), tc.want) && !(len(e.Violations) > 0 && e.Violations[0].Field == tc.want) {
					t.Errorf("%s: %v, want it to name %s", tc.name, err, tc.want)
				}
				if r.State != domain.RequestSubmitted || len(r.Decisions) != 1 {
					t.Errorf("%s changed the request: %+v", tc.name, r)
				}
			}
			r := submit(t, domain.LeaveAnnual, "2026-12-08")
			if err := decide(&r, action, with(lvCityHR, " "+sk+" ")); err != nil {
				t.Fatal(err)
			}
			d := r.Decisions[len(r.Decisions)-1]
			if d.Action != action || d.By != lvCityHR.NIP || d.Role != domain.RoleCityHR || d.Decree != sk {
				t.Errorf("history %+v; want %s recorded by %s as city-hr with decree %s", d, action, lvCityHR.NIP, sk)
			}
		})
	}
	t.Run("the PPK's approval of long leave is final", func(t *testing.T) {
		top.Appointment = lvd("2010-01-04")
		r := submit(t, domain.LeaveLong, "2027-01-06")
		if !r.NeedsSecondApproval {
			t.Fatal("long leave does not need a second approval under the default policy")
		}
		if err := decide(&r, "approved", with(lvCityHR, sk)); err != nil {
			t.Fatal(err)
		}
		if r.State != domain.RequestApproved {
			t.Errorf("state %s, want approved", r.State)
		}
	})
	t.Run("a decree for an employee with a supervisor", func(t *testing.T) {
		r, bal := lvAnnual(t)
		_, _, err := r.Approve(lvEmployee(), with(lvSupervisor, sk), &bal, lvToday)
		if e := lvKind(t, err, errs.Invalid); len(e.Violations) == 0 || e.Violations[0].Field != "decree_number" {
			t.Errorf("error %v, want one on decree_number", err)
		}
	})
}

// TestValidateDecreeNumber: the decree numbers city HR types.
func TestValidateDecreeNumber(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"800.1.6.2/1234/BKPSDM/2026", true},
		{"Kep. 821.2/0045 (2026)", true},
		{"12", false},
		{"", false},
		{"SK/BKPSDM", false},
		{"800/12\x00", false},
		{"800/12\u202e", false},
		{strings.Repeat("9", 100), true},
		{strings.Repeat("9", 101), false},
	}
	for _, tc := range tests {
		if err := domain.ValidateDecreeNumber(tc.in); (err == nil) != tc.ok {
			t.Errorf("ValidateDecreeNumber(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}
