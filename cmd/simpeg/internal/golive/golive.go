// Package golive is simpeg import: a city's history brought in at go-live from CSV files over
// the REST API (issue 8 item 9; DOMAIN.md "Attendance and leave", opening balances).
//
// The opening-balance file has a header and one row per employee and year:
//
//	nip,year,unused_days,source
//	198609262015051001,2025,10,SIMPEG lama
//
// year is one of the two years before this one; unused_days 0 to 24; source where the figure
// comes from ("SIMPEG lama", a decree's number). Every row is checked first — locally, then by
// the service with validate_only, batch by batch — and nothing is written unless all rows are
// valid; each bad row is reported as file:line: field: reason. A second run changes nothing.
package golive

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// OpeningHeader is the header of an opening-balance file.
var OpeningHeader = []string{"nip", "year", "unused_days", "source"}

// DefaultBatch is how many rows one call carries (the service takes up to 10,000).
const DefaultBatch = 2000

// OpeningRow is one row of an opening-balance file, with its line.
type OpeningRow struct {
	Line       int    `json:"-"`
	Employee   string `json:"employee"`
	Year       int    `json:"year"`
	UnusedDays int    `json:"unusedDays"`
	Source     string `json:"source"`
}

// BadRow is a row refused, locally or by the service.
type BadRow struct {
	File  string
	Line  int
	Field string
	Why   string
}

func (b BadRow) String() string { return fmt.Sprintf("%s:%d: %s: %s", b.File, b.Line, b.Field, b.Why) }

// BadRowsError lists every bad row of an import that wrote nothing.
type BadRowsError struct{ Rows []BadRow }

func (e *BadRowsError) Error() string {
	lines := make([]string, 0, len(e.Rows)+1)
	lines = append(lines, fmt.Sprintf("%d bad rows; nothing was written:", len(e.Rows)))
	for _, r := range e.Rows {
		lines = append(lines, "  "+r.String())
	}
	return strings.Join(lines, "\n")
}

// ReadOpening reads an opening-balance file; rows it cannot parse are returned as bad rows.
func ReadOpening(name string, r io.Reader) ([]OpeningRow, []BadRow, error) {
	var rows []OpeningRow
	bad, err := eachRecord(name, r, OpeningHeader, func(line int, rec []string) []BadRow {
		row := OpeningRow{Line: line, Employee: strings.TrimSpace(rec[0]), Source: rec[3]}
		var bad []BadRow
		for i, dst := range []*int{&row.Year, &row.UnusedDays} {
			n, err := strconv.Atoi(strings.TrimSpace(rec[i+1]))
			if err != nil {
				bad = append(bad, BadRow{name, line, OpeningHeader[i+1], fmt.Sprintf("%q is not a whole number", rec[i+1])})
			}
			*dst = n
		}
		if len(bad) == 0 {
			rows = append(rows, row)
		}
		return bad
	})
	return rows, bad, err
}

// eachRecord reads the CSV file name from r, which must start with header, and calls row with
// each record's line and fields; a record without the header's number of fields, and what row
// returns, are the bad rows. A file that cannot be read is an error.
func eachRecord(name string, r io.Reader, header []string, row func(line int, rec []string) []BadRow) ([]BadRow, error) {
	return eachRecordWith(name, r, header, nil, row)
}

// eachRecordWith is eachRecord for a file whose header may go on with the optional columns, in
// their order (all, some first ones, or none): row gets every record with the optional fields
// the file lacks as empty strings.
func eachRecordWith(name string, r io.Reader, header, optional []string, row func(line int, rec []string) []BadRow) ([]BadRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	full := append(slices.Clone(header), optional...)
	if len(head) < len(header) || len(head) > len(full) || strings.Join(head, ",") != strings.Join(full[:len(head)], ",") {
		want := strings.Join(header, ",")
		if len(optional) > 0 {
			want += " (then optionally " + strings.Join(optional, ",") + ")"
		}
		return nil, fmt.Errorf("%s:1: the header must be %q, got %q", name, want, strings.Join(head, ","))
	}
	width := len(head)
	var bad []BadRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return bad, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			bad = append(bad, BadRow{name, line, "row", fmt.Sprintf("has %d fields, want %d (%s)", len(rec), width, strings.Join(head, ","))})
			continue
		}
		for len(rec) < len(full) {
			rec = append(rec, "")
		}
		bad = append(bad, row(line, rec)...)
	}
}

// Client sends imports to the gateway.
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
	// Batch is how many rows a call carries (DefaultBatch when 0); Concurrency how many calls
	// are in flight (4 when 0).
	Batch       int
	Concurrency int
}

// Result sums up an import.
type Result struct {
	Rows, Written, Unchanged int
	Duration                 time.Duration
}

var rowField = regexp.MustCompile(`^rows\[(\d+)\]\.?(.*)$`)

// ImportOpening checks every row with the service first (validate_only), and writes them only
// when none is bad; otherwise it returns a *BadRowsError naming each bad row's file:line.
func (c Client) ImportOpening(ctx context.Context, file string, rows []OpeningRow) (Result, error) {
	return importRows(ctx, c, opening, file, rows)
}

// Check has the service check every row (validate_only) and returns the bad ones; nothing is
// written.
func (c Client) Check(ctx context.Context, file string, rows []OpeningRow) ([]BadRow, error) {
	_, bad, err := sendRows(ctx, c, opening, file, rows, true)
	return bad, err
}

// opening is the opening-balance import: an employee's rows stay in one call, so a year and the
// one before it are checked together.
var opening = endpoint[OpeningRow]{path: "/v1/leaveBalances:importOpening", what: "opening balances",
	line: func(r OpeningRow) int { return r.Line }, key: func(r OpeningRow) string { return r.Employee }}

// DemoOpening returns opening balances for the demo data set's employees, for the two years
// before thisYear: for each employee appointed before the year (NIP characters 9–14 are the
// appointment's yyyymm), a figure from 0 to 18 drawn from the NIP, so that some employees reach
// the 24-day cap, and the source "SIMPEG lama".
func DemoOpening(employees []*planningv1.Employee, thisYear int) []OpeningRow {
	var out []OpeningRow
	for _, e := range employees {
		nip := e.GetNip()
		if len(nip) != 18 {
			continue
		}
		appointed, err := strconv.Atoi(nip[8:12])
		if err != nil {
			continue
		}
		h := 0
		for _, c := range nip {
			h = h*31 + int(c)
		}
		h &= 0x7fffffff
		for _, y := range []int{thisYear - 2, thisYear - 1} {
			if appointed >= y {
				continue
			}
			days := (h >> (y % 7)) % 19
			if h%5 == 0 {
				days = 12 + (h>>3)%7 // untouched years: toward the 24-day cap
			}
			out = append(out, OpeningRow{Employee: nip, Year: y, UnusedDays: days, Source: "SIMPEG lama"})
		}
	}
	return out
}

// WriteOpening writes rows as an opening-balance file at path.
func WriteOpening(path string, rows []OpeningRow) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(OpeningHeader)
	for _, r := range rows {
		_ = w.Write([]string{r.Employee, strconv.Itoa(r.Year), strconv.Itoa(r.UnusedDays), r.Source})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
