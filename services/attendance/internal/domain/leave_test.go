package domain_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The leave tests run on Friday 2026-11-27 with a Monday–Friday test calendar whose non-working
// days are Independence Day (17 August), Christmas (25 December) and New Year; lvCollectiveDay is
// an extra collective leave day used only where a test says so (test data, not a decree).
var (
	lvToday         = domain.MustDate("2026-11-27")
	lvCollectiveDay = domain.MustDate("2026-12-24")
)

func lvd(s string) domain.Date { return domain.MustDate(s) }

// lvCalendar counts working days Monday to Friday, skipping the fixed holidays and extra.
func lvCalendar(extra ...domain.Date) func(from, to domain.Date) int {
	return func(from, to domain.Date) int {
		n := 0
		for d := from; !d.After(to); d = d.AddDays(1) {
			if wd := d.Weekday(); wd == 0 || wd == 6 {
				continue
			}
			if (d.Month == 8 && d.Day == 17) || (d.Month == 12 && d.Day == 25) || (d.Month == 1 && d.Day == 1) || slices.Contains(extra, d) {
				continue
			}
			n++
		}
		return n
	}
}

// lvBalance is a 2026 ledger with the grant and the given carry-over.
func lvBalance(year, carried int) domain.Balance {
	b := domain.Balance{Year: year, Entries: []domain.LedgerEntry{{Year: year, Kind: domain.EntryGrant, Days: 12}}}
	if carried > 0 {
		b.Entries = append(b.Entries, domain.LedgerEntry{Year: year, Kind: domain.EntryCarryOver, Days: carried})
	}
	return b
}

// lvEmployee has 7 years of service (NIP appointed 2019-03) and a supervisor.
func lvEmployee() domain.LeaveEmployee {
	return domain.LeaveEmployee{NIP: "199001312019032002", Agency: "dinkes", Supervisor: "197805102005011003", Female: true}
}

func lvViolations(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		t.Fatalf("want an Invalid error, got %v", err)
	}
	out := map[string]string{}
	for _, v := range e.Violations {
		out[v.Field] += v.Description + " | "
	}
	return out
}

func lvKind(t *testing.T, err error, k errs.Kind) *errs.Error {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != k {
		t.Fatalf("want an error of kind %d, got %#v (%v)", k, e, err)
	}
	return e
}

func TestYearsOfService(t *testing.T) {
	tests := []struct {
		name     string
		emp      domain.LeaveEmployee
		on       string
		want     int
		wantAppt string
	}{
		{"NIP appointed 2019-03 on 2026-11-27", domain.LeaveEmployee{NIP: "199001312019032002"}, "2026-11-27", 7, "2019-03-01"},
		{"NIP appointed 2026-01 on 2026-11-27", domain.LeaveEmployee{NIP: "199505052026011001"}, "2026-11-27", 0, "2026-01-01"},
		{"NIP appointed 2026-01 on its anniversary", domain.LeaveEmployee{NIP: "199505052026011001"}, "2027-01-01", 1, "2026-01-01"},
		{"day before the 5th anniversary", domain.LeaveEmployee{NIP: "199001312019032002"}, "2024-02-29", 4, "2019-03-01"},
		{"5th anniversary", domain.LeaveEmployee{NIP: "199001312019032002"}, "2024-03-01", 5, "2019-03-01"},
		{"directory date wins (PPPK)", domain.LeaveEmployee{NIP: "202301012023040001", Appointment: lvd("2023-04-15")}, "2026-04-14", 2, "2023-04-15"},
		{"directory date on the anniversary", domain.LeaveEmployee{NIP: "202301012023040001", Appointment: lvd("2023-04-15")}, "2026-04-15", 3, "2023-04-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			on := lvd(tt.on)
			appt, err := domain.AppointmentDate(tt.emp, on)
			if err != nil {
				t.Fatal(err)
			}
			if appt.String() != tt.wantAppt {
				t.Errorf("appointment %s, want %s", appt, tt.wantAppt)
			}
			if got := domain.YearsOfService(appt, on); got != tt.want {
				t.Errorf("years of service %d, want %d", got, tt.want)
			}
		})
	}
	if got := domain.YearsOfService(lvd("2027-01-01"), lvd("2026-11-27")); got != 0 {
		t.Errorf("appointment after the date: %d years, want 0", got)
	}
	_, err := domain.AppointmentDate(domain.LeaveEmployee{NIP: "202301012023040001"}, lvToday)
	lvKind(t, err, errs.FailedPrecondition)
}

func TestParseLeaveType(t *testing.T) {
	for in, want := range map[string]domain.LeaveType{
		"annual": domain.LeaveAnnual, "tahunan": domain.LeaveAnnual, "Besar": domain.LeaveLong, "sakit": domain.LeaveSick,
		"melahirkan": domain.LeaveMaternity, "alasan penting": domain.LeaveImportantReasons, "bersama": domain.LeaveCollective,
		"CLTN": domain.LeaveUnpaid, "di luar tanggungan negara": domain.LeaveUnpaid, "unpaid": domain.LeaveUnpaid,
	} {
		if got, err := domain.ParseLeaveType(in); err != nil || got != want {
			t.Errorf("ParseLeaveType(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := domain.ParseLeaveType("holiday"); lvViolations(t, err)["type"] == "" {
		t.Error("unknown type: want a violation on type")
	}
	if len(domain.LeaveTypes()) != 7 {
		t.Errorf("%d leave types, want 7", len(domain.LeaveTypes()))
	}
}

func TestLeaveSpanEnd(t *testing.T) {
	tests := []struct {
		start  string
		months int
		want   string
	}{
		{"2026-02-02", 3, "2026-05-01"},
		{"2026-12-01", 3, "2027-02-28"},
		{"2026-12-01", 1, "2026-12-31"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-03-30", 1, "2026-04-29"},
		{"2026-01-01", 18, "2027-06-30"},
		{"2026-12-01", 36, "2029-11-30"},
		{"2026-12-01", 12, "2027-11-30"},
	}
	for _, tt := range tests {
		if got := domain.LeaveSpanEnd(lvd(tt.start), tt.months); got.String() != tt.want {
			t.Errorf("LeaveSpanEnd(%s, %d) = %s, want %s", tt.start, tt.months, got, tt.want)
		}
	}
}

func TestValidateRequestEligibility(t *testing.T) {
	start, end := "2026-12-07", "2026-12-08" // Monday, Tuesday
	docs := map[domain.LeaveType][]domain.Attachment{
		domain.LeaveSick:             {{Kind: domain.AttachDoctorsNote, Ref: "doc-1"}},
		domain.LeaveImportantReasons: {{Kind: domain.AttachSupportingDocument, Ref: "doc-2"}},
		domain.LeaveUnpaid:           {{Kind: domain.AttachBKNApproval, Ref: "BKN-123"}},
		domain.LeaveMaternity:        {{Kind: domain.AttachMedicalCertificate, Ref: "doc-3"}},
	}
	tests := []struct {
		name        string
		typ         domain.LeaveType
		appointment string
		nip         string
		want        string // substring of the violation on type; "" means eligible
	}{
		{"annual at 0 years", domain.LeaveAnnual, "2026-01-01", "", "annual leave (cuti tahunan) needs 1 year of service; employee has 0"},
		{"annual at 1 year (anniversary on the first day)", domain.LeaveAnnual, "2025-12-07", "", ""},
		{"annual one day before the anniversary", domain.LeaveAnnual, "2025-12-08", "", "employee has 0"},
		{"annual, NIP appointed 2026-01", domain.LeaveAnnual, "", "199505052026011001", "needs 1 year of service; employee has 0 (appointed 2026-01-01"},
		{"annual, NIP appointed 2019-03 (7 years)", domain.LeaveAnnual, "", "199001312019032002", ""},
		{"long at 4 years", domain.LeaveLong, "2022-06-01", "", "long leave (cuti besar) needs 5 years of service; employee has 4"},
		{"long at 5 years", domain.LeaveLong, "2021-06-01", "", ""},
		{"long, NIP appointed 2019-03 (7 years)", domain.LeaveLong, "", "199001312019032002", ""},
		{"unpaid at 4 years", domain.LeaveUnpaid, "2022-06-01", "", "unpaid leave (cuti di luar tanggungan negara) needs 5 years of service; employee has 4"},
		{"unpaid at 5 years", domain.LeaveUnpaid, "2021-06-01", "", ""},
		{"sick at 0 years", domain.LeaveSick, "2026-01-01", "", ""},
		{"important reasons at 0 years", domain.LeaveImportantReasons, "2026-01-01", "", ""},
		{"maternity at 0 years", domain.LeaveMaternity, "2026-01-01", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emp := lvEmployee()
			emp.NIP = tt.nip
			if tt.appointment != "" {
				emp.Appointment = lvd(tt.appointment)
			}
			r := domain.LeaveRequest{Type: tt.typ, Start: lvd(start), End: lvd(end), Reason: "family matters", ChildNumber: 1, Attachments: docs[tt.typ]}
			a, err := domain.ValidateRequest(r, emp, lvCalendar(), lvToday, lvBalance(2026, 0), domain.DefaultLeavePolicy())
			if tt.want == "" {
				if err != nil {
					t.Fatalf("want eligible, got %v", err)
				}
				if a.Days < 1 {
					t.Errorf("Days = %d", a.Days)
				}
				return
			}
			if got := lvViolations(t, err)["type"]; !strings.Contains(got, tt.want) {
				t.Errorf("type violation %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestValidateRequestMaternity(t *testing.T) {
	cert := []domain.Attachment{{Kind: domain.AttachMedicalCertificate, Ref: "RSUD-77"}}
	tests := []struct {
		name   string
		child  int
		female bool
		field  string
		want   string
	}{
		{"1st child", 1, true, "", ""},
		{"2nd child", 2, true, "", ""},
		{"3rd child", 3, true, "", ""},
		{"4th child uses long leave", 4, true, "type", "covers the 1st to 3rd child; for child 4 use long leave (cuti besar)"},
		{"child number missing", 0, true, "child_number", "is required"},
		{"not a woman", 1, false, "type", "for a woman giving birth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emp := lvEmployee()
			emp.Female = tt.female
			r := domain.LeaveRequest{Type: domain.LeaveMaternity, Start: lvd("2026-12-01"), End: lvd("2027-02-28"), ChildNumber: tt.child, Attachments: cert}
			a, err := domain.ValidateRequest(r, emp, lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if a.Days != 90 || a.Counting != domain.CountCalendarDays || a.NeedsSecondApproval || a.CountsAgainstAnnual != 0 {
					t.Errorf("assessment %+v, want 90 calendar days, one approval, no annual days", a)
				}
				return
			}
			if got := lvViolations(t, err)[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("%s violation %q, want %q", tt.field, got, tt.want)
			}
		})
	}
	// Three months and no more; without a certificate, refused.
	emp := lvEmployee()
	r := domain.LeaveRequest{Type: domain.LeaveMaternity, Start: lvd("2026-12-01"), End: lvd("2027-03-01"), ChildNumber: 1}
	_, err := domain.ValidateRequest(r, emp, lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
	v := lvViolations(t, err)
	if !strings.Contains(v["end_date"], "at most 3 months: from 2026-12-01 it must end by 2027-02-28") {
		t.Errorf("end_date: %q", v["end_date"])
	}
	if !strings.Contains(v["attachments"], "medical certificate") {
		t.Errorf("attachments: %q", v["attachments"])
	}
}

func TestValidateRequestSick(t *testing.T) {
	note := []domain.Attachment{{Kind: domain.AttachDoctorsNote, Ref: "klinik-1"}}
	gov := []domain.Attachment{{Kind: domain.AttachGovernmentDoctor, Ref: "RSUD-PM-9"}}
	tests := []struct {
		name       string
		start, end string
		att        []domain.Attachment
		pol        domain.LeavePolicy
		days       int
		notice     bool
		second     bool
		wantAttach string // substring of the attachments violation
	}{
		{"1 day without a note", "2026-12-07", "2026-12-07", nil, domain.DefaultLeavePolicy(), 1, false, false, "sick leave of 1 working day needs a doctor's note (doctors_note)"},
		{"1 day with a note: a notice", "2026-12-07", "2026-12-07", note, domain.DefaultLeavePolicy(), 1, true, false, ""},
		{"1 working day over a weekend: Fri-Sun", "2026-12-04", "2026-12-06", note, domain.DefaultLeavePolicy(), 1, true, false, ""},
		{"2 days with a note", "2026-12-07", "2026-12-08", note, domain.DefaultLeavePolicy(), 2, false, false, ""},
		{"2 days without a note", "2026-12-07", "2026-12-08", nil, domain.DefaultLeavePolicy(), 2, false, false, "doctor's note"},
		{"14 days with a note", "2026-12-07", "2026-12-24", note, domain.DefaultLeavePolicy(), 14, false, false, ""},
		{"15 days (Christmas skipped) with a note only", "2026-12-07", "2026-12-28", note, domain.DefaultLeavePolicy(), 15, false, true, "sick leave of 15 working days needs a certificate from a government doctor (government_doctor_certificate)"},
		{"15 days with a government doctor", "2026-12-07", "2026-12-28", gov, domain.DefaultLeavePolicy(), 15, false, true, ""},
		{"15 days, policy without second approval", "2026-12-07", "2026-12-28", gov, domain.LeavePolicy{}, 15, false, false, ""},
		{"government doctor serves for 2 days", "2026-12-07", "2026-12-08", gov, domain.DefaultLeavePolicy(), 2, false, false, ""},
		{"back-dated 3 days (Tuesday, reported Friday)", "2026-11-24", "2026-11-26", note, domain.DefaultLeavePolicy(), 3, false, false, ""},
		{"18 months", "2026-12-01", "2028-05-31", gov, domain.DefaultLeavePolicy(), 0, false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := domain.LeaveRequest{Type: domain.LeaveSick, Start: lvd(tt.start), End: lvd(tt.end), Attachments: tt.att}
			a, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, tt.pol)
			if tt.wantAttach != "" {
				if got := lvViolations(t, err)["attachments"]; !strings.Contains(got, tt.wantAttach) {
					t.Errorf("attachments violation %q, want %q", got, tt.wantAttach)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.days != 0 && a.Days != tt.days {
				t.Errorf("Days = %d, want %d", a.Days, tt.days)
			}
			if a.Counting != domain.CountWorkingDays || a.NoticeOnly != tt.notice || a.NeedsSecondApproval != tt.second || a.CountsAgainstAnnual != 0 {
				t.Errorf("assessment %+v, want working days, notice %v, second approval %v, nothing against annual", a, tt.notice, tt.second)
			}
		})
	}
	refused := []struct {
		name, start, end, field, want string
	}{
		{"back-dated 4 days", "2026-11-23", "2026-11-26", "start_date", "may start at most 3 days before today (2026-11-27), so not before 2026-11-24"},
		{"1 year 6 months and a day", "2026-12-01", "2028-06-01", "end_date", "sick leave may last at most 1 year 6 months: from 2026-12-01 it must end by 2028-05-31"},
		{"a weekend only", "2026-12-05", "2026-12-06", "end_date", "has no working day"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			r := domain.LeaveRequest{Type: domain.LeaveSick, Start: lvd(tt.start), End: lvd(tt.end), Attachments: gov}
			_, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
			if got := lvViolations(t, err)[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("%s violation %q, want %q", tt.field, got, tt.want)
			}
		})
	}
}

func TestValidateRequestLong(t *testing.T) {
	emp := lvEmployee() // 7 years of service
	tests := []struct {
		name       string
		start, end string
		today      string
		bal        domain.Balance
		longYears  []int
		field      string
		want       string
		days       int
	}{
		{"3 months", "2026-12-01", "2027-02-28", "2026-11-27", lvBalance(2026, 0), nil, "", "", 90},
		{"3 months and a day", "2026-12-01", "2027-03-01", "2026-11-27", lvBalance(2026, 0), nil, "end_date", "long leave may last at most 3 months: from 2026-12-01 it must end by 2027-02-28", 0},
		{"once in 5 years: long leave in 2023", "2026-12-01", "2027-01-31", "2026-11-27", lvBalance(2026, 0), []int{2023}, "type", "once in 5 years; the employee has long leave in 2023", 0},
		{"once in 5 years: long leave in 2021 is long enough ago", "2026-12-01", "2027-01-31", "2026-11-27", lvBalance(2026, 0), []int{2021}, "", "", 62},
		// 1 September to 30 November 2026 holds 65 working days (17 August is before); with 10
		// annual days taken, 55 remain: up to 16 November.
		{"shortened by 10 annual days taken: 55 working days", "2026-09-01", "2026-11-16", "2026-08-03", lvTaken(10), nil, "", "", 77},
		{"shortened by 10 annual days taken: 56 working days", "2026-09-01", "2026-11-17", "2026-08-03", lvTaken(10), nil, "end_date", "shortened by the 10 days of annual leave taken in 2026: at most 55 working days from 2026-09-01, this request has 56", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := emp
			e.LongLeaveYears = tt.longYears
			r := domain.LeaveRequest{Type: domain.LeaveLong, Start: lvd(tt.start), End: lvd(tt.end)}
			a, err := domain.ValidateRequest(r, e, lvCalendar(), lvd(tt.today), tt.bal, domain.DefaultLeavePolicy())
			if tt.field != "" {
				if got := lvViolations(t, err)[tt.field]; !strings.Contains(got, tt.want) {
					t.Errorf("%s violation %q, want %q", tt.field, got, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Days != tt.days || a.Counting != domain.CountCalendarDays || !a.NeedsSecondApproval || a.CountsAgainstAnnual != 0 {
				t.Errorf("assessment %+v, want %d calendar days, second approval, nothing against annual", a, tt.days)
			}
		})
	}
	// Without the policy's second approval, the supervisor's is enough.
	r := domain.LeaveRequest{Type: domain.LeaveLong, Start: lvd("2026-12-01"), End: lvd("2027-02-28")}
	a, err := domain.ValidateRequest(r, emp, lvCalendar(), lvToday, lvBalance(2026, 0), domain.LeavePolicy{})
	if err != nil || a.NeedsSecondApproval {
		t.Errorf("policy off: %+v, %v; want one approval", a, err)
	}
	// The balance must be the one of the year the leave starts in: a fault of the caller.
	_, err = domain.ValidateRequest(r, emp, lvCalendar(), lvToday, lvBalance(2027, 0), domain.DefaultLeavePolicy())
	if _, isDomain := errs.As(err); err == nil || isDomain {
		t.Errorf("wrong balance year: want a plain (internal) error, got %v", err)
	}
}

// lvTaken is a 2026 ledger with 12 granted and n taken.
func lvTaken(n int) domain.Balance {
	b := lvBalance(2026, 0)
	b.Entries = append(b.Entries, domain.LedgerEntry{Year: 2026, Kind: domain.EntryTaken, Days: n, RequestID: "earlier"})
	return b
}

func TestValidateRequestImportantReasons(t *testing.T) {
	doc := []domain.Attachment{{Kind: domain.AttachSupportingDocument, Ref: "surat-kematian-1"}}
	// December 2026 has 23 weekdays, Christmas among them: 22 working days.
	r := domain.LeaveRequest{Type: domain.LeaveImportantReasons, Start: lvd("2026-12-01"), End: lvd("2026-12-31"), Reason: "father seriously ill in Sibolga", Attachments: doc}
	a, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
	if err != nil {
		t.Fatal(err)
	}
	if a.Days != 22 || a.Counting != domain.CountWorkingDays || a.NeedsSecondApproval || a.CountsAgainstAnnual != 0 {
		t.Errorf("one month: %+v, want 22 working days, one approval, nothing against annual", a)
	}
	// The limit is the calendar month, not a number of working days: one more day (New Year, not
	// a working day) is already too long.
	r.End = lvd("2027-01-01")
	_, err = domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
	if got := lvViolations(t, err)["end_date"]; !strings.Contains(got, "important-reason leave may last at most 1 month: from 2026-12-01 it must end by 2026-12-31") {
		t.Errorf("end_date: %q", got)
	}
	// No reason, no document.
	r = domain.LeaveRequest{Type: domain.LeaveImportantReasons, Start: lvd("2026-12-01"), End: lvd("2026-12-02")}
	_, err = domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
	v := lvViolations(t, err)
	if !strings.Contains(v["reason"], "state the important reason") || !strings.Contains(v["attachments"], "a supporting document for the reason (supporting_document)") {
		t.Errorf("violations %v", v)
	}
	// A death in the family on Tuesday, asked on Friday: back-dated 3 days is allowed.
	r = domain.LeaveRequest{Type: domain.LeaveImportantReasons, Start: lvd("2026-11-24"), End: lvd("2026-11-26"), Reason: "death of a parent", Attachments: doc}
	if _, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy()); err != nil {
		t.Errorf("back-dated 3 days: %v", err)
	}
}

func TestValidateRequestUnpaid(t *testing.T) {
	bkn := []domain.Attachment{{Kind: domain.AttachBKNApproval, Ref: "BKN-PT-2026-0042"}}
	tests := []struct {
		name      string
		end       string
		extension bool
		att       []domain.Attachment
		reason    string
		field     string
		want      string
	}{
		{"3 years", "2029-11-30", false, bkn, "accompanying spouse abroad", "", ""},
		{"3 years and a day", "2029-12-01", false, bkn, "accompanying spouse abroad", "end_date", "unpaid leave may last at most 3 years: from 2026-12-01 it must end by 2029-11-30"},
		{"extension of 1 year", "2027-11-30", true, bkn, "extension", "", ""},
		{"extension of 1 year and a day", "2027-12-01", true, bkn, "extension", "end_date", "an extension of unpaid leave may last at most 1 year"},
		{"without BKN's approval", "2027-11-30", false, nil, "accompanying spouse abroad", "attachments", "needs the reference of BKN's approval (bkn_approval)"},
		{"approval without a reference", "2027-11-30", false, []domain.Attachment{{Kind: domain.AttachBKNApproval}}, "x", "attachments", "has no document reference"},
		{"without a reason", "2027-11-30", false, bkn, "", "reason", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := domain.LeaveRequest{Type: domain.LeaveUnpaid, Start: lvd("2026-12-01"), End: lvd(tt.end), Extension: tt.extension, Attachments: tt.att, Reason: tt.reason}
			a, err := domain.ValidateRequest(r, lvEmployee(), lvCalendar(), lvToday, domain.Balance{}, domain.DefaultLeavePolicy())
			if tt.field != "" {
				if got := lvViolations(t, err)[tt.field]; !strings.Contains(got, tt.want) {
					t.Errorf("%s violation %q, want %q", tt.field, got, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Counting != domain.CountCalendarDays || !a.NeedsSecondApproval {
				t.Errorf("assessment %+v, want calendar days and a second approval", a)
			}
		})
	}
}

func TestValidateRequestAnnual(t *testing.T) {
	emp := lvEmployee()
	tests := []struct {
		name       string
		start, end string
		bal        domain.Balance
		longYears  []int
		cal        func(from, to domain.Date) int
		field      string
		want       string
		days       int
	}{
		{"1 day", "2026-11-30", "2026-11-30", lvBalance(2026, 0), nil, lvCalendar(), "", "", 1},
		{"12 days, the whole grant", "2026-11-30", "2026-12-15", lvBalance(2026, 0), nil, lvCalendar(), "", "", 12},
		{"13 days against 12", "2026-11-30", "2026-12-16", lvBalance(2026, 0), nil, lvCalendar(), "end_date", "annual leave of 13 working days exceeds the 2026 balance of 12 days", 0},
		{"13 days against 18 (6 carried)", "2026-11-30", "2026-12-16", lvBalance(2026, 6), nil, lvCalendar(), "", "", 13},
		{"3 days against 2 left", "2026-11-30", "2026-12-02", lvTaken(10), nil, lvCalendar(), "end_date", "exceeds the 2026 balance of 2 days", 0},
		{"Christmas week: 4 working days", "2026-12-21", "2026-12-27", lvBalance(2026, 0), nil, lvCalendar(), "", "", 4},
		{"collective leave day not counted", "2026-12-21", "2026-12-27", lvBalance(2026, 0), nil, lvCalendar(lvCollectiveDay), "", "", 3},
		{"a weekend only", "2026-12-05", "2026-12-06", lvBalance(2026, 0), nil, lvCalendar(), "end_date", "has no working day; annual leave is counted in working days and takes at least 1", 0},
		{"across the new year", "2026-12-28", "2027-01-04", lvBalance(2026, 0), nil, lvCalendar(), "end_date", "annual leave is taken from one year's balance; end this request by 2026-12-31", 0},
		{"year with long leave (directory)", "2026-11-30", "2026-11-30", lvBalance(2026, 0), []int{2026}, lvCalendar(), "type", "no annual leave in 2026: the employee has long leave (cuti besar) that year", 0},
		{"year with long leave (balance)", "2026-11-30", "2026-11-30", domain.Balance{Year: 2026, LongLeave: true, Entries: lvBalance(2026, 0).Entries}, nil, lvCalendar(), "type", "no annual leave in 2026", 0},
		{"yesterday", "2026-11-26", "2026-11-26", lvBalance(2026, 0), nil, lvCalendar(), "start_date", "2026-11-26 is in the past; annual leave must start today (2026-11-27) or later", 0},
		{"today", "2026-11-27", "2026-11-27", lvBalance(2026, 0), nil, lvCalendar(), "", "", 1},
		{"end before start", "2026-12-02", "2026-12-01", lvBalance(2026, 0), nil, lvCalendar(), "end_date", "2026-12-01 is before start_date 2026-12-02", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := emp
			e.LongLeaveYears = tt.longYears
			r := domain.LeaveRequest{Type: domain.LeaveAnnual, Start: lvd(tt.start), End: lvd(tt.end)}
			for _, pol := range []domain.LeavePolicy{domain.DefaultLeavePolicy(), {CollectiveLeaveReducesAnnual: true}} {
				a, err := domain.ValidateRequest(r, e, tt.cal, lvToday, tt.bal, pol)
				if tt.field != "" {
					if got := lvViolations(t, err)[tt.field]; !strings.Contains(got, tt.want) {
						t.Errorf("%s violation %q, want %q", tt.field, got, tt.want)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if a.Days != tt.days || a.CountsAgainstAnnual != tt.days || a.NeedsSecondApproval || a.NoticeOnly || a.Counting != domain.CountWorkingDays {
					t.Errorf("assessment %+v, want %d working days against annual, one approval", a, tt.days)
				}
			}
		})
	}
}

func TestValidateRequestFields(t *testing.T) {
	cal, bal, pol := lvCalendar(), lvBalance(2026, 0), domain.DefaultLeavePolicy()
	_, err := domain.ValidateRequest(domain.LeaveRequest{Type: "holiday"}, lvEmployee(), cal, lvToday, bal, pol)
	if !strings.Contains(lvViolations(t, err)["type"], `unknown leave type "holiday"`) {
		t.Errorf("unknown type: %v", err)
	}
	_, err = domain.ValidateRequest(domain.LeaveRequest{Type: domain.LeaveCollective, Start: lvCollectiveDay, End: lvCollectiveDay}, lvEmployee(), cal, lvToday, bal, pol)
	if !strings.Contains(lvViolations(t, err)["type"], "collective leave (cuti bersama) is set for everyone by the yearly decree") {
		t.Errorf("collective: %v", err)
	}
	_, err = domain.ValidateRequest(domain.LeaveRequest{Type: domain.LeaveAnnual}, lvEmployee(), cal, lvToday, bal, pol)
	v := lvViolations(t, err)
	if v["start_date"] == "" || v["end_date"] == "" {
		t.Errorf("missing dates: %v", v)
	}
	_, err = domain.ValidateRequest(domain.LeaveRequest{Type: domain.LeaveAnnual, Start: lvd("2026-12-01"), End: lvd("2026-12-01"), Extension: true,
		Attachments: []domain.Attachment{{Kind: "selfie", Ref: "x"}}}, lvEmployee(), cal, lvToday, bal, pol)
	v = lvViolations(t, err)
	if !strings.Contains(v["extension"], "only unpaid leave (CLTN) can be extended") || !strings.Contains(v["attachments"], `unknown kind "selfie"`) {
		t.Errorf("violations %v", v)
	}
	// Several rules broken at once are all reported.
	emp := lvEmployee()
	emp.Appointment = lvd("2026-01-01")
	_, err = domain.ValidateRequest(domain.LeaveRequest{Type: domain.LeaveAnnual, Start: lvd("2026-11-20"), End: lvd("2026-12-31")}, emp, cal, lvToday, bal, pol)
	v = lvViolations(t, err)
	if v["type"] == "" || v["start_date"] == "" || v["end_date"] == "" {
		t.Errorf("want type, start_date and end_date violations, got %v", v)
	}
}

func TestOverlaps(t *testing.T) {
	r := func(a, b string) domain.DateRange { return domain.DateRange{Start: lvd(a), End: lvd(b)} }
	tests := []struct {
		name string
		a, b domain.DateRange
		want bool
	}{
		{"same day", r("2026-12-01", "2026-12-01"), r("2026-12-01", "2026-12-01"), true},
		{"adjacent", r("2026-12-01", "2026-12-04"), r("2026-12-05", "2026-12-08"), false},
		{"last day is first day", r("2026-12-01", "2026-12-04"), r("2026-12-04", "2026-12-08"), true},
		{"contained", r("2026-12-01", "2026-12-31"), r("2026-12-10", "2026-12-11"), true},
		{"containing", r("2026-12-10", "2026-12-11"), r("2026-12-01", "2026-12-31"), true},
		{"before", r("2026-11-01", "2026-11-02"), r("2026-12-01", "2026-12-31"), false},
	}
	for _, tt := range tests {
		if got := domain.Overlaps(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Overlaps = %v, want %v", tt.name, got, tt.want)
		}
		if got := domain.Overlaps(tt.b, tt.a); got != tt.want {
			t.Errorf("%s (swapped): Overlaps = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckOverlap(t *testing.T) {
	me := "199001312019032002"
	existing := []domain.LeaveRequest{
		{ID: "L1", EmployeeNIP: me, Type: domain.LeaveAnnual, Start: lvd("2026-12-07"), End: lvd("2026-12-09"), State: domain.RequestApproved},
		{ID: "L2", EmployeeNIP: me, Type: domain.LeaveAnnual, Start: lvd("2026-12-14"), End: lvd("2026-12-15"), State: domain.RequestRejected},
		{ID: "L3", EmployeeNIP: me, Type: domain.LeaveSick, Start: lvd("2026-12-16"), End: lvd("2026-12-16"), State: domain.RequestCancelled},
		{ID: "L4", EmployeeNIP: "197805102005011003", Type: domain.LeaveAnnual, Start: lvd("2026-12-21"), End: lvd("2026-12-22"), State: domain.RequestSubmitted},
		{ID: "L5", EmployeeNIP: me, Type: domain.LeaveAnnual, Start: lvd("2026-12-28"), End: lvd("2026-12-29"), State: domain.RequestAwaitingSecondApproval},
	}
	tests := []struct {
		name, id, start, end string
		clash                string
	}{
		{"overlaps an approved request", "N", "2026-12-09", "2026-12-10", "L1"},
		{"overlaps a pending request", "N", "2026-12-29", "2026-12-30", "L5"},
		{"rejected and cancelled requests free their dates", "N", "2026-12-14", "2026-12-16", ""},
		{"another employee's request", "N", "2026-12-21", "2026-12-22", ""},
		{"the request itself", "L1", "2026-12-07", "2026-12-09", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := domain.LeaveRequest{ID: tt.id, EmployeeNIP: me, Start: lvd(tt.start), End: lvd(tt.end)}
			err := domain.CheckOverlap(r, existing)
			if tt.clash == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := lvViolations(t, err)["start_date"]; !strings.Contains(got, "overlaps leave request "+tt.clash) {
				t.Errorf("start_date violation %q, want it to name %s", got, tt.clash)
			}
		})
	}
}

func TestValidateRequestErrorsAreDomainErrors(t *testing.T) {
	_, err := domain.ValidateRequest(domain.LeaveRequest{Type: domain.LeaveAnnual, Start: lvd("2026-12-01"), End: lvd("2026-12-01")},
		domain.LeaveEmployee{NIP: "not-a-nip"}, lvCalendar(), lvToday, lvBalance(2026, 0), domain.DefaultLeavePolicy())
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.FailedPrecondition {
		t.Errorf("unknown appointment: want FailedPrecondition, got %v", err)
	}
}
