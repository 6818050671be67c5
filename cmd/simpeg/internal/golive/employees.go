package golive

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// EmployeesHeader is the header of an employees file: one row per posting, an employee's rows
// together and oldest first. The person's columns (nip to supervisor) are read from the
// employee's first row; later rows may leave them empty. The last row is the current posting.
//
//	nip,full_name,employment_type,rank,sex,birth_date,appointment_date,supervisor,agency,unit,position,start_date
//	198502142010012001,Dewi Lestari,PNS,III/b,,,,197203152000031002,DINKES,,,2012-03-01
//	198502142010012001,,,,,,,,DISKOMINFO,DISKOMINFO-APTIKA,kominfo-prakom,2019-07-15
//
// employment_type is PNS, CPNS (a candidate on probation, identified by a NIP like a PNS) or
// PPPK; sex (male, female), birth_date and appointment_date may be empty for a NIP, which
// encodes them; the supervisor is a NIP registered before or in the same file.
var EmployeesHeader = []string{"nip", "full_name", "employment_type", "rank", "sex", "birth_date", "appointment_date", "supervisor", "agency", "unit", "position", "start_date"}

// EmployeesOptional are the columns an employees file may add after EmployeesHeader: education,
// the highest formal education completed (sd, smp, sma, d1, d2, d3, d4, s1, s2, s3, or empty
// when not recorded; read from the employee's first row, like the person's columns), which the
// workforce dashboards break down by.
var EmployeesOptional = []string{"education"}

// educations are the values of the education column.
var educations = map[string]bool{"sd": true, "smp": true, "sma": true, "d1": true, "d2": true, "d3": true, "d4": true, "s1": true, "s2": true, "s3": true}

// Posting is one row of an employees file after the person's columns: a posting with its line.
type Posting struct {
	Line                   int
	Agency, Unit, Position string
	Start                  string
}

// EmployeeRow is one employee of an employees file with their postings, oldest first.
type EmployeeRow struct {
	Line                                                         int // the first row's line
	NIP, FullName, Type, Rank, Sex, BirthDate, Appointment, Supv string
	Education                                                    string // "" not recorded, else sd … s3
	Postings                                                     []Posting
}

// ReadEmployees reads an employees file; rows it cannot use are returned as bad rows.
func ReadEmployees(name string, r io.Reader) ([]EmployeeRow, []BadRow, error) {
	var rows []EmployeeRow
	seen := map[string]int{}
	bad, err := eachRecordWith(name, r, EmployeesHeader, EmployeesOptional, func(line int, rec []string) []BadRow {
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		p := Posting{Line: line, Agency: rec[8], Unit: rec[9], Position: rec[10], Start: rec[11]}
		if n := len(rows); n > 0 && rows[n-1].NIP == rec[0] {
			rows[n-1].Postings = append(rows[n-1].Postings, p)
			return nil
		}
		if first, ok := seen[rec[0]]; ok {
			return []BadRow{{name, line, "nip", fmt.Sprintf("%s has rows apart (line %d); keep an employee's rows together, oldest first", rec[0], first)}}
		}
		seen[rec[0]] = line
		edu := strings.ToLower(rec[12])
		if edu != "" && !educations[edu] {
			return []BadRow{{name, line, "education", fmt.Sprintf("%q is not an education level; use sd, smp, sma, d1, d2, d3, d4, s1, s2 or s3, or leave it empty", rec[12])}}
		}
		rows = append(rows, EmployeeRow{Line: line, NIP: rec[0], FullName: rec[1], Type: strings.ToUpper(rec[2]), Rank: rec[3], Sex: strings.ToLower(rec[4]),
			BirthDate: rec[5], Appointment: rec[6], Supv: rec[7], Education: edu, Postings: []Posting{p}})
		return nil
	})
	return rows, bad, err
}

// importRow is the JSON of one ImportEmployeeRow.
func (e EmployeeRow) importRow() map[string]any {
	cur := e.Postings[len(e.Postings)-1]
	emp := map[string]any{"nip": e.NIP, "fullName": e.FullName, "employmentType": "EMPLOYMENT_TYPE_" + e.Type, "rank": e.Rank,
		"agency": cur.Agency, "unit": cur.Unit, "position": cur.Position, "supervisor": e.Supv, "birthDate": e.BirthDate, "appointmentDate": e.Appointment}
	if e.Sex != "" {
		emp["sex"] = "SEX_" + strings.ToUpper(e.Sex)
	}
	if e.Education != "" {
		emp["education"] = "EDUCATION_" + strings.ToUpper(e.Education)
	}
	hist := make([]map[string]any, len(e.Postings))
	for i, p := range e.Postings {
		hist[i] = map[string]any{"agency": p.Agency, "unit": p.Unit, "position": p.Position, "startDate": p.Start}
	}
	return map[string]any{"employee": emp, "history": hist}
}

// levels orders rows so that a supervisor in the file is written in an earlier level than the
// employees reporting to them.
func levels(rows []EmployeeRow) [][]EmployeeRow {
	idx := make(map[string]int, len(rows))
	for i, r := range rows {
		idx[r.NIP] = i
	}
	depth := make([]int, len(rows))
	for i := range depth {
		depth[i] = -1
	}
	var level func(i, guard int) int
	level = func(i, guard int) int {
		if depth[i] >= 0 {
			return depth[i]
		}
		d := 0
		if j, ok := idx[rows[i].Supv]; ok && j != i && guard < len(rows) {
			d = level(j, guard+1) + 1
		}
		depth[i] = d
		return d
	}
	var out [][]EmployeeRow
	for i := range rows {
		d := level(i, 0)
		for len(out) <= d {
			out = append(out, nil)
		}
		out[d] = append(out[d], rows[i])
	}
	return out
}

var requestField = regexp.MustCompile(`^requests\[(\d+)\]\.?(?:history\[(\d+)\]\.?|employee\.)?(.*)$`)

// ImportEmployees checks every employee with the service first (validate_only), and registers
// them, supervisors first, only when none is bad; otherwise it returns a *BadRowsError naming
// each bad row's file:line. Written counts employees created, Unchanged those already
// registered with the same postings.
func (c Client) ImportEmployees(ctx context.Context, file string, rows []EmployeeRow) (Result, error) {
	start := time.Now()
	res := Result{Rows: len(rows)}
	inFile := make(map[string]bool, len(rows))
	for _, r := range rows {
		inFile[r.NIP] = true
	}
	if _, bad, err := c.sendEmployees(ctx, file, rows, inFile); err != nil {
		return res, err
	} else if len(bad) > 0 {
		return res, &BadRowsError{Rows: bad}
	}
	for _, level := range levels(rows) {
		sums, bad, err := c.sendEmployees(ctx, file, level, nil)
		if err != nil {
			return res, err
		}
		if len(bad) > 0 {
			return res, &BadRowsError{Rows: bad}
		}
		res.Written += sums[0]
		res.Unchanged += sums[1]
	}
	res.Duration = time.Since(start)
	return res, nil
}

// sendEmployees posts rows in calls of at most 1,000 employees (the service's limit),
// concurrently; with inFile it only checks them (validate_only), a supervisor in the file
// counting as registered.
func (c Client) sendEmployees(ctx context.Context, file string, rows []EmployeeRow, inFile map[string]bool) ([2]int, []BadRow, error) {
	ep := endpoint[EmployeeRow]{path: "/v1/employees:import", what: "employees", max: 1000,
		line: func(r EmployeeRow) int { return r.Line }, bad: employeeViolation,
		body: func(batch []EmployeeRow, _ bool) any { return employeesBody(batch, inFile) }}
	return sendRows(ctx, c, ep, file, rows, inFile != nil)
}

// employeesBody is the ImportEmployees request of batch: checking only when inFile is given,
// with the file's other employees this batch names as supervisors as import_nips.
func employeesBody(batch []EmployeeRow, inFile map[string]bool) any {
	reqs := make([]map[string]any, len(batch))
	for i, r := range batch {
		reqs[i] = r.importRow()
	}
	var others []string
	named := map[string]bool{}
	for _, r := range batch {
		// A supervisor in the file counts as registered, also one listed later in this batch.
		if inFile[r.Supv] && !named[r.Supv] {
			others = append(others, r.Supv)
			named[r.Supv] = true
		}
	}
	return map[string]any{"requests": reqs, "validateOnly": inFile != nil, "importNips": others}
}

// employeeViolation reads "requests[i].employee.<field>" and "requests[i].history[k].<field>"
// as the line of the employee's row or of its posting k.
func employeeViolation(file string, batch []EmployeeRow, field, why string) (BadRow, error) {
	m := requestField.FindStringSubmatch(field)
	if m == nil {
		return BadRow{}, fmt.Errorf("the service refused the batch at %s:%d: %s: %s", file, batch[0].Line, field, why)
	}
	i, _ := strconv.Atoi(m[1])
	if i >= len(batch) {
		return BadRow{}, fmt.Errorf("the service named row %d of a batch of %d", i, len(batch))
	}
	line, name := batch[i].Line, m[3]
	switch {
	case m[2] != "":
		if k, _ := strconv.Atoi(m[2]); k < len(batch[i].Postings) {
			line = batch[i].Postings[k].Line
		}
		if name == "" {
			name = "posting"
		}
	case name == "":
		name = "history"
	case name == "agency" || name == "unit" || name == "position":
		line = batch[i].Postings[len(batch[i].Postings)-1].Line // the current posting's row
	}
	return BadRow{file, line, name, why}, nil
}

// DemoEmployees returns the demo data set's employees as an employees file's rows: every
// employee's current posting, from the appointment date or, for a share of them, after one or
// two earlier postings in other top-level agencies (every third employee one, every seventh
// two; the moves are years after the appointment and before refDay).
func DemoEmployees(employees []*planningv1.Employee, agencies []*planningv1.Agency, today time.Time) []EmployeeRow {
	var tops []string
	for _, a := range agencies {
		if a.GetParent() == "" {
			tops = append(tops, a.GetCode())
		}
	}
	out := make([]EmployeeRow, 0, len(employees))
	line := 2
	for n, e := range employees {
		appt, err := time.Parse(time.DateOnly, e.GetAppointmentDate())
		if err != nil && len(e.GetNip()) == 18 {
			appt, err = time.Parse("200601", e.GetNip()[8:14])
		}
		if err != nil {
			continue
		}
		typ := strings.TrimPrefix(e.GetEmploymentType().String(), "EMPLOYMENT_TYPE_")
		r := EmployeeRow{Line: line, NIP: e.GetNip(), FullName: e.GetFullName(), Type: typ, Rank: e.GetRank(), Supv: e.GetSupervisor()}
		if ed := e.GetEducation(); ed != planningv1.Education_EDUCATION_UNSPECIFIED {
			r.Education = strings.ToLower(strings.TrimPrefix(ed.String(), "EDUCATION_"))
		}
		if typ == "PPPK" {
			r.Sex = strings.ToLower(strings.TrimPrefix(e.GetSex().String(), "SEX_"))
			r.BirthDate, r.Appointment = e.GetBirthDate(), appt.Format(time.DateOnly)
		}
		earlier := 0
		years := int(today.Sub(appt).Hours() / 24 / 365)
		switch {
		case n%7 == 0 && years >= 6:
			earlier = 2
		case n%3 == 0 && years >= 3:
			earlier = 1
		}
		start := appt
		for k := 0; k < earlier; k++ {
			other := tops[(n+k+1)%len(tops)]
			if other == e.GetAgency() {
				other = tops[(n+k+2)%len(tops)]
			}
			r.Postings = append(r.Postings, Posting{Line: line, Agency: other, Start: start.Format(time.DateOnly)})
			line++
			start = start.AddDate(years/(earlier+1), 0, 0)
		}
		r.Postings = append(r.Postings, Posting{Line: line, Agency: e.GetAgency(), Unit: e.GetUnit(), Position: e.GetPosition(), Start: start.Format(time.DateOnly)})
		line++
		out = append(out, r)
	}
	return out
}

// WriteEmployees writes rows as an employees file at path, with the optional education column.
func WriteEmployees(path string, rows []EmployeeRow) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(append(slices.Clone(EmployeesHeader), EmployeesOptional...))
	for _, r := range rows {
		for i, p := range r.Postings {
			if i == 0 {
				_ = w.Write([]string{r.NIP, r.FullName, r.Type, r.Rank, r.Sex, r.BirthDate, r.Appointment, r.Supv, p.Agency, p.Unit, p.Position, p.Start, r.Education})
			} else {
				_ = w.Write([]string{r.NIP, "", "", "", "", "", "", "", p.Agency, p.Unit, p.Position, p.Start, ""})
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
