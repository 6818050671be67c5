package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The JP ledger (issue 10 §3): an employee's JP of a year and the 20 JP shortfall per agency,
// computed from the rows of the other areas every time they are asked for, never stored or typed
// (domain/ledger.go). An entry's year is the year of the session's end in the session's zone.
//
// Who is on the list: every active employee of the directory copy, whatever their employment
// type. The 20 JP a year is written for PNS (PP 11/2017 as amended by PP 17/2020, art. 203(4));
// a CPNS is a PNS candidate and is listed like one. PPPK have their own rule (Peraturan LAN
// 15/2020 on the competency development of PPPK) whose JP figure could not be read here, so
// they are listed against the same 20 JP (issue 10 §3 says "JP per employee") and each row
// carries the employment type for HR to filter.

// LedgerEntry is one line of an employee's JP ledger.
type LedgerEntry struct {
	Source domain.JPSource
	// Ref is the enrolment's, external training's or placement's id.
	Ref string
	// Session is the enrolment's session or the placement's cohort.
	Session   string
	Programme string
	Title     string
	End       time.Time
	// EndDate is the last day, "YYYY-MM-DD" (a session's in its zone).
	EndDate   string
	JP        int
	Projected bool // enrolled or placed, not finished: counts toward the projection only
}

// JPLedger is an employee's JP of a year: the entries and their tally against the 20 JP.
type JPLedger struct {
	Employee string
	Name     string
	Agency   string
	Year     int
	Entries  []LedgerEntry
	domain.YearJP
}

// EmployeeJPRow is one employee's line of an agency's JP list.
type EmployeeJPRow struct {
	Employee       string
	Name           string
	Agency         string
	EmploymentType string
	domain.YearJP
}

// JPTotals are the totals of a JP list, over every employee the list selects (also those a
// short-only list leaves out).
type JPTotals struct {
	Employees      int
	ShortNow       int // employees short of 20 JP on what they have earned
	ShortProjected int // employees still short if every live enrolment passes
	EarnedJP       int
	ProjectedJP    int
	ShortJP        int // the JP the employees short now lack, together
	// ProjectedShortJP is the JP the employees still short at the projected year end lack.
	ProjectedShortJP int
}

// add counts y in t.
func (t *JPTotals) add(y domain.YearJP) {
	t.Employees++
	t.EarnedJP += y.Earned
	t.ProjectedJP += y.Projected
	t.ShortJP += y.Short()
	t.ProjectedShortJP += y.ProjectedShort()
	if y.Short() > 0 {
		t.ShortNow++
	}
	if y.ProjectedShort() > 0 {
		t.ShortProjected++
	}
}

// EmployeeJPList is a page of an agency's (or the city's) JP list.
type EmployeeJPList struct {
	Agency        string
	Year          int
	Rows          []EmployeeJPRow
	Totals        JPTotals
	NextPageToken string
}

// EmployeeJPQuery asks for a JP list: the employees of Agency ("" for the whole city, city-wide
// callers only) in Year (this year when 0), only those short of 20 JP now when OnlyShort.
type EmployeeJPQuery struct {
	Agency    string
	Year      int
	OnlyShort bool
	PageSize  int
	PageToken string
}

// The page sizes of ListEmployeeJP.
const (
	defaultJPPage = 100
	maxJPPage     = 5000
)

// reportYear returns year, or this year (of the directory's today) when year is 0; a year
// outside what the service keeps is refused.
func (a *App) reportYear(year int) (int, error) {
	if year == 0 {
		year, _ = strconv.Atoi(directory.Today(a.now())[:4])
	}
	if year < 2000 || year > 2100 {
		return 0, errs.Invalidf("year", "must be from 2000 to 2100, got %d", year)
	}
	return year, nil
}

// yearWindows returns the ledger year in each time zone a session ending around it uses.
func (a *App) yearWindows(ctx context.Context, year int) ([]ZoneYear, error) {
	// Every zone on Earth is within a day of UTC: a session ending in year in its zone ends
	// within these bounds.
	from := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	to := time.Date(year+1, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	zones, err := a.repo.SessionZones(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]ZoneYear, 0, len(zones))
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			return nil, fmt.Errorf("a stored session's time zone %q: %w", z, err)
		}
		f, t := domain.YearBounds(year, loc)
		out = append(out, ZoneYear{Zone: z, From: f, To: t})
	}
	return out, nil
}

// ledgerRules returns the states in which each source counts, from the domain's rules.
func ledgerRules() LedgerRules {
	var r LedgerRules
	r.Earned, r.Projected = domain.LedgerStates()
	r.External = domain.ExternalLedgerStates()
	r.PlacementsEarned, r.PlacementsProjected = domain.PlacementLedgerOutcomes()
	return r
}

// jpQuery returns the query of the JP of year of the employees of scope.
func (a *App) jpQuery(ctx context.Context, scope ReportScope, year int) (JPQuery, error) {
	windows, err := a.yearWindows(ctx, year)
	if err != nil {
		return JPQuery{}, err
	}
	return JPQuery{ReportScope: scope, Year: year, Windows: windows, LedgerRules: ledgerRules()}, nil
}

// ledgerEntry returns the ledger entry row makes for employee nip, by the domain's rule of its
// source, with its last day's date ("YYYY-MM-DD", in the session's zone for a session); ok is
// false when the row counts for nothing.
func ledgerEntry(nip string, r LedgerRow) (domain.JPEntry, string, bool, error) {
	switch r.Source {
	case domain.FromSession:
		loc, err := time.LoadLocation(r.TimeZone)
		if err != nil {
			return domain.JPEntry{}, "", false, fmt.Errorf("session %s's time zone %q: %w", r.Session, r.TimeZone, err)
		}
		entry, ok := domain.SessionEntry(domain.Enrolment{ID: r.Ref, Employee: nip, State: domain.EnrolmentState(r.State)},
			domain.Session{ID: r.Session, End: r.End}, r.JP, loc)
		return entry, r.End.In(loc).Format(time.DateOnly), ok, nil
	case domain.FromExternal:
		entry, ok := domain.ExternalEntry(domain.External{ID: r.Ref, Employee: nip, End: r.End, JP: r.JP,
			State: domain.ExternalState(r.State)}, time.UTC)
		return entry, r.End.Format(time.DateOnly), ok, nil
	case domain.FromInternship:
		entry, ok := domain.InternshipEntry(domain.Placement{ID: r.Ref, Kind: domain.ParticipantEmployee, Employee: nip,
			End: r.End, State: domain.PlacementState(r.State), Passed: r.Passed, JP: r.JP})
		return entry, r.End.Format(time.DateOnly), ok, nil
	}
	return domain.JPEntry{}, "", false, fmt.Errorf("a ledger row of unknown source %q", r.Source)
}

// GetJPLedger returns employee nip's (the caller's when empty) JP ledger of year (this year when
// 0): each passed enrolment, verified external training and passed internship placement
// (earned), and each enrolment holding a seat in a session not finished and each active
// placement (projected), with the tally against the 20 JP (domain.Tally). The employee sees their own, a
// supervisor their subordinates', agency HR their agency's, city HR and auditors everyone's.
func (a *App) GetJPLedger(ctx context.Context, nip string, year int) (JPLedger, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return JPLedger{}, err
	}
	if nip == "" {
		nip = g.Subject
	}
	if year, err = a.reportYear(year); err != nil {
		return JPLedger{}, err
	}
	e, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, directory.ErrNotFound) {
		return JPLedger{}, resource.SeesMissing(g, nip, errs.NotFoundf("employee %s is not in the directory", nip))
	}
	if err != nil {
		return JPLedger{}, err
	}
	if err := resource.RequireSees(ctx, g, nip, e.Agency, a.dir.IsUnder); err != nil {
		return JPLedger{}, err
	}
	q, err := a.jpQuery(ctx, ReportScope{Employee: nip}, year)
	if err != nil {
		return JPLedger{}, err
	}
	rows, err := a.repo.LedgerRows(ctx, q)
	if err != nil {
		return JPLedger{}, err
	}
	out := JPLedger{Employee: nip, Name: e.DisplayName, Agency: e.Agency, Year: year}
	var entries []domain.JPEntry
	for _, r := range rows {
		entry, endDate, ok, err := ledgerEntry(nip, r)
		if err != nil {
			return JPLedger{}, err
		}
		if !ok || entry.Year != year {
			continue
		}
		entries = append(entries, entry)
		out.Entries = append(out.Entries, LedgerEntry{Source: entry.Source, Ref: r.Ref, Session: r.Session,
			Programme: r.Programme, Title: r.Title, End: r.End, EndDate: endDate, JP: entry.JP, Projected: entry.Projected})
	}
	slices.SortFunc(out.Entries, func(x, y LedgerEntry) int {
		if c := x.End.Compare(y.End); c != 0 {
			return c
		}
		return strings.Compare(x.Ref, y.Ref)
	})
	out.YearJP = domain.Tally(nip, year, entries)
	return out, nil
}

// reportScope narrows a report of agency ("" for every agency) to what g may see: city HR and
// auditors any agency or all of them, agency HR their own (the default when agency is empty), a
// supervisor themselves and those below them, an employee themselves (of agency, when given).
func reportScope(g auth.Grant, agency string) (ReportScope, error) {
	switch g.Scope {
	case auth.ScopeAll:
		return ReportScope{Agency: agency}, nil
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if g.Agency == "" || agency != g.Agency {
			return ReportScope{}, errs.Deniedf("%s (agency %q) may not see reports of agency %q", g.Subject, g.Agency, agency)
		}
		return ReportScope{Agency: agency}, nil
	case auth.ScopeSubordinates:
		return ReportScope{Agency: agency, Under: g.Subject}, nil
	case auth.ScopeSelf:
		return ReportScope{Agency: agency, Employee: g.Subject}, nil
	}
	return ReportScope{}, errs.Deniedf("%s (%s scope) may not see reports", g.Subject, g.Scope)
}

// employeeJP returns q's whole list: every row, sorted by JP short desc then NIP, with the
// totals of all of them, for the year and agency q resolves to.
func (a *App) employeeJP(ctx context.Context, q EmployeeJPQuery) (EmployeeJPList, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return EmployeeJPList{}, err
	}
	if q.Year, err = a.reportYear(q.Year); err != nil {
		return EmployeeJPList{}, err
	}
	scope, err := reportScope(g, q.Agency)
	if err != nil {
		return EmployeeJPList{}, err
	}
	jq, err := a.jpQuery(ctx, scope, q.Year)
	if err != nil {
		return EmployeeJPList{}, err
	}
	list, err := a.repo.EmployeeJP(ctx, jq)
	if err != nil {
		return EmployeeJPList{}, err
	}
	out := EmployeeJPList{Agency: scope.Agency, Year: q.Year, Rows: make([]EmployeeJPRow, 0, len(list))}
	for _, x := range list {
		y := domain.YearJP{Employee: x.Employee, Year: q.Year, Earned: x.Earned, Projected: x.Projected}
		out.Totals.add(y)
		if q.OnlyShort && y.Short() == 0 {
			continue
		}
		out.Rows = append(out.Rows, EmployeeJPRow{Employee: x.Employee, Name: x.Name, Agency: x.Agency, EmploymentType: x.EmploymentType, YearJP: y})
	}
	slices.SortFunc(out.Rows, compareJPRows)
	return out, nil
}

// compareJPRows orders a JP list: most JP short first, then by NIP.
func compareJPRows(x, y EmployeeJPRow) int {
	if c := y.Short() - x.Short(); c != 0 {
		return c
	}
	return strings.Compare(x.Employee, y.Employee)
}

// jpRowKey is a row's place in a JP list, for page tokens: "<short>/<nip>".
func jpRowKey(r EmployeeJPRow) string { return strconv.Itoa(r.Short()) + "/" + r.Employee }

// ListEmployeeJP lists the JP of year of every active employee of agency (of the city when
// agency is empty, for city-wide callers): earned, projected, short of 20 now and at the
// projected year end, most short first then by NIP; only those short now when OnlyShort. The
// totals count every employee the caller may see, on every page. City HR and auditors see any
// agency, agency HR their own, a supervisor themselves and those below them, an employee
// themselves.
func (a *App) ListEmployeeJP(ctx context.Context, q EmployeeJPQuery) (EmployeeJPList, error) {
	after, err := paging.Key(q.PageToken)
	if err != nil {
		return EmployeeJPList{}, err
	}
	out, err := a.employeeJP(ctx, q)
	if err != nil {
		return EmployeeJPList{}, err
	}
	rows := out.Rows
	if after != "" {
		s, nip, ok := strings.Cut(after, "/")
		short, convErr := strconv.Atoi(s)
		if !ok || convErr != nil {
			return EmployeeJPList{}, errs.Invalidf("page_token", "is not a token this API returned")
		}
		mark := EmployeeJPRow{Employee: nip, YearJP: domain.YearJP{Earned: domain.MinimumJPPerYear - short}}
		// The page starts after the mark's row (or where it would be, had it changed since).
		i, found := slices.BinarySearchFunc(rows, mark, compareJPRows)
		if found {
			i++
		}
		rows = rows[i:]
	}
	size := resource.PageSize(q.PageSize, defaultJPPage, maxJPPage)
	out.Rows, out.NextPageToken = resource.Page(rows, size, jpRowKey)
	return out, nil
}
