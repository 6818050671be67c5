package domain

import (
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// PostingRefs are the records one past posting points at, looked up by the app layer; nil
// when the field is empty or the record does not exist.
type PostingRefs struct {
	Agency, Unit *Agency
	Position     *Position
}

// ImportEmployee validates an employee a city brings at go-live with the postings held before
// the import (issue 8 item 9: "employees with their past postings, assignments that began
// before the record was created") and returns it ready to store. The employee is checked as
// NewEmployee checks a new one; the postings, oldest first, must each name an existing
// agency (and unit and position of it, if any), start on a date between the appointment date
// (for a NIP the first of its appointment month, DOMAIN.md "NIP") and today, in strictly
// increasing order, and the last must be the employee's agency, unit and position. Each
// posting ends the day before the next begins. No postings means one posting from the
// appointment date. Violations name the fields as "employee.<field>" and
// "history[i].<field>".
func ImportEmployee(e Employee, history []Assignment, refs Refs, postingRefs []PostingRefs, now time.Time) (Employee, error) {
	var v errs.Violations
	created, err := NewEmployee(e, refs, now)
	if err != nil {
		ev, ok := errs.As(err)
		if !ok {
			return Employee{}, err
		}
		for _, fv := range ev.Violations {
			v.Add("employee."+fv.Field, "%s", fv.Description)
		}
	}
	appointment := created.Appointment
	if err != nil {
		// NewEmployee failed on another field; the postings are still checked against the
		// appointment given or, for a NIP, its appointment month.
		appointment = e.Appointment
		if n, perr := nip.Parse(e.NIP, now); appointment.IsZero() && e.Type != PPPK && perr == nil {
			appointment = Date{n.Appointment}
		}
	}
	if len(history) == 0 {
		if err := v.Err(); err != nil {
			return Employee{}, err
		}
		created.History = []Assignment{{Agency: created.Agency, Unit: created.Unit, Position: created.Position, Start: appointment}}
		return created, nil
	}
	today := DateOf(now)
	var prev Date
	for i, a := range history {
		f := func(name string) string { return fmt.Sprintf("history[%d].%s", i, name) }
		var r PostingRefs
		if i < len(postingRefs) {
			r = postingRefs[i]
		}
		checkPlacement(&v, f("agency"), f("unit"), a.Agency, a.Unit, r.Agency, r.Unit)
		if a.Position != "" {
			switch {
			case r.Position == nil:
				v.Add(f("position"), "position %q does not exist", a.Position)
			case r.Position.Agency != a.Agency:
				v.Add(f("position"), "position %q belongs to %s, not %s", a.Position, r.Position.Agency, a.Agency)
			case r.Position.Unit != "" && a.Unit != "" && r.Position.Unit != a.Unit:
				v.Add(f("position"), "position %q sits in unit %s, not %s", a.Position, r.Position.Unit, a.Unit)
			}
		}
		switch {
		case a.Start.IsZero():
			v.Add(f("start_date"), "is required")
		case a.Start.After(today.Time):
			v.Add(f("start_date"), "%s is in the future; a posting dated ahead is a transfer (TransferEmployee)", a.Start)
		case !appointment.IsZero() && a.Start.Before(appointment.Time):
			v.Add(f("start_date"), "%s is before the appointment date %s", a.Start, appointment)
		case !prev.IsZero() && !a.Start.After(prev.Time):
			v.Add(f("start_date"), "%s is not after the previous posting's start %s; postings are oldest first", a.Start, prev)
		}
		if !a.End.IsZero() || a.EndReason != "" {
			v.Add(f("end_date"), "is derived from the next posting's start; leave end_date and end_reason empty")
		}
		if !a.Start.IsZero() {
			prev = a.Start
		}
	}
	if last := history[len(history)-1]; last.Agency != e.Agency || last.Unit != e.Unit || last.Position != e.Position {
		v.Add(fmt.Sprintf("history[%d]", len(history)-1), "the last posting (%s) is the current one and must be the employee's agency, unit and position (%s)",
			placement(last.Agency, last.Unit, last.Position), placement(e.Agency, e.Unit, e.Position))
	}
	if err := v.Err(); err != nil {
		return Employee{}, err
	}
	created.History = make([]Assignment, len(history))
	for i, a := range history {
		a.End, a.EndReason = Date{}, ""
		if i+1 < len(history) {
			next := history[i+1]
			a.End = Date{next.Start.AddDate(0, 0, -1)}
			a.EndReason = "moved within the agency (imported)"
			if next.Agency != a.Agency {
				a.EndReason = "transferred to " + next.Agency + " (imported)"
			}
		}
		created.History[i] = a
	}
	return created, nil
}

func placement(agency, unit, position string) string {
	s := agency
	if unit != "" {
		s += "/" + unit
	}
	if position != "" {
		s += ", position " + position
	}
	return s
}

// SamePostings reports whether stored holds the imported postings: the same agency, unit,
// position and start, posting by posting. Postings added after the import (a later transfer)
// do not matter, so an import run again changes nothing.
func SamePostings(stored, imported []Assignment) bool {
	if len(stored) < len(imported) {
		return false
	}
	for i, a := range imported {
		s := stored[i]
		if s.Agency != a.Agency || s.Unit != a.Unit || s.Position != a.Position || !s.Start.Equal(a.Start.Time) {
			return false
		}
	}
	return true
}
