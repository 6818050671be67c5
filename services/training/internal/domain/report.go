package domain

import "time"

// The rules the reports (issue 10 §3 and §6) read the stored rows with: which enrolment states
// the JP ledger counts, which instants fall in a ledger year, and the participation figures of
// a programme or provider.

// enrolmentStates are all the enrolment states, in the order of their declaration.
var enrolmentStates = []EnrolmentState{Requested, Enrolled, Waitlisted, Rejected, Withdrawn, Passed, Failed, DidNotFinish}

// LedgerStates returns the enrolment states SessionEntry counts: those it credits as earned and
// those it counts as projected. They are derived from SessionEntry itself, so a query that
// selects rows by state counts exactly what the ledger rule counts.
func LedgerStates() (earned, projected []EnrolmentState) {
	for _, st := range enrolmentStates {
		entry, ok := SessionEntry(Enrolment{State: st}, Session{}, 1, time.UTC)
		switch {
		case !ok:
		case entry.Projected:
			projected = append(projected, st)
		default:
			earned = append(earned, st)
		}
	}
	return earned, projected
}

// ExternalLedgerStates returns the external-training states ExternalEntry counts (as earned;
// external training is never projected), derived from ExternalEntry itself.
func ExternalLedgerStates() []ExternalState {
	var out []ExternalState
	for _, st := range []ExternalState{ExternalSubmitted, ExternalVerified, ExternalRejected} {
		if _, ok := ExternalEntry(External{State: st, JP: 1}, time.UTC); ok {
			out = append(out, st)
		}
	}
	return out
}

// PlacementOutcome is a placement's state with whether it was passed: what InternshipEntry
// decides on.
type PlacementOutcome struct {
	State  PlacementState
	Passed bool
}

// PlacementLedgerOutcomes returns the outcomes of an employee participant's placement that
// InternshipEntry credits as earned and counts as projected, derived from InternshipEntry
// itself.
func PlacementLedgerOutcomes() (earned, projected []PlacementOutcome) {
	for _, st := range []PlacementState{PlacementStateActive, PlacementStateCompleted, PlacementStateWithdrawn} {
		for _, passed := range []bool{false, true} {
			entry, ok := InternshipEntry(Placement{Kind: ParticipantEmployee, State: st, Passed: passed, JP: 1})
			switch {
			case !ok:
			case entry.Projected:
				projected = append(projected, PlacementOutcome{st, passed})
			default:
				earned = append(earned, PlacementOutcome{st, passed})
			}
		}
	}
	return earned, projected
}

// YearBounds returns the instants that begin year and the year after in loc: an instant t is
// in year in loc (t.In(loc).Year() == year, the ledger's year of a session's end in the
// session's zone) exactly when from ≤ t < to.
func YearBounds(year int, loc *time.Location) (from, to time.Time) {
	return time.Date(year, time.January, 1, 0, 0, 0, 0, loc), time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc)
}

// LatsarNoAppointment is the Latsar state of a CPNS whose TMT CPNS the directory does not
// know: no deadline can be computed, so HR has to complete the record before the flag means
// anything.
const LatsarNoAppointment LatsarState = "no_appointment_date"

// Participation is the participation and completion of a set of sessions (one programme's, or
// one provider's programmes') for issue 10 §6: how many sessions and seats there were and where
// the enrolments in them stand.
type Participation struct {
	Sessions int
	// Capacity is the sum of the sessions' capacities.
	Capacity     int
	Enrolled     int // holding a seat, not finished yet
	Waitlisted   int
	Passed       int
	Failed       int
	DidNotFinish int
	// JPDelivered is the JP the passed enrolments earned: each passed enrolment × its
	// programme's JP.
	JPDelivered int
	// Cost is what the seats cost, in rupiah: each seat holder × the programme's cost per seat.
	Cost int64
}

// SeatHolders returns the enrolments that hold or held a seat: enrolled or finished with any
// outcome.
func (p Participation) SeatHolders() int { return p.Enrolled + p.Passed + p.Failed + p.DidNotFinish }

// Finished returns the enrolments whose outcome is recorded.
func (p Participation) Finished() int { return p.Passed + p.Failed + p.DidNotFinish }

// CompletionRate returns the share of finished enrolments that passed, from 0 to 1; 0 when
// none has finished yet. Enrolments still running are left out, so a year in progress is not
// shown as failing.
func (p Participation) CompletionRate() float64 {
	if p.Finished() == 0 {
		return 0
	}
	return float64(p.Passed) / float64(p.Finished())
}

// Count adds n enrolments in state st of a programme worth jp JP at costPerSeat rupiah a seat:
// the state's count, and the JP delivered and cost they make. Requested, rejected and withdrawn
// enrolments count for nothing.
func (p *Participation) Count(st EnrolmentState, n, jp int, costPerSeat int64) {
	switch st {
	case Enrolled:
		p.Enrolled += n
	case Waitlisted:
		p.Waitlisted += n
	case Passed:
		p.Passed += n
		p.JPDelivered += n * jp
	case Failed:
		p.Failed += n
	case DidNotFinish:
		p.DidNotFinish += n
	default:
		return
	}
	if st != Waitlisted {
		p.Cost += int64(n) * costPerSeat
	}
}

// Add adds o's figures to p.
func (p *Participation) Add(o Participation) {
	p.Sessions += o.Sessions
	p.Capacity += o.Capacity
	p.Enrolled += o.Enrolled
	p.Waitlisted += o.Waitlisted
	p.Passed += o.Passed
	p.Failed += o.Failed
	p.DidNotFinish += o.DidNotFinish
	p.JPDelivered += o.JPDelivered
	p.Cost += o.Cost
}
