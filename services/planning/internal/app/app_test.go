package app_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestUseCases runs the use cases over the real store on every engine: SQLite always, PostgreSQL
// when SIMPEG_TEST_POSTGRES_URL is set.
func TestUseCases(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(context.Background(), "planning", store.Migrations()); err != nil {
			t.Fatalf("migrating: %v", err)
		}
		// Migrating again is a no-op.
		if err := db.Migrate(context.Background(), "planning", store.Migrations()); err != nil {
			t.Fatalf("migrating twice: %v", err)
		}
		f := &fixture{clock: now, pend: func() int { n, _ := outbox.Pending(context.Background(), db); return n }}
		f.app = app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return f.clock })
		testenv.RunSteps(t, []testenv.Step{
			{Name: "agencies", Run: f.agencies},
			{Name: "positions", Run: f.positions},
			{Name: "position batch", Run: f.positionBatch},
			{Name: "employees", Run: f.employees},
			{Name: "batch", Run: f.batch},
			{Name: "scope", Run: f.scope},
			{Name: "list", Run: f.list},
			{Name: "update", Run: f.update},
			{Name: "transfer and retire", Run: f.transferAndRetire},
			{Name: "concurrent updates", Run: f.concurrentUpdates},
			{Name: "import with past postings", Run: f.importPostings},
		})
	})
}

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type fixture struct {
	app   *app.App
	pend  func() int
	clock time.Time // the app's now; a step that moves it puts it back
}

var cityHR = testenv.As(context.Background(), auth.RoleCityHR, "", "bkpsdm-admin")

func (f *fixture) agencies(t *testing.T) {
	for _, a := range []domain.Agency{
		{Code: "SETDA", Name: "Sekretariat Daerah", Kind: domain.KindSecretariat},
		{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas},
		{Code: "DINKES", Name: "Dinas Kesehatan", Kind: domain.KindDinas},
		{Code: "DISKOMINFO-APTIKA", Name: "Bidang Aplikasi Informatika", Kind: domain.KindUnit, Parent: "DISKOMINFO"},
		{Code: "DISKOMINFO-APTIKA-S1", Name: "Seksi Pengembangan Aplikasi", Kind: domain.KindUnit, Parent: "DISKOMINFO-APTIKA"},
	} {
		got, err := f.app.CreateAgency(cityHR, a)
		if err != nil {
			t.Fatalf("CreateAgency(%s): %v", a.Code, err)
		}
		if got.Version != 1 {
			t.Errorf("version = %d", got.Version)
		}
	}
	s1, err := f.app.GetAgency(cityHR, "DISKOMINFO-APTIKA-S1")
	if err != nil || s1.Root != "DISKOMINFO" {
		t.Fatalf("GetAgency = %+v, %v; want root DISKOMINFO", s1, err)
	}
	tests := []struct {
		name  string
		in    domain.Agency
		kind  errs.Kind
		field string
	}{
		{"duplicate", domain.Agency{Code: "DINKES", Name: "Dinas Kesehatan", Kind: domain.KindDinas}, errs.AlreadyExists, ""},
		{"unit without parent", domain.Agency{Code: "X-UNIT", Name: "Some unit", Kind: domain.KindUnit}, errs.Invalid, "agency.parent"},
		{"unknown parent", domain.Agency{Code: "X-UNIT", Name: "Some unit", Kind: domain.KindUnit, Parent: "NOPE"}, errs.Invalid, "agency.parent"},
		{"agency with parent", domain.Agency{Code: "X-DINAS", Name: "Some dinas", Kind: domain.KindDinas, Parent: "SETDA"}, errs.Invalid, "agency.parent"},
		{"bad code", domain.Agency{Code: "x", Name: "Some dinas", Kind: domain.KindDinas}, errs.Invalid, "agency.code"},
		{"no kind", domain.Agency{Code: "XYZ", Name: "Some dinas"}, errs.Invalid, "agency.kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.CreateAgency(cityHR, tt.in)
			testenv.WantKind(t, err, tt.kind, tt.field)
		})
	}
	// Moving a unit under its own child would make a cycle.
	_, err = f.app.UpdateAgency(cityHR, "DISKOMINFO-APTIKA", "", domain.AgencyUpdate{Fields: []string{"parent"}, Values: domain.Agency{Parent: "DISKOMINFO-APTIKA-S1"}})
	testenv.WantKind(t, err, errs.Invalid, "agency.parent")
	// A stale etag is refused, a current one accepted.
	_, err = f.app.UpdateAgency(cityHR, "DINKES", "v7", domain.AgencyUpdate{Fields: []string{"display_name"}, Values: domain.Agency{Name: "Dinas Kesehatan Kota Medan"}})
	testenv.WantKind(t, err, errs.Conflict, "")
	up, err := f.app.UpdateAgency(cityHR, "DINKES", "v1", domain.AgencyUpdate{Fields: []string{"display_name"}, Values: domain.Agency{Name: "Dinas Kesehatan Kota Medan"}})
	if err != nil || up.Version != 2 || up.Name != "Dinas Kesehatan Kota Medan" {
		t.Fatalf("UpdateAgency = %+v, %v", up, err)
	}
	top, _, err := f.app.ListAgencies(cityHR, app.AgencyFilter{Parent: "-"})
	if err != nil || len(top) != 3 {
		t.Fatalf("top-level agencies = %d, %v; want 3", len(top), err)
	}
}

func (f *fixture) positions(t *testing.T) {
	for _, p := range []domain.Position{
		{ID: "setda-sekda", Title: "Sekretaris Daerah", Kind: domain.PositionStructural, Class: 17, Agency: "SETDA", Needed: 1},
		{ID: "kominfo-kadis", Title: "Kepala Dinas Komunikasi dan Informatika", Kind: domain.PositionStructural, Class: 15, Agency: "DISKOMINFO", Needed: 1},
		{ID: "kominfo-prakom", Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9, Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", Standards: []domain.CompetencyStandard{{Competency: "technical:software", Level: 3}}, Needed: 6},
		{ID: "dinkes-kadis", Title: "Kepala Dinas Kesehatan", Kind: domain.PositionStructural, Class: 15, Agency: "DINKES", Needed: 1},
	} {
		if _, err := f.app.CreatePosition(cityHR, p); err != nil {
			t.Fatalf("CreatePosition(%s): %v", p.ID, err)
		}
	}
	tests := []struct {
		name  string
		ctx   context.Context
		in    domain.Position
		kind  errs.Kind
		field string
	}{
		{"class 18", cityHR, domain.Position{ID: "p1", Title: "Staf", Kind: domain.PositionExecutor, Class: 18, Agency: "DINKES"}, errs.Invalid, "position.class"},
		{"class 0", cityHR, domain.Position{ID: "p1", Title: "Staf", Kind: domain.PositionExecutor, Class: 0, Agency: "DINKES"}, errs.Invalid, "position.class"},
		{"unit of another agency", cityHR, domain.Position{ID: "p1", Title: "Staf", Kind: domain.PositionExecutor, Class: 5, Agency: "DINKES", Unit: "DISKOMINFO-APTIKA"}, errs.Invalid, "position.unit"},
		{"unit given as agency", cityHR, domain.Position{ID: "p1", Title: "Staf", Kind: domain.PositionExecutor, Class: 5, Agency: "DISKOMINFO-APTIKA"}, errs.Invalid, "position.agency"},
		{"duplicate id", cityHR, domain.Position{ID: "dinkes-kadis", Title: "Kepala", Kind: domain.PositionStructural, Class: 15, Agency: "DINKES"}, errs.AlreadyExists, ""},
		{"agency HR of another agency", testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes"), domain.Position{ID: "p2", Title: "Staf", Kind: domain.PositionExecutor, Class: 5, Agency: "DISKOMINFO"}, errs.PermissionDenied, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.CreatePosition(tt.ctx, tt.in)
			testenv.WantKind(t, err, tt.kind, tt.field)
		})
	}
	up, err := f.app.UpdatePosition(cityHR, "kominfo-prakom", "v1", domain.PositionUpdate{Fields: []string{"needed_headcount", "required_competencies"}, Values: domain.Position{Needed: 8, Names: []string{"technical:software", "managerial:teamwork"}}})
	if err != nil || up.Needed != 8 || len(up.Competencies()) != 2 || up.Version != 2 {
		t.Fatalf("UpdatePosition = %+v, %v", up, err)
	}
	_, err = f.app.UpdatePosition(cityHR, "kominfo-prakom", "", domain.PositionUpdate{Fields: []string{"agency"}})
	testenv.WantKind(t, err, errs.Invalid, "position.update_mask")
	gen, err := f.app.CreatePosition(testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes"), domain.Position{Title: "Perawat Ahli Pertama", Kind: domain.PositionFunctional, Class: 8, Agency: "DINKES", Needed: 40})
	if err != nil || gen.ID == "" {
		t.Fatalf("CreatePosition with generated id = %+v, %v", gen, err)
	}
}

// The people of the fixture: a small supervisor tree.
const (
	sekda   = "196805121990031001" // Sekretaris Daerah, top of the tree
	kadis   = "197203152000031002" // head of Diskominfo, reports to sekda
	prakom  = "198609262015051001" // reports to kadis
	prakom2 = "199001312019032002" // reports to prakom
	dokter  = "198103102006042003" // head of Dinkes, reports to sekda
)

func employee(nip, name, agency, unit, position, supervisor string) domain.Employee {
	return domain.Employee{NIP: nip, FullName: name, Type: domain.PNS, Rank: "III/c", Agency: agency, Unit: unit, Position: position, Supervisor: supervisor}
}

func (f *fixture) employees(t *testing.T) {
	for _, e := range []domain.Employee{
		employee(sekda, "Wiriya Alrahman", "SETDA", "", "setda-sekda", ""),
		employee(kadis, "Arrahman Pane", "DISKOMINFO", "", "kominfo-kadis", sekda),
		employee(prakom, "Budi Santoso", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", kadis),
		employee(prakom2, "Siti Aminah", "DISKOMINFO", "DISKOMINFO-APTIKA-S1", "", prakom),
		employee(dokter, "dr. Rina Siregar", "DINKES", "", "dinkes-kadis", sekda),
	} {
		got, err := f.app.CreateEmployee(cityHR, e)
		if err != nil {
			t.Fatalf("CreateEmployee(%s): %v", e.NIP, err)
		}
		if got.Status != domain.Active || len(got.History) != 1 || got.BirthDate.IsZero() || got.Sex == "" {
			t.Fatalf("created employee = %+v", got)
		}
	}
	got, err := f.app.GetEmployee(cityHR, prakom)
	if err != nil {
		t.Fatal(err)
	}
	if got.BirthDate.String() != "1986-09-26" || got.Appointment.String() != "2015-05-01" || got.Sex != domain.Male {
		t.Errorf("fields from the NIP: birth %s, appointment %s, sex %s", got.BirthDate, got.Appointment, got.Sex)
	}
	if p, _ := f.app.GetPosition(cityHR, "kominfo-prakom"); p.Current != 1 {
		t.Errorf("current headcount of kominfo-prakom = %d, want 1", p.Current)
	}
	pppk := domain.Employee{NIP: "202301012023010001", Type: domain.PPPK, FullName: "Lestari Nainggolan", Sex: domain.Female,
		Rank: "IX", Agency: "DINKES", Supervisor: dokter}
	pppk.BirthDate, _ = domain.ParseDate("1995-04-02")
	pppk.Appointment, _ = domain.ParseDate("2023-01-01")
	if _, err := f.app.CreateEmployee(cityHR, pppk); err != nil {
		t.Fatalf("CreateEmployee(PPPK): %v", err)
	}
	bad := func(mod func(*domain.Employee)) domain.Employee {
		e := employee("199505052020121001", "Andi Lubis", "DISKOMINFO", "", "", kadis)
		mod(&e)
		return e
	}
	tests := []struct {
		name  string
		in    domain.Employee
		kind  errs.Kind
		field string
	}{
		{"duplicate NIP", employee(prakom, "Budi", "DISKOMINFO", "", "", kadis), errs.AlreadyExists, ""},
		{"bad NIP sequence", bad(func(e *domain.Employee) { e.NIP = "199505052020121000" }), errs.Invalid, "employee.nip"},
		{"sex does not match NIP", bad(func(e *domain.Employee) { e.Sex = domain.Female }), errs.Invalid, "employee.sex"},
		{"birth date does not match NIP", bad(func(e *domain.Employee) { e.BirthDate, _ = domain.ParseDate("1995-05-06") }), errs.Invalid, "employee.birth_date"},
		{"PNS rank for PPPK", bad(func(e *domain.Employee) { e.Type = domain.PPPK; e.IDKind = domain.IDKindPPPK; e.Sex = domain.Male }), errs.Invalid, "employee.rank"},
		{"unknown rank", bad(func(e *domain.Employee) { e.Rank = "IV/f" }), errs.Invalid, "employee.rank"},
		{"unknown supervisor", bad(func(e *domain.Employee) { e.Supervisor = "197001011995031001" }), errs.Invalid, "employee.supervisor"},
		{"self supervisor", bad(func(e *domain.Employee) { e.Supervisor = e.NIP }), errs.Invalid, "employee.supervisor"},
		{"position of another agency", bad(func(e *domain.Employee) { e.Position = "dinkes-kadis" }), errs.Invalid, "employee.position"},
		{"unknown agency", bad(func(e *domain.Employee) { e.Agency = "NOPE" }), errs.Invalid, "employee.agency"},
		{"unit of another agency", bad(func(e *domain.Employee) { e.Unit = "DISKOMINFO-APTIKA"; e.Agency = "DINKES" }), errs.Invalid, "employee.unit"},
		{"PNS with PPPK identifier", bad(func(e *domain.Employee) { e.IDKind = domain.IDKindPPPK }), errs.Invalid, "employee.identifier_kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.pend()
			_, err := f.app.CreateEmployee(cityHR, tt.in)
			testenv.WantKind(t, err, tt.kind, tt.field)
			if after := f.pend(); after != before {
				t.Errorf("a refused create wrote %d events", after-before)
			}
		})
	}
}

func (f *fixture) batch(t *testing.T) {
	rows := []domain.Employee{
		employee("199201012020011001", "Rudi Hartono", "DINKES", "", "", dokter),
		employee("199201012020011000", "Bad Sequence", "DINKES", "", "", dokter),                 // invalid NIP
		employee("199302022021022001", "Maya Sari", "DINKES", "", "", "199201012020011001"),      // reports to row 0
		employee(prakom, "Already There", "DISKOMINFO", "", "", kadis),                           // duplicate
		employee("199302022021022001", "Twice In Batch", "DINKES", "", "", "199201012020011001"), // duplicate in batch
	}
	created, rowErrs, err := f.app.BatchCreateEmployees(cityHR, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 2 {
		t.Fatalf("created %d rows, want 2", len(created))
	}
	wantRows := map[int]errs.Kind{1: errs.Invalid, 3: errs.AlreadyExists, 4: errs.AlreadyExists}
	if len(rowErrs) != len(wantRows) {
		t.Fatalf("row errors = %+v", rowErrs)
	}
	for _, re := range rowErrs {
		e, _ := errs.As(re.Err)
		if e == nil || wantRows[re.Index] != e.Kind {
			t.Errorf("row %d: %v", re.Index, re.Err)
		}
	}
	// Agency HR may import only into their own agency.
	_, rowErrs, err = f.app.BatchCreateEmployees(testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes"),
		[]domain.Employee{employee("199404042022041001", "Other Agency", "DISKOMINFO", "", "", kadis)})
	if err != nil || len(rowErrs) != 1 {
		t.Fatalf("batch into another agency: %v, %+v", err, rowErrs)
	}
	testenv.WantKind(t, rowErrs[0].Err, errs.PermissionDenied, "")
}

func (f *fixture) scope(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		nip  string
		ok   bool
	}{
		{"city HR sees all", cityHR, prakom2, true},
		{"auditor sees all", testenv.As(context.Background(), auth.RoleAuditor, "", "inspektorat"), dokter, true},
		{"agency HR sees own agency", testenv.As(context.Background(), auth.RoleAgencyHR, "DISKOMINFO", "hr"), prakom2, true},
		{"agency HR does not see another agency", testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr"), prakom2, false},
		{"supervisor sees a direct report", testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", kadis), prakom, true},
		{"supervisor sees an indirect report", testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", kadis), prakom2, true},
		{"supervisor does not see a peer", testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", kadis), dokter, false},
		{"supervisor does not see their own boss", testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", prakom), kadis, false},
		{"employee sees self", testenv.As(context.Background(), auth.RoleEmployee, "DISKOMINFO", prakom2), prakom2, true},
		{"employee does not see a colleague", testenv.As(context.Background(), auth.RoleEmployee, "DISKOMINFO", prakom2), prakom, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.GetEmployee(tt.ctx, tt.nip)
			if tt.ok && err != nil {
				t.Fatalf("GetEmployee: %v", err)
			}
			if !tt.ok {
				testenv.WantKind(t, err, errs.PermissionDenied, "")
			}
		})
	}
	_, err := f.app.GetEmployee(cityHR, "197001011995031001")
	testenv.WantKind(t, err, errs.NotFound, "")
}

func (f *fixture) list(t *testing.T) {
	tests := []struct {
		name   string
		ctx    context.Context
		filter app.EmployeeFilter
		want   []string
	}{
		{"by agency", cityHR, app.EmployeeFilter{Agency: "DISKOMINFO"}, []string{kadis, prakom, prakom2}},
		{"by unit", cityHR, app.EmployeeFilter{Unit: "DISKOMINFO-APTIKA"}, []string{prakom}},
		{"by position", cityHR, app.EmployeeFilter{Position: "kominfo-kadis"}, []string{kadis}},
		{"by supervisor", cityHR, app.EmployeeFilter{Supervisor: sekda}, []string{kadis, dokter}},
		{"name search, any case", cityHR, app.EmployeeFilter{Query: "aMiNaH"}, []string{prakom2}},
		{"NIP prefix search", cityHR, app.EmployeeFilter{Query: "19860926"}, []string{prakom}},
		{"search is not a LIKE pattern", cityHR, app.EmployeeFilter{Query: "%"}, nil},
		{"agency HR is narrowed to their agency", testenv.As(context.Background(), auth.RoleAgencyHR, "SETDA", "hr"), app.EmployeeFilter{}, []string{sekda}},
		{"supervisor sees their subtree", testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", kadis), app.EmployeeFilter{}, []string{kadis, prakom, prakom2}},
		{"employee sees self", testenv.As(context.Background(), auth.RoleEmployee, "DISKOMINFO", prakom), app.EmployeeFilter{}, []string{prakom}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := f.app.ListEmployees(tt.ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d employees %v, want %v", len(got), nips(got), tt.want)
			}
			for i := range got {
				if got[i].NIP != tt.want[i] {
					t.Fatalf("got %v, want %v", nips(got), tt.want)
				}
			}
		})
	}
	_, _, err := f.app.ListEmployees(testenv.As(context.Background(), auth.RoleAgencyHR, "SETDA", "hr"), app.EmployeeFilter{Agency: "DINKES"})
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	// Paging walks everything exactly once.
	var all []string
	tok := ""
	for pages := 0; ; pages++ {
		page, next, err := f.app.ListEmployees(cityHR, app.EmployeeFilter{PageSize: 2, After: tok})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, nips(page)...)
		if next == "" {
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		tok = next
	}
	if len(all) != 8 {
		t.Fatalf("paged through %d employees, want 8: %v", len(all), all)
	}
	_, _, err = f.app.ListEmployees(cityHR, app.EmployeeFilter{After: "!!!"})
	testenv.WantKind(t, err, errs.Invalid, "page_token")
}

func nips(es []domain.Employee) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.NIP
	}
	return out
}

func (f *fixture) update(t *testing.T) {
	e, err := f.app.GetEmployee(cityHR, prakom2)
	if err != nil {
		t.Fatal(err)
	}
	up, err := f.app.UpdateEmployee(cityHR, prakom2, app.Etag(e.Version), domain.EmployeeUpdate{Fields: []string{"rank", "back_title"}, Values: domain.Employee{Rank: "III/d", BackTitle: "S.Kom."}})
	if err != nil {
		t.Fatal(err)
	}
	if up.Rank != "III/d" || up.DisplayName() != "Siti Aminah, S.Kom." || up.Version != e.Version+1 {
		t.Fatalf("updated = %+v", up)
	}
	tests := []struct {
		name  string
		nip   string
		etag  string
		u     domain.EmployeeUpdate
		kind  errs.Kind
		field string
	}{
		{"stale etag", prakom2, app.Etag(e.Version), domain.EmployeeUpdate{Fields: []string{"rank"}, Values: domain.Employee{Rank: "IV/a"}}, errs.Conflict, ""},
		{"supervisor cycle", kadis, "", domain.EmployeeUpdate{Fields: []string{"supervisor"}, Values: domain.Employee{Supervisor: prakom2}}, errs.Invalid, "employee.supervisor"},
		{"agency by update", prakom, "", domain.EmployeeUpdate{Fields: []string{"agency"}, Values: domain.Employee{Agency: "DINKES"}}, errs.Invalid, "employee.update_mask"},
		{"NIP by update", prakom, "", domain.EmployeeUpdate{Fields: []string{"nip"}}, errs.Invalid, "employee.update_mask"},
		{"bad rank", prakom, "", domain.EmployeeUpdate{Fields: []string{"rank"}, Values: domain.Employee{Rank: "V/a"}}, errs.Invalid, "employee.rank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.UpdateEmployee(cityHR, tt.nip, tt.etag, tt.u)
			testenv.WantKind(t, err, tt.kind, tt.field)
		})
	}
	// Moving within the agency keeps the old post in the history.
	moved, err := f.app.UpdateEmployee(cityHR, prakom2, "", domain.EmployeeUpdate{Fields: []string{"unit"}, Values: domain.Employee{Unit: "DISKOMINFO-APTIKA"}})
	if err != nil || len(moved.History) != 2 || moved.History[0].End.IsZero() {
		t.Fatalf("move within agency: %v, history %+v", err, moved.History)
	}
}

func (f *fixture) transferAndRetire(t *testing.T) {
	eff, _ := domain.ParseDate("2027-01-02")
	before := f.pend()
	got, err := f.app.TransferEmployee(cityHR, prakom, "", domain.Transfer{Agency: "DINKES", Supervisor: dokter, Effective: eff, Reason: "SK 800/123"})
	if err != nil {
		t.Fatal(err)
	}
	// Dated ahead: recorded as a pending assignment, the agency in force stays (issue 8 item 5).
	if got.Agency != "DISKOMINFO" || got.Supervisor != dokter || len(got.History) != 2 {
		t.Fatalf("transferred = %+v", got)
	}
	if h := got.History[0]; h.Agency != "DISKOMINFO" || h.End.String() != "2027-01-01" || h.EndReason != "SK 800/123" {
		t.Errorf("closed assignment = %+v", h)
	}
	if h := got.History[1]; h.Agency != "DINKES" || h.Start.String() != "2027-01-02" || !h.End.IsZero() {
		t.Errorf("new assignment = %+v", h)
	}
	if f.pend() != before+1 {
		t.Errorf("transfer wrote %d events, want 1", f.pend()-before)
	}
	reread, _ := f.app.GetEmployee(cityHR, prakom)
	if len(reread.History) != 2 || reread.Agency != "DISKOMINFO" {
		t.Errorf("stored = %s, history %+v", reread.Agency, reread.History)
	}
	listed := func(agency string) bool {
		es, _, err := f.app.ListEmployees(cityHR, app.EmployeeFilter{Agency: agency, PageSize: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(es, func(e domain.Employee) bool { return e.NIP == prakom && e.Agency == agency && len(e.History) == 2 })
	}
	if !listed("DISKOMINFO") || listed("DINKES") {
		t.Errorf("before the effective date: listed in DISKOMINFO %v, DINKES %v", listed("DISKOMINFO"), listed("DINKES"))
	}
	// On the effective date the transfer is in force, with no job to apply it.
	f.clock = eff.Time.Add(time.Hour)
	if on, _ := f.app.GetEmployee(cityHR, prakom); on.Agency != "DINKES" || on.Unit != "" || on.Position != "" {
		t.Errorf("on %s: %+v", eff, on)
	}
	if listed("DISKOMINFO") || !listed("DINKES") {
		t.Errorf("on the effective date: listed in DISKOMINFO %v, DINKES %v", listed("DISKOMINFO"), listed("DINKES"))
	}
	f.clock = now
	tests := []struct {
		name  string
		nip   string
		tr    domain.Transfer
		kind  errs.Kind
		field string
	}{
		{"while one is pending", prakom, domain.Transfer{Agency: "SETDA", Supervisor: dokter, Effective: domain.Date{Time: eff.AddDate(0, 1, 0)}}, errs.FailedPrecondition, ""},
		{"to the same agency", kadis, domain.Transfer{Agency: "DISKOMINFO", Supervisor: dokter, Effective: eff}, errs.Invalid, "agency"},
		{"nowhere", kadis, domain.Transfer{Effective: eff}, errs.Invalid, "agency"},
		{"without supervisor", kadis, domain.Transfer{Agency: "DINKES", Effective: eff}, errs.Invalid, "supervisor"},
		{"supervisor cycle", dokter, domain.Transfer{Agency: "DISKOMINFO", Supervisor: prakom2, Effective: eff}, errs.Invalid, "supervisor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.TransferEmployee(cityHR, tt.nip, "", tt.tr)
			testenv.WantKind(t, err, tt.kind, tt.field)
		})
	}
	out, err := f.app.TransferEmployee(cityHR, dokter, "", domain.Transfer{External: "Pemerintah Provinsi Sumatera Utara", Effective: eff})
	if err != nil || out.Status != domain.Active || out.History[len(out.History)-1].End.IsZero() {
		t.Fatalf("external transfer dated ahead = %+v, %v", out, err)
	}
	f.clock = eff.Time
	if out, _ = f.app.GetEmployee(cityHR, dokter); out.Status != domain.Transferred || out.Supervisor != "" {
		t.Fatalf("external transfer on its date = %+v", out)
	}
	f.clock = now
	ret, err := f.app.RetireEmployee(cityHR, sekda, "", eff, "SK pensiun")
	if err != nil || ret.Status != domain.Retired {
		t.Fatalf("retire = %+v, %v", ret, err)
	}
	_, err = f.app.RetireEmployee(cityHR, sekda, "", eff, "again")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	_, err = f.app.UpdateEmployee(cityHR, prakom2, "", domain.EmployeeUpdate{Fields: []string{"supervisor"}, Values: domain.Employee{Supervisor: sekda}})
	testenv.WantKind(t, err, errs.Invalid, "employee.supervisor") // a retired employee cannot supervise
}

func (f *fixture) concurrentUpdates(t *testing.T) {
	e, err := f.app.GetEmployee(cityHR, prakom2)
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.app.UpdateEmployee(cityHR, prakom2, "", domain.EmployeeUpdate{Fields: []string{"front_title"}, Values: domain.Employee{FrontTitle: fmt.Sprintf("T%d", i)}})
			errc <- err
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("concurrent update: %v", err)
		}
	}
	got, _ := f.app.GetEmployee(cityHR, prakom2)
	if got.Version < e.Version+1 || got.Version > e.Version+n {
		t.Fatalf("version after %d concurrent updates = %d (was %d)", n, got.Version, e.Version)
	}
}
