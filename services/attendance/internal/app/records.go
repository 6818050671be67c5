package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// MaxRecordRangeDays is how many days after the start date ListAttendanceRecords reaches at
// most.
const MaxRecordRangeDays = 366

// Stable reasons of check-ins refused because of who the caller is (errs.Error.Reason); the
// domain's refusals (domain.RefusedDeviceTimeTooOld and the others) come back as they are.
const (
	ReasonNotInDirectory = "EMPLOYEE_NOT_IN_DIRECTORY"
	ReasonNotActive      = "EMPLOYEE_NOT_ACTIVE"
)

// officePage is how many offices one read of the nearest-office search takes.
const officePage = 1000

// RecordCommitter stores check-ins by group commit: concurrent calls share transactions, each
// returning once its record is durable; part of Repository.
type RecordCommitter interface {
	// CommitRecord stores r with its event and audit entry unless the employee already has a
	// record with r's client id, and returns the record as stored: r, or the one stored first.
	CommitRecord(ctx context.Context, r Record, ev Event, entry AuditEntry) (Record, error)
}

// RecordAttendance records the caller's own check-in or check-out at the office officeID, or,
// when officeID is empty, at the office of their agency nearest to the reported position.
//
// It is idempotent by client id: when the caller already has a record with in.ClientID, that
// record is returned unchanged and nothing is written, also when the upload arrives again long
// after (an offline phone retrying) or at the same moment as the first (only one of concurrent
// uploads inserts; the others return what it stored).
//
// Otherwise the caller must be an active employee in the directory copy. The expectation is the
// working day the device time belongs to in the office's zone (a night shift's check-out counts
// for the day the shift began), and domain.EvaluateCheckIn decides under the deployment's
// policy, with the office's own geofence policy when it sets one. A refusal (too old, from the
// future, outside a refusing geofence) is returned as the domain gives it, a FailedPrecondition
// with its reason, and nothing is written. An accepted one is stored with its CheckedIn or
// CheckedOut event and an audit record. Errors about the request name its fields with the
// "record." prefix, e.g. record.latitude or record.office.
func (a *App) RecordAttendance(ctx context.Context, in domain.CheckIn, officeID string) (Record, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Record{}, err
	}
	if err := in.Validate(); err != nil {
		return Record{}, errs.Prefix("record", err)
	}
	nip := g.Subject
	out, err := a.recordAttendance(ctx, nip, in, officeID)
	if err != nil {
		// A re-upload answers with the record stored first also when it would now be refused
		// (past the offline limit, say). It is looked up only here: an accepted re-upload finds
		// the stored record when it is stored (ON CONFLICT), which spares every first upload a
		// read.
		if prev, found, gerr := a.repo.GetRecord(ctx, nip, in.ClientID); gerr == nil && found {
			return prev, nil
		}
		return Record{}, err
	}
	return out, nil
}

// recordAttendance evaluates and stores the check-in of nip as RecordAttendance describes;
// re-uploads are answered by the store.
func (a *App) recordAttendance(ctx context.Context, nip string, in domain.CheckIn, officeID string) (Record, error) {
	emp, err := a.checkIn.Employee(ctx, nip)
	switch {
	case errors.Is(err, directory.ErrNotFound):
		return Record{}, errs.New(errs.FailedPrecondition,
			"employee %s is not in the attendance service's copy of the employee directory; only employees registered in planning check in (a new registration arrives within seconds)",
			nip).WithReason(ReasonNotInDirectory)
	case err != nil:
		return Record{}, err
	case !emp.Active():
		return Record{}, errs.New(errs.FailedPrecondition,
			"employee %s is %s, not active in the city; only active employees check in", nip, emp.Status).WithReason(ReasonNotActive)
	}
	office, err := a.checkInOffice(ctx, emp, officeID, in)
	if err != nil {
		return Record{}, err
	}
	exp, err := a.expectationAt(ctx, emp, office, in)
	if err != nil {
		return Record{}, err
	}
	p := a.policy
	if office.Geofence != "" {
		p.OutsideGeofence = office.Geofence
	}
	res, err := domain.EvaluateCheckIn(p, exp, office.Office, in, a.now())
	if err != nil {
		return Record{}, recordFields(err)
	}
	rec := storedForm(Record{Employee: nip, Office: office.ID, In: in, Result: res}, office.TimeZone)
	var ev Event = CheckedIn{Record: rec}
	if rec.In.Kind == domain.CheckKindOut {
		ev = CheckedOut{Record: rec}
	}
	return a.repo.CommitRecord(ctx, rec, ev, AuditEntry{Resource: RecordName(nip, in.ClientID), Detail: recordDetail(rec)})
}

// ListAttendanceRecords returns employee nip's check-ins and check-outs whose working date is
// from from to to (both included, at most MaxRecordRangeDays apart), in device-time order. The
// caller must be allowed to see the employee.
func (a *App) ListAttendanceRecords(ctx context.Context, nip string, from, to domain.Date) ([]Record, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case from.IsZero():
		return nil, errs.Invalidf("start_date", "is required")
	case to.IsZero():
		return nil, errs.Invalidf("end_date", "is required")
	case to.Before(from):
		return nil, errs.Invalidf("end_date", "must not be before start_date %s, got %s", from, to)
	case from.DaysUntil(to) > MaxRecordRangeDays:
		return nil, errs.Invalidf("end_date", "must be at most %d days after start_date %s, got %s (%d days)", MaxRecordRangeDays, from, to, from.DaysUntil(to))
	}
	if _, err := a.employeeFor(ctx, g, nip); err != nil {
		return nil, err
	}
	return a.repo.ListRecords(ctx, nip, from, to)
}

// checkInOffice returns the office named by id, which must belong to emp's agency, or, when id
// is empty, the office of emp's agency nearest to the check-in's position.
func (a *App) checkInOffice(ctx context.Context, emp directory.Employee, id string, in domain.CheckIn) (Office, error) {
	if id != "" {
		o, err := a.repo.GetOffice(ctx, id)
		if e, ok := errs.As(err); ok && e.Kind == errs.NotFound {
			return Office{}, errs.Invalidf("record.office", "office %q does not exist", id)
		}
		if err != nil {
			return Office{}, err
		}
		if o.Agency != emp.Agency {
			return Office{}, errs.Invalidf("record.office", "office %s belongs to agency %s; employee %s checks in at an office of agency %s",
				OfficeName(id), o.Agency, emp.NIP, emp.Agency)
		}
		return o, nil
	}
	var (
		nearest Office
		best    = -1.0
	)
	for after := ""; ; {
		page, err := a.repo.ListOffices(ctx, emp.Agency, after, officePage)
		if err != nil {
			return Office{}, err
		}
		for _, o := range page {
			if d := domain.Distance(o.Lat, o.Lon, in.Lat, in.Lon); best < 0 || d < best {
				nearest, best = o, d
			}
		}
		if len(page) < officePage {
			break
		}
		after = page[len(page)-1].ID
	}
	if best < 0 {
		return Office{}, errs.Invalidf("record.office", "agency %s has no office to check in at yet; its HR registers one with CreateOffice", emp.Agency)
	}
	return nearest, nil
}

// expectationAt returns what the calendar expects of emp for a check-in at office: the working
// day its device time belongs to in the office's zone. Calendar.ExpectedAt weighs the day
// before too (App.Expectation gives the roster of both), so a night shift's check-out belongs
// to the day the shift began.
func (a *App) expectationAt(ctx context.Context, emp directory.Employee, office Office, in domain.CheckIn) (domain.Expectation, error) {
	day := domain.DateOf(in.DeviceTime.In(office.TimeZone.Location()))
	_, ec, err := a.Expectation(ctx, emp, day)
	if err != nil {
		return domain.Expectation{}, err
	}
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return domain.Expectation{}, err
	}
	ec.Office, ec.TimeZone = office.ID, office.TimeZone
	exp := cal.ExpectedAt(ec, in.DeviceTime, in.Kind)
	if exp.Working {
		// Approved leave turns the day's outcome into "on leave".
		lt, ok, err := a.leaveOn(ctx, emp.NIP, exp.Date)
		if err != nil {
			return domain.Expectation{}, err
		}
		if ok {
			exp = exp.WithLeave(string(lt))
		}
	}
	return exp, nil
}

// storedForm returns r as the store gives it back: times in UTC to the microsecond, the
// attendance time in the office's zone. The first answer to an upload is then identical to
// every later one.
func storedForm(r Record, zone domain.TimeZone) Record {
	micro := func(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }
	r.In.DeviceTime = micro(r.In.DeviceTime)
	r.Result.Kind = r.In.Kind
	r.Result.ReceivedAt = micro(r.Result.ReceivedAt)
	r.Result.AttendanceTime = r.In.DeviceTime.In(zone.Location())
	r.Result.LeaveType = "" // not kept: the outcome says on leave, the leave request says which
	return r
}

// recordFields prefixes the fields an error names with "record.", keeping its kind, reason and
// message, so that a domain refusal names record.device_time like the request does.
func recordFields(err error) error {
	e, ok := errs.As(err)
	if !ok || len(e.Violations) == 0 {
		return err
	}
	if e.Kind == errs.Invalid {
		return errs.Prefix("record", err)
	}
	out := *e
	out.Violations = make([]errs.FieldViolation, len(e.Violations))
	for i, v := range e.Violations {
		out.Violations[i] = errs.FieldViolation{Field: "record." + v.Field, Description: v.Description}
	}
	return &out
}

// recordDetail says in a line what a record means, for the audit trail.
func recordDetail(r Record) string {
	var b strings.Builder
	what := "check-in"
	if r.In.Kind == domain.CheckKindOut {
		what = "check-out"
	}
	fmt.Fprintf(&b, "%s at %s for %s: %s", what, OfficeName(r.Office), r.Result.Date, r.Result.Outcome)
	switch {
	case r.Result.LateMinutes > 0:
		fmt.Fprintf(&b, " by %d min", r.Result.LateMinutes)
	case r.Result.EarlyMinutes > 0:
		fmt.Fprintf(&b, " by %d min", r.Result.EarlyMinutes)
	}
	if r.Result.OutsideGeofence {
		fmt.Fprintf(&b, ", outside the geofence (%.0f m)", r.Result.DistanceMeters)
	}
	if r.Result.LateSynced {
		fmt.Fprintf(&b, ", uploaded late at %s", r.Result.ReceivedAt.Format(time.RFC3339))
	}
	return b.String()
}
