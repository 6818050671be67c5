package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// BenchmarkListDevelopmentNeeds: the needs of one agency of 5,000 employees (a large agency of
// the city's 20,548) in 20 positions of 5 standards each, with 3 assessments per employee and
// 40 catalogue programmes. Each call reads the whole agency to sum the needs per competency,
// whatever the page size.
func BenchmarkListDevelopmentNeeds(b *testing.B) {
	const employees, positions = 5000, 20
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			people := make([]*planningv1.Employee, employees)
			for i := range people {
				people[i] = &planningv1.Employee{Nip: fmt.Sprintf("1990010120150310%02d%06d", i%100, i), FullName: fmt.Sprintf("Pegawai %d", i),
					EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/a", Agency: "DISDIK", Position: fmt.Sprintf("guru-%d", i%positions)}
			}
			e := newEnv(b, engine, people...)
			std := staticPositions{}
			for p := range positions {
				m := map[string]int{}
				for c := range 5 {
					m[fmt.Sprintf("technical:skill-%d", (p+c)%12)] = 1 + (p+c)%5
				}
				std[fmt.Sprintf("guru-%d", p)] = m
			}
			ctx := context.Background()
			for p := range 40 {
				e.benchExec(b, `INSERT INTO programmes (id, title, description, competency_type, competencies, form, minutes, jp, provider, provider_kind,
					partner, cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time)
					VALUES ($1, 'P', '', 'technical', $2, 'classroom', 1350, 30, 'UPT', 'city_training_unit', '', 0, 1, 0, '', 'active', 1, 0, 0)`,
					fmt.Sprintf("p-%02d", p), fmt.Sprintf(`["technical:skill-%d"]`, p%12))
			}
			rows := make([]any, 0, employees*3*14)
			for i, emp := range people {
				for k := range 3 {
					rows = append(rows, fmt.Sprintf("a-%d-%d", i, k), emp.Nip, "DISDIK", fmt.Sprintf("technical:skill-%d", (i+k)%12), 1+(i+k)%5,
						"2025-06-01", "assessment", "", "hr", "", 0, 1, k, 0)
				}
			}
			err := database.Chunks(rows, 14*300, func(part []any) error {
				_, err := e.db.ExecContext(ctx, `INSERT INTO assessments (id, employee, agency, competency, level, assessed_on, source, note, recorded_by,
					verified_by, verify_time, version, create_time, update_time) VALUES `+database.Values(1, len(part)/14, 14), part...)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			a := app.New(e.store, app.Options{Directory: e.dir, Positions: std, Policy: domain.DefaultPolicy(),
				Now: func() time.Time { return at("2026-03-02", 9, 0) }})
			b.ResetTimer()
			for b.Loop() {
				n, err := a.ListDevelopmentNeeds(cityHR, "DISDIK", 2026, 100, "")
				if err != nil || len(n.Employees) != 100 || len(n.Competencies) == 0 {
					b.Fatalf("%d employees, %d competencies, %v", len(n.Employees), len(n.Competencies), err)
				}
			}
		})
	}
}

// benchExec runs a fixture statement for a benchmark.
func (e env) benchExec(b *testing.B, query string, args ...any) {
	b.Helper()
	if _, err := e.db.ExecContext(context.Background(), query, args...); err != nil {
		b.Fatalf("%s: %v", query, err)
	}
}
