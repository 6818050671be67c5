package app

// The internship cohort report (issue 10 §6 "internship cohorts", JSON and CSV): per agency with
// seats, its quota and how its placements stand, its mentors, the average final score and how
// much of the logbooks the mentors have reviewed.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CohortReportCSVContentType is the media type of ExportCohortReport's file.
const CohortReportCSVContentType = "text/csv; charset=utf-8"

// CohortReport is a cohort's report: one row per agency with seats, and the totals.
type CohortReport struct {
	Cohort domain.Cohort
	Rows   []CohortAgencyRow
	Total  CohortAgencyRow // Agency "TOTAL"; its mentors are every row's
}

// Mentor is a mentor of a cohort's placements, with their name from the directory ("" when the
// directory no longer knows them).
type Mentor struct {
	NIP  string
	Name string
}

// CohortAgencyRow is what the report says of one agency's seats in a cohort.
type CohortAgencyRow struct {
	Agency    string
	Quota     int
	Placed    int // holding a seat: active or completed
	Active    int
	Completed int
	Passed    int
	Withdrawn int
	Employees int // of Placed, employee participants
	Students  int // of Placed, students
	Mentors   []Mentor
	// Assessed is how many completed placements the average is over; AverageScore is 0 when
	// none is.
	Assessed     int
	AverageScore float64
	// LogbookReviewed counts the entries the mentor approved or commented on; LogbookPending
	// those waiting.
	LogbookReviewed int
	LogbookPending  int
	scoreSum        int
}

// add counts placement p, with its logbook's entries by review state, in row r.
func (r *CohortAgencyRow) add(p domain.Placement, logbook map[domain.LogbookReview]int) {
	switch p.State {
	case domain.PlacementStateWithdrawn:
		r.Withdrawn++
		return
	case domain.PlacementStateActive:
		r.Active++
	case domain.PlacementStateCompleted:
		r.Completed++
		r.Assessed++
		r.scoreSum += p.Score
		if p.Passed {
			r.Passed++
		}
	}
	r.Placed++
	if p.Kind == domain.ParticipantEmployee {
		r.Employees++
	} else {
		r.Students++
	}
	r.LogbookReviewed += logbook[domain.LogbookApproved] + logbook[domain.LogbookCommented]
	r.LogbookPending += logbook[domain.LogbookPending]
	if !slices.ContainsFunc(r.Mentors, func(m Mentor) bool { return m.NIP == p.Mentor }) {
		r.Mentors = append(r.Mentors, Mentor{NIP: p.Mentor})
	}
}

// finish computes the row's average and sorts its mentors.
func (r *CohortAgencyRow) finish() {
	if r.Assessed > 0 {
		r.AverageScore = float64(r.scoreSum) / float64(r.Assessed)
	}
	slices.SortFunc(r.Mentors, func(x, y Mentor) int { return strings.Compare(x.NIP, y.NIP) })
}

// GetCohortReport reports on cohort id: city HR and the auditor see every agency's row, agency HR
// their agency's only (and the totals of that row).
func (a *App) GetCohortReport(ctx context.Context, id string) (CohortReport, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return CohortReport{}, err
	}
	c, err := a.GetCohort(ctx, id)
	if err != nil {
		return CohortReport{}, err
	}
	var placements []domain.Placement
	for after := ""; ; {
		page, err := a.repo.ListPlacements(ctx, PlacementQuery{Cohort: c.ID}, after, MaxInternshipPageSize)
		if err != nil {
			return CohortReport{}, err
		}
		placements = append(placements, page...)
		if len(page) < MaxInternshipPageSize {
			break
		}
		after = page[len(page)-1].ID
	}
	logbooks, err := a.repo.CohortLogbookCounts(ctx, c.ID)
	if err != nil {
		return CohortReport{}, err
	}
	agencies := c.Agencies()
	if g.Scope != auth.ScopeAll {
		agencies = []string{g.Agency} // GetCohort let agency HR through only for a cohort with seats for their agency
	}
	rows := make(map[string]*CohortAgencyRow, len(agencies))
	out := CohortReport{Cohort: c, Total: CohortAgencyRow{Agency: "TOTAL"}}
	for _, agency := range agencies {
		rows[agency] = &CohortAgencyRow{Agency: agency, Quota: c.Quotas[agency]}
		out.Total.Quota += c.Quotas[agency]
	}
	for _, p := range placements {
		if r, ok := rows[p.Agency]; ok {
			r.add(p, logbooks[p.ID])
			out.Total.add(p, logbooks[p.ID])
		}
	}
	names := map[string]string{}
	for _, r := range append([]*CohortAgencyRow{&out.Total}, mapValues(rows, agencies)...) {
		r.finish()
		for i, m := range r.Mentors {
			if _, ok := names[m.NIP]; !ok {
				emp, err := a.dir.Employee(ctx, m.NIP)
				if err != nil && !errors.Is(err, directory.ErrNotFound) {
					return CohortReport{}, err
				}
				names[m.NIP] = emp.DisplayName
			}
			r.Mentors[i].Name = names[m.NIP]
		}
		if r != &out.Total {
			out.Rows = append(out.Rows, *r)
		}
	}
	return out, nil
}

// mapValues returns m's values in the order of keys.
func mapValues(m map[string]*CohortAgencyRow, keys []string) []*CohortAgencyRow {
	out := make([]*CohortAgencyRow, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// ExportCohortReport returns GetCohortReport's report as CSV (RFC 4180, comma-separated): a
// header row, one row per agency and a last row with agency "TOTAL". The columns are agency,
// quota, placed, active, completed, passed, withdrawn, employees, students, average_score (one
// decimal, empty when nobody was assessed), mentors (NIP and name, "; "-separated),
// logbook_reviewed and logbook_pending.
func (a *App) ExportCohortReport(ctx context.Context, id string) ([]byte, error) {
	r, err := a.GetCohortReport(ctx, id)
	if err != nil {
		return nil, err
	}
	return CohortReportCSV(r)
}

// CohortReportCSV writes r as ExportCohortReport does.
func CohortReportCSV(r CohortReport) ([]byte, error) {
	var buf bytes.Buffer
	// Names come from HR input: csvexport neutralises a cell a spreadsheet would run as a formula.
	w := csvexport.NewWriter(&buf)
	header := []string{"agency", "quota", "placed", "active", "completed", "passed", "withdrawn", "employees", "students",
		"average_score", "mentors", "logbook_reviewed", "logbook_pending"}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, x := range append(slices.Clone(r.Rows), r.Total) {
		rec := []string{x.Agency}
		for _, n := range []int{x.Quota, x.Placed, x.Active, x.Completed, x.Passed, x.Withdrawn, x.Employees, x.Students} {
			rec = append(rec, strconv.Itoa(n))
		}
		avg := ""
		if x.Assessed > 0 {
			avg = strconv.FormatFloat(x.AverageScore, 'f', 1, 64)
		}
		mentors := make([]string, len(x.Mentors))
		for i, m := range x.Mentors {
			mentors[i] = strings.TrimSpace(m.NIP + " " + m.Name)
		}
		rec = append(rec, avg, strings.Join(mentors, "; "), strconv.Itoa(x.LogbookReviewed), strconv.Itoa(x.LogbookPending))
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("writing the cohort report CSV: %w", err)
	}
	return buf.Bytes(), nil
}
