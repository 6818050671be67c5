package domain

// ASN leave (Peraturan BKN 24/2017 as amended; DOMAIN.md "Attendance and leave"): the seven leave
// types, who may take them, how long they may last, how they are counted, which document they
// need and who approves them.
//
// # Counting
//
// DOMAIN.md counts leave "in working days (weekends, national holidays and collective leave days
// excluded) unless stated". The rules below follow that sentence type by type:
//
//   - Working days, from the working calendar (the WorkingDays counter the caller passes):
//     tahunan (annual), sakit (sick) and alasan penting (important reasons). Their lengths in the
//     table are days, or (important reasons) a limit on the calendar span, and the days they take
//     out of the employee's working time are what the recap and the annual ledger need. Because the
//     calendar excludes collective leave days, an annual request spanning them never counts them;
//     whether collective leave costs annual days is decided once a year in the ledger, by policy
//     (Balance.DeductCollective).
//   - Calendar days, as one continuous absence: besar (long), melahirkan (maternity) and di luar
//     tanggungan negara (CLTN, unpaid). Their lengths are stated in months and years, and the
//     employee is away for the whole span, weekends and holidays included; Assessment.Days is the
//     number of calendar days.
//
// A length stated in months ("up to 3 months", "1 year 6 months") is a calendar span whatever the
// counting: the leave must end on or before the day before the same day of the month N months
// after the start (from 2026-02-02, three months end by 2026-05-01); when that day does not
// exist, by the last day of that month (from 2026-01-31, one month ends by 2026-02-28). So sick
// leave is counted in working days for its 1 / 2–14 / over 14 day thresholds, and limited to a
// calendar span of 18 months; important-reason leave is counted in working days and limited to a
// calendar span of one month.
//
// # Back-dating
//
// Leave is asked for before it starts; a request may start today but not earlier, except for the
// leave that sudden events force on someone who then asks afterwards: sick leave, maternity leave
// (a birth before the planned date) and important-reason leave (a death or a disaster in the
// family) may start up to SuddenLeaveBackdateDays (3) calendar days before today, which covers a
// Friday illness reported on Monday.
//
// # Years of service
//
// Years of service are whole years from the appointment date (AppointmentDate: the directory's
// date when it has one, as for a PPPK, otherwise the first day of the appointment month the
// NIP encodes) to the first day of the leave.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// LeaveType is one of the seven ASN leave types. The value is the English snake-case name used
// by the API; ParseLeaveType also accepts the Indonesian name.
type LeaveType string

// The leave types.
const (
	// LeaveAnnual is cuti tahunan: 12 working days a year after one year of service.
	LeaveAnnual LeaveType = "annual"
	// LeaveLong is cuti besar: up to 3 months after 5 years of service, once in 5 years.
	LeaveLong LeaveType = "long"
	// LeaveSick is cuti sakit: for anyone, up to 1 year 6 months, with a doctor's note.
	LeaveSick LeaveType = "sick"
	// LeaveMaternity is cuti melahirkan: 3 months, for the 1st to 3rd child.
	LeaveMaternity LeaveType = "maternity"
	// LeaveImportantReasons is cuti karena alasan penting: up to 1 month, for family illness or
	// death, one's own wedding, a disaster and the like.
	LeaveImportantReasons LeaveType = "important_reasons"
	// LeaveCollective is cuti bersama: the days the yearly decree sets for everyone. It lives in
	// the working calendar and is not requested (see Balance.DeductCollective).
	LeaveCollective LeaveType = "collective"
	// LeaveUnpaid is cuti di luar tanggungan negara (CLTN): up to 3 years, extendable by 1, after
	// 5 years of service, with the national agency's (BKN) approval.
	LeaveUnpaid LeaveType = "unpaid"
)

// LeaveTypes lists the seven types in the regulation's order.
func LeaveTypes() []LeaveType {
	return []LeaveType{LeaveAnnual, LeaveLong, LeaveSick, LeaveMaternity, LeaveImportantReasons, LeaveCollective, LeaveUnpaid}
}

// ParseLeaveType reads a leave type by its API name or its Indonesian name ("tahunan", "besar",
// "sakit", "melahirkan", "alasan_penting", "bersama", "cltn"), case-insensitively.
func ParseLeaveType(s string) (LeaveType, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "_", "-", "_").Replace(k)
	for _, t := range LeaveTypes() {
		if k == string(t) || k == leaveRules[t].indonesian {
			return t, nil
		}
	}
	switch k {
	case "karena_alasan_penting", "important":
		return LeaveImportantReasons, nil
	case "di_luar_tanggungan_negara", "luar_tanggungan_negara":
		return LeaveUnpaid, nil
	}
	return "", errs.Invalidf("type", "unknown leave type %q; use one of %s", s, leaveTypeList())
}

func leaveTypeList() string {
	names := make([]string, 0, 7)
	for _, t := range LeaveTypes() {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}

// Counting says how a leave type's days are counted.
type Counting string

// The countings.
const (
	// CountWorkingDays counts the working days of the period from the working calendar.
	CountWorkingDays Counting = "working_days"
	// CountCalendarDays counts every day of the period.
	CountCalendarDays Counting = "calendar_days"
)

// The numbers of the leave table.
const (
	// AnnualMinYears is the service, in years, after which annual leave is granted.
	AnnualMinYears = 1
	// LongMinYears is the service, in years, after which long leave may be taken, and the years
	// that must pass between two long leaves.
	LongMinYears = 5
	// UnpaidMinYears is the service, in years, after which unpaid leave (CLTN) may be taken.
	UnpaidMinYears = 5
	// LongMaxMonths is the longest long leave.
	LongMaxMonths = 3
	// SickMaxMonths is the longest sick leave: 1 year 6 months.
	SickMaxMonths = 18
	// MaternityMonths is the length of maternity leave; it may be shorter if the employee
	// returns earlier.
	MaternityMonths = 3
	// MaternityMaxChild is the last child for which maternity leave is given; from the next one
	// the employee takes long leave.
	MaternityMaxChild = 3
	// ImportantReasonsMaxMonths is the longest important-reason leave.
	ImportantReasonsMaxMonths = 1
	// UnpaidMaxMonths is the longest unpaid leave (3 years).
	UnpaidMaxMonths = 36
	// UnpaidExtensionMonths is the longest extension of an unpaid leave (1 year).
	UnpaidExtensionMonths = 12
	// SickNoticeOnlyDays is the sick leave, in working days, that the employee only tells the
	// supervisor about (with a doctor's note) instead of asking for it.
	SickNoticeOnlyDays = 1
	// SickOwnDoctorMaxDays is the longest sick leave, in working days, that any doctor's note
	// covers; longer leave needs a government doctor's certificate, and is a long type.
	SickOwnDoctorMaxDays = 14
	// SuddenLeaveBackdateDays is how many calendar days before today sick, maternity and
	// important-reason leave may start.
	SuddenLeaveBackdateDays = 3
)

// LeaveRule is what the regulation says about one leave type.
type LeaveRule struct {
	Type LeaveType
	// Name is the Indonesian name, e.g. "cuti tahunan".
	Name string
	// English is a short English name for messages, e.g. "annual leave".
	English string
	// MinYearsOfService is the service needed; 0 for anyone.
	MinYearsOfService int
	// Counting is how Assessment.Days is counted.
	Counting Counting
	// MaxMonths limits the calendar span; 0 means no span limit (annual leave is limited by the
	// balance instead).
	MaxMonths int
	// ExtensionMonths limits an extension's span (unpaid leave only).
	ExtensionMonths int
	// BackdateDays is how many days before today the leave may start.
	BackdateDays int
	// Long types need a second approval by agency HR when the policy says so. Sick leave is long
	// only over SickOwnDoctorMaxDays; see NeedsSecondApproval.
	Long bool
	// Deferrable types may be deferred by the supervisor to later dates.
	Deferrable bool
	// ReasonRequired types need the employee's stated reason.
	ReasonRequired bool
	// Requestable is false for collective leave, which the decree sets for everyone.
	Requestable bool
	// ForPPPK types are given to PPPK (contract ASN) too. PP 49/2018 art. 70 gives PPPK only
	// annual, sick, maternity and collective leave; the others (long, important reasons,
	// unpaid) are refused for an employee whose directory employment type is pppk.
	ForPPPK bool

	indonesian string
	// eligible and length are the type's own checks in ValidateRequest (nil: none): who may
	// take it, and how long it may be beyond the span every type has.
	eligible, length func(c *requestCheck)
}

var leaveRules = map[LeaveType]LeaveRule{
	LeaveAnnual: {Type: LeaveAnnual, Name: "cuti tahunan", English: "annual leave", indonesian: "tahunan",
		MinYearsOfService: AnnualMinYears, Counting: CountWorkingDays, Deferrable: true, Requestable: true, ForPPPK: true,
		eligible: annualEligible, length: annualLength},
	LeaveLong: {Type: LeaveLong, Name: "cuti besar", English: "long leave", indonesian: "besar",
		MinYearsOfService: LongMinYears, Counting: CountCalendarDays, MaxMonths: LongMaxMonths, Long: true, Deferrable: true, Requestable: true,
		eligible: longEligible, length: longLength},
	LeaveSick: {Type: LeaveSick, Name: "cuti sakit", English: "sick leave", indonesian: "sakit",
		Counting: CountWorkingDays, MaxMonths: SickMaxMonths, BackdateDays: SuddenLeaveBackdateDays, Requestable: true, ForPPPK: true},
	LeaveMaternity: {Type: LeaveMaternity, Name: "cuti melahirkan", English: "maternity leave", indonesian: "melahirkan",
		Counting: CountCalendarDays, MaxMonths: MaternityMonths, BackdateDays: SuddenLeaveBackdateDays, Requestable: true, ForPPPK: true,
		eligible: maternityEligible},
	LeaveImportantReasons: {Type: LeaveImportantReasons, Name: "cuti karena alasan penting", English: "important-reason leave", indonesian: "alasan_penting",
		Counting: CountWorkingDays, MaxMonths: ImportantReasonsMaxMonths, BackdateDays: SuddenLeaveBackdateDays, ReasonRequired: true, Requestable: true},
	LeaveCollective: {Type: LeaveCollective, Name: "cuti bersama", English: "collective leave", indonesian: "bersama",
		Counting: CountWorkingDays, ForPPPK: true},
	LeaveUnpaid: {Type: LeaveUnpaid, Name: "cuti di luar tanggungan negara", English: "unpaid leave", indonesian: "cltn",
		MinYearsOfService: UnpaidMinYears, Counting: CountCalendarDays, MaxMonths: UnpaidMaxMonths, ExtensionMonths: UnpaidExtensionMonths,
		Long: true, ReasonRequired: true, Requestable: true},
}

// LeaveRuleOf returns the rule of t.
func LeaveRuleOf(t LeaveType) (LeaveRule, bool) {
	r, ok := leaveRules[t]
	return r, ok
}

// label names a type in messages, e.g. "annual leave (cuti tahunan)".
func (r LeaveRule) label() string { return r.English + " (" + r.Name + ")" }

// AttachmentKind is the kind of document a leave request refers to.
type AttachmentKind string

// The attachment kinds.
const (
	// AttachDoctorsNote is a doctor's note (surat keterangan dokter), for sick leave up to 14
	// working days.
	AttachDoctorsNote AttachmentKind = "doctors_note"
	// AttachGovernmentDoctor is a certificate from a government doctor (surat keterangan dokter
	// pemerintah), for sick leave over 14 working days. It also serves wherever a doctor's note
	// or medical certificate is asked for.
	AttachGovernmentDoctor AttachmentKind = "government_doctor_certificate"
	// AttachMedicalCertificate is a certificate from a doctor or midwife of the pregnancy or
	// birth, for maternity leave.
	AttachMedicalCertificate AttachmentKind = "medical_certificate"
	// AttachSupportingDocument supports an important reason: a hospital letter, a death
	// certificate, a wedding invitation, a disaster statement from the local authority.
	AttachSupportingDocument AttachmentKind = "supporting_document"
	// AttachBKNApproval is the reference of the national civil service agency's (BKN) approval
	// of unpaid leave.
	AttachBKNApproval AttachmentKind = "bkn_approval"
)

var attachmentNames = map[AttachmentKind]string{
	AttachDoctorsNote:        "a doctor's note",
	AttachGovernmentDoctor:   "a certificate from a government doctor",
	AttachMedicalCertificate: "a medical certificate from a doctor or midwife",
	AttachSupportingDocument: "a supporting document for the reason",
	AttachBKNApproval:        "the reference of BKN's approval",
}

// satisfies says which required kinds an attached kind also fulfils.
var attachmentSatisfies = map[AttachmentKind][]AttachmentKind{
	AttachGovernmentDoctor: {AttachDoctorsNote, AttachMedicalCertificate},
}

// Attachment refers to a document stored elsewhere (Ref is its id or number).
type Attachment struct {
	Kind AttachmentKind
	Ref  string
}

// RequiredAttachment returns the document a leave of type t counting days needs, if any: sick
// leave a doctor's note up to 14 working days (one day included: the employee tells the
// supervisor and shows the note) and a government doctor's certificate beyond; maternity
// leave a medical certificate; important reasons a supporting document; unpaid leave BKN's
// approval. Annual and long leave need none.
func RequiredAttachment(t LeaveType, days int) (AttachmentKind, bool) {
	switch t {
	case LeaveSick:
		if days > SickOwnDoctorMaxDays {
			return AttachGovernmentDoctor, true
		}
		return AttachDoctorsNote, true
	case LeaveMaternity:
		return AttachMedicalCertificate, true
	case LeaveImportantReasons:
		return AttachSupportingDocument, true
	case LeaveUnpaid:
		return AttachBKNApproval, true
	}
	return "", false
}

func hasAttachment(list []Attachment, need AttachmentKind) bool {
	for _, a := range list {
		if strings.TrimSpace(a.Ref) == "" {
			continue
		}
		if a.Kind == need || slices.Contains(attachmentSatisfies[a.Kind], need) {
			return true
		}
	}
	return false
}

// LeaveTypeSet is a set of leave types, comparable so that policies are.
type LeaveTypeSet uint16

// NewLeaveTypeSet returns the set of types.
func NewLeaveTypeSet(types ...LeaveType) LeaveTypeSet {
	var s LeaveTypeSet
	for _, t := range types {
		if i := slices.Index(LeaveTypes(), t); i >= 0 {
			s |= 1 << i
		}
	}
	return s
}

// Has reports whether t is in the set.
func (s LeaveTypeSet) Has(t LeaveType) bool {
	i := slices.Index(LeaveTypes(), t)
	return i >= 0 && s&(1<<i) != 0
}

// Types returns the set's types in the regulation's order.
func (s LeaveTypeSet) Types() []LeaveType {
	var out []LeaveType
	for _, t := range LeaveTypes() {
		if s.Has(t) {
			out = append(out, t)
		}
	}
	return out
}

// DefaultSecondApprovalTypes are the long leave types that need a second approval by default
// (DOMAIN.md: "a second authorised official for long types", *policy*): besar and CLTN, the
// types counted in months, and sick leave, which needs it only over SickOwnDoctorMaxDays (14)
// working days, where Peraturan BKN 24/2017 asks for a government doctor.
func DefaultSecondApprovalTypes() LeaveTypeSet {
	return NewLeaveTypeSet(LeaveLong, LeaveUnpaid, LeaveSick)
}

// NeedsSecondApproval reports whether a leave of type t counting days needs, after the direct
// supervisor's, a second approval by agency HR: under the policy, the types of
// pol.SecondApprovalTypes (DefaultSecondApprovalTypes when empty: besar, CLTN and sick leave
// over 14 working days). Sick leave in the set needs it only over 14 working days.
func NeedsSecondApproval(t LeaveType, days int, pol LeavePolicy) bool {
	if !pol.SecondApprovalForLongLeave {
		return false
	}
	types := pol.SecondApprovalTypes
	if types == 0 {
		types = DefaultSecondApprovalTypes()
	}
	if !types.Has(t) {
		return false
	}
	if t == LeaveSick {
		return days > SickOwnDoctorMaxDays
	}
	return true
}

// LeavePolicy holds the leave values DOMAIN.md marks *policy*. The calendar's Policy carries the
// same two fields; the service copies them here.
type LeavePolicy struct {
	// SecondApprovalForLongLeave: besar, CLTN and sick leave over 14 days need agency HR's
	// approval after the supervisor's. Default true.
	SecondApprovalForLongLeave bool
	// SecondApprovalTypes are the types that need it when SecondApprovalForLongLeave is set;
	// the empty set means DefaultSecondApprovalTypes (no type at all is
	// SecondApprovalForLongLeave false).
	SecondApprovalTypes LeaveTypeSet
	// CollectiveLeaveReducesAnnual: collective leave days are taken from the annual balance.
	// Default false.
	CollectiveLeaveReducesAnnual bool
}

// DefaultLeavePolicy returns DOMAIN.md's defaults: a second approval for long leave, and
// collective leave not reducing annual leave.
func DefaultLeavePolicy() LeavePolicy {
	return LeavePolicy{SecondApprovalForLongLeave: true, CollectiveLeaveReducesAnnual: false}
}

// DateRange is a period of whole days, both ends included.
type DateRange struct {
	Start, End Date
}

func (d DateRange) String() string { return d.Start.String() + " to " + d.End.String() }

// CalendarDays returns the number of days of the period, both ends included.
func (d DateRange) CalendarDays() int { return d.Start.DaysUntil(d.End) + 1 }

// Contains reports whether day falls in the period.
func (d DateRange) Contains(day Date) bool { return !day.Before(d.Start) && !day.After(d.End) }

// Overlaps reports whether a and b share at least one day.
func Overlaps(a, b DateRange) bool { return !a.End.Before(b.Start) && !b.End.Before(a.Start) }

// LeaveEmployee is what the leave rules need to know about an employee, from the directory.
type LeaveEmployee struct {
	NIP string
	// Appointment is the directory's appointment date; when zero, the NIP's appointment month
	// is used (a PPPK number encodes none, so a PPPK needs the directory's date).
	Appointment Date
	Agency      string
	// Supervisor is the NIP of the direct supervisor, the only one who approves.
	Supervisor string
	Female     bool
	// PPPK is true for a contract ASN (the directory's employment type pppk), who has only the
	// leave types whose rule is ForPPPK (PP 49/2018 art. 70).
	PPPK bool
	// LongLeaveYears are the years in which the employee's other approved long leaves start
	// (not the request being checked): no annual leave in those years, and long leave once in
	// 5 years.
	LongLeaveYears []int
}

// AppointmentDate returns the date years of service count from: the directory's date if it has
// one, otherwise the first day of the appointment month of the NIP. Without either it is a
// FailedPrecondition: the directory must be completed before eligibility can be checked.
func AppointmentDate(emp LeaveEmployee, today Date) (Date, error) {
	if !emp.Appointment.IsZero() {
		return emp.Appointment, nil
	}
	n, err := nip.Parse(emp.NIP, today.Time())
	if err != nil {
		return Date{}, errs.Preconditionf("years of service of employee %s are unknown: the directory has no appointment date and the number is not a usable NIP (%v)", emp.NIP, err)
	}
	return DateOf(n.Appointment), nil
}

// YearsOfService returns the whole years from appointment to on (0 before the first
// anniversary, and for an appointment after on).
func YearsOfService(appointment, on Date) int {
	y := on.Year - appointment.Year
	if on.Month < appointment.Month || (on.Month == appointment.Month && on.Day < appointment.Day) {
		y--
	}
	return max(y, 0)
}

// LeaveRequest is a request for leave: what the employee asks (ID to Attachments) and, once
// submitted, where the workflow has taken it (see workflow.go).
type LeaveRequest struct {
	ID          string
	EmployeeNIP string
	Type        LeaveType
	Start, End  Date
	// Reason is the employee's reason, required for important reasons and unpaid leave.
	Reason string
	// ChildNumber is which child the maternity leave is for: 1 for the first.
	ChildNumber int
	// Extension marks the extension (up to 1 year) of an unpaid leave.
	Extension   bool
	Attachments []Attachment

	State LeaveState
	// Days is the length as counted (Counting), fixed at submission and at deferral.
	Days     int
	Counting Counting
	// NeedsSecondApproval, NoticeOnly: from the Assessment at submission.
	NeedsSecondApproval bool
	NoticeOnly          bool
	SubmittedOn         Date
	// Supervisor is the direct supervisor at submission, for display; decisions check the
	// directory's current supervisor.
	Supervisor       string
	ApprovedBy       string
	SecondApprovedBy string
	RejectionReason  string
	// DeferredFrom holds the dates asked for before a deferral; Deferrals counts deferrals.
	DeferredFrom DateRange
	Deferrals    int
	// Spent is the annual-leave days taken from the ledger at approval (returned on cancel).
	Spent     int
	Decisions []LeaveDecision
}

// Range returns the request's period.
func (r LeaveRequest) Range() DateRange { return DateRange{r.Start, r.End} }

// Assessment is the outcome of ValidateRequest.
type Assessment struct {
	// Days is the length, counted as Counting says.
	Days     int
	Counting Counting
	// NeedsSecondApproval: agency HR approves after the supervisor.
	NeedsSecondApproval bool
	// CountsAgainstAnnual is the days the request takes from the annual balance when approved.
	CountsAgainstAnnual int
	// NoticeOnly: one working day of sick leave, which the employee tells the supervisor about
	// with a doctor's note rather than asks for; Submit records it approved.
	NoticeOnly bool
}

// LeaveSpanEnd returns the last day of a span of months starting on start: the day before the
// same day of the month that many months later, or, when that month has no such day, its last
// day. From 2026-02-02, 3 months end on 2026-05-01; from 2026-01-31, 1 month ends on 2026-02-28.
func LeaveSpanEnd(start Date, months int) Date {
	m := int(start.Month) - 1 + months
	y := start.Year + m/12
	month := time.Month(m%12 + 1)
	last := time.Date(y, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if start.Day > last {
		return Date{y, month, last}
	}
	return Date{y, month, start.Day}.AddDays(-1)
}

// CheckOverlap refuses r when its period shares a day with another active request of the same
// employee (submitted, awaiting second approval, deferred or approved); the violation is on
// start_date and names the other request. Requests with r's ID are skipped, so a request can be
// checked again against a list that contains it.
func CheckOverlap(r LeaveRequest, existing []LeaveRequest) error {
	for _, o := range existing {
		if o.ID == r.ID && r.ID != "" {
			continue
		}
		if o.EmployeeNIP != r.EmployeeNIP || !o.State.Active() || !Overlaps(r.Range(), o.Range()) {
			continue
		}
		return errs.Invalidf("start_date", "%s overlaps leave request %s (%s, %s, %s); an employee takes one leave at a time", r.Range(), o.ID, o.Type, o.Range(), o.State)
	}
	return nil
}

func leaveYears(n int) string {
	if n == 1 {
		return "1 year"
	}
	return fmt.Sprintf("%d years", n)
}

func leaveMonths(n int) string {
	unit := func(k int, one, many string) string {
		if k == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", k, many)
	}
	y, m := n/12, n%12
	switch {
	case y == 0:
		return unit(m, "month", "months")
	case m == 0:
		return unit(y, "year", "years")
	}
	return unit(y, "year", "years") + " " + unit(m, "month", "months")
}

func leaveOrdinal(n int) string {
	switch n {
	case 1:
		return "1st"
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return fmt.Sprintf("%dth", n)
}
