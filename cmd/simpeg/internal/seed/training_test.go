package seed

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// trainingNow is a moment the plan tests build the demo for: a Saturday afternoon in early
// December 2026, WIB.
var trainingNow = time.Date(2026, time.December, 5, 14, 20, 0, 0, wib)

func TestTrainingProgrammes(t *testing.T) {
	id := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	hours := map[string]bool{"PROGRAMME_FORM_CLASSROOM": true, "PROGRAMME_FORM_E_LEARNING": true, "PROGRAMME_FORM_SEMINAR_WORKSHOP": true}
	forms := map[string]int{}
	latsar := 0
	for _, p := range trainingProgrammes {
		forms[p.Form]++
		if p.Latsar {
			latsar++
		}
		switch {
		case !id.MatchString(p.ID):
			t.Errorf("programme id %q is not a valid id", p.ID)
		case !strings.HasPrefix(p.Description, demoLabel+": "):
			t.Errorf("%s's description %q does not say it is demo data", p.ID, p.Description)
		case hours[p.Form] && (p.Minutes <= 0 || p.Minutes%45 != 0 || p.JP != 0):
			t.Errorf("%s is counted in hours: want whole JP of minutes and no typed JP, got %d minutes, %d JP", p.ID, p.Minutes, p.JP)
		case !hours[p.Form] && (p.Minutes != 0 || p.JP < 1):
			t.Errorf("%s states its JP: got %d minutes, %d JP", p.ID, p.Minutes, p.JP)
		case p.Latsar && !p.Certificate:
			t.Errorf("%s is Latsar without a certificate", p.ID)
		case len(p.Competencies) == 0 || !strings.HasPrefix(p.Competencies[0], strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(p.Type, "COMPETENCY_TYPE_"), "_", "-"))+":"):
			t.Errorf("%s of type %s builds %v: want competencies of its type", p.ID, p.Type, p.Competencies)
		}
	}
	if got := programmeByID(progNetwork).expectedJP(); got != 20 {
		t.Errorf("900 minutes of classroom training are %d JP, want 20", got)
	}
	if len(trainingProgrammes) < 12 || latsar != 1 || forms["PROGRAMME_FORM_INTERNSHIP"] != 1 || forms["PROGRAMME_FORM_SEMINAR_WORKSHOP"] != 1 || forms["PROGRAMME_FORM_E_LEARNING"] != 1 {
		t.Errorf("the catalogue has %d programmes by form %v and %d Latsar; want 12 or more with one Latsar, one internship, one seminar and one e-learning",
			len(trainingProgrammes), forms, latsar)
	}
}

// planJP returns the JP each employee earns in the plan (held passes, verified external
// training, the assessed placement) and projects (enrolled in a session still to come).
func planJP(pl trainingPlan) (earned, projected map[string]int) {
	earned, projected = map[string]int{}, map[string]int{}
	for _, s := range pl.Sessions {
		jp := programmeByID(s.Programme).expectedJP()
		seated := 0
		for _, e := range s.Enrolments {
			switch {
			case s.Held && e.Outcome == outcomePassed:
				earned[e.NIP] += jp
			case !s.Held && (!e.Self || e.Approve) && seated < s.Capacity:
				seated++
				projected[e.NIP] += jp
			}
		}
	}
	for _, x := range pl.Externals {
		if x.Decision == "verify" {
			earned[x.NIP] += x.Minutes/45 + x.JP
		}
	}
	for _, x := range pl.Cohort.Placements {
		if x.Assess > 0 && x.NIP != "" {
			earned[x.NIP] += programmeByID(progInternship).JP
		}
	}
	return earned, projected
}

func TestTrainingPlanSessions(t *testing.T) {
	d := dataset(t)
	pl := newTrainingPlan(d, trainingNow)
	if !reflect.DeepEqual(pl, newTrainingPlan(d, trainingNow)) {
		t.Fatal("two plans of the same data set and moment differ")
	}
	byNIP := map[string]bool{}
	cpns := map[string]string{}
	for _, e := range d.Employees {
		byNIP[e.GetNip()] = true
		if isCPNS(e) {
			cpns[e.GetNip()] = e.GetAppointmentDate()
		}
	}
	_, team := demoTeam(d, leaveAgency)
	held, future := map[string]string{}, map[string]string{}
	var outcomes = map[string]int{}
	waitlisted, awaiting := 0, 0
	for _, s := range pl.Sessions {
		if len(s.Enrolments) > 0 && !s.End.After(s.Start) {
			t.Errorf("%s %q ends %s, not after its start %s", s.Programme, s.key(), s.End, s.Start)
		}
		start, end := s.Start.In(wib), s.End.In(wib)
		days := civilDay(end).Sub(civilDay(start)).Hours() / 24
		switch {
		case !s.Held && s.Start.Before(trainingNow.Add(2*time.Hour)):
			t.Errorf("%s %q is planned to start at %s: want hours after now, to fill it first", s.Programme, s.key(), s.Start)
		case s.Held && (end.After(trainingNow) || start.Before(trainingNow.AddDate(0, -11, 0))):
			t.Errorf("held %s %q runs %s to %s: want it ended in the months before now", s.Programme, s.key(), start, end)
		case s.Held && (start.Hour() != 8 || end.Hour() != 16 || days < 0 || days > 2 || start.Weekday() == time.Sunday || end.Weekday() > time.Friday):
			t.Errorf("held %s %q runs %s to %s: want one to three weekdays, 08.00 to 16.00 WIB", s.Programme, s.key(), start, end)
		}
		seen := map[string]bool{}
		for _, e := range s.Enrolments {
			if !byNIP[e.NIP] || (e.Self && !byNIP[e.Supervisor]) || seen[e.NIP] {
				t.Errorf("%s: enrolment %+v names an unknown or repeated employee or supervisor", s.Programme, e)
			}
			seen[e.NIP] = true
			if (s.Programme == progLatsar) != (cpns[e.NIP] != "") {
				t.Errorf("%s enrols %s (CPNS appointed %q): Latsar is for CPNS only, and only Latsar takes them", s.Programme, e.NIP, cpns[e.NIP])
			}
			in := future
			if s.Held {
				in = held
				outcomes[e.Outcome]++
				if e.Self {
					t.Errorf("held %s: %s asks for a seat; want HR's nominations only", s.Programme, e.NIP)
				}
			} else if e.Self && !e.Approve {
				awaiting++
			}
			if prev, dup := in[e.NIP]; dup {
				t.Errorf("%s is in %s and %s; want one held and one future session at most", e.NIP, prev, s.Programme)
			}
			in[e.NIP] = s.Programme
		}
		if s.Held && len(s.Enrolments) > s.Capacity {
			t.Errorf("held %s has %d enrolments for %d seats: a waitlisted one would stay live", s.Programme, len(s.Enrolments), s.Capacity)
		}
		if !s.Held && len(s.Enrolments) > s.Capacity {
			waitlisted += len(s.Enrolments) - s.Capacity
		}
	}
	for nip, p := range future {
		if _, ok := held[nip]; ok {
			t.Errorf("%s takes %s in the weeks after a held class", nip, p)
		}
	}
	if n := len(held); n < 150 || outcomes[outcomePassed] < n*8/10 || outcomes[outcomeFailed] == 0 || outcomes[outcomeDNF] == 0 {
		t.Errorf("held classes: %d participants, outcomes %v; want 150 or more, mostly passed, a few failed and not finished", n, outcomes)
	}
	if waitlisted == 0 || awaiting == 0 {
		t.Errorf("future sessions: %d waitlisted, %d requests awaiting the supervisor; want some of each", waitlisted, awaiting)
	}
	if held[team[0]] != progSPBE || held[team[1]] != "" || future[team[0]] != "" || future[team[1]] != "" {
		t.Errorf("the sign-in's employees %s and %s: held %q %q, future %q %q; want the first to have passed the SPBE class only, the second nothing",
			team[0], team[1], held[team[0]], held[team[1]], future[team[0]], future[team[1]])
	}

	earned, projected := planJP(pl)
	done, short := 0, 0
	for _, jp := range earned {
		if jp >= 20 {
			done++
		} else if jp > 0 {
			short++
		}
	}
	if done < len(d.Employees)*15/100 || done > len(d.Employees)*30/100 || short < 60 || len(projected) < 50 {
		t.Errorf("JP earned: %d of %d employees at 20 or more, %d between 1 and 19; %d with JP projected; want 15 to 30 %% at 20 and a spread",
			done, len(d.Employees), short, len(projected))
	}
}

func TestTrainingPlanRecords(t *testing.T) {
	for _, now := range []time.Time{trainingNow, time.Date(2027, time.January, 1, 9, 0, 0, 0, wib), time.Date(2026, time.June, 15, 23, 30, 0, 0, wib)} {
		t.Run(now.Format(time.DateTime), func(t *testing.T) { checkPlanRecords(t, now) })
	}
}

// checkPlanRecords checks the plan's partners, cohort, external training, plans and assessments
// built at now.
func checkPlanRecords(t *testing.T, now time.Time) {
	d := dataset(t)
	pl := newTrainingPlan(d, now)
	today := civilDay(now)
	cpns := map[string]bool{}
	agency := map[string]string{}
	for _, e := range d.Employees {
		cpns[e.GetNip()] = isCPNS(e)
		agency[e.GetNip()] = e.GetAgency()
	}

	var expiring []string
	var usu agreementSpec
	for _, p := range pl.Partners {
		for _, a := range p.Agreements {
			if days := a.End.Sub(today).Hours() / 24; days >= 0 && days <= 90 {
				expiring = append(expiring, p.ID)
			}
			if a.Number == pl.Cohort.Agreement {
				usu = a
			}
		}
	}
	if len(pl.Partners) != 2 || !slices.Equal(expiring, []string{partnerPolmed}) {
		t.Errorf("partners %d, expiring within 90 days %v; want two, the Polytechnic's expiring", len(pl.Partners), expiring)
	}

	c := pl.Cohort
	if c.Start.Before(usu.Start) || c.End.After(usu.End) || !c.Start.Before(today) || !c.End.After(today) || len(c.Quotas) < 2 || len(c.Quotas) > 3 {
		t.Errorf("cohort %s – %s with quotas %v under agreement %s – %s: want it inside the agreement, running, 2–3 agencies",
			c.Start, c.End, c.Quotas, usu.Start, usu.End)
	}
	placed := map[string]int{}
	assessed, employees, students := 0, 0, 0
	for _, x := range c.Placements {
		placed[x.Agency]++
		switch {
		case x.NIP != "":
			employees++
			if !cpns[x.NIP] || agency[x.NIP] != x.Agency {
				t.Errorf("placement of %s in %s: want a CPNS of that agency", x.NIP, x.Agency)
			}
		case x.Student != "" && x.StudentNumber != "" && x.Institution != "" && x.StudyProgramme != "":
			students++
		default:
			t.Errorf("placement %+v names neither an employee nor a whole student", x)
		}
		if agency[x.Mentor] != x.Agency || x.Mentor == x.NIP {
			t.Errorf("placement %+v: the mentor must be another employee of the agency", x)
		}
		last := c.End
		if x.Assess > 0 {
			assessed++
			if x.End.IsZero() || !x.End.Before(today) || x.End.Before(c.Start) {
				t.Errorf("assessed placement %+v: want it ended before today, inside the cohort", x)
			}
			last = x.End
		}
		for _, day := range x.Logbook {
			if day.Before(c.Start) || day.After(last) || !day.Before(today) || day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				t.Errorf("logbook day %s of %+v: want a past weekday within the placement", day, x)
			}
		}
		if len(x.Logbook) == 0 || x.Reviewed > len(x.Logbook) {
			t.Errorf("placement %+v: want logbook entries, some reviewed", x)
		}
	}
	for a, n := range placed {
		if n > c.Quotas[a] {
			t.Errorf("%d placements in %s for %d seats", n, a, c.Quotas[a])
		}
	}
	if assessed != 1 || employees < 2 || students < 2 {
		t.Errorf("%d employees and %d students placed, %d assessed; want some of both, one assessed", employees, students, assessed)
	}

	decisions := map[string]int{}
	for _, x := range pl.Externals {
		decisions[x.Decision]++
		if x.End.After(today) || x.Start.After(x.End) || x.Start.Year() != today.Year() || (x.Minutes == 0) == (x.JP == 0) {
			t.Errorf("external training %+v: want dates this year before today, and minutes or JP", x)
		}
		if x.Decision == "reject" && x.Reason == "" {
			t.Errorf("external training %+v is rejected without a reason", x)
		}
	}
	if decisions["verify"] < 3 || decisions[""] < 2 || decisions["reject"] != 1 {
		t.Errorf("external training decisions %v; want verified ones, some awaiting HR, one rejected", decisions)
	}

	for _, p := range pl.Plans {
		for _, l := range p.Lines {
			if !slices.Contains(programmeByID(l.Programme).Competencies, l.Competency) || l.Seats < 1 {
				t.Errorf("%s's plan line %+v: want a programme building the competency, seats", p.Agency, l)
			}
		}
	}
	sources := map[string]int{}
	for _, a := range pl.Assessments {
		sources[a.Source]++
		if a.Level < 1 || a.Level > 5 || a.Date.After(today) || agency[a.NIP] != a.Agency {
			t.Errorf("assessment %+v: want a level 1–5, a past date, the employee's agency", a)
		}
	}
	if len(pl.Plans) != 2 || sources["ASSESSMENT_SOURCE_ASSESSMENT"] == 0 || sources["ASSESSMENT_SOURCE_SELF_ASSESSMENT"] == 0 {
		t.Errorf("%d plans, assessments by source %v; want two plans and both kinds of assessment", len(pl.Plans), sources)
	}
}

func TestWeekdayHelpers(t *testing.T) {
	tests := []struct {
		name string
		got  time.Time
		want string
	}{
		{"next week's Tuesday", weekday(trainingNow, 1, 1, 8), "2026-12-08T08:00:00+07:00"},
		{"a Monday counts its own week", weekday(time.Date(2026, 12, 7, 9, 0, 0, 0, wib), 0, 0, 16), "2026-12-07T16:00:00+07:00"},
		{"the day of a Sunday in UTC is Monday in WIB", civilDay(time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)), "2026-12-07T00:00:00+07:00"},
	}
	for _, tt := range tests {
		if got := tt.got.Format(time.RFC3339); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	days := lastWeekdays(trainingNow, trainingNow.AddDate(0, 0, -30), 3)
	var got []string
	for _, d := range days {
		got = append(got, date(d))
	}
	if want := []string{"2026-12-02", "2026-12-03", "2026-12-04"}; !slices.Equal(got, want) {
		t.Errorf("the three weekdays before Saturday 5 December: %v, want %v", got, want)
	}
}
