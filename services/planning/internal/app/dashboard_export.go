package app

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	"github.com/simpeg-id/simpeg/platform/csvexport"
)

// DashboardCSVHeader is the dashboard CSV's header. The rows: "total" (the active employees);
// one per group of each breakdown, section the dimension (agency, unit, rank, position_kind,
// employment_type, sex, age_band, education) with key, label and count; "needs", one per
// agency with need, holders and gap; "retirements", one per year (key the year, count the
// retirements); "targets", one per target in force (key "{plan id}/{target key}", label the
// title, agency the plan's, "" for the city plan) with goal, value, expected and status. agency
// is the dashboard's agency ("" the city) on the breakdown rows.
var DashboardCSVHeader = []string{"section", "agency", "key", "label", "count", "need", "holders", "gap", "goal", "value", "expected", "status"}

// ExportWorkforceDashboard returns the dashboard GetWorkforceDashboard would, as CSV, with the
// agency it is of ("" the city).
func (a *App) ExportWorkforceDashboard(ctx context.Context, agency string) (string, []byte, error) {
	agency, err := a.dashboardAgency(ctx, agency)
	if err != nil {
		return "", nil, err
	}
	d, err := a.workforceDashboard(ctx, agency)
	if err != nil {
		return "", nil, err
	}
	data, err := DashboardCSV(d)
	return agency, data, err
}

// DashboardCSV writes d in the layout of DashboardCSVHeader.
func DashboardCSV(d Dashboard) ([]byte, error) {
	itoa := strconv.Itoa
	rows := [][]string{DashboardCSVHeader,
		{"total", d.Agency, "", "Pegawai aktif pada " + d.Date.String(), itoa(d.Total), "", "", "", "", "", "", ""}}
	for _, b := range d.Breakdowns {
		for _, g := range b.Groups {
			rows = append(rows, []string{b.Dimension, d.Agency, g.Key, g.Label, itoa(g.Count), "", "", "", "", "", "", ""})
		}
	}
	for _, n := range d.AgencyNeeds {
		rows = append(rows, []string{"needs", n.Agency, n.Agency, n.Name, "", itoa(n.Need), itoa(n.Holders), itoa(n.Gap), "", "", "", ""})
	}
	for _, y := range d.Retirements {
		rows = append(rows, []string{"retirements", d.Agency, itoa(y.Year), "Pensiun " + itoa(y.Year), itoa(y.Count), "", "", "", "", "", "", ""})
	}
	for _, t := range d.Targets {
		m := t.Target.Measure
		rows = append(rows, []string{"targets", t.Agency, t.Plan + "/" + t.Target.Key, t.Target.Title, "", "", "", "",
			num(t.Target.GoalValue), num(m.Value), num(m.Expected), string(m.Status)})
	}
	var buf bytes.Buffer
	if err := csvexport.NewWriter(&buf).WriteAll(rows); err != nil {
		return nil, fmt.Errorf("writing the dashboard's CSV: %w", err)
	}
	return buf.Bytes(), nil
}
