package history

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

type leaveReq struct {
	id, typ, state string
	days           []time.Time
	submitted      time.Time
}

// Leave per employee and year, as a share of employees: annual leave 70 % (one or two requests
// of 1 to 3 working days), sick leave 15 % (1 or 2 days), a rejected annual request 4 %, a
// cancelled one 3 %.
//
// plan draws employee e's punctuality and leave, appends the leave requests with their events,
// audit, ledger and balances to c, and the absence tallies of its days (worked out day by day
// as day writes them, without their rows).
func (g *gen) plan(c *chunk, e *employee) {
	rng := rand.New(rand.NewPCG(g.hash(e.nip), uint64(g.o.Seed)))
	e.lateRate = 0.03 + 0.27*math.Pow(rng.Float64(), 3) // most punctual, a few habitually late
	taken := g.taken[e.nip]
	var days []time.Time
	for _, d := range g.workdays {
		if e.appointed != "" && day(d) < e.appointed {
			continue
		}
		days = append(days, d)
	}
	// Leave, planned first so that the days are known.
	onLeave := map[string]string{}
	e.onLeave = onLeave
	var reqs []leaveReq
	byYearDays := map[int][]time.Time{}
	for _, d := range days {
		byYearDays[d.Year()] = append(byYearDays[d.Year()], d)
	}
	years := make([]int, 0, len(byYearDays))
	for y := range byYearDays {
		years = append(years, y)
	}
	sort.Ints(years)
	annualTaken := map[int][]int{} // request index per year
	for _, y := range years {
		if g.asked[e.nip] {
			break
		}
		yd := byYearDays[y]
		k := byYear{e.nip, y}
		avail := 12
		if b, ok := g.balances[k]; ok {
			avail = b.available
		}
		plan := func(typ string, n int, state string) {
			if len(yd) < n+1 {
				return
			}
			i := rng.IntN(len(yd) - n + 1)
			span := yd[i : i+n]
			for _, d := range span {
				if _, busy := onLeave[day(d)]; busy {
					return
				}
				if _, busy := taken[day(d)]; busy {
					return
				}
			}
			if typ == "annual" && state == "approved" {
				if avail < n {
					return
				}
				avail -= n
			}
			r := leaveReq{typ: typ, state: state, days: append([]time.Time(nil), span...)}
			r.id = uuidString(uuid7(at(span[0], 0, 0).AddDate(0, 0, -7), g.hash("leave", e.nip, day(span[0]), typ)))
			r.submitted = at(span[0], 9, rng.IntN(120)).AddDate(0, 0, -(3 + rng.IntN(10)))
			if state == "approved" {
				for _, d := range span {
					onLeave[day(d)] = typ
				}
				if typ == "annual" {
					annualTaken[y] = append(annualTaken[y], len(reqs))
				}
			}
			reqs = append(reqs, r)
		}
		// Scale the chances to the share of the year the range covers.
		share := math.Min(1, float64(len(yd))/245)
		if rng.Float64() < 0.7*share {
			for range 1 + rng.IntN(2) {
				plan("annual", 1+rng.IntN(3), "approved")
			}
		}
		if rng.Float64() < 0.15*share {
			plan("sick", 1+rng.IntN(2), "approved")
		}
		if rng.Float64() < 0.04*share {
			plan("annual", 1+rng.IntN(3), "rejected")
		}
		if rng.Float64() < 0.03*share {
			plan("annual", 1+rng.IntN(3), "cancelled")
		}
	}
	g.leave(c, *e, reqs, annualTaken)

	type tally struct {
		days, run, longest int
		last               string
		lateness           int64
	}
	tallies := map[int]*tally{}
	for _, d := range days {
		t := tallies[d.Year()]
		if t == nil {
			t = &tally{}
			tallies[d.Year()] = t
		}
		t.last = day(d)
		status, lateness := g.day(nil, e, d)
		switch status {
		case "absent":
			t.days++
			t.run++
			t.longest = max(t.longest, t.run)
		case "on_leave":
			t.run = 0 // leave interrupts a run of unexcused days
		case "present":
			t.run = 0
			t.lateness += int64(lateness)
		}
	}
	for _, y := range years {
		t := tallies[y]
		if t == nil {
			continue
		}
		c.tallies = append(c.tallies, []any{e.nip, y, t.days, t.run, t.longest, t.last, t.lateness})
		c.counts.Tallies++
	}
}

// leave writes the requests with their events and audit, and the annual-leave ledger and
// balances of the years the approved annual leave is taken from.
func (g *gen) leave(c *chunk, e employee, reqs []leaveReq, annual map[int][]int) {
	approver := e.supervisor
	if approver == "" {
		approver = "agency-hr"
	}
	for _, r := range reqs {
		start, end := r.days[0], r.days[len(r.days)-1]
		n := len(r.days)
		spent := 0
		if r.typ == "annual" && r.state == "approved" {
			spent = n
		}
		decided := r.submitted.Add(time.Duration(2+len(r.id)%20) * time.Hour)
		p := map[string]any{"reason": "keperluan keluarga", "submitted_on": day(r.submitted)}
		if r.typ == "sick" {
			p["reason"] = "sakit"
		}
		decisions := []map[string]string{}
		var action string
		switch r.state {
		case "approved":
			p["approved_by"] = approver
			decisions = append(decisions, map[string]string{"action": "approved", "by": approver, "role": "supervisor", "on": day(decided)})
			action = "ApproveLeaveRequest"
		case "rejected":
			p["rejection_reason"] = "kebutuhan dinas"
			decisions = append(decisions, map[string]string{"action": "rejected", "by": approver, "role": "supervisor", "on": day(decided), "reason": "kebutuhan dinas"})
			action = "RejectLeaveRequest"
		case "cancelled":
			decisions = append(decisions, map[string]string{"action": "cancelled", "by": e.nip, "on": day(decided)})
			action = "CancelLeaveRequest"
		}
		p["decisions"] = decisions
		payload, _ := json.Marshal(p)
		c.leave = append(c.leave, []any{r.id, e.nip, e.agency, r.typ, day(start), day(end), r.state, n, "working_days", 0, spent,
			e.supervisor, string(payload), 2, micros(r.submitted), micros(decided)})
		c.counts.Leave++
		pb := &attendancev1.LeaveRequest{Name: "leaveRequests/" + r.id, Employee: e.nip, Type: leaveType(r.typ), StartDate: day(start),
			EndDate: day(end), Reason: p["reason"].(string), State: leaveState("submitted"), Days: int32(n), Counting: "working_days",
			Supervisor: e.supervisor, CreateTime: timestamppb.New(r.submitted), UpdateTime: timestamppb.New(r.submitted)}
		g.outbox(c, r.submitted, g.hash("lr", r.id), "simpeg.attendance.leave.requested", &attendancev1.LeaveRequested{LeaveRequest: pb})
		g.audit(c, r.submitted, g.hash("lra", r.id), e, "/simpeg.attendance.v1.AttendanceService/CreateLeaveRequest",
			"leaveRequests/"+r.id, fmt.Sprintf("requested %s leave %s to %s (%d days)", r.typ, day(start), day(end), n))
		pb2 := proto.Clone(pb).(*attendancev1.LeaveRequest)
		pb2.State, pb2.SpentDays, pb2.UpdateTime = leaveState(r.state), int32(spent), timestamppb.New(decided)
		var msg proto.Message
		subject := "simpeg.attendance.leave." + r.state
		switch r.state {
		case "approved":
			msg = &attendancev1.LeaveApproved{LeaveRequest: pb2}
		case "rejected":
			msg = &attendancev1.LeaveRejected{LeaveRequest: pb2}
		default:
			msg = &attendancev1.LeaveCancelled{LeaveRequest: pb2}
		}
		g.outbox(c, decided, g.hash("ld", r.id), subject, msg)
		actor := e
		if r.state != "cancelled" {
			actor = employee{nip: approver, agency: e.agency}
		}
		g.audit(c, decided, g.hash("lda", r.id), actor, "/simpeg.attendance.v1.AttendanceService/"+action,
			"leaveRequests/"+r.id, fmt.Sprintf("%s: %s leave %s to %s", r.state, r.typ, day(start), day(end)))
	}
	years := make([]int, 0, len(annual))
	for y := range annual {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		k := byYear{e.nip, y}
		b, found := g.balances[k]
		first := reqs[annual[y][0]].submitted
		if !found {
			b = balance{available: 12}
			c.ledger = append(c.ledger, []any{e.nip, y, 1, "grant", 12, "", fmt.Sprintf("annual leave %d", y), micros(first.Add(-time.Hour))})
			c.counts.Ledger++
			b.seq = 1
		}
		var updated time.Time
		for _, i := range annual[y] {
			r := reqs[i]
			b.seq++
			b.available -= len(r.days)
			updated = r.submitted.Add(time.Duration(2+len(r.id)%20) * time.Hour)
			c.ledger = append(c.ledger, []any{e.nip, y, b.seq, "taken", len(r.days), r.id, "annual leave approved", micros(updated)})
			c.counts.Ledger++
			g.audit(c, updated, g.hash("bal", r.id), employee{nip: approver, agency: e.agency}, "/simpeg.attendance.v1.AttendanceService/ApproveLeaveRequest",
				fmt.Sprintf("employees/%s/leaveBalances/%d", e.nip, y), fmt.Sprintf("taken %d days for leaveRequests/%s; available %d", len(r.days), r.id, b.available))
		}
		b.version++
		c.balances = append(c.balances, []any{e.nip, y, b.available, 0, 0, 0, b.version, micros(updated)})
		c.counts.Balances++
	}
}
