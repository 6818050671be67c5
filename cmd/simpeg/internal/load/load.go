// Package load drives the morning rush against a running simpeg: many distinct employees
// checking in at once, each with their own token and a realistic body, through the REST gateway
// or over gRPC directly, and reports throughput, latency percentiles and errors.
//
// The set-up (listing employees, creating offices, minting one token per employee) happens
// before the clock starts; the timed loop only sends requests and records how long each took.
package load

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// Protocols the load is sent over.
const (
	REST = "rest"
	GRPC = "grpc"
)

// Options configure a check-in run.
type Options struct {
	// BaseURL is the gateway, e.g. "http://127.0.0.1:8080". The employees and offices are read
	// and created through it whatever the protocol.
	BaseURL string
	// GRPCAddr is the attendance service's gRPC address, for Protocol GRPC.
	GRPCAddr string
	// Protocol is REST or GRPC.
	Protocol string
	// Employees is how many distinct employees check in; 0 takes every active employee.
	Employees int
	// Concurrency is how many requests are in flight.
	Concurrency int
	// Duration bounds the run by time; Requests by count. One of them must be set; with both,
	// whichever comes first ends the run.
	Duration time.Duration
	Requests int
	// Warmup is sent before the measured run and not counted.
	Warmup time.Duration
	// OfficePerAgency creates an office for every agency that has none of the load's yet.
	OfficePerAgency bool
	// Signer signs the city-hr token of the set-up and the employees' tokens.
	Signer *auth.Signer
	// Log receives progress lines; nil is silent.
	Log io.Writer
	// Record, when set, receives one line "<nip>\t<client id>\n" per check-in the service
	// acknowledged (HTTP 200, gRPC OK), warm-up included, written after the run: what
	// VerifyCheckIns later looks for in the database, the stream and the consumer.
	Record io.Writer
}

// Result is what a run measured.
type Result struct {
	Protocol    string  `json:"protocol"`
	Employees   int     `json:"employees"`
	Offices     int     `json:"offices"`
	Concurrency int     `json:"concurrency"`
	Seconds     float64 `json:"seconds"`
	Requests    int64   `json:"requests"`
	OK          int64   `json:"ok"`
	// Throughput is successful check-ins per second.
	Throughput float64 `json:"throughputPerSecond"`
	// Latencies of all requests, in milliseconds.
	P50 float64 `json:"p50Ms"`
	P95 float64 `json:"p95Ms"`
	P99 float64 `json:"p99Ms"`
	Max float64 `json:"maxMs"`
	// Errors counts failed requests by HTTP status or gRPC code ("transport" when no answer came).
	Errors map[string]int64 `json:"errors"`
	// FirstError quotes one failure, to tell what went wrong.
	FirstError string `json:"firstError,omitempty"`
}

// caller is one employee ready to check in.
type caller struct {
	nip, agency string
	bearer      string // "Bearer <token>"
	device      string
	lat, lon    float64 // the office's position
}

// sender sends one check-in and reports the status class of a failure ("" on success).
type sender interface {
	send(ctx context.Context, c *caller, body checkIn) (failure string, err error)
	close()
}

// checkIn is the varying part of one request.
type checkIn struct {
	clientID string
	device   time.Time
	lat, lon float64
	accuracy float64
}

// CheckIn runs the check-in load and returns what it measured. Before the clock starts it
// lists the active employees through planning's API, waits until the attendance service's copy
// of the directory knows every one of them, finds (or, with OfficePerAgency, creates) an office
// for each agency and mints one token per employee. Then o.Concurrency workers send check-ins,
// employee after employee in a shuffled order: kind CHECK_IN, a client id unique to the
// request, the device time now, a position within 50 m of the agency's office with an accuracy
// of 10 to 30 m, the employee's device id, and no office named (the service takes the agency's
// nearest). Errors of the run itself are counted, not returned.
func CheckIn(ctx context.Context, o Options) (Result, error) {
	switch {
	case o.Protocol != REST && o.Protocol != GRPC:
		return Result{}, fmt.Errorf("load: protocol %q is neither %s nor %s", o.Protocol, REST, GRPC)
	case o.Concurrency < 1:
		return Result{}, fmt.Errorf("load: concurrency %d must be at least 1", o.Concurrency)
	case o.Duration <= 0 && o.Requests <= 0:
		return Result{}, errors.New("load: set a duration or a number of requests")
	case o.Employees < 0:
		return Result{}, fmt.Errorf("load: employees %d is negative", o.Employees)
	case o.Signer == nil:
		return Result{}, errors.New("load: a signer is required")
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	admin, err := newAdmin(o.BaseURL, o.Signer, o.Concurrency)
	if err != nil {
		return Result{}, err
	}
	defer admin.client.CloseIdleConnections()
	emps, err := admin.employees(ctx, o.Employees)
	if err != nil {
		return Result{}, err
	}
	waitStart := time.Now()
	if err := admin.waitDirectory(ctx, emps, o.Concurrency); err != nil {
		return Result{}, err
	}
	logf("%d employees in the attendance directory (checked in %s)", len(emps), time.Since(waitStart).Round(time.Millisecond))
	offices, err := admin.offices(ctx, emps, o.OfficePerAgency)
	if err != nil {
		return Result{}, err
	}
	callers := make([]caller, 0, len(emps))
	skipped := 0
	for _, e := range emps {
		off, ok := offices[e.agency]
		if !ok {
			skipped++
			continue
		}
		tok, err := EmployeeToken(o.Signer, e.nip, e.agency, 12*time.Hour)
		if err != nil {
			return Result{}, err
		}
		callers = append(callers, caller{nip: e.nip, agency: e.agency, bearer: "Bearer " + tok,
			device: "android-" + e.nip[len(e.nip)-8:], lat: off.lat, lon: off.lon})
	}
	if skipped > 0 {
		logf("%d employees skipped: their agency has no office (pass --office-per-agency to create one)", skipped)
	}
	if len(callers) == 0 {
		return Result{}, errors.New("load: no employee can check in: no agency has an office (pass --office-per-agency)")
	}
	// Shuffle so that consecutive requests come from different agencies, as a morning does.
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(callers), func(i, j int) { callers[i], callers[j] = callers[j], callers[i] })

	var s sender
	switch o.Protocol {
	case REST:
		s = newRESTSender(o.BaseURL, o.Concurrency)
	case GRPC:
		if s, err = newGRPCSender(o.GRPCAddr, runtime.NumCPU()); err != nil {
			return Result{}, err
		}
	}
	defer s.close()

	run := fmt.Sprintf("%08x", rand.Uint32())
	if o.Warmup > 0 {
		logf("warming up for %s", o.Warmup)
		wst := drive(ctx, s, callers, "w"+run, o.Concurrency, o.Warmup, 0, o.Record != nil)
		if err := writeAcked(o.Record, wst.acked); err != nil {
			return Result{}, err
		}
	}
	logf("%d employees, %d offices, %d in flight over %s", len(callers), len(offices), o.Concurrency, o.Protocol)
	st := drive(ctx, s, callers, "r"+run, o.Concurrency, o.Duration, o.Requests, o.Record != nil)
	if err := writeAcked(o.Record, st.acked); err != nil {
		return Result{}, err
	}
	res := st.result()
	res.Protocol, res.Employees, res.Offices, res.Concurrency = o.Protocol, len(callers), len(offices), o.Concurrency
	return res, ctx.Err()
}

// EmployeeToken returns a token s signs for the employee nip of agency, valid for ttl: role
// employee, the NIP as subject and the agency claim, what the employee's own phone would carry.
// RecordAttendance records the caller's own check-in, so a check-in sent on an employee's behalf
// (the load here, simpeg seed's attendance history) needs the employee's token.
func EmployeeToken(s *auth.Signer, nip, agency string, ttl time.Duration) (string, error) {
	tok, err := s.Issue(auth.Principal{Subject: nip, Roles: []auth.Role{auth.RoleEmployee}, Agency: agency}, ttl)
	if err != nil {
		return "", fmt.Errorf("load: minting the token of employee %s: %w", nip, err)
	}
	return tok, nil
}

// stats is what the workers of one run recorded.
type stats struct {
	elapsed   time.Duration
	latencies []time.Duration
	ok        int64
	errors    map[string]int64
	first     string
	acked     []acked // with record only
}

// acked is a check-in the service acknowledged.
type acked struct{ nip, clientID string }

// writeAcked writes a as "<nip>\t<client id>" lines to w (nothing when w is nil).
func writeAcked(w io.Writer, a []acked) error {
	if w == nil {
		return nil
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, x := range a {
		bw.WriteString(x.nip)
		bw.WriteByte('\t')
		bw.WriteString(x.clientID)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("load: writing the acknowledged check-ins: %w", err)
	}
	return nil
}

// drive sends check-ins from concurrency workers until d has passed or n were sent (zero
// means no bound), and gathers their measurements; with record, also the acknowledged ones.
func drive(ctx context.Context, s sender, callers []caller, run string, concurrency int, d time.Duration, n int, record bool) stats {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		st       = stats{errors: map[string]int64{}}
		deadline time.Time
	)
	start := time.Now()
	if d > 0 {
		deadline = start.Add(d)
	}
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			lat := make([]time.Duration, 0, 4096)
			var ok int64
			errs := map[string]int64{}
			var first string
			var ack []acked
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if n > 0 && i >= int64(n) {
					break
				}
				t0 := time.Now()
				if !deadline.IsZero() && t0.After(deadline) {
					break
				}
				c := &callers[int(i%int64(len(callers)))]
				// Within 50 m of the office: a random point on a disc of that radius.
				dist, angle := 50*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
				in := checkIn{
					clientID: run + "-" + strconv.FormatInt(i, 36),
					device:   t0,
					lat:      c.lat + dist*math.Cos(angle)/metersPerDegree,
					lon:      c.lon + dist*math.Sin(angle)/(metersPerDegree*math.Cos(c.lat*math.Pi/180)),
					accuracy: 10 + 20*rng.Float64(),
				}
				failure, err := s.send(ctx, c, in)
				took := time.Since(t0)
				if ctx.Err() != nil && failure != "" {
					break // cut short by the caller, not a failure of the service
				}
				lat = append(lat, took)
				if failure == "" {
					ok++
					if record {
						ack = append(ack, acked{c.nip, in.clientID})
					}
					continue
				}
				errs[failure]++
				if first == "" && err != nil {
					first = err.Error()
				}
			}
			mu.Lock()
			st.latencies = append(st.latencies, lat...)
			st.ok += ok
			st.acked = append(st.acked, ack...)
			for k, v := range errs {
				st.errors[k] += v
			}
			if st.first == "" {
				st.first = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	return st
}

// result turns the measurements into a Result.
func (st stats) result() Result {
	r := Result{
		Seconds:    st.elapsed.Seconds(),
		Requests:   int64(len(st.latencies)),
		OK:         st.ok,
		Errors:     st.errors,
		FirstError: st.first,
	}
	if st.elapsed > 0 {
		r.Throughput = float64(st.ok) / st.elapsed.Seconds()
	}
	if len(st.latencies) == 0 {
		return r
	}
	slices.Sort(st.latencies)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) float64 {
		i := int(p*float64(len(st.latencies))+0.5) - 1
		return ms(st.latencies[min(max(i, 0), len(st.latencies)-1)])
	}
	r.P50, r.P95, r.P99, r.Max = pct(0.50), pct(0.95), pct(0.99), ms(st.latencies[len(st.latencies)-1])
	return r
}

// statusClass names an HTTP status for the error table.
func statusClass(code int) string {
	return strconv.Itoa(code) + " " + http.StatusText(code)
}
