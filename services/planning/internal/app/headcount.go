package app

import (
	"context"
	"maps"
	"slices"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// HeadcountRow is the number of active employees with one combination of agency, employment
// type, rank and position kind ("" without a position), as the store's one grouped query
// counts them.
type HeadcountRow struct {
	Agency       string
	Type         domain.EmploymentType
	Rank         string
	PositionKind domain.PositionKind
	Count        int
}

// HeadcountReader counts the registry for the dashboards; part of Repository.
type HeadcountReader interface {
	// HeadcountRows counts the active employees of agency ("" for every agency) per agency,
	// employment type, rank and position kind, with the agency and position of the assignment
	// in force on day (the stored ones when none is).
	HeadcountRows(ctx context.Context, agency string, day domain.Date) ([]HeadcountRow, error)
}

// Count is a number of employees with one value of a characteristic.
type Count struct {
	Key   string
	Count int
}

// AgencyCount is one agency's active employees. PNS counts the CPNS too (they are on the
// way to PNS and hold PNS ranks); CPNS says how many of them are.
type AgencyCount struct {
	Agency, Name           string
	Total, PNS, PPPK, CPNS int
}

// Headcount is GetHeadcount's answer.
type Headcount struct {
	Date     domain.Date
	Total    int
	Agencies []AgencyCount
	// PNSRanks are in rank order (I/a … IV/e), PNS and CPNS together since a CPNS holds a PNS
	// rank; PPPKGrades in grade order (I … XVII).
	PNSRanks, PPPKGrades []Count
	// Types are by employment type (pns, cpns, pppk: CPNS apart here); PositionKinds by the
	// kind of the position held (structural, functional, executor, none).
	Types, PositionKinds []Count
}

// PositionNone is the position kind of the headcount's employees without a position.
const PositionNone = "none"

// GetHeadcount counts the active employees of agency (every agency when empty, for city-wide
// callers; agency HR's own by default) by agency (PNS and PPPK apart, CPNS within PNS), rank,
// employment type and position kind, from one grouped query.
func (a *App) GetHeadcount(ctx context.Context, agency string) (Headcount, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Headcount{}, err
	}
	switch g.Scope {
	case auth.ScopeAll:
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if err := resource.RequireReach(g, agency); err != nil {
			return Headcount{}, errs.Deniedf("%s (agency %q) may not count the employees of agency %q", g.Subject, g.Agency, agency)
		}
	default:
		return Headcount{}, errs.Deniedf("%s (%s scope) may not see the headcount", g.Subject, g.Scope)
	}
	day := a.today()
	rows, err := a.repo.HeadcountRows(ctx, agency, day)
	if err != nil {
		return Headcount{}, err
	}
	names := map[string]string{}
	if agency != "" {
		ag, err := a.repo.GetAgency(ctx, agency)
		if err != nil {
			return Headcount{}, err
		}
		names[ag.Code] = ag.Name
	} else {
		list, err := a.repo.ListAgencies(ctx, AgencyFilter{Parent: "-", PageSize: MaxPageSize})
		if err != nil {
			return Headcount{}, err
		}
		for _, ag := range list {
			names[ag.Code] = ag.Name
		}
	}
	return countHeads(day, rows, names), nil
}

// countHeads sums rows into the headcount's groups.
func countHeads(day domain.Date, rows []HeadcountRow, names map[string]string) Headcount {
	out := Headcount{Date: day}
	agencies := map[string]*AgencyCount{}
	ranks, types, kinds := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rows {
		out.Total += r.Count
		ag := agencies[r.Agency]
		if ag == nil {
			ag = &AgencyCount{Agency: r.Agency, Name: names[r.Agency]}
			agencies[r.Agency] = ag
		}
		ag.Total += r.Count
		ladder := r.Type // the rank ladder: a CPNS's rank counts with the PNS ranks
		switch r.Type {
		case domain.PNS:
			ag.PNS += r.Count
		case domain.CPNS:
			ag.PNS += r.Count
			ag.CPNS += r.Count
			ladder = domain.PNS
		case domain.PPPK:
			ag.PPPK += r.Count
		}
		ranks[string(ladder)+" "+r.Rank] += r.Count
		types[string(r.Type)] += r.Count
		kind := string(r.PositionKind)
		if kind == "" {
			kind = PositionNone
		}
		kinds[kind] += r.Count
	}
	for _, code := range slices.Sorted(maps.Keys(agencies)) {
		out.Agencies = append(out.Agencies, *agencies[code])
	}
	for _, rank := range domain.Ranks(domain.PNS) {
		if n := ranks[string(domain.PNS)+" "+rank]; n > 0 {
			out.PNSRanks = append(out.PNSRanks, Count{rank, n})
		}
	}
	for _, grade := range domain.Ranks(domain.PPPK) {
		if n := ranks[string(domain.PPPK)+" "+grade]; n > 0 {
			out.PPPKGrades = append(out.PPPKGrades, Count{grade, n})
		}
	}
	for _, t := range []domain.EmploymentType{domain.PNS, domain.CPNS, domain.PPPK} {
		if n := types[string(t)]; n > 0 {
			out.Types = append(out.Types, Count{string(t), n})
		}
	}
	for _, k := range []string{string(domain.PositionStructural), string(domain.PositionFunctional), string(domain.PositionExecutor), PositionNone} {
		if n := kinds[k]; n > 0 {
			out.PositionKinds = append(out.PositionKinds, Count{k, n})
		}
	}
	return out
}
