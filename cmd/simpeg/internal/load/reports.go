package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// ReportsOptions configure a run of the report timings (issue 13 §1: the same calls on empty
// tables and on a year of history, side by side).
type ReportsOptions struct {
	// BaseURL is the gateway, e.g. "http://127.0.0.1:8080".
	BaseURL string
	// Signer signs the city-hr token every call is made with.
	Signer *auth.Signer
	// Repetitions of each measurement after one warm-up; at least 1.
	Repetitions int
	// Employees is how many employees (picked at random with Seed from the active ones) an
	// employee's month and the leave balances are read for.
	Employees int
	// Seed picks the employees.
	Seed uint64
	// Month of the recaps and of an employee's month, "YYYY-MM"; the month before today's (WIB)
	// when empty.
	Month string
	// CloseDate is the day closed for the whole city, "YYYY-MM-DD"; the last weekday before
	// today (WIB) when empty. The warm-up closes it, so the timed closes are re-closes.
	CloseDate string
	// Year of the discipline report and the leave balances; the close date's when 0.
	Year int
	// SkipClose leaves the whole-city close out (it writes: closed days, events).
	SkipClose bool
	// Parallel is how many agencies' recaps are in flight in the whole-city recap's parallel run.
	Parallel int
	// Log receives progress lines; nil is silent.
	Log io.Writer
}

// ReportTiming is one measured call (or group of calls) over the repetitions.
type ReportTiming struct {
	// Name identifies the measurement, e.g. "recap-largest".
	Name string `json:"name"`
	// What says in words what was timed.
	What string `json:"what"`
	// Samples is how many timings the median and max are of.
	Samples int `json:"samples"`
	// CallsPerSample is how many HTTP calls one sample makes.
	CallsPerSample int `json:"callsPerSample"`
	// MedianMs and MaxMs of the samples, in milliseconds.
	MedianMs float64 `json:"medianMs"`
	MaxMs    float64 `json:"maxMs"`
	// Bytes is the size of one sample's answers (the last one's), to tell an empty answer from
	// a full one.
	Bytes int `json:"bytes"`
}

// ReportsResult is what a run of the report timings measured.
type ReportsResult struct {
	Month          string         `json:"month"`
	CloseDate      string         `json:"closeDate,omitempty"`
	Year           int            `json:"year"`
	Repetitions    int            `json:"repetitions"`
	ActiveTotal    int            `json:"activeEmployees"`
	Agencies       int            `json:"agencies"`
	LargestAgency  string         `json:"largestAgency"`
	LargestActive  int            `json:"largestAgencyEmployees"`
	EmployeesRead  int            `json:"employeesRead"`
	CloseClosed    int            `json:"closeClosed,omitempty"`
	Timings        []ReportTiming `json:"timings"`
	StartedAt      time.Time      `json:"startedAt"`
	ElapsedSeconds float64        `json:"elapsedSeconds"`
}

// Timing returns the measurement called name and whether there is one.
func (r ReportsResult) Timing(name string) (ReportTiming, bool) {
	i := slices.IndexFunc(r.Timings, func(t ReportTiming) bool { return t.Name == name })
	if i < 0 {
		return ReportTiming{}, false
	}
	return r.Timings[i], true
}

// closeTimeout bounds one whole-city close; the client's minute is too short for a loaded
// machine's.
const closeTimeout = 10 * time.Minute

// Reports times the calls of issue 13 §1 through the gateway as city HR, each once to warm up
// and then o.Repetitions times: the monthly recap of the agency with the most active employees,
// every agency's recap one after another and o.Parallel at a time (the API has no city-wide
// recap), the attendance summary of the whole city for the month (the one city-wide call over
// closed days), closing o.CloseDate for the whole city, the discipline report of the year, and,
// for o.Employees employees picked at random, their month's records, their month's closed days
// and their leave balance. The set-up (listing the directory) is not timed. A call answering
// anything but 200 ends the run with its error.
func Reports(ctx context.Context, o ReportsOptions) (ReportsResult, error) {
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	switch {
	case o.Repetitions < 1:
		return ReportsResult{}, fmt.Errorf("load: repetitions %d must be at least 1", o.Repetitions)
	case o.Employees < 1:
		return ReportsResult{}, fmt.Errorf("load: employees %d must be at least 1", o.Employees)
	case o.Signer == nil:
		return ReportsResult{}, errors.New("load: a signer is required")
	}
	if o.Parallel < 1 {
		o.Parallel = 1
	}
	if o.Month == "" {
		o.Month = time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, wib).Format("2006-01")
	}
	first, err := time.ParseInLocation("2006-01", o.Month, wib)
	if err != nil {
		return ReportsResult{}, fmt.Errorf("load: month %q is not YYYY-MM", o.Month)
	}
	last := first.AddDate(0, 1, -1)
	if o.CloseDate == "" {
		o.CloseDate = LastWeekdayBefore(today).Format(time.DateOnly)
	}
	closeDay, err := time.ParseInLocation(time.DateOnly, o.CloseDate, wib)
	if err != nil {
		return ReportsResult{}, fmt.Errorf("load: close date %q is not YYYY-MM-DD", o.CloseDate)
	}
	if o.Year == 0 {
		o.Year = closeDay.Year()
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	a, err := newAdmin(o.BaseURL, o.Signer, o.Parallel)
	if err != nil {
		return ReportsResult{}, err
	}
	defer a.client.CloseIdleConnections()
	a.client.Timeout = closeTimeout
	emps, err := a.employees(ctx, 0)
	if err != nil {
		return ReportsResult{}, err
	}
	agencies, largest, largestN := agencySizes(emps)
	picked := pickEmployees(emps, o.Employees, o.Seed)
	res := ReportsResult{Month: o.Month, Year: o.Year, Repetitions: o.Repetitions, ActiveTotal: len(emps),
		Agencies: len(agencies), LargestAgency: largest, LargestActive: largestN, EmployeesRead: len(picked), StartedAt: time.Now().UTC()}
	logf("%d active employees in %d agencies; the largest %s (%d); month %s, close %s, year %d; %d repetitions",
		len(emps), len(agencies), largest, largestN, o.Month, o.CloseDate, o.Year, o.Repetitions)

	monthQuery := "?" + url.Values{"startDate": {first.Format(time.DateOnly)}, "endDate": {last.Format(time.DateOnly)}}.Encode()
	get := func(path string) func(context.Context) (int, error) {
		return func(ctx context.Context) (int, error) { return a.raw(ctx, http.MethodGet, path, nil) }
	}
	recapPath := func(ag string) string { return "/v1/agencies/" + url.PathEscape(ag) + "/monthlyRecaps/" + o.Month }
	everyRecap := func(parallel int) func(context.Context) (int, error) {
		return func(ctx context.Context) (int, error) { return a.each(ctx, agencies, parallel, recapPath) }
	}
	type measurement struct {
		name, what string
		calls      int
		run        func(context.Context) (int, error)
	}
	ms := []measurement{
		{"recap-largest", fmt.Sprintf("monthly recap %s, %s (%d employees)", o.Month, largest, largestN), 1, get(recapPath(largest))},
		{"recap-city", fmt.Sprintf("monthly recap %s, all %d agencies one after another", o.Month, len(agencies)), len(agencies), everyRecap(1)},
		{"recap-city-parallel", fmt.Sprintf("monthly recap %s, all %d agencies, %d in flight", o.Month, len(agencies), o.Parallel), len(agencies), everyRecap(o.Parallel)},
		{"summary-city", "attendance summary " + o.Month + ", the whole city (one call)", 1, get("/v1/attendanceSummary" + monthQuery)},
	}
	if !o.SkipClose {
		res.CloseDate = o.CloseDate
		ms = append(ms, measurement{"close-city", "closing " + o.CloseDate + " for the whole city (a re-close after the warm-up)", 1,
			func(ctx context.Context) (int, error) {
				var out struct {
					Closed int `json:"closed"`
				}
				n, err := a.rawJSON(ctx, http.MethodPost, "/v1/dailyStatuses:close", map[string]string{"date": o.CloseDate}, &out)
				res.CloseClosed = out.Closed
				return n, err
			}})
	}
	ms = append(ms, measurement{"discipline", fmt.Sprintf("discipline report %d, the whole city", o.Year), 1,
		get("/v1/disciplineThresholds?year=" + strconv.Itoa(o.Year))})
	for _, m := range ms {
		logf("timing %s", m.name)
		t, err := repeat(ctx, o.Repetitions, 1, func(ctx context.Context, _ int) (int, error) { return m.run(ctx) })
		if err != nil {
			return res, fmt.Errorf("load: %s: %w", m.name, err)
		}
		t.Name, t.What, t.CallsPerSample = m.name, m.what, m.calls
		res.Timings = append(res.Timings, t)
	}
	// An employee's month and balance: every repetition reads each picked employee once; a
	// sample is one employee's call.
	perEmployee := []struct {
		name, what string
		path       func(nip string) string
	}{
		{"employee-records", "an employee's month of records (" + o.Month + ")", func(nip string) string {
			return "/v1/employees/" + nip + "/attendanceRecords" + monthQuery
		}},
		{"employee-days", "an employee's month of closed days (" + o.Month + ")", func(nip string) string {
			return "/v1/employees/" + nip + "/dailyStatuses" + monthQuery
		}},
		{"leave-balance", fmt.Sprintf("an employee's leave balance %d", o.Year), func(nip string) string {
			return "/v1/employees/" + nip + "/leaveBalances/" + strconv.Itoa(o.Year)
		}},
	}
	for _, m := range perEmployee {
		logf("timing %s", m.name)
		t, err := repeat(ctx, o.Repetitions, len(picked), func(ctx context.Context, i int) (int, error) {
			return a.raw(ctx, http.MethodGet, m.path(picked[i].nip), nil)
		})
		if err != nil {
			return res, fmt.Errorf("load: %s: %w", m.name, err)
		}
		t.Name, t.What, t.CallsPerSample = m.name, m.what+fmt.Sprintf(", %d employees", len(picked)), 1
		res.Timings = append(res.Timings, t)
	}
	res.ElapsedSeconds = time.Since(res.StartedAt).Seconds()
	return res, nil
}

// repeat runs f once per item as a warm-up (the first item only) and then reps times over
// every item, timing each call, and returns the median and the max.
func repeat(ctx context.Context, reps, items int, f func(ctx context.Context, item int) (int, error)) (ReportTiming, error) {
	if _, err := f(ctx, 0); err != nil {
		return ReportTiming{}, err
	}
	var samples []time.Duration
	bytes := 0
	for range reps {
		for i := range items {
			t0 := time.Now()
			n, err := f(ctx, i)
			if err != nil {
				return ReportTiming{}, err
			}
			samples = append(samples, time.Since(t0))
			bytes = n
		}
	}
	return ReportTiming{Samples: len(samples), MedianMs: ms(median(samples)), MaxMs: ms(slices.Max(samples)), Bytes: bytes}, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// median of ds (the mean of the middle two for an even count); ds is sorted in place.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	if len(ds)%2 == 1 {
		return ds[len(ds)/2]
	}
	return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
}

// LastWeekdayBefore returns the last Monday to Friday before day (holidays are not known here).
func LastWeekdayBefore(day time.Time) time.Time {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, day.Location()).AddDate(0, 0, -1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// agencySizes returns the agencies of emps in code order and the one with the most employees
// (the first in code order on a tie).
func agencySizes(emps []employee) (codes []string, largest string, largestN int) {
	n := map[string]int{}
	for _, e := range emps {
		if n[e.agency] == 0 {
			codes = append(codes, e.agency)
		}
		n[e.agency]++
	}
	slices.Sort(codes)
	for _, c := range codes {
		if n[c] > largestN {
			largest, largestN = c, n[c]
		}
	}
	return codes, largest, largestN
}

// pickEmployees picks k of emps at random with seed (all of them when there are fewer).
func pickEmployees(emps []employee, k int, seed uint64) []employee {
	out := slices.Clone(emps)
	rand.New(rand.NewPCG(seed, 13)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:min(k, len(out))]
}

// raw sends a request as city HR and returns the size of the 200 answer's body.
func (a *admin) raw(ctx context.Context, method, path string, in any) (int, error) {
	return a.rawJSON(ctx, method, path, in, nil)
}

// rawJSON is raw that also decodes the answer into out when out is not nil.
func (a *admin) rawJSON(ctx context.Context, method, path string, in, out any) (int, error) {
	_, n, err := a.send(ctx, method, path, in, out)
	return n, err
}

// each GETs path(code) for every code, parallel at a time, and returns the answers' total size.
func (a *admin) each(ctx context.Context, codes []string, parallel int, path func(string) string) (int, error) {
	var (
		mu    sync.Mutex
		total int
		first error
		wg    sync.WaitGroup
		next  = make(chan string)
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range min(parallel, len(codes)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				n, err := a.raw(ctx, http.MethodGet, path(c), nil)
				mu.Lock()
				total += n
				if err != nil && first == nil {
					first = err
					cancel()
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, c := range codes {
		select {
		case next <- c:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return total, first
}

// WriteReports writes r as a table for people.
func WriteReports(w io.Writer, r ReportsResult) error {
	fmt.Fprintf(w, "%d active employees, %d agencies, the largest %s (%d); month %s; year %d; %d repetitions after 1 warm-up\n",
		r.ActiveTotal, r.Agencies, r.LargestAgency, r.LargestActive, r.Month, r.Year, r.Repetitions)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "measurement\tsamples\tmedian ms\tmax ms\tbytes\twhat\n")
	for _, t := range r.Timings {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%d\t%s\n", t.Name, t.Samples, t.MedianMs, t.MaxMs, t.Bytes, t.What)
	}
	return tw.Flush()
}

// CompareReports writes the timings of base and other side by side with other's median over
// base's (the measurements base has, in its order).
func CompareReports(w io.Writer, baseName string, base ReportsResult, otherName string, other ReportsResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "measurement\t%s median ms\t%s max ms\t%s median ms\t%s max ms\tratio\t\n", baseName, baseName, otherName, otherName)
	for _, b := range base.Timings {
		o, ok := other.Timing(b.Name)
		if !ok {
			fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t—\t—\t—\t\n", b.Name, b.MedianMs, b.MaxMs)
			continue
		}
		ratio := "—"
		if b.MedianMs > 0 {
			ratio = strconv.FormatFloat(o.MedianMs/b.MedianMs, 'f', 2, 64) + " ×"
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t\n", b.Name, b.MedianMs, b.MaxMs, o.MedianMs, o.MaxMs, ratio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, strings.TrimSpace(fmt.Sprintf("(%s: %d employees; %s: %d employees; largest agency %s / %s)",
		baseName, base.ActiveTotal, otherName, other.ActiveTotal, base.LargestAgency, other.LargestAgency)))
	return err
}
