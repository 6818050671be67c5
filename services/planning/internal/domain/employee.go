package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// IDKind is the numbering scheme of an employee's identifier.
type IDKind string

// The identifier kinds.
const (
	IDKindNIP  IDKind = "nip"
	IDKindPPPK IDKind = "pppk"
)

// EmploymentType is the kind of civil servant.
type EmploymentType string

// The employment types. A CPNS (calon PNS) is a candidate civil servant serving the one-year
// probation (masa percobaan) that ends in appointment as PNS (PP 11/2017 art. 34-37; DOMAIN.md
// "Probation"): identified by a NIP and ranked like a PNS, the appointment date being the start
// of the CPNS appointment (TMT CPNS), which the NIP encodes.
const (
	PNS  EmploymentType = "pns"
	CPNS EmploymentType = "cpns"
	PPPK EmploymentType = "pppk"
)

// civilServant reports whether t is a PNS or a CPNS, who share the NIP and the ranks I/a … IV/e.
func civilServant(t EmploymentType) bool { return t == PNS || t == CPNS }

// Sex is an employee's recorded sex.
type Sex string

// The sexes.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// Status is where an employee stands with the city government.
type Status string

// The statuses.
const (
	Active      Status = "active"
	Transferred Status = "transferred" // moved out to another government
	Retired     Status = "retired"
)

// MaxSupervisorDepth bounds the supervisor chain; a longer one is treated as broken data.
const MaxSupervisorDepth = 64

// Date is a calendar date with no time of day or zone.
type Date struct{ time.Time }

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("must be a date YYYY-MM-DD, got %q", s)
	}
	return Date{t}, nil
}

// DateOf returns the calendar date of t in UTC.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Assignment is a period an employee spent in an agency.
type Assignment struct {
	Agency, Unit, Position string
	Start                  Date
	End                    Date // zero while current
	EndReason              string
}

// Employee is a civil servant of the city.
type Employee struct {
	NIP         string
	IDKind      IDKind
	FullName    string
	FrontTitle  string
	BackTitle   string
	Sex         Sex
	BirthDate   Date
	Appointment Date
	Type        EmploymentType
	Rank        string
	Agency      string
	Unit        string
	Position    string
	Supervisor  string
	Status      Status
	Education   Education // the highest formal education completed, for the dashboards; "" not recorded
	History     []Assignment
	Version     int64
	Created     time.Time
	Updated     time.Time
}

// DisplayName is the name written with titles, e.g. "Dr. Siti Aminah, S.Kom., M.T.".
func (e Employee) DisplayName() string {
	s := strings.TrimSpace(e.FullName)
	if e.FrontTitle != "" {
		s = strings.TrimSpace(e.FrontTitle) + " " + s
	}
	if e.BackTitle != "" {
		s += ", " + strings.TrimSpace(e.BackTitle)
	}
	return s
}

// Supervisor is what the rules need to know of a prospective supervisor.
type Supervisor struct {
	NIP    string
	Status Status
	// Chain lists the supervisor's own supervisors, nearest first, up to the top.
	Chain []string
}

// Refs are the records an employee's fields point at, looked up by the app layer; nil when the
// field is empty or the record does not exist.
type Refs struct {
	Agency     *Agency
	Unit       *Agency
	Position   *Position
	Supervisor *Supervisor
}

// pnsRankOrder are the PNS ranks (golongan/ruang) from lowest to highest; pppkGradeOrder the
// PPPK grades.
var (
	pnsRankOrder = func() []string {
		var out []string
		for _, g := range []struct {
			roman string
			last  byte
		}{{"I", 'd'}, {"II", 'd'}, {"III", 'd'}, {"IV", 'e'}} {
			for c := byte('a'); c <= g.last; c++ {
				out = append(out, g.roman+"/"+string(c))
			}
		}
		return out
	}()
	pppkGradeOrder = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"}
)

var (
	pnsRanks   = setOf(pnsRankOrder)
	pppkGrades = setOf(pppkGradeOrder)
)

func setOf(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// Ranks returns the ranks of employment type t from lowest to highest: I/a … IV/e for PNS
// and CPNS, the grades I … XVII for PPPK.
func Ranks(t EmploymentType) []string {
	if t == PPPK {
		return slices.Clone(pppkGradeOrder)
	}
	return slices.Clone(pnsRankOrder)
}

// ValidRank reports whether rank exists for the employment type: I/a … IV/e for PNS and CPNS,
// I … XVII for PPPK.
func ValidRank(t EmploymentType, rank string) bool {
	if t == PPPK {
		return pppkGrades[rank]
	}
	return pnsRanks[rank]
}

// NewEmployee validates a new employee against the NIP rules, the records its fields point at,
// and today's date, and returns it ready to store: sex, birth and appointment dates filled from
// the NIP where not given, status active, and a first assignment starting today.
func NewEmployee(e Employee, refs Refs, now time.Time) (Employee, error) {
	var v errs.Violations
	today := DateOf(now)
	if e.IDKind == "" {
		e.IDKind = IDKindNIP
		if e.Type == PPPK {
			e.IDKind = IDKindPPPK
		}
	}
	switch {
	case !civilServant(e.Type) && e.Type != PPPK:
		v.Add("employment_type", "must be PNS, CPNS or PPPK")
	case civilServant(e.Type) && e.IDKind != IDKindNIP:
		v.Add("identifier_kind", "a %s is identified by a NIP", strings.ToUpper(string(e.Type)))
	case e.Type == PPPK && e.IDKind != IDKindPPPK:
		v.Add("identifier_kind", "a PPPK is identified by a PPPK number, not a NIP")
	}
	switch e.IDKind {
	case IDKindNIP:
		n, err := nip.Parse(e.NIP, now)
		if err != nil {
			addNIPViolations(&v, err)
			break
		}
		sex := Male
		if n.Sex == nip.Female {
			sex = Female
		}
		switch {
		case e.Sex == "":
			e.Sex = sex
		case e.Sex != sex:
			v.Add("sex", "is %s but the NIP's 15th digit (%d) says %s", e.Sex, n.Sex, sex)
		}
		birth := Date{n.BirthDate}
		switch {
		case e.BirthDate.IsZero():
			e.BirthDate = birth
		case !e.BirthDate.Equal(birth.Time):
			v.Add("birth_date", "is %s but the NIP says %s", e.BirthDate, birth)
		}
		switch {
		case e.Appointment.IsZero():
			e.Appointment = Date{n.Appointment}
		case e.Appointment.Year() != n.Appointment.Year() || e.Appointment.Month() != n.Appointment.Month():
			v.Add("appointment_date", "is %s but the NIP says the appointment was in %s", e.Appointment, n.Appointment.Format("2006-01"))
		}
	case IDKindPPPK:
		if err := nip.CheckDigits(e.NIP); err != nil {
			addNIPViolations(&v, err)
		}
		if e.Sex != Male && e.Sex != Female {
			v.Add("sex", "is required for a PPPK (the number does not encode it)")
		}
		switch {
		case e.BirthDate.IsZero():
			v.Add("birth_date", "is required for a PPPK (the number does not encode it)")
		case e.BirthDate.After(today.Time):
			v.Add("birth_date", "%s is in the future", e.BirthDate)
		}
		switch {
		case e.Appointment.IsZero():
			v.Add("appointment_date", "is required for a PPPK")
		case e.Appointment.After(today.Time):
			v.Add("appointment_date", "%s is in the future", e.Appointment)
		case !e.BirthDate.IsZero() && e.Appointment.Before(e.BirthDate.AddDate(nip.MinAppointmentAge, 0, 0)):
			v.Add("appointment_date", "%s is before the 17th birthday", e.Appointment)
		}
	default:
		v.Add("identifier_kind", "must be NIP or PPPK")
	}
	checkPerson(&v, e)
	checkPlacement(&v, "agency", "unit", e.Agency, e.Unit, refs.Agency, refs.Unit)
	checkHeldPosition(&v, e, refs)
	checkSupervisor(&v, e.NIP, e.Supervisor, refs.Supervisor)
	if err := v.Err(); err != nil {
		return Employee{}, err
	}
	e.Status = Active
	e.History = []Assignment{{Agency: e.Agency, Unit: e.Unit, Position: e.Position, Start: today}}
	e.Version, e.Created, e.Updated = 1, now, now
	return e, nil
}

func addNIPViolations(v *errs.Violations, err error) {
	if perr, ok := err.(*nip.Error); ok {
		for _, pv := range perr.Violations {
			v.Add("nip", "%s", pv.Reason)
		}
		return
	}
	v.Add("nip", "%v", err)
}

func checkPerson(v *errs.Violations, e Employee) {
	if l := len([]rune(strings.TrimSpace(e.FullName))); l < 2 || l > 150 {
		v.Add("full_name", "must be 2-150 characters")
	}
	if !e.Education.Valid() {
		v.Add("education", "%q is not an education level; use sd, smp, sma, d1, d2, d3, d4, s1, s2 or s3, or leave it empty", e.Education)
	}
	if civilServant(e.Type) || e.Type == PPPK {
		if !ValidRank(e.Type, e.Rank) {
			if civilServant(e.Type) {
				v.Add("rank", "%q is not a PNS rank; use I/a … IV/e (a CPNS holds one too)", e.Rank)
			} else {
				v.Add("rank", "%q is not a PPPK grade; use I … XVII", e.Rank)
			}
		}
	}
}

func checkHeldPosition(v *errs.Violations, e Employee, refs Refs) {
	if e.Position == "" {
		return
	}
	switch {
	case refs.Position == nil:
		v.Add("position", "position %q does not exist", e.Position)
	case refs.Position.Agency != e.Agency:
		v.Add("position", "position %q belongs to %s, not %s", e.Position, refs.Position.Agency, e.Agency)
	case refs.Position.Unit != "" && e.Unit != "" && refs.Position.Unit != e.Unit:
		v.Add("position", "position %q sits in unit %s, not %s", e.Position, refs.Position.Unit, e.Unit)
	}
}

// checkSupervisor enforces that a supervisor exists in this government, is active, and that
// the link makes no cycle: the employee may not appear among the supervisor's own supervisors.
func checkSupervisor(v *errs.Violations, self, supervisor string, s *Supervisor) {
	if supervisor == "" {
		return
	}
	switch {
	case supervisor == self:
		v.Add("supervisor", "an employee cannot supervise themselves")
	case s == nil:
		v.Add("supervisor", "employee %s is not registered with this government", supervisor)
	case s.Status != Active:
		v.Add("supervisor", "employee %s is %s and cannot supervise", supervisor, s.Status)
	case slices.Contains(s.Chain, self):
		v.Add("supervisor", "%s reports (directly or not) to %s; the link would make a cycle", supervisor, self)
	case len(s.Chain) >= MaxSupervisorDepth:
		v.Add("supervisor", "the supervisor chain above %s is longer than %d", supervisor, MaxSupervisorDepth)
	}
}

// EmployeeUpdate carries the new values of an update and which fields to apply.
type EmployeeUpdate struct {
	Fields []string
	Values Employee
	Refs   Refs // Agency is the employee's agency; Unit, Position, Supervisor the new ones
}

// Apply changes e by u and returns the fields that changed.
func (e *Employee) Apply(u EmployeeUpdate, now time.Time) ([]string, error) {
	next := *e
	var v errs.Violations
	placement := false
	for _, f := range u.Fields {
		switch f {
		case "full_name":
			next.FullName = u.Values.FullName
		case "front_title":
			next.FrontTitle = u.Values.FrontTitle
		case "back_title":
			next.BackTitle = u.Values.BackTitle
		case "rank":
			next.Rank = u.Values.Rank
		case "education":
			next.Education = u.Values.Education
		case "unit":
			next.Unit, placement = u.Values.Unit, true
		case "position":
			next.Position, placement = u.Values.Position, true
		case "supervisor":
			next.Supervisor, placement = u.Values.Supervisor, true
		case "appointment_date":
			if e.IDKind != IDKindPPPK {
				v.Add("update_mask", "appointment_date comes from the NIP and cannot be changed")
				continue
			}
			next.Appointment = u.Values.Appointment
		case "employment_type":
			// A CPNS who completes the probation is appointed PNS (PP 11/2017 art. 34-37;
			// PermenPANRB 6/2024 art. 15(1)(h), "pengangkatan calon PNS menjadi PNS"); no
			// other change of type exists: a PPPK becomes a PNS only through a new selection.
			switch {
			case u.Values.Type == e.Type:
			case e.Type == CPNS && u.Values.Type == PNS:
				next.Type = PNS
			default:
				v.Add("employment_type", "only a CPNS can change type, to PNS (appointment after the probation); %s cannot become %q", e.Type, u.Values.Type)
			}
		case "agency":
			v.Add("update_mask", "agency is changed only by TransferEmployee")
		case "nip", "sex", "birth_date", "identifier_kind":
			v.Add("update_mask", "%s cannot be changed", f)
		case "status":
			v.Add("update_mask", "status is changed only by TransferEmployee and RetireEmployee")
		default:
			v.Add("update_mask", "unknown field %q; updatable: full_name, front_title, back_title, rank, education, unit, position, supervisor, appointment_date, employment_type", f)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if placement && e.Status != Active {
		return nil, errs.Preconditionf("employee %s is %s; only an active employee's unit, position or supervisor can change", e.NIP, e.Status)
	}
	if p := e.Pending(DateOf(now)); placement && p != nil {
		return nil, errs.Preconditionf("employee %s has a transfer pending from %s; the unit, position or supervisor change waits until it takes effect", e.NIP, p.Start)
	}
	checkPerson(&v, next)
	if next.IDKind == IDKindPPPK && next.Appointment.Before(next.BirthDate.AddDate(nip.MinAppointmentAge, 0, 0)) {
		v.Add("appointment_date", "%s is before the 17th birthday", next.Appointment)
	}
	if placement {
		checkPlacement(&v, "agency", "unit", next.Agency, next.Unit, u.Refs.Agency, u.Refs.Unit)
		checkHeldPosition(&v, next, u.Refs)
		if next.Supervisor != e.Supervisor {
			checkSupervisor(&v, next.NIP, next.Supervisor, u.Refs.Supervisor)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var changed []string
	add := func(name string, diff bool) {
		if diff {
			changed = append(changed, name)
		}
	}
	add("full_name", next.FullName != e.FullName)
	add("front_title", next.FrontTitle != e.FrontTitle)
	add("back_title", next.BackTitle != e.BackTitle)
	add("rank", next.Rank != e.Rank)
	add("education", next.Education != e.Education)
	add("employment_type", next.Type != e.Type)
	add("unit", next.Unit != e.Unit)
	add("position", next.Position != e.Position)
	add("supervisor", next.Supervisor != e.Supervisor)
	add("appointment_date", !next.Appointment.Equal(e.Appointment.Time))
	if next.Unit != e.Unit || next.Position != e.Position {
		// A new post inside the agency is kept in the history, like a transfer.
		today := DateOf(now)
		next.History = closeAssignment(next.History, today, "moved within the agency")
		next.History = append(next.History, Assignment{Agency: next.Agency, Unit: next.Unit, Position: next.Position, Start: today})
	}
	if len(changed) > 0 {
		next.Version++
		next.Updated = now
	}
	*e = next
	return changed, nil
}

// Transfer says where an employee moves.
type Transfer struct {
	Agency, Unit, Position, Supervisor string
	External                           string // a destination outside the city government
	Effective                          Date
	Reason                             string
	Refs                               Refs
}

// Transfer moves e to another agency of the city, or out of it. The current assignment ends
// the day before the effective date and stays in the history. A transfer dated ahead is
// recorded as a pending assignment: e keeps its agency (and status) until the effective date,
// from which AsOf puts the new one in force; days before it stay with the old agency in every
// report (issue 8 item 5). Only the supervisor changes at once, with the decree.
func (e *Employee) Transfer(t Transfer, now time.Time) error {
	*e = e.AsOf(DateOf(now)) // a transfer already in force is where this one starts
	if e.Status != Active {
		return errs.Preconditionf("employee %s is %s; only an active employee can be transferred", e.NIP, e.Status)
	}
	if p := e.Pending(DateOf(now)); p != nil {
		return errs.Preconditionf("employee %s already has a transfer pending from %s; a second one waits until it takes effect", e.NIP, p.Start)
	}
	var v errs.Violations
	current := e.current()
	switch {
	case t.Agency == "" && t.External == "":
		v.Add("agency", "name the city agency to move to, or external_destination for a move out of the city")
	case t.Agency != "" && t.External != "":
		v.Add("external_destination", "give either agency or external_destination, not both")
	}
	if t.Effective.IsZero() {
		v.Add("effective_date", "is required")
	} else if current != nil && t.Effective.Before(current.Start.AddDate(0, 0, 1)) {
		v.Add("effective_date", "%s is not after the current assignment's start (%s)", t.Effective, current.Start)
	}
	if t.Agency != "" {
		if t.Agency == e.Agency {
			v.Add("agency", "employee %s already serves in %s; use UpdateEmployee to move within an agency", e.NIP, e.Agency)
		}
		checkPlacement(&v, "agency", "unit", t.Agency, t.Unit, t.Refs.Agency, t.Refs.Unit)
		moved := *e
		moved.Agency, moved.Unit, moved.Position = t.Agency, t.Unit, t.Position
		checkHeldPosition(&v, moved, t.Refs)
		if t.Supervisor == "" {
			v.Add("supervisor", "is required for a transfer inside the city")
		} else {
			checkSupervisor(&v, e.NIP, t.Supervisor, t.Refs.Supervisor)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	end := t.Effective.AddDate(0, 0, -1)
	if t.External != "" {
		reason := strings.TrimSpace("transferred to " + t.External + "; " + t.Reason)
		e.History = closeAssignment(e.History, Date{end}, strings.TrimSuffix(reason, ";"))
	} else {
		e.History = closeAssignment(e.History, Date{end}, t.Reason)
		e.History = append(e.History, Assignment{Agency: t.Agency, Unit: t.Unit, Position: t.Position, Start: t.Effective})
		// The new supervisor is recorded with the transfer decree; the agency, unit and
		// position follow the history, in force from the effective date (AsOf).
		e.Supervisor = t.Supervisor
	}
	*e = e.AsOf(DateOf(now))
	e.Version++
	e.Updated = now
	return nil
}

// Retire marks e retired from the effective date.
func (e *Employee) Retire(effective Date, reason string, now time.Time) error {
	if e.Status != Active {
		return errs.Preconditionf("employee %s is %s; only an active employee can retire", e.NIP, e.Status)
	}
	if p := e.Pending(DateOf(now)); p != nil {
		return errs.Preconditionf("employee %s has a transfer pending from %s; record the retirement after it takes effect", e.NIP, p.Start)
	}
	if effective.IsZero() {
		return errs.Invalidf("effective_date", "is required")
	}
	if c := e.current(); c != nil && effective.Before(c.Start.Time) {
		return errs.Invalidf("effective_date", "%s is before the current assignment's start (%s)", effective, c.Start)
	}
	e.History = closeAssignment(e.History, Date{effective.AddDate(0, 0, -1)}, strings.TrimSpace("retired "+reason))
	e.Status = Retired
	e.Version++
	e.Updated = now
	return nil
}

// AsOf returns e as it stands on day d: the agency, unit and position of the assignment in
// force that day (the latest to start when two touch), and, once every assignment has ended
// before d while the record still says active, a transfer out of the city that has taken
// effect. A transfer takes effect on its effective date (issue 8 item 5: days before it stay
// with the old agency); deriving it from the history needs no job to apply it on the day.
func (e Employee) AsOf(d Date) Employee {
	for i := len(e.History) - 1; i >= 0; i-- {
		a := e.History[i]
		if a.Start.After(d.Time) || (!a.End.IsZero() && a.End.Before(d.Time)) {
			continue
		}
		e.Agency, e.Unit, e.Position = a.Agency, a.Unit, a.Position
		return e
	}
	if n := len(e.History); n > 0 && e.Status == Active && !e.History[n-1].End.IsZero() && e.History[n-1].End.Before(d.Time) {
		e.Status, e.Supervisor = Transferred, ""
	}
	return e
}

// Pending returns the assignment that starts after day d (a transfer recorded ahead of its
// effective date), nil when there is none.
func (e Employee) Pending(d Date) *Assignment {
	if n := len(e.History); n > 0 && e.History[n-1].Start.After(d.Time) {
		return &e.History[n-1]
	}
	if n := len(e.History); n > 0 && e.Status == Active && !e.History[n-1].End.IsZero() && !e.History[n-1].End.Before(d.Time) {
		// A move out of the city dated ahead: the last assignment ends after d.
		return &Assignment{Agency: "", Start: Date{e.History[n-1].End.AddDate(0, 0, 1)}}
	}
	return nil
}

func (e *Employee) current() *Assignment {
	if n := len(e.History); n > 0 && e.History[n-1].End.IsZero() {
		return &e.History[n-1]
	}
	return nil
}

func closeAssignment(h []Assignment, end Date, reason string) []Assignment {
	out := slices.Clone(h)
	if n := len(out); n > 0 && out[n-1].End.IsZero() {
		if end.Before(out[n-1].Start.Time) {
			end = out[n-1].Start
		}
		out[n-1].End, out[n-1].EndReason = end, reason
	}
	return out
}
