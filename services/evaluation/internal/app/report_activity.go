package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// FeedbackActivityReport is the feedback activity of a period: one row per appraiser, those who
// gave no feedback and no dialogue first, then by agency and NIP.
type FeedbackActivityReport struct {
	Year   int
	Period domain.SubPeriod
	Rows   []FeedbackActivity
}

// GetFeedbackActivityReport returns, for period of year (the one running today, or for a year
// over its last, domain.ReportPeriod, when empty), one row per appraiser of the SKPs in force
// during it (approved at least once and covering some of its days): how many such SKPs they
// appraise, how many feedback entries and dialogues they wrote on them in the period (by the
// entries' time in Medan) and how many of them got neither (issue 11 §4: "supervisors who gave
// none this period"). Agency heads' SKPs, appraised by city HR, are not in it. The year must be
// open; a period it does not have is an Invalid error naming period.
func (a *App) GetFeedbackActivityReport(ctx context.Context, year int, period, agency string) (FeedbackActivityReport, error) {
	agency, err := reportScope(ctx, year, agency)
	if err != nil {
		return FeedbackActivityReport{}, err
	}
	p, err := a.repo.Period(ctx, year)
	if err != nil {
		return FeedbackActivityReport{}, err
	}
	sp := domain.ReportPeriod(p, a.today())
	if period != "" {
		var ok bool
		if sp, ok = p.SubPeriod(period); !ok {
			ids := make([]string, 0, 12)
			for _, s := range p.SubPeriods() {
				ids = append(ids, s.ID)
			}
			return FeedbackActivityReport{}, errs.Invalidf("period", "%d is evaluated %s: want one of %v, got %q", year, p.Cadence, ids, period)
		}
	}
	from, to, err := periodInstants(sp)
	if err != nil {
		return FeedbackActivityReport{}, err
	}
	rows, err := a.repo.ReportFeedbackActivity(ctx, FeedbackActivityQuery{Year: year, Agency: agency, Period: sp, From: from, To: to})
	if err != nil {
		return FeedbackActivityReport{}, err
	}
	silent := func(r FeedbackActivity) int {
		if r.Feedback+r.Dialogues == 0 {
			return 0
		}
		return 1
	}
	slices.SortFunc(rows, func(x, y FeedbackActivity) int {
		return cmp.Or(cmp.Compare(silent(x), silent(y)), cmp.Compare(x.Agency, y.Agency), cmp.Compare(x.Appraiser, y.Appraiser))
	})
	return FeedbackActivityReport{Year: year, Period: sp, Rows: rows}, nil
}

// periodInstants are the first instant of s's first day and of the day after its last, in
// Medan, as unix microseconds.
func periodInstants(s domain.SubPeriod) (from, to int64, err error) {
	start, err := time.ParseInLocation(time.DateOnly, s.Start, wib)
	if err != nil {
		return 0, 0, err
	}
	end, err := time.ParseInLocation(time.DateOnly, s.End, wib)
	if err != nil {
		return 0, 0, err
	}
	return database.Micros(start), database.Micros(end.AddDate(0, 0, 1)), nil
}
