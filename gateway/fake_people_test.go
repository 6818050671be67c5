package gateway

import (
	"context"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The fake planning's organisation, for the portal's sign-in: DISKOMINFO with its head, a
// section head with two staff, and an HR officer; one person in BKPSDM and one in INSPEKTORAT.
const (
	nipHead    = "197001011995031001"
	nipSection = "197502022000031002"
	nipStaff1  = "198803032010012003"
	nipStaff2  = "199004042015032004"
	nipHR      = "198505052009012005"
	nipCityHR  = "198006062005012006"
	nipAuditor = "198107072006042007"
)

var (
	fakeAgencies = []*planningv1.Agency{
		{Code: "BKPSDM", DisplayName: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"},
		{Code: "DISKOMINFO", DisplayName: "Dinas Komunikasi dan Informatika"},
		{Code: "INSPEKTORAT", DisplayName: "Inspektorat"},
		{Code: "DISKOMINFO-SEKRE", DisplayName: "Sekretariat", Parent: "DISKOMINFO"},
		{Code: "DISKOMINFO-B2", DisplayName: "Bidang Aplikasi Informatika", Parent: "DISKOMINFO"},
	}
	fakePositions = []*planningv1.Position{
		{Id: "kadis", Title: "Kepala Dinas Komunikasi dan Informatika", Agency: "DISKOMINFO"},
		{Id: "kabid-aptika", Title: "Kepala Bidang Aplikasi Informatika", Agency: "DISKOMINFO", Unit: "DISKOMINFO-B2"},
		{Id: "prakom", Title: "Pranata Komputer", Agency: "DISKOMINFO", Unit: "DISKOMINFO-B2"},
		{Id: "analis-kepegawaian", Title: "Analis Kepegawaian", Agency: "DISKOMINFO", Unit: "DISKOMINFO-SEKRE"},
	}
	fakeStaff = []*planningv1.Employee{
		{Nip: nipHead, FullName: "Budi Santoso", Agency: "DISKOMINFO", Position: "kadis"},
		{Nip: nipSection, FullName: "Rina Wati", Agency: "DISKOMINFO", Unit: "DISKOMINFO-B2", Position: "kabid-aptika", Supervisor: nipHead},
		{Nip: nipStaff1, FullName: "Andi Pratama", DisplayName: "Andi Pratama, S.Kom.", Agency: "DISKOMINFO", Unit: "DISKOMINFO-B2", Position: "prakom", Supervisor: nipSection},
		{Nip: nipStaff2, FullName: "Dewi Lestari", Agency: "DISKOMINFO", Unit: "DISKOMINFO-B2", Position: "prakom", Supervisor: nipSection},
		{Nip: nipHR, FullName: "Hendra Gunawan", Agency: "DISKOMINFO", Unit: "DISKOMINFO-SEKRE", Position: "analis-kepegawaian", Supervisor: nipHead},
		{Nip: nipCityHR, FullName: "Sri Mulyani", Agency: "BKPSDM"},
		{Nip: nipAuditor, FullName: "Joko Widodo", Agency: "INSPEKTORAT"},
	}
)

func (f *fakePlanning) GetAgency(ctx context.Context, req *planningv1.GetAgencyRequest) (*planningv1.GetAgencyResponse, error) {
	f.record(ctx)
	for _, a := range fakeAgencies {
		if "agencies/"+a.GetCode() == req.GetName() {
			return &planningv1.GetAgencyResponse{Agency: a}, nil
		}
	}
	return nil, status.Errorf(codes.NotFound, "agency %q not found", req.GetName())
}

func (f *fakePlanning) ListAgencies(ctx context.Context, req *planningv1.ListAgenciesRequest) (*planningv1.ListAgenciesResponse, error) {
	f.record(ctx)
	out := &planningv1.ListAgenciesResponse{}
	for _, a := range fakeAgencies {
		if (req.GetParent() == "-" && a.GetParent() == "") || (req.GetParent() != "-" && a.GetParent() == req.GetParent()) {
			out.Agencies = append(out.Agencies, a)
		}
	}
	return out, nil
}

func (f *fakePlanning) ListPositions(ctx context.Context, req *planningv1.ListPositionsRequest) (*planningv1.ListPositionsResponse, error) {
	f.record(ctx)
	out := &planningv1.ListPositionsResponse{}
	for _, p := range fakePositions {
		if p.GetAgency() == req.GetAgency() {
			out.Positions = append(out.Positions, p)
		}
	}
	return out, nil
}

func (f *fakePlanning) ListEmployees(ctx context.Context, req *planningv1.ListEmployeesRequest) (*planningv1.ListEmployeesResponse, error) {
	f.record(ctx)
	out := &planningv1.ListEmployeesResponse{}
	for _, e := range fakeStaff {
		if e.GetAgency() == req.GetAgency() {
			out.Employees = append(out.Employees, e)
		}
	}
	slices.SortFunc(out.Employees, func(a, b *planningv1.Employee) int {
		if a.GetNip() < b.GetNip() {
			return -1
		}
		return 1
	})
	return out, nil
}
