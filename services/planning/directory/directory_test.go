package directory_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

const (
	head  = "197203152000031002"
	staff = "198609262015051001"
	nurse = "199001312019032002"
	dr    = "198103102006042003"
	// candidate is a CPNS appointed in June 2025.
	candidate = "199803102025061001"
)

// TestReplica runs planning for real and keeps a copy of its directory in another database, on
// each engine: back-fill over gRPC, then events, with the lag measured.
func TestReplica(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		p := startPlanning(t, engine)
		prefix, log, rt, client, hr := p.prefix, p.log, p.rt, p.client, p.hr
		svc := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+testenv.Token(t, p.signer, auth.Principal{Subject: "attendance", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}}))

		for _, a := range []*planningv1.Agency{
			{Code: "DISKOMINFO", DisplayName: "Dinas Komunikasi dan Informatika", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS},
			{Code: "DINKES", DisplayName: "Dinas Kesehatan", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS},
		} {
			if _, err := client.CreateAgency(hr, &planningv1.CreateAgencyRequest{Agency: a}); err != nil {
				t.Fatal(err)
			}
		}
		mk := func(nip, name, agency, sup string) {
			t.Helper()
			_, err := client.CreateEmployee(hr, &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{
				Nip: nip, FullName: name, EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/c", Agency: agency, Supervisor: sup}})
			if err != nil {
				t.Fatalf("creating %s: %v", nip, err)
			}
		}
		mk(head, "Arrahman Pane", "DISKOMINFO", "")
		mk(staff, "Budi Santoso", "DISKOMINFO", head)

		// A new service's copy starts empty and back-fills over the API.
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "directory", directory.Migrations()); err != nil {
			t.Fatal(err)
		}
		rep := directory.New(db)
		agencies, employees, err := rep.Backfill(svc, client)
		if err != nil || agencies != 2 || employees != 2 {
			t.Fatalf("Backfill = %d agencies, %d employees, %v", agencies, employees, err)
		}
		if e, err := rep.Employee(ctx, staff); err != nil || e.Supervisor != head || e.Agency != "DISKOMINFO" || e.AppointmentDate != "2015-05-01" || !e.Active() {
			t.Fatalf("back-filled employee = %+v, %v", e, err)
		}

		// Then it follows the events: the ones already back-filled change nothing (same
		// versions), new changes arrive within a second.
		cctx, cancel := context.WithCancel(ctx)
		t.Cleanup(cancel)
		if _, err := rep.Follow(cctx, rt.JS, prefix, "test-directory", log); err != nil {
			t.Fatal(err)
		}
		mk(dr, "Rina Siregar", "DINKES", "")
		mk(nurse, "Siti Aminah", "DINKES", dr)
		waitFor(t, "new employee", func() bool { _, err := rep.Employee(ctx, nurse); return err == nil })

		// A CPNS arrives as "cpns" (the enum's name, as attendance reads "pppk"), and as "pns"
		// once appointed a civil servant.
		if _, err := client.CreateEmployee(hr, &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{
			Nip: candidate, FullName: "Rizky Harahap", EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS, Rank: "III/a", Agency: "DINKES", Supervisor: dr}}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "new CPNS", func() bool { e, _ := rep.Employee(ctx, candidate); return e.EmploymentType == "cpns" })
		if e, _ := rep.Employee(ctx, candidate); e.AppointmentDate != "2025-06-01" || e.Rank != "III/a" {
			t.Errorf("CPNS in the copy = %+v; want appointed 2025-06-01 (TMT CPNS), rank III/a", e)
		}
		if _, err := client.UpdateEmployee(hr, &planningv1.UpdateEmployeeRequest{
			Employee:   &planningv1.Employee{Name: "employees/" + candidate, EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"employment_type"}}}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "appointment as PNS", func() bool { e, _ := rep.Employee(ctx, candidate); return e.EmploymentType == "pns" })

		start := time.Now()
		if _, err := client.TransferEmployee(hr, &planningv1.TransferEmployeeRequest{Name: "employees/" + staff, Agency: "DINKES", Supervisor: dr, EffectiveDate: "2027-01-04"}); err != nil {
			t.Fatal(err)
		}
		// Dated ahead: the new supervisor at once, the new agency from 2027-01-04 (issue 8 item 5).
		waitFor(t, "transfer", func() bool {
			e, _ := rep.EmployeeOn(ctx, staff, "2027-01-04")
			return e.Agency == "DINKES" && e.Supervisor == dr
		})
		if e, _ := rep.Employee(ctx, staff); e.Agency != "DISKOMINFO" {
			t.Errorf("today the copy says %s; the transfer is dated 2027-01-04", e.Agency)
		}
		lag := time.Since(start)
		t.Logf("transfer visible in the copy %s after the call returned", lag)
		if lag > time.Second {
			t.Errorf("transfer took %s to reach the copy; the target is under a second", lag)
		}
		if under, _ := rep.IsUnder(ctx, dr, staff); !under {
			t.Error("the new supervisor does not see the transferred employee as a subordinate")
		}
		if under, _ := rep.IsUnder(ctx, head, staff); under {
			t.Error("the old supervisor still sees the transferred employee")
		}
		if _, err := client.RetireEmployee(hr, &planningv1.RetireEmployeeRequest{Name: "employees/" + head, EffectiveDate: "2027-02-01"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "retirement", func() bool { e, _ := rep.Employee(ctx, head); return e.Status == "retired" })

		// A late or repeated event never rolls the copy back.
		current, _ := rep.Employee(ctx, staff)
		old, _ := proto.Marshal(&planningv1.EmployeeUpdated{Employee: &planningv1.Employee{Nip: staff, Agency: "DISKOMINFO", Supervisor: head, Etag: "v1", Status: planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE}})
		if err := db.InTx(ctx, func(tx *database.Tx) error {
			return rep.Apply(ctx, tx, bus.Message{ID: "late", Type: "simpeg.planning.v1.EmployeeUpdated", Data: old})
		}); err != nil {
			t.Fatal(err)
		}
		if again, _ := rep.Employee(ctx, staff); again != current {
			t.Fatalf("a stale event changed the copy: %+v → %+v", current, again)
		}
		if n, _ := rep.Count(ctx); n != 5 {
			t.Errorf("copy holds %d employees, want 5", n)
		}
		if _, err := rep.Employee(ctx, "197001011995031001"); !errors.Is(err, directory.ErrNotFound) {
			t.Errorf("unknown employee: %v", err)
		}
	})
}

// running is planning started for a test of its directory's copies.
type running struct {
	rt              *service.Runtime
	natsURL, prefix string
	signer          *auth.Signer
	log             *slog.Logger
	client          planningv1.PlanningServiceClient
	hr              context.Context // city HR's calls
}

// startPlanning runs planning on engine with its own NATS prefix, stopped when the test ends.
func startPlanning(t *testing.T, engine testenv.Engine) running {
	t.Helper()
	p := running{natsURL: testenv.NATS(t), log: slog.New(slog.DiscardHandler)}
	p.prefix = testenv.Prefix(t, p.natsURL)
	keyFile, signer := testenv.Keys(t, "simpeg-test", "simpeg")
	p.signer = signer
	rt, err := planning.Start(context.Background(), planningConfig(testenv.DatabaseURL(t, engine), p.natsURL, p.prefix, "127.0.0.1:0", keyFile), p.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Shutdown(context.Background()) })
	p.rt = rt
	conn, err := grpc.NewClient(rt.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p.client = planningv1.NewPlanningServiceClient(conn)
	p.hr = metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+testenv.Token(t, signer,
		auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}}))
	return p
}

// planningConfig is the configuration of a planning service for a test.
func planningConfig(databaseURL, natsURL, prefix, grpcAddr, keyFile string) planning.Config {
	var c planning.Config
	if err := config.Load("planning", &c, nil); err != nil { // the defaults of every setting
		panic(err)
	}
	c.DatabaseURL, c.NATSURL, c.NATSPrefix, c.NATSReplicas = databaseURL, natsURL, prefix, 1
	c.GRPCAddr, c.MetricsAddr, c.LogLevel, c.ShutdownTimeout = grpcAddr, "", "error", 5*time.Second
	c.Auth = auth.Config{Issuer: "simpeg-test", Audience: "simpeg", KeyFile: keyFile}
	return c
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen in 15 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
