package monitor_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// The fixture: DISKOMINFO with two PNS (andi, budi) and one PPPK (citra), DINKES with one PNS
// (dewi); plan wp-kominfo of DISKOMINFO for 2026 approved on 1 January 00:00 WIB with a JP-share
// target (80 % by 31 December) and an attendance-rate target (95 %).
const (
	andi  = "198501012010011001"
	budi  = "198602022011012002"
	citra = "199003032020122003"
	dewi  = "198704042012012004"
	plan  = "wp-kominfo"
)

var (
	wib      = time.FixedZone("WIB", 7*3600)
	approved = time.Date(2026, 1, 1, 0, 0, 0, 0, wib)
	yearSpan = 365 * 24 * time.Hour
)

// clock is the monitor's controlled time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

type fixture struct {
	db     *database.DB
	st     *store.Store
	clock  *clock
	js     jetstream.JetStream
	prefix string
	mon    *monitor.Monitor
}

func newFixture(t *testing.T, engine testenv.Engine, natsURL string, clients monitor.Clients) *fixture {
	t.Helper()
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	f := &fixture{db: db, st: store.New(db, outbox.New(), events.Encode), clock: &clock{t: approved}}
	f.exec(t, `INSERT INTO agencies (code, display_name, kind, parent, root, version, create_time, update_time) VALUES
		('DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'dinas', NULL, 'DISKOMINFO', 1, 0, 0),
		('DINKES', 'Dinas Kesehatan', 'dinas', NULL, 'DINKES', 1, 0, 0)`)
	for _, e := range []struct{ nip, kind, agency string }{{andi, "pns", "DISKOMINFO"}, {budi, "pns", "DISKOMINFO"}, {citra, "pppk", "DISKOMINFO"}, {dewi, "pns", "DINKES"}} {
		f.exec(t, `INSERT INTO employees (nip, id_kind, full_name, search_name, front_title, back_title, sex, birth_date, appointment_date,
			employment_type, rank, agency, unit, position, supervisor, status, version, create_time, update_time)
			VALUES ($1, 'nip', $1, $1, '', '', 'female', '1985-01-01', '2010-01-01', $2, 'III/a', $3, NULL, NULL, NULL, 'active', 1, 0, 0)`,
			e.nip, e.kind, e.agency)
	}
	due := domain.Date{Time: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	content := domain.PlanContent{Title: "Rencana kerja kepegawaian DISKOMINFO 2026",
		Goals: []domain.Goal{{Key: "competence", Title: "Kompetensi"}},
		Targets: []domain.Target{
			{Key: "jp", Goal: "competence", Title: "Every PNS earns 20 JP", Kind: domain.TargetJPShare, GoalValue: 80, Due: due},
			{Key: "attendance", Goal: "competence", Title: "Attendance rate 95 %", Kind: domain.TargetAttendanceRate, GoalValue: 95, Due: due},
		}}
	doc, err := json.Marshal(content)
	if err != nil {
		t.Fatal(err)
	}
	start := database.Micros(approved)
	f.exec(t, `INSERT INTO work_plans (id, agency, year, state, content, in_force, version, approved_version, comment, create_time, update_time, approve_time)
		VALUES ($1, 'DISKOMINFO', 2026, 'in_progress', $2, $2, 3, 3, '', $3, $3, $3)`, plan, string(doc), start)
	for _, tg := range content.Targets {
		f.exec(t, `INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes, start_time, active,
			baseline, value, expected, status, measure_time) VALUES ($1, $2, 'DISKOMINFO', 2026, $3, $4, '2026-12-31', '[]', $5, 1, 0, 0, 0, '', 0)`,
			plan, tg.Key, string(tg.Kind), tg.GoalValue, start)
	}
	if natsURL != "" {
		nc, err := nats.Connect(natsURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		if f.js, err = jetstream.New(nc); err != nil {
			t.Fatal(err)
		}
		f.prefix = testenv.Prefix(t, natsURL)
	}
	f.mon = monitor.New(monitor.Options{DB: db, Store: f.st, JS: f.js, Prefix: f.prefix, Clients: clients,
		Policy: domain.DefaultPolicy(), Log: slog.New(slog.DiscardHandler), Now: f.clock.now})
	return f
}

func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// target returns a target's stored value and status.
func (f *fixture) target(t *testing.T, key string) (float64, domain.TargetStatus) {
	t.Helper()
	var v float64
	var s string
	if err := f.db.QueryRowContext(context.Background(), `SELECT value, status FROM plan_targets WHERE plan_id = $1 AND target_key = $2`, plan, key).Scan(&v, &s); err != nil {
		t.Fatal(err)
	}
	return v, domain.TargetStatus(s)
}

// round measures once (all: every active target).
func (f *fixture) round(t *testing.T, all bool) {
	t.Helper()
	if _, err := f.mon.Round(context.Background(), all); err != nil {
		t.Fatalf("Round: %v", err)
	}
}

// emitted returns how many events on subject (without prefix) planning's outbox holds.
func (f *fixture) emitted(t *testing.T, subject string) int {
	t.Helper()
	return f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, subject)
}

// createStream makes service's stream as its outbox would, with a one-second duplicate window
// so that a test can deliver the same event id again after it.
func (f *fixture) createStream(t *testing.T, service string) {
	t.Helper()
	if _, err := f.js.CreateOrUpdateStream(context.Background(), jetstream.StreamConfig{
		Name: outbox.StreamName(f.prefix, service), Subjects: []string{f.prefix + "simpeg." + service + ".>"},
		Storage: jetstream.FileStorage, Duplicates: time.Second,
	}); err != nil {
		t.Fatal(err)
	}
}

// publish publishes e on subject with the event id and type headers of an outbox.
func (f *fixture) publish(t *testing.T, subject, id string, e proto.Message) {
	t.Helper()
	data, err := proto.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg(f.prefix + subject)
	m.Header.Set(jetstream.MsgIDHeader, id)
	m.Header.Set(outbox.HeaderEventType, string(proto.MessageName(e)))
	m.Data = data
	if _, err := f.js.PublishMsg(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

// settled waits until durable has processed n events.
func (f *fixture) settled(t *testing.T, durable string, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	q := `SELECT COUNT(*) FROM processed_events WHERE consumer = $1`
	for f.count(t, q, durable) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s processed %d events in 15 s, want %d", durable, f.count(t, q, durable), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
