package positions

import (
	"context"
	"log/slog"
	"maps"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning"
)

// planningAddr is where the test's planning service listens (this package's port range).
const planningAddr = "127.0.0.1:18501"

// TestStandards runs against a real planning service in process: a position with levelled
// standards, one given by names only (planning's older callers), one planning does not know;
// the answers are kept for the TTL, then read again, and kept answers still serve while
// planning is down.
func TestStandards(t *testing.T) {
	ctx := context.Background()
	natsURL := testenv.NATS(t)
	keyFile, signer := testenv.Keys(t, "simpeg-test", "simpeg")
	var cfg planning.Config
	if err := config.Load("planning", &cfg, nil); err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL, cfg.NATSURL, cfg.NATSPrefix, cfg.NATSReplicas = testenv.DatabaseURL(t, testenv.SQLite), natsURL, testenv.Prefix(t, natsURL), 1
	cfg.GRPCAddr, cfg.MetricsAddr, cfg.LogLevel, cfg.ShutdownTimeout = planningAddr, "", "error", 5*time.Second
	cfg.Auth = auth.Config{Issuer: "simpeg-test", Audience: "simpeg", KeyFile: keyFile}
	rt, err := planning.Start(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = rt.Shutdown(context.Background())
		}
	})

	// Training calls planning as a service client with planning.read; HR sets the positions up.
	service := testenv.Token(t, signer, auth.Principal{Subject: "training", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}})
	conn, err := grpc.NewClient(planningAddr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			if _, ok := metadata.FromOutgoingContext(ctx); !ok {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+service)
			}
			return invoker(ctx, method, req, reply, cc, opts...)
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client := planningv1.NewPlanningServiceClient(conn)
	hr := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}}))
	if _, err := client.CreateAgency(hr, &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: "DISKOMINFO", DisplayName: "Dinas Kominfo", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS}}); err != nil {
		t.Fatal(err)
	}
	position := func(id string, p *planningv1.Position) {
		t.Helper()
		p.Title, p.Kind, p.Class, p.Agency = "Jabatan "+id, planningv1.PositionKind_POSITION_KIND_FUNCTIONAL, 8, "DISKOMINFO"
		if _, err := client.CreatePosition(hr, &planningv1.CreatePositionRequest{PositionId: id, Position: p}); err != nil {
			t.Fatalf("creating position %s: %v", id, err)
		}
	}
	position("pranata-komputer", &planningv1.Position{CompetencyStandards: []*planningv1.CompetencyStandard{
		{Competency: "technical:network-administration", Level: 3}, {Competency: "socio-cultural:public-service", Level: 2}}})
	position("analis-data", &planningv1.Position{RequiredCompetencies: []string{"technical:data-analysis"}})

	c := New(client, time.Minute)
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return clock }
	check := func(name, id string, want map[string]int) {
		t.Helper()
		got, err := c.Standards(ctx, id)
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("%s: standards of %s = %v, %v; want %v", name, id, got, err, want)
		}
	}
	tests := []struct {
		name, id string
		want     map[string]int
	}{
		{"levelled standards", "pranata-komputer", map[string]int{"technical:network-administration": 3, "socio-cultural:public-service": 2}},
		{"names only: level 0", "analis-data", map[string]int{"technical:data-analysis": 0}},
		{"a position planning does not know", "nope", map[string]int{}},
	}
	for _, tt := range tests {
		check(tt.name, tt.id, tt.want)
	}

	// Planning raises a level; the kept answer serves until the TTL ends.
	if _, err := client.UpdatePosition(hr, &planningv1.UpdatePositionRequest{
		Position: &planningv1.Position{Name: "positions/pranata-komputer", CompetencyStandards: []*planningv1.CompetencyStandard{
			{Competency: "technical:network-administration", Level: 4}}},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"competency_standards"}}}); err != nil {
		t.Fatal(err)
	}
	check("kept for the TTL", "pranata-komputer", tests[0].want)
	clock = clock.Add(time.Minute)
	check("read again after the TTL", "pranata-komputer", map[string]int{"technical:network-administration": 4})

	// Planning goes down: a kept answer still serves, a new question is Unavailable.
	if err := rt.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	stopped = true
	check("kept while planning is down", "pranata-komputer", map[string]int{"technical:network-administration": 4})
	clock = clock.Add(time.Minute)
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := c.Standards(tctx, "pranata-komputer"); !errs.IsKind(err, errs.Unavailable) {
		t.Errorf("planning down, TTL over: %v, want Unavailable", err)
	}
}
