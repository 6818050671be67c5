package app_test

import (
	"context"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

func TestDevelopmentPlan(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-01-12", 9, 0))
		s.seedProgramme(t, "ict-net", "", "UPT Pelatihan Kota", false, netAdmin, dataAn)
		s.seedProgramme(t, "lead", "", "BPSDM Provinsi", false, leadership)
		s.seedProgramme(t, "kominfo-sec", "DISKOMINFO", "Diskominfo", false, "technical:information-security")
		s.seedProgramme(t, "dinkes-care", "DINKES", "Dinkes", false, "technical:patient-care")
		s.seedProgramme(t, "old", "", "UPT Pelatihan Kota", true, netAdmin)
		plan := domain.DevelopmentPlan{Agency: "DISKOMINFO", Year: 2026, Note: "  Rencana pengembangan kompetensi 2026 ", Lines: []domain.PlanLine{
			{Programme: "ict-net", Competency: netAdmin, Seats: 12, Budget: 30_000_000, Note: "pranata komputer"},
			{Programme: "lead", Competency: leadership, Seats: 2, Budget: 9_500_000},
			{Programme: "kominfo-sec", Seats: 5, Budget: 0},
		}}
		name := app.DevelopmentPlanName("DISKOMINFO", 2026)
		withLine := func(i int, edit func(*domain.PlanLine)) domain.DevelopmentPlan {
			p := plan
			p.Lines = append([]domain.PlanLine(nil), plan.Lines...)
			edit(&p.Lines[i])
			return p
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "refused plans write nothing", Run: func(t *testing.T) {
				tests := []struct {
					name  string
					ctx   context.Context
					in    domain.DevelopmentPlan
					kind  errs.Kind
					field string
				}{
					{"another agency's HR", dinkesHR, plan, errs.PermissionDenied, ""},
					{"an employee", employee(staff1, "DISKOMINFO"), plan, errs.PermissionDenied, ""},
					{"no agency", cityHR, domain.DevelopmentPlan{Year: 2026}, errs.Invalid, "development_plan.agency"},
					{"no year", kominfoHR, domain.DevelopmentPlan{Agency: "DISKOMINFO"}, errs.Invalid, "development_plan.year"},
					{"no seats", kominfoHR, withLine(0, func(l *domain.PlanLine) { l.Seats = 0 }), errs.Invalid, "development_plan.lines[0].seats"},
					{"a negative budget", kominfoHR, withLine(1, func(l *domain.PlanLine) { l.Budget = -1 }), errs.Invalid, "development_plan.lines[1].budget"},
					{"an unknown programme", kominfoHR, withLine(2, func(l *domain.PlanLine) { l.Programme = "nope" }), errs.Invalid, "development_plan.lines[2].programme"},
					{"a retired programme", kominfoHR, withLine(2, func(l *domain.PlanLine) { l.Programme = "old" }), errs.Invalid, "development_plan.lines[2].programme"},
					{"another agency's programme", kominfoHR, withLine(2, func(l *domain.PlanLine) { l.Programme = "dinkes-care" }), errs.Invalid, "development_plan.lines[2].programme"},
					{"a programme twice", kominfoHR, withLine(2, func(l *domain.PlanLine) { l.Programme = "ict-net" }), errs.Invalid, "development_plan.lines[2].programme"},
					{"a competency the programme does not build", kominfoHR, withLine(1, func(l *domain.PlanLine) { l.Competency = netAdmin }), errs.Invalid, "development_plan.lines[1].competency"},
				}
				for _, tt := range tests {
					_, err := s.app.CreateDevelopmentPlan(tt.ctx, tt.in)
					testenv.WantKind(t, err, tt.kind, tt.field)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM development_plans`) + s.count(t, `SELECT COUNT(*) FROM development_plan_lines`); n != 0 {
					t.Errorf("%d rows written by refused plans", n)
				}
			}},
			{Name: "agency HR creates it: totals, an event, an audit record", Run: func(t *testing.T) {
				got, err := s.app.CreateDevelopmentPlan(kominfoHR, plan)
				if err != nil {
					t.Fatal(err)
				}
				if got.Seats() != 19 || got.Budget() != 39_500_000 || got.Version != 1 || got.Note != "Rencana pengembangan kompetensi 2026" {
					t.Errorf("created %+v: %d seats, Rp %d; want 19 seats, Rp 39,500,000, version 1, the note trimmed", got, got.Seats(), got.Budget())
				}
				if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectDevelopmentPlanUpdated); n != 1 {
					t.Errorf("%d development_plan.updated events, want 1", n)
				}
				if a := s.audits(t, name); len(a) != 1 || a[0] != "created: 3 lines, 19 seats, Rp 39500000" {
					t.Errorf("audit %q", a)
				}
			}},
			{Name: "one plan per agency and year", Run: func(t *testing.T) {
				_, err := s.app.CreateDevelopmentPlan(cityHR, plan)
				testenv.WantKind(t, err, errs.AlreadyExists, "")
			}},
			{Name: "read back as stored, by HR and auditors only", Run: func(t *testing.T) {
				got, err := s.app.GetDevelopmentPlan(auditor, "DISKOMINFO", 2026)
				if err != nil || len(got.Lines) != 3 || got.Lines[0] != (domain.PlanLine{Programme: "ict-net", Competency: netAdmin, Seats: 12, Budget: 30_000_000, Note: "pranata komputer"}) || got.Lines[2].Programme != "kominfo-sec" {
					t.Errorf("read %+v, %v", got, err)
				}
				_, err = s.app.GetDevelopmentPlan(dinkesHR, "DISKOMINFO", 2026)
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				_, err = s.app.GetDevelopmentPlan(kominfoHR, "DISKOMINFO", 2027)
				testenv.WantKind(t, err, errs.NotFound, "")
			}},
			{Name: "updated by mask: lines replaced, the note kept", Run: func(t *testing.T) {
				s.clock.set(at("2026-02-03", 9, 0))
				lines := domain.DevelopmentPlan{Note: "ignored", Lines: []domain.PlanLine{{Programme: "lead", Seats: 3, Budget: 14_250_000}}}
				got, err := s.app.UpdateDevelopmentPlan(kominfoHR, "DISKOMINFO", 2026, "v1", []string{"lines"}, lines)
				if err != nil {
					t.Fatal(err)
				}
				if got.Version != 2 || len(got.Lines) != 1 || got.Seats() != 3 || got.Budget() != 14_250_000 || got.Note != "Rencana pengembangan kompetensi 2026" || !got.Updated.Equal(at("2026-02-03", 9, 0)) {
					t.Errorf("updated %+v", got)
				}
				read, _ := s.app.GetDevelopmentPlan(cityHR, "DISKOMINFO", 2026)
				if len(read.Lines) != 1 || read.Version != 2 {
					t.Errorf("read back %+v", read)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectDevelopmentPlanUpdated); n != 2 {
					t.Errorf("%d development_plan.updated events, want 2", n)
				}
			}},
			{Name: "refused updates", Run: func(t *testing.T) {
				bad := domain.DevelopmentPlan{Lines: []domain.PlanLine{{Programme: "lead", Seats: 0}}}
				tests := []struct {
					name   string
					ctx    context.Context
					year   int
					etag   string
					fields []string
					in     domain.DevelopmentPlan
					kind   errs.Kind
					field  string
				}{
					{"a stale etag", kominfoHR, 2026, "v1", []string{"note"}, plan, errs.Conflict, ""},
					{"another agency's HR", dinkesHR, 2026, "", []string{"note"}, plan, errs.PermissionDenied, ""},
					{"no mask", kominfoHR, 2026, "", nil, plan, errs.Invalid, "update_mask"},
					{"a field not in the mask's list", kominfoHR, 2026, "", []string{"year"}, plan, errs.Invalid, "update_mask"},
					{"a bad line", kominfoHR, 2026, "", []string{"lines"}, bad, errs.Invalid, "development_plan.lines[0].seats"},
					{"no plan, agency HR", kominfoHR, 2027, "", []string{"note"}, plan, errs.NotFound, ""},
					{"no plan, another agency's HR: as if it existed", dinkesHR, 2027, "", []string{"note"}, plan, errs.PermissionDenied, ""},
				}
				for _, tt := range tests {
					_, err := s.app.UpdateDevelopmentPlan(tt.ctx, "DISKOMINFO", tt.year, tt.etag, tt.fields, tt.in)
					testenv.WantKind(t, err, tt.kind, tt.field)
				}
				if got, _ := s.app.GetDevelopmentPlan(cityHR, "DISKOMINFO", 2026); got.Version != 2 {
					t.Errorf("version %d after refused updates, want 2", got.Version)
				}
			}},
		})
	})
}
