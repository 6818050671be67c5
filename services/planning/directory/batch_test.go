package directory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// TestFollowBurst: a copy that starts after planning registered 1,500 employees applies the
// waiting events in batches (ConsumerSpec.Optimistic: no savepoint per event). An undecodable
// event among them fails its batch, which is applied again event by event: every employee
// arrives once with their agency, supervisor and assignment period, and the bad event changes
// nothing.
func TestFollowBurst(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		p := startPlanning(t, engine)
		natsURL, prefix, log, rt, client, hr := p.natsURL, p.prefix, p.log, p.rt, p.client, p.hr
		if _, err := client.CreateAgency(hr, &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{
			Code: "DISDIK", DisplayName: "Dinas Pendidikan", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS}}); err != nil {
			t.Fatal(err)
		}
		const n = 1500
		nips := make([]string, n)
		register := func(lo, hi int) {
			t.Helper()
			var reqs []*planningv1.CreateEmployeeRequest
			for i := lo; i < hi; i++ {
				nips[i] = nip.Format(time.Date(1970+i%20, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), 2010, time.March, nip.Female, 1+i/240)
				sup := ""
				if i > 0 {
					sup = nips[0]
				}
				reqs = append(reqs, &planningv1.CreateEmployeeRequest{Employee: &planningv1.Employee{Nip: nips[i], FullName: fmt.Sprintf("Guru %d", i),
					EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Rank: "III/a", Agency: "DISDIK", Supervisor: sup}})
			}
			resp, err := client.BatchCreateEmployees(hr, &planningv1.BatchCreateEmployeesRequest{Requests: reqs})
			if err != nil || len(resp.GetErrors()) > 0 {
				t.Fatalf("registering rows %d-%d: %v; %d rows refused, first %v", lo, hi-1, err, len(resp.GetErrors()), resp.GetErrors()[:min(1, len(resp.GetErrors()))])
			}
		}
		register(0, 1000)
		// An event planning's relay would never publish: its payload does not decode.
		js := jetStream(t, natsURL)
		waitFor(t, "planning's stream", func() bool { _, err := js.Stream(ctx, outbox.StreamName(prefix, "planning")); return err == nil })
		bad := &nats.Msg{Subject: prefix + "simpeg.planning.employee.updated", Data: []byte("\xff\xff not a protobuf"), Header: nats.Header{}}
		bad.Header.Set(outbox.HeaderEventType, "simpeg.planning.v1.EmployeeUpdated")
		bad.Header.Set(jetstream.MsgIDHeader, "undecodable-event")
		if _, err := js.PublishMsg(ctx, bad); err != nil {
			t.Fatal(err)
		}
		register(1000, n)
		waitFor(t, "planning's relay", func() bool {
			info, err := js.Stream(ctx, outbox.StreamName(prefix, "planning"))
			return err == nil && info.CachedInfo().State.Msgs >= n+2
		})

		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "directory", directory.Migrations()); err != nil {
			t.Fatal(err)
		}
		rep := directory.New(db)
		cctx, cancel := context.WithCancel(ctx)
		t.Cleanup(cancel)
		start := time.Now()
		if _, err := rep.Follow(cctx, rt.JS, prefix, "burst-directory", log); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "every employee in the copy", func() bool { c, _ := rep.Count(ctx); return c == n })
		t.Logf("%s: %d employees applied in %s", engine, n, time.Since(start).Round(time.Millisecond))
		for _, i := range []int{0, 1, 999, 1000, n - 1} {
			e, err := rep.Employee(ctx, nips[i])
			wantSup := nips[0]
			if i == 0 {
				wantSup = ""
			}
			if err != nil || e.Agency != "DISDIK" || e.Supervisor != wantSup || e.DisplayName == "" || e.Version != 1 || !e.Active() {
				t.Errorf("employee %d in the copy = %+v, %v", i, e, err)
			}
		}
		var periods, processed int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM directory_assignments`).Scan(&periods); err != nil || periods != n {
			t.Errorf("%d assignment periods, %v; want one per employee (%d)", periods, err, n)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM processed_events WHERE consumer = 'burst-directory' AND event_id = 'undecodable-event'`).Scan(&processed); err != nil || processed != 0 {
			t.Errorf("the undecodable event recorded as processed %d times, %v", processed, err)
		}
	})
}
