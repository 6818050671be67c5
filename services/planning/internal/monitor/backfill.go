package monitor

import (
	"context"
	"fmt"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// The back-fill: a plan approved mid-year has targets whose facts happened before planning
// followed them (or before this deployment kept facts at all). For each (source, agency, year)
// of an active target that plan_backfills does not list, the source's API is read once for the
// year so far and every fact no event wrote yet is inserted (store.FactsOn: ON CONFLICT DO
// NOTHING, so an event's row is never overwritten by an older read), its event id
// "backfill:<rpc>:<key>". A failing back-fill is logged and tried again after backfillRetry;
// it never holds up the consumers or the measuring.

// backfillRetry is how long a failed back-fill waits before it is tried again.
const backfillRetry = 30 * time.Second

// Backfill reads what the active targets still need from their sources (nil clients are
// skipped: their kinds are refused by the plan workflow) and reports how many it completed.
func (m *Monitor) Backfill(ctx context.Context) int {
	f := store.FactsOn(m.o.DB)
	wanted, err := f.BackfillsWanted(ctx)
	if err != nil {
		m.log.Warn("reading the back-fills due", "error", err)
		return 0
	}
	done := 0
	for _, w := range wanted {
		if until, ok := m.backfillWait[w]; ok && m.now().Before(until) {
			continue
		}
		var err error
		switch w.Source {
		case "training":
			if m.o.Clients.Training == nil {
				continue
			}
			err = m.backfillTraining(ctx, f, w)
		case "attendance":
			if m.o.Clients.Attendance == nil {
				continue
			}
			err = m.backfillAttendance(ctx, f, w)
		case "evaluation":
			if m.o.Clients.Evaluation == nil {
				continue
			}
			err = m.backfillEvaluation(ctx, f, w)
		default:
			continue
		}
		if err == nil {
			err = f.RecordBackfill(ctx, w.Source, w.Agency, w.Year, m.now())
		}
		if err != nil {
			m.backfillWait[w] = m.now().Add(backfillRetry)
			m.metrics.failures.WithLabelValues("backfill_" + w.Source).Inc()
			m.log.Warn("back-filling the work plans' facts; will retry", "source", w.Source, "agency", w.Agency, "year", w.Year, "error", err, "retry_in", backfillRetry)
			continue
		}
		delete(m.backfillWait, w)
		m.log.Info("back-filled the work plans' facts", "source", w.Source, "agency", w.Agency, "year", w.Year)
		done++
	}
	return done
}

// backfillRecorded is how a back-filled fact is recorded: read with rpc, key naming the record.
func (m *Monitor) backfillRecorded(rpc, key string, occur time.Time) store.Recorded {
	now := m.now()
	if occur.IsZero() {
		occur = now
	}
	return store.Recorded{EventID: "backfill:" + rpc + ":" + key, Subject: rpc, Occur: occur, At: now}
}

// backfillTraining reads the JP of the agency's employees who earned any in the year
// (ListEmployeeJP, then GetJPLedger for each; a session's programme, which the ledger does not
// name, from GetEnrolment and GetSession) and the agency's placements (ListPlacements).
func (m *Monitor) backfillTraining(ctx context.Context, f store.Facts, w store.BackfillWanted) error {
	c := m.o.Clients.Training
	var earners []*trainingv1.EmployeeJP
	for token := ""; ; {
		resp, err := c.ListEmployeeJP(ctx, &trainingv1.ListEmployeeJPRequest{Agency: w.Agency, Year: int32(w.Year), PageSize: 5000, PageToken: token})
		if err != nil {
			return fmt.Errorf("ListEmployeeJP(%q, %d): %w", w.Agency, w.Year, err)
		}
		for _, e := range resp.GetEmployees() {
			if e.GetEarned() > 0 {
				earners = append(earners, e)
			}
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	programmes := map[string]string{} // session → programme id
	for _, e := range earners {
		l, err := c.GetJPLedger(ctx, &trainingv1.GetJPLedgerRequest{Employee: e.GetEmployee(), Year: int32(w.Year)})
		if err != nil {
			return fmt.Errorf("GetJPLedger(%s, %d): %w", e.GetEmployee(), w.Year, err)
		}
		for _, x := range l.GetEntries() {
			if !x.GetEarned() || x.GetReference() == "" {
				continue
			}
			var occur time.Time
			if d, err := domain.ParseDate(x.GetEndDate()); err == nil {
				occur = d.Time
			}
			j := store.JPFact{Reference: x.GetReference(), Employee: e.GetEmployee(), Agency: e.GetAgency(), Year: w.Year, JP: int(x.GetJp()),
				Source: x.GetSource(), Title: x.GetTitle()}
			if x.GetSource() == "session" {
				if j.Programme, err = m.sessionProgramme(ctx, x.GetReference(), programmes); err != nil {
					return err
				}
			}
			if err := f.PutJP(ctx, j, m.backfillRecorded("GetJPLedger", x.GetReference(), occur)); err != nil {
				return err
			}
		}
	}
	for token := ""; ; {
		resp, err := c.ListPlacements(ctx, &trainingv1.ListPlacementsRequest{Agency: w.Agency, PageSize: 1000, PageToken: token})
		if err != nil {
			return fmt.Errorf("ListPlacements(%q): %w", w.Agency, err)
		}
		for _, p := range resp.GetPlacements() {
			state := map[trainingv1.PlacementState]string{trainingv1.PlacementState_PLACEMENT_STATE_ACTIVE: "started",
				trainingv1.PlacementState_PLACEMENT_STATE_COMPLETED: "completed", trainingv1.PlacementState_PLACEMENT_STATE_WITHDRAWN: "withdrawn"}[p.GetState()]
			if state == "" {
				continue
			}
			r := m.backfillRecorded("ListPlacements", p.GetName(), occurred(p.GetUpdateTime(), time.Time{}))
			if err := f.PutInternship(ctx, placementFact(p, state, r), r); err != nil {
				return err
			}
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	return nil
}

// sessionProgramme returns the programme id of enrolment's session (GetEnrolment, then
// GetSession once per session, cached in programmes), which the ledger does not name. An
// enrolment or session training no longer has leaves the programme empty; training being away
// is an error (the back-fill is tried again).
func (m *Monitor) sessionProgramme(ctx context.Context, enrolment string, programmes map[string]string) (string, error) {
	c := m.o.Clients.Training
	e, err := c.GetEnrolment(ctx, &trainingv1.GetEnrolmentRequest{Name: enrolment})
	if err != nil {
		return "", gone(err, "GetEnrolment("+enrolment+")")
	}
	session := e.GetEnrolment().GetSession()
	if p, ok := programmes[session]; ok {
		return p, nil
	}
	s, err := c.GetSession(ctx, &trainingv1.GetSessionRequest{Name: session})
	if err != nil {
		return "", gone(err, "GetSession("+session+")")
	}
	p := strings.TrimPrefix(s.GetSession().GetProgramme(), "programmes/")
	programmes[session] = p
	return p, nil
}

// gone returns nil for a read refused for good (not found, not allowed, not understood: the
// fact is kept without what the read would add) and the error, named by what, otherwise.
func gone(err error, what string) error {
	switch status.Code(err) {
	case codes.NotFound, codes.PermissionDenied, codes.InvalidArgument, codes.Unimplemented:
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// backfillAttendance reads each active employee's closed days of the year up to yesterday
// (ListDailyStatuses; the employees are the registry's, of the agency or the whole city) and,
// while the year runs, today's check-ins (ListAttendanceRecords).
func (m *Monitor) backfillAttendance(ctx context.Context, f store.Facts, w store.BackfillWanted) error {
	now := m.now()
	from, to := domain.YearToDate(w.Year, now)
	if to == "" {
		return nil // the year has not begun: nothing to read
	}
	today := domain.MeasureDay(now)
	closedTo := to
	if to == today {
		closedTo = domain.MeasureDay(now.AddDate(0, 0, -1))
	}
	nips, err := m.o.Store.ActiveNIPs(ctx, w.Agency)
	if err != nil {
		return err
	}
	c := m.o.Clients.Attendance
	for _, nip := range nips {
		if closedTo >= from {
			resp, err := c.ListDailyStatuses(ctx, &attendancev1.ListDailyStatusesRequest{Parent: "employees/" + nip, StartDate: from, EndDate: closedTo})
			if err != nil {
				return fmt.Errorf("ListDailyStatuses(%s): %w", nip, err)
			}
			for _, s := range resp.GetDailyStatuses() {
				d, ok, err := closedDayFact(ctx, f, s)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				if err := f.PutDay(ctx, d, m.backfillRecorded("ListDailyStatuses", nip+":"+s.GetDate(), time.Time{})); err != nil {
					return err
				}
			}
		}
		if to != today {
			continue
		}
		resp, err := c.ListAttendanceRecords(ctx, &attendancev1.ListAttendanceRecordsRequest{Parent: "employees/" + nip, StartDate: today, EndDate: today})
		if err != nil {
			return fmt.Errorf("ListAttendanceRecords(%s): %w", nip, err)
		}
		for _, rec := range resp.GetRecords() {
			if rec.GetKind() != attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN {
				continue
			}
			r := m.backfillRecorded("ListAttendanceRecords", nip+":"+today, occurred(rec.GetDeviceTime(), time.Time{}))
			if rec.GetEmployee() == "" {
				rec.Employee = nip
			}
			d, err := checkInFact(ctx, f, rec, r)
			if err != nil {
				return err
			}
			if err := f.PutDay(ctx, d, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// backfillEvaluation reads the agency's SKPs of the year (ListSkps): one approved at least once
// (revision > 0) is recorded approved at its last change, one with an annual rating finalised
// at its last change with the predicate in force; then each SKP's feedback (ListFeedback, one
// call per SKP), the holder's replies left out as the events' are.
func (m *Monitor) backfillEvaluation(ctx context.Context, f store.Facts, w store.BackfillWanted) error {
	c := m.o.Clients.Evaluation
	var skps []*evaluationv1.Skp
	for token := ""; ; {
		resp, err := c.ListSkps(ctx, &evaluationv1.ListSkpsRequest{Agency: w.Agency, Year: int32(w.Year), PageSize: 1000, PageToken: token})
		if err != nil {
			return fmt.Errorf("ListSkps(%q, %d): %w", w.Agency, w.Year, err)
		}
		skps = append(skps, resp.GetSkps()...)
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	for _, s := range skps {
		id := strings.TrimPrefix(s.GetName(), "skps/")
		at := occurred(s.GetUpdateTime(), m.now())
		fact := store.SkpFact{Skp: id, Employee: s.GetEmployee(), Agency: s.GetAgency(), Year: int(s.GetYear())}
		if s.GetRevision() > 0 || s.GetState() == evaluationv1.SkpState_SKP_STATE_APPROVED {
			fact.Approved = at
		}
		if s.GetAnnualState() != evaluationv1.AnnualRatingState_ANNUAL_RATING_STATE_UNSPECIFIED {
			fact.Finalised, fact.Predicate = at, predicateName(s.GetAnnualPredicate())
		}
		if !fact.Approved.IsZero() || !fact.Finalised.IsZero() {
			if err := f.PutSkp(ctx, fact, m.backfillRecorded("ListSkps", id, at)); err != nil {
				return err
			}
		}
		resp, err := c.ListFeedback(ctx, &evaluationv1.ListFeedbackRequest{Parent: s.GetName()})
		if err != nil {
			return fmt.Errorf("ListFeedback(%s): %w", s.GetName(), err)
		}
		for _, fb := range resp.GetFeedback() {
			if fb.GetKind() == evaluationv1.FeedbackKind_FEEDBACK_KIND_REPLY {
				continue
			}
			r := m.backfillRecorded("ListFeedback", fb.GetName(), occurred(fb.GetCreateTime(), time.Time{}))
			if err := f.PutFeedback(ctx, feedbackFact(s.GetName(), s.GetEmployee(), s.GetAgency(), fb, r), r); err != nil {
				return err
			}
		}
	}
	return nil
}
