package directory_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// logs is a slog handler that keeps the messages with their attributes.
type logs struct {
	mu   sync.Mutex
	recs []logged
}

type logged struct{ msg, attrs string }

func (l *logs) Enabled(context.Context, slog.Level) bool { return true }
func (l *logs) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logs) WithGroup(string) slog.Handler            { return l }

func (l *logs) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	l.mu.Lock()
	l.recs = append(l.recs, logged{r.Message, b.String()})
	l.mu.Unlock()
	return nil
}

// has reports whether msg was logged with attributes containing each of attrs ("key=value").
func (l *logs) has(msg string, attrs ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.recs, func(r logged) bool {
		return r.msg == msg && !slices.ContainsFunc(attrs, func(a string) bool { return !strings.Contains(r.attrs, " "+a) })
	})
}

// freeAddr returns a loopback address nothing listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// jetStream connects to natsURL for t.
func jetStream(t *testing.T, natsURL string) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// TestKeep starts a service's copy before planning, on each engine: planning's stream does not
// exist and its API does not answer. Keep retries both; once planning is up, the copy is
// back-filled with what planning held (whose events the stream no longer has) and follows the
// events of what changes afterwards.
func TestKeep(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		natsURL := testenv.NATS(t)
		prefix := testenv.Prefix(t, natsURL)
		keyFile, signer := testenv.Keys(t, "simpeg-test", "simpeg")
		addr := freeAddr(t)
		cfg := planningConfig(testenv.DatabaseURL(t, engine), natsURL, prefix, addr, keyFile)
		hr := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}}))
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		client := planningv1.NewPlanningServiceClient(conn)
		mk := func(nip, agency, sup string) {
			t.Helper()
			_, err := client.CreateEmployee(hr, &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{
				Nip: nip, FullName: "Pegawai " + nip[:8], EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/c", Agency: agency, Supervisor: sup}})
			if err != nil {
				t.Fatalf("creating %s: %v", nip, err)
			}
		}

		// Planning's registry holds two agencies and two employees, but its stream is gone
		// (as after the stream's retention): only the back-fill can bring them.
		rt, err := planning.Start(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"DISKOMINFO", "DINKES"} {
			if _, err := client.CreateAgency(hr, &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: code, DisplayName: "Dinas " + code, Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS}}); err != nil {
				t.Fatal(err)
			}
		}
		mk(head, "DISKOMINFO", "")
		mk(staff, "DISKOMINFO", head)
		waitFor(t, "planning's outbox to drain", func() bool { n, err := outbox.Pending(ctx, rt.DB); return err == nil && n == 0 })
		if err := rt.JS.DeleteStream(ctx, rt.StreamName()); err != nil {
			t.Fatal(err)
		}
		if err := rt.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}

		// The service starts while planning is down.
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "directory", directory.Migrations()); err != nil {
			t.Fatal(err)
		}
		rep := directory.New(db)
		got := &logs{}
		kctx, cancel := context.WithCancel(ctx)
		t.Cleanup(cancel)
		done, err := rep.Keep(kctx, directory.KeepOptions{
			JS: jetStream(t, natsURL), Prefix: prefix, Durable: "test-directory", Planning: client, Log: slog.New(got),
			Token: testenv.Token(t, signer, auth.Principal{Subject: "attendance", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}}),
		})
		if err != nil {
			t.Fatal(err)
		}
		if !got.has("following planning's events; retrying in the background") {
			t.Fatalf("Keep returned without saying it could not follow yet: %+v", got.recs)
		}
		waitFor(t, "a failed back-fill", func() bool { return got.has("back-filling the directory; will retry") })

		// Planning comes back; its stream is provisioned again, empty.
		rt, err = planning.Start(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = rt.Shutdown(context.Background()) })
		waitFor(t, "the back-fill", func() bool { return got.has("directory back-filled from planning", "agencies=2", "employees=2") })
		if e, err := rep.Employee(ctx, staff); err != nil || e.Supervisor != head || !e.Active() {
			t.Fatalf("back-filled employee = %+v, %v", e, err)
		}
		waitFor(t, "following", func() bool { return got.has("following planning's events") })
		mk(nurse, "DINKES", "")
		waitFor(t, "the new employee's event", func() bool { _, err := rep.Employee(ctx, nurse); return err == nil })
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Keep's background work did not end once it followed and back-filled")
		}
	})
}

// TestKeepStops: while planning is unreachable, Keep retries until its context ends, and then
// stops at once.
func TestKeepStops(t *testing.T) {
	natsURL := testenv.NATS(t)
	db := testenv.OpenDB(t, testenv.SQLite)
	if err := db.Migrate(context.Background(), "directory", directory.Migrations()); err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient(freeAddr(t), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := &logs{}
	done, err := directory.New(db).Keep(ctx, directory.KeepOptions{
		JS: jetStream(t, natsURL), Prefix: testenv.Prefix(t, natsURL), Durable: "test-directory",
		Planning: planningv1.NewPlanningServiceClient(conn), Log: slog.New(got),
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a failed back-fill", func() bool { return got.has("back-filling the directory; will retry") })
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Keep did not stop when its context ended")
	}
}

func TestKeepOptions(t *testing.T) {
	db := testenv.OpenDB(t, testenv.SQLite)
	tests := []struct {
		name string
		o    directory.KeepOptions
	}{
		{"nothing", directory.KeepOptions{}},
		{"no durable", directory.KeepOptions{JS: jetStream(t, testenv.NATS(t)), Planning: planningv1.NewPlanningServiceClient(nil)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := directory.New(db).Keep(context.Background(), tt.o); !errors.Is(err, directory.ErrKeepOptions) {
				t.Errorf("Keep = %v, want ErrKeepOptions", err)
			}
		})
	}
}
