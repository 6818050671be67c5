package store

// The internship area's placements and logbooks (migrations/00004_internship.sql).

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

const placementCols = `id, cohort, kind, employee, participant_name, student_number, institution, study_programme, agency, unit,
	mentor, start_date, end_date, state, jp, score, passed, notes, assessed_by, reason, finish_time, version, create_time, update_time`

func scanPlacement(sc database.Scanner) (domain.Placement, error) {
	var p domain.Placement
	var start, end string
	var passed int
	var finished, created, updated int64
	s := &p.Student
	if err := sc.Scan(&p.ID, &p.Cohort, &p.Kind, &p.Employee, &p.Name, &s.Number, &s.Institution, &s.StudyProgramme, &p.Agency, &p.Unit,
		&p.Mentor, &start, &end, &p.State, &p.JP, &p.Score, &passed, &p.Notes, &p.Assessor, &p.Reason, &finished,
		&p.Version, &created, &updated); err != nil {
		return p, err
	}
	var err error
	if p.Start, err = internParseDate(start); err != nil {
		return p, err
	}
	if p.End, err = internParseDate(end); err != nil {
		return p, err
	}
	p.Passed = passed == 1
	if p.Kind == domain.ParticipantStudent {
		s.Name = p.Name
	}
	p.Finished, p.Created, p.Updated = internInstant(finished), database.FromMicros(created), database.FromMicros(updated)
	return p, nil
}

// internBool is the schema's 0 or 1.
func internBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// GetPlacement returns placement id.
func (r reader) GetPlacement(ctx context.Context, id string) (domain.Placement, error) {
	return database.Get(ctx, r.q, "placement", errs.NotFoundf("placement %s not found", id), scanPlacement,
		`SELECT `+placementCols+` FROM internship_placements WHERE id = $1`+r.q.Lock, id)
}

// ListPlacements lists the placements q selects in id order after the id after.
func (r reader) ListPlacements(ctx context.Context, q app.PlacementQuery, after string, limit int) ([]domain.Placement, error) {
	args := []any{after}
	where := `id > $1`
	for _, f := range []struct{ col, v string }{
		{"cohort", q.Cohort}, {"agency", q.Agency}, {"mentor", q.Mentor}, {"employee", q.Employee}, {"state", string(q.State)},
	} {
		if f.v != "" {
			where += ` AND ` + f.col + ` = ` + internArg(&args, f.v)
		}
	}
	if q.Involving != "" {
		n := internArg(&args, q.Involving)
		where += ` AND (employee = ` + n + ` OR mentor = ` + n + `)`
	}
	out, err := database.Query(ctx, r.q, scanPlacement,
		`SELECT `+placementCols+` FROM internship_placements WHERE `+where+` ORDER BY id LIMIT `+internArg(&args, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("listing placements: %w", err)
	}
	return out, nil
}

// CountPlacements counts agency's placements in cohort that hold a seat.
func (t *txn) CountPlacements(ctx context.Context, cohort, agency string) (int, error) {
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM internship_placements WHERE cohort = $1 AND agency = $2 AND state <> $3`,
		cohort, agency, domain.PlacementStateWithdrawn).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting placements: %w", err)
	}
	return n, nil
}

// InsertPlacement stores a new placement.
func (t *txn) InsertPlacement(ctx context.Context, p domain.Placement, createdBy string) error {
	s := p.Student
	_, err := t.q.ExecContext(ctx, `INSERT INTO internship_placements (`+placementCols+`, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
		p.ID, p.Cohort, p.Kind, p.Employee, p.Name, s.Number, s.Institution, s.StudyProgramme, p.Agency, p.Unit,
		p.Mentor, internDate(p.Start), internDate(p.End), p.State, p.JP, p.Score, internBool(p.Passed), p.Notes, p.Assessor, p.Reason,
		internMicros(p.Finished), p.Version, database.Micros(p.Created), database.Micros(p.Updated), createdBy)
	return database.CheckInserted(err, "placement", errs.Existsf("%s is already placed in cohort %s", p.Participant(), p.Cohort))
}

// UpdatePlacement stores p over its previous version: the fields an assessment or a withdrawal
// changes.
func (t *txn) UpdatePlacement(ctx context.Context, p domain.Placement) error {
	return database.CheckUpdated(t.q.ExecContext(ctx, `UPDATE internship_placements SET state = $2, jp = $3, score = $4, passed = $5,
		notes = $6, assessed_by = $7, reason = $8, finish_time = $9, version = $10, update_time = $11 WHERE id = $1 AND version = $12`,
		p.ID, p.State, p.JP, p.Score, internBool(p.Passed), p.Notes, p.Assessor, p.Reason, internMicros(p.Finished), p.Version,
		database.Micros(p.Updated), p.Version-1))
}

const logbookCols = `id, placement, date, activities, minutes, outcome, author, review, review_comment, reviewer, review_time,
	version, create_time, update_time`

func scanLogbookEntry(sc database.Scanner) (domain.LogbookEntry, error) {
	var e domain.LogbookEntry
	var date string
	var minutes int
	var reviewed, created, updated int64
	if err := sc.Scan(&e.ID, &e.Placement, &date, &e.Activities, &minutes, &e.Outcome, &e.Author, &e.Review, &e.Comment, &e.Reviewer,
		&reviewed, &e.Version, &created, &updated); err != nil {
		return e, err
	}
	var err error
	if e.Date, err = internParseDate(date); err != nil {
		return e, err
	}
	e.Hours = float64(minutes) / 60
	e.Reviewed, e.Created, e.Updated = internInstant(reviewed), database.FromMicros(created), database.FromMicros(updated)
	return e, nil
}

// GetLogbookEntry returns logbook entry id.
func (r reader) GetLogbookEntry(ctx context.Context, id string) (domain.LogbookEntry, error) {
	return database.Get(ctx, r.q, "logbook entry", errs.NotFoundf("logbook entry %s not found", id), scanLogbookEntry,
		`SELECT `+logbookCols+` FROM internship_logbook WHERE id = $1`+r.q.Lock, id)
}

// ListLogbookEntries lists a placement's entries in date order after the date after.
func (r reader) ListLogbookEntries(ctx context.Context, placement, after string, limit int) ([]domain.LogbookEntry, error) {
	out, err := database.Query(ctx, r.q, scanLogbookEntry,
		`SELECT `+logbookCols+` FROM internship_logbook WHERE placement = $1 AND date > $2 ORDER BY date LIMIT $3`, placement, after, limit)
	if err != nil {
		return nil, fmt.Errorf("listing logbook entries: %w", err)
	}
	return out, nil
}

// CohortLogbookCounts counts the logbook entries of each placement of cohort by review state.
func (r reader) CohortLogbookCounts(ctx context.Context, cohort string) (map[string]map[domain.LogbookReview]int, error) {
	out := map[string]map[domain.LogbookReview]int{}
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var placement string
		var review domain.LogbookReview
		var n int
		if err := sc.Scan(&placement, &review, &n); err != nil {
			return err
		}
		if out[placement] == nil {
			out[placement] = map[domain.LogbookReview]int{}
		}
		out[placement][review] = n
		return nil
	}, `SELECT l.placement, l.review, COUNT(*) FROM internship_logbook l JOIN internship_placements p ON p.id = l.placement
		WHERE p.cohort = $1 GROUP BY l.placement, l.review`, cohort)
	if err != nil {
		return nil, fmt.Errorf("counting logbook entries: %w", err)
	}
	return out, nil
}

// InsertLogbookEntry stores a new logbook entry.
func (t *txn) InsertLogbookEntry(ctx context.Context, e domain.LogbookEntry) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO internship_logbook (`+logbookCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.ID, e.Placement, internDate(e.Date), e.Activities, e.Minutes(), e.Outcome, e.Author, e.Review, e.Comment, e.Reviewer,
		internMicros(e.Reviewed), e.Version, database.Micros(e.Created), database.Micros(e.Updated))
	return database.CheckInserted(err, "logbook entry", errs.Existsf("placement %s already has a logbook entry for %s", e.Placement, internDate(e.Date)))
}

// UpdateLogbookEntry stores e's review over its previous version.
func (t *txn) UpdateLogbookEntry(ctx context.Context, e domain.LogbookEntry) error {
	return database.CheckUpdated(t.q.ExecContext(ctx, `UPDATE internship_logbook SET review = $2, review_comment = $3, reviewer = $4,
		review_time = $5, version = $6, update_time = $7 WHERE id = $1 AND version = $8`,
		e.ID, e.Review, e.Comment, e.Reviewer, internMicros(e.Reviewed), e.Version, database.Micros(e.Updated), e.Version-1))
}
