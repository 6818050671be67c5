package convert

import (
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The reports' answers: the JP ledger and list, participation, the plan's realisation and the
// Latsar status.

// ledgerReference is the resource name of a ledger entry's source record.
func ledgerReference(e app.LedgerEntry) string {
	switch e.Source {
	case domain.FromExternal:
		return app.ExternalTrainingName(e.Ref)
	case domain.FromInternship:
		return app.PlacementName(e.Ref)
	}
	return app.EnrolmentName(e.Ref)
}

// employeeJP is one employee's JP of a year against the 20 JP.
func employeeJP(nip, name, agency string, y domain.YearJP) *trainingv1.EmployeeJP {
	return &trainingv1.EmployeeJP{Employee: nip, EmployeeName: name, Agency: agency, Year: int32(y.Year), Earned: int32(y.Earned),
		Projected: int32(y.Projected), Short: int32(y.Short()), ProjectedShort: int32(y.ProjectedShort())}
}

// JPLedger returns GetJPLedger's answer.
func JPLedger(l app.JPLedger) *trainingv1.GetJPLedgerResponse {
	out := &trainingv1.GetJPLedgerResponse{Totals: employeeJP(l.Employee, l.Name, l.Agency, l.YearJP)}
	for _, e := range l.Entries {
		out.Entries = append(out.Entries, &trainingv1.JPLedgerEntry{Source: string(e.Source), Reference: ledgerReference(e),
			Title: e.Title, EndDate: e.EndDate, Jp: int32(e.JP), Earned: !e.Projected})
	}
	return out
}

// EmployeeJPList returns ListEmployeeJP's answer.
func EmployeeJPList(l app.EmployeeJPList) *trainingv1.ListEmployeeJPResponse {
	t := l.Totals
	out := &trainingv1.ListEmployeeJPResponse{NextPageToken: l.NextPageToken, Totals: &trainingv1.JPTotals{
		Employees: int32(t.Employees), Short: int32(t.ShortNow), ProjectedShort: int32(t.ShortProjected),
		Earned: int64(t.EarnedJP), Projected: int64(t.ProjectedJP), Shortfall: int64(t.ShortJP),
		ProjectedShortfall: int64(t.ProjectedShortJP)}}
	for _, r := range l.Rows {
		e := employeeJP(r.Employee, r.Name, r.Agency, r.YearJP)
		e.EmploymentType = r.EmploymentType
		out.Employees = append(out.Employees, e)
	}
	return out
}

// participationRow is the figures of one programme or provider.
func participationRow(key, title, provider string, p domain.Participation) *trainingv1.ParticipationRow {
	return &trainingv1.ParticipationRow{Key: key, Title: title, Provider: provider, Sessions: int32(p.Sessions),
		Seats: int32(p.Capacity), Participants: int32(p.SeatHolders()), Waitlisted: int32(p.Waitlisted), Passed: int32(p.Passed),
		Failed: int32(p.Failed), DidNotFinish: int32(p.DidNotFinish), CompletionRate: p.CompletionRate(),
		JpDelivered: int64(p.JPDelivered), Cost: p.Cost}
}

// ParticipationReport returns GetParticipationReport's answer: a programme's row is keyed by
// its resource name, a provider's by its name.
func ParticipationReport(r app.ParticipationReport) *trainingv1.GetParticipationReportResponse {
	out := &trainingv1.GetParticipationReportResponse{}
	for _, p := range r.Programmes {
		out.Programmes = append(out.Programmes, participationRow(app.ProgrammeName(p.Programme), p.Title, p.Provider, p.Participation))
	}
	for _, p := range r.Providers {
		out.Providers = append(out.Providers, participationRow(p.Provider, p.Provider, p.Provider, p.Participation))
	}
	return out
}

// PlanRealisation returns GetPlanRealisation's answer.
func PlanRealisation(r app.PlanRealisation) *trainingv1.GetPlanRealisationResponse {
	out := &trainingv1.GetPlanRealisationResponse{Plan: DevelopmentPlan(r.Plan), UnplannedSeats: int32(r.UnplannedSeats)}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, &trainingv1.PlanRealisationLine{Programme: app.ProgrammeName(l.Programme), Title: l.Title,
			Competency: l.Competency, PlannedSeats: int32(l.Seats), PlannedBudget: l.Budget, SeatsTaken: int32(l.SeatsTaken),
			Passed: int32(l.Passed), BudgetUsed: l.BudgetUsed})
	}
	return out
}

// latsarStates are the API's Latsar states.
var latsarStates = map[domain.LatsarState]trainingv1.LatsarState{
	domain.LatsarDone:          trainingv1.LatsarState_LATSAR_STATE_DONE,
	domain.LatsarDue:           trainingv1.LatsarState_LATSAR_STATE_DUE,
	domain.LatsarFlagged:       trainingv1.LatsarState_LATSAR_STATE_FLAGGED,
	domain.LatsarNoAppointment: trainingv1.LatsarState_LATSAR_STATE_NO_APPOINTMENT_DATE,
}

// LatsarStatuses returns ListLatsarStatus's answer.
func LatsarStatuses(list []app.LatsarStatus) *trainingv1.ListLatsarStatusResponse {
	out := &trainingv1.ListLatsarStatusResponse{}
	for _, s := range list {
		st := &trainingv1.LatsarStatus{Employee: s.Employee, EmployeeName: s.Name, Agency: s.Agency,
			AppointmentDate: s.AppointmentDate, Deadline: s.Deadline, State: latsarStates[s.State]}
		if s.Completed != nil {
			st.Enrolment, st.CompletedDate = app.EnrolmentName(s.Completed.Enrolment), s.Completed.EndDate
		}
		out.Statuses = append(out.Statuses, st)
	}
	return out
}
