package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The monthly reports (issue 12 §3): for each agency and month, the plan's progress, the
// headcount and its changes, JP, attendance and evaluation figures, as a CSV file and a
// printable HTML page the city archives. The schedule generates last month's report of every
// agency once (GenerateDueReports); HR may generate one again at any time, which replaces it.

// ReportTarget is one target of the report's plan: its measure now and the month's point.
type ReportTarget struct {
	Target domain.Target
	// Point is the last value measured in the report's month; nil when none was.
	Point *ReportPoint
}

// ReportPoint is a target's value, expected value and status as last measured in a month.
type ReportPoint struct {
	Value, Expected float64
	Status          domain.TargetStatus
}

// ReportPlan is the agency's plan of the report's year.
type ReportPlan struct {
	ID      string
	State   domain.PlanState
	Content domain.PlanContent // the version in force, else the working one
	Targets []ReportTarget
}

// ReportFigures are what the store counts for a monthly report.
type ReportFigures struct {
	Plan *ReportPlan // nil: the agency has no plan for the year
	// Headcount at the end of the month before and at the report's last day, and the changes
	// between: employees new to the city, transferred in from another agency, transferred out
	// (to another agency or out of the city), retired.
	HeadStart, HeadEnd                                int
	JoinedNew, TransferredIn, TransferredOut, Retired int
	// JP credited in the month and in the year to date (plan_fact_jp), and the employees
	// with at least 20 JP in the year to date.
	JPMonth, JPYear, JP20 int
	// Attendance days in the month (plan_fact_days): present (a check-in of a day still open
	// counts), absent, on leave.
	Present, Absent, Leave int
	// Evaluation (plan_fact_skps, plan_fact_feedback): SKPs approved and annual ratings
	// finalised in the month and the year to date; feedback entries given.
	SkpApprovedMonth, SkpApprovedYear           int
	RatingsFinalisedMonth, RatingsFinalisedYear int
	FeedbackMonth, FeedbackYear                 int
}

// ReportPeriod is what a report covers: the month, its last day counted (today for the month
// under way), and the bounds of the month and year in WIB as instants.
type ReportPeriod struct {
	Month              domain.Month
	AsOf               domain.Date
	From, To, YearFrom time.Time
}

// ReportFilter selects monthly reports.
type ReportFilter struct {
	Agency   string
	PageSize int
	After    string // the page token's key, "YYYY-MM/AGENCY"
}

// ReportStore reads the monthly reports' figures and the reports; part of Repository.
type ReportStore interface {
	// ReportFigures counts agency's figures for the period p.
	ReportFigures(ctx context.Context, agency string, p ReportPeriod) (ReportFigures, error)
	// GetMonthlyReport reads a report with its files; NotFound when it was not generated.
	GetMonthlyReport(ctx context.Context, agency string, month domain.Month) (domain.MonthlyReport, error)
	// ListMonthlyReports lists reports without their files (sizes only), newest month first,
	// then by agency.
	ListMonthlyReports(ctx context.Context, f ReportFilter) ([]ReportInfo, error)
	// ReportedAgencies returns the agencies with a report of month.
	ReportedAgencies(ctx context.Context, month domain.Month) (map[string]bool, error)
}

// ReportInfo is a listed report: the report without its files, with their sizes.
type ReportInfo struct {
	domain.MonthlyReport
	CSVBytes, HTMLBytes int64
}

// MonthlyReportName is the resource name of a report, "monthlyReports/{agency}-{YYYY-MM}".
func MonthlyReportName(agency string, m domain.Month) string {
	return "monthlyReports/" + agency + "-" + m.String()
}

// ParseMonthlyReportName reads a report's resource name.
func ParseMonthlyReportName(name string) (string, domain.Month, error) {
	id, ok := strings.CutPrefix(name, "monthlyReports/")
	if !ok || len(id) < 10 || id[len(id)-8] != '-' {
		return "", domain.Month{}, errs.Invalidf("name", "must be monthlyReports/{agency}-{YYYY-MM}, got %q", name)
	}
	m, err := domain.ParseMonth(id[len(id)-7:])
	if err != nil {
		return "", domain.Month{}, errs.Invalidf("name", "%v", err)
	}
	return id[:len(id)-8], m, nil
}

// GenerateMonthlyReport generates agency's report of month ("YYYY-MM"; last month in WIB when
// empty) now, replacing one generated before. HR of the agency and city HR may; a month after
// the current one is refused, the current one is reported up to today.
func (a *App) GenerateMonthlyReport(ctx context.Context, agency, month string) (ReportInfo, error) {
	if agency == "" {
		return ReportInfo{}, errs.Invalidf("agency", "is required")
	}
	if _, err := a.requireWrites(ctx, agency); err != nil {
		return ReportInfo{}, err
	}
	today := jakartaDate(a.now())
	m := domain.MonthOf(today).Prev()
	if month != "" {
		var err error
		if m, err = domain.ParseMonth(month); err != nil {
			return ReportInfo{}, errs.Invalidf("month", "%v", err)
		}
	}
	if domain.MonthOf(today).Before(m) {
		return ReportInfo{}, errs.Invalidf("month", "%s has not begun (today is %s); a report covers a month under way or past", m, today)
	}
	g, err := resource.Grant(ctx)
	if err != nil {
		return ReportInfo{}, err
	}
	info, _, err := a.generateReport(ctx, agency, m, g.Subject, true)
	return info, err
}

// GenerateDueReports generates, as "schedule", last month's report (WIB) of every top-level
// agency that has none, and returns how many it generated. The service calls it at start and
// every SIMPEG_PLANNING_REPORT_INTERVAL; it needs no caller in ctx, and two replicas calling
// it together generate each report once (the second insert finds the first).
func (a *App) GenerateDueReports(ctx context.Context) (int, error) {
	m := domain.MonthOf(jakartaDate(a.now())).Prev()
	done, err := a.repo.ReportedAgencies(ctx, m)
	if err != nil {
		return 0, err
	}
	n, after := 0, ""
	for {
		list, err := a.repo.ListAgencies(ctx, AgencyFilter{Parent: "-", PageSize: MaxPageSize + 1, After: after})
		if err != nil {
			return n, err
		}
		for i, ag := range list {
			if i == MaxPageSize {
				break
			}
			if done[ag.Code] {
				continue
			}
			_, made, err := a.generateReport(ctx, ag.Code, m, domain.ReportBySchedule, false)
			if err != nil {
				return n, fmt.Errorf("generating the report of %s for %s: %w", ag.Code, m, err)
			}
			if made {
				n++
			}
		}
		if len(list) <= MaxPageSize {
			return n, nil
		}
		after = list[MaxPageSize-1].Code
	}
}

// generateReport counts agency's figures for m, renders the files and stores them with their
// event and audit record; replace says whether an existing report is replaced (a caller's
// request) or kept (the schedule). made is false when an existing report was kept.
func (a *App) generateReport(ctx context.Context, agency string, m domain.Month, by string, replace bool) (ReportInfo, bool, error) {
	ag, err := a.repo.GetAgency(ctx, agency)
	if err != nil {
		return ReportInfo{}, false, err
	}
	if ag.Parent != "" {
		return ReportInfo{}, false, errs.Invalidf("agency", "%s is a unit of %s; reports are of agencies", agency, ag.Parent)
	}
	now := a.now()
	p := reportPeriod(m, jakartaDate(now))
	fig, err := a.repo.ReportFigures(ctx, agency, p)
	if err != nil {
		return ReportInfo{}, false, err
	}
	owners := map[string]string{}
	if fig.Plan != nil {
		for _, act := range fig.Plan.Content.Actions {
			if _, ok := owners[act.Owner]; ok || act.Owner == "" {
				continue
			}
			owners[act.Owner] = act.Owner
			if e, err := a.repo.GetEmployee(ctx, act.Owner); err == nil {
				owners[act.Owner] = e.DisplayName()
			} else if e, ok := errs.As(err); !ok || e.Kind != errs.NotFound {
				return ReportInfo{}, false, err
			}
		}
	}
	doc := reportDoc{Agency: ag, Period: p, Generated: now, By: by, Figures: fig, Owners: owners}
	csvData, err := doc.csv()
	if err != nil {
		return ReportInfo{}, false, err
	}
	var html bytes.Buffer
	if err := doc.html(&html); err != nil {
		return ReportInfo{}, false, err
	}
	rep := domain.MonthlyReport{Agency: agency, Month: m, Generated: now, GeneratedBy: by,
		CSV: csvData, HTML: html.Bytes(), CSVSHA256: sha(csvData), HTMLSHA256: sha(html.Bytes())}
	made := false
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		ok, err := tx.PutMonthlyReport(ctx, rep, replace)
		if err != nil || !ok {
			return err
		}
		made = true
		if err := tx.Emit(ctx, domain.MonthlyReportGenerated{Report: rep}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: MonthlyReportName(agency, m),
			Detail: fmt.Sprintf("generated by %s: CSV %d bytes sha256 %s, HTML %d bytes sha256 %s", by, len(rep.CSV), rep.CSVSHA256, len(rep.HTML), rep.HTMLSHA256)})
	})
	if err != nil {
		return ReportInfo{}, false, err
	}
	return ReportInfo{MonthlyReport: rep, CSVBytes: int64(len(rep.CSV)), HTMLBytes: int64(len(rep.HTML))}, made, nil
}

// reportPeriod is month m as reported on today: to its last day, or to today for the month
// under way.
func reportPeriod(m domain.Month, today domain.Date) ReportPeriod {
	p := ReportPeriod{Month: m, AsOf: m.Last()}
	if today.Before(p.AsOf.Time) {
		p.AsOf = today
	}
	p.From = time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, reportZone)
	p.To = p.From.AddDate(0, 1, 0)
	p.YearFrom = time.Date(m.Year, 1, 1, 0, 0, 0, 0, reportZone)
	return p
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// ListMonthlyReports lists the reports the caller sees, newest month first: agency HR and
// agency heads their agency's (by default, and no other's), city HR and auditors any.
func (a *App) ListMonthlyReports(ctx context.Context, agency string, n int, token string) ([]ReportInfo, string, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return nil, "", err
	}
	if !r.All {
		if agency == "" {
			agency = r.Agency
		}
		if agency != r.Agency {
			return nil, "", errs.Deniedf("the caller sees the reports of agency %q only, not %q", r.Agency, agency)
		}
	}
	after, err := paging.Key(token)
	if err != nil {
		return nil, "", err
	}
	size := pageSize(n)
	list, err := a.repo.ListMonthlyReports(ctx, ReportFilter{Agency: agency, PageSize: size + 1, After: after})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > size {
		list = list[:size]
		last := list[size-1]
		next = paging.Token(last.Month.String() + "/" + last.Agency)
	}
	return list, next, nil
}

// GetMonthlyReport reads a report with its files, for whoever lists the agency's reports.
func (a *App) GetMonthlyReport(ctx context.Context, agency string, m domain.Month) (domain.MonthlyReport, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return domain.MonthlyReport{}, err
	}
	if !r.All && agency != r.Agency {
		return domain.MonthlyReport{}, errs.Deniedf("the caller sees the reports of agency %q only, not %q", r.Agency, agency)
	}
	return a.repo.GetMonthlyReport(ctx, agency, m)
}
