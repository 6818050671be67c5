package seed

// The attendance part of the demo: what the portal's screens need besides the registry. It is
// loaded through the REST API like the registry, after it, and is safe to load again:
//
//   - an office per top-level agency, at illustrative Medan coordinates (offices.go);
//   - the year's decree holidays and collective leave days (holidays.go);
//   - the last HistoryDays working days of check-ins and check-outs of a few agencies, as far
//     back as the attendance service's offline upload limit lets them be recorded, and those
//     days closed (history.go);
//   - a handful of leave requests of Diskominfo staff in different states (leave.go).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// DefaultHistoryConcurrency is the number of check-ins the history keeps in flight when not told.
const DefaultHistoryConcurrency = 16

// directoryWait bounds how long the attendance phases wait for an employee to reach the
// attendance service's copy of the directory: right after the registry is loaded, planning's
// events for the last employees may still be on their way.
const directoryWait = 2 * time.Minute

// directoryPoll is how often a call refused because the employee is not in the directory copy
// yet is tried again.
const directoryPoll = 250 * time.Millisecond

// wib is Western Indonesia Time, the zone of Medan and of the demo's offices.
var wib = time.FixedZone("WIB", 7*3600)

// AttendanceOptions says where and how to load the attendance demo.
type AttendanceOptions struct {
	// BaseURL is the gateway's address, e.g. "http://localhost:8080". Required.
	BaseURL string
	// Token is a city HR bearer token, for offices, holidays, closing days and reading. Required.
	Token string
	// Signer signs the employees' own tokens (a check-in is always the caller's own; a leave
	// request is submitted by the employee and decided by their supervisor). Without one the
	// history and the leave requests are left out and Stats says so.
	Signer *auth.Signer
	// Dataset is the data set loaded with Load: its agencies get offices, and its employees the
	// history and the leave requests. Required.
	Dataset *Dataset
	// NoHistory leaves out the check-ins and the closed days.
	NoHistory bool
	// Progress receives the progress lines; nil means silent.
	Progress io.Writer
	// Concurrency is the number of check-ins in flight; DefaultHistoryConcurrency when zero.
	Concurrency int
	// Now is the moment the demo is built for (history before its date, leave around it, in
	// WIB); the current time when zero.
	Now time.Time
	// HTTPClient sends the requests; when nil, a keep-alive client of its own is used.
	HTTPClient *http.Client
}

// AttendanceStats counts what LoadAttendance did. "Present" counts are things found already
// there (an earlier run) and left as they are.
type AttendanceStats struct {
	// OfficesCreated and OfficesPresent count the agencies' offices.
	OfficesCreated, OfficesPresent int
	// HolidaysImported counts the decree rows this run imported; HolidaysPresent the rows
	// already stored as the decree gives them. HolidayYears are the years loaded.
	HolidaysImported, HolidaysPresent int
	HolidayYears                      []int
	// HistoryDays are the working days recorded, oldest first ("YYYY-MM-DD"); TooOldDays the
	// working days of the window left out because the attendance service's offline upload limit
	// (SIMPEG_OFFLINE_UPLOAD_LIMIT, 72 h by default) refuses check-ins that old.
	HistoryDays, TooOldDays []string
	// HistoryAgencies and HistoryEmployees are how many agencies and employees the history
	// covers.
	HistoryAgencies, HistoryEmployees int
	// Records counts the check-ins and check-outs this run recorded; RecordsPresent those
	// stored already (answered with the stored record). Absences are employee-days without
	// any record: the employee stayed away.
	Records, RecordsPresent, Absences int
	// DaysClosed and DaysPresent count agency-days closed by this run and already closed.
	DaysClosed, DaysPresent int
	// LeaveCreated and LeavePresent count the demo's leave requests.
	LeaveCreated, LeavePresent int
	// Skipped says what was left out and why, e.g. "history: --no-history".
	Skipped []string
	// Duration is the wall time of the load.
	Duration time.Duration
}

// LoadAttendance loads the attendance demo for opts.Dataset, which must already be loaded
// with Load: offices, holidays, the history (unless opts.NoHistory) and the leave requests,
// in that order. Everything is created through the REST API, with ids, client ids or
// idempotency keys derived from the content, and what is already there is left as it is, so
// loading twice changes nothing. On error the returned stats count what was done until then.
func LoadAttendance(ctx context.Context, opts AttendanceOptions) (AttendanceStats, error) {
	start := time.Now()
	if opts.Dataset == nil {
		return AttendanceStats{}, errors.New("seed: no data set to load attendance for")
	}
	workers := opts.Concurrency
	switch {
	case workers < 0:
		return AttendanceStats{}, fmt.Errorf("seed: concurrency %d is negative", workers)
	case workers == 0:
		workers = DefaultHistoryConcurrency
	}
	l, err := newLoader(LoadOptions{BaseURL: opts.BaseURL, Token: opts.Token, Dataset: opts.Dataset,
		Progress: opts.Progress, Concurrency: workers, HTTPClient: opts.HTTPClient})
	if err != nil {
		return AttendanceStats{}, err
	}
	defer l.close()
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	a := &attendanceLoader{loader: l, signer: opts.Signer, now: now.In(wib), start: start}
	err = a.run(ctx, opts.NoHistory)
	a.st.Duration = time.Since(start)
	return a.st, err
}

// attendanceLoader is the state of one LoadAttendance.
type attendanceLoader struct {
	*loader
	signer *auth.Signer
	now    time.Time       // in WIB
	start  time.Time       // when the run started, to tell records stored before it
	hist   []historyAgency // the history agencies the data set has

	mu sync.Mutex // guards st where workers update it
	st AttendanceStats
}

// run loads the four parts in order.
func (a *attendanceLoader) run(ctx context.Context, noHistory bool) error {
	if err := a.loadOffices(ctx); err != nil {
		return err
	}
	if err := a.loadHolidays(ctx); err != nil {
		return err
	}
	if a.signer == nil {
		a.st.Skipped = append(a.st.Skipped, "history and leave requests: no signing key for the employees' own tokens")
		return nil
	}
	if noHistory {
		a.st.Skipped = append(a.st.Skipped, "history: --no-history")
	} else if err := a.loadHistory(ctx); err != nil {
		return err
	}
	return a.loadLeave(ctx)
}

// getJSON reads path as city HR into out. A 404 is returned as an *answerError like any other
// final answer.
func (a *attendanceLoader) getJSON(ctx context.Context, what, path string, out any) error {
	return a.callJSON(ctx, request{method: http.MethodGet, what: what, path: path}, out)
}

// callJSON makes r and decodes the JSON answer into out (when not nil).
func (a *attendanceLoader) callJSON(ctx context.Context, r request, out any) error {
	_, body, err := a.send(ctx, r)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("seed: %s: decode the answer: %w", r.what, err)
	}
	return nil
}

// jsonBody marshals v; the values the seed sends always marshal.
func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("seed: marshal %T: %v", v, err))
	}
	return b
}

// untilKnown calls try until it reports done, while the employee it concerns is not yet in the
// attendance service's directory copy (notYet), for at most directoryWait.
func untilKnown(ctx context.Context, try func() (done, notYet bool, err error)) error {
	deadline := time.Now().Add(directoryWait)
	for {
		done, notYet, err := try()
		switch {
		case done || !notYet:
			return err
		case time.Now().After(deadline):
			return fmt.Errorf("%w (still not in the attendance service's directory copy after %s)", err, directoryWait)
		}
		t := time.NewTimer(directoryPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// date formats t's calendar date as YYYY-MM-DD.
func date(t time.Time) string { return t.Format(time.DateOnly) }

// topAgencies returns the data set's top-level agencies, in data set order.
func (d *Dataset) topAgencies() []agencyRef {
	var out []agencyRef
	for _, ag := range d.Agencies {
		if ag.GetParent() == "" {
			out = append(out, agencyRef{code: ag.GetCode(), name: ag.GetDisplayName()})
		}
	}
	return out
}

// agencyRef is a top-level agency's code and name.
type agencyRef struct{ code, name string }

// Report writes what the stats count as a few lines for the seed's user.
func (st AttendanceStats) Report(w io.Writer) {
	fmt.Fprintf(w, "%d offices created, %d already present; %d decree holidays of %v imported, %d already present\n",
		st.OfficesCreated, st.OfficesPresent, st.HolidaysImported, st.HolidayYears, st.HolidaysPresent)
	if len(st.HistoryDays) > 0 || len(st.TooOldDays) > 0 {
		fmt.Fprintf(w, "history of %d employees in %d agencies: %s; %d check-ins and check-outs recorded, %d already present, %d absences; %d agency-days closed, %d already closed\n",
			st.HistoryEmployees, st.HistoryAgencies, historyWindow(st.HistoryDays), st.Records, st.RecordsPresent, st.Absences, st.DaysClosed, st.DaysPresent)
	}
	if n := len(st.TooOldDays); n > 0 {
		fmt.Fprintf(w, "%d older working days left out: the attendance service refuses check-ins older than its offline upload limit (SIMPEG_OFFLINE_UPLOAD_LIMIT, 72h by default); run the suite with SIMPEG_OFFLINE_UPLOAD_LIMIT=744h (the most it allows) for all %d days\n",
			n, HistoryDays)
	}
	if st.LeaveCreated+st.LeavePresent > 0 {
		fmt.Fprintf(w, "%d leave requests created, %d already present\n", st.LeaveCreated, st.LeavePresent)
	}
	for _, s := range st.Skipped {
		fmt.Fprintf(w, "left out: %s\n", s)
	}
	fmt.Fprintf(w, "attendance demo loaded in %s\n", st.Duration.Round(time.Millisecond))
}

// earlier reports whether a server's timestamp t is from before this run: what it stamps was
// made by an earlier run. The server's clock is taken to agree with this one's (on another
// machine whose clock lags, a few things this run made may be counted as present).
func (a *attendanceLoader) earlier(t time.Time) bool { return t.Before(a.start) }
