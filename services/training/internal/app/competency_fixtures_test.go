package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
)

// The competency area's fixtures: catalogue rows (programmes, sessions, enrolments) and the
// session days delivery records, written as those areas store them, so that the competency
// suites depend on their schema only.

// seedProgramme stores an active (or retired) classroom programme of agency (” for the city's
// catalogue) run by provider, building competencies.
func (e env) seedProgramme(t *testing.T, id, agency, provider string, retired bool, competencies ...string) {
	t.Helper()
	comps, _ := json.Marshal(append([]string{}, competencies...))
	state := "active"
	if retired {
		state = "retired"
	}
	e.exec(t, `INSERT INTO programmes (id, title, description, competency_type, competencies, form, minutes, jp, provider, provider_kind,
		partner, cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time)
		VALUES ($1, $2, '', 'technical', $3, 'classroom', 1350, 30, $4, 'city_training_unit', '', 2500000, 1, 0, $5, $6, 1, 0, 0)`,
		id, "Programme "+id, string(comps), provider, agency, state)
}

// seedSession stores a session of programme run by agency from start to end in zone, taught
// by trainers, in state (scheduled, completed or cancelled).
func (e env) seedSession(t *testing.T, id, programme, agency string, start, end time.Time, zone, state string, trainers ...string) {
	t.Helper()
	tr, _ := json.Marshal(append([]string{}, trainers...))
	e.exec(t, `INSERT INTO sessions (id, programme, agency, start_time, end_time, time_zone, place, online_link, capacity, trainers,
		state, cancel_reason, seated, next_arrival, version, create_time, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, 'Aula BKPSDM', '', 30, $7, $8, '', 0, 1, 1, 0, 0)`,
		id, programme, agency, database.Micros(start), database.Micros(end), zone, string(tr), state)
}

// seatAndRoll enrols employee in session (a seat, finished as state) and records each day of
// days with presence present[i].
func (e env) seatAndRoll(t *testing.T, session, employee, state string, days []string, present ...bool) {
	t.Helper()
	id := session + "-" + employee
	e.exec(t, `INSERT INTO enrolments (id, session, employee, agency, origin, state, arrival, start_time, end_time, requested_by, decided_by,
		reason, score, finish_time, version, create_time, update_time)
		VALUES ($1, $2, $3, 'DISKOMINFO', 'nominated', $4, 1, 0, 0, 'kominfo-hr', 'kominfo-hr', '', 0, 0, 1, 0, 0)`, id, session, employee, state)
	for i, d := range days {
		p := 0
		if present[i] {
			p = 1
		}
		e.exec(t, `INSERT INTO session_days (session, date, enrolment, employee, present, recorded_by, record_time)
			VALUES ($1, $2, $3, $4, $5, 'kominfo-hr', 0)`, session, d, id, employee, p)
	}
}

// exec runs a fixture statement.
func (e env) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := e.db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
