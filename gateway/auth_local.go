package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The agencies the demo people of the local sign-in come from, when they exist: the default
// agency shown, the city HR agency and the inspectorate.
const (
	defaultDemoAgency = "DISKOMINFO"
	cityHRAgency      = "BKPSDM"
	auditorAgency     = "INSPEKTORAT"
)

// localRoles are the roles a person may take in the local sign-in: every role but service.
var localRoles = []auth.Role{auth.RoleEmployee, auth.RoleSupervisor, auth.RoleAgencyHR, auth.RoleCityHR, auth.RoleAuditor}

// demoPeopleSize bounds how many employees of an agency the picker reads.
const demoPeopleSize = 1000

// localAgency is an agency the local sign-in offers.
type localAgency struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// localPerson is a suggested demo person with the role to sign in as.
type localPerson struct {
	NIP    string `json:"nip"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Agency string `json:"agency"`
	Label  string `json:"label"`
}

// localPeople is the JSON of GET /auth/local/people.
type localPeople struct {
	Agencies []localAgency `json:"agencies"`
	People   []localPerson `json:"people"`
}

// listerContext is ctx, bounded, carrying the gateway's own read-only token for planning.
func (g *Gateway) listerContext(ctx context.Context) (context.Context, context.CancelFunc, error) {
	tok, err := g.signIn.lister.Token()
	if err != nil {
		return nil, nil, status.Error(codes.Unavailable, err.Error())
	}
	ctx, cancel := context.WithTimeout(ctx, planningCallTimeout)
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok), cancel, nil
}

// handleLocalPeople answers GET /auth/local/people?agency=CODE: the top-level agencies and
// suggested demo people of one of them (DISKOMINFO by default, else the first) — an employee
// with a supervisor, that supervisor, another employee, someone for the agency's HR — with a
// city HR person (BKPSDM) and an auditor (INSPEKTORAT).
func (g *Gateway) handleLocalPeople(w http.ResponseWriter, r *http.Request) {
	ctx, cancel, err := g.listerContext(r.Context())
	if err != nil {
		g.writeRPCError(w, r, err)
		return
	}
	defer cancel()
	pl := g.signIn.planning
	resp, err := pl.ListAgencies(ctx, &planningv1.ListAgenciesRequest{Parent: "-", PageSize: 1000})
	if err != nil {
		g.writeRPCError(w, r, err)
		return
	}
	out := localPeople{Agencies: []localAgency{}, People: []localPerson{}}
	names := map[string]string{}
	for _, a := range resp.GetAgencies() {
		out.Agencies = append(out.Agencies, localAgency{Code: a.GetCode(), Name: a.GetDisplayName()})
		names[a.GetCode()] = a.GetDisplayName()
	}
	code := r.URL.Query().Get("agency")
	switch {
	case code != "" && names[code] == "":
		writeFieldError(w, "agency", "no top-level agency has the code "+code)
		return
	case code != "":
	case names[defaultDemoAgency] != "":
		code = defaultDemoAgency
	case len(out.Agencies) > 0:
		code = out.Agencies[0].Code
	default:
		writeJSONValue(w, http.StatusOK, out)
		return
	}

	staff, err := g.agencyStaff(ctx, code, names[code])
	if err != nil {
		g.writeRPCError(w, r, err)
		return
	}
	chosen := map[string]bool{}
	for _, p := range pickPeople(staff) {
		out.People = append(out.People, p)
		chosen[p.NIP] = true
	}
	for _, x := range []struct {
		agency string
		role   auth.Role
	}{{cityHRAgency, auth.RoleCityHR}, {auditorAgency, auth.RoleAuditor}} {
		pool := staff
		if x.agency != code && names[x.agency] != "" {
			if pool, err = g.agencyStaff(ctx, x.agency, names[x.agency]); err != nil {
				g.writeRPCError(w, r, err)
				return
			}
		}
		for _, s := range pool {
			if !chosen[s.emp.GetNip()] {
				out.People = append(out.People, s.person(x.role))
				chosen[s.emp.GetNip()] = true
				break
			}
		}
	}
	writeJSONValue(w, http.StatusOK, out)
}

// staffMember is an active employee with where they work, for the picker's label.
type staffMember struct {
	emp   *planningv1.Employee
	where string // position title, else unit name, else agency name
	hr    int    // how much the unit or position looks like HR (kepegawaian)
}

func (s staffMember) person(role auth.Role) localPerson {
	name := displayName(s.emp)
	return localPerson{NIP: s.emp.GetNip(), Name: name, Role: string(role), Agency: s.emp.GetAgency(), Label: name + " — " + s.where}
}

// agencyStaff reads the first demoPeopleSize active employees of agency with their units'
// names and positions' titles.
func (g *Gateway) agencyStaff(ctx context.Context, agency, agencyName string) ([]staffMember, error) {
	pl := g.signIn.planning
	emps, err := pl.ListEmployees(ctx, &planningv1.ListEmployeesRequest{Agency: agency, Status: planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE, PageSize: demoPeopleSize})
	if err != nil {
		return nil, err
	}
	units, err := pl.ListAgencies(ctx, &planningv1.ListAgenciesRequest{Parent: agency, PageSize: 1000})
	if err != nil {
		return nil, err
	}
	unitName := map[string]string{}
	for _, u := range units.GetAgencies() {
		unitName[u.GetCode()] = u.GetDisplayName()
	}
	positions, err := pl.ListPositions(ctx, &planningv1.ListPositionsRequest{Agency: agency, PageSize: 1000})
	if err != nil {
		return nil, err
	}
	title := map[string]string{}
	for _, p := range positions.GetPositions() {
		title[p.GetId()] = p.GetTitle()
	}
	out := make([]staffMember, 0, len(emps.GetEmployees()))
	for _, e := range emps.GetEmployees() {
		t, u := title[e.GetPosition()], unitName[e.GetUnit()]
		where := t
		if where == "" {
			where = u
		}
		if where == "" {
			where = agencyName
		}
		out = append(out, staffMember{emp: e, where: where, hr: hrScore(t + " " + u)})
	}
	return out, nil
}

// hrScore says how much a unit's or position's name looks like the agency's HR office.
func hrScore(s string) int {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "kepegawaian"):
		return 3
	case strings.Contains(s, "sumber daya manusia") || strings.Contains(s, "sdm"):
		return 2
	case strings.Contains(s, "sekretariat") || strings.Contains(s, "umum"):
		return 1
	}
	return 0
}

// pickPeople suggests, from an agency's staff in NIP order: an employee with a supervisor, that
// supervisor, another employee (of the same supervisor when there is one), and an agency HR
// person. The supervisor is one whose direct reports supervise nobody, preferably one with a
// supervisor of their own (a section head with staff rather than the agency's head), with the
// most such reports.
func pickPeople(staff []staffMember) []localPerson {
	present := map[string]bool{}
	for _, s := range staff {
		present[s.emp.GetNip()] = true
	}
	reports := map[string][]int{}
	for i, s := range staff {
		if sup := s.emp.GetSupervisor(); sup != "" && present[sup] {
			reports[sup] = append(reports[sup], i)
		}
	}
	leaves := func(nip string) []int {
		var out []int
		for _, i := range reports[nip] {
			if len(reports[staff[i].emp.GetNip()]) == 0 {
				out = append(out, i)
			}
		}
		return out
	}
	// The best supervisor has a supervisor too (a section head, not the agency's head), then the
	// most staff.
	sup, best, bestUnder := -1, 0, false
	for i, s := range staff {
		n, under := len(leaves(s.emp.GetNip())), present[s.emp.GetSupervisor()]
		if n > 0 && ((under && !bestUnder) || (under == bestUnder && n > best)) {
			sup, best, bestUnder = i, n, under
		}
	}
	var out []localPerson
	chosen := map[int]bool{}
	add := func(i int, role auth.Role) {
		out = append(out, staff[i].person(role))
		chosen[i] = true
	}
	if sup >= 0 {
		team := leaves(staff[sup].emp.GetNip())
		add(team[0], auth.RoleEmployee)
		add(sup, auth.RoleSupervisor)
		if len(team) > 1 {
			add(team[1], auth.RoleEmployee)
		}
	}
	for i := range staff {
		if len(out) >= 3 || (sup < 0 && len(out) >= 2) {
			break
		}
		if !chosen[i] {
			add(i, auth.RoleEmployee)
		}
	}
	hr, score := -1, -1
	for i, s := range staff {
		if !chosen[i] && s.hr > score {
			hr, score = i, s.hr
		}
	}
	if hr >= 0 {
		add(hr, auth.RoleAgencyHR)
	}
	return out
}

// localSignIn is the body of POST /auth/local.
type localSignIn struct {
	NIP  string `json:"nip"`
	Role string `json:"role"`
}

// handleLocalSignIn answers POST /auth/local {"nip","role"}: it checks the NIP names an active
// employee, issues a token as `simpeg token` would (the employee's agency as the agency claim
// for employee, supervisor and agency-hr; none for the city-wide city-hr and auditor), sets the
// session cookie and answers the session.
func (g *Gateway) handleLocalSignIn(w http.ResponseWriter, r *http.Request) {
	var in localSignIn
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeStatus(w, http.StatusBadRequest, codes.InvalidArgument, `the body must be {"nip":"<18 digits>","role":"<role>"}: `+err.Error())
		return
	}
	role := auth.Role(in.Role)
	if !slices.Contains(localRoles, role) {
		writeFieldError(w, "role", "must be one of employee, supervisor, agency-hr, city-hr, auditor")
		return
	}
	if !nipPattern.MatchString(in.NIP) {
		writeFieldError(w, "nip", "must be 18 digits")
		return
	}
	ctx, cancel, err := g.listerContext(r.Context())
	if err != nil {
		g.writeRPCError(w, r, err)
		return
	}
	defer cancel()
	resp, err := g.signIn.planning.GetEmployee(ctx, &planningv1.GetEmployeeRequest{Name: "employees/" + in.NIP})
	switch status.Code(err) {
	case codes.OK:
	case codes.NotFound:
		writeFieldError(w, "nip", "no employee has this NIP")
		return
	default:
		g.writeRPCError(w, r, err)
		return
	}
	emp := resp.GetEmployee()
	if emp.GetStatus() != planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE {
		writeFieldError(w, "nip", "the employee is not active")
		return
	}
	p := auth.Principal{Subject: in.NIP, Roles: []auth.Role{role}}
	if role != auth.RoleCityHR && role != auth.RoleAuditor {
		p.Agency = emp.GetAgency()
	}
	tok, err := g.signIn.signer.Issue(p, g.signIn.ttl)
	if err != nil {
		g.writeRPCError(w, r, status.Error(codes.Unavailable, err.Error()))
		return
	}
	p.ExpiresAt = time.Now().Add(g.signIn.ttl)
	g.signIn.setSession(w, r, tok, p.ExpiresAt)
	g.log.InfoContext(r.Context(), "local sign-in", "subject", p.Subject, "role", string(role), "agency", p.Agency)
	writeJSONValue(w, http.StatusOK, g.describe(r.Context(), p, tok, emp))
}
