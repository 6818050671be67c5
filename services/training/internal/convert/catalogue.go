package convert

// The catalogue area's values: programmes, sessions and enrolments.

import (
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

var competencyTypes = map[trainingv1.CompetencyType]domain.CompetencyType{
	trainingv1.CompetencyType_COMPETENCY_TYPE_TECHNICAL:      domain.Technical,
	trainingv1.CompetencyType_COMPETENCY_TYPE_MANAGERIAL:     domain.Managerial,
	trainingv1.CompetencyType_COMPETENCY_TYPE_SOCIO_CULTURAL: domain.SocioCultural,
}

var competencyTypesPB = pbconv.Invert(competencyTypes)

var programmeForms = map[trainingv1.ProgrammeForm]domain.Form{
	trainingv1.ProgrammeForm_PROGRAMME_FORM_CLASSROOM:        domain.Classroom,
	trainingv1.ProgrammeForm_PROGRAMME_FORM_E_LEARNING:       domain.ELearning,
	trainingv1.ProgrammeForm_PROGRAMME_FORM_COACHING:         domain.Coaching,
	trainingv1.ProgrammeForm_PROGRAMME_FORM_MENTORING:        domain.Mentoring,
	trainingv1.ProgrammeForm_PROGRAMME_FORM_SEMINAR_WORKSHOP: domain.Seminar,
	trainingv1.ProgrammeForm_PROGRAMME_FORM_INTERNSHIP:       domain.Internship,
	trainingv1.ProgrammeForm_PROGRAMME_FORM_FORMAL_EDUCATION: domain.FormalEducation,
}

var programmeFormsPB = pbconv.Invert(programmeForms)

var providerKinds = map[trainingv1.ProviderKind]domain.ProviderKind{
	trainingv1.ProviderKind_PROVIDER_KIND_CITY_TRAINING_UNIT: domain.CityTrainingUnit,
	trainingv1.ProviderKind_PROVIDER_KIND_INSTITUTE:          domain.Institute,
	trainingv1.ProviderKind_PROVIDER_KIND_UNIVERSITY_PARTNER: domain.UniversityPartner,
}

var providerKindsPB = pbconv.Invert(providerKinds)

var sessionStatesPB = map[domain.SessionState]trainingv1.SessionState{
	domain.Scheduled: trainingv1.SessionState_SESSION_STATE_SCHEDULED,
	domain.Cancelled: trainingv1.SessionState_SESSION_STATE_CANCELLED,
	domain.Completed: trainingv1.SessionState_SESSION_STATE_COMPLETED,
}

var enrolmentStates = map[trainingv1.EnrolmentState]domain.EnrolmentState{
	trainingv1.EnrolmentState_ENROLMENT_STATE_REQUESTED:      domain.Requested,
	trainingv1.EnrolmentState_ENROLMENT_STATE_ENROLLED:       domain.Enrolled,
	trainingv1.EnrolmentState_ENROLMENT_STATE_WAITLISTED:     domain.Waitlisted,
	trainingv1.EnrolmentState_ENROLMENT_STATE_REJECTED:       domain.Rejected,
	trainingv1.EnrolmentState_ENROLMENT_STATE_WITHDRAWN:      domain.Withdrawn,
	trainingv1.EnrolmentState_ENROLMENT_STATE_PASSED:         domain.Passed,
	trainingv1.EnrolmentState_ENROLMENT_STATE_FAILED:         domain.Failed,
	trainingv1.EnrolmentState_ENROLMENT_STATE_DID_NOT_FINISH: domain.DidNotFinish,
}

var enrolmentStatesPB = pbconv.Invert(enrolmentStates)

var originsPB = map[domain.Origin]trainingv1.EnrolmentOrigin{
	domain.Nominated:   trainingv1.EnrolmentOrigin_ENROLMENT_ORIGIN_NOMINATED,
	domain.SelfRequest: trainingv1.EnrolmentOrigin_ENROLMENT_ORIGIN_SELF_REQUEST,
}

// FormIn returns the domain form of f; unspecified is "" (no form: a filter's "any", refused on
// a programme naming the field).
func FormIn(f trainingv1.ProgrammeForm) domain.Form { return programmeForms[f] }

// CompetencyTypeIn returns the domain competency type of t; unspecified is "".
func CompetencyTypeIn(t trainingv1.CompetencyType) domain.CompetencyType { return competencyTypes[t] }

// EnrolmentStateIn returns the domain state of s; unspecified is "".
func EnrolmentStateIn(s trainingv1.EnrolmentState) domain.EnrolmentState { return enrolmentStates[s] }

// EnrolmentStatePB returns the protobuf state of s.
func EnrolmentStatePB(s domain.EnrolmentState) trainingv1.EnrolmentState { return enrolmentStatesPB[s] }

// Programme returns the protobuf form of p.
func Programme(p domain.Programme) *trainingv1.Programme {
	out := &trainingv1.Programme{Name: app.ProgrammeName(p.ID), Title: p.Title, Description: p.Description,
		CompetencyType: competencyTypesPB[p.Type], Competencies: p.Competencies, Form: programmeFormsPB[p.Form],
		Minutes: int32(p.Minutes), Jp: int32(p.JP), Provider: p.Provider, ProviderKind: providerKindsPB[p.Kind],
		CostPerSeat: p.CostPerSeat, Certificate: p.Certificate, Latsar: p.Latsar, Agency: p.Agency,
		Retired: p.State == domain.ProgrammeRetired, Etag: resource.Etag(p.Version),
		CreateTime: pbconv.Timestamp(p.Created), UpdateTime: pbconv.Timestamp(p.Updated)}
	if p.Partner != "" {
		out.Partner = "partners/" + p.Partner
	}
	return out
}

// ProgrammeIn returns the programme a caller sent; its id comes from the request (create) or
// its name (update). Unspecified enums become "" (refused by the domain, naming the field); a
// partner must be "partners/{id}".
func ProgrammeIn(in *trainingv1.Programme) (domain.Programme, error) {
	p := domain.Programme{Title: in.GetTitle(), Description: in.GetDescription(), Type: competencyTypes[in.GetCompetencyType()],
		Competencies: in.GetCompetencies(), Form: programmeForms[in.GetForm()], Minutes: int(in.GetMinutes()), JP: int(in.GetJp()),
		Provider: in.GetProvider(), Kind: providerKinds[in.GetProviderKind()], CostPerSeat: in.GetCostPerSeat(),
		Certificate: in.GetCertificate(), Latsar: in.GetLatsar(), Agency: in.GetAgency(), State: domain.ProgrammeActive}
	if in.GetRetired() {
		p.State = domain.ProgrammeRetired
	}
	if in.GetPartner() != "" {
		id, err := resource.NameID(in.GetPartner(), "partners/", "", "programme.partner")
		if err != nil {
			return p, err
		}
		p.Partner = id
	}
	return p, nil
}

// Session returns the protobuf form of s.
func Session(s domain.Session) *trainingv1.Session {
	return &trainingv1.Session{Name: app.SessionName(s.ID), Programme: app.ProgrammeName(s.Programme), ProgrammeTitle: s.ProgrammeTitle,
		Agency: s.Agency, StartTime: pbconv.Timestamp(s.Start), EndTime: pbconv.Timestamp(s.End), TimeZone: s.TimeZone,
		Place: s.Place, OnlineLink: s.Online, Capacity: int32(s.Capacity), Trainers: s.Trainers, State: sessionStatesPB[s.State],
		Seated: int32(s.Seated), Waitlisted: int32(s.Waitlisted), Requested: int32(s.Requested), CancelReason: s.CancelReason, Jp: int32(s.JP), Etag: resource.Etag(s.Version),
		CreateTime: pbconv.Timestamp(s.Created), UpdateTime: pbconv.Timestamp(s.Updated), Held: s.Held}
}

// SessionIn returns the session a caller sent. Its programme must be "programmes/{id}" when
// given (an Invalid error naming session.programme otherwise).
func SessionIn(in *trainingv1.Session) (domain.Session, error) {
	s := domain.Session{Agency: in.GetAgency(), TimeZone: in.GetTimeZone(), Place: in.GetPlace(), Online: in.GetOnlineLink(),
		Capacity: int(in.GetCapacity()), Trainers: in.GetTrainers(), Held: in.GetHeld()}
	if in.GetStartTime() != nil {
		s.Start = in.GetStartTime().AsTime()
	}
	if in.GetEndTime() != nil {
		s.End = in.GetEndTime().AsTime()
	}
	if in.GetProgramme() != "" {
		id, err := resource.NameID(in.GetProgramme(), "programmes/", "", "session.programme")
		if err != nil {
			return s, err
		}
		s.Programme = id
	}
	return s, nil
}

// Enrolment returns the protobuf form of e.
func Enrolment(e domain.Enrolment) *trainingv1.Enrolment {
	return &trainingv1.Enrolment{Name: app.EnrolmentName(e.ID), Session: app.SessionName(e.Session), Employee: e.Employee,
		EmployeeName: e.EmployeeName, Agency: e.Agency, Origin: originsPB[e.Origin], State: enrolmentStatesPB[e.State],
		Arrival: e.Arrival, WaitlistPosition: int32(e.WaitlistPosition), ProgrammeTitle: e.ProgrammeTitle,
		StartTime: pbconv.Timestamp(e.Start), EndTime: pbconv.Timestamp(e.End), RequestedBy: e.RequestedBy, DecidedBy: e.DecidedBy,
		Reason: e.Reason, Score: int32(max(e.Score, 0)), CertificateNumber: e.CertificateNumber, Etag: resource.Etag(e.Version),
		CreateTime: pbconv.Timestamp(e.Created), UpdateTime: pbconv.Timestamp(e.Updated)}
}
