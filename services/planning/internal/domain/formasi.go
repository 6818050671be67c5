package domain

import (
	"cmp"
	"slices"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The formasi proposal (usulan kebutuhan/formasi ASN, issue 12 §1): an agency's five-year
// proposal of the people to recruit, per position and year, from the needs of the workload
// analysis, the holders now and the retirements ahead. UU 20/2023 (ASN) art. 27 and PP 11/2017
// art. 5-6 as amended have each agency set its needs for five years, broken down per year, from
// job and workload analysis; city HR (the BKPSDM, for the PPK) approves the agency's proposal
// before it goes on to the Minister.

// FormasiState is where a formasi proposal stands: draft → submitted → approved | returned. A
// returned or approved proposal is not changed again: a new one is created.
type FormasiState string

// The formasi states.
const (
	FormasiDraft     FormasiState = "draft"
	FormasiSubmitted FormasiState = "submitted"
	FormasiReturned  FormasiState = "returned"
	FormasiApproved  FormasiState = "approved"
)

// FormasiLine is one position's line of a proposal.
type FormasiLine struct {
	Position, Title, Unit string
	Kind                  PositionKind
	Class                 int
	Need, Holders         int
	Retirements           []int // per year, first year first
	Proposed              []int // per year
	Total                 int
}

// Gap is need − holders.
func (l FormasiLine) Gap() int { return l.Need - l.Holders }

// FormasiProposal is an agency's proposal.
type FormasiProposal struct {
	ID             string
	Agency         string
	AgencyName     string // read, not stored
	FirstYear      int
	State          FormasiState
	Lines          []FormasiLine
	Totals         []int // proposed per year over all lines
	EffectiveHours int
	CreatedBy      string
	DecidedBy      string
	Decided        time.Time
	Comment        string
	DecreeNumber   string
	Version        int64
	Created        time.Time
	Submitted      time.Time
}

// Total is the proposal's sum over every year.
func (p FormasiProposal) Total() int {
	n := 0
	for _, t := range p.Totals {
		n += t
	}
	return n
}

// FormasiLines computes a proposal's lines from an agency's positions and their retirements per
// year (RetirementsByPosition): for the first year the gap (need − holders, when positive)
// plus the year's retirements, for each later year its retirements (the people leaving must be
// replaced for the need to stay met). A position with no need, no holders and no retirements
// has no line. Lines are in unit, class (highest first) and title order; totals per year.
func FormasiLines(positions []Position, retirements map[string][]int) (lines []FormasiLine, totals []int) {
	totals = make([]int, ForecastYears)
	for _, p := range positions {
		ret := make([]int, ForecastYears)
		copy(ret, retirements[p.ID])
		has := p.Needed > 0 || p.Current > 0
		for _, r := range ret {
			has = has || r > 0
		}
		if !has {
			continue
		}
		l := FormasiLine{Position: p.ID, Title: p.Title, Unit: p.Unit, Kind: p.Kind, Class: p.Class,
			Need: p.Needed, Holders: p.Current, Retirements: ret, Proposed: make([]int, ForecastYears)}
		for i := range ret {
			l.Proposed[i] = ret[i]
		}
		l.Proposed[0] += max(0, p.Needed-p.Current)
		for i, n := range l.Proposed {
			l.Total += n
			totals[i] += n
		}
		lines = append(lines, l)
	}
	slices.SortFunc(lines, func(a, b FormasiLine) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(b.Class, a.Class), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Position, b.Position))
	})
	return lines, totals
}

// CheckFirstYear refuses a first year before thisYear, naming field first_year.
func CheckFirstYear(first, thisYear int, what string) error {
	if first < thisYear {
		return errs.Invalidf("first_year", "%d is past: %s starts this year (%d) or later", first, what, thisYear)
	}
	if first > thisYear+50 {
		return errs.Invalidf("first_year", "%d is too far ahead; give a year up to %d", first, thisYear+50)
	}
	return nil
}

// Submit moves a draft to city HR.
func (p *FormasiProposal) Submit(now time.Time) error {
	if p.State != FormasiDraft {
		return errs.Preconditionf("formasi proposal %s is %s; only a draft can be submitted", p.ID, p.State)
	}
	p.State, p.Submitted = FormasiSubmitted, now
	p.Version++
	return nil
}

// Approve approves a submitted proposal; comment and decree number are optional.
func (p *FormasiProposal) Approve(by, comment, decree string, now time.Time) error {
	var v errs.Violations
	if len([]rune(comment)) > 2000 {
		v.Add("comment", "must be at most 2,000 characters")
	}
	if len([]rune(decree)) > 100 {
		v.Add("decree_number", "must be at most 100 characters")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if p.State != FormasiSubmitted {
		return errs.Preconditionf("formasi proposal %s is %s; only a submitted proposal can be approved", p.ID, p.State)
	}
	p.State, p.DecidedBy, p.Decided, p.Comment, p.DecreeNumber = FormasiApproved, by, now, comment, decree
	p.Version++
	return nil
}

// Return sends a submitted proposal back with a comment saying why (3-2,000 characters); the
// agency creates a new proposal.
func (p *FormasiProposal) Return(by, comment string, now time.Time) error {
	if l := len([]rune(comment)); l < 3 || l > 2000 {
		return errs.Invalidf("comment", "say why the proposal is returned, in 3-2,000 characters")
	}
	if p.State != FormasiSubmitted {
		return errs.Preconditionf("formasi proposal %s is %s; only a submitted proposal can be returned", p.ID, p.State)
	}
	p.State, p.DecidedBy, p.Decided, p.Comment = FormasiReturned, by, now, comment
	p.Version++
	return nil
}

// FormasiProposalDecided reports a proposal submitted, approved or returned (Change is
// "submitted", "approved" or "returned").
type FormasiProposalDecided struct {
	Proposal FormasiProposal
	Change   string
}

func (FormasiProposalDecided) event() {}
