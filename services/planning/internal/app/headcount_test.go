package app_test

import (
	"context"
	"reflect"
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

// TestHeadcount counts a small city on every engine: three agencies, PNS, CPNS and PPPK, a transfer
// in force today and one dated ahead, a retirement, positions of each kind and none.
func TestHeadcount(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(context.Background(), "planning", store.Migrations()); err != nil {
			t.Fatal(err)
		}
		clock := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) // the city registered in June
		a := app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return clock })
		must := func(_ any, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, ag := range []domain.Agency{
			{Code: "SETDA", Name: "Sekretariat Daerah", Kind: domain.KindSecretariat},
			{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas},
			{Code: "DINKES", Name: "Dinas Kesehatan", Kind: domain.KindDinas},
		} {
			must(a.CreateAgency(cityHR, ag))
		}
		for _, p := range []domain.Position{
			{ID: "setda-sekda", Title: "Sekretaris Daerah", Kind: domain.PositionStructural, Class: 17, Agency: "SETDA", Needed: 1},
			{ID: "kominfo-kadis", Title: "Kepala Dinas Komunikasi dan Informatika", Kind: domain.PositionStructural, Class: 15, Agency: "DISKOMINFO", Needed: 1},
			{ID: "kominfo-prakom", Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9, Agency: "DISKOMINFO", Needed: 6},
			{ID: "dinkes-kadis", Title: "Kepala Dinas Kesehatan", Kind: domain.PositionStructural, Class: 15, Agency: "DINKES", Needed: 1},
		} {
			must(a.CreatePosition(cityHR, p))
		}
		const staff, retiree = "199505052020121001", "196601011990031001"
		ranked := func(e domain.Employee, rank string) domain.Employee { e.Rank = rank; return e }
		for _, e := range []domain.Employee{
			ranked(employee(sekda, "Wiriya Alrahman", "SETDA", "", "setda-sekda", ""), "IV/e"),
			ranked(employee(kadis, "Arrahman Pane", "DISKOMINFO", "", "kominfo-kadis", sekda), "IV/c"),
			employee(prakom, "Budi Santoso", "DISKOMINFO", "", "kominfo-prakom", kadis), // III/c
			ranked(employee(staff, "Andi Lubis", "DISKOMINFO", "", "", kadis), "III/a"),
			ranked(employee(dokter, "dr. Rina Siregar", "DINKES", "", "dinkes-kadis", sekda), "IV/b"),
			ranked(employee(retiree, "Tua Sinaga", "DINKES", "", "", dokter), "IV/a"),
		} {
			must(a.CreateEmployee(cityHR, e))
		}
		pppk := domain.Employee{NIP: "202301012023010001", Type: domain.PPPK, FullName: "Lestari Nainggolan", Sex: domain.Female,
			Rank: "IX", Agency: "DINKES", Supervisor: dokter}
		pppk.BirthDate, _ = domain.ParseDate("1995-04-02")
		pppk.Appointment, _ = domain.ParseDate("2023-01-01")
		must(a.CreateEmployee(cityHR, pppk))
		// A CPNS appointed in June 2025: counted with the PNS of its agency and rank, apart by type.
		cpns := ranked(employee("199803102025061001", "Rizky Harahap", "DISKOMINFO", "", "", kadis), "III/a")
		cpns.Type = domain.CPNS
		must(a.CreateEmployee(cityHR, cpns))
		// In September, a transfer from 1 October: in force by today, 27 November.
		clock = time.Date(2026, 9, 15, 9, 0, 0, 0, time.UTC)
		october, _ := domain.ParseDate("2026-10-01")
		must(a.TransferEmployee(cityHR, staff, "", domain.Transfer{Agency: "DINKES", Supervisor: dokter, Effective: october, Reason: "SK 800/1"}))
		clock = now
		today := domain.DateOf(now)
		ahead, _ := domain.ParseDate("2027-01-02")
		must(a.TransferEmployee(cityHR, prakom, "", domain.Transfer{Agency: "DINKES", Supervisor: dokter, Effective: ahead, Reason: "SK 800/2"}))
		must(a.RetireEmployee(cityHR, retiree, "", today, "batas usia pensiun"))

		city, err := a.GetHeadcount(cityHR, "")
		if err != nil {
			t.Fatal(err)
		}
		want := app.Headcount{
			Date:  today,
			Total: 7,
			Agencies: []app.AgencyCount{
				{Agency: "DINKES", Name: "Dinas Kesehatan", Total: 3, PNS: 2, PPPK: 1},
				{Agency: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Total: 3, PNS: 3, CPNS: 1},
				{Agency: "SETDA", Name: "Sekretariat Daerah", Total: 1, PNS: 1},
			},
			PNSRanks:      []app.Count{{"III/a", 2}, {"III/c", 1}, {"IV/b", 1}, {"IV/c", 1}, {"IV/e", 1}},
			PPPKGrades:    []app.Count{{"IX", 1}},
			Types:         []app.Count{{"pns", 5}, {"cpns", 1}, {"pppk", 1}},
			PositionKinds: []app.Count{{"structural", 3}, {"functional", 1}, {"none", 3}},
		}
		if !reflect.DeepEqual(city, want) {
			t.Fatalf("city headcount =\n%+v\nwant\n%+v", city, want)
		}
		dinkesHR := testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes")
		own, err := a.GetHeadcount(dinkesHR, "")
		if err != nil {
			t.Fatal(err)
		}
		if own.Total != 3 || len(own.Agencies) != 1 || own.Agencies[0] != want.Agencies[0] ||
			!reflect.DeepEqual(own.PositionKinds, []app.Count{{"structural", 1}, {"none", 2}}) {
			t.Errorf("DINKES HR's headcount = %+v", own)
		}
		auditor := testenv.As(context.Background(), auth.RoleAuditor, "", "inspektorat")
		if got, err := a.GetHeadcount(auditor, "DISKOMINFO"); err != nil || got.Total != 3 || got.Agencies[0].Name != "Dinas Komunikasi dan Informatika" {
			t.Errorf("auditor's DISKOMINFO = %+v, %v", got, err)
		}
		tests := []struct {
			name string
			ctx  context.Context
			ag   string
			kind errs.Kind
		}{
			{"agency HR of another agency", dinkesHR, "DISKOMINFO", errs.PermissionDenied},
			{"supervisor", testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", kadis), "", errs.PermissionDenied},
			{"employee", testenv.As(context.Background(), auth.RoleEmployee, "DISKOMINFO", prakom), "DISKOMINFO", errs.PermissionDenied},
			{"unknown agency", cityHR, "NOPE", errs.NotFound},
		}
		for _, tt := range tests {
			_, err := a.GetHeadcount(tt.ctx, tt.ag)
			testenv.WantKind(t, err, tt.kind, "")
		}
	})
}
