package convert_test

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestJPLedger(t *testing.T) {
	l := app.JPLedger{Employee: "199001012015031003", Name: "Andi", Agency: "DISKOMINFO", Year: 2026,
		YearJP: domain.YearJP{Year: 2026, Earned: 16, Projected: 6},
		Entries: []app.LedgerEntry{
			{Source: domain.FromSession, Ref: "e1", EndDate: "2026-03-11", Title: "Keamanan Jaringan", JP: 10},
			{Source: domain.FromExternal, Ref: "x1", EndDate: "2026-05-02", Title: "Sertifikasi", JP: 6},
			{Source: domain.FromInternship, Ref: "m1", EndDate: "2026-12-20", Title: "Magang", JP: 6, Projected: true},
		}}
	want := &trainingv1.GetJPLedgerResponse{
		Totals: &trainingv1.EmployeeJP{Employee: "199001012015031003", EmployeeName: "Andi", Agency: "DISKOMINFO", Year: 2026,
			Earned: 16, Projected: 6, Short: 4, ProjectedShort: 0},
		Entries: []*trainingv1.JPLedgerEntry{
			{Source: "session", Reference: "enrolments/e1", Title: "Keamanan Jaringan", EndDate: "2026-03-11", Jp: 10, Earned: true},
			{Source: "external", Reference: "externalTrainings/x1", Title: "Sertifikasi", EndDate: "2026-05-02", Jp: 6, Earned: true},
			{Source: "internship", Reference: "placements/m1", Title: "Magang", EndDate: "2026-12-20", Jp: 6},
		},
	}
	if got := convert.JPLedger(l); !proto.Equal(got, want) {
		t.Errorf("JPLedger\n got %v\nwant %v", got, want)
	}
}

func TestReportRows(t *testing.T) {
	p := domain.Participation{Sessions: 2, Capacity: 60, Enrolled: 1, Waitlisted: 2, Passed: 3, Failed: 1, DidNotFinish: 1,
		JPDelivered: 60, Cost: 9_000_000}
	r := convert.ParticipationReport(app.ParticipationReport{
		Programmes: []app.ProgrammeParticipation{{Programme: "p-class", Title: "Keamanan Jaringan", Provider: "BPSDM", Participation: p}},
		Providers:  []app.ProviderParticipation{{Provider: "BPSDM", Programmes: 1, Participation: p}},
	})
	wantRow := func(key, title string) *trainingv1.ParticipationRow {
		return &trainingv1.ParticipationRow{Key: key, Title: title, Provider: "BPSDM", Sessions: 2, Seats: 60, Participants: 6,
			Waitlisted: 2, Passed: 3, Failed: 1, DidNotFinish: 1, CompletionRate: 0.6, JpDelivered: 60, Cost: 9_000_000}
	}
	if !proto.Equal(r.GetProgrammes()[0], wantRow("programmes/p-class", "Keamanan Jaringan")) || !proto.Equal(r.GetProviders()[0], wantRow("BPSDM", "BPSDM")) {
		t.Errorf("participation %v", r)
	}

	done := &app.LatsarSession{Enrolment: "l1", EndDate: "2026-01-20"}
	tests := []struct {
		in   app.LatsarStatus
		want *trainingv1.LatsarStatus
	}{
		{app.LatsarStatus{Employee: "a", State: domain.LatsarDone, AppointmentDate: "2025-03-01", Deadline: "2026-03-01", Completed: done},
			&trainingv1.LatsarStatus{Employee: "a", State: trainingv1.LatsarState_LATSAR_STATE_DONE, AppointmentDate: "2025-03-01",
				Deadline: "2026-03-01", Enrolment: "enrolments/l1", CompletedDate: "2026-01-20"}},
		{app.LatsarStatus{Employee: "b", State: domain.LatsarFlagged, Deadline: "2026-01-15"},
			&trainingv1.LatsarStatus{Employee: "b", State: trainingv1.LatsarState_LATSAR_STATE_FLAGGED, Deadline: "2026-01-15"}},
		{app.LatsarStatus{Employee: "c", State: domain.LatsarDue},
			&trainingv1.LatsarStatus{Employee: "c", State: trainingv1.LatsarState_LATSAR_STATE_DUE}},
		// No TMT CPNS: its own state, no deadline.
		{app.LatsarStatus{Employee: "d", State: domain.LatsarNoAppointment},
			&trainingv1.LatsarStatus{Employee: "d", State: trainingv1.LatsarState_LATSAR_STATE_NO_APPOINTMENT_DATE}},
	}
	for _, tt := range tests {
		if got := convert.LatsarStatuses([]app.LatsarStatus{tt.in}).GetStatuses()[0]; !proto.Equal(got, tt.want) {
			t.Errorf("Latsar %s\n got %v\nwant %v", tt.in.Employee, got, tt.want)
		}
	}

	plan := convert.PlanRealisation(app.PlanRealisation{
		Plan:           domain.DevelopmentPlan{Agency: "DISKOMINFO", Year: 2026, Version: 1, Created: time.Unix(0, 0)},
		Lines:          []app.PlanRealisationLine{{PlanLine: domain.PlanLine{Programme: "p-class", Seats: 5, Budget: 7_500_000}, Title: "KJ", SeatsTaken: 5, Passed: 2, BudgetUsed: 7_500_000}},
		UnplannedSeats: 2,
	})
	wantLine := &trainingv1.PlanRealisationLine{Programme: "programmes/p-class", Title: "KJ", PlannedSeats: 5, PlannedBudget: 7_500_000,
		SeatsTaken: 5, Passed: 2, BudgetUsed: 7_500_000}
	if !proto.Equal(plan.GetLines()[0], wantLine) || plan.GetUnplannedSeats() != 2 || plan.GetPlan().GetName() != "agencies/DISKOMINFO/developmentPlans/2026" {
		t.Errorf("plan realisation %v", plan)
	}
}
