// Package convert maps the registry's domain types to and from their protobuf form, the one
// wire form both the gRPC API and the events use.
package convert

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

var agencyKinds = map[planningv1.AgencyKind]domain.AgencyKind{
	planningv1.AgencyKind_AGENCY_KIND_SECRETARIAT: domain.KindSecretariat,
	planningv1.AgencyKind_AGENCY_KIND_DINAS:       domain.KindDinas,
	planningv1.AgencyKind_AGENCY_KIND_BADAN:       domain.KindBadan,
	planningv1.AgencyKind_AGENCY_KIND_OTHER:       domain.KindOther,
	planningv1.AgencyKind_AGENCY_KIND_KECAMATAN:   domain.KindKecamatan,
	planningv1.AgencyKind_AGENCY_KIND_HOSPITAL:    domain.KindHospital,
	planningv1.AgencyKind_AGENCY_KIND_UNIT:        domain.KindUnit,
}

var positionKinds = map[planningv1.PositionKind]domain.PositionKind{
	planningv1.PositionKind_POSITION_KIND_STRUCTURAL: domain.PositionStructural,
	planningv1.PositionKind_POSITION_KIND_FUNCTIONAL: domain.PositionFunctional,
	planningv1.PositionKind_POSITION_KIND_EXECUTOR:   domain.PositionExecutor,
}

var idKinds = map[planningv1.IdentifierKind]domain.IDKind{
	planningv1.IdentifierKind_IDENTIFIER_KIND_NIP:  domain.IDKindNIP,
	planningv1.IdentifierKind_IDENTIFIER_KIND_PPPK: domain.IDKindPPPK,
}

var sexes = map[planningv1.Sex]domain.Sex{
	planningv1.Sex_SEX_MALE:   domain.Male,
	planningv1.Sex_SEX_FEMALE: domain.Female,
}

var types = map[planningv1.EmploymentType]domain.EmploymentType{
	planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS:  domain.PNS,
	planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK: domain.PPPK,
	planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS: domain.CPNS,
}

var educations = map[planningv1.Education]domain.Education{
	planningv1.Education_EDUCATION_SD:  domain.EducationSD,
	planningv1.Education_EDUCATION_SMP: domain.EducationSMP,
	planningv1.Education_EDUCATION_SMA: domain.EducationSMA,
	planningv1.Education_EDUCATION_D1:  domain.EducationD1,
	planningv1.Education_EDUCATION_D2:  domain.EducationD2,
	planningv1.Education_EDUCATION_D3:  domain.EducationD3,
	planningv1.Education_EDUCATION_D4:  domain.EducationD4,
	planningv1.Education_EDUCATION_S1:  domain.EducationS1,
	planningv1.Education_EDUCATION_S2:  domain.EducationS2,
	planningv1.Education_EDUCATION_S3:  domain.EducationS3,
}

var statuses = map[planningv1.EmployeeStatus]domain.Status{
	planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE:      domain.Active,
	planningv1.EmployeeStatus_EMPLOYEE_STATUS_TRANSFERRED: domain.Transferred,
	planningv1.EmployeeStatus_EMPLOYEE_STATUS_RETIRED:     domain.Retired,
}

var (
	agencyKindsPB   = pbconv.Invert(agencyKinds)
	positionKindsPB = pbconv.Invert(positionKinds)
	idKindsPB       = pbconv.Invert(idKinds)
	sexesPB         = pbconv.Invert(sexes)
	typesPB         = pbconv.Invert(types)
	statusesPB      = pbconv.Invert(statuses)
	educationsPB    = pbconv.Invert(educations)
)

// PositionKind maps a protobuf position kind; unspecified is "".
func PositionKind(k planningv1.PositionKind) domain.PositionKind { return positionKinds[k] }

// Status maps a protobuf employee status; unspecified is "".
func Status(s planningv1.EmployeeStatus) domain.Status { return statuses[s] }

// AgencyPB is the wire form of a.
func AgencyPB(a domain.Agency) *planningv1.Agency {
	return &planningv1.Agency{
		Name: app.AgencyName(a.Code), Code: a.Code, DisplayName: a.Name, Kind: agencyKindsPB[a.Kind],
		Parent: a.Parent, Root: a.Root, Etag: resource.Etag(a.Version), CreateTime: pbconv.Timestamp(a.Created), UpdateTime: pbconv.Timestamp(a.Updated),
	}
}

// Agency reads an agency from the wire.
func Agency(a *planningv1.Agency) domain.Agency {
	return domain.Agency{Code: a.GetCode(), Name: a.GetDisplayName(), Kind: agencyKinds[a.GetKind()], Parent: a.GetParent()}
}

// PositionPB is the wire form of p: its standard in competency_standards and, for callers
// that predate the levels, the standard's names in required_competencies.
func PositionPB(p domain.Position) *planningv1.Position {
	out := &planningv1.Position{
		Name: app.PositionName(p.ID), Id: p.ID, Title: p.Title, Kind: positionKindsPB[p.Kind], Class: int32(p.Class),
		Agency: p.Agency, Unit: p.Unit, RequiredCompetencies: p.Competencies(), NeededHeadcount: int32(p.Needed),
		CurrentHeadcount: int32(p.Current), Etag: resource.Etag(p.Version), CreateTime: pbconv.Timestamp(p.Created), UpdateTime: pbconv.Timestamp(p.Updated),
		Level: PositionLevelPB(p.Level), RetirementAge: int32(p.RetirementAge), NeededFromWorkload: p.NeededFromWorkload,
	}
	for _, s := range p.Standards {
		out.CompetencyStandards = append(out.CompetencyStandards, &planningv1.CompetencyStandard{Competency: s.Competency, Level: int32(s.Level)})
	}
	return out
}

// Position reads a position from the wire: competency_standards as its standard and
// required_competencies as the names of a caller that predates the levels (the domain turns
// them into a standard, and refuses both).
func Position(p *planningv1.Position) domain.Position {
	out := domain.Position{
		ID: p.GetId(), Title: p.GetTitle(), Kind: positionKinds[p.GetKind()], Class: int(p.GetClass()), Agency: p.GetAgency(),
		Unit: p.GetUnit(), Names: p.GetRequiredCompetencies(), Needed: int(p.GetNeededHeadcount()),
		Level: PositionLevel(p.GetLevel()), RetirementAge: int(p.GetRetirementAge()),
	}
	for _, s := range p.GetCompetencyStandards() {
		out.Standards = append(out.Standards, domain.CompetencyStandard{Competency: s.GetCompetency(), Level: int(s.GetLevel())})
	}
	return out
}

// EmployeePB is the wire form of e.
func EmployeePB(e domain.Employee) *planningv1.Employee {
	out := &planningv1.Employee{
		Name: app.EmployeeName(e.NIP), Nip: e.NIP, IdentifierKind: idKindsPB[e.IDKind], FullName: e.FullName,
		FrontTitle: e.FrontTitle, BackTitle: e.BackTitle, DisplayName: e.DisplayName(), Sex: sexesPB[e.Sex],
		BirthDate: e.BirthDate.String(), AppointmentDate: e.Appointment.String(), EmploymentType: typesPB[e.Type],
		Rank: e.Rank, Agency: e.Agency, Unit: e.Unit, Position: e.Position, Supervisor: e.Supervisor,
		Status: statusesPB[e.Status], Etag: resource.Etag(e.Version), CreateTime: pbconv.Timestamp(e.Created), UpdateTime: pbconv.Timestamp(e.Updated),
		Education: educationsPB[e.Education],
	}
	for _, a := range e.History {
		out.History = append(out.History, &planningv1.Assignment{
			Agency: a.Agency, Unit: a.Unit, Position: a.Position, StartDate: a.Start.String(), EndDate: a.End.String(), EndReason: a.EndReason,
		})
	}
	return out
}

// Employee reads an employee from the wire; field is the path of e in the request, for errors.
func Employee(e *planningv1.Employee, field string) (domain.Employee, error) {
	var v errs.Violations
	out := domain.Employee{
		NIP: e.GetNip(), IDKind: idKinds[e.GetIdentifierKind()], FullName: e.GetFullName(), FrontTitle: e.GetFrontTitle(),
		BackTitle: e.GetBackTitle(), Sex: sexes[e.GetSex()], Type: types[e.GetEmploymentType()], Rank: e.GetRank(),
		Agency: e.GetAgency(), Unit: e.GetUnit(), Position: e.GetPosition(), Supervisor: e.GetSupervisor(),
		Education: educations[e.GetEducation()],
	}
	if s := e.GetBirthDate(); s != "" {
		d, err := domain.ParseDate(s)
		if err != nil {
			v.Add(field+".birth_date", "%v", err)
		}
		out.BirthDate = d
	}
	if s := e.GetAppointmentDate(); s != "" {
		d, err := domain.ParseDate(s)
		if err != nil {
			v.Add(field+".appointment_date", "%v", err)
		}
		out.Appointment = d
	}
	return out, v.Err()
}

// ImportRow reads one row of an import from the wire; field is the row's path in the request,
// for errors ("requests[3]" → "requests[3].history[1].start_date").
func ImportRow(r *planningv1.ImportEmployeeRow, field string) (app.ImportRow, error) {
	var v errs.Violations
	e, err := Employee(r.GetEmployee(), field+".employee")
	if ev, ok := errs.As(err); ok {
		v = append(v, ev.Violations...)
	}
	out := app.ImportRow{Employee: e}
	for i, a := range r.GetHistory() {
		h := domain.Assignment{Agency: a.GetAgency(), Unit: a.GetUnit(), Position: a.GetPosition(), EndReason: a.GetEndReason()}
		f := fmt.Sprintf("%s.history[%d]", field, i)
		if s := a.GetStartDate(); s != "" {
			d, err := domain.ParseDate(s)
			if err != nil {
				v.Add(f+".start_date", "%v", err)
			}
			h.Start = d
		} else {
			v.Add(f+".start_date", "is required")
		}
		if s := a.GetEndDate(); s != "" {
			d, err := domain.ParseDate(s)
			if err != nil {
				v.Add(f+".end_date", "%v", err)
			}
			h.End = d
		}
		out.History = append(out.History, h)
	}
	return out, v.Err()
}
