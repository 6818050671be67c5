package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
)

// The benchmarked city of issue 10 §8: Medan's 20,548 employees in 40 agencies (the largest,
// AG00, with 2,000; the other 18,548 spread over 39 agencies of 475 or 476) and a year of
// training: 50 programmes of 4 to 20 JP, 600 sessions over 2026 (one in a hundred in Asia/Jayapura,
// the rest in Asia/Jakarta), 3 to 6 enrolments per employee in distinct sessions (92,466: 10 %
// enrolled and not finished, about 7 % failed, the rest passed), verified external training for
// one employee in ten and an unverified one for another tenth, and an internship cohort with 206
// employee placements (a third still active).
const (
	jpBenchEmployees = 20548
	jpBenchLargest   = 2000
	jpBenchSessions  = 600
)

// jpBenchN is a WITH clause of n(i), the employees' numbers 0 to jpBenchEmployees-1, in SQL both
// engines run. Employee i's NIP is 198001012005011000 + i; their agency AG00 for the first
// 2,000, else AG01 to AG39 in turn.
const jpBenchN = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 20547) `

const (
	jpBenchNIP    = `CAST(198001012005011000 + i AS TEXT)`
	jpBenchAgency = `CASE WHEN i < 2000 THEN 'AG00' WHEN (i - 2000) % 39 < 9 THEN 'AG0' || CAST((i - 2000) % 39 + 1 AS TEXT)
		ELSE 'AG' || CAST((i - 2000) % 39 + 1 AS TEXT) END`
)

// newJPBench opens a migrated database on engine holding the benchmarked city and its year.
func newJPBench(b *testing.B, engine testenv.Engine) env {
	b.Helper()
	e := newEnv(b, engine)
	exec := func(what, query string, args ...any) {
		b.Helper()
		start := time.Now()
		if _, err := e.db.ExecContext(context.Background(), query, args...); err != nil {
			b.Fatalf("seeding %s: %v\n%s", what, err, query)
		}
		b.Logf("%s in %s", what, time.Since(start).Round(time.Millisecond))
	}
	// Only the benchmarked city: the harness's six people go.
	exec("clearing the harness's people", `DELETE FROM directory_employees`)
	exec("directory copy", jpBenchN+`INSERT INTO directory_employees (nip, display_name, sex, birth_date, appointment_date,
			employment_type, rank, agency, unit, position, supervisor, status, version, synced_at)
		SELECT `+jpBenchNIP+`, 'Pegawai ' || CAST(i AS TEXT), 'male', '1980-01-01', '2005-01-01',
			CASE WHEN i % 20 = 0 THEN 'pppk' WHEN i % 50 = 1 THEN 'cpns' ELSE 'pns' END, 'III/a',
			`+jpBenchAgency+`, '', '', '', 'active', 1, 0 FROM n`)
	exec("programmes", `WITH RECURSIVE j(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM j WHERE j < 49)
		INSERT INTO programmes (id, title, description, competency_type, competencies, form, minutes, jp, provider, provider_kind,
			partner, cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time)
		SELECT 'pg-' || CAST(j AS TEXT), 'Programme ' || CAST(j AS TEXT), '', 'technical', '[]', 'classroom', (4 + (j % 5) * 4) * 45,
			4 + (j % 5) * 4, 'Provider ' || CAST(j % 7 AS TEXT), 'city_training_unit', '', 500000, 1, 0, '', 'active', 1, 0, 0 FROM j`)
	// Session k starts at 08:00 WIB on day 3 + 0.6k of 2026 and lasts two days and eight hours.
	first := time.Date(2026, 1, 3, 8, 0, 0, 0, wib)
	exec("sessions", `WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k < 599)
		INSERT INTO sessions (id, programme, agency, start_time, end_time, time_zone, place, online_link, capacity, trainers, state,
			cancel_reason, seated, next_arrival, version, create_time, update_time)
		SELECT 'ss-' || CAST(k AS TEXT), 'pg-' || CAST(k % 50 AS TEXT), '', $1 + CAST(k AS BIGINT) * 51840000000,
			$1 + CAST(k AS BIGINT) * 51840000000 + 201600000000,
			CASE WHEN k % 100 = 0 THEN 'Asia/Jayapura' ELSE 'Asia/Jakarta' END, 'Aula', '', 400, '[]', 'scheduled', '', 0, 1, 1, 0, 0 FROM k`,
		database.Micros(first))
	// Employee i's r-th enrolment (r < 3 + i mod 4) is in session (7i + 97r) mod 600.
	exec("enrolments", jpBenchN+`, r(r) AS (SELECT 0 UNION ALL SELECT r + 1 FROM r WHERE r < 5)
		INSERT INTO enrolments (id, session, employee, agency, origin, state, arrival, start_time, end_time, requested_by, decided_by,
			reason, score, finish_time, version, create_time, update_time)
		SELECT 'en-' || CAST(i AS TEXT) || '-' || CAST(r AS TEXT), s.id, `+jpBenchNIP+`, `+jpBenchAgency+`, 'nominated',
			CASE WHEN (i + r) % 10 = 0 THEN 'enrolled' WHEN (i + r) % 13 = 0 THEN 'failed' ELSE 'passed' END,
			i, s.start_time, s.end_time, 'hr', 'hr', '', 80, 0, 1, 0, 0
		FROM n CROSS JOIN r JOIN sessions s ON s.id = 'ss-' || CAST((i * 7 + r * 97) % 600 AS TEXT)
		WHERE r < 3 + i % 4`)
	exec("external training", jpBenchN+`INSERT INTO external_trainings (id, employee, agency, title, provider, form, start_date, end_date,
			minutes, jp, evidence, state, reason, submitted_by, decided_by, decide_time, version, create_time, update_time)
		SELECT 'x-' || CAST(i AS TEXT), `+jpBenchNIP+`, `+jpBenchAgency+`, 'Kursus', 'Dicoding', 'e_learning', '2026-06-10', '2026-06-15',
			0, 8, 'documents/d', CASE WHEN i % 10 = 3 THEN 'verified' ELSE 'submitted' END, '', 'hr', 'hr', 0, 1, 0, 0
		FROM n WHERE i % 10 IN (3, 4)`)
	exec("internship cohort", `INSERT INTO internship_partners (id, display_name, kind, address, contact_name, contact_email,
		contact_phone, version, create_time, update_time) VALUES ('usu', 'USU', 'university', '', '', '', '', 1, 0, 0)`)
	exec("internship agreement", `INSERT INTO internship_agreements (id, partner, number, title, scope, start_date, end_date, contact_name,
		contact_email, contact_phone, document, version, create_time, update_time)
		VALUES ('a', 'usu', '1', 'Magang', '', '2025-01-01', '2028-12-31', '', '', '', 'documents/m', 1, 0, 0)`)
	exec("internship cohort", `INSERT INTO internship_cohorts (id, agreement, partner, display_name, programme, start_date, end_date,
		version, create_time, update_time) VALUES ('c', 'a', 'usu', 'Magang 2026', 'pg-4', '2026-02-01', '2026-12-20', 1, 0, 0)`)
	exec("placements", jpBenchN+`INSERT INTO internship_placements (id, cohort, kind, employee, participant_name, student_number, institution,
			study_programme, agency, unit, mentor, start_date, end_date, state, jp, score, passed, notes, assessed_by, reason, finish_time,
			created_by, version, create_time, update_time)
		SELECT 'm-' || CAST(i AS TEXT), 'c', 'employee', `+jpBenchNIP+`, 'Pegawai', '', '', '', `+jpBenchAgency+`, '', '', '2026-02-01',
			'2026-12-20', CASE WHEN i % 300 = 5 THEN 'active' ELSE 'completed' END, 20, 80, 1, '', '', '', 0, 'hr', 1, 0, 0
		FROM n WHERE i % 100 = 5`)
	if engine == testenv.Postgres {
		exec("ANALYZE", `ANALYZE`)
	}
	for _, table := range []string{"directory_employees", "enrolments", "external_trainings", "internship_placements"} {
		var n int
		if err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d rows", table, n)
	}
	return e
}

// BenchmarkJPShortfall times the 20 JP shortfall (issue 10 §8: ≤ 1 s on both engines) over the
// benchmarked city's year:
//
//   - city: the city-wide list (ListEmployeeJP with no agency, as city HR), short employees
//     only, first page of 100, with the totals over all 20,548: the three sources summed per
//     employee in one query, 20,548 result rows sorted by shortfall.
//   - largest-agency: AG00's list, its 2,000 employees, first page.
//   - largest-agency-csv: AG00's whole list as CSV (ExportEmployeeJP).
//
// Run: SIMPEG_TEST_POSTGRES_URL=… go test ./internal/app -run '^$' -bench JPShortfall -benchtime 5x
func BenchmarkJPShortfall(b *testing.B) {
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s := newSuite(b, newJPBench(b, engine), at("2026-10-01", 8, 0))
			check := func(b *testing.B, l app.EmployeeJPList, employees int) {
				b.Helper()
				if l.Totals.Employees != employees || l.Totals.EarnedJP == 0 || l.Totals.ProjectedJP == 0 {
					b.Fatalf("totals %+v, want %d employees with JP earned and projected", l.Totals, employees)
				}
			}
			b.Run("city", func(b *testing.B) {
				var l app.EmployeeJPList
				for b.Loop() {
					var err error
					if l, err = s.app.ListEmployeeJP(cityHR, app.EmployeeJPQuery{Year: 2026, OnlyShort: true}); err != nil {
						b.Fatal(err)
					}
				}
				check(b, l, jpBenchEmployees)
				b.Logf("city: %d short now, %d at projected year end, %d JP earned, %d projected, %d JP short",
					l.Totals.ShortNow, l.Totals.ShortProjected, l.Totals.EarnedJP, l.Totals.ProjectedJP, l.Totals.ShortJP)
			})
			b.Run("largest-agency", func(b *testing.B) {
				var l app.EmployeeJPList
				for b.Loop() {
					var err error
					if l, err = s.app.ListEmployeeJP(cityHR, app.EmployeeJPQuery{Agency: "AG00", Year: 2026, OnlyShort: true}); err != nil {
						b.Fatal(err)
					}
				}
				check(b, l, jpBenchLargest)
			})
			b.Run("largest-agency-csv", func(b *testing.B) {
				var n int
				for b.Loop() {
					csv, err := s.app.ExportEmployeeJP(cityHR, "AG00", 2026, false)
					if err != nil {
						b.Fatal(err)
					}
					n = len(csv)
				}
				b.Logf("AG00 CSV: %d bytes", n)
			})
		})
	}
}
