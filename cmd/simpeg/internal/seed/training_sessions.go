package seed

// The training demo's sessions: scheduled, filled by nominations and by requests the
// supervisors approve, and the held ones recorded after they were held, filled by HR's
// nominations and taken through their days' attendance, the outcomes and their closing.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// The session and enrolment states the seed acts on, as the API names them.
const (
	sessionScheduled   = "SESSION_STATE_SCHEDULED"
	enrolmentRequested = "ENROLMENT_STATE_REQUESTED"
	enrolmentEnrolled  = "ENROLMENT_STATE_ENROLLED"
	enrolmentWithdrawn = "ENROLMENT_STATE_WITHDRAWN"
	enrolmentRejected  = "ENROLMENT_STATE_REJECTED"
)

// storedSession is the part of a stored session the seed reads.
type storedSession struct {
	Name       string    `json:"name"`
	Programme  string    `json:"programme"`
	Place      string    `json:"place"`
	OnlineLink string    `json:"onlineLink"`
	State      string    `json:"state"`
	StartTime  time.Time `json:"startTime"`
	EndTime    time.Time `json:"endTime"`
}

// storedEnrolment is the part of a stored enrolment the seed reads.
type storedEnrolment struct {
	Name     string `json:"name"`
	Employee string `json:"employee"`
	State    string `json:"state"`
}

// demoSession is a session of the plan with what the service holds of it.
type demoSession struct {
	spec    sessionSpec
	stored  storedSession
	created bool
	// enrolled maps a planned NIP to its stored enrolment, once made or found.
	enrolled map[string]storedEnrolment
}

// started reports whether the session has begun by now.
func (s *demoSession) started() bool { return !time.Now().Before(s.stored.StartTime) }

// loadSessions schedules the plan's sessions (the held ones only with history) and fills them;
// hold takes the held ones on.
func (t *trainingLoader) loadSessions(ctx context.Context) error {
	var specs []sessionSpec
	for _, s := range t.plan.Sessions {
		if s.Held && (t.noHistory || t.signer == nil) {
			continue
		}
		specs = append(specs, s)
	}
	found := map[string]map[string]storedSession{}
	for _, s := range specs {
		if _, ok := found[s.Programme]; ok {
			continue
		}
		q := url.Values{"programme": {"programmes/" + s.Programme}}
		list, err := listAll[storedSession](ctx, t, "list the sessions of "+s.Programme, "/v1/sessions?"+q.Encode(), "sessions")
		if err != nil {
			return err
		}
		found[s.Programme] = map[string]storedSession{}
		for _, x := range list {
			found[s.Programme][x.Place+"|"+x.OnlineLink] = x
		}
	}
	sessions := make([]*demoSession, len(specs))
	t.prog.begin("sessions", len(specs))
	err := t.parallel(ctx, len(specs), func(ctx context.Context, i int) error {
		s := &demoSession{spec: specs[i], enrolled: map[string]storedEnrolment{}}
		sessions[i] = s
		if x, ok := found[s.spec.Programme][s.spec.key()]; ok {
			s.stored = x
			t.count(func(st *TrainingStats) { st.SessionsPresent++ })
		} else {
			body := jsonBody(map[string]any{"programme": "programmes/" + s.spec.Programme, "agency": s.spec.Agency,
				"startTime": s.spec.Start.UTC().Format(time.RFC3339), "endTime": s.spec.End.UTC().Format(time.RFC3339),
				"timeZone": jakarta, "place": s.spec.Place, "onlineLink": s.spec.Online, "capacity": s.spec.Capacity, "trainers": s.spec.Trainers,
				"held": s.spec.Held})
			if _, err := t.postNew(ctx, "schedule a session of "+s.spec.Programme, "/v1/sessions", body, "", &s.stored); err != nil {
				return err
			}
			s.created = true
			t.count(func(st *TrainingStats) {
				st.SessionsCreated++
				if s.spec.Held {
					st.SessionsHeld++
				}
			})
		}
		t.prog.add(1)
		return nil
	})
	t.prog.end()
	if err != nil {
		return err
	}

	total := 0
	for _, s := range specs {
		total += len(s.Enrolments)
	}
	t.prog.begin("enrolments", total)
	err = t.parallel(ctx, len(sessions), func(ctx context.Context, i int) error { return t.fill(ctx, sessions[i]) })
	t.prog.end()
	t.sessions = sessions
	return err
}

// fill makes the session's missing enrolments in the plan's order (so the waitlist is the
// same every time) while it is open — a class to come until its start, a held class until it is
// completed — and approves the requests the plan approves.
func (t *trainingLoader) fill(ctx context.Context, s *demoSession) error {
	q := url.Values{"session": {s.stored.Name}}
	list, err := listAll[storedEnrolment](ctx, t, "list the enrolments of "+s.stored.Name, "/v1/enrolments?"+q.Encode(), "enrolments")
	if err != nil {
		return err
	}
	for _, e := range list {
		if e.State != enrolmentWithdrawn && e.State != enrolmentRejected {
			s.enrolled[e.Employee] = e
		}
	}
	open := s.stored.State == sessionScheduled && (s.spec.Held || !s.started())
	for _, e := range s.spec.Enrolments {
		stored, ok := s.enrolled[e.NIP]
		switch {
		case ok:
			t.count(func(st *TrainingStats) { st.EnrolmentsPresent++ })
		case !open || (e.Self && t.signer == nil):
			t.prog.add(1)
			continue
		default:
			var err error
			if stored, err = t.enrol(ctx, s, e); err != nil {
				return err
			}
			s.enrolled[e.NIP] = stored
			t.count(func(st *TrainingStats) { st.EnrolmentsCreated++ })
		}
		if stored.State == enrolmentRequested && e.Approve && open && t.signer != nil {
			tok, err := t.token(auth.RoleSupervisor, e.Supervisor, e.SupervisorAgency)
			if err != nil {
				return err
			}
			if err := t.callJSON(ctx, request{method: http.MethodPost, what: "approve " + stored.Name + " as " + e.Supervisor,
				path: "/v1/" + stored.Name + ":approve", body: jsonBody(map[string]any{}), bearer: tok}, &stored); err != nil {
				return err
			}
			s.enrolled[e.NIP] = stored
			t.count(func(st *TrainingStats) { st.Approved++ })
		}
		t.prog.add(1)
	}
	return nil
}

// enrol makes one planned enrolment: the employee's own request, or city HR's nomination.
func (t *trainingLoader) enrol(ctx context.Context, s *demoSession, e enrolmentSpec) (storedEnrolment, error) {
	body, bearer, what := jsonBody(map[string]any{"session": s.stored.Name, "employee": e.NIP}), "", "nominate "+e.NIP+" for "+s.stored.Name
	if e.Self {
		tok, err := t.token(auth.RoleEmployee, e.NIP, e.Agency)
		if err != nil {
			return storedEnrolment{}, err
		}
		body, bearer, what = jsonBody(map[string]any{"session": s.stored.Name}), tok, e.NIP+" asks for a seat in "+s.stored.Name
	}
	var out storedEnrolment
	if _, err := t.postNew(ctx, what, "/v1/enrolments", body, bearer, &out); err != nil {
		return storedEnrolment{}, err
	}
	if out.Employee == "" {
		out.Employee = e.NIP
	}
	return out, nil
}

// hold takes the held sessions still open through their days: each gets its days' attendance
// (those not recorded yet), its seat holders' outcomes and its closing, sessions in parallel.
func (t *trainingLoader) hold(ctx context.Context) error {
	var held []*demoSession
	outcomes := 0
	for _, s := range t.sessions {
		if s.spec.Held && s.stored.State == sessionScheduled {
			held = append(held, s)
			outcomes += len(s.spec.Enrolments)
		}
	}
	if len(held) == 0 {
		return nil
	}
	t.prog.begin("held classes", outcomes)
	defer t.prog.end()
	return t.parallel(ctx, len(held), func(ctx context.Context, i int) error { return t.deliver(ctx, held[i]) })
}

// deliver records a held session's days (every day from its start to its end in WIB, those
// not recorded yet: passed and failed holders present, those who did not finish absent), its
// seat holders' outcomes one after the other and its closing.
func (t *trainingLoader) deliver(ctx context.Context, s *demoSession) error {
	var days struct {
		Days []struct {
			Date string `json:"date"`
		} `json:"days"`
	}
	if err := t.callJSON(ctx, request{method: http.MethodGet, what: "read the attendance of " + s.stored.Name,
		path: "/v1/" + s.stored.Name + "/days"}, &days); err != nil {
		return err
	}
	var seated []enrolmentSpec
	present := []string{}
	for _, e := range s.spec.Enrolments {
		x, ok := s.enrolled[e.NIP]
		if !ok || x.State != enrolmentEnrolled {
			t.prog.add(1)
			continue
		}
		seated = append(seated, e)
		if e.Outcome != outcomeDNF {
			present = append(present, x.Name)
		}
	}
	recorded := map[string]bool{}
	for _, d := range days.Days {
		recorded[d.Date] = true
	}
	for d := civilDay(s.stored.StartTime); len(seated) > 0 && !d.After(civilDay(s.stored.EndTime)); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		if recorded[day] {
			continue
		}
		if err := t.callJSON(ctx, request{method: http.MethodPost, what: "record " + day + " of " + s.stored.Name,
			path: "/v1/" + s.stored.Name + "/days", body: jsonBody(map[string]any{"date": day, "present": present})}, nil); err != nil {
			return err
		}
	}
	for _, e := range seated {
		x := s.enrolled[e.NIP]
		body := map[string]any{"outcome": e.Outcome}
		if e.Score > 0 {
			body["score"] = e.Score
		}
		var out struct {
			Certificate struct {
				Number string `json:"number"`
			} `json:"certificate"`
		}
		if err := t.callJSON(ctx, request{method: http.MethodPost, what: fmt.Sprintf("record %s's outcome in %s", e.NIP, s.stored.Name),
			path: "/v1/" + x.Name + ":complete", body: jsonBody(body)}, &out); err != nil {
			return err
		}
		t.count(func(st *TrainingStats) {
			st.Outcomes++
			if out.Certificate.Number != "" {
				st.Certificates++
			}
		})
		t.prog.add(1)
	}
	if err := t.callJSON(ctx, request{method: http.MethodPost, what: "close " + s.stored.Name,
		path: "/v1/" + s.stored.Name + ":complete", body: jsonBody(map[string]any{})}, nil); err != nil {
		return err
	}
	t.count(func(st *TrainingStats) { st.SessionsClosed++ })
	return nil
}
