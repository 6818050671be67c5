package directory_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// TestReconcile: a copy that lost a record, or holds an older version, is healed by one pass
// that writes only what differs; a pass over a copy in step writes nothing; Keep runs the pass
// every ReconcileInterval without any event.
func TestReconcile(t *testing.T) {
	ctx := context.Background()
	natsURL := testenv.NATS(t)
	keyFile, signer := testenv.Keys(t, "simpeg-test", "simpeg")
	addr := freeAddr(t)
	rt, err := planning.Start(ctx, planningConfig(testenv.DatabaseURL(t, testenv.SQLite), natsURL, testenv.Prefix(t, natsURL), addr, keyFile), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Shutdown(context.Background()) })
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client := planningv1.NewPlanningServiceClient(conn)
	hr := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}}))
	if _, err := client.CreateAgency(hr, &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: "DISKOMINFO", DisplayName: "Dinas Kominfo", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS}}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{head, staff, nurse} {
		if _, err := client.CreateEmployee(hr, &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{
			Nip: n, FullName: "Pegawai " + n[:8], EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/c", Agency: "DISKOMINFO"}}); err != nil {
			t.Fatal(err)
		}
	}
	db := testenv.OpenDB(t, testenv.Engines(t)[0])
	if err := db.Migrate(ctx, "directory", directory.Migrations()); err != nil {
		t.Fatal(err)
	}
	rep := directory.New(db)
	svc := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+testenv.Token(t, signer, auth.Principal{Subject: "attendance", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}}))
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		name     string
		diverge  func()
		changed  int
		checkNIP string
	}{
		{"empty copy", func() {}, 4, nurse},
		{"in step", func() {}, 0, ""},
		{"lost one, older one", func() {
			exec(`DELETE FROM directory_employees WHERE nip = $1`, nurse)
			exec(`UPDATE directory_employees SET version = 0, status = 'retired' WHERE nip = $1`, staff)
		}, 2, staff},
		{"newer copy is kept", func() { exec(`UPDATE directory_employees SET version = 99 WHERE nip = $1`, head) }, 0, ""},
	} {
		step.diverge()
		res, err := rep.Reconcile(svc, client)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if res.Changed != step.changed || res.Employees != 3 || res.Agencies != 1 {
			t.Fatalf("%s: %+v, want %d changed of 1 agency and 3 employees", step.name, res, step.changed)
		}
		if step.checkNIP != "" {
			if e, err := rep.Employee(ctx, step.checkNIP); err != nil || !e.Active() {
				t.Fatalf("%s: %s = %+v, %v after the pass", step.name, step.checkNIP, e, err)
			}
		}
	}

	// Keep heals a lost record by itself, with no event to carry it.
	exec(`DELETE FROM directory_employees WHERE nip = $1`, nurse)
	kctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	if _, err := rep.Keep(kctx, directory.KeepOptions{JS: jetStream(t, natsURL), Prefix: "none-" + testenv.Prefix(t, natsURL), Durable: "reconcile-test",
		Planning: client, Log: slog.New(slog.DiscardHandler), ReconcileInterval: 200 * time.Millisecond,
		Token: testenv.Token(t, signer, auth.Principal{Subject: "attendance", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}})}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the periodic reconciliation", func() bool { _, err := rep.Employee(ctx, nurse); return err == nil })
}
