package app

import (
	"context"
	"encoding/json"
	"maps"
	"slices"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The reports of issue 11 §4: SKP completion per agency and stage, the predicate distribution
// per agency and unit against its bound, feedback activity per appraiser (report_activity.go)
// and credit points (report_credit.go), each as JSON and CSV (report_csv.go). They are HR's and
// auditors' (and service clients' with evaluation.read): city HR and auditors any agency or the
// whole city, agency HR their own; employees and supervisors none. Each reads outside a
// transaction with a few aggregate queries.

// Page sizes of the completion report's lines.
const (
	defaultCompletionPage = 500
	maxCompletionPage     = 5000
)

// reportAgency narrows a report of agency ("" for every agency the caller may see) to grant g:
// city HR, auditors and service clients (ScopeAll) any agency or the city; agency HR their own,
// the default when agency is empty, and asking for another is refused. Any other grant is
// refused: the reports hold other employees' data.
func reportAgency(g auth.Grant, agency string) (string, error) {
	switch g.Scope {
	case auth.ScopeAll:
		return agency, nil
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if g.Agency == "" || agency != g.Agency {
			return "", errs.Deniedf("%s (agency %q) may not see the evaluation reports of agency %q", g.Subject, g.Agency, agency)
		}
		return agency, nil
	}
	return "", errs.Deniedf("%s (%s scope) may not see the evaluation reports", g.Subject, g.Scope)
}

// reportScope checks the year and narrows agency to the caller's grant.
func reportScope(ctx context.Context, year int, agency string) (string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return "", err
	}
	if year < 2000 || year > 2100 {
		return "", errs.Invalidf("year", "must be 2000 to 2100, got %d", year)
	}
	return reportAgency(g, agency)
}

// CompletionRow is one agency's SKP figures for a year.
type CompletionRow struct {
	Agency          string
	Employees       int // active in the directory
	WithoutSkp      int // active employees with no SKP of the year
	Draft           int // latest SKPs never approved, drafted or returned
	Proposed        int // latest SKPs never approved, proposed
	Approved        int // latest SKPs approved at least once (in force)
	RatingsOverdue  int // period ratings due before today not given, of SKPs in force then
	AnnualFinalised int // latest SKPs with a finalised annual rating
}

// CompletionReport is the SKP completion report of a year as of a day.
type CompletionReport struct {
	Year          int
	AsOf          string // today in Medan, YYYY-MM-DD
	Agencies      []CompletionRow
	Lines         []CompletionLine
	NextPageToken string
}

// GetSkpCompletionReport returns, per agency (one, or every one the caller may see), how many
// active employees there are, how many have no SKP for year, where the employees' latest SKPs
// stand (domain.StageOf), how many period ratings are overdue today (domain.OverduePeriods: the
// rating of a period, for an SKP approved and covering some of it, not given by its due day) and
// how many annual ratings are finalised; and a page of the lines: the employees with no SKP
// (no_skp, with their supervisor), those whose latest SKP was never approved (not_approved, with
// its appraiser) and each overdue rating (rating_overdue, with the period and due day). The
// year must be open.
func (a *App) GetSkpCompletionReport(ctx context.Context, year int, agency string, pageSize int, pageToken string) (CompletionReport, error) {
	agency, err := reportScope(ctx, year, agency)
	if err != nil {
		return CompletionReport{}, err
	}
	after, err := completionKey(pageToken)
	if err != nil {
		return CompletionReport{}, err
	}
	q, asOf, err := a.completionQuery(ctx, year, agency)
	if err != nil {
		return CompletionReport{}, err
	}
	out := CompletionReport{Year: year, AsOf: asOf}
	if out.Agencies, err = a.completionRows(ctx, q); err != nil {
		return out, err
	}
	size := resource.PageSize(pageSize, defaultCompletionPage, maxCompletionPage)
	lines, err := a.repo.ReportCompletionLines(ctx, q, after, size+1)
	if err != nil {
		return out, err
	}
	out.Lines, out.NextPageToken = resource.Page(lines, size, func(l CompletionLine) string {
		b, _ := json.Marshal(l.CompletionKey) // a struct of strings and an int: cannot fail
		return string(b)
	})
	return out, nil
}

// completionKey reads a completion page token.
func completionKey(token string) (CompletionKey, error) {
	var k CompletionKey
	s, err := paging.Key(token)
	if err != nil || s == "" {
		return k, err
	}
	if json.Unmarshal([]byte(s), &k) != nil {
		return k, errs.Invalidf("page_token", "is not a token this API returned")
	}
	return k, nil
}

// completionQuery reads the year (which must be open) and returns the report's query as of
// today.
func (a *App) completionQuery(ctx context.Context, year int, agency string) (CompletionQuery, string, error) {
	p, err := a.repo.Period(ctx, year)
	if err != nil {
		return CompletionQuery{}, "", err
	}
	today := a.today()
	return CompletionQuery{Year: year, Agency: agency, Overdue: domain.OverduePeriods(p, today)}, today, nil
}

// completionRows turns the stored counts into the report's rows, one per agency, in agency
// order; an agency asked for that has nothing still gets its row of zeros.
func (a *App) completionRows(ctx context.Context, q CompletionQuery) ([]CompletionRow, error) {
	counts, err := a.repo.ReportCompletion(ctx, q)
	if err != nil {
		return nil, err
	}
	if q.Agency != "" && len(counts) == 0 {
		counts = []CompletionCounts{{Agency: q.Agency}}
	}
	rows := make([]CompletionRow, 0, len(counts))
	for _, c := range counts {
		r := CompletionRow{Agency: c.Agency, Employees: c.Employees, WithoutSkp: c.WithoutSkp, RatingsOverdue: c.Overdue}
		for _, s := range c.Stages {
			switch domain.StageOf(s.State, s.Approved) {
			case domain.StageApproved:
				r.Approved += s.SKPs
			case domain.StageProposed:
				r.Proposed += s.SKPs
			default:
				r.Draft += s.SKPs
			}
			r.AnnualFinalised += s.Finalised
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// DistributionReport is the predicate distribution of a year per agency, with the city's. Its
// rows are the rating area's Distribution, the shape GetDistribution answers with; the city's
// row has neither agency nor unit nor bounds.
type DistributionReport struct {
	Year int
	Rows []Distribution
	City Distribution
}

// GetPredicateDistributionReport returns, per agency (one, or every one the caller may see),
// the same figures as the rating area's live distribution: the population (employees whose
// latest SKP of year is approved), the counts of their annual predicates and, for the agency's
// row, each rule of the bound its organisation predicate sets with its limit, the current count
// and whether it holds (domain.Statuses, the rule the finalisation applies); with byUnit a row
// per unit after its agency's; and the city's totals. An agency appears when it has a
// population or an organisation predicate (or was asked for).
func (a *App) GetPredicateDistributionReport(ctx context.Context, year int, agency string, byUnit bool) (DistributionReport, error) {
	agency, err := reportScope(ctx, year, agency)
	if err != nil {
		return DistributionReport{}, err
	}
	units, err := a.repo.ReportTallies(ctx, year, agency)
	if err != nil {
		return DistributionReport{}, err
	}
	orgs, err := a.repo.ReportOrganisationPredicates(ctx, year, agency)
	if err != nil {
		return DistributionReport{}, err
	}
	agencies := map[string]domain.Tally{}
	for _, u := range units {
		agencies[u.Agency] = agencies[u.Agency].Add(u.Tally)
	}
	for code := range orgs {
		agencies[code] = agencies[code].Add(domain.Tally{})
	}
	if agency != "" {
		agencies[agency] = agencies[agency].Add(domain.Tally{})
	}
	codes := slices.Sorted(maps.Keys(agencies))
	out := DistributionReport{Year: year, City: Distribution{Year: year, Tally: domain.Tally{}.Add(domain.Tally{})}}
	for _, code := range codes {
		t, org := agencies[code], orgs[code]
		out.Rows = append(out.Rows, Distribution{Agency: code, Year: year, Organisation: org, Tally: t,
			Bounds: domain.Statuses(a.policy.Bounds[org], t)})
		out.City.Tally = out.City.Tally.Add(t)
		if !byUnit {
			continue
		}
		for _, u := range units {
			if u.Agency == code {
				out.Rows = append(out.Rows, Distribution{Agency: code, Unit: u.Unit, Year: year, Organisation: org, Tally: u.Tally})
			}
		}
	}
	return out, nil
}
