package app_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

func date(s string) domain.Date { d, _ := domain.ParseDate(s); return d }

func posting(agency, unit, position, start string) domain.Assignment {
	return domain.Assignment{Agency: agency, Unit: unit, Position: position, Start: date(start)}
}

// importPostings imports employees with past postings (issue 8 item 9): a bad row anywhere
// writes nothing and every bad field is named requests[i].<field>; the history is stored with
// each posting ending the day before the next; a second run is unchanged; other postings for
// a registered NIP are refused; agency HR may not import.
func (f *fixture) importPostings(t *testing.T) {
	const (
		nurse  = "198502142010012001" // appointed January 2010: DINKES 2012, DISKOMINFO 2019
		clerk  = "199207072016011001" // appointed January 2016, reports to nurse (row 0)
		clerk2 = "199307072017011001" // no postings given: one from the appointment date
	)
	good := func() []app.ImportRow {
		return []app.ImportRow{
			{Employee: employee(nurse, "Dewi Lestari", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", kadis),
				History: []domain.Assignment{posting("DINKES", "", "", "2012-03-01"), posting("DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", "2019-07-15")}},
			{Employee: employee(clerk, "Rudi Hartono", "DISKOMINFO", "", "", nurse),
				History: []domain.Assignment{posting("DISKOMINFO", "", "", "2016-01-04")}},
			{Employee: employee(clerk2, "Joko Purba", "DINKES", "", "", dokter)},
		}
	}
	tests := []struct {
		name  string
		mod   func([]app.ImportRow)
		field string
	}{
		{"start in the future", func(r []app.ImportRow) { r[0].History[1].Start = date("2027-01-02") }, "requests[0].history[1].start_date"},
		{"start before the appointment", func(r []app.ImportRow) { r[0].History[0].Start = date("2009-12-31") }, "requests[0].history[0].start_date"},
		{"starts not increasing", func(r []app.ImportRow) { r[0].History[1].Start = date("2012-03-01") }, "requests[0].history[1].start_date"},
		{"unknown agency", func(r []app.ImportRow) { r[0].History[0].Agency = "NOPE" }, "requests[0].history[0].agency"},
		{"unit of another agency", func(r []app.ImportRow) { r[0].History[0].Unit = "DISKOMINFO-APTIKA" }, "requests[0].history[0].unit"},
		{"unknown position", func(r []app.ImportRow) { r[0].History[0].Position = "nope" }, "requests[0].history[0].position"},
		{"last posting is not the employee's", func(r []app.ImportRow) { r[1].History[0].Agency = "DINKES" }, "requests[1].history[0]"},
		{"end date given", func(r []app.ImportRow) { r[1].History[0].End = date("2020-01-01") }, "requests[1].history[0].end_date"},
		{"bad employee", func(r []app.ImportRow) { r[2].Employee.Rank = "IV/f" }, "requests[2].employee.rank"},
		{"NIP twice", func(r []app.ImportRow) { r[2].Employee = r[1].Employee }, "requests[2].employee.nip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := good()
			tt.mod(rows)
			for _, validateOnly := range []bool{true, false} {
				before := f.pend()
				_, err := f.app.ImportEmployees(cityHR, rows, validateOnly, nil)
				testenv.WantKind(t, err, errs.Invalid, tt.field)
				if after := f.pend(); after != before {
					t.Errorf("a refused import wrote %d events", after-before)
				}
			}
			if _, err := f.app.GetEmployee(cityHR, nurse); !errs.IsKind(err, errs.NotFound) {
				t.Errorf("after a refused import GetEmployee(%s) = %v, want not found: nothing written", nurse, err)
			}
		})
	}
	t.Run("agency HR", func(t *testing.T) {
		// The authorization table lets only city HR call ImportEmployees; the use case needs
		// a grant at all.
		if _, err := f.app.ImportEmployees(t.Context(), good(), true, nil); err == nil {
			t.Error("an import without a grant was accepted")
		}
	})
	t.Run("supervisor in another call", func(t *testing.T) {
		rows := good()[1:2]
		if _, err := f.app.ImportEmployees(cityHR, rows, true, nil); !errs.IsKind(err, errs.Invalid) {
			t.Errorf("validate_only with the supervisor unknown: %v, want invalid", err)
		}
		if res, err := f.app.ImportEmployees(cityHR, rows, true, []string{nurse}); err != nil || len(res.Created) != 1 {
			t.Errorf("validate_only with the supervisor in import_nips: %+v, %v", res, err)
		}
	})
	before := f.pend()
	res, err := f.app.ImportEmployees(cityHR, good(), false, nil)
	if err != nil || len(res.Created) != 3 || res.Unchanged != 0 {
		t.Fatalf("ImportEmployees = %+v, %v; want 3 created", res, err)
	}
	if n := f.pend() - before; n != 3 {
		t.Errorf("events = %d, want 3 (EmployeeCreated with the postings)", n)
	}
	got, err := f.app.GetEmployee(cityHR, nurse)
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.Assignment{
		{Agency: "DINKES", Start: date("2012-03-01"), End: date("2019-07-14"), EndReason: "transferred to DISKOMINFO (imported)"},
		{Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", Position: "kominfo-prakom", Start: date("2019-07-15")},
	}
	if len(got.History) != 2 || got.History[0] != want[0] || got.History[1] != want[1] || got.Agency != "DISKOMINFO" {
		t.Errorf("history = %+v, agency %s; want %+v", got.History, got.Agency, want)
	}
	if j, _ := f.app.GetEmployee(cityHR, clerk2); len(j.History) != 1 || j.History[0].Start.String() != "2017-01-01" {
		t.Errorf("no postings given: history %+v, want one from the appointment date 2017-01-01", j.History)
	}
	again, err := f.app.ImportEmployees(cityHR, good(), false, nil)
	if err != nil || len(again.Created) != 0 || again.Unchanged != 3 {
		t.Errorf("second run = %+v, %v; want 3 unchanged", again, err)
	}
	other := good()
	other[0].History[0].Start = date("2013-03-01")
	_, err = f.app.ImportEmployees(cityHR, other, false, nil)
	testenv.WantKind(t, err, errs.Invalid, "requests[0].history")
}
