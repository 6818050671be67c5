package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
)

// TestCheckInBurst sends 200 check-ins at once through the use case, as the morning rush does,
// so that they share transactions (group commit): three employees, and 20 of the check-ins
// uploaded twice at the same moment with other content. Every check-in is stored once, with
// one event carrying its own request's trace context and one audit record naming its own
// request; both uploads of a client id get the same answer, the one stored.
func TestCheckInBurst(t *testing.T) {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newRecordSuite(t, engine)
		day := wib("2026-12-02", 7, 0, 0)
		s.clock.stepping(day.Add(45*time.Minute), time.Microsecond)
		employees := []string{recHead, recStaff, recColleague}
		const callers, twice = 200, 20

		type call struct {
			nip, clientID, request, traceparent string
			in                                  domain.CheckIn
			got                                 app.Record
			err                                 error
		}
		calls := make([]*call, callers)
		for i := range calls {
			c := &call{nip: employees[i%len(employees)], clientID: fmt.Sprintf("burst-%04d", i), request: fmt.Sprintf("req-%04d", i)}
			if i >= callers-twice {
				// The same upload as call i-twice (same employee, same client id), a second later.
				c.nip, c.clientID = calls[i-twice].nip, calls[i-twice].clientID
			}
			c.in = domain.CheckIn{ClientID: c.clientID, Kind: domain.CheckKindIn, DeviceTime: day.Add(time.Duration(20*60+i) * time.Second),
				Lat: kominfoHQ.Lat, Lon: kominfoHQ.Lon, AccuracyMeters: 10 + float64(i%20), DeviceID: "android-" + c.request}
			calls[i] = c
		}
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
		)
		for _, c := range calls {
			ctx := employee(c.nip, "DISKOMINFO")
			ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("x-request-id", c.request))
			ctx, span := tp.Tracer("burst").Start(ctx, "RecordAttendance")
			c.traceparent = fmt.Sprintf("00-%s-%s-01", span.SpanContext().TraceID(), span.SpanContext().SpanID())
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer span.End()
				<-start
				c.got, c.err = s.app.RecordAttendance(ctx, c.in, kominfoHQ.ID)
			}()
		}
		close(start)
		wg.Wait()

		winner := map[string]*call{} // client id -> the call whose upload was stored
		for _, c := range calls {
			if c.err != nil {
				t.Fatalf("%s: %v", c.request, c.err)
			}
			if c.got.Result.Outcome != domain.OutcomeOnTime || c.got.Employee != c.nip || c.got.In.ClientID != c.clientID {
				t.Fatalf("%s answered %+v", c.request, c.got)
			}
			if c.got.In.DeviceTime.Equal(c.in.DeviceTime) {
				if w := winner[c.clientID]; w != nil {
					t.Fatalf("%s and %s were both stored", w.request, c.request)
				}
				winner[c.clientID] = c
			}
		}
		for i := callers - twice; i < callers; i++ {
			a, b := calls[i-twice], calls[i]
			if !reflect.DeepEqual(a.got, b.got) {
				t.Errorf("the two uploads of %s answered differently:\n%+v\n%+v", a.clientID, a.got, b.got)
			}
		}
		if len(winner) != callers-twice {
			t.Fatalf("%d client ids stored, want %d", len(winner), callers-twice)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM attendance_records WHERE client_id LIKE 'burst-%'`); n != callers-twice {
			t.Fatalf("%d rows, want %d", n, callers-twice)
		}

		// One event per stored check-in, with its own request's trace.
		rows, err := s.db.QueryContext(context.Background(), `SELECT payload, headers FROM outbox WHERE subject = $1`, events.SubjectCheckedIn)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for rows.Next() {
			var payload []byte
			var headers string
			if err := rows.Scan(&payload, &headers); err != nil {
				t.Fatal(err)
			}
			var ev attendancev1.CheckedIn
			if err := proto.Unmarshal(payload, &ev); err != nil {
				t.Fatal(err)
			}
			id := ev.GetRecord().GetClientId()
			w := winner[id]
			if w == nil {
				continue // an earlier subtest's check-in
			}
			if seen[id] {
				t.Errorf("two events for %s", id)
			}
			seen[id] = true
			var h map[string]string
			if err := json.Unmarshal([]byte(headers), &h); err != nil {
				t.Fatal(err)
			}
			if h["traceparent"] != w.traceparent {
				t.Errorf("the event of %s has traceparent %q, want its request's %q", id, h["traceparent"], w.traceparent)
			}
			if ev.GetRecord().GetDeviceId() != w.in.DeviceID {
				t.Errorf("the event of %s carries device %q, want %q", id, ev.GetRecord().GetDeviceId(), w.in.DeviceID)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if len(seen) != len(winner) {
			t.Fatalf("%d check-ins have an event, want %d", len(seen), len(winner))
		}

		// One audit record per stored check-in, naming its own request and caller.
		for id, w := range winner {
			var actor, request, traceID string
			var n int
			err := s.db.QueryRowContext(context.Background(), `SELECT COUNT(*), MIN(actor), MIN(request_id), MIN(trace_id) FROM audit_records WHERE resource = $1`,
				app.RecordName(w.nip, id)).Scan(&n, &actor, &request, &traceID)
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || actor != w.nip || request != w.request || "00-"+traceID+"-" != w.traceparent[:len(traceID)+4] {
				t.Errorf("%s: %d audit records by %s for %s in trace %s; want one by %s for %s in %s", id, n, actor, request, traceID, w.nip, w.request, w.traceparent)
			}
		}
	})
}
