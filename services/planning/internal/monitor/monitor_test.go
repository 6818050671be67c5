package monitor_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
)

const (
	progressed    = "simpeg.planning.target.progressed"
	statusChanged = "simpeg.planning.target.status_changed"
)

func jp(employee, ref string, n int32) *trainingv1.JPCredited {
	return &trainingv1.JPCredited{Employee: employee, Agency: "DISKOMINFO", Year: 2026, Jp: n, Source: "session",
		Reference: ref, Title: "Keamanan Informasi", Programme: "programmes/ict-sec"}
}

// TestEvents: the targets move with the other services' events, on the real broker and both
// engines. The JP share of DISKOMINFO's two PNS (the PPPK does not count) moves from 0 to 50.0
// when andi reaches 20 JP; a redelivered event (the same Nats-Msg-Id after the stream's
// duplicate window) and a second event about the same enrolment do not count twice; the
// reversal lowers it to 0 again. A check-in moves the attendance rate to 100.0, an absent day
// closed for budi to 50.0. Each change emits TargetProgressed once; a round with nothing new
// emits nothing.
func TestEvents(t *testing.T) {
	natsURL := testenv.NATS(t)
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		f := newFixture(t, engine, natsURL, monitor.Clients{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for _, s := range []string{"training", "attendance", "evaluation"} {
			f.createStream(t, s)
		}
		f.mon.StartConsumers(ctx)

		// First measure, at the approval: the baseline is the value, on its path.
		f.round(t, false)
		if v, s := f.target(t, "jp"); v != 0 || s != domain.StatusOnTrack {
			t.Fatalf("jp after the first measure = %v %s, want 0 on_track", v, s)
		}
		if n := f.emitted(t, statusChanged); n != 2 {
			t.Errorf("status changes after the first measure = %d, want 2 (unmeasured → on track, both targets)", n)
		}
		if n := f.emitted(t, progressed); n != 0 {
			t.Errorf("progress events after the first measure = %d, want 0 (the value is the baseline, 0)", n)
		}

		f.clock.set(approved.Add(time.Hour))
		f.publish(t, "simpeg.training.jp.credited", "ev-1", jp(andi, "enrolments/e-1", 12))
		f.publish(t, "simpeg.training.jp.credited", "ev-2", jp(andi, "enrolments/e-2", 8))
		f.publish(t, "simpeg.training.jp.credited", "ev-3", jp(citra, "enrolments/e-3", 24)) // PPPK: not in the share
		f.settled(t, monitor.DurableTraining, 3)
		f.round(t, false)
		if v, s := f.target(t, "jp"); v != 50 || s != domain.StatusOnTrack {
			t.Fatalf("jp after andi's 20 JP = %v %s, want 50 on_track", v, s)
		}
		if n := f.emitted(t, progressed); n != 1 {
			t.Errorf("progress events = %d, want 1", n)
		}

		// The same event again after the duplicate window, and another event naming the same
		// enrolment: still 20 JP for andi.
		time.Sleep(1100 * time.Millisecond)
		f.publish(t, "simpeg.training.jp.credited", "ev-2", jp(andi, "enrolments/e-2", 8))
		f.publish(t, "simpeg.training.jp.credited", "ev-4", jp(andi, "enrolments/e-2", 8))
		f.settled(t, monitor.DurableTraining, 4)
		if n := f.count(t, `SELECT COALESCE(SUM(jp), 0) FROM plan_fact_jp WHERE employee = $1`, andi); n != 20 {
			t.Errorf("andi's JP after the redelivery = %d, want 20", n)
		}
		f.round(t, false)
		if v, _ := f.target(t, "jp"); v != 50 {
			t.Errorf("jp after the redelivery = %v, want 50", v)
		}
		if n := f.emitted(t, progressed); n != 1 {
			t.Errorf("progress events after the redelivery = %d, want still 1", n)
		}

		// HR corrects e-2 away from passed: andi is back at 12 JP.
		f.publish(t, "simpeg.training.jp.reversed", "ev-5", &trainingv1.JPReversed{Employee: andi, Agency: "DISKOMINFO", Year: 2026, Jp: 8,
			Source: "session", Reference: "enrolments/e-2", Title: "Keamanan Informasi", Programme: "programmes/ict-sec"})
		f.settled(t, monitor.DurableTraining, 5)
		f.round(t, false)
		if v, _ := f.target(t, "jp"); v != 0 {
			t.Errorf("jp after the reversal = %v, want 0", v)
		}
		if n := f.emitted(t, progressed); n != 2 {
			t.Errorf("progress events after the reversal = %d, want 2", n)
		}

		// Attendance: andi checks in (the day still open), budi's day closes absent.
		f.publish(t, "simpeg.attendance.attendance.checked_in", "at-1", &attendancev1.CheckedIn{Record: &attendancev1.AttendanceRecord{
			Kind: attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN, Employee: andi, WorkDate: "2026-01-01",
			DeviceTime: timestamppb.New(approved.Add(time.Hour))}})
		f.settled(t, monitor.DurableAttendance, 1)
		f.round(t, false)
		if v, _ := f.target(t, "attendance"); v != 100 {
			t.Errorf("attendance after andi's check-in = %v, want 100", v)
		}
		f.publish(t, "simpeg.attendance.day.closed", "at-2", &attendancev1.DayClosed{DailyStatus: &attendancev1.DailyStatus{
			Employee: budi, Date: "2026-01-01", Status: attendancev1.DayStatus_DAY_STATUS_ABSENT}})
		// A check-in after the day closed never reopens it.
		f.publish(t, "simpeg.attendance.attendance.checked_in", "at-3", &attendancev1.CheckedIn{Record: &attendancev1.AttendanceRecord{
			Kind: attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN, Employee: budi, WorkDate: "2026-01-01"}})
		f.settled(t, monitor.DurableAttendance, 3)
		f.round(t, false)
		if v, _ := f.target(t, "attendance"); v != 50 {
			t.Errorf("attendance after budi's absence = %v, want 50", v)
		}
		if n := f.emitted(t, progressed); n != 4 {
			t.Errorf("progress events after the attendance = %d, want 4", n)
		}
		// Nothing new: nothing emitted, even when every target is measured again.
		f.round(t, true)
		if n := f.emitted(t, progressed); n != 4 {
			t.Errorf("progress events after a quiet round = %d, want 4", n)
		}

		// Evaluation's facts are kept too (no target of theirs in this plan).
		f.publish(t, "simpeg.evaluation.skp.approved", "sk-1", &evaluationv1.SkpApproved{Skp: &evaluationv1.Skp{Name: "skps/2026-" + andi + "-1",
			Employee: andi, Year: 2026, Agency: "DISKOMINFO", State: evaluationv1.SkpState_SKP_STATE_APPROVED, UpdateTime: timestamppb.New(approved)}})
		f.publish(t, "simpeg.evaluation.feedback.given", "sk-2", &evaluationv1.FeedbackGiven{Skp: "skps/2026-" + andi + "-1", Employee: andi,
			Agency: "DISKOMINFO", Feedback: &evaluationv1.Feedback{Name: "skps/2026-" + andi + "-1/feedback/f1",
				Kind: evaluationv1.FeedbackKind_FEEDBACK_KIND_FEEDBACK, CreateTime: timestamppb.New(approved.Add(2 * time.Hour))}})
		f.settled(t, monitor.DurableEvaluation, 2)
		if n := f.count(t, `SELECT COUNT(*) FROM plan_fact_skps WHERE approve_time > 0 AND agency = 'DISKOMINFO'`); n != 1 {
			t.Errorf("approved SKPs = %d, want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM plan_fact_feedback WHERE day = '2026-01-01' AND year = 2026`); n != 1 {
			t.Errorf("feedback facts = %d, want 1", n)
		}
	})
}

// TestPath: a target whose path is missed turns at risk, then off track, with a controlled
// clock; each change of status is emitted once, and the trend keeps one point a month. The JP
// share's goal is 80 from a baseline of 0 over 365 days; the margin is 10 % of 80, 8 points.
func TestPath(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		f := newFixture(t, engine, "", monitor.Clients{})
		f.round(t, false) // 1 January: on track at 0
		steps := []struct {
			at       time.Time
			want     domain.TargetStatus
			expected float64
			changes  int // status changes emitted so far, both targets
		}{
			// 19 January: expected 4, 4 behind ≤ 8 (the attendance rate, 4.8 behind ≤ 9.5, too).
			{approved.Add(yearSpan / 20), domain.StatusAtRisk, 4, 4},
			{approved.Add(yearSpan / 20).Add(time.Hour), domain.StatusAtRisk, 4, 4},
			// 15 February: expected 10, 10 behind > 8 (attendance 11.9 behind > 9.5).
			{approved.Add(yearSpan / 8), domain.StatusOffTrack, 10, 6},
			{approved.Add(yearSpan / 4), domain.StatusOffTrack, 20, 6}, // 2 April
		}
		for _, s := range steps {
			f.clock.set(s.at)
			f.round(t, true)
			var exp float64
			var status string
			if err := f.db.QueryRowContext(context.Background(), `SELECT expected, status FROM plan_targets WHERE plan_id = $1 AND target_key = 'jp'`, plan).Scan(&exp, &status); err != nil {
				t.Fatal(err)
			}
			if domain.TargetStatus(status) != s.want || exp != s.expected {
				t.Errorf("at %s: %v %s, want %v %s", s.at, exp, status, s.expected, s.want)
			}
			if n := f.emitted(t, statusChanged); n != s.changes {
				t.Errorf("at %s: %d status changes emitted, want %d", s.at, n, s.changes)
			}
		}
		rows, err := f.db.QueryContext(context.Background(), `SELECT month, expected, status FROM plan_target_points WHERE plan_id = $1 AND target_key = 'jp' ORDER BY month`, plan)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var m, s string
			var e float64
			if err := rows.Scan(&m, &e, &s); err != nil {
				t.Fatal(err)
			}
			got = append(got, m+" "+s)
		}
		want := []string{"2026-01 at_risk", "2026-02 off_track", "2026-04 off_track"}
		if len(got) != len(want) {
			t.Fatalf("points = %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("points = %v, want %v", got, want)
			}
		}
	})
}
