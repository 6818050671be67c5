package domain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// ValidateRequest checks r against the leave rules and returns how it counts, or an Invalid
// error naming every field that breaks a rule. workingDays counts the working days of a period
// from the employee's calendar (both ends included; collective leave days excluded). bal is the
// annual-leave balance of the year r starts in; it is read for annual leave (sufficiency, never
// negative) and long leave (shortened by the annual leave already taken that year) and ignored
// otherwise. The checks:
//
//   - type: known and requestable (collective leave is set by decree, not requested), and one
//     the employment type has (PPPK: annual, sick, maternity, collective; PP 49/2018 art. 70);
//   - start_date / end_date: present, end not before start, start not before today less the
//     type's back-dating allowance, at least one working day for working-day types, within
//     the type's maximum span; annual leave within one calendar year and within the balance;
//   - type: years of service (annual 1, long 5, unpaid 5), long leave once in 5 years, no
//     annual leave in a year with long leave, maternity for a woman's 1st–3rd child (from
//     the 4th, long leave);
//   - child_number for maternity, reason where the type needs one, extension only for CLTN;
//   - attachments: the document RequiredAttachment names, with a reference.
//
// Overlap with the employee's other requests is CheckOverlap's job.
func ValidateRequest(r LeaveRequest, emp LeaveEmployee, workingDays func(from, to Date) int, today Date, bal Balance, pol LeavePolicy) (Assessment, error) {
	rule, err := requestableRule(r.Type)
	if err != nil {
		return Assessment{}, err
	}
	if err := employmentAllows(rule, emp); err != nil {
		return Assessment{}, err
	}
	c := &requestCheck{r: r, emp: emp, rule: rule, workingDays: workingDays, today: today, on: r.Start, bal: bal}
	if c.on.IsZero() {
		c.on = today
	}
	datesOK := c.dates()
	if err := c.balanceYear(); err != nil {
		return Assessment{}, err
	}
	if err := c.service(); err != nil {
		return Assessment{}, err
	}
	c.longLeaveYear = bal.LongLeave || slices.Contains(emp.LongLeaveYears, c.on.Year)
	c.run(rule.eligible)
	c.fields()
	if !datesOK {
		return Assessment{}, c.v.Err()
	}
	c.count()
	c.span()
	c.run(rule.length)
	c.documents()
	if err := c.v.Err(); err != nil {
		return Assessment{}, err
	}
	a := c.a
	a.NeedsSecondApproval = NeedsSecondApproval(r.Type, a.Days, pol)
	a.NoticeOnly = r.Type == LeaveSick && a.Days <= SickNoticeOnlyDays
	return a, nil
}

// requestCheck is one run of ValidateRequest: its inputs, what the checks so far found out, and
// the violations they recorded, in the order the rules are listed.
type requestCheck struct {
	r           LeaveRequest
	emp         LeaveEmployee
	rule        LeaveRule
	workingDays func(from, to Date) int
	today       Date
	// on is the day the leave starts, today when no start is given: the day years of service
	// and the balance's year are counted on.
	on  Date
	bal Balance
	// longLeaveYear: the employee has approved long leave in on's year.
	longLeaveYear bool
	// last is the last day the type's span allows; zero for a type without a limit.
	last Date
	a    Assessment
	v    errs.Violations
}

// requestableRule returns the rule of t, or an Invalid error on type when t is unknown or not
// requested (collective leave).
func requestableRule(t LeaveType) (LeaveRule, error) {
	rule, ok := leaveRules[t]
	if !ok {
		return rule, errs.Invalidf("type", "unknown leave type %q; use one of %s", t, leaveTypeList())
	}
	if !rule.Requestable {
		return rule, errs.Invalidf("type", "%s is set for everyone by the yearly decree in the working calendar; it is not requested", rule.label())
	}
	return rule, nil
}

// employmentAllows refuses, on type, a leave type the employee's employment type does not have:
// PPPK (contract ASN) have only the ForPPPK types, annual, sick, maternity and collective leave
// (PP 49/2018 art. 70). The other checks are not run: they do not apply to such a request.
func employmentAllows(rule LeaveRule, emp LeaveEmployee) error {
	if !emp.PPPK || rule.ForPPPK {
		return nil
	}
	var allowed []string
	for _, t := range LeaveTypes() {
		if leaveRules[t].ForPPPK {
			allowed = append(allowed, leaveRules[t].English)
		}
	}
	return errs.Invalidf("type", "%s is not given to PPPK: employee %s is PPPK (contract ASN, employment type pppk), who have only %s (PP 49/2018 art. 70)",
		rule.label(), emp.NIP, strings.Join(allowed, ", "))
}

// run runs one of the type's own checks, if it has that check.
func (c *requestCheck) run(check func(*requestCheck)) {
	if check != nil {
		check(c)
	}
}

// dates checks that the period is given, in order, and not back-dated beyond the type's
// allowance; it reports whether the period can be counted.
func (c *requestCheck) dates() bool {
	r := c.r
	ok := true
	if r.Start.IsZero() {
		c.v.Add("start_date", "is required")
		ok = false
	}
	if r.End.IsZero() {
		c.v.Add("end_date", "is required")
		ok = false
	}
	if ok && r.End.Before(r.Start) {
		c.v.Add("end_date", "%s is before start_date %s; leave must end on or after its first day", r.End, r.Start)
		ok = false
	}
	c.backdating()
	return ok
}

// backdating refuses a start before today less the type's back-dating allowance.
func (c *requestCheck) backdating() {
	r, rule := c.r, c.rule
	if r.Start.IsZero() {
		return
	}
	earliest := c.today.AddDays(-rule.BackdateDays)
	switch {
	case !r.Start.Before(earliest):
	case rule.BackdateDays == 0:
		c.v.Add("start_date", "%s is in the past; %s must start today (%s) or later", r.Start, rule.English, c.today)
	default:
		c.v.Add("start_date", "%s is too far back; %s may start at most %d days before today (%s), so not before %s", r.Start, rule.English, rule.BackdateDays, c.today, earliest)
	}
}

// balanceYear refuses, as a programming error, a balance of another year than the leave's for
// the types that read it.
func (c *requestCheck) balanceYear() error {
	if (c.r.Type == LeaveAnnual || c.r.Type == LeaveLong) && c.bal.Year != c.on.Year {
		return fmt.Errorf("leave rules: the annual balance given is for %d, the leave starts in %d", c.bal.Year, c.on.Year)
	}
	return nil
}

// service checks the years of service the type needs; an employee whose appointment date is
// unknown is a FailedPrecondition.
func (c *requestCheck) service() error {
	need := c.rule.MinYearsOfService
	if need <= 0 {
		return nil
	}
	appt, err := AppointmentDate(c.emp, c.today)
	if err != nil {
		return err
	}
	if have := YearsOfService(appt, c.on); have < need {
		c.v.Add("type", "%s needs %s of service; employee has %d (appointed %s, counted on %s)", c.rule.label(), leaveYears(need), have, appt, c.on)
	}
	return nil
}

// annualEligible: no annual leave in a year with long leave.
func annualEligible(c *requestCheck) {
	if c.longLeaveYear {
		c.v.Add("type", "no annual leave in %d: the employee has long leave (cuti besar) that year", c.on.Year)
	}
}

// longEligible: long leave once in LongMinYears years.
func longEligible(c *requestCheck) {
	for _, y := range c.emp.LongLeaveYears {
		if d := c.on.Year - y; d > -LongMinYears && d < LongMinYears {
			c.v.Add("type", "long leave (cuti besar) is given once in %d years; the employee has long leave in %d", LongMinYears, y)
			return
		}
	}
}

// maternityEligible: a woman's 1st to MaternityMaxChild-th child, whose number is given.
func maternityEligible(c *requestCheck) {
	switch {
	case !c.emp.Female:
		c.v.Add("type", "maternity leave (cuti melahirkan) is for a woman giving birth")
	case c.r.ChildNumber < 1:
		c.v.Add("child_number", "is required for maternity leave: 1 for the first child, 2 for the second, 3 for the third")
	case c.r.ChildNumber > MaternityMaxChild:
		c.v.Add("type", "maternity leave (cuti melahirkan) covers the 1st to %s child; for child %d use long leave (cuti besar)", leaveOrdinal(MaternityMaxChild), c.r.ChildNumber)
	}
}

// fields checks the reason the type needs and that only unpaid leave is an extension.
func (c *requestCheck) fields() {
	r, rule := c.r, c.rule
	if rule.ReasonRequired && strings.TrimSpace(r.Reason) == "" {
		if r.Type == LeaveImportantReasons {
			c.v.Add("reason", "is required for %s: state the important reason (illness or death in the family, own wedding, a disaster …)", rule.label())
		} else {
			c.v.Add("reason", "is required for %s: state why", rule.label())
		}
	}
	if r.Extension && r.Type != LeaveUnpaid {
		c.v.Add("extension", "only unpaid leave (CLTN) can be extended")
	}
}

// count counts the period as the type counts it; a working-day type needs at least one.
func (c *requestCheck) count() {
	r, rule := c.r, c.rule
	c.a = Assessment{Counting: rule.Counting}
	if rule.Counting != CountWorkingDays {
		c.a.Days = r.Range().CalendarDays()
		return
	}
	c.a.Days = c.workingDays(r.Start, r.End)
	if c.a.Days < 1 {
		c.v.Add("end_date", "%s has no working day; %s is counted in working days and takes at least 1", r.Range(), rule.English)
	}
}

// span checks the type's longest span (an extension's for an extension) and sets c.last.
func (c *requestCheck) span() {
	r, rule := c.r, c.rule
	if rule.MaxMonths <= 0 {
		return
	}
	months := rule.MaxMonths
	if r.Extension && rule.ExtensionMonths > 0 {
		months = rule.ExtensionMonths
	}
	c.last = LeaveSpanEnd(r.Start, months)
	if r.End.After(c.last) {
		what := rule.English
		if r.Extension {
			what = "an extension of " + what
		}
		c.v.Add("end_date", "%s may last at most %s: from %s it must end by %s", what, leaveMonths(months), r.Start, c.last)
	}
}

// annualLength: within one calendar year and within that year's balance (unless the year has
// long leave, which annualEligible refuses already); the days count against the balance.
func annualLength(c *requestCheck) {
	r := c.r
	if r.End.Year != r.Start.Year {
		c.v.Add("end_date", "annual leave is taken from one year's balance; end this request by %d-12-31 and ask for the rest separately", r.Start.Year)
	} else if avail := c.bal.Available(); c.a.Days > avail && !c.longLeaveYear {
		c.v.Add("end_date", "annual leave of %d working days exceeds the %d balance of %d days", c.a.Days, r.Start.Year, avail)
	}
	c.a.CountsAgainstAnnual = c.a.Days
}

// longLength: annual leave already taken in the year shortens long leave, working day for
// working day.
func longLength(c *requestCheck) {
	r := c.r
	used := c.bal.Summary().Used
	if used <= 0 || r.End.After(c.last) {
		return
	}
	allowed := c.workingDays(r.Start, c.last) - used
	if asked := c.workingDays(r.Start, r.End); asked > allowed {
		c.v.Add("end_date", "long leave is shortened by the %d days of annual leave taken in %d: at most %d working days from %s, this request has %d", used, r.Start.Year, max(allowed, 0), r.Start, asked)
	}
}

// documents checks the document RequiredAttachment names and that every attachment is of a
// known kind with a reference.
func (c *requestCheck) documents() {
	r, rule := c.r, c.rule
	if need, ok := RequiredAttachment(r.Type, c.a.Days); ok && !hasAttachment(r.Attachments, need) {
		c.v.Add("attachments", "%s of %d %s needs %s (%s)", rule.English, c.a.Days, dayUnit(rule.Counting, c.a.Days), attachmentNames[need], need)
	}
	for i, at := range r.Attachments {
		if _, known := attachmentNames[at.Kind]; !known {
			c.v.Add("attachments", "attachment %d has unknown kind %q", i+1, at.Kind)
		} else if strings.TrimSpace(at.Ref) == "" {
			c.v.Add("attachments", "attachment %d (%s) has no document reference", i+1, at.Kind)
		}
	}
}

// dayUnit names n days counted as counting says: "day", "working days".
func dayUnit(counting Counting, n int) string {
	unit := "day"
	if counting == CountWorkingDays {
		unit = "working day"
	}
	if n != 1 {
		unit += "s"
	}
	return unit
}
