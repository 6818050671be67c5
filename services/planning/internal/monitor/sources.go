package monitor

import (
	"context"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/bus"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// The events each source's consumer records, by subject without the deployment's prefix.

var trainingHandlers = map[string]factHandler{
	"simpeg.training.jp.credited":         jpCredited,
	"simpeg.training.jp.reversed":         jpReversed,
	"simpeg.training.placement.started":   placement("started"),
	"simpeg.training.placement.completed": placement("completed"),
	"simpeg.training.placement.withdrawn": placement("withdrawn"),
}

var attendanceHandlers = map[string]factHandler{
	"simpeg.attendance.attendance.checked_in": checkedIn,
	"simpeg.attendance.day.closed":            dayClosed,
}

var evaluationHandlers = map[string]factHandler{
	"simpeg.evaluation.skp.approved":            skpApproved,
	"simpeg.evaluation.annual_rating.finalised": ratingFinal,
	"simpeg.evaluation.objection.decided":       ratingFinal,
	"simpeg.evaluation.feedback.given":          feedbackGiven,
}

// jpFact is the fact of a JP credit or its reversal (jp 0).
func jpFact(ctx context.Context, f store.Facts, employee, agency string, year, jp int, src, ref, title, programme string) (store.JPFact, error) {
	agency, err := agencyOf(ctx, f, agency, employee)
	return store.JPFact{Reference: ref, Employee: employee, Agency: agency, Year: year, JP: jp, Source: src,
		Programme: strings.TrimPrefix(programme, "programmes/"), Title: title}, err
}

func jpCredited(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	e := &trainingv1.JPCredited{}
	if err := decode(m, e); err != nil {
		return err
	}
	j, err := jpFact(ctx, f, e.GetEmployee(), e.GetAgency(), int(e.GetYear()), int(e.GetJp()), e.GetSource(), e.GetReference(), e.GetTitle(), e.GetProgramme())
	if err != nil {
		return err
	}
	return f.PutJP(ctx, j, r)
}

func jpReversed(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	e := &trainingv1.JPReversed{}
	if err := decode(m, e); err != nil {
		return err
	}
	j, err := jpFact(ctx, f, e.GetEmployee(), e.GetAgency(), int(e.GetYear()), 0, e.GetSource(), e.GetReference(), e.GetTitle(), e.GetProgramme())
	if err != nil {
		return err
	}
	return f.PutJP(ctx, j, r)
}

// placement records a placement's state. Its year is the completion's (the event's time in
// Asia/Jakarta) once completed or withdrawn, the start date's while it runs.
func placement(state string) factHandler {
	return func(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
		var p *trainingv1.Placement
		switch state {
		case "started":
			e := &trainingv1.PlacementStarted{}
			if err := decode(m, e); err != nil {
				return err
			}
			p = e.GetPlacement()
		case "completed":
			e := &trainingv1.PlacementCompleted{}
			if err := decode(m, e); err != nil {
				return err
			}
			p = e.GetPlacement()
		default:
			e := &trainingv1.PlacementWithdrawn{}
			if err := decode(m, e); err != nil {
				return err
			}
			p = e.GetPlacement()
		}
		pf := placementFact(p, state, r)
		r.Occur = occurred(p.GetUpdateTime(), r.Occur)
		return f.PutInternship(ctx, pf, r)
	}
}

func placementFact(p *trainingv1.Placement, state string, r store.Recorded) store.InternshipFact {
	participant := p.GetEmployee()
	if participant == "" {
		participant = p.GetParticipantName()
	}
	year := domain.MeasureYear(occurred(p.GetUpdateTime(), r.Occur))
	if state == "started" && len(p.GetStartDate()) >= 4 {
		fmt.Sscanf(p.GetStartDate()[:4], "%d", &year)
	}
	return store.InternshipFact{Placement: p.GetName(), Participant: participant, Agency: p.GetAgency(), Year: year, State: state}
}

func checkedIn(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	e := &attendancev1.CheckedIn{}
	if err := decode(m, e); err != nil {
		return err
	}
	rec := e.GetRecord()
	if rec.GetKind() != attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN {
		return nil
	}
	d, err := checkInFact(ctx, f, rec, r)
	if err != nil {
		return err
	}
	r.Occur = occurred(rec.GetDeviceTime(), r.Occur)
	return f.PutDay(ctx, d, r)
}

func checkInFact(ctx context.Context, f store.Facts, rec *attendancev1.AttendanceRecord, r store.Recorded) (store.DayFact, error) {
	day := rec.GetWorkDate()
	if day == "" {
		day = domain.MeasureDay(occurred(rec.GetDeviceTime(), r.Occur))
	}
	agency, err := f.EmployeeAgency(ctx, rec.GetEmployee())
	return store.DayFact{Employee: rec.GetEmployee(), Day: day, Agency: agency, Status: store.DayCheckedIn}, err
}

// dayStatuses are attendance's closed days as plan_fact_days keeps them.
var dayStatuses = map[attendancev1.DayStatus]string{
	attendancev1.DayStatus_DAY_STATUS_PRESENT:  store.DayPresent,
	attendancev1.DayStatus_DAY_STATUS_ON_LEAVE: store.DayOnLeave,
	attendancev1.DayStatus_DAY_STATUS_HOLIDAY:  store.DayHoliday,
	attendancev1.DayStatus_DAY_STATUS_ABSENT:   store.DayAbsent,
}

func dayClosed(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	e := &attendancev1.DayClosed{}
	if err := decode(m, e); err != nil {
		return err
	}
	d, ok, err := closedDayFact(ctx, f, e.GetDailyStatus())
	if err != nil || !ok {
		return err
	}
	return f.PutDay(ctx, d, r)
}

func closedDayFact(ctx context.Context, f store.Facts, s *attendancev1.DailyStatus) (store.DayFact, bool, error) {
	status, ok := dayStatuses[s.GetStatus()]
	if !ok || s.GetDate() == "" {
		return store.DayFact{}, false, nil
	}
	agency, err := f.EmployeeAgency(ctx, s.GetEmployee())
	return store.DayFact{Employee: s.GetEmployee(), Day: s.GetDate(), Agency: agency, Status: status}, true, err
}

func skpApproved(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	e := &evaluationv1.SkpApproved{}
	if err := decode(m, e); err != nil {
		return err
	}
	s := e.GetSkp()
	agency, err := agencyOf(ctx, f, s.GetAgency(), s.GetEmployee())
	if err != nil {
		return err
	}
	at := occurred(s.GetUpdateTime(), r.Occur)
	r.Occur = at
	return f.PutSkp(ctx, store.SkpFact{Skp: strings.TrimPrefix(s.GetName(), "skps/"), Employee: s.GetEmployee(), Agency: agency,
		Year: int(s.GetYear()), Approved: at}, r)
}

// ratingFinal records a final annual rating: finalised by the appraiser, or decided on an
// objection (the decided rating replaces the finalised one).
func ratingFinal(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	var a *evaluationv1.AnnualRating
	if strings.HasSuffix(m.Subject, "objection.decided") {
		e := &evaluationv1.ObjectionDecided{}
		if err := decode(m, e); err != nil {
			return err
		}
		a = e.GetAnnualRating()
		r.Occur = occurred(a.GetObjection().GetDecideTime(), occurred(a.GetFinaliseTime(), r.Occur))
	} else {
		e := &evaluationv1.AnnualRatingFinalised{}
		if err := decode(m, e); err != nil {
			return err
		}
		a = e.GetAnnualRating()
		r.Occur = occurred(a.GetFinaliseTime(), r.Occur)
	}
	agency, err := agencyOf(ctx, f, a.GetAgency(), a.GetEmployee())
	if err != nil {
		return err
	}
	skp := strings.TrimSuffix(strings.TrimPrefix(a.GetName(), "skps/"), "/annualRating")
	return f.PutSkp(ctx, store.SkpFact{Skp: skp, Employee: a.GetEmployee(), Agency: agency, Year: int(a.GetYear()),
		Finalised: r.Occur, Predicate: predicateName(a.GetRating().GetPredicate())}, r)
}

// predicateName is the predicate's name in lower case, e.g. "baik"; "" when not given.
func predicateName(p evaluationv1.Predicate) string {
	if p == evaluationv1.Predicate_PREDICATE_UNSPECIFIED {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(p.String(), "PREDICATE_"))
}

// feedbackGiven records a supervisor's feedback or a dialogue on an SKP; the holder's replies
// are not feedback given to them.
func feedbackGiven(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error {
	e := &evaluationv1.FeedbackGiven{}
	if err := decode(m, e); err != nil {
		return err
	}
	fb := e.GetFeedback()
	if fb.GetKind() == evaluationv1.FeedbackKind_FEEDBACK_KIND_REPLY {
		return nil
	}
	agency, err := agencyOf(ctx, f, e.GetAgency(), e.GetEmployee())
	if err != nil {
		return err
	}
	ff := feedbackFact(e.GetSkp(), e.GetEmployee(), agency, fb, r)
	r.Occur = occurred(fb.GetCreateTime(), r.Occur)
	return f.PutFeedback(ctx, ff, r)
}

// feedbackFact is entry fb on SKP skp ("skps/{id}", whose id begins with its year) of
// employee: given on the dialogue's date, or the day it was written (Asia/Jakarta).
func feedbackFact(skp, employee, agency string, fb *evaluationv1.Feedback, r store.Recorded) store.FeedbackFact {
	id := strings.TrimPrefix(skp, "skps/")
	day := fb.GetDialogueDate()
	if day == "" {
		day = domain.MeasureDay(occurred(fb.GetCreateTime(), r.Occur))
	}
	year := 0
	if len(id) >= 4 {
		fmt.Sscanf(id[:4], "%d", &year)
	}
	if year == 0 && len(day) >= 4 {
		fmt.Sscanf(day[:4], "%d", &year)
	}
	return store.FeedbackFact{Feedback: fb.GetName(), Skp: id, Employee: employee, Agency: agency, Year: year, Day: day}
}
