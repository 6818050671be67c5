package app_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// std is a competency standard, for short.
func std(competency string, level int) domain.CompetencyStandard {
	return domain.CompetencyStandard{Competency: competency, Level: level}
}

// newRegistry migrates a database of engine and returns the app over it, with DISKOMINFO
// and its head registered.
func newRegistry(t *testing.T, engine testenv.Engine) (*app.App, *database.DB, func() int) {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "planning", store.Migrations()); err != nil {
		t.Fatal(err)
	}
	a := app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return now })
	if _, err := a.CreateAgency(cityHR, domain.Agency{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateEmployee(cityHR, employee(kadis, "Arrahman Pane", "DISKOMINFO", "", "", "")); err != nil {
		t.Fatal(err)
	}
	return a, db, func() int { n, _ := outbox.Pending(context.Background(), db); return n }
}

// TestCompetencyStandards checks a position's competency standard on every engine: levels
// 1 to 5 (0 not set), the type prefix, one entry per competency, required_competencies as
// names at level 0, and both refused; then updates by either field and a position stored
// before the rules.
func TestCompetencyStandards(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		a, db, pending := newRegistry(t, engine)
		pos := func(id string, standards []domain.CompetencyStandard, names []string) domain.Position {
			return domain.Position{ID: id, Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9,
				Agency: "DISKOMINFO", Needed: 4, Standards: standards, Names: names}
		}
		many := make([]domain.CompetencyStandard, domain.MaxStandards+1)
		for i := range many {
			many[i] = std(fmt.Sprintf("technical:skill-%d", i), 2)
		}
		created := []struct {
			name  string
			in    domain.Position
			want  []domain.CompetencyStandard
			field string // the violation; "" when created
		}{
			{"levels", pos("prakom", []domain.CompetencyStandard{std("technical:network-administration", 3), std("managerial:teamwork", 2), std("socio-cultural:public-service-ethics", 1)}, nil),
				[]domain.CompetencyStandard{std("technical:network-administration", 3), std("managerial:teamwork", 2), std("socio-cultural:public-service-ethics", 1)}, ""},
			{"level not set", pos("analis", []domain.CompetencyStandard{std("technical:data-analysis", 0), std("technical:statistics", 5)}, nil),
				[]domain.CompetencyStandard{std("technical:data-analysis", 0), std("technical:statistics", 5)}, ""},
			{"names alone", pos("legacy", nil, []string{"technical:data-analysis", "managerial:decision-making"}),
				[]domain.CompetencyStandard{std("technical:data-analysis", 0), std("managerial:decision-making", 0)}, ""},
			{"none", pos("empty", nil, nil), nil, ""},
			{"both given", pos("p1", []domain.CompetencyStandard{std("technical:a", 1)}, []string{"technical:a"}), nil, "position.required_competencies"},
			{"level 6", pos("p1", []domain.CompetencyStandard{std("technical:a", 6)}, nil), nil, "position.competency_standards[0].level"},
			{"negative level", pos("p1", []domain.CompetencyStandard{std("technical:a", 1), std("technical:b", -1)}, nil), nil, "position.competency_standards[1].level"},
			{"unknown type", pos("p1", []domain.CompetencyStandard{std("technical:a", 1), std("leadership:vision", 3)}, nil), nil, "position.competency_standards[1].competency"},
			{"no type", pos("p1", []domain.CompetencyStandard{std("network-administration", 3)}, nil), nil, "position.competency_standards[0].competency"},
			{"empty slug", pos("p1", []domain.CompetencyStandard{std("technical:", 3)}, nil), nil, "position.competency_standards[0].competency"},
			{"upper-case slug", pos("p1", []domain.CompetencyStandard{std("technical:Network Administration", 3)}, nil), nil, "position.competency_standards[0].competency"},
			{"twice", pos("p1", []domain.CompetencyStandard{std("technical:a", 1), std("technical:a", 2)}, nil), nil, "position.competency_standards[1].competency"},
			{"too many", pos("p1", many, nil), nil, "position.competency_standards"},
			{"name without type", pos("p1", nil, []string{"technical:a", "software"}), nil, "position.required_competencies[1]"},
			{"name twice", pos("p1", nil, []string{"technical:a", "technical:a"}), nil, "position.required_competencies[1]"},
		}
		for _, tt := range created {
			t.Run("create/"+tt.name, func(t *testing.T) {
				before := pending()
				got, err := a.CreatePosition(cityHR, tt.in)
				if tt.field != "" {
					testenv.WantKind(t, err, errs.Invalid, tt.field)
					if after := pending(); after != before {
						t.Errorf("a refused create wrote %d events", after-before)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				read, err := a.GetPosition(cityHR, tt.in.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Standards, tt.want) || !reflect.DeepEqual(read.Standards, tt.want) || read.Names != nil {
					t.Errorf("standards: created %v, read %v (names %v); want %v", got.Standards, read.Standards, read.Names, tt.want)
				}
				if want := domain.CompetencyNames(tt.want); !reflect.DeepEqual(read.Competencies(), want) {
					t.Errorf("names = %v, want %v", read.Competencies(), want)
				}
			})
		}

		updated := []struct {
			name    string
			fields  []string
			values  domain.Position
			want    []domain.CompetencyStandard
			version int64  // the version after; unchanged when nothing changed
			field   string // the violation; "" when applied
		}{
			{"a level changes", []string{"competency_standards"}, pos("", []domain.CompetencyStandard{std("technical:network-administration", 4), std("managerial:teamwork", 2), std("socio-cultural:public-service-ethics", 1)}, nil),
				[]domain.CompetencyStandard{std("technical:network-administration", 4), std("managerial:teamwork", 2), std("socio-cultural:public-service-ethics", 1)}, 2, ""},
			{"the same again", []string{"competency_standards"}, pos("", []domain.CompetencyStandard{std("technical:network-administration", 4), std("managerial:teamwork", 2), std("socio-cultural:public-service-ethics", 1)}, nil),
				[]domain.CompetencyStandard{std("technical:network-administration", 4), std("managerial:teamwork", 2), std("socio-cultural:public-service-ethics", 1)}, 2, ""},
			{"by names", []string{"required_competencies"}, pos("", nil, []string{"technical:network-administration", "technical:data-analysis"}),
				[]domain.CompetencyStandard{std("technical:network-administration", 0), std("technical:data-analysis", 0)}, 3, ""},
			{"cleared", []string{"competency_standards"}, pos("", nil, nil), nil, 4, ""},
			{"both in the mask", []string{"competency_standards", "required_competencies"}, pos("", []domain.CompetencyStandard{std("technical:a", 1)}, nil), nil, 4, "position.update_mask"},
			{"both given", []string{"competency_standards"}, pos("", []domain.CompetencyStandard{std("technical:a", 1)}, []string{"technical:a"}), nil, 4, "position.required_competencies"},
			{"names under the standards' mask", []string{"competency_standards"}, pos("", nil, []string{"technical:a"}), nil, 4, "position.required_competencies"},
			{"standards under the names' mask", []string{"required_competencies"}, pos("", []domain.CompetencyStandard{std("technical:a", 1)}, nil), nil, 4, "position.competency_standards"},
			{"bad level", []string{"competency_standards"}, pos("", []domain.CompetencyStandard{std("technical:a", 9)}, nil), nil, 4, "position.competency_standards[0].level"},
		}
		for _, tt := range updated {
			t.Run("update/"+tt.name, func(t *testing.T) {
				got, err := a.UpdatePosition(cityHR, "prakom", "", domain.PositionUpdate{Fields: tt.fields, Values: tt.values})
				if tt.field != "" {
					testenv.WantKind(t, err, errs.Invalid, tt.field)
				} else if err != nil {
					t.Fatal(err)
				}
				read, err := a.GetPosition(cityHR, "prakom")
				if err != nil {
					t.Fatal(err)
				}
				if read.Version != tt.version {
					t.Errorf("version = %d, want %d", read.Version, tt.version)
				}
				if tt.field == "" && (!reflect.DeepEqual(got.Standards, tt.want) || !reflect.DeepEqual(read.Standards, tt.want)) {
					t.Errorf("standards: returned %v, read %v; want %v", got.Standards, read.Standards, tt.want)
				}
			})
		}

		// A position stored before the rules, with a name they refuse and an escaped quote
		// the migration left to the reader (its competency_standards ''): read at level 0,
		// other fields still change, and the names are checked only when they change.
		if _, err := db.ExecContext(context.Background(), `UPDATE positions SET competencies = $1, competency_standards = '' WHERE id = 'legacy'`,
			`["Software \"Engineering\"","technical:data-analysis"]`); err != nil {
			t.Fatal(err)
		}
		old, err := a.GetPosition(cityHR, "legacy")
		if want := []domain.CompetencyStandard{std(`Software "Engineering"`, 0), std("technical:data-analysis", 0)}; err != nil || !reflect.DeepEqual(old.Standards, want) {
			t.Fatalf("legacy position = %v, %v; want standards %v", old.Standards, err, want)
		}
		if got, err := a.UpdatePosition(cityHR, "legacy", "", domain.PositionUpdate{Fields: []string{"needed_headcount"}, Values: domain.Position{Needed: 5}}); err != nil || got.Needed != 5 {
			t.Fatalf("updating another field of a legacy position = %+v, %v", got, err)
		}
		_, err = a.UpdatePosition(cityHR, "legacy", "", domain.PositionUpdate{Fields: []string{"required_competencies"}, Values: domain.Position{Names: old.Competencies()}})
		testenv.WantKind(t, err, errs.Invalid, "position.required_competencies[0]")
	})
}

// TestCPNS checks candidate civil servants on every engine: a NIP and a PNS rank like a PNS,
// the appointment (TMT CPNS) from the NIP, and the one change of type there is, to PNS.
func TestCPNS(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		a, _, pending := newRegistry(t, engine)
		const candidate = "199803102025061001" // born 1998-03-10, CPNS from June 2025
		cpns := func(mod func(*domain.Employee)) domain.Employee {
			e := employee(candidate, "Rizky Harahap", "DISKOMINFO", "", "", kadis)
			e.Type, e.Rank = domain.CPNS, "III/a"
			mod(&e)
			return e
		}
		created := []struct {
			name  string
			in    domain.Employee
			field string // the violation; "" when created
		}{
			{"PPPK number", cpns(func(e *domain.Employee) { e.IDKind = domain.IDKindPPPK }), "employee.identifier_kind"},
			{"PPPK grade", cpns(func(e *domain.Employee) { e.Rank = "IX" }), "employee.rank"},
			{"invalid NIP", cpns(func(e *domain.Employee) { e.NIP = "199803102025061000" }), "employee.nip"},
			{"appointment not the NIP's", cpns(func(e *domain.Employee) { e.Appointment, _ = domain.ParseDate("2024-02-01") }), "employee.appointment_date"},
			{"unknown type", cpns(func(e *domain.Employee) { e.Type = "honorer" }), "employee.employment_type"},
			{"created", cpns(func(*domain.Employee) {}), ""},
		}
		for _, tt := range created {
			t.Run("create/"+tt.name, func(t *testing.T) {
				before := pending()
				got, err := a.CreateEmployee(cityHR, tt.in)
				if tt.field != "" {
					testenv.WantKind(t, err, errs.Invalid, tt.field)
					if after := pending(); after != before {
						t.Errorf("a refused create wrote %d events", after-before)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Type != domain.CPNS || got.IDKind != domain.IDKindNIP || got.Appointment.String() != "2025-06-01" || got.Sex != domain.Male {
					t.Errorf("created CPNS = %+v", got)
				}
			})
		}
		pppk := domain.Employee{NIP: "202301012023010001", Type: domain.PPPK, FullName: "Lestari Nainggolan", Sex: domain.Female, Rank: "IX", Agency: "DISKOMINFO", Supervisor: kadis}
		pppk.BirthDate, _ = domain.ParseDate("1995-04-02")
		pppk.Appointment, _ = domain.ParseDate("2023-01-01")
		if _, err := a.CreateEmployee(cityHR, pppk); err != nil {
			t.Fatal(err)
		}
		typeTo := func(t domain.EmploymentType) domain.EmployeeUpdate {
			return domain.EmployeeUpdate{Fields: []string{"employment_type"}, Values: domain.Employee{Type: t}}
		}
		changes := []struct {
			name  string
			nip   string
			to    domain.EmploymentType
			want  domain.EmploymentType
			field string // the violation; "" when applied
		}{
			{"CPNS to PPPK", candidate, domain.PPPK, domain.CPNS, "employee.employment_type"},
			{"PPPK to PNS", pppk.NIP, domain.PNS, domain.PPPK, "employee.employment_type"},
			{"PNS to CPNS", kadis, domain.CPNS, domain.PNS, "employee.employment_type"},
			{"CPNS to PNS", candidate, domain.PNS, domain.PNS, ""},
			{"PNS stays PNS", candidate, domain.PNS, domain.PNS, ""},
		}
		for _, tt := range changes {
			t.Run("update/"+tt.name, func(t *testing.T) {
				_, err := a.UpdateEmployee(cityHR, tt.nip, "", typeTo(tt.to))
				if tt.field != "" {
					testenv.WantKind(t, err, errs.Invalid, tt.field)
				} else if err != nil {
					t.Fatal(err)
				}
				got, err := a.GetEmployee(cityHR, tt.nip)
				if err != nil || got.Type != tt.want {
					t.Errorf("type = %s, %v; want %s", got.Type, err, tt.want)
				}
			})
		}
		if e, _ := a.GetEmployee(cityHR, candidate); e.Version != 2 || e.Appointment.String() != "2025-06-01" || e.Rank != "III/a" {
			t.Errorf("after the appointment as PNS: %+v; want version 2, the TMT CPNS and the rank kept", e)
		}
	})
}
