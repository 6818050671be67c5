package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Participation and completion per programme and per provider (issue 10 §6), from the sessions
// ending in a year (in their zone, as the JP ledger counts them) and their enrolments.

// ProgrammeParticipation is one programme's participation in a year.
type ProgrammeParticipation struct {
	Programme    string
	Title        string
	Form         string
	Provider     string
	ProviderKind string
	JP           int
	CostPerSeat  int64
	domain.Participation
}

// ProviderParticipation is one provider's participation in a year, over its programmes.
type ProviderParticipation struct {
	Provider     string
	ProviderKind string
	Programmes   int
	domain.Participation
}

// ParticipationReport is the participation of a year, of one agency's employees or the city's.
type ParticipationReport struct {
	Year   int
	Agency string
	// Programmes are by title, then id; Providers by name, then kind.
	Programmes []ProgrammeParticipation
	Providers  []ProviderParticipation
	Totals     domain.Participation
}

// hrScope narrows an agency-level report (one with no employee rows) of agency to what g may
// see: city HR and auditors any agency, or the city when agency is empty; agency HR their own
// (the default when agency is empty). Supervisors and employees see no agency-level report.
func hrScope(g auth.Grant, agency string) (string, error) {
	switch g.Scope {
	case auth.ScopeAll:
		return agency, nil
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if g.Agency == "" || agency != g.Agency {
			return "", errs.Deniedf("%s (agency %q) may not see reports of agency %q", g.Subject, g.Agency, agency)
		}
		return agency, nil
	}
	return "", errs.Deniedf("%s (%s scope) may not see agency reports", g.Subject, g.Scope)
}

// GetParticipationReport counts, per programme and per provider, the sessions ending in year
// (this year when 0; in the session's zone, as the JP ledger counts them) and their seats, the enrolments enrolled, waitlisted, passed, failed and did not finish, the
// completion rate (passed of finished), the JP delivered (passed × JP) and the cost (seat
// holders × cost per seat). With an agency, only that agency's employees' enrolments count
// (the agency they were in when enrolled), in the sessions where it had any; the seats are
// still the sessions' whole capacity. City HR and auditors see any agency or the city, agency
// HR their own.
func (a *App) GetParticipationReport(ctx context.Context, year int, agency string) (ParticipationReport, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return ParticipationReport{}, err
	}
	if year, err = a.reportYear(year); err != nil {
		return ParticipationReport{}, err
	}
	if agency, err = hrScope(g, agency); err != nil {
		return ParticipationReport{}, err
	}
	windows, err := a.yearWindows(ctx, year)
	if err != nil {
		return ParticipationReport{}, err
	}
	counts, err := a.repo.Participation(ctx, ParticipationQuery{Year: windows, Agency: agency})
	if err != nil {
		return ParticipationReport{}, err
	}
	out := ParticipationReport{Year: year, Agency: agency}
	type providerKey struct{ name, kind string }
	providers := map[providerKey]*ProviderParticipation{}
	for _, c := range counts {
		p := ProgrammeParticipation{Programme: c.Programme, Title: c.Title, Form: c.Form, Provider: c.Provider,
			ProviderKind: c.ProviderKind, JP: c.JP, CostPerSeat: c.CostPerSeat}
		p.Sessions, p.Capacity = c.Sessions, c.Capacity
		for st, n := range c.States {
			p.Count(st, n, c.JP, c.CostPerSeat)
		}
		out.Programmes = append(out.Programmes, p)
		out.Totals.Add(p.Participation)
		k := providerKey{c.Provider, c.ProviderKind}
		if providers[k] == nil {
			providers[k] = &ProviderParticipation{Provider: c.Provider, ProviderKind: c.ProviderKind}
		}
		providers[k].Programmes++
		providers[k].Add(p.Participation)
	}
	slices.SortFunc(out.Programmes, func(x, y ProgrammeParticipation) int {
		return cmp.Or(cmp.Compare(x.Title, y.Title), cmp.Compare(x.Programme, y.Programme))
	})
	for _, p := range providers {
		out.Providers = append(out.Providers, *p)
	}
	slices.SortFunc(out.Providers, func(x, y ProviderParticipation) int {
		return cmp.Or(cmp.Compare(x.Provider, y.Provider), cmp.Compare(x.ProviderKind, y.ProviderKind))
	})
	return out, nil
}
