package main

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// Issue 8 items 1, 4 and 8 through the REST gateway of the suite started in-process, on each
// engine: a PPPK's long and unpaid leave are refused naming the employment type; agency HR
// filing leave for an employee is the submitter in the history; the city secretary's leave
// (no supervisor in the directory) is decided by the PPK, which city HR records with the
// decree's number, on approve, reject and defer.

const (
	glSekdaNIP = "197003121995031001" // the city secretary: no supervisor
	glStaffNIP = "198609262015051001" // reports to the city secretary
	glPPPKNIP  = "202301012019030001" // a PPPK (contract ASN) appointed March 2019
	glDecree   = "800.1.6.2/1234/BKPSDM/2026"
)

func TestGoLiveLeave(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "SETDA", "displayName": "Sekretariat Daerah", "kind": "AGENCY_KIND_SECRETARIAT"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": glSekdaNIP, "fullName": "Wiriya Alrahman", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/d", "agency": "SETDA"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": glStaffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "SETDA", "supervisor": glSekdaNIP}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": glPPPKNIP, "fullName": "Lestari Nainggolan", "employmentType": "EMPLOYMENT_TYPE_PPPK", "rank": "IX",
				"sex": "SEX_FEMALE", "birthDate": "1990-04-02", "appointmentDate": "2019-03-01", "agency": "SETDA", "supervisor": glSekdaNIP}).want(t, 200)
			today := time.Now().In(wib)
			for _, nip := range []string{glSekdaNIP, glStaffNIP, glPPPKNIP} {
				deadline := time.Now().Add(10 * time.Second)
				for s.do(t, "GET", "/v1/employees/"+nip+"/expectedDays/"+today.Format(time.DateOnly), cityHR, nil).status != 200 {
					if time.Now().After(deadline) {
						t.Fatalf("the directory copy did not catch up with %s", nip)
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
			// The next working days from tomorrow: annual leave cannot start in the past.
			var days []string
			for d := today.AddDate(0, 0, 1); len(days) < 6; d = d.AddDate(0, 0, 1) {
				e := s.do(t, "GET", "/v1/employees/"+glStaffNIP+"/expectedDays/"+d.Format(time.DateOnly), cityHR, nil).want(t, 200)
				if working, _ := e.body["working"].(bool); working {
					days = append(days, d.Format(time.DateOnly))
				}
			}

			t.Run("PPPK leave", func(t *testing.T) {
				pppk := s.token(t, auth.RoleEmployee, "SETDA", glPPPKNIP)
				far := today.AddDate(0, 2, 0)
				for _, typ := range []string{"LEAVE_TYPE_LONG", "LEAVE_TYPE_UNPAID", "LEAVE_TYPE_IMPORTANT_REASONS"} {
					r := s.do(t, "POST", "/v1/leaveRequests", pppk, map[string]any{"type": typ, "startDate": far.Format(time.DateOnly),
						"endDate": far.AddDate(0, 0, 20).Format(time.DateOnly), "reason": "keperluan keluarga"}).want(t, 400)
					if !r.fieldViolation("leave_request.type") || !bytesContain(r.raw, "PPPK", "PP 49/2018 art. 70") {
						t.Errorf("%s for a PPPK: %s", typ, r.raw)
					}
				}
				// Annual leave is theirs too.
				s.do(t, "POST", "/v1/leaveRequests", pppk, map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": days[0], "endDate": days[0]}).want(t, 200)
			})

			t.Run("who submitted", func(t *testing.T) {
				hr := s.token(t, auth.RoleAgencyHR, "SETDA", "setda-hr")
				r := s.do(t, "POST", "/v1/leaveRequests", hr, map[string]any{"employee": glStaffNIP, "type": "LEAVE_TYPE_ANNUAL", "startDate": days[0], "endDate": days[0]}).want(t, 200)
				name, _ := r.createdLeave()["name"].(string)
				got := s.do(t, "GET", "/v1/"+name, s.token(t, auth.RoleEmployee, "SETDA", glStaffNIP), nil).want(t, 200)
				first := glDecision(got.body, 0)
				if got.body["employee"] != glStaffNIP || first["action"] != "submitted" || first["actor"] != "setda-hr" || first["role"] != "agency-hr" {
					t.Errorf("agency HR's submission reads %s", got.raw)
				}
			})

			t.Run("the top of the chain", func(t *testing.T) {
				sekda := s.token(t, auth.RoleEmployee, "SETDA", glSekdaNIP)
				agencyHR := s.token(t, auth.RoleAgencyHR, "SETDA", "setda-hr")
				tests := []struct {
					action, verb, day, state string
					body                     map[string]any
				}{
					{"approved", "approve", days[1], "LEAVE_STATE_APPROVED", map[string]any{}},
					{"rejected", "reject", days[2], "LEAVE_STATE_REJECTED", map[string]any{"reason": "rapat paripurna DPRD"}},
					{"deferred", "defer", days[3], "LEAVE_STATE_DEFERRED", map[string]any{"reason": "pembahasan APBD", "startDate": days[5], "endDate": days[5]}},
				}
				for _, tt := range tests {
					r := s.do(t, "POST", "/v1/leaveRequests", sekda, map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": tt.day, "endDate": tt.day}).want(t, 200)
					name, _ := r.createdLeave()["name"].(string)
					with := func(decree string) map[string]any {
						b := map[string]any{}
						for k, v := range tt.body {
							b[k] = v
						}
						if decree != "" {
							b["decreeNumber"] = decree
						}
						return b
					}
					if r := s.do(t, "POST", "/v1/"+name+":"+tt.verb, cityHR, with("")).want(t, 400); !r.fieldViolation("decree_number") {
						t.Errorf("%s without a decree: %s", tt.verb, r.raw)
					}
					if r := s.do(t, "POST", "/v1/"+name+":"+tt.verb, cityHR, with("SK;<b>")).want(t, 400); !r.fieldViolation("decree_number") {
						t.Errorf("%s with a malformed decree: %s", tt.verb, r.raw)
					}
					s.do(t, "POST", "/v1/"+name+":"+tt.verb, agencyHR, with(glDecree)).want(t, 403)
					done := s.do(t, "POST", "/v1/"+name+":"+tt.verb, cityHR, with(glDecree)).want(t, 200)
					got := s.do(t, "GET", "/v1/"+name, sekda, nil).want(t, 200)
					for _, b := range []reply{done, got} {
						last := glDecision(b.body, -1)
						if b.body["state"] != tt.state || last["action"] != tt.action || last["actor"] != "bkpsdm" || last["role"] != "city-hr" || last["decreeNumber"] != glDecree {
							t.Errorf("%s by the PPK reads %s", tt.verb, b.raw)
						}
					}
				}
				// The staff member's supervisor decides their leave; a decree number there is refused.
				r := s.do(t, "POST", "/v1/leaveRequests", s.token(t, auth.RoleEmployee, "SETDA", glStaffNIP), map[string]any{"type": "LEAVE_TYPE_ANNUAL", "startDate": days[4], "endDate": days[4]}).want(t, 200)
				name, _ := r.createdLeave()["name"].(string)
				supervisor := s.token(t, auth.RoleSupervisor, "SETDA", glSekdaNIP)
				if r := s.do(t, "POST", "/v1/"+name+":approve", supervisor, map[string]any{"decreeNumber": glDecree}).want(t, 400); !r.fieldViolation("decree_number") {
					t.Errorf("a decree for a supervised employee: %s", r.raw)
				}
				approved := s.do(t, "POST", "/v1/"+name+":approve", supervisor, map[string]any{}).want(t, 200)
				if last := glDecision(approved.body, -1); last["role"] != "supervisor" || last["actor"] != glSekdaNIP || last["decreeNumber"] != nil {
					t.Errorf("the supervisor's approval reads %s", approved.raw)
				}
			})
		})
	}
}

// glDecision returns a request's history entry i (negative: from the end).
func glDecision(body map[string]any, i int) map[string]any {
	list, _ := body["decisions"].([]any)
	if i < 0 {
		i += len(list)
	}
	if i < 0 || i >= len(list) {
		return nil
	}
	d, _ := list[i].(map[string]any)
	return d
}

// bytesContain reports whether raw contains every one of parts.
func bytesContain(raw []byte, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(string(raw), p) {
			return false
		}
	}
	return true
}
