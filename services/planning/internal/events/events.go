// Package events turns the registry's domain events into the messages the planning service
// publishes on "simpeg.planning.>": subject "simpeg.planning.<entity>.<verb>", payload the
// protobuf message of events.proto carrying the whole resource after the change.
package events

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/outbox"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The subjects the planning service publishes.
const (
	SubjectAgencyCreated       = "simpeg.planning.agency.created"
	SubjectAgencyUpdated       = "simpeg.planning.agency.updated"
	SubjectPositionCreated     = "simpeg.planning.position.created"
	SubjectPositionUpdated     = "simpeg.planning.position.updated"
	SubjectEmployeeCreated     = "simpeg.planning.employee.created"
	SubjectEmployeeUpdated     = "simpeg.planning.employee.updated"
	SubjectEmployeeTransferred = "simpeg.planning.employee.transferred"
	SubjectEmployeeRetired     = "simpeg.planning.employee.retired"
	SubjectWorkloadSet         = "simpeg.planning.workload.set"
	// SubjectFormasiPrefix + "submitted", "approved" or "returned" (FormasiProposalDecided).
	SubjectFormasiPrefix = "simpeg.planning.formasi."
)

// Encode returns the outbox event for e.
func Encode(e domain.Event) (outbox.Event, error) {
	switch e := e.(type) {
	case domain.AgencyCreated:
		return outbox.Event{Subject: SubjectAgencyCreated, Msg: &planningv1.AgencyCreated{Agency: convert.AgencyPB(e.Agency)}}, nil
	case domain.AgencyUpdated:
		return outbox.Event{Subject: SubjectAgencyUpdated, Msg: &planningv1.AgencyUpdated{Agency: convert.AgencyPB(e.Agency), ChangedFields: e.Changed}}, nil
	case domain.PositionCreated:
		return outbox.Event{Subject: SubjectPositionCreated, Msg: &planningv1.PositionCreated{Position: convert.PositionPB(e.Position)}}, nil
	case domain.PositionUpdated:
		return outbox.Event{Subject: SubjectPositionUpdated, Msg: &planningv1.PositionUpdated{Position: convert.PositionPB(e.Position), ChangedFields: e.Changed}}, nil
	case domain.EmployeeCreated:
		return outbox.Event{Subject: SubjectEmployeeCreated, Msg: &planningv1.EmployeeCreated{Employee: convert.EmployeePB(e.Employee)}}, nil
	case domain.EmployeeUpdated:
		return outbox.Event{Subject: SubjectEmployeeUpdated, Msg: &planningv1.EmployeeUpdated{Employee: convert.EmployeePB(e.Employee), ChangedFields: e.Changed}}, nil
	case domain.EmployeeTransferred:
		return outbox.Event{Subject: SubjectEmployeeTransferred, Msg: &planningv1.EmployeeTransferred{
			Employee: convert.EmployeePB(e.Employee), FromAgency: e.FromAgency, FromUnit: e.FromUnit, EffectiveDate: e.EffectiveDate.String(),
		}}, nil
	case domain.PositionWorkloadSet:
		return outbox.Event{Subject: SubjectWorkloadSet, Msg: &planningv1.PositionWorkloadSet{Workload: convert.PositionWorkloadPB(e.Workload)}}, nil
	case domain.FormasiProposalDecided:
		return outbox.Event{Subject: SubjectFormasiPrefix + e.Change, Msg: &planningv1.FormasiProposalDecided{FormasiProposal: convert.FormasiProposalPB(e.Proposal, false)}}, nil
	case domain.WorkPlanChanged:
		return workPlanChanged(e), nil
	case domain.PlanActionOverdue:
		return actionOverdue(e), nil
	case domain.TargetProgressed, domain.TargetStatusChanged:
		return targetEvent(e), nil
	case domain.MonthlyReportGenerated:
		return outbox.Event{Subject: SubjectMonthlyReportGenerated, Msg: &planningv1.MonthlyReportGenerated{
			MonthlyReport: convert.MonthlyReportPB(e.Report, int64(len(e.Report.CSV)), int64(len(e.Report.HTML))),
		}}, nil
	case domain.EmployeeRetired:
		return outbox.Event{Subject: SubjectEmployeeRetired, Msg: &planningv1.EmployeeRetired{
			Employee: convert.EmployeePB(e.Employee), EffectiveDate: e.EffectiveDate.String(),
		}}, nil
	}
	return outbox.Event{}, fmt.Errorf("no encoding for event %T", e)
}
