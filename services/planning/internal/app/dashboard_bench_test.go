package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// The workforce dashboard at the city's size (issue 12 §3: within 1 s for the whole city on
// both engines): the demo city's 20,548 employees in 41 agencies (the seed catalog's headcounts,
// Dinas Pendidikan with the rest), a unit per 100 staff, each unit with a structural head
// position, two functional and two executor positions (5,000-odd positions, every need set),
// 85 % PNS (2 % of them CPNS) with valid NIPs born 1966–2001 and 15 % PPPK, every education
// level, one assignment each, loaded through the store's batch insert (InsertEmployees) in one
// transaction; an approved plan per agency with two measured targets and the city plan. The
// clock is 27 November 2026 (the seed's day).

// dashBenchAgencies are the city's agencies and headcounts; DISDIK's 0 is the remainder.
var dashBenchAgencies = []struct {
	code string
	size int
}{
	{"SETDA", 420}, {"SETWAN", 130}, {"INSPEKTORAT", 130}, {"BAPPEDA", 120}, {"BKPSDM", 150}, {"BPKAD", 260},
	{"BAPENDA", 400}, {"BPBD", 500}, {"SATPOLPP", 560}, {"DISDIK", 0}, {"DINKES", 2200}, {"RSUD-PIRNGADI", 1550},
	{"DPUPRPKP", 760}, {"DINSOSP2KBP3A", 480}, {"DISNAKERKOPERINDAG", 450}, {"DLH", 600}, {"DISDUKCAPIL", 260},
	{"DISHUB", 500}, {"DISKOMINFO", 140}, {"DISPORA", 110},
	{"KEC-AMPLAS", 165}, {"KEC-AREA", 190}, {"KEC-BARAT", 175}, {"KEC-BARU", 150}, {"KEC-BELAWAN", 210},
	{"KEC-DELI", 200}, {"KEC-DENAI", 195}, {"KEC-HELVETIA", 185}, {"KEC-JOHOR", 180}, {"KEC-KOTA", 170},
	{"KEC-LABUHAN", 205}, {"KEC-MAIMUN", 120}, {"KEC-MARELAN", 190}, {"KEC-PERJUANGAN", 165}, {"KEC-PETISAH", 155},
	{"KEC-POLONIA", 115}, {"KEC-SELAYANG", 160}, {"KEC-SUNGGAL", 200}, {"KEC-TEMBUNG", 185}, {"KEC-TIMUR", 175},
	{"KEC-TUNTUNGAN", 150},
}

const dashBenchEmployees = 20548

var dashBenchClock = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)

// dashBenchCity loads the city into a fresh database on engine and returns the use cases and
// the database.
func dashBenchCity(b *testing.B, engine testenv.Engine) (*app.App, *database.DB) {
	ctx := context.Background()
	db := testenv.OpenDB(b, engine)
	if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
		b.Fatal(err)
	}
	st := store.New(db, outbox.New(), events.Encode)
	a := app.New(st, func() time.Time { return dashBenchClock })
	others := 0
	for _, ag := range dashBenchAgencies {
		others += ag.size
	}
	educations := append(domain.Educations(), domain.EducationUnknown)
	var (
		agencies  []domain.Agency
		positions []domain.Position
		people    []domain.Employee
	)
	now := dashBenchClock
	for ai, ag := range dashBenchAgencies {
		size := ag.size
		if size == 0 {
			size = dashBenchEmployees - others
		}
		agencies = append(agencies, domain.Agency{Code: ag.code, Name: "Instansi " + ag.code, Kind: domain.KindDinas, Root: ag.code, Version: 1, Created: now, Updated: now})
		units := max(1, size/100)
		for u := range units {
			unit := fmt.Sprintf("%s-U%02d", ag.code, u)
			agencies = append(agencies, domain.Agency{Code: unit, Name: fmt.Sprintf("Bidang %d %s", u+1, ag.code), Kind: domain.KindUnit,
				Parent: ag.code, Root: ag.code, Version: 1, Created: now, Updated: now})
			for k, kind := range []domain.PositionKind{domain.PositionStructural, domain.PositionFunctional, domain.PositionFunctional,
				domain.PositionExecutor, domain.PositionExecutor} {
				positions = append(positions, domain.Position{ID: fmt.Sprintf("%s-P%d", unit, k), Title: fmt.Sprintf("Jabatan %d", k),
					Kind: kind, Class: 5 + k, Agency: ag.code, Unit: unit, Needed: []int{1, 12, 8, 45, 40}[k], Version: 1, Created: now, Updated: now})
			}
		}
		for i := range size {
			n := len(people)
			u := i % units
			unit := fmt.Sprintf("%s-U%02d", ag.code, u)
			slot := 1 + i%4 // staff in the functional and executor positions
			if i < units {
				slot = 0 // the unit's head
			}
			birth := time.Date(1966, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (n*37)%13000)
			e := domain.Employee{FullName: fmt.Sprintf("Pegawai %d", n), Agency: ag.code, Unit: unit,
				Position: fmt.Sprintf("%s-P%d", unit, slot), Status: domain.Active, Education: educations[n%len(educations)],
				BirthDate: domain.Date{Time: birth}, Version: 1, Created: now, Updated: now}
			if n%500 == 9 {
				e.Position = "" // without a position
			}
			appt := time.Date(min(2025, birth.Year()+19+n%7), time.Month(1+n%12), 1, 0, 0, 0, 0, time.UTC)
			e.Appointment = domain.Date{Time: appt}
			sex := 1 + n%2
			e.Sex = map[int]domain.Sex{1: domain.Male, 2: domain.Female}[sex]
			switch {
			case n%100 < 15:
				e.Type, e.IDKind, e.Rank = domain.PPPK, domain.IDKindPPPK, domain.Ranks(domain.PPPK)[n%17]
				e.NIP = fmt.Sprintf("%s%03d%09d", appt.Format("200601"), ai, n)
			default:
				e.Type, e.IDKind, e.Rank = domain.PNS, domain.IDKindNIP, domain.Ranks(domain.PNS)[n%17]
				if n%50 == 20 {
					e.Type = domain.CPNS
				}
				e.NIP = fmt.Sprintf("%s%s%d%03d", birth.Format("20060102"), appt.Format("200601"), sex, 1+n/13000)
				if _, err := nip.Parse(e.NIP, now); err != nil {
					b.Fatalf("NIP %s: %v", e.NIP, err)
				}
			}
			e.History = []domain.Assignment{{Agency: e.Agency, Unit: e.Unit, Position: e.Position, Start: e.Appointment}}
			people = append(people, e)
		}
	}
	err := st.Write(ctx, func(ctx context.Context, tx app.Tx) error {
		for _, ag := range agencies {
			if err := tx.InsertAgency(ctx, ag); err != nil {
				return err
			}
		}
		for _, p := range positions {
			if err := tx.InsertPosition(ctx, p); err != nil {
				return err
			}
		}
		return database.Chunks(people, 2000, func(part []domain.Employee) error {
			ins, err := tx.InsertEmployees(ctx, part)
			if err == nil && len(ins) != len(part) {
				err = fmt.Errorf("%d of %d employees inserted", len(ins), len(part))
			}
			return err
		})
	})
	if err != nil {
		b.Fatalf("loading the city: %v", err)
	}
	// An approved plan per agency and the city's, two measured targets each.
	err = db.InTx(ctx, func(tx *database.Tx) error {
		for i, ag := range append([]string{""}, agencyCodes()...) {
			id := fmt.Sprintf("plan-%02d", i)
			content := `{"title":"Rencana 2026","goals":[{"key":"g","title":"Kompetensi"}],"targets":[` +
				`{"key":"jp","goal":"g","title":"80% pegawai 20 JP","kind":"jp_share","goal_value":80,"due_date":"2026-12-31T00:00:00Z"},` +
				`{"key":"hadir","goal":"g","title":"Kehadiran 95%","kind":"attendance_rate","goal_value":95,"due_date":"2026-12-31T00:00:00Z"}],"actions":[],"budget_lines":[],"illustrative":true}`
			if _, err := tx.ExecContext(ctx, `INSERT INTO work_plans (id, agency, year, state, content, in_force, version, approved_version, comment,
					create_time, update_time, approve_time) VALUES ($1, $2, 2026, 'in_progress', $3, $3, 3, 3, '', 0, 0, 0)`, id, ag, content); err != nil {
				return err
			}
			for _, t := range []struct{ key, kind string }{{"jp", "jp_share"}, {"hadir", "attendance_rate"}} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes,
						start_time, active, baseline, value, expected, status, measure_time) VALUES ($1, $2, $3, 2026, $4, 80, '2026-12-31', '[]', 0, 1, 0, 41.5, 70, 'off_track', 1)`,
					id, t.key, ag, t.kind); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatalf("loading the plans: %v", err)
	}
	if engine == testenv.Postgres {
		if _, err := db.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
	} else if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return a, db
}

func agencyCodes() []string {
	out := make([]string, len(dashBenchAgencies))
	for i, ag := range dashBenchAgencies {
		out[i] = ag.code
	}
	return out
}

// BenchmarkWorkforceDashboard times the dashboard of the whole city and of its largest agency,
// and the city's CSV, on each engine. Run it with
//
//	go test ./internal/app/ -run '^$' -bench WorkforceDashboard -benchtime 5x
func BenchmarkWorkforceDashboard(b *testing.B) {
	hr := testenv.As(context.Background(), auth.RoleCityHR, "", "bkpsdm-admin")
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			start := time.Now()
			a, _ := dashBenchCity(b, engine)
			b.Logf("%s: the city loaded in %v", engine, time.Since(start).Round(time.Millisecond))
			b.Run("City", func(b *testing.B) {
				for b.Loop() {
					d, err := a.GetWorkforceDashboard(hr, "")
					if err != nil || d.Total != dashBenchEmployees || len(d.AgencyNeeds) != 41 || len(d.Targets) != 84 {
						b.Fatalf("total %d, %d agencies, %d targets, %v", d.Total, len(d.AgencyNeeds), len(d.Targets), err)
					}
				}
			})
			b.Run("Agency", func(b *testing.B) {
				for b.Loop() {
					d, err := a.GetWorkforceDashboard(hr, "DISDIK")
					if err != nil || d.Total < 7000 || len(d.Targets) != 4 {
						b.Fatalf("total %d, %d targets, %v", d.Total, len(d.Targets), err)
					}
				}
			})
			b.Run("MonthlyReport", func(b *testing.B) {
				for b.Loop() {
					if r, err := a.GenerateMonthlyReport(hr, "DISDIK", "2026-10"); err != nil || r.CSVBytes == 0 {
						b.Fatalf("%d bytes, %v", r.CSVBytes, err)
					}
				}
			})
			b.Run("ExportCity", func(b *testing.B) {
				for b.Loop() {
					if _, data, err := a.ExportWorkforceDashboard(hr, ""); err != nil || len(data) < 10000 {
						b.Fatalf("%d bytes, %v", len(data), err)
					}
				}
			})
		})
	}
}
