package golive

// The approved-leave file: leave the city's old system approved before go-live, for the coming
// months (issue 8 item 9). It has a header and one row per request:
//
//	reference,nip,type,start_date,end_date,approved_by,note
//	CUTI-2027-000123,198609262015051001,tahunan,2027-02-01,2027-02-05,SK 800.1/55/BKPSDM,
//
// reference is the old system's key for the request, unique across imports (a second run of
// the same row changes nothing; the same reference with other content is refused); type the
// leave type's API or Indonesian name (annual/tahunan, long/besar, sick/sakit,
// maternity/melahirkan, important_reasons/alasan_penting, unpaid/cltn); the dates YYYY-MM-DD;
// approved_by who approved it (a name, a NIP or the decree's number); note, optional, the
// request's reason (required for important reasons and unpaid leave). Each row is checked by
// the service as a request would be, the annual balance after the opening balances included, so
// import the opening balances first.

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// ApprovedLeaveHeader is the header of an approved-leave file.
var ApprovedLeaveHeader = []string{"reference", "nip", "type", "start_date", "end_date", "approved_by", "note"}

// ApprovedLeaveBatch is how many approved-leave rows one call carries: each call is one
// transaction on the service, which takes up to 2,000.
const ApprovedLeaveBatch = 500

// ApprovedLeaveRow is one row of an approved-leave file, with its line.
type ApprovedLeaveRow struct {
	Line       int    `json:"-"`
	Reference  string `json:"reference"`
	Employee   string `json:"employee"`
	Type       string `json:"type"`
	StartDate  string `json:"startDate"`
	EndDate    string `json:"endDate"`
	ApprovedBy string `json:"approvedBy"`
	Note       string `json:"note,omitempty"`
}

// ReadApprovedLeave reads an approved-leave file; rows without the header's seven fields are
// returned as bad rows (the service checks the rest).
func ReadApprovedLeave(name string, r io.Reader) ([]ApprovedLeaveRow, []BadRow, error) {
	var rows []ApprovedLeaveRow
	bad, err := eachRecord(name, r, ApprovedLeaveHeader, func(line int, rec []string) []BadRow {
		rows = append(rows, ApprovedLeaveRow{Line: line, Reference: rec[0], Employee: rec[1], Type: rec[2], StartDate: rec[3],
			EndDate: rec[4], ApprovedBy: rec[5], Note: rec[6]})
		return nil
	})
	return rows, bad, err
}

// ImportApprovedLeave checks every row with the service first (validate_only, batch by batch),
// and writes them only when none is bad; otherwise it returns a *BadRowsError naming each bad
// row's file:line and field. Batches of ApprovedLeaveBatch rows (c.Batch when smaller) keep an
// employee's rows together, so overlaps and the balance are checked within one call.
func (c Client) ImportApprovedLeave(ctx context.Context, file string, rows []ApprovedLeaveRow) (Result, error) {
	// An employee's rows in one call, wherever they are in the file: the service checks their
	// overlaps and balance together.
	rows = append([]ApprovedLeaveRow(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Employee < rows[j].Employee })
	ep := endpoint[ApprovedLeaveRow]{path: "/v1/leaveRequests:importApproved", what: "approved leave", max: ApprovedLeaveBatch,
		line: func(r ApprovedLeaveRow) int { return r.Line }, key: func(r ApprovedLeaveRow) string { return r.Employee }}
	return importRows(ctx, c, ep, file, rows)
}

// DemoApprovedLeave returns approved leave for about one in seventy of the demo data set's
// employees (a few hundred of 20,548), in the first months of the year after today: annual
// leave of 3 to 5 working days (Monday on; within the 12 days every employee appointed two
// years before has that year) or, for one row in five, sick leave of 2 or 3 days; one row per
// employee, approved by the decree "SK 800.1/<n>/BKPSDM/<year>" of the old system.
func DemoApprovedLeave(employees []*planningv1.Employee, today time.Time) []ApprovedLeaveRow {
	year := today.Year() + 1
	first := time.Date(year, time.January, 11, 0, 0, 0, 0, time.UTC)
	for first.Weekday() != time.Monday {
		first = first.AddDate(0, 0, 1)
	}
	var out []ApprovedLeaveRow
	for _, e := range employees {
		nip := e.GetNip()
		if len(nip) != 18 {
			continue
		}
		appointed, err := strconv.Atoi(nip[8:12])
		if err != nil || appointed > year-2 {
			continue
		}
		h := 0
		for _, ch := range nip {
			h = h*31 + int(ch)
		}
		h &= 0x7fffffff
		if h%70 != 0 {
			continue
		}
		n := len(out) + 1
		start := first.AddDate(0, 0, 7*((h>>7)%10)) // one of the ten weeks from mid-January
		typ, days := "tahunan", 3+(h>>11)%3
		if (h>>13)%5 == 0 {
			typ, days = "sakit", 2+(h>>15)%2
		}
		out = append(out, ApprovedLeaveRow{
			Reference:  fmt.Sprintf("CUTI-%d-%06d", year, n),
			Employee:   nip,
			Type:       typ,
			StartDate:  start.Format(time.DateOnly),
			EndDate:    start.AddDate(0, 0, days-1).Format(time.DateOnly),
			ApprovedBy: fmt.Sprintf("SK 800.1/%d/BKPSDM/%d", 100+n, today.Year()),
		})
	}
	return out
}

// WriteApprovedLeave writes rows as an approved-leave file at path.
func WriteApprovedLeave(path string, rows []ApprovedLeaveRow) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(ApprovedLeaveHeader)
	for _, r := range rows {
		_ = w.Write([]string{r.Reference, r.Employee, r.Type, r.StartDate, r.EndDate, r.ApprovedBy, r.Note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
