package monitor_test

import (
	"context"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestValues: every kind's value from the facts and the registry, for DISKOMINFO's plan and the
// city's (every agency), on 10 May 2026 (the second quarter). DISKOMINFO has andi and budi (PNS)
// and citra (PPPK); DINKES has dewi (PNS).
func TestValues(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		f := newFixture(t, engine, "", monitor.Clients{})
		ctx := context.Background()
		f.clock.set(time.Date(2026, 5, 10, 10, 0, 0, 0, wib))
		f.exec(t, `INSERT INTO work_plans (id, agency, year, state, content, in_force, version, approved_version, comment, create_time, update_time, approve_time)
			VALUES ('wp-city', '', 2026, 'in_progress', '{}', '', 1, 1, '', 0, 0, 0)`)
		kinds := []string{"jp_share", "programme_participants", "internships_completed", "attendance_rate", "unexcused_absence_days",
			"skp_approved_share", "ratings_finalised_share", "feedback_share", "fill_rate"}
		for _, p := range []struct{ id, agency string }{{plan, "DISKOMINFO"}, {"wp-city", ""}} {
			for _, k := range kinds {
				f.exec(t, `INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes, start_time, active,
					baseline, value, expected, status, measure_time) VALUES ($1, $2, $3, 2026, $4, 90, '2026-12-31', '["ict-sec"]', $5, 1, 0, 0, 0, '', 0)
					ON CONFLICT (plan_id, target_key) DO NOTHING`, p.id, "k-"+k, p.agency, k, approved.UnixMicro())
			}
		}
		// The positions: DISKOMINFO's pos-a needs 2 and has no holder, pos-b needs 1 and has
		// three (over-staffing fills no other), pos-c needs none; DINKES's pos-d needs 1, dewi's.
		for _, p := range []struct {
			id, agency string
			need       int
		}{{"pos-a", "DISKOMINFO", 2}, {"pos-b", "DISKOMINFO", 1}, {"pos-c", "DISKOMINFO", 0}, {"pos-d", "DINKES", 1}} {
			f.exec(t, `INSERT INTO positions (id, title, kind, class, agency, unit, competencies, needed, version, create_time, update_time)
				VALUES ($1, $1, 'executor', 5, $2, NULL, '[]', $3, 1, 0, 0)`, p.id, p.agency, p.need)
		}
		f.exec(t, `UPDATE employees SET position = 'pos-b' WHERE agency = 'DISKOMINFO'`)
		f.exec(t, `UPDATE employees SET position = 'pos-d' WHERE nip = $1`, dewi)

		at := time.Date(2026, 5, 1, 9, 0, 0, 0, wib)
		rec := func(id string) store.Recorded { return store.Recorded{EventID: id, Subject: "test", Occur: at, At: at} }
		err := f.db.InTx(ctx, func(tx *database.Tx) error {
			fx := store.FactsIn(tx)
			for i, j := range []store.JPFact{
				{Reference: "enrolments/a1", Employee: andi, Agency: "DISKOMINFO", Year: 2026, JP: 12, Source: "session", Programme: "ict-sec"},
				{Reference: "externalTrainings/a2", Employee: andi, Agency: "DISKOMINFO", Year: 2026, JP: 8, Source: "external"},
				{Reference: "enrolments/b1", Employee: budi, Agency: "DISKOMINFO", Year: 2026, JP: 4, Source: "session", Programme: "other"},
				{Reference: "enrolments/b0", Employee: budi, Agency: "DISKOMINFO", Year: 2025, JP: 30, Source: "session", Programme: "ict-sec"},
				{Reference: "externalTrainings/c1", Employee: citra, Agency: "DISKOMINFO", Year: 2026, JP: 30, Source: "external"},
				{Reference: "enrolments/d1", Employee: dewi, Agency: "DINKES", Year: 2026, JP: 25, Source: "session", Programme: "ict-sec"},
			} {
				if err := fx.PutJP(ctx, j, rec("jp-"+string(rune('a'+i)))); err != nil {
					return err
				}
			}
			for _, p := range []store.InternshipFact{
				{Placement: "placements/p1", Agency: "DISKOMINFO", Year: 2026, State: "completed"},
				{Placement: "placements/p2", Agency: "DISKOMINFO", Year: 2025, State: "completed"},
				{Placement: "placements/p3", Agency: "DISKOMINFO", Year: 2026, State: "withdrawn"},
				{Placement: "placements/p4", Agency: "DINKES", Year: 2026, State: "completed"},
			} {
				if err := fx.PutInternship(ctx, p, rec(p.Placement)); err != nil {
					return err
				}
			}
			for _, d := range []store.DayFact{
				{Employee: andi, Day: "2026-05-04", Agency: "DISKOMINFO", Status: store.DayPresent},
				{Employee: andi, Day: "2026-05-05", Agency: "DISKOMINFO", Status: store.DayAbsent},
				{Employee: andi, Day: "2026-05-06", Agency: "DISKOMINFO", Status: store.DayOnLeave},
				{Employee: andi, Day: "2026-05-07", Agency: "DISKOMINFO", Status: store.DayHoliday},
				{Employee: andi, Day: "2025-12-31", Agency: "DISKOMINFO", Status: store.DayAbsent},
				{Employee: andi, Day: "2026-05-11", Agency: "DISKOMINFO", Status: store.DayPresent}, // after today: not counted
				{Employee: budi, Day: "2026-05-04", Agency: "DISKOMINFO", Status: store.DayAbsent},
				{Employee: budi, Day: "2026-05-10", Agency: "DISKOMINFO", Status: store.DayCheckedIn},
				{Employee: dewi, Day: "2026-05-04", Agency: "DINKES", Status: store.DayPresent},
			} {
				if err := fx.PutDay(ctx, d, rec(d.Employee+d.Day)); err != nil {
					return err
				}
			}
			for _, s := range []store.SkpFact{
				{Skp: "2026-a", Employee: andi, Agency: "DISKOMINFO", Year: 2026, Approved: at},
				{Skp: "2026-a", Employee: andi, Agency: "DISKOMINFO", Year: 2026, Finalised: at, Predicate: "baik"},
				{Skp: "2026-b", Employee: budi, Agency: "DISKOMINFO", Year: 2026, Approved: at},
				{Skp: "2025-c", Employee: citra, Agency: "DISKOMINFO", Year: 2025, Approved: at, Finalised: at},
			} {
				if err := fx.PutSkp(ctx, s, rec("skp-"+s.Skp)); err != nil {
					return err
				}
			}
			for _, fb := range []store.FeedbackFact{
				{Feedback: "skps/2026-a/feedback/1", Skp: "2026-a", Employee: andi, Agency: "DISKOMINFO", Year: 2026, Day: "2026-04-15"},
				{Feedback: "skps/2026-a/feedback/2", Skp: "2026-a", Employee: andi, Agency: "DISKOMINFO", Year: 2026, Day: "2026-05-01"},
				{Feedback: "skps/2026-b/feedback/1", Skp: "2026-b", Employee: budi, Agency: "DISKOMINFO", Year: 2026, Day: "2026-03-30"},
			} {
				if err := fx.PutFeedback(ctx, fb, rec(fb.Feedback)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		f.round(t, false)
		if n := f.count(t, `SELECT COUNT(*) FROM plan_dirty`); n != 0 {
			t.Errorf("dirty marks left after the round: %d", n)
		}
		if n := f.count(t, `SELECT approve_time FROM plan_fact_skps WHERE skp = '2026-a'`); n == 0 {
			t.Error("the finalisation of 2026-a wiped its approval")
		}
		tests := []struct {
			kind         string
			agency, city float64
		}{
			{"jp_share", 50, 66.7},           // andi of andi, budi; + dewi of three
			{"programme_participants", 1, 2}, // andi; + dewi (budi's ict-sec JP is of 2025)
			{"internships_completed", 1, 2},  // p1; + p4
			{"attendance_rate", 50, 60},      // (1 present + budi's check-in) ÷ 4; (3) ÷ 5
			{"unexcused_absence_days", 2, 2}, // andi's and budi's of 2026
			{"skp_approved_share", 66.7, 50}, // andi, budi of 3; of 4
			{"ratings_finalised_share", 33.3, 25},
			{"feedback_share", 33.3, 25}, // andi in Q2 (budi's is of Q1)
			{"fill_rate", 33.3, 50},      // (0 + 1) ÷ 3; (0 + 1 + 1) ÷ 4
		}
		for _, tt := range tests {
			for _, p := range []struct {
				id   string
				want float64
			}{{plan, tt.agency}, {"wp-city", tt.city}} {
				var v float64
				if err := f.db.QueryRowContext(ctx, `SELECT value FROM plan_targets WHERE plan_id = $1 AND target_key = $2`, p.id, "k-"+tt.kind).Scan(&v); err != nil {
					t.Fatal(err)
				}
				if v != p.want {
					t.Errorf("%s of %s = %v, want %v", tt.kind, p.id, v, p.want)
				}
			}
		}
	})
}
