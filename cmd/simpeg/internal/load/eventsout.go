package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// The event run's table for people and the set-up of its callers (events.go runs it).

// WriteEventTable writes r as tables for people.
func WriteEventTable(w io.Writer, r EventResult) error {
	fmt.Fprintf(w, "stream %s, durable %s (acks %v), %d employees, %s, %d in flight at most\n",
		r.Stream, r.Durable, r.Acks, r.Employees, rateName(r.Rate), r.Concurrency)
	for _, p := range r.Phases {
		fmt.Fprintf(w, "\n%s: %.1f s, %d check-ins (%d ok, %.0f/s), check-in ms p50 %.1f p90 %.1f p99 %.1f max %.1f\n",
			p.Name, p.Seconds, p.Requests, p.OK, p.CheckInRate, p.CheckIn.P50, p.CheckIn.P90, p.CheckIn.P99, p.CheckIn.Max)
		if len(p.Errors) > 0 {
			fmt.Fprintf(w, "  errors: %v\n", p.Errors)
		}
		relay := "not read"
		if p.RelayRate >= 0 {
			relay = fmt.Sprintf("%.0f/s", p.RelayRate)
		}
		fmt.Fprintf(w, "  events received %d (%.0f/s); relay published %s\n", p.Received, p.EventRate, relay)
		for _, l := range []struct {
			name string
			p    Percentiles
		}{{"server time → consumer", p.CommitToConsumer}, {"server time → JetStream stored", p.CommitToStored},
			{"JetStream stored → consumer", p.StoredToConsumer}, {"answer at the caller → consumer", p.AnswerToConsumer}} {
			fmt.Fprintf(w, "  %-34s n %7d  p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f ms\n", l.name, l.p.N, l.p.P50, l.p.P90, l.p.P99, l.p.Max)
		}
		if p.Watched != nil {
			writeWatched(w, p.Watched)
		} else if p.Backlog > 0 || p.CatchUpSeconds > 0 {
			fmt.Fprintf(w, "  backlog at restart %d events; caught up after %.1f s at %.0f events/s\n", p.Backlog, p.CatchUpSeconds, p.CatchUpRate)
			c := p.CheckInWhileCatchingUp
			fmt.Fprintf(w, "  check-ins due while it caught up: n %d, ms p50 %.1f p90 %.1f p99 %.1f max %.1f\n", c.N, c.P50, c.P90, c.P99, c.Max)
		}
	}
	_, err := fmt.Fprintf(w, "\nacknowledged check-ins whose event never arrived: %d\n", r.Missing)
	return err
}

// prepareCallers does CheckIn's set-up for the event run: the active employees, known to
// attendance's directory copy, with an office of their agency and their own token, shuffled.
func prepareCallers(ctx context.Context, o EventOptions, logf func(string, ...any)) ([]caller, error) {
	admin, err := newAdmin(o.BaseURL, o.Signer, o.Concurrency)
	if err != nil {
		return nil, err
	}
	defer admin.client.CloseIdleConnections()
	emps, err := admin.employees(ctx, o.Employees)
	if err != nil {
		return nil, err
	}
	if err := admin.waitDirectory(ctx, emps, min(o.Concurrency, 64)); err != nil {
		return nil, err
	}
	offices, err := admin.offices(ctx, emps, o.OfficePerAgency)
	if err != nil {
		return nil, err
	}
	callers := make([]caller, 0, len(emps))
	for _, e := range emps {
		off, ok := offices[e.agency]
		if !ok {
			continue
		}
		tok, err := EmployeeToken(o.Signer, e.nip, e.agency, 12*time.Hour)
		if err != nil {
			return nil, err
		}
		callers = append(callers, caller{nip: e.nip, agency: e.agency, bearer: "Bearer " + tok,
			device: "android-" + e.nip[len(e.nip)-8:], lat: off.lat, lon: off.lon})
	}
	if len(callers) == 0 {
		return nil, errors.New("load: no employee can check in: no agency has an office (pass --office-per-agency)")
	}
	logf("%d employees ready, %d offices", len(callers), len(offices))
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(callers), func(i, j int) { callers[i], callers[j] = callers[j], callers[i] })
	return callers, nil
}
