package history

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// The lateness model (per working day of an employee not on leave): an absent day with 1.5 %
// (a late-arrival-prone employee's profile raises lateness, not absence); otherwise arrival
// before the start with the employee's punctuality, late by an exponential tail of mean 12
// minutes (capped at 4 hours) with the employee's late rate (3 % to 30 %, mean about 12 %), a
// departure before the end with 4 %, a missing check-out with 0.5 %.
const (
	absentRate  = 0.015
	earlyRate   = 0.04
	missingRate = 0.005
	lateMean    = 12.0
)

// day works out employee e's working day d (from its own random source, so that it does not
// depend on the other days or on the order they are written in): its status and minutes of
// lateness and early departure. With c it appends the day's check-in and check-out, its closed
// day and their events and audit; without, it only draws (plan's tallies).
func (g *gen) day(c *chunk, e *employee, d time.Time) (status string, lateness int) {
	ds := day(d)
	rng := rand.New(rand.NewPCG(g.hash("day", e.nip, ds), uint64(g.o.Seed)))
	status, leaveType := "present", ""
	if typ, ok := g.taken[e.nip][ds]; ok {
		status, leaveType = "on_leave", typ
	} else if typ, ok := e.onLeave[ds]; ok {
		status, leaveType = "on_leave", typ
	} else if rng.Float64() < absentRate {
		status = "absent"
	}
	n := &Result{} // the counts, kept only with c
	if c != nil {
		n = &c.counts
	}
	var late, early, incomplete int
	switch status {
	case "absent":
		n.Absent++
	case "on_leave":
		n.OnLeave++
	case "present":
		n.Present++
		startMin, endMin := 7*60+30, 16*60
		if d.Weekday() == time.Friday {
			endMin = 16*60 + 30
		}
		arrive := startMin - 5 - int(rng.ExpFloat64()*12) // most a little early
		if rng.Float64() < e.lateRate {
			late = 1 + min(int(rng.ExpFloat64()*lateMean), 240)
			arrive = startMin + late
			n.Late++
		}
		leave := endMin + int(rng.ExpFloat64()*15)
		if rng.Float64() < earlyRate {
			early = 1 + min(int(rng.ExpFloat64()*20), 180)
			leave = endMin - early
			n.EarlyDeparture++
		}
		g.record(c, e, d, "in", arrive, late, 0, rng)
		if rng.Float64() < missingRate {
			incomplete, early = 1, 0
			n.Missing++
		} else {
			g.record(c, e, d, "out", leave, 0, early, rng)
		}
	}
	if c == nil {
		return status, late + early
	}
	lateFlag, earlyFlag := boolInt(late > 0), boolInt(early > 0)
	c.statuses = append(c.statuses, []any{e.nip, ds, ds[:7], e.agency, status, "regular", "", leaveType,
		lateFlag, late, earlyFlag, early, incomplete})
	c.counts.Statuses++
	if closed := at(d, 23, 30); g.sent(closed) {
		ev := &attendancev1.DayClosed{DailyStatus: &attendancev1.DailyStatus{Employee: e.nip, Date: ds, Status: dayStatus(status),
			Reason: "regular", LeaveType: leaveType, Late: late > 0, LateMinutes: int32(late), EarlyDeparture: early > 0,
			EarlyMinutes: int32(early), Incomplete: incomplete == 1}}
		g.outbox(c, closed, g.hash("closed", e.nip, ds), "simpeg.attendance.day.closed", ev)
	}
	return status, late + early
}

func dayStatus(s string) attendancev1.DayStatus {
	switch s {
	case "present":
		return attendancev1.DayStatus_DAY_STATUS_PRESENT
	case "on_leave":
		return attendancev1.DayStatus_DAY_STATUS_ON_LEAVE
	}
	return attendancev1.DayStatus(attendancev1.DayStatus_value["DAY_STATUS_ABSENT"])
}

// record appends a check-in or check-out at minute m of day d; with c nil it only draws.
func (g *gen) record(c *chunk, e *employee, d time.Time, kind string, m, late, early int, rng *rand.Rand) {
	// Seconds into the minute; an early departure's before it, so that the service's whole
	// minutes of lateness and early departure (truncated) are the ones written.
	sec := time.Duration(rng.IntN(60)) * time.Second
	if early > 0 {
		sec = -sec
	}
	delay := time.Duration(200+rng.IntN(1500)) * time.Millisecond
	lat := e.office.lat + (rng.Float64()-0.5)*0.0008
	lon := e.office.lon + (rng.Float64()-0.5)*0.0008
	acc := 5 + rng.Float64()*25
	if c == nil {
		return
	}
	t := at(d, 0, m).Add(sec)
	server := t.Add(delay)
	clientID := uuidString(uuid4(g.hash("record", e.nip, day(d), kind)))
	dist := math.Hypot(lat-e.office.lat, lon-e.office.lon) * 111_000
	outcome := "on_time"
	switch {
	case late > 0:
		outcome = "late"
	case early > 0:
		outcome = "early_departure"
	}
	device := "android-" + e.nip[len(e.nip)-6:]
	c.records = append(c.records, []any{e.nip, clientID, kind, micros(t), micros(server), lat, lon, acc, device, e.office.id,
		day(d), outcome, late, early, 0, dist, 0})
	c.counts.Records++
	if g.sent(server) {
		pbKind := attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN
		subject := "simpeg.attendance.attendance.checked_in"
		var msg proto.Message
		rec := &attendancev1.AttendanceRecord{Name: "employees/" + e.nip + "/attendanceRecords/" + clientID, ClientId: clientID,
			Kind: pbKind, Latitude: lat, Longitude: lon, AccuracyMeters: acc, DeviceId: device, DeviceTime: timestamppb.New(t),
			Employee: e.nip, Outcome: attendancev1.AttendanceOutcome(attendancev1.AttendanceOutcome_value["ATTENDANCE_OUTCOME_"+strings.ToUpper(outcome)]),
			LateMinutes: int32(late), EarlyMinutes: int32(early), DistanceMeters: dist, WorkDate: day(d), ServerTime: timestamppb.New(server)}
		if e.office.id != "" {
			rec.Office = "offices/" + e.office.id
		}
		if kind == "out" {
			rec.Kind = attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_OUT
			subject = "simpeg.attendance.attendance.checked_out"
			msg = &attendancev1.CheckedOut{Record: rec}
		} else {
			msg = &attendancev1.CheckedIn{Record: rec}
		}
		g.outbox(c, server, g.hash("ev", e.nip, clientID), subject, msg)
	}
	g.audit(c, server, g.hash("au", e.nip, clientID), *e, "/simpeg.attendance.v1.AttendanceService/RecordAttendance",
		"employees/"+e.nip+"/attendanceRecords/"+clientID, fmt.Sprintf("%s %s at %s: %s", kind, day(d), t.Format("15:04"), outcome))
}

// sentAfter is how long after its commit at t an event's outbox row is marked sent.
const sentAfter = 40 * time.Millisecond

// sent reports whether the event committed at t is one whose sent outbox row the relay's
// retention still keeps (Options.OutboxSince); the others are not written, not even built.
func (g *gen) sent(t time.Time) bool {
	return g.o.OutboxSince.IsZero() || !t.Add(sentAfter).Before(g.o.OutboxSince)
}

// outbox appends the sent outbox row of the event msg committed at t, if sent keeps it.
func (g *gen) outbox(c *chunk, t time.Time, h uint64, subject string, msg proto.Message) {
	if !g.sent(t) {
		return
	}
	payload, err := proto.Marshal(msg)
	if err != nil {
		panic(err) // the generated messages always marshal
	}
	id := uuid7(t, h)
	trace := fmt.Sprintf(`{"traceparent":"00-%016x%016x-%016x-01"}`, h, h^0x9e3779b97f4a7c15, h>>1)
	c.outbox = append(c.outbox, []any{uuidString(id), subject, string(proto.MessageName(msg)), payload, trace, micros(t),
		micros(t.Add(sentAfter))})
	c.counts.Outbox++
}

func (g *gen) audit(c *chunk, t time.Time, h uint64, e employee, action, resource, detail string) {
	c.audit = append(c.audit, []any{uuidString(uuid7(t, h)), micros(t), e.nip, "employee", e.agency, action, resource,
		fmt.Sprintf("%016x", h), "10.0.0.1", fmt.Sprintf("%016x%016x", h, h>>3), detail})
	c.counts.Audit++
}

func leaveType(t string) attendancev1.LeaveType {
	return attendancev1.LeaveType(attendancev1.LeaveType_value["LEAVE_TYPE_"+strings.ToUpper(t)])
}

func leaveState(s string) attendancev1.LeaveState {
	return attendancev1.LeaveState(attendancev1.LeaveState_value["LEAVE_STATE_"+strings.ToUpper(s)])
}
