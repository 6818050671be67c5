package app

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"time"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// A monthly report's two files: the CSV (one row per figure, a section column first) and the
// printable HTML page (Bahasa Indonesia, inline CSS for A4, no external assets).

//go:embed report.html.tmpl
var reportHTML string

var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

// ReportCSVHeader is the monthly report CSV's header. Each row is one figure: section (report,
// plan, target, action, actions, headcount, jp, attendance, evaluation), key, label (Bahasa
// Indonesia) and value; a target row adds its goal, expected value, status and the month's
// value; an action row has its state as value and its due date as goal.
var ReportCSVHeader = []string{"section", "key", "label", "value", "goal", "expected", "status", "month_value"}

// reportDoc is what a report's files are made of.
type reportDoc struct {
	Agency    domain.Agency
	Period    ReportPeriod
	Generated time.Time
	By        string
	Figures   ReportFigures
	Owners    map[string]string // the actions' owners' names with titles, by NIP
}

// num writes v with at most one decimal ("12", "87.5").
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*10+sign(v)*0.5))/10, 'f', -1, 64)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// percent is part ÷ whole × 100 to one decimal, "" when whole is 0.
func percent(part, whole int) string {
	if whole == 0 {
		return ""
	}
	return num(float64(part) * 100 / float64(whole))
}

// statusLabel is a target status in Bahasa Indonesia.
func statusLabel(s domain.TargetStatus) string {
	switch s {
	case domain.StatusOnTrack:
		return "Sesuai jalur"
	case domain.StatusAtRisk:
		return "Berisiko"
	case domain.StatusOffTrack:
		return "Tertinggal"
	case domain.StatusAchieved:
		return "Tercapai"
	}
	return "Belum diukur"
}

// planStateLabel is a plan state in Bahasa Indonesia.
func planStateLabel(s domain.PlanState) string {
	switch s {
	case domain.PlanDraft:
		return "Draf"
	case domain.PlanSubmitted:
		return "Diajukan"
	case domain.PlanReturned:
		return "Dikembalikan"
	case domain.PlanApproved:
		return "Disetujui"
	case domain.PlanInProgress:
		return "Berjalan"
	case domain.PlanClosed:
		return "Ditutup"
	}
	return string(s)
}

// actionState is where an action stands on the report's last day: done (by then), overdue
// (its due date passed, not done) or open.
func (d reportDoc) actionState(act domain.Action) domain.ActionState {
	if !act.Done.IsZero() && !jakartaDate(act.Done).After(d.Period.AsOf.Time) {
		return domain.ActionDone
	}
	if act.Due.Before(d.Period.AsOf.Time) {
		return domain.ActionOverdue
	}
	return domain.ActionOpen
}

func (d reportDoc) illustrative() bool {
	return d.Figures.Plan != nil && d.Figures.Plan.Content.Illustrative
}

func (d reportDoc) actionCounts() (done, overdue, open int) {
	if d.Figures.Plan == nil {
		return
	}
	for _, act := range d.Figures.Plan.Content.Actions {
		switch d.actionState(act) {
		case domain.ActionDone:
			done++
		case domain.ActionOverdue:
			overdue++
		default:
			open++
		}
	}
	return
}

// csv renders the report's CSV file.
func (d reportDoc) csv() ([]byte, error) {
	f := d.Figures
	yesNo := map[bool]string{true: "ya", false: "tidak"}
	rows := [][]string{ReportCSVHeader,
		{"report", "agency", "Instansi", d.Agency.Code},
		{"report", "agency_name", "Nama instansi", d.Agency.Name},
		{"report", "month", "Bulan", d.Period.Month.String()},
		{"report", "as_of", "Data sampai", d.Period.AsOf.String()},
		{"report", "generate_time", "Dibuat", d.Generated.In(reportZone).Format(time.RFC3339)},
		{"report", "generated_by", "Oleh", d.By},
		{"report", "illustrative", "Data ilustratif", yesNo[d.illustrative()]},
	}
	if p := f.Plan; p != nil {
		rows = append(rows, []string{"plan", "id", "Rencana kerja", "workPlans/" + p.ID},
			[]string{"plan", "title", "Judul", p.Content.Title},
			[]string{"plan", "state", "Status rencana", string(p.State)})
		for _, t := range p.Targets {
			m := t.Target.Measure
			row := []string{"target", t.Target.Key, t.Target.Title, num(m.Value), num(t.Target.GoalValue), num(m.Expected), string(m.Status), ""}
			if t.Point != nil {
				row[7] = num(t.Point.Value)
			}
			rows = append(rows, row)
		}
		for _, act := range p.Content.Actions {
			rows = append(rows, []string{"action", act.Key, act.Title, string(d.actionState(act)), act.Due.String()})
		}
		done, overdue, open := d.actionCounts()
		rows = append(rows, []string{"actions", "done", "Tindakan selesai", strconv.Itoa(done)},
			[]string{"actions", "overdue", "Tindakan terlambat", strconv.Itoa(overdue)},
			[]string{"actions", "open", "Tindakan berjalan", strconv.Itoa(open)})
	} else {
		rows = append(rows, []string{"plan", "state", "Status rencana", "none"})
	}
	count := func(section, key, label string, n int) []string {
		return []string{section, key, label, strconv.Itoa(n)}
	}
	rows = append(rows,
		count("headcount", "start", "Pegawai pada awal bulan", f.HeadStart),
		count("headcount", "joined_new", "Pegawai baru", f.JoinedNew),
		count("headcount", "transferred_in", "Pindah masuk", f.TransferredIn),
		count("headcount", "transferred_out", "Pindah keluar", f.TransferredOut),
		count("headcount", "retired", "Pensiun", f.Retired),
		count("headcount", "end", "Pegawai pada akhir bulan", f.HeadEnd),
		count("jp", "month", "JP bulan ini", f.JPMonth),
		count("jp", "year_to_date", "JP sejak awal tahun", f.JPYear),
		count("jp", "employees_20jp", "Pegawai dengan ≥ 20 JP", f.JP20),
		[]string{"jp", "share_20jp", "Persentase pegawai dengan ≥ 20 JP", percent(f.JP20, f.HeadEnd)},
		count("attendance", "present", "Hari hadir", f.Present),
		count("attendance", "absent", "Hari tidak hadir tanpa keterangan", f.Absent),
		count("attendance", "on_leave", "Hari cuti", f.Leave),
		[]string{"attendance", "rate", "Tingkat kehadiran (%)", percent(f.Present, f.Present+f.Absent)},
		count("evaluation", "skp_approved_month", "SKP disetujui bulan ini", f.SkpApprovedMonth),
		count("evaluation", "skp_approved_year_to_date", "SKP disetujui sejak awal tahun", f.SkpApprovedYear),
		count("evaluation", "ratings_finalised_month", "Penilaian tahunan final bulan ini", f.RatingsFinalisedMonth),
		count("evaluation", "ratings_finalised_year_to_date", "Penilaian tahunan final sejak awal tahun", f.RatingsFinalisedYear),
		count("evaluation", "feedback_month", "Umpan balik bulan ini", f.FeedbackMonth),
		count("evaluation", "feedback_year_to_date", "Umpan balik sejak awal tahun", f.FeedbackYear),
	)
	for i, r := range rows {
		for len(r) < len(ReportCSVHeader) {
			r = append(r, "")
		}
		rows[i] = r
	}
	var buf bytes.Buffer
	if err := csvexport.NewWriter(&buf).WriteAll(rows); err != nil {
		return nil, fmt.Errorf("writing the report's CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// htmlTarget and htmlAction are the template's rows.
type htmlTarget struct{ Title, Goal, Value, Expected, Status, Point string }
type htmlAction struct{ Title, Owner, Due, State string }

// html renders the report's printable page.
func (d reportDoc) html(w io.Writer) error {
	f := d.Figures
	data := struct {
		Agency, AgencyName, MonthLabel, AsOf, Generated, By string
		Partial, Illustrative, HasPlan                      bool
		Year                                                int
		PlanTitle, PlanState                                string
		Targets                                             []htmlTarget
		Actions                                             []htmlAction
		ActionsDone, ActionsOverdue, ActionsOpen            int
		F                                                   ReportFigures
		JP20Share, AttendanceRate                           string
	}{
		Agency: d.Agency.Code, AgencyName: d.Agency.Name, MonthLabel: d.Period.Month.Label(), AsOf: d.Period.AsOf.String(),
		Generated: d.Generated.In(reportZone).Format("02-01-2006 15:04 WIB"), By: d.By,
		Partial: d.Period.AsOf.Before(d.Period.Month.Last().Time), Illustrative: d.illustrative(), Year: d.Period.Month.Year,
		F: f, JP20Share: orDash(percent(f.JP20, f.HeadEnd), " %"), AttendanceRate: orDash(percent(f.Present, f.Present+f.Absent), " %"),
	}
	if p := f.Plan; p != nil {
		data.HasPlan, data.PlanTitle, data.PlanState = true, p.Content.Title, planStateLabel(p.State)
		for _, t := range p.Targets {
			m, unit := t.Target.Measure, ""
			if t.Target.Kind.Percent() {
				unit = " %"
			}
			row := htmlTarget{Title: t.Target.Title, Goal: num(t.Target.GoalValue) + unit, Value: num(m.Value) + unit,
				Expected: num(m.Expected) + unit, Status: statusLabel(m.Status), Point: "-"}
			if t.Point != nil {
				row.Point = num(t.Point.Value) + unit
			}
			data.Targets = append(data.Targets, row)
		}
		for _, act := range p.Content.Actions {
			state := map[domain.ActionState]string{domain.ActionDone: "Selesai", domain.ActionOverdue: "Terlambat", domain.ActionOpen: "Berjalan"}[d.actionState(act)]
			owner := act.Owner
			if name := d.Owners[act.Owner]; name != "" && name != act.Owner {
				owner = name + " (" + act.Owner + ")"
			}
			data.Actions = append(data.Actions, htmlAction{Title: act.Title, Owner: owner, Due: act.Due.String(), State: state})
		}
		data.ActionsDone, data.ActionsOverdue, data.ActionsOpen = d.actionCounts()
	}
	if err := reportTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("writing the report's page: %w", err)
	}
	return nil
}

func orDash(s, unit string) string {
	if s == "" {
		return "-"
	}
	return s + unit
}
