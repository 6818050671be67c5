package app

// Internship logbooks (issue 10 §5: "periodic logbook entries by the participant, mentor
// reviews"): an employee participant writes their own entries; a student has no account in the
// city's sign-in, so their mentor writes the entries on the student's behalf. The mentor reviews
// each entry. Whoever sees the placement reads its logbook.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// LogbookEntryName is the resource name of logbook entry id of placement.
func LogbookEntryName(placement, id string) string {
	return PlacementName(placement) + "/logbookEntries/" + id
}

// CreateLogbookEntry records an entry in placement in.Placement's logbook: by the participant
// when an employee, by the mentor when a student (who has no account). The placement is active,
// the date within its dates and not in the future, one entry per date
// (domain.ValidateLogbookEntry). The entry waits for the mentor's review.
func (a *App) CreateLogbookEntry(ctx context.Context, in domain.LogbookEntry) (domain.LogbookEntry, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	in.ID = id.String()
	in.Activities, in.Outcome = strings.TrimSpace(in.Activities), strings.TrimSpace(in.Outcome)
	in.Author, in.Review, in.Comment, in.Reviewer, in.Reviewed = g.Subject, domain.LogbookPending, "", "", time.Time{}
	now := a.now()
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := a.placementFor(ctx, g, tx, in.Placement)
		if err != nil {
			return err
		}
		switch {
		case p.Kind == domain.ParticipantEmployee && g.Subject != p.Employee:
			return errs.Deniedf("%s may not write in %s's logbook: the participant writes their own", g.Subject, p.Employee)
		case p.Kind == domain.ParticipantStudent && g.Subject != p.Mentor:
			return errs.Deniedf("%s may not write in %s's logbook: a student has no account, so their mentor %s writes it", g.Subject, p.Student.Name, p.Mentor)
		}
		if err := domain.ValidateLogbookEntry(in, p, internToday(now)); err != nil {
			return err
		}
		in.Version, in.Created = 1, now.UTC()
		in.Updated = in.Created
		if err := tx.InsertLogbookEntry(ctx, in); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: LogbookEntryName(p.ID, in.ID), Detail: fmt.Sprintf("written: %s, %g hours", in.Date.Format(time.DateOnly), in.Hours)})
	})
	if err != nil {
		return domain.LogbookEntry{}, errs.Prefix("logbook_entry", err)
	}
	return in, nil
}

// ListLogbookEntries lists placement's logbook in date order, for a caller who sees the
// placement.
func (a *App) ListLogbookEntries(ctx context.Context, placement string, pageSize int, pageToken string) ([]domain.LogbookEntry, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	if _, err := a.placementFor(ctx, g, a.repo, placement); err != nil {
		return nil, "", err
	}
	after, size, err := internPage(pageSize, pageToken)
	if err != nil {
		return nil, "", err
	}
	out, err := a.repo.ListLogbookEntries(ctx, placement, after, size+1)
	if err != nil {
		return nil, "", err
	}
	if len(out) <= size {
		return out, "", nil
	}
	out = out[:size]
	return out, paging.Token(out[size-1].Date.Format(time.DateOnly)), nil
}

// LogbookReviewInput is a mentor's review of a logbook entry: approve it, or comment (the
// comment then required).
type LogbookReviewInput struct {
	Approve bool
	Comment string
}

// ReviewLogbookEntry records the mentor's review of logbook entry id of placement, if etag
// (when given) is current (domain.LogbookEntry.ReviewLogbook). Only the placement's mentor
// reviews.
func (a *App) ReviewLogbookEntry(ctx context.Context, placement, id, etag string, in LogbookReviewInput) (domain.LogbookEntry, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	now := a.now().UTC()
	name := LogbookEntryName(placement, id)
	var out domain.LogbookEntry
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := a.placementFor(ctx, g, tx, placement)
		if err != nil {
			return err
		}
		if g.Subject != p.Mentor {
			return errs.Deniedf("%s may not review %s: its mentor %s does", g.Subject, name, p.Mentor)
		}
		e, err := tx.GetLogbookEntry(ctx, id)
		if err == nil && e.Placement != placement {
			err = errs.NotFoundf("%s not found", name)
		}
		if err != nil {
			return err
		}
		if p.State == domain.PlacementStateWithdrawn {
			return errs.Preconditionf("%s was withdrawn: its logbook is closed", PlacementName(placement))
		}
		if err := resource.CheckEtag(name, etag, e.Version); err != nil {
			return err
		}
		next, err := e.ReviewLogbook(in.Approve, in.Comment, g.Subject, now)
		if err != nil {
			return err
		}
		next.Updated = now
		if err := tx.UpdateLogbookEntry(ctx, next); err != nil {
			return err
		}
		out = next
		detail := "reviewed: " + string(next.Review)
		if next.Comment != "" {
			detail += ": " + next.Comment
		}
		return tx.Audit(ctx, AuditEntry{Resource: name, Detail: detail})
	})
	return out, err
}
