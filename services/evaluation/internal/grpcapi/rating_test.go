package grpcapi_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// The rating methods as a client calls them, through the platform's interceptor chain
// (authentication against Rules, protovalidate, errors mapped to statuses) on the in-process
// channel: BAPPEDA's head ← kabid ← ten staff with approved SKPs, on 1 December 2026.

const (
	ratingHead  = "196801011990031101"
	ratingKabid = "197801012003031102"
)

func ratingStaff(i int) string { return fmt.Sprintf("19900101201501%04d", i) }

// ratingRPC is the server's client with its token signer.
type ratingRPC struct {
	client evaluationv1.EvaluationServiceClient
	signer *auth.Signer
}

func (r ratingRPC) as(t *testing.T, role auth.Role, agency, sub string) context.Context {
	t.Helper()
	p := auth.Principal{Subject: sub, Roles: []auth.Role{role}, Agency: agency}
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+testenv.Token(t, r.signer, p))
}

func newRatingRPC(t *testing.T, engine testenv.Engine) ratingRPC {
	t.Helper()
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(ctx, "evaluation", store.Migrations()); err != nil {
		t.Fatal(err)
	}
	emp := func(nip, agency, unit, sup string) *planningv1.Employee {
		return &planningv1.Employee{Nip: nip, FullName: "Pegawai " + nip[14:], EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS,
			Rank: "III/a", Agency: agency, Unit: unit, Supervisor: sup, Position: "perencana"}
	}
	people := []*planningv1.Employee{emp(ratingHead, "BAPPEDA", "BAPPEDA", ""), emp(ratingKabid, "BAPPEDA", "BAPPEDA-EKO", ratingHead)}
	for i := 1; i <= 10; i++ {
		people = append(people, emp(ratingStaff(i), "BAPPEDA", "BAPPEDA-EKO", ratingKabid))
	}
	dir := directorytest.Seed(t, db, people...)
	if _, err := db.ExecContext(ctx, `INSERT INTO directory_agencies (code, display_name, kind, parent, root, version, synced_at)
		VALUES ('BAPPEDA', 'Bappeda', 'badan', '', 'BAPPEDA', 1, 0)`); err != nil {
		t.Fatal(err)
	}
	st := store.New(db, outbox.New(), events.Encode)
	for i := 1; i <= 10; i++ {
		sk := domain.Skp{ID: "2026-" + ratingStaff(i) + "-1", Employee: ratingStaff(i), Year: 2026, Seq: 1, Agency: "BAPPEDA", Unit: "BAPPEDA-EKO",
			Appraiser: ratingKabid, State: domain.SkpApproved, StartDate: "2026-01-01", EndDate: "2026-12-31", Revision: 1, Approved: true,
			Latest: true, Version: 1}
		if err := st.Write(ctx, func(ctx context.Context, tx app.Tx) error { return tx.InsertSkp(ctx, sk) }); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC) // 09:00 WIB
	a := app.New(st, app.Options{Directory: dir, Policy: domain.DefaultPolicy(), Now: func() time.Time { return now }})
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := auth.NewSigner(key, "simpeg-test", "simpeg")
	srv, err := grpcserver.New(grpcserver.Options{Log: slog.New(slog.DiscardHandler),
		Authorizer: auth.NewAuthorizer(auth.NewStaticVerifier("simpeg-test", "simpeg", signer.PublicKey()), grpcapi.Rules)})
	if err != nil {
		t.Fatal(err)
	}
	srv.RegisterService(&evaluationv1.EvaluationService_ServiceDesc, grpcapi.New(a, db))
	return ratingRPC{client: evaluationv1.NewEvaluationServiceClient(srv.InProcess), signer: signer}
}

// The year, the organisation predicate, the matrix's nine cells and the bound's refusal as a
// client sees them.
func TestRatingRPC(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		r := newRatingRPC(t, engine)
		city := r.as(t, auth.RoleCityHR, "", "bkpsdm-admin")
		kabid := r.as(t, auth.RoleSupervisor, "BAPPEDA", ratingKabid)

		p, err := r.client.CreatePeriod(city, &evaluationv1.CreatePeriodRequest{Period: &evaluationv1.Period{Year: 2026}})
		if err != nil || p.GetPeriod().GetName() != "periods/2026" || len(p.GetPeriod().GetPeriods()) != 4 ||
			p.GetPeriod().GetPeriods()[3].GetRatingDueDate() != "2027-01-14" || p.GetPeriod().GetSkpDueDate() != "2026-01-31" {
			t.Fatalf("CreatePeriod: %v, %v", p, err)
		}
		_, err = r.client.CreatePeriod(r.as(t, auth.RoleAgencyHR, "BAPPEDA", "bappeda-hr"), &evaluationv1.CreatePeriodRequest{Period: &evaluationv1.Period{Year: 2027}})
		ratingStatus(t, err, codes.PermissionDenied, "", "")
		_, err = r.client.CreatePeriod(city, &evaluationv1.CreatePeriodRequest{Period: &evaluationv1.Period{Year: 1999}})
		ratingStatus(t, err, codes.InvalidArgument, "period.year", "")
		if _, err := r.client.GetPeriod(r.as(t, auth.RoleEmployee, "BAPPEDA", ratingStaff(1)), &evaluationv1.GetPeriodRequest{Name: "periods/2026"}); err != nil {
			t.Fatalf("an employee reads the year: %v", err)
		}

		// The matrix, all nine cells; the predicate sent is ignored.
		ex := []evaluationv1.Expectation{evaluationv1.Expectation_EXPECTATION_ABOVE, evaluationv1.Expectation_EXPECTATION_MEETS, evaluationv1.Expectation_EXPECTATION_BELOW}
		want := []evaluationv1.Predicate{
			evaluationv1.Predicate_PREDICATE_SANGAT_BAIK, evaluationv1.Predicate_PREDICATE_BAIK, evaluationv1.Predicate_PREDICATE_KURANG,
			evaluationv1.Predicate_PREDICATE_BAIK, evaluationv1.Predicate_PREDICATE_BAIK, evaluationv1.Predicate_PREDICATE_KURANG,
			evaluationv1.Predicate_PREDICATE_BUTUH_PERBAIKAN, evaluationv1.Predicate_PREDICATE_BUTUH_PERBAIKAN, evaluationv1.Predicate_PREDICATE_SANGAT_KURANG,
		}
		for i := range 9 {
			res, err := r.client.RatePeriod(kabid, &evaluationv1.RatePeriodRequest{Skp: "skps/2026-" + ratingStaff(i+1) + "-1", Period: "q3",
				Rating: &evaluationv1.Rating{Results: ex[i/3], ResultsReason: "target tercapai", Behaviour: ex[i%3], BehaviourReason: "sesuai ekspektasi",
					Predicate: evaluationv1.Predicate_PREDICATE_SANGAT_BAIK}})
			if err != nil || res.GetPeriodRating().GetRating().GetPredicate() != want[i] || res.GetPeriodRating().GetName() != "skps/2026-"+ratingStaff(i+1)+"-1/ratings/q3" {
				t.Fatalf("cell %d: %v, %v; want %v", i, res, err, want[i])
			}
		}

		// The bound: Baik for BAPPEDA, seven Baik finalised, the eighth refused with its reason.
		if _, err := r.client.SetOrganisationRating(city, &evaluationv1.SetOrganisationRatingRequest{OrganisationRating: &evaluationv1.OrganisationRating{
			Agency: "BAPPEDA", Year: 2026, Predicate: evaluationv1.OrganisationPredicate_ORGANISATION_PREDICATE_BAIK}}); err != nil {
			t.Fatal(err)
		}
		meets := &evaluationv1.Rating{Results: ex[1], ResultsReason: "target tercapai", Behaviour: ex[1], BehaviourReason: "sesuai ekspektasi"}
		for i := 1; i <= 8; i++ {
			res, err := r.client.FinaliseAnnualRating(kabid, &evaluationv1.FinaliseAnnualRatingRequest{Skp: "skps/2026-" + ratingStaff(i) + "-1", Rating: meets})
			if i == 8 {
				ratingStatus(t, err, codes.FailedPrecondition, "", "DISTRIBUTION_BOUND")
				if !strings.Contains(status.Convert(err).Message(), "at most 70 % Sangat Baik or Baik: 7 of the 10") {
					t.Fatalf("the refusal: %v", err)
				}
				continue
			}
			if err != nil || res.GetAnnualRating().GetState() != evaluationv1.AnnualRatingState_ANNUAL_RATING_STATE_FINALISED ||
				res.GetAnnualRating().GetObjectionDeadline() != "2026-12-15" {
				t.Fatalf("finalising %d: %v, %v", i, res, err)
			}
		}
		d, err := r.client.GetDistribution(r.as(t, auth.RoleAuditor, "", "inspektorat"), &evaluationv1.GetDistributionRequest{Year: 2026, Agency: "BAPPEDA"})
		if err != nil || d.GetDistribution().GetPopulation() != 10 || d.GetDistribution().GetRated() != 7 || len(d.GetDistribution().GetBounds()) != 2 ||
			d.GetDistribution().GetBounds()[0].GetCurrent() != 7 || d.GetDistribution().GetBounds()[0].GetLimit() != 7 || len(d.GetUnits()) != 1 {
			t.Fatalf("GetDistribution: %v, %v", d, err)
		}
		_, err = r.client.GetDistribution(r.as(t, auth.RoleEmployee, "BAPPEDA", ratingStaff(1)), &evaluationv1.GetDistributionRequest{Year: 2026, Agency: "BAPPEDA"})
		ratingStatus(t, err, codes.PermissionDenied, "", "")

		// The holder objects; the head decides.
		holder := r.as(t, auth.RoleEmployee, "BAPPEDA", ratingStaff(1))
		name := "skps/2026-" + ratingStaff(1) + "-1/annualRating"
		if _, err := r.client.FileObjection(holder, &evaluationv1.FileObjectionRequest{Name: name, Reason: "capaian saya melampaui target"}); err != nil {
			t.Fatal(err)
		}
		_, err = r.client.DecideObjection(kabid, &evaluationv1.DecideObjectionRequest{Name: name, Reason: "tetap"})
		ratingStatus(t, err, codes.PermissionDenied, "", "")
		res, err := r.client.DecideObjection(r.as(t, auth.RoleSupervisor, "BAPPEDA", ratingHead), &evaluationv1.DecideObjectionRequest{Name: name, Change: true,
			Rating: &evaluationv1.Rating{Results: ex[0], ResultsReason: "melampaui target", Behaviour: ex[0], BehaviourReason: "teladan"}, Reason: "bukti lengkap"})
		if err != nil || res.GetAnnualRating().GetRating().GetPredicate() != evaluationv1.Predicate_PREDICATE_SANGAT_BAIK ||
			len(res.GetAnnualRating().GetHistory()) != 3 || res.GetAnnualRating().GetObjection().GetDecidedBy() != ratingHead {
			t.Fatalf("decided: %v, %v", res, err)
		}
	})
}

// ratingStatus fails t unless err has code, names field in its BadRequest when given, and
// carries reason in its ErrorInfo when given.
func ratingStatus(t *testing.T, err error, code codes.Code, field, reason string) {
	t.Helper()
	st := status.Convert(err)
	if err == nil || st.Code() != code {
		t.Fatalf("status %v (%v), want %v", st.Code(), err, code)
	}
	fieldOK, reasonOK := field == "", reason == ""
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				fieldOK = fieldOK || v.GetField() == field
			}
		case *errdetails.ErrorInfo:
			reasonOK = reasonOK || d.GetReason() == reason
		}
	}
	if !fieldOK || !reasonOK {
		t.Fatalf("%v: details %v lack field %q or reason %q", err, st.Details(), field, reason)
	}
}
