package grpcapi

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The CSV files of the workload analysis (services/planning/README.md, "Workload analysis and
// formasi", documents each layout). Every cell goes through csvexport, so none runs as a
// formula in a spreadsheet.

func wlInt(n int) string { return strconv.Itoa(n) }

// workloadCSVFile writes records and returns the file.
func workloadCSVFile(records [][]string) ([]byte, error) {
	var buf bytes.Buffer
	if err := csvexport.NewWriter(&buf).WriteAll(records); err != nil {
		return nil, fmt.Errorf("writing CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// PositionMapHeader is the header row of ExportPositionMap's file.
var PositionMapHeader = []string{"agency", "unit", "unit_name", "position", "title", "kind", "class", "level", "need", "from_workload", "holders", "gap"}

// positionMapCSV writes one row per position of the map, unit by unit in the map's order.
func positionMapCSV(m app.PositionMap) ([]byte, error) {
	records := [][]string{PositionMapHeader}
	for _, u := range m.Units {
		for _, p := range u.Positions {
			records = append(records, []string{m.Agency, u.Unit, u.Name, p.ID, p.Title, string(p.Kind), wlInt(p.Class), string(p.Level),
				wlInt(p.Needed), strconv.FormatBool(p.NeededFromWorkload), wlInt(p.Current), wlInt(p.Gap())})
		}
	}
	return workloadCSVFile(records)
}

// RetirementHeader is the header row of ExportRetirementForecast's file.
var RetirementHeader = []string{"year", "agency", "unit", "position", "title", "kind", "nip", "name", "employment_type", "birth_date", "retirement_age", "retirement_date"}

// retirementCSV writes one row per retiree, year by year.
func retirementCSV(f app.RetirementForecast) ([]byte, error) {
	records := [][]string{RetirementHeader}
	for _, y := range f.Years {
		for _, pr := range y.Positions {
			kind := string(pr.Kind)
			if kind == "" {
				kind = domain.KindNone
			}
			for _, r := range pr.Retirees {
				records = append(records, []string{wlInt(y.Year), r.Agency, r.Unit, pr.Position, pr.Title, kind, r.NIP, r.Name, string(r.Type),
					r.Birth.String(), wlInt(r.Age), r.Date.String()})
			}
		}
	}
	return workloadCSVFile(records)
}

// positionJenis is a position kind in Indonesian, as a formasi form names it.
var positionJenis = map[domain.PositionKind]string{
	domain.PositionStructural: "Struktural",
	domain.PositionFunctional: "Fungsional",
	domain.PositionExecutor:   "Pelaksana",
}

// formasiStatusID is a formasi state in Indonesian.
var formasiStatusID = map[domain.FormasiState]string{
	domain.FormasiDraft:     "Draf",
	domain.FormasiSubmitted: "Diajukan",
	domain.FormasiReturned:  "Dikembalikan",
	domain.FormasiApproved:  "Disetujui",
}

// FormasiColumns returns the header row of a formasi proposal's table for the five years from
// first: No, Unit Kerja, Nama Jabatan, Jenis, Kelas, Kebutuhan (ABK), Bezetting, Selisih,
// Pensiun <year> ×5, Usulan <year> ×5, Jumlah.
func FormasiColumns(first int) []string {
	row := []string{"No", "Unit Kerja", "Nama Jabatan", "Jenis", "Kelas", "Kebutuhan (ABK)", "Bezetting", "Selisih"}
	for i := range domain.ForecastYears {
		row = append(row, "Pensiun "+wlInt(first+i))
	}
	for i := range domain.ForecastYears {
		row = append(row, "Usulan "+wlInt(first+i))
	}
	return append(row, "Jumlah")
}

// formasiCSV writes a proposal as a city HR office hands it on: a header block naming the
// agency, the first year, the state, the effective hours and the creation (and the decision,
// once there is one), a blank row, the table of positions and a totals row. units names the
// agency's units by code.
func formasiCSV(p domain.FormasiProposal, units map[string]string) ([]byte, error) {
	records := [][]string{
		{"Usulan Kebutuhan ASN (Formasi)"},
		{"Instansi", p.AgencyName},
		{"Kode instansi", p.Agency},
		{"Tahun pertama", wlInt(p.FirstYear)},
		{"Periode", fmt.Sprintf("%d-%d", p.FirstYear, p.FirstYear+domain.ForecastYears-1)},
		{"Status", formasiStatusID[p.State]},
		{"Jam kerja efektif per tahun", wlInt(p.EffectiveHours)},
		{"Dibuat", domain.InMedan(p.Created).Format("2006-01-02 15:04") + " WIB", p.CreatedBy},
	}
	if !p.Decided.IsZero() {
		records = append(records, []string{"Diputuskan", domain.InMedan(p.Decided).Format("2006-01-02 15:04") + " WIB", p.DecidedBy})
	}
	if p.DecreeNumber != "" {
		records = append(records, []string{"Nomor keputusan", p.DecreeNumber})
	}
	if p.Comment != "" {
		records = append(records, []string{"Catatan", p.Comment})
	}
	records = append(records, []string{}, FormasiColumns(p.FirstYear))
	var need, holders, total int
	ret := make([]int, domain.ForecastYears)
	for i, l := range p.Lines {
		unit := l.Unit
		if unit == "" {
			unit = p.Agency
		}
		name := units[unit]
		if name == "" {
			name = unit
		}
		row := []string{wlInt(i + 1), name, l.Title, positionJenis[l.Kind], wlInt(l.Class), wlInt(l.Need), wlInt(l.Holders), wlInt(l.Gap())}
		for y := range domain.ForecastYears {
			row = append(row, wlInt(yearAt(l.Retirements, y)))
			ret[y] += yearAt(l.Retirements, y)
		}
		for y := range domain.ForecastYears {
			row = append(row, wlInt(yearAt(l.Proposed, y)))
		}
		records = append(records, append(row, wlInt(l.Total)))
		need, holders, total = need+l.Need, holders+l.Holders, total+l.Total
	}
	row := []string{"", "Jumlah", "", "", "", wlInt(need), wlInt(holders), wlInt(need - holders)}
	for y := range domain.ForecastYears {
		row = append(row, wlInt(ret[y]))
	}
	for y := range domain.ForecastYears {
		row = append(row, wlInt(yearAt(p.Totals, y)))
	}
	records = append(records, append(row, wlInt(total)))
	return workloadCSVFile(records)
}

func yearAt(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}
