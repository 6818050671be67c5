package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/store"
)

// The reports at the city's size (issue 11 §6): the demo city's 20,548 employees in its 40
// agencies (the headcounts of cmd/simpeg/internal/seed's catalog: 18 city agencies, Dinas
// Pendidikan with the rest, and the 21 kecamatan), loaded by multi-row INSERTs in one
// transaction per table, one approved SKP each with 3 results (2 %
// drafts, 1 % proposed, 0.5 % without any), period ratings for q1–q3 (3 % of q3's missing),
// annual ratings for 80 % (10 % Sangat Baik, 65 % Baik, 15 % Butuh Perbaikan, 7 % Kurang, 3 %
// Sangat Kurang), every agency rated Baik, and a feedback entry or dialogue on every other SKP in
// q4. The clock is 27 November 2026 (the seed's day). Targets: the city-wide distribution and
// completion reports ≤ 1 s on both engines.

// benchAgencies are the demo city's agencies and headcounts; DISDIK's 0 is the remainder.
var benchAgencies = []struct {
	code string
	size int
}{
	{"SETDA", 420}, {"SETWAN", 130}, {"INSPEKTORAT", 130}, {"BAPPEDA", 120}, {"BKPSDM", 150}, {"BPKAD", 260},
	{"BAPENDA", 400}, {"BPBD", 500}, {"SATPOLPP", 560}, {"DISDIK", 0}, {"DINKES", 2200}, {"RSUD-PIRNGADI", 1550},
	{"DPUPRPKP", 760}, {"DINSOSP2KBP3A", 480}, {"DISNAKERKOPERINDAG", 450}, {"DLH", 600}, {"DISDUKCAPIL", 260},
	{"DISHUB", 500}, {"DISKOMINFO", 140},
	{"KEC-AMPLAS", 165}, {"KEC-AREA", 190}, {"KEC-BARAT", 175}, {"KEC-BARU", 150}, {"KEC-BELAWAN", 210},
	{"KEC-DELI", 200}, {"KEC-DENAI", 195}, {"KEC-HELVETIA", 185}, {"KEC-JOHOR", 180}, {"KEC-KOTA", 170},
	{"KEC-LABUHAN", 205}, {"KEC-MAIMUN", 120}, {"KEC-MARELAN", 190}, {"KEC-PERJUANGAN", 165}, {"KEC-PETISAH", 155},
	{"KEC-POLONIA", 115}, {"KEC-SELAYANG", 160}, {"KEC-SUNGGAL", 200}, {"KEC-TEMBUNG", 185}, {"KEC-TIMUR", 175},
	{"KEC-TUNTUNGAN", 150},
}

// benchEmployees is the city's headcount.
const benchEmployees = 20548

// benchPerson is one employee of the benchmark city.
type benchPerson struct {
	nip, agency, unit, supervisor string
}

// benchCityPeople lays out the city: per agency a head, a unit head per 100 staff under the
// head, and the staff under their unit's head.
func benchCityPeople() []benchPerson {
	others := 0
	for _, a := range benchAgencies {
		others += a.size
	}
	var out []benchPerson
	for ai, a := range benchAgencies {
		size := a.size
		if size == 0 {
			size = benchEmployees - others
		}
		nip := func(i int) string { return fmt.Sprintf("1980%02d%06d%06d", ai, i, len(out)) }
		head := benchPerson{nip: nip(0), agency: a.code, unit: a.code}
		out = append(out, head)
		units := max(1, size/100)
		heads := make([]string, units)
		for u := range units {
			heads[u] = nip(1 + u)
			out = append(out, benchPerson{nip: heads[u], agency: a.code, unit: fmt.Sprintf("%s-U%02d", a.code, u), supervisor: head.nip})
		}
		for i := 1 + units; i < size; i++ {
			u := i % units
			out = append(out, benchPerson{nip: nip(i), agency: a.code, unit: fmt.Sprintf("%s-U%02d", a.code, u), supervisor: heads[u]})
		}
	}
	return out
}

// benchInsert writes rows of cols columns in multi-row INSERTs of 500 rows, in one transaction.
func benchInsert(b *testing.B, db *database.DB, table, cols string, n int, rows []any) {
	b.Helper()
	err := db.InTx(context.Background(), func(tx *database.Tx) error {
		return database.Chunks(rows, n*500, func(part []any) error {
			_, err := tx.ExecContext(context.Background(), `INSERT INTO `+table+` (`+cols+`) VALUES `+database.Values(1, len(part)/n, n), part...)
			return err
		})
	})
	if err != nil {
		b.Fatalf("loading %s: %v", table, err)
	}
}

// benchCity loads the city into a fresh database on engine and returns the use cases over it.
func benchCity(b *testing.B, engine testenv.Engine) *app.App {
	people := benchCityPeople()
	e := newEnv(b, engine, person(people[0].nip, "Pegawai 0", people[0].agency, people[0].unit, "", "jabatan"))
	var dir, skps, periodRatings, annual, feedback []any
	predicates := []domain.Predicate{}
	for _, share := range []struct {
		p domain.Predicate
		n int
	}{{domain.SangatBaik, 10}, {domain.Baik, 65}, {domain.ButuhPerbaikan, 15}, {domain.Kurang, 7}, {domain.SangatKurang, 3}} {
		for range share.n {
			predicates = append(predicates, share.p)
		}
	}
	results := `[{"id":"r1","text":"Hasil kerja 1","plan_reference":"renstra","indicators":[{"id":"i1","text":"indikator","targets":[{"aspect":"quantity","value":"12 laporan"}]}]},` +
		`{"id":"r2","text":"Hasil kerja 2","plan_reference":"renstra","indicators":[{"id":"i1","text":"indikator","targets":[{"aspect":"quality","value":"100%"}]}]},` +
		`{"id":"r3","text":"Hasil kerja 3","plan_reference":"renstra","indicators":[{"id":"i1","text":"indikator","targets":[{"aspect":"time","value":"12 bulan"}]}]}]`
	for i, p := range people {
		if i > 0 {
			dir = append(dir, p.nip, fmt.Sprintf("Pegawai %d", i), "male", "1985-01-01", "2010-03-01", "pns", "III/c", p.agency, p.unit,
				"jabatan", p.supervisor, "active", 1, 0)
		}
		if i%200 == 7 { // 0.5 % without an SKP
			continue
		}
		state, approved := domain.SkpApproved, 1
		switch {
		case i%50 == 3:
			state, approved = domain.SkpDraft, 0
		case i%100 == 5:
			state, approved = domain.SkpProposed, 0
		}
		level := ""
		if i%3 == 0 {
			level = string(domain.AhliPertama)
		}
		head := 0
		if p.supervisor == "" {
			head = 1
		}
		id := "2026-" + p.nip + "-1"
		skps = append(skps, id, p.nip, fmt.Sprintf("Pegawai %d", i), 2026, 1, p.agency, p.unit, "jabatan", p.supervisor, "Atasan",
			head, string(state), "2026-01-01", "2026-12-31", results, "[]", level, approved,
			approved, "", "", "", 1, 1, 0, 0)
		if approved == 0 {
			continue
		}
		for _, period := range []string{"q1", "q2", "q3"} {
			if period == "q3" && i%33 == 0 {
				continue // 3 % of q3's ratings overdue
			}
			periodRatings = append(periodRatings, id, period, "meets", "sesuai", "meets", "sesuai", "baik", p.supervisor, 1, 0)
		}
		if i%5 != 0 { // 80 % rated for the year
			pred := predicates[i%len(predicates)]
			annual = append(annual, id, p.nip, 2026, p.agency, p.unit, "meets", "sesuai", "meets", "sesuai", string(pred), "finalised",
				p.supervisor, 0, "2026-12-15", "", "[]", 1, 1)
		}
		if i%2 == 0 && p.supervisor != "" {
			kind := "feedback"
			if i%6 == 0 {
				kind = "dialogue"
			}
			feedback = append(feedback, fmt.Sprintf("f%d", i), id, kind, p.supervisor, "Atasan", "r1", "", "catatan", "", "", "[]", "q4",
				database.Micros(at("2026-10-15", 10, 0)))
		}
	}
	benchInsert(b, e.db, "directory_employees", "nip, display_name, sex, birth_date, appointment_date, employment_type, rank, agency, unit, position, supervisor, status, version, synced_at", 14, dir)
	benchInsert(b, e.db, "skps", store.SkpCols, 26, skps)
	benchInsert(b, e.db, "period_ratings", "skp, period, results, results_reason, behaviour, behaviour_reason, predicate, rated_by, version, rate_time", 10, periodRatings)
	benchInsert(b, e.db, "annual_ratings", `skp, employee, year, agency, unit, results, results_reason, behaviour, behaviour_reason,
		predicate, state, rated_by, finalise_time, objection_deadline, objection, history, counted, version`, 18, annual)
	benchInsert(b, e.db, "feedback", `id, skp, kind, author, author_name, result_id, behaviour, text, reply_to, dialogue_date,
		agreed_actions, period, create_time`, 13, feedback)
	var orgs []any
	for _, a := range benchAgencies {
		orgs = append(orgs, 2026, a.code, "baik", "", "bkpsdm-admin", 1, 0)
	}
	benchInsert(b, e.db, "organisation_ratings", "year, agency, predicate, note, set_by, version, update_time", 7, orgs)
	e.exec(b, `INSERT INTO periods (year, cadence, skp_due_date, rating_due_days, version, create_time, update_time)
		VALUES (2026, 'quarterly', '2026-01-31', 14, 1, 0, 0)`)
	if engine == testenv.Postgres {
		e.exec(b, `VACUUM ANALYZE`) // what autovacuum does after a load: statistics and the visibility map
	}
	return app.New(e.store, app.Options{Directory: e.dir, Policy: domain.DefaultPolicy(),
		Now: func() time.Time { return at("2026-11-27", 9, 0) }})
}

// BenchmarkReports runs each city-wide report on the benchmark city, on each engine.
func BenchmarkReports(b *testing.B) {
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			start := time.Now()
			a := benchCity(b, engine)
			b.Logf("%s: the city loaded in %v", engine, time.Since(start).Round(time.Millisecond))
			b.Run("PredicateDistribution", func(b *testing.B) {
				for b.Loop() {
					r, err := a.GetPredicateDistributionReport(cityHR, 2026, "", true)
					if err != nil || len(r.Rows) < 40 || r.City.Population < 19000 {
						b.Fatalf("%d rows, city %d, %v", len(r.Rows), r.City.Population, err)
					}
				}
			})
			b.Run("SkpCompletion", func(b *testing.B) {
				for b.Loop() {
					r, err := a.GetSkpCompletionReport(cityHR, 2026, "", 0, "")
					if err != nil || len(r.Agencies) != 40 || len(r.Lines) != 500 {
						b.Fatalf("%d agencies, %d lines, %v", len(r.Agencies), len(r.Lines), err)
					}
				}
			})
			b.Run("FeedbackActivity", func(b *testing.B) {
				for b.Loop() {
					r, err := a.GetFeedbackActivityReport(cityHR, 2026, "", "")
					if err != nil || len(r.Rows) < 200 {
						b.Fatalf("%d rows, %v", len(r.Rows), err)
					}
				}
			})
			b.Run("CreditPoints", func(b *testing.B) {
				for b.Loop() {
					r, err := a.GetCreditPointReport(cityHR, 2026, "", "")
					if err != nil || len(r.Lines) < 5000 {
						b.Fatalf("%d lines, %v", len(r.Lines), err)
					}
				}
			})
		})
	}
}
