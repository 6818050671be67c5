package app

// Continuous feedback (issue 11 §2): the appraiser and the supervisors above the holder give
// feedback at any time; the holder sees every entry about them at once — there is no draft and
// no delay — and may reply; the appraiser records performance dialogues. Each entry is
// announced (FeedbackGiven) and audited in the unit that writes it.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// FeedbackName is the resource name of entry id of SKP skp's thread,
// "skps/{skp}/feedback/{id}".
func FeedbackName(skp, id string) string { return SkpName(skp) + "/feedback/" + id }

// FeedbackID returns the SKP and entry ids of name ("skps/{id}/feedback/{feedback}"), or an
// Invalid error naming field.
func FeedbackID(name, field string) (skp, id string, err error) {
	i := strings.LastIndex(name, "/feedback/")
	if i < 0 {
		return "", "", errs.Invalidf(field, "must look like skps/{id}/feedback/{feedback}, got %q", name)
	}
	skpName, id := name[:i], name[i+len("/feedback/"):]
	if skp, err = resource.NameID(skpName, "skps/", "", field); err != nil {
		return "", "", errs.Invalidf(field, "must look like skps/{id}/feedback/{feedback}, got %q", name)
	}
	if _, err := resource.NameID(id, "", "", field); err != nil {
		return "", "", errs.Invalidf(field, "must look like skps/{id}/feedback/{feedback}, got %q", name)
	}
	return skp, id, nil
}

// GiveFeedback adds feedback on SKP skpID from its appraiser or a supervisor above its holder
// — never the holder — on one of its work results, a behaviour or the work in general
// (domain.ValidateFeedback). It falls in the year's period containing today
// (domain.FeedbackPeriod) and is visible to the holder as soon as it is stored.
func (a *App) GiveFeedback(ctx context.Context, skpID string, f domain.Feedback) (domain.Feedback, error) {
	s, g, err := a.readSkp(ctx, skpID)
	if err != nil {
		return domain.Feedback{}, err
	}
	if err := a.requireFeedbackGiver(ctx, g, s); err != nil {
		return domain.Feedback{}, err
	}
	f = f.Normalised()
	if err := domain.ValidateFeedback(f, s); err != nil {
		return domain.Feedback{}, errs.Prefix("feedback", err)
	}
	year, err := fbYear(ctx, a.repo, s)
	if err != nil {
		return domain.Feedback{}, err
	}
	f.Kind, f.ReplyTo, f.DialogueDate, f.AgreedActions = domain.KindFeedback, "", "", nil
	f.Period = domain.FeedbackPeriod(year, a.today())
	about := "the work in general"
	switch {
	case f.ResultID != "":
		about = "work result " + f.ResultID
	case f.Behaviour != "":
		about = "behaviour " + string(f.Behaviour)
	}
	return a.addToThread(ctx, g, s, f, "feedback given on "+about)
}

// requireFeedbackGiver refuses anyone but SKP s's appraiser and the supervisors above its
// holder in the directory; the holder never gives feedback on their own SKP.
func (a *App) requireFeedbackGiver(ctx context.Context, g auth.Grant, s domain.Skp) error {
	if g.Subject == s.Employee {
		return errs.Deniedf("%s holds %s: the holder replies to feedback and does not give it", g.Subject, SkpName(s.ID))
	}
	if g.Subject == s.Appraiser {
		return nil
	}
	under, err := a.dir.IsUnder(ctx, g.Subject, s.Employee)
	if err != nil {
		return err
	}
	if !under {
		return errs.Deniedf("only the appraiser of %s (%s) and the supervisors above its holder give feedback; the caller is %s",
			SkpName(s.ID), s.Appraiser, g.Subject)
	}
	return nil
}

// ReplyToFeedback adds the holder's reply to entry feedbackID of SKP skpID's thread: feedback
// or a dialogue, not another reply (domain.ValidateReply). The holder only.
func (a *App) ReplyToFeedback(ctx context.Context, skpID, feedbackID, text string) (domain.Feedback, error) {
	s, g, err := a.readSkp(ctx, skpID)
	if err != nil {
		return domain.Feedback{}, err
	}
	if err := requireHolder(g, s); err != nil {
		return domain.Feedback{}, err
	}
	to, err := a.repo.FeedbackEntry(ctx, s.ID, feedbackID)
	if err != nil {
		return domain.Feedback{}, err
	}
	f := domain.Feedback{Text: text}.Normalised()
	if err := domain.ValidateReply(f.Text, to); err != nil {
		return domain.Feedback{}, err
	}
	year, err := fbYear(ctx, a.repo, s)
	if err != nil {
		return domain.Feedback{}, err
	}
	f.Kind, f.ReplyTo, f.Period = domain.KindReply, to.ID, domain.FeedbackPeriod(year, a.today())
	return a.addToThread(ctx, g, s, f, "reply to "+FeedbackName(s.ID, to.ID))
}

// RecordDialogue records a performance dialogue held with SKP skpID's holder: its date in the
// SKP's year and not in the future, a summary and up to 20 agreed actions
// (domain.ValidateDialogue). It falls in the period of its date. The appraiser only (city HR for
// an agency head).
func (a *App) RecordDialogue(ctx context.Context, skpID string, f domain.Feedback) (domain.Feedback, error) {
	s, g, err := a.readSkp(ctx, skpID)
	if err != nil {
		return domain.Feedback{}, err
	}
	if err := requireAppraiser(g, s); err != nil {
		return domain.Feedback{}, err
	}
	f = f.Normalised()
	if err := domain.ValidateDialogue(f, s, a.today()); err != nil {
		return domain.Feedback{}, errs.Prefix("feedback", err)
	}
	year, err := fbYear(ctx, a.repo, s)
	if err != nil {
		return domain.Feedback{}, err
	}
	f.Kind, f.ReplyTo, f.Period = domain.KindDialogue, "", domain.FeedbackPeriod(year, f.DialogueDate)
	return a.addToThread(ctx, g, s, f, fmt.Sprintf("dialogue of %s recorded with %d agreed actions", f.DialogueDate, len(f.AgreedActions)))
}

// addToThread stores entry f of SKP s by the caller of g, announces it and audits it with
// detail.
func (a *App) addToThread(ctx context.Context, g auth.Grant, s domain.Skp, f domain.Feedback, detail string) (domain.Feedback, error) {
	name, err := a.authorName(ctx, g.Subject)
	if err != nil {
		return domain.Feedback{}, err
	}
	if f.ID, err = fbNewID(); err != nil {
		return domain.Feedback{}, err
	}
	f.Skp, f.Author, f.AuthorName, f.Created = s.ID, g.Subject, name, a.now()
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertFeedback(ctx, f); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.FeedbackGiven{Feedback: f, Employee: s.Employee, Agency: s.Agency}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: FeedbackName(s.ID, f.ID), Detail: detail})
	})
	if err != nil {
		return domain.Feedback{}, err
	}
	return f, nil
}

// authorName is nip's name in the directory; "" for an account that is not an employee (city
// HR's).
func (a *App) authorName(ctx context.Context, nip string) (string, error) {
	e, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, errDirectoryNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return e.DisplayName, nil
}

// ListFeedback returns SKP skpID's thread, of period only when it is not empty, oldest first:
// the holder sees every entry about them, as does whoever may see the SKP.
func (a *App) ListFeedback(ctx context.Context, skpID, period string) ([]domain.Feedback, error) {
	s, _, err := a.readSkp(ctx, skpID)
	if err != nil {
		return nil, err
	}
	if err := a.checkListPeriod(ctx, s, period); err != nil {
		return nil, err
	}
	return a.repo.FeedbackThread(ctx, s.ID, period)
}

// fbNewID is a random id of 16 hex characters (crypto/rand), for feedback entries and peer
// forms: unguessable, so a form's name tells nothing of another's.
func fbNewID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making an id: %w", err)
	}
	return hex.EncodeToString(b), nil
}
