package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// HistoryDays is how many working days before today the demo's attendance history covers at
// most: fewer when the attendance service's offline upload limit refuses the older ones.
const HistoryDays = 10

// historySearchDays bounds how far back the history looks for its working days; a month holds
// ten even around Idulfitri's collective leave.
const historySearchDays = 31

// historyAgency is an agency whose staff get attendance history, with the share of
// employee-days its staff arrive late and stay away.
type historyAgency struct {
	code         string
	late, absent float64
}

// historyAgencies are the agencies with history: Diskominfo (the portal's demo agency), BKPSDM
// (its city HR) and the inspectorate (its auditor), Bappeda and a kecamatan for the city
// dashboard to compare, 655 employees in all (a check-in is a transaction; more would make the
// seed slow). The rates are illustrative, about 10 % late and 3 % absent over the five.
var historyAgencies = []historyAgency{
	{"DISKOMINFO", 0.08, 0.02},
	{"BKPSDM", 0.07, 0.02},
	{"BAPPEDA", 0.10, 0.03},
	{"INSPEKTORAT", 0.06, 0.02},
	{"KEC-MEDAN-POLONIA", 0.18, 0.06},
}

// Shares of the other departures from an ordinary day, the same in every agency.
const (
	// earlyShare of the days present end with a check-out 10 to 60 minutes early.
	earlyShare = 0.03
	// outsideShare of the check-ins and check-outs are made 150 to 400 m from the office:
	// recorded and flagged outside the geofence (the default policy), not refused.
	outsideShare = 0.01
)

// Reasons of refused check-ins the history acts on (the attendance service's
// domain.RefusedDeviceTimeTooOld and app.ReasonNotInDirectory).
const (
	reasonTooOld         = "DEVICE_TIME_TOO_OLD"
	reasonNotInDirectory = "EMPLOYEE_NOT_IN_DIRECTORY"
)

// metersPerDegree is the length of a degree of latitude on the sphere the geofence uses.
const metersPerDegree = 111_195.0

// workday is a working day of an agency as the calendar gives it: the date and the expected
// start and end of work.
type workday struct {
	date       string
	start, end time.Time
}

// attendanceRecord is one check-in or check-out the history sends as its employee.
type attendanceRecord struct {
	nip, agency, date string
	checkIn           bool
	device            time.Time
	lat, lon          float64
	accuracy          float64
}

// clientID is the record's client id: the same for the same employee, day and kind on every
// run, which makes the service answer a second upload with the first record.
func (r attendanceRecord) clientID() string {
	kind := "out"
	if r.checkIn {
		kind = "in"
	}
	return "seed-" + r.nip + "-" + strings.ReplaceAll(r.date, "-", "") + "-" + kind
}

// body is the record's JSON as a phone sends it; the service takes the agency's nearest office.
func (r attendanceRecord) body() []byte {
	kind := "ATTENDANCE_KIND_CHECK_OUT"
	if r.checkIn {
		kind = "ATTENDANCE_KIND_CHECK_IN"
	}
	return jsonBody(map[string]any{
		"clientId": r.clientID(), "kind": kind, "deviceTime": r.device.UTC().Format(time.RFC3339),
		"latitude": round(r.lat, 7), "longitude": round(r.lon, 7), "accuracyMeters": round(r.accuracy, 1),
		"deviceId": "android-" + r.nip[len(r.nip)-8:],
	})
}

// round rounds x to digits decimals.
func round(x float64, digits int) float64 {
	p := math.Pow10(digits)
	return math.Round(x*p) / p
}

// planDay returns the records of one working day of agency ag for its employees emps, and how
// many of them stay away. Each employee's day is drawn from a generator seeded with the data
// set's seed, the NIP and the date, so it is the same on every run: absent (ag.absent), late by
// 5 to 45 minutes (ag.late), else on time up to 40 minutes early; then a check-out up to 50
// minutes after the end, or 10 to 60 minutes early (earlyShare). Positions lie within 40 m of
// the office with an accuracy of 5 to 25 m, or 150 to 400 m away (outsideShare).
func planDay(seed int64, ag historyAgency, emps []*planningv1.Employee, wd workday, office site) ([]attendanceRecord, int) {
	var out []attendanceRecord
	absent := 0
	for _, e := range emps {
		h := fnv.New64a()
		h.Write([]byte(e.GetNip() + "/" + wd.date))
		r := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
		u := r.Float64()
		if u < ag.absent {
			absent++
			continue
		}
		in := wd.start.Add(-time.Duration(1+r.IntN(40*60)) * time.Second)
		if u < ag.absent+ag.late {
			in = wd.start.Add(5*time.Minute + time.Duration(r.IntN(40*60+1))*time.Second)
		}
		outAt := wd.end.Add(time.Duration(r.IntN(50*60)) * time.Second)
		if r.Float64() < earlyShare {
			outAt = wd.end.Add(-10*time.Minute - time.Duration(r.IntN(50*60+1))*time.Second)
		}
		for _, rec := range []attendanceRecord{{checkIn: true, device: in}, {device: outAt}} {
			rec.nip, rec.agency, rec.date = e.GetNip(), ag.code, wd.date
			rec.lat, rec.lon, rec.accuracy = near(r, office)
			out = append(out, rec)
		}
	}
	return out, absent
}

// near draws a reported position around office and its accuracy.
func near(r *rand.Rand, office site) (lat, lon, accuracy float64) {
	dist := 40 * math.Sqrt(r.Float64())
	if r.Float64() < outsideShare {
		dist = 150 + 250*r.Float64()
	}
	angle := 2 * math.Pi * r.Float64()
	lat = office.lat + dist*math.Cos(angle)/metersPerDegree
	lon = office.lon + dist*math.Sin(angle)/(metersPerDegree*math.Cos(office.lat*math.Pi/180))
	return lat, lon, 5 + 20*r.Float64()
}

// historyStaff returns the employees of each history agency, in data set order (the head first).
func (d *Dataset) historyStaff() map[string][]*planningv1.Employee {
	out := map[string][]*planningv1.Employee{}
	for _, ag := range historyAgencies {
		out[ag.code] = nil
	}
	for _, e := range d.Employees {
		if _, ok := out[e.GetAgency()]; ok {
			out[e.GetAgency()] = append(out[e.GetAgency()], e)
		}
	}
	return out
}

// loadHistory records the history and closes its days. It reads each agency's last HistoryDays
// working days before today from the calendar (its head's expected days) and which of them are
// closed already (its head's closed days): an agency-day closed is done, its records were sent
// before it was closed, and nothing of it is sent again. It plans the other agency-days
// (planDay) and sends, oldest day first, each day's earliest check-in: a day whose earliest
// check-in the service refuses as too old (the offline upload limit, 72 h by default) is left
// out, as are the days before it. The records of the days within reach are then sent as their
// employees, with tokens from the local signer, and each agency's days are closed in date
// order.
func (a *attendanceLoader) loadHistory(ctx context.Context) error {
	staff := a.d.historyStaff()
	for _, ag := range historyAgencies {
		if len(staff[ag.code]) > 0 { // a data set cut down for a test may lack some
			a.hist = append(a.hist, ag)
			a.st.HistoryEmployees += len(staff[ag.code])
		}
	}
	a.st.HistoryAgencies = len(a.hist)
	if len(a.hist) == 0 {
		a.st.Skipped = append(a.st.Skipped, "history: none of its agencies is in the data set")
		return nil
	}
	days, err := a.workdays(ctx, staff)
	if err != nil {
		return err
	}
	closed, err := a.closedDays(ctx, staff, days)
	if err != nil {
		return err
	}
	bearers, err := a.employeeTokens(staff)
	if err != nil {
		return err
	}
	// Plan every agency-day, by date.
	var dates []string
	plan := map[string][]attendanceRecord{}
	absent := map[string]int{}
	done := map[string]int{} // records of agency-days closed before, by date
	for _, ag := range a.hist {
		for _, wd := range days[ag.code] {
			dates = append(dates, wd.date)
			recs, n := planDay(a.d.Seed, ag, staff[ag.code], wd, officeSites[ag.code])
			absent[wd.date] += n
			if closed[ag.code][wd.date] {
				done[wd.date] += len(recs)
			} else {
				plan[wd.date] = append(plan[wd.date], recs...)
			}
		}
	}
	slices.Sort(dates)
	dates = slices.Compact(dates)
	// Find the first day within reach of the offline upload limit: closed, or its earliest
	// check-in accepted.
	var reach []string
	sent := map[string]bool{}
	for i, d := range dates {
		if len(plan[d]) == 0 {
			reach = dates[i:]
			break
		}
		first := slices.MinFunc(plan[d], func(x, y attendanceRecord) int { return x.device.Compare(y.device) })
		created, tooOld, err := a.record(ctx, first, bearers[first.nip])
		if err != nil {
			return err
		}
		if tooOld {
			a.st.TooOldDays = append(a.st.TooOldDays, d)
			continue
		}
		a.count(created)
		sent[first.clientID()] = true
		reach = dates[i:]
		break
	}
	a.st.HistoryDays = reach
	var todo []attendanceRecord
	for _, d := range reach {
		a.st.Absences += absent[d]
		a.st.RecordsPresent += done[d]
		for _, r := range plan[d] {
			if !sent[r.clientID()] {
				todo = append(todo, r)
			}
		}
	}
	a.prog.begin("check-ins", len(todo)+len(sent))
	a.prog.add(len(sent))
	var tooOld atomic.Int64
	err = a.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		created, old, err := a.record(ctx, todo[i], bearers[todo[i].nip])
		if err != nil {
			return err
		}
		if old {
			tooOld.Add(1)
		} else {
			a.count(created)
		}
		a.prog.add(1)
		return nil
	})
	a.prog.end()
	if err != nil {
		return err
	}
	if n := tooOld.Load(); n > 0 {
		// Only the few records of the first day sent later than its earliest by less than the
		// run's own duration can come here.
		a.st.Skipped = append(a.st.Skipped, fmt.Sprintf("history: %d check-ins of %s became older than the offline upload limit while the seed ran", n, reach[0]))
	}
	return a.closeDays(ctx, days, closed, reach)
}

// count adds a record sent to the stats: created by this run, or stored before.
func (a *attendanceLoader) count(created bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if created {
		a.st.Records++
	} else {
		a.st.RecordsPresent++
	}
}

// employeeTokens mints each history employee's own token (load.EmployeeToken, as simpeg load
// checkin does), as "Bearer"-less token strings by NIP.
func (a *attendanceLoader) employeeTokens(staff map[string][]*planningv1.Employee) (map[string]string, error) {
	out := map[string]string{}
	for _, emps := range staff {
		for _, e := range emps {
			tok, err := load.EmployeeToken(a.signer, e.GetNip(), e.GetAgency(), time.Hour)
			if err != nil {
				return nil, fmt.Errorf("seed: %w", err)
			}
			out[e.GetNip()] = tok
		}
	}
	return out, nil
}

// workdays returns each history agency's last HistoryDays working days before today, oldest
// first, as its head's calendar gives them (GET /v1/employees/{nip}/expectedDays/{date}); it
// waits for the head to reach the attendance service's directory copy.
func (a *attendanceLoader) workdays(ctx context.Context, staff map[string][]*planningv1.Employee) (map[string][]workday, error) {
	out := make([][]workday, len(a.hist))
	today := time.Date(a.now.Year(), a.now.Month(), a.now.Day(), 0, 0, 0, 0, wib)
	err := a.parallel(ctx, len(a.hist), func(ctx context.Context, i int) error {
		head := staff[a.hist[i].code][0].GetNip()
		for back := 1; back <= historySearchDays && len(out[i]) < HistoryDays; back++ {
			d := date(today.AddDate(0, 0, -back))
			var exp struct {
				Working   bool      `json:"working"`
				StartTime time.Time `json:"startTime"`
				EndTime   time.Time `json:"endTime"`
			}
			err := untilKnown(ctx, func() (bool, bool, error) {
				err := a.getJSON(ctx, "read the expected day "+d+" of "+head, "/v1/employees/"+head+"/expectedDays/"+d, &exp)
				status, _ := answerOf(err)
				return err == nil, status == http.StatusNotFound, err
			})
			if err != nil {
				return err
			}
			if exp.Working {
				out[i] = append(out[i], workday{date: d, start: exp.StartTime, end: exp.EndTime})
			}
		}
		slices.Reverse(out[i])
		return nil
	})
	if err != nil {
		return nil, err
	}
	m := map[string][]workday{}
	for i, ag := range a.hist {
		m[ag.code] = out[i]
	}
	return m, nil
}

// record sends one check-in or check-out as its employee (bearer). It reports whether this run
// created it (a record stored before comes back with its earlier server time) and whether the
// service refused it as older than the offline upload limit. While the employee is not yet in
// the attendance service's directory copy, it tries again.
func (a *attendanceLoader) record(ctx context.Context, r attendanceRecord, bearer string) (created, tooOld bool, err error) {
	body := r.body()
	what := "record the check-out of " + r.nip + " on " + r.date
	if r.checkIn {
		what = "record the check-in of " + r.nip + " on " + r.date
	}
	var rec struct {
		ServerTime time.Time `json:"serverTime"`
	}
	err = untilKnown(ctx, func() (bool, bool, error) {
		err := a.callJSON(ctx, request{method: http.MethodPost, what: what, path: "/v1/attendanceRecords", body: body, bearer: bearer}, &rec)
		_, reason := answerOf(err)
		if reason == reasonTooOld {
			tooOld = true
			return true, false, nil
		}
		return err == nil, reason == reasonNotInDirectory, err
	})
	// A record stored by an earlier run has that run's server time.
	return err == nil && !tooOld && !a.earlier(rec.ServerTime), tooOld, err
}

// closedDays returns, by agency, which of its working days are closed already, as its head's
// closed days show (GET /v1/employees/{nip}/dailyStatuses): closing a day closes every
// employee of the agency at once.
func (a *attendanceLoader) closedDays(ctx context.Context, staff map[string][]*planningv1.Employee, days map[string][]workday) (map[string]map[string]bool, error) {
	out := make([]map[string]bool, len(a.hist))
	err := a.parallel(ctx, len(a.hist), func(ctx context.Context, i int) error {
		out[i] = map[string]bool{}
		wds := days[a.hist[i].code]
		if len(wds) == 0 {
			return nil
		}
		head := staff[a.hist[i].code][0].GetNip()
		var list struct {
			DailyStatuses []struct {
				Date string `json:"date"`
			} `json:"dailyStatuses"`
		}
		q := url.Values{"startDate": {wds[0].date}, "endDate": {wds[len(wds)-1].date}}
		if err := a.getJSON(ctx, "list the closed days of "+head, "/v1/employees/"+head+"/dailyStatuses?"+q.Encode(), &list); err != nil {
			return err
		}
		for _, s := range list.DailyStatuses {
			out[i][s.Date] = true
		}
		return nil
	})
	m := map[string]map[string]bool{}
	for i, ag := range a.hist {
		m[ag.code] = out[i]
	}
	return m, err
}

// closeDays closes, agency by agency and in date order, the days of reach the agency works
// (POST /v1/dailyStatuses:close), but for those closed already.
func (a *attendanceLoader) closeDays(ctx context.Context, days map[string][]workday, closed map[string]map[string]bool, reach []string) error {
	inReach := map[string]bool{}
	for _, d := range reach {
		inReach[d] = true
	}
	total := 0
	todo := make([][]string, len(a.hist))
	for i, ag := range a.hist {
		for _, wd := range days[ag.code] {
			switch {
			case !inReach[wd.date]:
			case closed[ag.code][wd.date]:
				a.st.DaysPresent++
			default:
				todo[i] = append(todo[i], wd.date)
				total++
			}
		}
	}
	a.prog.begin("closing", total)
	defer a.prog.end()
	var n atomic.Int64
	err := a.parallel(ctx, len(a.hist), func(ctx context.Context, i int) error {
		for _, d := range todo[i] {
			body := jsonBody(map[string]string{"date": d, "agency": a.hist[i].code})
			if _, _, err := a.send(ctx, request{method: http.MethodPost, what: "close " + d + " for " + a.hist[i].code,
				path: "/v1/dailyStatuses:close", body: body}); err != nil {
				return err
			}
			n.Add(1)
			a.prog.add(1)
		}
		return nil
	})
	a.st.DaysClosed = int(n.Load())
	return err
}

// historyWindow describes the history's days for the summary line.
func historyWindow(days []string) string {
	switch len(days) {
	case 0:
		return "no day"
	case 1:
		return "1 day (" + days[0] + ")"
	}
	return strconv.Itoa(len(days)) + " days (" + days[0] + " to " + days[len(days)-1] + ")"
}
