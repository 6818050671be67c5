package grpcapi_test

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
	"github.com/simpeg-id/simpeg/services/training/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/training/internal/store"
)

// The internship methods as a client calls them: a real store on each engine, the use cases,
// the Server, and the platform's interceptor chain (authentication against Rules, the text
// guard, protovalidate, the mapping of errors to statuses with their google.rpc.BadRequest) on
// its in-process channel, which skips only the network.

// The people of the fixture city. DISKOMINFO: kominfoHead ← kabid ← staff1, staff2, and the
// CPNS rizky, putri; DINKES: dinkesHead ← nurse, and the CPNS dimas.
const (
	kominfoHead = "197001011995031001"
	kabid       = "198001012005011002"
	staff1      = "199001012015031003"
	staff2      = "199202022016032004"
	dinkesHead  = "197502022000032005"
	nurse       = "198808082012012006"
	rizky       = "200101012025011001"
	putri       = "200202022025012002"
	dimas       = "200303032025011003"
)

// internPeople are the fixture's employees as planning's events carry them.
func internPeople() []*planningv1.Employee {
	e := func(nip, name, agency, sup string, kind planningv1.EmploymentType) *planningv1.Employee {
		return &planningv1.Employee{Nip: nip, FullName: name, DisplayName: name, EmploymentType: kind, Rank: "III/a", Agency: agency,
			Supervisor: sup, Position: "pranata-komputer"}
	}
	pns, cpns := planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS
	return []*planningv1.Employee{
		e(kominfoHead, "Kepala Dinas Kominfo", "DISKOMINFO", "", pns),
		e(kabid, "Kabid Aplikasi", "DISKOMINFO", kominfoHead, pns),
		e(staff1, "Andi Pranata", "DISKOMINFO", kabid, pns),
		e(staff2, "Siti Aminah", "DISKOMINFO", kabid, pns),
		e(dinkesHead, "Kepala Dinas Kesehatan", "DINKES", "", pns),
		e(nurse, "Rina Perawat", "DINKES", dinkesHead, pns),
		e(rizky, "Rizky Ananda", "DISKOMINFO", kabid, cpns),
		e(putri, "Putri Lestari", "DISKOMINFO", kabid, cpns),
		e(dimas, "Dimas Saragih", "DINKES", dinkesHead, cpns),
	}
}

// noStandards answers app.Positions with no standards: the internship methods never ask.
type noStandards struct{}

func (noStandards) Standards(context.Context, string) (map[string]int, error) {
	return map[string]int{}, nil
}

// internRPC is a training server over a fresh database, the client of its in-process channel,
// and the fixture's partner, agreement and cohort as created through it.
type internRPC struct {
	db        *database.DB
	client    trainingv1.TrainingServiceClient
	signer    *auth.Signer
	agreement string // "partners/usu/agreements/{id}"
	cohort    string // "cohorts/{id}"
}

// newInternRPC builds the server on engine with the clock stopped on Monday 2 March 2026, 08:00
// WIB, and creates, as city HR, partner usu, its agreement for 2026–2027, the catalogue's ICT
// internship (60 JP) and a cohort of 2 March – 29 May 2026 with two seats for DISKOMINFO and one
// for DINKES.
func newInternRPC(t *testing.T, engine testenv.Engine) *internRPC {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "training", store.Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	dir := directorytest.Seed(t, db, internPeople()...)
	_, certKey, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	a := app.New(store.New(db, outbox.New(), events.Encode), app.Options{Directory: dir, Positions: noStandards{}, Policy: domain.DefaultPolicy(),
		Signer: app.Signer{KeyID: "test-1", Key: certKey}, Now: func() time.Time { return now }})
	_, tokenKey, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := auth.NewSigner(tokenKey, "simpeg-test", "simpeg")
	authz := auth.NewAuthorizer(auth.NewStaticVerifier("simpeg-test", "simpeg", signer.PublicKey()), grpcapi.Rules)
	srv, err := grpcserver.New(grpcserver.Options{Log: slog.New(slog.DiscardHandler), Authorizer: authz})
	if err != nil {
		t.Fatal(err)
	}
	srv.RegisterService(&trainingv1.TrainingService_ServiceDesc, grpcapi.New(a, db))
	r := &internRPC{db: db, client: trainingv1.NewTrainingServiceClient(srv.InProcess), signer: signer}

	city := r.as(t, cityHRCaller)
	contact := &trainingv1.Contact{Name: "Biro Kerja Sama USU", Email: "kerjasama@usu.ac.id", Phone: "+62 61 8211633"}
	if _, err := r.client.CreatePartner(city, &trainingv1.CreatePartnerRequest{PartnerId: "usu", Partner: &trainingv1.Partner{
		DisplayName: "Universitas Sumatera Utara", Kind: trainingv1.PartnerKind_PARTNER_KIND_UNIVERSITY, Address: "Jl. Dr. T. Mansur No. 9, Medan", Contact: contact}}); err != nil {
		t.Fatalf("creating the partner: %v", err)
	}
	ag, err := r.client.CreateAgreement(city, &trainingv1.CreateAgreementRequest{Parent: "partners/usu", Agreement: &trainingv1.Agreement{
		Number: "PKS/001/USU/2026", Title: "Magang ASN dan mahasiswa di Pemerintah Kota Medan", Scope: "Magang mahasiswa dan CPNS di perangkat daerah",
		StartDate: "2026-01-01", EndDate: "2027-12-31", Contact: &trainingv1.Contact{Name: "Wakil Rektor I", Email: "wr1@usu.ac.id"}, Document: "documents/pks-usu-2026"}})
	if err != nil {
		t.Fatalf("creating the agreement: %v", err)
	}
	r.agreement = ag.GetAgreement().GetName()
	if _, err := a.CreateProgramme(testenv.As(context.Background(), auth.RoleCityHR, "", "bkpsdm-admin"), domain.Programme{ID: "magang-tik",
		Title: "Magang Teknologi Informasi", Type: domain.Technical, Competencies: []string{"technical:network-administration"}, Form: domain.Internship,
		JP: 60, Provider: "Universitas Sumatera Utara", Kind: domain.UniversityPartner, Partner: "usu"}); err != nil {
		t.Fatalf("creating the programme: %v", err)
	}
	c, err := r.client.CreateCohort(city, &trainingv1.CreateCohortRequest{Cohort: r.springCohort()})
	if err != nil {
		t.Fatalf("creating the cohort: %v", err)
	}
	r.cohort = c.GetCohort().GetName()
	return r
}

// springCohort is the fixture's cohort as city HR sends it.
func (r *internRPC) springCohort() *trainingv1.Cohort {
	return &trainingv1.Cohort{DisplayName: "Magang TIK 2026 Gelombang 1", Agreement: r.agreement, Programme: "programmes/magang-tik",
		StartDate: "2026-03-02", EndDate: "2026-05-29", Quotas: []*trainingv1.CohortQuota{{Agency: "DISKOMINFO", Seats: 2}, {Agency: "DINKES", Seats: 1}}}
}

// The callers, as their tokens carry them.
var (
	cityHRCaller    = auth.Principal{Subject: "bkpsdm-admin", Roles: []auth.Role{auth.RoleCityHR}}
	kominfoHRCaller = auth.Principal{Subject: "kominfo-hr", Roles: []auth.Role{auth.RoleAgencyHR}, Agency: "DISKOMINFO"}
	dinkesHRCaller  = auth.Principal{Subject: "dinkes-hr", Roles: []auth.Role{auth.RoleAgencyHR}, Agency: "DINKES"}
	auditorCaller   = auth.Principal{Subject: "inspektorat", Roles: []auth.Role{auth.RoleAuditor}}
)

// employeeCaller is employee nip of agency; with supervises, also a supervisor.
func employeeCaller(nip, agency string, supervises bool) auth.Principal {
	p := auth.Principal{Subject: nip, Roles: []auth.Role{auth.RoleEmployee}, Agency: agency}
	if supervises {
		p.Roles = append(p.Roles, auth.RoleSupervisor)
	}
	return p
}

// as returns a context sending p's bearer token.
func (r *internRPC) as(t *testing.T, p auth.Principal) context.Context {
	t.Helper()
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+testenv.Token(t, r.signer, p))
}

// count returns the single number query answers.
func (r *internRPC) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := r.db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// wantStatus fails t unless err is a status with code and, when field is not empty, a
// google.rpc.BadRequest naming field among its violations.
func wantStatus(t *testing.T, err error, code codes.Code, field string) {
	t.Helper()
	st := status.Convert(err)
	if err == nil || st.Code() != code {
		t.Fatalf("status %v (%v), want %v", st.Code(), err, code)
	}
	if field == "" {
		return
	}
	var named []string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if v.GetField() == field {
					return
				}
				named = append(named, v.GetField())
			}
		}
	}
	t.Fatalf("%v: the BadRequest names %q, not %q", err, named, field)
}

// TestInternshipRPCFieldErrors: a request the service refuses as invalid answers
// INVALID_ARGUMENT with a google.rpc.BadRequest naming the request's field, whether the
// protovalidate rules, the conversion or the use case refused it, and writes nothing.
func TestInternshipRPCFieldErrors(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		r := newInternRPC(t, engine)
		city, kominfo := r.as(t, cityHRCaller), r.as(t, kominfoHRCaller)
		cohort := func(edit func(*trainingv1.Cohort)) error {
			c := r.springCohort()
			edit(c)
			_, err := r.client.CreateCohort(city, &trainingv1.CreateCohortRequest{Cohort: c})
			return err
		}
		placement := func(edit func(*trainingv1.Placement)) error {
			p := &trainingv1.Placement{Cohort: r.cohort, Employee: rizky, Unit: "Bidang Aplikasi Informatika", Mentor: kabid}
			edit(p)
			_, err := r.client.CreatePlacement(kominfo, &trainingv1.CreatePlacementRequest{Placement: p})
			return err
		}
		tests := []struct {
			name  string
			call  func() error
			field string
		}{
			{"a cohort starting before the agreement", func() error { return cohort(func(c *trainingv1.Cohort) { c.StartDate = "2025-12-31" }) }, "cohort.start_date"},
			{"a cohort ending after the agreement", func() error { return cohort(func(c *trainingv1.Cohort) { c.EndDate = "2028-01-01" }) }, "cohort.end_date"},
			{"a cohort's day-first date", func() error { return cohort(func(c *trainingv1.Cohort) { c.EndDate = "29-05-2026" }) }, "cohort.end_date"},
			{"a cohort under a misnamed agreement", func() error { return cohort(func(c *trainingv1.Cohort) { c.Agreement = "agreements/1" }) }, "cohort.agreement"},
			{"a cohort with negative seats", func() error {
				return cohort(func(c *trainingv1.Cohort) { c.Quotas[0].Seats = -1 })
			}, "cohort.quotas[0].seats"},
			{"a placement without a unit", func() error { return placement(func(p *trainingv1.Placement) { p.Unit = "" }) }, "placement.unit"},
			{"a placement without a mentor", func() error { return placement(func(p *trainingv1.Placement) { p.Mentor = " " }) }, "placement.mentor"},
			{"a placement starting before the cohort", func() error { return placement(func(p *trainingv1.Placement) { p.StartDate = "2026-03-01" }) }, "placement.start_date"},
			{"a placement ending after the cohort", func() error { return placement(func(p *trainingv1.Placement) { p.EndDate = "2026-06-01" }) }, "placement.end_date"},
			{"a placement ending before it starts", func() error {
				return placement(func(p *trainingv1.Placement) { p.StartDate, p.EndDate = "2026-04-01", "2026-03-31" })
			}, "placement.end_date"},
			{"a placement's slashed date", func() error { return placement(func(p *trainingv1.Placement) { p.StartDate = "2026/03/02" }) }, "placement.start_date"},
			{"a placement in a misnamed cohort", func() error { return placement(func(p *trainingv1.Placement) { p.Cohort = "cohort/1" }) }, "placement.cohort"},
			{"a student's name over 200 characters", func() error {
				return placement(func(p *trainingv1.Placement) {
					p.Employee, p.Student = "", &trainingv1.Student{FullName: strings.Repeat("a", 201), StudentNumber: "1", StudyProgramme: "TI"}
				})
			}, "placement.student.full_name"},
			{"a withdrawal's reason over 1,000 characters", func() error {
				_, err := r.client.WithdrawPlacement(kominfo, &trainingv1.WithdrawPlacementRequest{Name: "placements/1", Reason: strings.Repeat("x", 1001)})
				return err
			}, "reason"},
			{"a withdrawal of a misnamed placement", func() error {
				_, err := r.client.WithdrawPlacement(kominfo, &trainingv1.WithdrawPlacementRequest{Name: "placement/1", Reason: "pindah tugas"})
				return err
			}, "name"},
			{"placements in an undefined state", func() error {
				_, err := r.client.ListPlacements(city, &trainingv1.ListPlacementsRequest{State: trainingv1.PlacementState(42)})
				return err
			}, "state"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantStatus(t, tt.call(), codes.InvalidArgument, tt.field)
			})
		}
		if n := r.count(t, `SELECT COUNT(*) FROM internship_cohorts`); n != 1 {
			t.Errorf("%d cohorts, want the fixture's one: a refused call wrote", n)
		}
		if n := r.count(t, `SELECT COUNT(*) FROM internship_placements`); n != 0 {
			t.Errorf("%d placements, want none: a refused call wrote", n)
		}
	})
}

// TestInternshipRPCPlacements runs placements through the service on every engine: the dates a
// placement takes, what its mentor sees, a withdrawal (who may, its etag, the event, the freed
// seat, the state filter) and the cohort report in JSON and CSV.
func TestInternshipRPCPlacements(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		r := newInternRPC(t, engine)
		p := map[string]*trainingv1.Placement{} // by participant's name
		testenv.RunSteps(t, []testenv.Step{
			{Name: "place", Run: func(t *testing.T) { r.place(t, p) }},
			{Name: "mentor", Run: func(t *testing.T) { r.mentor(t, p) }},
			{Name: "withdraw", Run: func(t *testing.T) { r.withdraw(t, p) }},
			{Name: "report", Run: func(t *testing.T) { r.report(t) }},
		})
	})
}

// place: Rizky takes the cohort's dates, the student Nadia her own part of it, Dimas DINKES's
// seat.
func (r *internRPC) place(t *testing.T, p map[string]*trainingv1.Placement) {
	tests := []struct {
		name      string
		caller    auth.Principal
		in        *trainingv1.Placement
		start     string
		end       string
		wantAgent string
	}{
		{"an employee, the cohort's dates", kominfoHRCaller,
			&trainingv1.Placement{Cohort: r.cohort, Employee: rizky, Unit: "Bidang Aplikasi Informatika", Mentor: kabid}, "2026-03-02", "2026-05-29", "DISKOMINFO"},
		{"a student, her own dates", kominfoHRCaller,
			&trainingv1.Placement{Cohort: r.cohort, Unit: "Bidang Statistik", Mentor: staff1, StartDate: "2026-03-16", EndDate: "2026-04-30",
				Student: &trainingv1.Student{FullName: "Nadia Putri", StudentNumber: "201402001", StudyProgramme: "Teknologi Informasi"}}, "2026-03-16", "2026-04-30", "DISKOMINFO"},
		{"an employee of DINKES, by city HR, to the cohort's end", cityHRCaller,
			&trainingv1.Placement{Cohort: r.cohort, Employee: dimas, Unit: "Seksi Surveilans", Mentor: nurse, StartDate: "2026-04-01"}, "2026-04-01", "2026-05-29", "DINKES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := r.client.CreatePlacement(r.as(t, tt.caller), &trainingv1.CreatePlacementRequest{Placement: tt.in})
			if err != nil {
				t.Fatal(err)
			}
			got := resp.GetPlacement()
			if got.GetStartDate() != tt.start || got.GetEndDate() != tt.end || got.GetAgency() != tt.wantAgent || got.GetUnit() != tt.in.GetUnit() ||
				got.GetState() != trainingv1.PlacementState_PLACEMENT_STATE_ACTIVE || got.GetEtag() != "v1" || got.GetReason() != "" {
				t.Errorf("placed %v; want %s – %s in %s", got, tt.start, tt.end, tt.wantAgent)
			}
			back, err := r.client.GetPlacement(r.as(t, cityHRCaller), &trainingv1.GetPlacementRequest{Name: got.GetName()})
			if err != nil || !proto.Equal(back.GetPlacement(), got) {
				t.Errorf("read back %v, %v; want %v", back.GetPlacement(), err, got)
			}
			p[got.GetParticipantName()] = got
		})
	}
}

// mentor: a mentor reads the placements they mentor and nothing else, and cannot withdraw one;
// the participant's supervisor asks for their subordinate's.
func (r *internRPC) mentor(t *testing.T, p map[string]*trainingv1.Placement) {
	gets := []struct {
		name   string
		caller auth.Principal
		of     string
		code   codes.Code
	}{
		{"the mentor, an employee's", employeeCaller(kabid, "DISKOMINFO", true), "Rizky Ananda", codes.OK},
		{"the mentor, a student's", employeeCaller(staff1, "DISKOMINFO", false), "Nadia Putri", codes.OK},
		{"the student's mentor, an employee's", employeeCaller(staff1, "DISKOMINFO", false), "Rizky Ananda", codes.PermissionDenied},
		{"the employee's mentor, a student's", employeeCaller(kabid, "DISKOMINFO", true), "Nadia Putri", codes.PermissionDenied},
		{"a colleague", employeeCaller(staff2, "DISKOMINFO", false), "Nadia Putri", codes.PermissionDenied},
		{"another agency's mentor", employeeCaller(nurse, "DINKES", false), "Rizky Ananda", codes.PermissionDenied},
		{"the participant", employeeCaller(rizky, "DISKOMINFO", false), "Rizky Ananda", codes.OK},
	}
	for _, tt := range gets {
		t.Run("get "+tt.name, func(t *testing.T) {
			resp, err := r.client.GetPlacement(r.as(t, tt.caller), &trainingv1.GetPlacementRequest{Name: p[tt.of].GetName()})
			if tt.code != codes.OK {
				wantStatus(t, err, tt.code, "")
				return
			}
			if err != nil || resp.GetPlacement().GetMentor() != p[tt.of].GetMentor() {
				t.Fatalf("%v, %v", resp.GetPlacement(), err)
			}
		})
	}
	lists := []struct {
		name   string
		caller auth.Principal
		req    *trainingv1.ListPlacementsRequest
		want   []string
	}{
		{"the employee's mentor", employeeCaller(kabid, "DISKOMINFO", true), &trainingv1.ListPlacementsRequest{}, []string{"Rizky Ananda"}},
		{"the student's mentor", employeeCaller(staff1, "DISKOMINFO", false), &trainingv1.ListPlacementsRequest{}, []string{"Nadia Putri"}},
		{"the student's mentor asking for the cohort", employeeCaller(staff1, "DISKOMINFO", false), &trainingv1.ListPlacementsRequest{Cohort: r.cohort}, []string{"Nadia Putri"}},
		{"a colleague", employeeCaller(staff2, "DISKOMINFO", false), &trainingv1.ListPlacementsRequest{}, nil},
		{"the head of agency, for a subordinate", employeeCaller(kominfoHead, "DISKOMINFO", true), &trainingv1.ListPlacementsRequest{Employee: rizky}, []string{"Rizky Ananda"}},
		{"the agency's HR, by mentor", kominfoHRCaller, &trainingv1.ListPlacementsRequest{Mentor: staff1}, []string{"Nadia Putri"}},
	}
	for _, tt := range lists {
		t.Run("list "+tt.name, func(t *testing.T) {
			if got := r.names(t, tt.caller, tt.req); !slices.Equal(got, tt.want) {
				t.Errorf("lists %q, want %q", got, tt.want)
			}
		})
	}
	_, err := r.client.WithdrawPlacement(r.as(t, employeeCaller(kabid, "DISKOMINFO", true)), &trainingv1.WithdrawPlacementRequest{Name: p["Rizky Ananda"].GetName(), Reason: "tidak hadir"})
	wantStatus(t, err, codes.PermissionDenied, "")
}

// names lists, page by page of one, the participants' names of the placements req selects for
// caller.
func (r *internRPC) names(t *testing.T, caller auth.Principal, req *trainingv1.ListPlacementsRequest) []string {
	t.Helper()
	var out []string
	req = proto.CloneOf(req)
	req.PageSize = 1
	for {
		resp, err := r.client.ListPlacements(r.as(t, caller), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range resp.GetPlacements() {
			out = append(out, x.GetParticipantName())
		}
		if req.PageToken = resp.GetNextPageToken(); req.PageToken == "" {
			return out
		}
	}
}

// withdraw: the agency's HR withdraws Rizky with the current etag; the event goes out, the list
// filters by state, and the freed seat takes Putri.
func (r *internRPC) withdraw(t *testing.T, p map[string]*trainingv1.Placement) {
	name := p["Rizky Ananda"].GetName()
	reason := "Mengikuti Latsar gelombang Maret"
	tests := []struct {
		name   string
		caller auth.Principal
		req    *trainingv1.WithdrawPlacementRequest
		code   codes.Code
		field  string
	}{
		{"by another agency's HR", dinkesHRCaller, &trainingv1.WithdrawPlacementRequest{Name: name, Reason: reason}, codes.PermissionDenied, ""},
		{"by the auditor", auditorCaller, &trainingv1.WithdrawPlacementRequest{Name: name, Reason: reason}, codes.PermissionDenied, ""},
		{"by the participant", employeeCaller(rizky, "DISKOMINFO", false), &trainingv1.WithdrawPlacementRequest{Name: name, Reason: reason}, codes.PermissionDenied, ""},
		{"without a reason", kominfoHRCaller, &trainingv1.WithdrawPlacementRequest{Name: name, Reason: "  "}, codes.InvalidArgument, "reason"},
		{"a stale etag", kominfoHRCaller, &trainingv1.WithdrawPlacementRequest{Name: name, Reason: reason, Etag: "v7"}, codes.Aborted, ""},
		{"a missing placement, by city HR", cityHRCaller, &trainingv1.WithdrawPlacementRequest{Name: "placements/0190-none", Reason: reason}, codes.NotFound, ""},
		{"by the agency's HR", kominfoHRCaller, &trainingv1.WithdrawPlacementRequest{Name: name, Reason: reason, Etag: "v1"}, codes.OK, ""},
		{"again", kominfoHRCaller, &trainingv1.WithdrawPlacementRequest{Name: name, Reason: reason}, codes.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := r.client.WithdrawPlacement(r.as(t, tt.caller), tt.req)
			if tt.code != codes.OK {
				wantStatus(t, err, tt.code, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := resp.GetPlacement()
			if got.GetState() != trainingv1.PlacementState_PLACEMENT_STATE_WITHDRAWN || got.GetReason() != reason || got.GetEtag() != "v2" ||
				got.GetStartDate() != "2026-03-02" || got.GetEndDate() != "2026-05-29" || got.GetJp() != 0 {
				t.Errorf("withdrawn %v", got)
			}
		})
	}
	var payload []byte
	if err := r.db.QueryRowContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1`, events.SubjectPlacementWithdrawn).Scan(&payload); err != nil {
		t.Fatalf("the placement.withdrawn event: %v", err)
	}
	var ev trainingv1.PlacementWithdrawn
	if err := proto.Unmarshal(payload, &ev); err != nil || ev.GetPlacement().GetName() != name || ev.GetPlacement().GetReason() != reason {
		t.Errorf("placement.withdrawn carries %v, %v", ev.GetPlacement(), err)
	}
	byState := []struct {
		state trainingv1.PlacementState
		want  []string
	}{
		{trainingv1.PlacementState_PLACEMENT_STATE_WITHDRAWN, []string{"Rizky Ananda"}},
		{trainingv1.PlacementState_PLACEMENT_STATE_ACTIVE, []string{"Nadia Putri"}},
		{trainingv1.PlacementState_PLACEMENT_STATE_COMPLETED, nil},
		{trainingv1.PlacementState_PLACEMENT_STATE_UNSPECIFIED, []string{"Rizky Ananda", "Nadia Putri"}},
	}
	for _, tt := range byState {
		if got := r.names(t, kominfoHRCaller, &trainingv1.ListPlacementsRequest{Cohort: r.cohort, State: tt.state}); !slices.Equal(got, tt.want) {
			t.Errorf("DISKOMINFO's %s placements: %q, want %q", tt.state, got, tt.want)
		}
	}
	resp, err := r.client.CreatePlacement(r.as(t, kominfoHRCaller), &trainingv1.CreatePlacementRequest{Placement: &trainingv1.Placement{
		Cohort: r.cohort, Employee: putri, Unit: "Bidang Aplikasi Informatika", Mentor: kabid}})
	if err != nil {
		t.Fatalf("placing Putri in the freed seat: %v", err)
	}
	p["Putri Lestari"] = resp.GetPlacement()
	_, err = r.client.CreatePlacement(r.as(t, kominfoHRCaller), &trainingv1.CreatePlacementRequest{Placement: &trainingv1.Placement{
		Cohort: r.cohort, Employee: rizky, Unit: "Bidang Aplikasi Informatika", Mentor: kabid}})
	wantStatus(t, err, codes.FailedPrecondition, "") // both seats are taken again
	audit, err := r.client.ListAuditRecords(r.as(t, auditorCaller), &trainingv1.ListAuditRecordsRequest{Resource: name})
	if err != nil || len(audit.GetRecords()) != 2 || audit.GetRecords()[0].GetDetail() != "withdrawn: "+reason {
		t.Errorf("the placement's audit: %v, %v", audit.GetRecords(), err)
	}
}

// report: per agency, its seats and placements with the withdrawn, employees and students, in
// JSON as in the CSV; agency HR reads their own row; a mentor does not read it.
func (r *internRPC) report(t *testing.T) {
	resp, err := r.client.GetCohortReport(r.as(t, cityHRCaller), &trainingv1.GetCohortReportRequest{Cohort: r.cohort})
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ quota, placed, active, withdrawn, employees, students, mentors int32 }
	want := map[string]row{"DINKES": {1, 1, 1, 0, 1, 0, 1}, "DISKOMINFO": {2, 2, 2, 1, 1, 1, 2}}
	got := map[string]row{}
	for _, x := range resp.GetRows() {
		got[x.GetAgency()] = row{x.GetQuota(), x.GetPlaced(), x.GetActive(), x.GetWithdrawn(), x.GetEmployees(), x.GetStudents(), x.GetMentors()}
	}
	if len(got) != len(want) || got["DINKES"] != want["DINKES"] || got["DISKOMINFO"] != want["DISKOMINFO"] {
		t.Errorf("the report's rows %+v, want %+v", got, want)
	}
	var header metadata.MD
	body, err := r.client.ExportCohortReport(r.as(t, cityHRCaller), &trainingv1.ExportCohortReportRequest{Cohort: r.cohort}, grpc.Header(&header))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(body.GetData()), "\n"), "\n")
	wantLines := []string{
		"agency,quota,placed,active,completed,passed,withdrawn,employees,students,average_score,mentors,logbook_reviewed,logbook_pending",
		"DINKES,1,1,1,0,0,0,1,0,,198808082012012006 Rina Perawat,0,0",
		"DISKOMINFO,2,2,2,0,0,1,1,1,,198001012005011002 Kabid Aplikasi; 199001012015031003 Andi Pranata,0,0",
		"TOTAL,3,3,3,0,0,1,2,1,,198001012005011002 Kabid Aplikasi; 198808082012012006 Rina Perawat; 199001012015031003 Andi Pranata,0,0",
	}
	if !slices.Equal(lines, wantLines) {
		t.Errorf("the CSV:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
	id := strings.TrimPrefix(r.cohort, "cohorts/")
	if body.GetContentType() != app.CohortReportCSVContentType || !slices.Equal(header.Get("content-disposition"), []string{`attachment; filename="cohort-` + id + `.csv"`}) {
		t.Errorf("content type %q, content-disposition %q", body.GetContentType(), header.Get("content-disposition"))
	}
	own, err := r.client.GetCohortReport(r.as(t, kominfoHRCaller), &trainingv1.GetCohortReportRequest{Cohort: r.cohort})
	if err != nil || len(own.GetRows()) != 1 || own.GetRows()[0].GetAgency() != "DISKOMINFO" || own.GetRows()[0].GetWithdrawn() != 1 {
		t.Errorf("DISKOMINFO's HR reads %v, %v; want their row", own.GetRows(), err)
	}
	_, err = r.client.ExportCohortReport(r.as(t, employeeCaller(kabid, "DISKOMINFO", true)), &trainingv1.ExportCohortReportRequest{Cohort: r.cohort})
	wantStatus(t, err, codes.PermissionDenied, "")
	_, err = r.client.GetCohortReport(r.as(t, cityHRCaller), &trainingv1.GetCohortReportRequest{Cohort: "cohort/" + id})
	wantStatus(t, err, codes.InvalidArgument, "cohort")
}
