package grpcapi

// The catalogue area's methods: programmes, sessions and enrolment.

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CreateProgramme adds a programme to the catalogue.
func (s *Server) CreateProgramme(ctx context.Context, req *trainingv1.CreateProgrammeRequest) (*trainingv1.CreateProgrammeResponse, error) {
	in, err := convert.ProgrammeIn(req.GetProgramme())
	if err != nil {
		return nil, err
	}
	in.ID = req.GetProgrammeId()
	p, err := s.app.CreateProgramme(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateProgrammeResponse{Programme: convert.Programme(p)}, nil
}

// GetProgramme returns one programme.
func (s *Server) GetProgramme(ctx context.Context, req *trainingv1.GetProgrammeRequest) (*trainingv1.GetProgrammeResponse, error) {
	id, err := resource.NameID(req.GetName(), "programmes/", "", "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetProgramme(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetProgrammeResponse{Programme: convert.Programme(p)}, nil
}

// ListProgrammes returns the catalogue in id order, filtered.
func (s *Server) ListProgrammes(ctx context.Context, req *trainingv1.ListProgrammesRequest) (*trainingv1.ListProgrammesResponse, error) {
	ps, next, err := s.app.ListProgrammes(ctx, app.ProgrammeListOptions{Agency: req.GetAgency(), Form: convert.FormIn(req.GetForm()),
		Type: convert.CompetencyTypeIn(req.GetCompetencyType()), Competency: req.GetCompetency(), Query: req.GetQuery(),
		IncludeRetired: req.GetIncludeRetired(), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListProgrammesResponse{NextPageToken: next}
	for _, p := range ps {
		out.Programmes = append(out.Programmes, convert.Programme(p))
	}
	return out, nil
}

// UpdateProgramme changes the fields of a programme named in the update mask.
func (s *Server) UpdateProgramme(ctx context.Context, req *trainingv1.UpdateProgrammeRequest) (*trainingv1.UpdateProgrammeResponse, error) {
	id, err := resource.NameID(req.GetProgramme().GetName(), "programmes/", "", "programme.name")
	if err != nil {
		return nil, err
	}
	values, err := convert.ProgrammeIn(req.GetProgramme())
	if err != nil {
		return nil, err
	}
	p, err := s.app.UpdateProgramme(ctx, id, req.GetProgramme().GetEtag(), domain.ProgrammeUpdate{Fields: req.GetUpdateMask().GetPaths(), Values: values})
	if err != nil {
		return nil, err
	}
	return &trainingv1.UpdateProgrammeResponse{Programme: convert.Programme(p)}, nil
}

// CreateSession schedules a class of a programme.
func (s *Server) CreateSession(ctx context.Context, req *trainingv1.CreateSessionRequest) (*trainingv1.CreateSessionResponse, error) {
	in, err := convert.SessionIn(req.GetSession())
	if err != nil {
		return nil, err
	}
	x, err := s.app.CreateSession(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateSessionResponse{Session: convert.Session(x)}, nil
}

// GetSession returns one session with its seats taken and waitlist length.
func (s *Server) GetSession(ctx context.Context, req *trainingv1.GetSessionRequest) (*trainingv1.GetSessionResponse, error) {
	id, err := resource.NameID(req.GetName(), "sessions/", "", "name")
	if err != nil {
		return nil, err
	}
	x, err := s.app.GetSession(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetSessionResponse{Session: convert.Session(x)}, nil
}

// wib is the zone of the city (Medan): a list's days are its days.
var wib = time.FixedZone("WIB", 7*3600)

// day parses a "YYYY-MM-DD" filter as the start of that day in WIB; "" is no bound.
func day(s, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, wib)
	if err != nil {
		return time.Time{}, errs.Invalidf(field, "must be a date YYYY-MM-DD, got %q", s)
	}
	return d, nil
}

// ListSessions returns sessions in start order, filtered.
func (s *Server) ListSessions(ctx context.Context, req *trainingv1.ListSessionsRequest) (*trainingv1.ListSessionsResponse, error) {
	o := app.SessionListOptions{Agency: req.GetAgency(), OpenOnly: req.GetOpenOnly(), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()}
	var err error
	if req.GetProgramme() != "" {
		if o.Programme, err = resource.NameID(req.GetProgramme(), "programmes/", "", "programme"); err != nil {
			return nil, err
		}
	}
	if o.From, err = day(req.GetFromDate(), "from_date"); err != nil {
		return nil, err
	}
	if o.To, err = day(req.GetToDate(), "to_date"); err != nil {
		return nil, err
	}
	xs, next, err := s.app.ListSessions(ctx, o)
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListSessionsResponse{NextPageToken: next}
	for _, x := range xs {
		out.Sessions = append(out.Sessions, convert.Session(x))
	}
	return out, nil
}

// UpdateSession changes the fields of a session named in the update mask.
func (s *Server) UpdateSession(ctx context.Context, req *trainingv1.UpdateSessionRequest) (*trainingv1.UpdateSessionResponse, error) {
	id, err := resource.NameID(req.GetSession().GetName(), "sessions/", "", "session.name")
	if err != nil {
		return nil, err
	}
	values, err := convert.SessionIn(req.GetSession())
	if err != nil {
		return nil, err
	}
	x, err := s.app.UpdateSession(ctx, id, req.GetSession().GetEtag(), domain.SessionUpdate{Fields: req.GetUpdateMask().GetPaths(), Values: values})
	if err != nil {
		return nil, err
	}
	return &trainingv1.UpdateSessionResponse{Session: convert.Session(x)}, nil
}

// CancelSession cancels a session before it starts; its enrolments are withdrawn.
func (s *Server) CancelSession(ctx context.Context, req *trainingv1.CancelSessionRequest) (*trainingv1.CancelSessionResponse, error) {
	id, err := resource.NameID(req.GetName(), "sessions/", "", "name")
	if err != nil {
		return nil, err
	}
	x, err := s.app.CancelSession(ctx, id, req.GetEtag(), req.GetReason())
	if err != nil {
		return nil, err
	}
	return &trainingv1.CancelSessionResponse{Session: convert.Session(x)}, nil
}

// CreateEnrolment asks for a seat in a session: a nomination from HR, a request from the
// employee for themselves.
func (s *Server) CreateEnrolment(ctx context.Context, req *trainingv1.CreateEnrolmentRequest) (*trainingv1.CreateEnrolmentResponse, error) {
	session, err := resource.NameID(req.GetEnrolment().GetSession(), "sessions/", "", "enrolment.session")
	if err != nil {
		return nil, err
	}
	e, err := s.app.CreateEnrolment(ctx, session, req.GetEnrolment().GetEmployee())
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateEnrolmentResponse{Enrolment: convert.Enrolment(e)}, nil
}

// ApproveEnrolment approves a requested enrolment.
func (s *Server) ApproveEnrolment(ctx context.Context, req *trainingv1.ApproveEnrolmentRequest) (*trainingv1.ApproveEnrolmentResponse, error) {
	id, err := resource.NameID(req.GetName(), "enrolments/", "", "name")
	if err != nil {
		return nil, err
	}
	e, err := s.app.ApproveEnrolment(ctx, id, req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &trainingv1.ApproveEnrolmentResponse{Enrolment: convert.Enrolment(e)}, nil
}

// RejectEnrolment refuses a requested enrolment with a reason.
func (s *Server) RejectEnrolment(ctx context.Context, req *trainingv1.RejectEnrolmentRequest) (*trainingv1.RejectEnrolmentResponse, error) {
	id, err := resource.NameID(req.GetName(), "enrolments/", "", "name")
	if err != nil {
		return nil, err
	}
	e, err := s.app.RejectEnrolment(ctx, id, req.GetEtag(), req.GetReason())
	if err != nil {
		return nil, err
	}
	return &trainingv1.RejectEnrolmentResponse{Enrolment: convert.Enrolment(e)}, nil
}

// WithdrawEnrolment withdraws an enrolment before the session starts.
func (s *Server) WithdrawEnrolment(ctx context.Context, req *trainingv1.WithdrawEnrolmentRequest) (*trainingv1.WithdrawEnrolmentResponse, error) {
	id, err := resource.NameID(req.GetName(), "enrolments/", "", "name")
	if err != nil {
		return nil, err
	}
	e, err := s.app.WithdrawEnrolment(ctx, id, req.GetEtag(), req.GetReason())
	if err != nil {
		return nil, err
	}
	return &trainingv1.WithdrawEnrolmentResponse{Enrolment: convert.Enrolment(e)}, nil
}

// GetEnrolment returns one enrolment.
func (s *Server) GetEnrolment(ctx context.Context, req *trainingv1.GetEnrolmentRequest) (*trainingv1.GetEnrolmentResponse, error) {
	id, err := resource.NameID(req.GetName(), "enrolments/", "", "name")
	if err != nil {
		return nil, err
	}
	e, err := s.app.GetEnrolment(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetEnrolmentResponse{Enrolment: convert.Enrolment(e)}, nil
}

// ListEnrolments returns enrolments of a session, an employee, an agency, or those awaiting
// the caller's decision.
func (s *Server) ListEnrolments(ctx context.Context, req *trainingv1.ListEnrolmentsRequest) (*trainingv1.ListEnrolmentsResponse, error) {
	o := app.EnrolmentListOptions{Employee: req.GetEmployee(), Agency: req.GetAgency(), AwaitingMe: req.GetAwaitingMe(),
		PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()}
	if req.GetSession() != "" {
		var err error
		if o.Session, err = resource.NameID(req.GetSession(), "sessions/", "", "session"); err != nil {
			return nil, err
		}
	}
	for _, st := range req.GetStates() {
		o.States = append(o.States, convert.EnrolmentStateIn(st))
	}
	es, next, err := s.app.ListEnrolments(ctx, o)
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListEnrolmentsResponse{NextPageToken: next}
	for _, e := range es {
		out.Enrolments = append(out.Enrolments, convert.Enrolment(e))
	}
	return out, nil
}
