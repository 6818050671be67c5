package performance_test

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
	"github.com/simpeg-id/simpeg/services/training/internal/performance"
	"github.com/simpeg-id/simpeg/services/training/internal/store"
)

// The fixture: DISKOMINFO's head and two of their staff.
const (
	head   = "197001011995031001"
	staff1 = "199001012015031003"
	staff2 = "199202022016032004"
)

func people() []*planningv1.Employee {
	pns := planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS
	return []*planningv1.Employee{
		{Nip: head, FullName: "Kepala Dinas Kominfo", EmploymentType: pns, Rank: "IV/c", Agency: "DISKOMINFO"},
		{Nip: staff1, FullName: "Andi Pranata", EmploymentType: pns, Rank: "III/c", Agency: "DISKOMINFO", Supervisor: head},
		{Nip: staff2, FullName: "Siti Aminah", EmploymentType: pns, Rank: "III/c", Agency: "DISKOMINFO", Supervisor: head},
	}
}

var cityHR = testenv.As(context.Background(), auth.RoleCityHR, "", "bkpsdm-admin")

// rating is evaluation's annual rating of employee for 2025 with predicate, finalised at
// finalised and, when decided is not zero, its objection decided then.
func rating(employee string, predicate evaluationv1.Predicate, finalised, decided time.Time) *evaluationv1.AnnualRating {
	r := &evaluationv1.AnnualRating{
		Name: "skps/skp-" + employee + "/annualRating", Employee: employee, Year: 2025, Agency: "DISKOMINFO",
		Rating:       &evaluationv1.Rating{Predicate: predicate},
		FinaliseTime: timestamppb.New(finalised),
	}
	if !decided.IsZero() {
		r.Objection = &evaluationv1.Objection{Reason: "keberatan", Changed: true, DecideTime: timestamppb.New(decided)}
	}
	return r
}

// fixture is training's database with its directory copy and the consumer's use cases, and the
// JetStream of one NATS setup with this test's own prefix.
type fixture struct {
	db     *database.DB
	app    *app.App
	st     *store.Store
	js     jetstream.JetStream
	prefix string
}

func newFixture(t *testing.T, engine testenv.Engine, natsURL string) fixture {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "training", store.Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	dir := directorytest.Seed(t, db, people()...)
	st := store.New(db, outbox.New(), events.Encode)
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{db: db, app: app.New(st, app.Options{Directory: dir, Policy: domain.DefaultPolicy()}), st: st, js: js,
		prefix: testenv.Prefix(t, natsURL)}
}

func (f fixture) options() performance.Options {
	return performance.Options{JS: f.js, Prefix: f.prefix, DB: f.db, Log: slog.New(slog.DiscardHandler),
		Within: func(tx *database.Tx) performance.Recorder { return f.app.Within(f.st.Within(tx)) }}
}

// createStream makes evaluation's stream as its outbox would, with a one-second duplicate
// window so that a test can deliver the same event id twice.
func (f fixture) createStream(t *testing.T) {
	t.Helper()
	_, err := f.js.CreateOrUpdateStream(context.Background(), jetstream.StreamConfig{
		Name: outbox.StreamName(f.prefix, "evaluation"), Subjects: []string{f.prefix + "simpeg.evaluation.>"},
		Storage: jetstream.FileStorage, Duplicates: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// publish publishes e on subject with the event id and type headers of evaluation's outbox.
func (f fixture) publish(t *testing.T, subject, id string, e proto.Message) {
	t.Helper()
	data, err := proto.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg(f.prefix + subject)
	m.Header.Set(jetstream.MsgIDHeader, id)
	m.Header.Set(outbox.HeaderEventType, string(proto.MessageName(e)))
	m.Data = data
	ack, err := f.js.PublishMsg(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Duplicate {
		t.Fatalf("event %s was dropped by JetStream as a duplicate", id)
	}
}

// gaps returns the performance gaps of nip's competency profile, "year:predicate:source".
func (f fixture) gaps(t *testing.T, nip string) []string {
	t.Helper()
	p, err := f.app.GetCompetencyProfile(cityHR, nip)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range p.Performance {
		out = append(out, strings.Join([]string{strconv.Itoa(r.Year), string(r.Predicate), r.Source}, ":"))
	}
	return out
}

// count returns the single number query answers.
func (f fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// settled waits until the consumer has processed n events.
func (f fixture) settled(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for f.count(t, `SELECT COUNT(*) FROM processed_events WHERE consumer = $1`, performance.Durable) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the consumer processed %d events in 15 s, want %d", f.count(t, `SELECT COUNT(*) FROM processed_events WHERE consumer = $1`, performance.Durable), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// natsSetups are the NATS servers the consumer is tested on: the one of SIMPEG_TEST_NATS_URL
// (the real server, as in production) when set, and always one embedded in the test process
// (the all-in-one binary's).
func natsSetups(t *testing.T) map[string]string {
	setups := map[string]string{"embedded": testenv.EmbeddedNATS(t, "127.0.0.1:0", t.TempDir()).URL()}
	if u := os.Getenv("SIMPEG_TEST_NATS_URL"); u != "" {
		setups["server"] = testenv.NATS(t)
	}
	return setups
}

// TestConsumer: started before evaluation's stream exists (the all-in-one binary starts
// training first), the consumer attaches once it does; a finalised Kurang shows as a
// performance gap in the competency profile; the same event again changes nothing; a decided
// objection changing it to Baik removes the gap; an older rating arriving late changes nothing;
// another employee's Sangat Kurang is theirs alone.
func TestConsumer(t *testing.T) {
	for name, url := range natsSetups(t) {
		t.Run(name, func(t *testing.T) {
			testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
				f := newFixture(t, engine, url)
				ctx, cancel := context.WithCancel(context.Background())
				t.Cleanup(cancel)
				done, err := performance.Keep(ctx, f.options())
				if err != nil {
					t.Fatalf("Keep without evaluation's stream: %v, want it to wait", err)
				}
				select {
				case <-done:
					t.Fatal("Keep says it follows a stream that does not exist")
				default:
				}
				f.createStream(t)
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("the consumer did not attach within 10 s of the stream's creation")
				}

				t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
				f.publish(t, performance.FinalisedSubject, "ev-1", &evaluationv1.AnnualRatingFinalised{
					AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_KURANG, t0, time.Time{})})
				f.settled(t, 1)
				if got, want := f.gaps(t, staff1), []string{"2025:kurang:ev-1"}; !equal(got, want) {
					t.Fatalf("after a finalised Kurang the gaps are %v, want %v", got, want)
				}
				audits := f.count(t, `SELECT COUNT(*) FROM audit_records`)

				// The same event again, past JetStream's duplicate window: processed once.
				time.Sleep(1100 * time.Millisecond)
				f.publish(t, performance.FinalisedSubject, "ev-1", &evaluationv1.AnnualRatingFinalised{
					AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_KURANG, t0, time.Time{})})
				// A marker event after it: once it is processed, so is the duplicate.
				f.publish(t, performance.FinalisedSubject, "ev-2", &evaluationv1.AnnualRatingFinalised{
					AnnualRating: rating(staff2, evaluationv1.Predicate_PREDICATE_SANGAT_KURANG, t0, time.Time{})})
				f.settled(t, 2)
				if got, want := f.gaps(t, staff1), []string{"2025:kurang:ev-1"}; !equal(got, want) {
					t.Errorf("after the same event twice the gaps are %v, want %v", got, want)
				}
				if got := f.count(t, `SELECT COUNT(*) FROM audit_records`); got != audits+1 {
					t.Errorf("%d audit records after the duplicate and staff2's rating, want %d (staff2's only)", got, audits+1)
				}
				if got, want := f.gaps(t, staff2), []string{"2025:sangat_kurang:ev-2"}; !equal(got, want) {
					t.Errorf("staff2's gaps %v, want %v", got, want)
				}

				// Evaluation's other events are skipped: an objection filed is no final rating.
				f.publish(t, "simpeg.evaluation.objection.filed", "ev-filed", &evaluationv1.ObjectionFiled{
					AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_SANGAT_KURANG, t0, time.Time{})})
				f.settled(t, 3)
				if got, want := f.gaps(t, staff1), []string{"2025:kurang:ev-1"}; !equal(got, want) {
					t.Errorf("after an objection was filed the gaps are %v, want %v", got, want)
				}

				// The objection decided: Baik, no gap.
				f.publish(t, performance.DecidedSubject, "ev-3", &evaluationv1.ObjectionDecided{
					AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_BAIK, t0, t0.Add(20*24*time.Hour))})
				f.settled(t, 4)
				if got := f.gaps(t, staff1); len(got) != 0 {
					t.Errorf("after the objection decided Baik the gaps are %v, want none", got)
				}
				// A finalisation older than the decision, arriving late: the decision stands.
				f.publish(t, performance.FinalisedSubject, "ev-0", &evaluationv1.AnnualRatingFinalised{
					AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_SANGAT_KURANG, t0.Add(-time.Hour), time.Time{})})
				f.settled(t, 5)
				if got := f.gaps(t, staff1); len(got) != 0 {
					t.Errorf("after an older rating arrived late the gaps are %v, want none", got)
				}
				var held string
				if err := f.db.QueryRowContext(context.Background(), `SELECT predicate FROM performance_gaps WHERE employee = $1 AND year = 2025`, staff1).Scan(&held); err != nil {
					t.Fatalf("reading the kept rating: %v", err)
				}
				if held != "baik" {
					t.Errorf("kept %q for staff1's 2025, want baik", held)
				}
			})
		})
	}
}

// TestKeepOptions: options lacking what the consumer needs are refused at once.
func TestKeepOptions(t *testing.T) {
	for _, o := range []performance.Options{{}, {Prefix: "x."}} {
		if _, err := performance.Keep(context.Background(), o); err != performance.ErrOptions {
			t.Errorf("Keep(%+v): %v, want ErrOptions", o, err)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestDecode reads the final rating of each event that carries one, and refuses, naming the
// event, what training cannot keep.
func TestDecode(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	t1 := t0.Add(20 * 24 * time.Hour)
	msg := func(subject, typ string, e proto.Message) bus.Message {
		data, err := proto.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return bus.Message{ID: "ev-9", Subject: "p1." + subject, Type: typ, Data: data}
	}
	finalised := func(r *evaluationv1.AnnualRating) bus.Message {
		return msg(performance.FinalisedSubject, "simpeg.evaluation.v1.AnnualRatingFinalised", &evaluationv1.AnnualRatingFinalised{AnnualRating: r})
	}
	noEmployee := rating(staff1, evaluationv1.Predicate_PREDICATE_KURANG, t0, time.Time{})
	noEmployee.Employee = ""
	noTime := rating(staff1, evaluationv1.Predicate_PREDICATE_KURANG, t0, time.Time{})
	noTime.FinaliseTime = nil
	for _, tt := range []struct {
		name string
		m    bus.Message
		want domain.Performance
		err  string
	}{
		{"finalised Kurang", finalised(rating(staff1, evaluationv1.Predicate_PREDICATE_KURANG, t0, time.Time{})),
			domain.Performance{Employee: staff1, Year: 2025, Predicate: domain.Kurang, Source: "ev-9", Evaluated: t0}, ""},
		{"finalised Sangat Baik", finalised(rating(staff2, evaluationv1.Predicate_PREDICATE_SANGAT_BAIK, t0, time.Time{})),
			domain.Performance{Employee: staff2, Year: 2025, Predicate: domain.SangatBaik, Source: "ev-9", Evaluated: t0}, ""},
		{"objection decided Baik, at its decision", msg(performance.DecidedSubject, "simpeg.evaluation.v1.ObjectionDecided",
			&evaluationv1.ObjectionDecided{AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_BAIK, t0, t1)}),
			domain.Performance{Employee: staff1, Year: 2025, Predicate: domain.Baik, Source: "ev-9", Evaluated: t1}, ""},
		{"decided without a decision time", msg(performance.DecidedSubject, "",
			&evaluationv1.ObjectionDecided{AnnualRating: rating(staff1, evaluationv1.Predicate_PREDICATE_BAIK, t0, time.Time{})}),
			domain.Performance{}, "evaluated"},
		{"no predicate", finalised(rating(staff1, evaluationv1.Predicate_PREDICATE_UNSPECIFIED, t0, time.Time{})), domain.Performance{}, "PREDICATE_UNSPECIFIED"},
		{"no employee", finalised(noEmployee), domain.Performance{}, "employee"},
		{"no finalise time", finalised(noTime), domain.Performance{}, "evaluated"},
		{"another type under the subject", msg(performance.FinalisedSubject, "simpeg.evaluation.v1.ObjectionFiled", &evaluationv1.ObjectionFiled{}),
			domain.Performance{}, "is a simpeg.evaluation.v1.ObjectionFiled, want simpeg.evaluation.v1.AnnualRatingFinalised"},
		{"not protobuf", bus.Message{ID: "ev-9", Subject: "p1." + performance.FinalisedSubject, Data: []byte{0xff, 0xff}}, domain.Performance{}, "decoding event ev-9"},
		{"a subject without a rating", msg("simpeg.evaluation.feedback.given", "", &evaluationv1.AnnualRatingFinalised{}), domain.Performance{}, "carries no final rating"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := performance.Decode("p1.", tt.m)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "ev-9") {
					t.Errorf("Decode: %+v, %v; want an error naming the event and saying %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Decode: %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	for subject, want := range map[string]bool{"p1." + performance.FinalisedSubject: true, "p1." + performance.DecidedSubject: true,
		"p1.simpeg.evaluation.objection.filed": false, performance.FinalisedSubject: true, "p2." + performance.FinalisedSubject: false} {
		if got := performance.CarriesRating("p1.", subject); got != want {
			t.Errorf("CarriesRating(%q) = %v, want %v", subject, got, want)
		}
	}
}
