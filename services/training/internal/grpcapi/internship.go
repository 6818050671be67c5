package grpcapi

// The internship area's methods: partners and agreements, cohorts, placements, logbooks, the
// final assessment and the cohort report.

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
)

// CreatePartner registers a partner institution.
func (s *Server) CreatePartner(ctx context.Context, req *trainingv1.CreatePartnerRequest) (*trainingv1.CreatePartnerResponse, error) {
	p, err := s.app.CreatePartner(ctx, convert.PartnerIn(req.GetPartnerId(), req.GetPartner()))
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreatePartnerResponse{Partner: convert.Partner(p)}, nil
}

// GetPartner returns one partner.
func (s *Server) GetPartner(ctx context.Context, req *trainingv1.GetPartnerRequest) (*trainingv1.GetPartnerResponse, error) {
	id, err := convert.PartnerID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetPartner(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetPartnerResponse{Partner: convert.Partner(p)}, nil
}

// ListPartners returns a page of partners.
func (s *Server) ListPartners(ctx context.Context, req *trainingv1.ListPartnersRequest) (*trainingv1.ListPartnersResponse, error) {
	list, next, err := s.app.ListPartners(ctx, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListPartnersResponse{NextPageToken: next}
	for _, p := range list {
		out.Partners = append(out.Partners, convert.Partner(p))
	}
	return out, nil
}

// UpdatePartner changes the fields of a partner named in the update mask.
func (s *Server) UpdatePartner(ctx context.Context, req *trainingv1.UpdatePartnerRequest) (*trainingv1.UpdatePartnerResponse, error) {
	id, err := convert.PartnerID(req.GetPartner().GetName(), "partner.name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.UpdatePartner(ctx, id, req.GetPartner().GetEtag(), req.GetUpdateMask().GetPaths(), convert.PartnerIn(id, req.GetPartner()))
	if err != nil {
		return nil, err
	}
	return &trainingv1.UpdatePartnerResponse{Partner: convert.Partner(p)}, nil
}

// CreateAgreement records an agreement with a partner.
func (s *Server) CreateAgreement(ctx context.Context, req *trainingv1.CreateAgreementRequest) (*trainingv1.CreateAgreementResponse, error) {
	partner, err := convert.PartnerID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	in, err := convert.AgreementIn(partner, req.GetAgreement())
	if err != nil {
		return nil, err
	}
	a, err := s.app.CreateAgreement(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateAgreementResponse{Agreement: convert.Agreement(a)}, nil
}

// ListAgreements returns a page of agreements, of one partner or of all ("partners/-").
func (s *Server) ListAgreements(ctx context.Context, req *trainingv1.ListAgreementsRequest) (*trainingv1.ListAgreementsResponse, error) {
	partner, err := convert.PartnerID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	if partner == "-" {
		partner = ""
	}
	f := app.AgreementFilter{Partner: partner, State: convert.AgreementStateIn(req.GetState()), ExpiringWithinDays: int(req.GetExpiringWithinDays())}
	list, next, err := s.app.ListAgreements(ctx, f, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListAgreementsResponse{NextPageToken: next}
	for _, a := range list {
		out.Agreements = append(out.Agreements, convert.Agreement(a))
	}
	return out, nil
}

// CreateCohort opens a cohort under an agreement.
func (s *Server) CreateCohort(ctx context.Context, req *trainingv1.CreateCohortRequest) (*trainingv1.CreateCohortResponse, error) {
	in, err := convert.CohortIn(req.GetCohort())
	if err != nil {
		return nil, err
	}
	c, err := s.app.CreateCohort(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateCohortResponse{Cohort: convert.Cohort(c)}, nil
}

// GetCohort returns one cohort with the seats taken per agency.
func (s *Server) GetCohort(ctx context.Context, req *trainingv1.GetCohortRequest) (*trainingv1.GetCohortResponse, error) {
	id, err := resource.NameID(req.GetName(), "cohorts/", "", "name")
	if err != nil {
		return nil, err
	}
	c, err := s.app.GetCohort(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetCohortResponse{Cohort: convert.Cohort(c)}, nil
}

// ListCohorts returns a page of cohorts, newest first.
func (s *Server) ListCohorts(ctx context.Context, req *trainingv1.ListCohortsRequest) (*trainingv1.ListCohortsResponse, error) {
	q := app.CohortQuery{Agency: req.GetAgency()}
	if req.GetAgreement() != "" {
		partner, id, err := convert.AgreementID(req.GetAgreement(), "agreement")
		if err != nil {
			return nil, err
		}
		q.Partner, q.Agreement = partner, id
	}
	list, next, err := s.app.ListCohorts(ctx, q, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListCohortsResponse{NextPageToken: next}
	for _, c := range list {
		out.Cohorts = append(out.Cohorts, convert.Cohort(c))
	}
	return out, nil
}

// CreatePlacement places a participant in a cohort.
func (s *Server) CreatePlacement(ctx context.Context, req *trainingv1.CreatePlacementRequest) (*trainingv1.CreatePlacementResponse, error) {
	in, err := convert.PlacementIn(req.GetPlacement())
	if err != nil {
		return nil, err
	}
	p, err := s.app.CreatePlacement(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreatePlacementResponse{Placement: convert.Placement(p)}, nil
}

// GetPlacement returns one placement.
func (s *Server) GetPlacement(ctx context.Context, req *trainingv1.GetPlacementRequest) (*trainingv1.GetPlacementResponse, error) {
	id, err := resource.NameID(req.GetName(), "placements/", "", "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetPlacement(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetPlacementResponse{Placement: convert.Placement(p)}, nil
}

// ListPlacements returns a page of placements.
func (s *Server) ListPlacements(ctx context.Context, req *trainingv1.ListPlacementsRequest) (*trainingv1.ListPlacementsResponse, error) {
	q := app.PlacementQuery{Agency: req.GetAgency(), Mentor: req.GetMentor(), Employee: req.GetEmployee(), State: convert.PlacementStateIn(req.GetState())}
	if req.GetCohort() != "" {
		id, err := resource.NameID(req.GetCohort(), "cohorts/", "", "cohort")
		if err != nil {
			return nil, err
		}
		q.Cohort = id
	}
	list, next, err := s.app.ListPlacements(ctx, q, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListPlacementsResponse{NextPageToken: next}
	for _, p := range list {
		out.Placements = append(out.Placements, convert.Placement(p))
	}
	return out, nil
}

// WithdrawPlacement ends a placement early with a reason, freeing its agency's seat.
func (s *Server) WithdrawPlacement(ctx context.Context, req *trainingv1.WithdrawPlacementRequest) (*trainingv1.WithdrawPlacementResponse, error) {
	id, err := resource.NameID(req.GetName(), "placements/", "", "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.WithdrawPlacement(ctx, id, req.GetEtag(), req.GetReason())
	if err != nil {
		return nil, err
	}
	return &trainingv1.WithdrawPlacementResponse{Placement: convert.Placement(p)}, nil
}

// CreateLogbookEntry adds an entry to a placement's logbook.
func (s *Server) CreateLogbookEntry(ctx context.Context, req *trainingv1.CreateLogbookEntryRequest) (*trainingv1.CreateLogbookEntryResponse, error) {
	placement, err := resource.NameID(req.GetParent(), "placements/", "", "parent")
	if err != nil {
		return nil, err
	}
	in, err := convert.LogbookEntryIn(placement, req.GetLogbookEntry())
	if err != nil {
		return nil, err
	}
	e, err := s.app.CreateLogbookEntry(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateLogbookEntryResponse{LogbookEntry: convert.LogbookEntry(e)}, nil
}

// ListLogbookEntries returns a page of a placement's logbook.
func (s *Server) ListLogbookEntries(ctx context.Context, req *trainingv1.ListLogbookEntriesRequest) (*trainingv1.ListLogbookEntriesResponse, error) {
	placement, err := resource.NameID(req.GetParent(), "placements/", "", "parent")
	if err != nil {
		return nil, err
	}
	list, next, err := s.app.ListLogbookEntries(ctx, placement, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &trainingv1.ListLogbookEntriesResponse{NextPageToken: next}
	for _, e := range list {
		out.LogbookEntries = append(out.LogbookEntries, convert.LogbookEntry(e))
	}
	return out, nil
}

// ReviewLogbookEntry records the mentor's review of an entry.
func (s *Server) ReviewLogbookEntry(ctx context.Context, req *trainingv1.ReviewLogbookEntryRequest) (*trainingv1.ReviewLogbookEntryResponse, error) {
	placement, id, err := logbookEntryID(req.GetName())
	if err != nil {
		return nil, err
	}
	e, err := s.app.ReviewLogbookEntry(ctx, placement, id, req.GetEtag(), app.LogbookReviewInput{Approve: req.GetApproved(), Comment: req.GetComment()})
	if err != nil {
		return nil, err
	}
	return &trainingv1.ReviewLogbookEntryResponse{LogbookEntry: convert.LogbookEntry(e)}, nil
}

// logbookEntryID returns the placement and the id in "placements/{placement}/logbookEntries/{id}".
func logbookEntryID(name string) (placement, id string, err error) {
	rest, ok := strings.CutPrefix(name, "placements/")
	if ok {
		placement, id, ok = strings.Cut(rest, "/logbookEntries/")
	}
	if !ok || placement == "" || id == "" || strings.Contains(placement, "/") || strings.Contains(id, "/") {
		return "", "", errs.Invalidf("name", "must look like placements/{placement}/logbookEntries/{id}, got %q", name)
	}
	return placement, id, nil
}

// AssessPlacement records a placement's final assessment.
func (s *Server) AssessPlacement(ctx context.Context, req *trainingv1.AssessPlacementRequest) (*trainingv1.AssessPlacementResponse, error) {
	id, err := resource.NameID(req.GetName(), "placements/", "", "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.AssessPlacement(ctx, id, req.GetEtag(), app.Assessment{Score: int(req.GetScore()), Passed: req.GetPassed(), Notes: req.GetNotes()})
	if err != nil {
		return nil, err
	}
	return &trainingv1.AssessPlacementResponse{Placement: convert.Placement(p)}, nil
}

// GetCohortReport returns a cohort's figures per agency.
func (s *Server) GetCohortReport(ctx context.Context, req *trainingv1.GetCohortReportRequest) (*trainingv1.GetCohortReportResponse, error) {
	id, err := resource.NameID(req.GetCohort(), "cohorts/", "", "cohort")
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetCohortReport(ctx, id)
	if err != nil {
		return nil, err
	}
	return convert.CohortReport(r), nil
}

// ExportCohortReport returns a cohort's report as a CSV file, named in the content-disposition
// response header ("attachment; filename=cohort-<id>.csv") as attendance's exports are.
func (s *Server) ExportCohortReport(ctx context.Context, req *trainingv1.ExportCohortReportRequest) (*httpbody.HttpBody, error) {
	id, err := resource.NameID(req.GetCohort(), "cohorts/", "", "cohort")
	if err != nil {
		return nil, err
	}
	data, err := s.app.ExportCohortReport(ctx, id)
	if err != nil {
		return nil, err
	}
	// Outside a gRPC call (a direct call in tests) there is no stream to set headers on.
	_ = grpc.SetHeader(ctx, metadata.Pairs("content-disposition", fmt.Sprintf(`attachment; filename="cohort-%s.csv"`, id)))
	return &httpbody.HttpBody{ContentType: app.CohortReportCSVContentType, Data: data}, nil
}
