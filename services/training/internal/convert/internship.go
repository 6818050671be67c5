package convert

// The internship area's values: partners, agreements, cohorts, placements, logbook entries and
// the cohort report.

import (
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

var partnerKinds = map[trainingv1.PartnerKind]domain.PartnerKind{
	trainingv1.PartnerKind_PARTNER_KIND_UNIVERSITY:  domain.PartnerUniversity,
	trainingv1.PartnerKind_PARTNER_KIND_POLYTECHNIC: domain.PartnerPolytechnic,
	trainingv1.PartnerKind_PARTNER_KIND_OTHER:       domain.PartnerOther,
}

var partnerKindsPB = pbconv.Invert(partnerKinds)

var agreementStates = map[trainingv1.AgreementState]domain.AgreementState{
	trainingv1.AgreementState_AGREEMENT_STATE_NOT_STARTED: domain.AgreementNotStarted,
	trainingv1.AgreementState_AGREEMENT_STATE_ACTIVE:      domain.AgreementActive,
	trainingv1.AgreementState_AGREEMENT_STATE_EXPIRING:    domain.AgreementExpiring,
	trainingv1.AgreementState_AGREEMENT_STATE_EXPIRED:     domain.AgreementExpired,
}

var agreementStatesPB = pbconv.Invert(agreementStates)

var placementStates = map[trainingv1.PlacementState]domain.PlacementState{
	trainingv1.PlacementState_PLACEMENT_STATE_ACTIVE:    domain.PlacementStateActive,
	trainingv1.PlacementState_PLACEMENT_STATE_COMPLETED: domain.PlacementStateCompleted,
	trainingv1.PlacementState_PLACEMENT_STATE_WITHDRAWN: domain.PlacementStateWithdrawn,
}

var placementStatesPB = pbconv.Invert(placementStates)

// internDateIn reads an optional "YYYY-MM-DD" as a midnight UTC (zero when empty); another
// form is an Invalid error naming field.
func internDateIn(s, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errs.Invalidf(field, "must be a date YYYY-MM-DD, got %q", s)
	}
	return d, nil
}

// internAdd adds the violations of err, an Invalid error or nil, to v.
func internAdd(v *errs.Violations, err error) {
	if e, ok := errs.As(err); ok {
		*v = append(*v, e.Violations...)
	}
}

// internDateOut formats a date, "" for none.
func internDateOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// internContact returns the protobuf form of c.
func internContact(c domain.Contact) *trainingv1.Contact {
	return &trainingv1.Contact{Name: c.Name, Email: c.Email, Phone: c.Phone}
}

// internContactIn returns the contact a caller sent (empty when none).
func internContactIn(c *trainingv1.Contact) domain.Contact {
	return domain.Contact{Name: c.GetName(), Email: c.GetEmail(), Phone: c.GetPhone()}
}

// Partner returns the protobuf form of p.
func Partner(p domain.Partner) *trainingv1.Partner {
	return &trainingv1.Partner{Name: app.PartnerName(p.ID), DisplayName: p.Name, Kind: partnerKindsPB[p.Kind], Address: p.Address,
		Contact: internContact(p.Contact), Etag: resource.Etag(p.Version), CreateTime: pbconv.Timestamp(p.Created), UpdateTime: pbconv.Timestamp(p.Updated)}
}

// PartnerIn returns the partner a caller sent, with id; an unspecified kind becomes "" (refused
// by the use case, naming partner.kind).
func PartnerIn(id string, in *trainingv1.Partner) domain.Partner {
	return domain.Partner{ID: id, Name: in.GetDisplayName(), Kind: partnerKinds[in.GetKind()], Address: in.GetAddress(), Contact: internContactIn(in.GetContact())}
}

// PartnerID returns the id in a partner's name "partners/{id}"; another form is an Invalid error
// naming field.
func PartnerID(name, field string) (string, error) {
	return resource.NameID(name, "partners/", "", field)
}

// AgreementID returns the partner and the id in an agreement's name
// "partners/{partner}/agreements/{id}"; another form is an Invalid error naming field.
func AgreementID(name, field string) (partner, id string, err error) {
	rest, ok := strings.CutPrefix(name, "partners/")
	if ok {
		partner, id, ok = strings.Cut(rest, "/agreements/")
	}
	if !ok || partner == "" || id == "" || strings.Contains(partner, "/") || strings.Contains(id, "/") {
		return "", "", errs.Invalidf(field, "must look like partners/{partner}/agreements/{id}, got %q", name)
	}
	return partner, id, nil
}

// Agreement returns the protobuf form of a, with its state and days left as read.
func Agreement(a domain.Agreement) *trainingv1.Agreement {
	return &trainingv1.Agreement{Name: app.AgreementName(a.Partner, a.ID), Number: a.Number, Title: a.Title, Scope: a.Scope,
		StartDate: internDateOut(a.Start), EndDate: internDateOut(a.End), Contact: internContact(a.Contact), Document: a.Document,
		State: agreementStatesPB[a.State], DaysLeft: int32(a.DaysLeft), Etag: resource.Etag(a.Version), CreateTime: pbconv.Timestamp(a.Created)}
}

// AgreementIn returns the agreement a caller sent for partner; a date that is not "YYYY-MM-DD"
// is an Invalid error naming agreement.start_date or agreement.end_date.
func AgreementIn(partner string, in *trainingv1.Agreement) (domain.Agreement, error) {
	a := domain.Agreement{Partner: partner, Number: in.GetNumber(), Title: in.GetTitle(), Scope: in.GetScope(),
		Contact: internContactIn(in.GetContact()), Document: in.GetDocument()}
	var v errs.Violations
	var err error
	a.Start, err = internDateIn(in.GetStartDate(), "agreement.start_date")
	internAdd(&v, err)
	a.End, err = internDateIn(in.GetEndDate(), "agreement.end_date")
	internAdd(&v, err)
	return a, v.Err()
}

// AgreementStateIn returns the domain state of s, "" for unspecified.
func AgreementStateIn(s trainingv1.AgreementState) domain.AgreementState { return agreementStates[s] }

// Cohort returns the protobuf form of c, with the seats taken per agency as read.
func Cohort(c domain.Cohort) *trainingv1.Cohort {
	out := &trainingv1.Cohort{Name: app.CohortName(c.ID), DisplayName: c.Name, Agreement: app.AgreementName(c.Partner, c.Agreement),
		Programme: app.ProgrammeName(c.Programme), StartDate: internDateOut(c.Start), EndDate: internDateOut(c.End),
		Etag: resource.Etag(c.Version), CreateTime: pbconv.Timestamp(c.Created)}
	for _, agency := range c.Agencies() {
		out.Quotas = append(out.Quotas, &trainingv1.CohortQuota{Agency: agency, Seats: int32(c.Quotas[agency]), Placed: int32(c.Placed[agency])})
	}
	return out
}

// CohortIn returns the cohort a caller sent. The agreement is its resource name, the programme
// "programmes/{id}"; a malformed name or date is an Invalid error naming the field (cohort.…). An
// agency given twice in the quotas is refused, naming cohort.quotas.
func CohortIn(in *trainingv1.Cohort) (domain.Cohort, error) {
	c := domain.Cohort{Name: in.GetDisplayName(), Quotas: make(map[string]int, len(in.GetQuotas()))}
	var v errs.Violations
	var err error
	c.Partner, c.Agreement, err = AgreementID(in.GetAgreement(), "cohort.agreement")
	internAdd(&v, err)
	c.Programme, err = resource.NameID(in.GetProgramme(), "programmes/", "", "cohort.programme")
	internAdd(&v, err)
	c.Start, err = internDateIn(in.GetStartDate(), "cohort.start_date")
	internAdd(&v, err)
	c.End, err = internDateIn(in.GetEndDate(), "cohort.end_date")
	internAdd(&v, err)
	for _, q := range in.GetQuotas() {
		if _, dup := c.Quotas[q.GetAgency()]; dup {
			v.Add("cohort.quotas", "agency %s is given twice", q.GetAgency())
		}
		c.Quotas[q.GetAgency()] = int(q.GetSeats())
	}
	return c, v.Err()
}

// Placement returns the protobuf form of p, with its dates (the cohort's unless the placement
// was given its own) and a withdrawal's reason. Its jp is the JP credited: the programme's for an
// employee who passed, 0 otherwise.
func Placement(p domain.Placement) *trainingv1.Placement {
	out := &trainingv1.Placement{Name: app.PlacementName(p.ID), Cohort: app.CohortName(p.Cohort), Employee: p.Employee,
		ParticipantName: p.Name, Agency: p.Agency, Unit: p.Unit, Mentor: p.Mentor, State: placementStatesPB[p.State], Score: int32(p.Score),
		Passed: p.Passed, AssessmentNotes: p.Notes, Etag: resource.Etag(p.Version), CreateTime: pbconv.Timestamp(p.Created),
		UpdateTime: pbconv.Timestamp(p.Updated), StartDate: internDateOut(p.Start), EndDate: internDateOut(p.End), Reason: p.Reason}
	if p.Kind == domain.ParticipantStudent {
		s := p.Student
		out.Student = &trainingv1.Student{FullName: s.Name, StudentNumber: s.Number, Institution: s.Institution, StudyProgramme: s.StudyProgramme}
	}
	if e, ok := domain.InternshipEntry(p); ok && !e.Projected {
		out.Jp = int32(e.JP)
	}
	return out
}

// PlacementIn returns the placement a caller sent: an employee participant when it names an
// employee, a student when it carries student details (both, or neither, are refused by the use
// case). Its dates are optional (empty takes the cohort's, in the use case). A malformed cohort
// name or date is an Invalid error naming placement.cohort, placement.start_date or
// placement.end_date.
func PlacementIn(in *trainingv1.Placement) (domain.Placement, error) {
	p := domain.Placement{Employee: in.GetEmployee(), Agency: in.GetAgency(), Unit: in.GetUnit(), Mentor: in.GetMentor()}
	if s := in.GetStudent(); s != nil {
		p.Student = domain.Student{Name: s.GetFullName(), Number: s.GetStudentNumber(), Institution: s.GetInstitution(), StudyProgramme: s.GetStudyProgramme()}
	}
	switch {
	case p.Employee != "":
		p.Kind = domain.ParticipantEmployee
	case in.GetStudent() != nil:
		p.Kind = domain.ParticipantStudent
	}
	var v errs.Violations
	var err error
	p.Cohort, err = resource.NameID(in.GetCohort(), "cohorts/", "", "placement.cohort")
	internAdd(&v, err)
	p.Start, err = internDateIn(in.GetStartDate(), "placement.start_date")
	internAdd(&v, err)
	p.End, err = internDateIn(in.GetEndDate(), "placement.end_date")
	internAdd(&v, err)
	return p, v.Err()
}

// PlacementStateIn returns the domain state of s, "" for unspecified.
func PlacementStateIn(s trainingv1.PlacementState) domain.PlacementState { return placementStates[s] }

// LogbookEntry returns the protobuf form of e; hours are rounded to whole hours as the API
// carries them.
func LogbookEntry(e domain.LogbookEntry) *trainingv1.LogbookEntry {
	return &trainingv1.LogbookEntry{Name: app.LogbookEntryName(e.Placement, e.ID), Date: internDateOut(e.Date), Activities: e.Activities,
		Hours: int32(e.Minutes()+30) / 60, Outcome: e.Outcome, RecordedBy: e.Author, Approved: e.Review == domain.LogbookApproved,
		Reviewed: e.Review != domain.LogbookPending, MentorComment: e.Comment, Etag: resource.Etag(e.Version), CreateTime: pbconv.Timestamp(e.Created)}
}

// LogbookEntryIn returns the entry a caller sent for placement; a date that is not "YYYY-MM-DD"
// is an Invalid error naming logbook_entry.date.
func LogbookEntryIn(placement string, in *trainingv1.LogbookEntry) (domain.LogbookEntry, error) {
	e := domain.LogbookEntry{Placement: placement, Activities: in.GetActivities(), Hours: float64(in.GetHours()), Outcome: in.GetOutcome()}
	var err error
	e.Date, err = internDateIn(in.GetDate(), "logbook_entry.date")
	return e, err
}

// CohortReport returns the protobuf form of r: the cohort and one row per agency.
func CohortReport(r app.CohortReport) *trainingv1.GetCohortReportResponse {
	out := &trainingv1.GetCohortReportResponse{Cohort: Cohort(r.Cohort)}
	for _, x := range r.Rows {
		out.Rows = append(out.Rows, &trainingv1.CohortReportRow{Agency: x.Agency, Quota: int32(x.Quota), Placed: int32(x.Placed),
			Active: int32(x.Active), Completed: int32(x.Completed), Passed: int32(x.Passed), Mentors: int32(len(x.Mentors)),
			AverageScore: x.AverageScore, LogbookReviewed: int32(x.LogbookReviewed), LogbookPending: int32(x.LogbookPending),
			Withdrawn: int32(x.Withdrawn), Employees: int32(x.Employees), Students: int32(x.Students)})
	}
	return out
}
