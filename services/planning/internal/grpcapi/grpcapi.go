// Package grpcapi is the planning service's gRPC transport: it turns requests into use-case
// calls and domain values into responses. Errors are mapped to statuses once, by the
// platform's error interceptor; the authorization table is Rules.
package grpcapi

import (
	"context"
	"strconv"
	"strings"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	"github.com/simpeg-id/simpeg/platform/resource"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Server implements planningv1.PlanningServiceServer.
type Server struct {
	planningv1.UnimplementedPlanningServiceServer
	app     *app.App
	db      *database.DB
	watcher Watcher
}

// Watcher tells WatchWorkPlan when a plan changed: its targets measured anew, its state or its
// actions. The monitoring implements it over planning's own stream, so a change made on any
// replica reaches a watcher on every replica.
type Watcher interface {
	// Watch returns a channel that receives the kind of change ("target", "state", "action")
	// each time plan id changes, until ctx is done; the channel is closed then.
	Watch(ctx context.Context, id string) (<-chan string, error)
}

// New returns the transport for a, reading the audit trail from db; w serves WatchWorkPlan
// (nil: WatchWorkPlan sends the plan once and ends).
func New(a *app.App, db *database.DB, w Watcher) *Server { return &Server{app: a, db: db, watcher: w} }

// mask returns the snake_case field paths of m, or all of them when m is empty.
func mask(m *fieldmaskpb.FieldMask, all []string) []string {
	if len(m.GetPaths()) == 0 {
		return all
	}
	return m.GetPaths()
}

// CreateAgency registers an agency.
func (s *Server) CreateAgency(ctx context.Context, req *planningv1.CreateAgencyRequest) (*planningv1.CreateAgencyResponse, error) {
	a, err := s.app.CreateAgency(ctx, convert.Agency(req.GetAgency()))
	if err != nil {
		return nil, err
	}
	return &planningv1.CreateAgencyResponse{Agency: convert.AgencyPB(a)}, nil
}

// GetAgency reads an agency.
func (s *Server) GetAgency(ctx context.Context, req *planningv1.GetAgencyRequest) (*planningv1.GetAgencyResponse, error) {
	code, err := resource.NameID(req.GetName(), "agencies/", "", "name")
	if err != nil {
		return nil, err
	}
	a, err := s.app.GetAgency(ctx, code)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetAgencyResponse{Agency: convert.AgencyPB(a)}, nil
}

// ListAgencies lists agencies.
func (s *Server) ListAgencies(ctx context.Context, req *planningv1.ListAgenciesRequest) (*planningv1.ListAgenciesResponse, error) {
	as, next, err := s.app.ListAgencies(ctx, app.AgencyFilter{Parent: req.GetParent(), PageSize: int(req.GetPageSize()), After: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListAgenciesResponse{NextPageToken: next, Agencies: make([]*planningv1.Agency, len(as))}
	for i, a := range as {
		out.Agencies[i] = convert.AgencyPB(a)
	}
	return out, nil
}

// UpdateAgency changes an agency.
func (s *Server) UpdateAgency(ctx context.Context, req *planningv1.UpdateAgencyRequest) (*planningv1.UpdateAgencyResponse, error) {
	code, err := resource.NameID(req.GetAgency().GetName(), "agencies/", "", "agency.name")
	if err != nil {
		return nil, err
	}
	u := domain.AgencyUpdate{Fields: mask(req.GetUpdateMask(), []string{"display_name", "kind", "parent"}), Values: convert.Agency(req.GetAgency())}
	a, err := s.app.UpdateAgency(ctx, code, req.GetAgency().GetEtag(), u)
	if err != nil {
		return nil, err
	}
	return &planningv1.UpdateAgencyResponse{Agency: convert.AgencyPB(a)}, nil
}

// CreatePosition registers a position.
func (s *Server) CreatePosition(ctx context.Context, req *planningv1.CreatePositionRequest) (*planningv1.CreatePositionResponse, error) {
	in := convert.Position(req.GetPosition())
	in.ID = req.GetPositionId()
	p, err := s.app.CreatePosition(ctx, in)
	if err != nil {
		return nil, err
	}
	return &planningv1.CreatePositionResponse{Position: convert.PositionPB(p)}, nil
}

// BatchCreatePositions registers many positions, all or nothing, and reports the rows whose id
// was already registered.
func (s *Server) BatchCreatePositions(ctx context.Context, req *planningv1.BatchCreatePositionsRequest) (*planningv1.BatchCreatePositionsResponse, error) {
	ins := make([]domain.Position, len(req.GetRequests()))
	for i, r := range req.GetRequests() {
		ins[i] = convert.Position(r.GetPosition())
		ins[i].ID = r.GetPositionId()
	}
	res, err := s.app.BatchCreatePositions(ctx, ins)
	if err != nil {
		return nil, err
	}
	out := &planningv1.BatchCreatePositionsResponse{Positions: make([]*planningv1.Position, len(res.Created))}
	for i, p := range res.Created {
		out.Positions[i] = convert.PositionPB(p)
	}
	for _, i := range res.Present {
		id := ins[i].ID
		out.Errors = append(out.Errors, &planningv1.PositionRowError{Index: int32(i), PositionId: id, Code: "ALREADY_EXISTS",
			Message: "position " + strconv.Quote(id) + " already exists; left unchanged"})
	}
	return out, nil
}

// GetPosition reads a position.
func (s *Server) GetPosition(ctx context.Context, req *planningv1.GetPositionRequest) (*planningv1.GetPositionResponse, error) {
	id, err := resource.NameID(req.GetName(), "positions/", "", "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetPosition(ctx, id)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetPositionResponse{Position: convert.PositionPB(p)}, nil
}

// ListPositions lists positions.
func (s *Server) ListPositions(ctx context.Context, req *planningv1.ListPositionsRequest) (*planningv1.ListPositionsResponse, error) {
	ps, next, err := s.app.ListPositions(ctx, app.PositionFilter{
		Agency: req.GetAgency(), Unit: req.GetUnit(), Kind: convert.PositionKind(req.GetKind()),
		PageSize: int(req.GetPageSize()), After: req.GetPageToken(),
	})
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListPositionsResponse{NextPageToken: next, Positions: make([]*planningv1.Position, len(ps))}
	for i, p := range ps {
		out.Positions[i] = convert.PositionPB(p)
	}
	return out, nil
}

// UpdatePosition changes a position.
func (s *Server) UpdatePosition(ctx context.Context, req *planningv1.UpdatePositionRequest) (*planningv1.UpdatePositionResponse, error) {
	id, err := resource.NameID(req.GetPosition().GetName(), "positions/", "", "position.name")
	if err != nil {
		return nil, err
	}
	// Without a mask every field is set; the standard from competency_standards, or from
	// required_competencies when a caller that predates the levels sends only those.
	standard := "competency_standards"
	if len(req.GetPosition().GetRequiredCompetencies()) > 0 && len(req.GetPosition().GetCompetencyStandards()) == 0 {
		standard = "required_competencies"
	}
	u := domain.PositionUpdate{
		Fields: mask(req.GetUpdateMask(), []string{"title", "kind", "class", "unit", standard, "needed_headcount", "level", "retirement_age"}),
		Values: convert.Position(req.GetPosition()),
	}
	p, err := s.app.UpdatePosition(ctx, id, req.GetPosition().GetEtag(), u)
	if err != nil {
		return nil, err
	}
	return &planningv1.UpdatePositionResponse{Position: convert.PositionPB(p)}, nil
}

// CreateEmployee registers an employee.
func (s *Server) CreateEmployee(ctx context.Context, req *planningv1.CreateEmployeeRequest) (*planningv1.CreateEmployeeResponse, error) {
	in, err := convert.Employee(req.GetEmployee(), "employee")
	if err != nil {
		return nil, err
	}
	e, err := s.app.CreateEmployee(ctx, in)
	if err != nil {
		return nil, err
	}
	return &planningv1.CreateEmployeeResponse{Employee: convert.EmployeePB(e)}, nil
}

// BatchCreateEmployees registers many employees and reports the rows it could not.
func (s *Server) BatchCreateEmployees(ctx context.Context, req *planningv1.BatchCreateEmployeesRequest) (*planningv1.BatchCreateEmployeesResponse, error) {
	out := &planningv1.BatchCreateEmployeesResponse{}
	ins := make([]domain.Employee, 0, len(req.GetRequests()))
	index := make([]int, 0, len(req.GetRequests())) // position in ins → row in the request
	for i, r := range req.GetRequests() {
		e, err := convert.Employee(r.GetEmployee(), "employee")
		if err != nil {
			out.Errors = append(out.Errors, rowError(i, r.GetEmployee().GetNip(), err))
			continue
		}
		ins = append(ins, e)
		index = append(index, i)
	}
	if len(ins) > 0 {
		created, rowErrs, err := s.app.BatchCreateEmployees(ctx, ins)
		if err != nil {
			return nil, err
		}
		for _, re := range rowErrs {
			out.Errors = append(out.Errors, rowError(index[re.Index], re.NIP, errs.Prefix("employee", re.Err)))
		}
		for _, e := range created {
			out.Employees = append(out.Employees, convert.EmployeePB(e))
		}
	}
	sortRowErrors(out.Errors)
	return out, nil
}

func rowError(i int, nip string, err error) *planningv1.RowError {
	st, _ := grpcserver.Status(err)
	re := &planningv1.RowError{Index: int32(i), Nip: nip, Code: strings.ToUpper(snake(st.Code().String())), Message: st.Message()}
	if e, ok := errs.As(err); ok {
		for _, v := range e.Violations {
			re.FieldViolations = append(re.FieldViolations, &planningv1.FieldViolation{Field: v.Field, Description: v.Description})
		}
	}
	return re
}

// snake turns a code name like "InvalidArgument" into "Invalid_Argument".
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func sortRowErrors(rs []*planningv1.RowError) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Index < rs[j-1].Index; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// GetEmployee reads an employee.
func (s *Server) GetEmployee(ctx context.Context, req *planningv1.GetEmployeeRequest) (*planningv1.GetEmployeeResponse, error) {
	nip, err := resource.NameID(req.GetName(), "employees/", "", "name")
	if err != nil {
		return nil, err
	}
	e, err := s.app.GetEmployee(ctx, nip)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetEmployeeResponse{Employee: convert.EmployeePB(e)}, nil
}

// ListEmployees lists employees.
func (s *Server) ListEmployees(ctx context.Context, req *planningv1.ListEmployeesRequest) (*planningv1.ListEmployeesResponse, error) {
	es, next, err := s.app.ListEmployees(ctx, app.EmployeeFilter{
		Agency: req.GetAgency(), Unit: req.GetUnit(), Position: req.GetPosition(), Supervisor: req.GetSupervisor(),
		Status: convert.Status(req.GetStatus()), Query: req.GetQuery(), PageSize: int(req.GetPageSize()), After: req.GetPageToken(),
	})
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListEmployeesResponse{NextPageToken: next, Employees: make([]*planningv1.Employee, len(es))}
	for i, e := range es {
		out.Employees[i] = convert.EmployeePB(e)
	}
	return out, nil
}

// UpdateEmployee changes an employee.
func (s *Server) UpdateEmployee(ctx context.Context, req *planningv1.UpdateEmployeeRequest) (*planningv1.UpdateEmployeeResponse, error) {
	nip, err := resource.NameID(req.GetEmployee().GetName(), "employees/", "", "employee.name")
	if err != nil {
		return nil, err
	}
	if len(req.GetUpdateMask().GetPaths()) == 0 {
		return nil, errs.Invalidf("update_mask", "name the fields to change, e.g. \"full_name,rank\"")
	}
	values, err := convert.Employee(req.GetEmployee(), "employee")
	if err != nil {
		return nil, err
	}
	e, err := s.app.UpdateEmployee(ctx, nip, req.GetEmployee().GetEtag(), domain.EmployeeUpdate{Fields: req.GetUpdateMask().GetPaths(), Values: values})
	if err != nil {
		return nil, err
	}
	return &planningv1.UpdateEmployeeResponse{Employee: convert.EmployeePB(e)}, nil
}

// TransferEmployee moves an employee to another agency or out of the city.
func (s *Server) TransferEmployee(ctx context.Context, req *planningv1.TransferEmployeeRequest) (*planningv1.TransferEmployeeResponse, error) {
	nip, err := resource.NameID(req.GetName(), "employees/", "", "name")
	if err != nil {
		return nil, err
	}
	eff, err := domain.ParseDate(req.GetEffectiveDate())
	if err != nil {
		return nil, errs.Invalidf("effective_date", "%v", err)
	}
	e, err := s.app.TransferEmployee(ctx, nip, req.GetEtag(), domain.Transfer{
		Agency: req.GetAgency(), Unit: req.GetUnit(), Position: req.GetPosition(), Supervisor: req.GetSupervisor(),
		External: req.GetExternalDestination(), Effective: eff, Reason: req.GetReason(),
	})
	if err != nil {
		return nil, err
	}
	return &planningv1.TransferEmployeeResponse{Employee: convert.EmployeePB(e)}, nil
}

// RetireEmployee marks an employee retired.
func (s *Server) RetireEmployee(ctx context.Context, req *planningv1.RetireEmployeeRequest) (*planningv1.RetireEmployeeResponse, error) {
	nip, err := resource.NameID(req.GetName(), "employees/", "", "name")
	if err != nil {
		return nil, err
	}
	eff, err := domain.ParseDate(req.GetEffectiveDate())
	if err != nil {
		return nil, errs.Invalidf("effective_date", "%v", err)
	}
	e, err := s.app.RetireEmployee(ctx, nip, req.GetEtag(), eff, req.GetReason())
	if err != nil {
		return nil, err
	}
	return &planningv1.RetireEmployeeResponse{Employee: convert.EmployeePB(e)}, nil
}

// ListAuditRecords reads the audit trail.
func (s *Server) ListAuditRecords(ctx context.Context, req *planningv1.ListAuditRecordsRequest) (*planningv1.ListAuditRecordsResponse, error) {
	recs, next, err := audit.List(ctx, s.db, audit.QueryOf(req))
	if err != nil {
		return nil, err
	}
	return &planningv1.ListAuditRecordsResponse{Records: recs, NextPageToken: next}, nil
}
