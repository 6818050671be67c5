package app

// After finalisation (issue 11 §3; PP 30/2019 art. 59): the holder acknowledges their annual
// rating or objects within the policy's days; the appraiser's own supervisor (city HR when there
// is none) upholds or changes it, finally. Everything stays in the rating's history.

import (
	"context"
	"errors"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// AcknowledgeAnnualRating records that the holder of SKP id accepts their finalised annual
// rating. It announces AnnualRatingAcknowledged.
func (a *App) AcknowledgeAnnualRating(ctx context.Context, id string) (domain.AnnualRating, error) {
	return a.holderStep(ctx, id, "acknowledged", nil, func(_ domain.Skp, r *domain.AnnualRating, by string) (domain.Event, error) {
		if err := r.Acknowledge(by, a.now()); err != nil {
			return nil, err
		}
		return domain.AnnualRatingAcknowledged{Rating: *r}, nil
	})
}

// FileObjection files the holder's objection to SKP id's finalised annual rating, until its
// deadline (domain.AnnualRating.FileObjection). It goes to the appraiser's supervisor in the
// directory at filing; when the appraiser has none (or the holder heads their agency and city
// HR appraised them) city HR decides. It announces ObjectionFiled.
func (a *App) FileObjection(ctx context.Context, id, reason string) (domain.AnnualRating, error) {
	var decider string
	before := func(s domain.Skp) (err error) {
		decider, err = a.objectionDecider(ctx, s)
		return err
	}
	return a.holderStep(ctx, id, "objected", before, func(_ domain.Skp, r *domain.AnnualRating, by string) (domain.Event, error) {
		if err := r.FileObjection(by, reason, decider, a.today(), a.now()); err != nil {
			return nil, err
		}
		return domain.ObjectionFiled{Rating: *r}, nil
	})
}

// objectionDecider is who decides an objection to s's rating: its appraiser's directory
// supervisor, or "" (city HR) for an agency head's SKP or an appraiser without one.
func (a *App) objectionDecider(ctx context.Context, s domain.Skp) (string, error) {
	if s.AgencyHead || s.Appraiser == "" {
		return "", nil
	}
	e, err := a.dir.Employee(ctx, s.Appraiser)
	if err != nil && !errors.Is(err, errDirectoryNotFound) {
		return "", fmt.Errorf("reading appraiser %s from the directory: %w", s.Appraiser, err)
	}
	return e.Supervisor, nil
}

// holderStep runs step on SKP id's annual rating for its holder in one unit of work, emitting
// its event and auditing action. before, when set, runs first, outside the unit of work: it is
// where the directory is read (through the database: a read from inside the transaction would
// hold one pooled connection while waiting for another: with SIMPEG_DATABASE_MAX_CONNS=1, until the
// call's deadline).
func (a *App) holderStep(ctx context.Context, id, action string, before func(s domain.Skp) error,
	step func(s domain.Skp, r *domain.AnnualRating, by string) (domain.Event, error)) (domain.AnnualRating, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return domain.AnnualRating{}, err
	}
	if err := requireHolder(g, s); err != nil {
		return domain.AnnualRating{}, err
	}
	if before != nil {
		if err := before(s); err != nil {
			return domain.AnnualRating{}, err
		}
	}
	var out domain.AnnualRating
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.AnnualRating(ctx, id)
		if err != nil {
			return err
		}
		ev, err := step(s, &r, g.Subject)
		if err != nil {
			return err
		}
		out = r
		if err := tx.UpdateAnnualRating(ctx, r); err != nil {
			return err
		}
		if err := tx.Emit(ctx, ev); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: AnnualRatingName(id), Detail: action + " by the holder: " + r.History[len(r.History)-1].Note})
	})
	if err != nil {
		return domain.AnnualRating{}, err
	}
	return out, nil
}

// DecideObjection decides the objection to SKP id's annual rating, by its decider (the
// appraiser's supervisor named at filing), or city HR when it named none. Upholding keeps the
// rating; changing it needs a rating (domain.CheckDecision), held to the agency's bound with the
// rating it replaces taken out, for the holder's latest SKP. The decision is final (PP 30/2019
// art. 59). It announces ObjectionDecided with the rating in force.
func (a *App) DecideObjection(ctx context.Context, id string, d domain.Decision) (domain.AnnualRating, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return domain.AnnualRating{}, err
	}
	d, err = domain.CheckDecision(d)
	if err != nil {
		return domain.AnnualRating{}, err
	}
	var out domain.AnnualRating
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.AnnualRating(ctx, id)
		if err != nil {
			return err
		}
		if r.Objection == nil {
			return errs.Preconditionf("the annual rating of %s is %s: only an objected rating is decided", SkpName(id), r.State)
		}
		if err := requireDecider(g, r.Objection.Decider, id); err != nil {
			return err
		}
		before := r.Rating.Predicate
		if err := r.Decide(d, g.Subject, a.now()); err != nil {
			return err
		}
		if d.Change && s.Latest {
			b, err := a.boundedNow(ctx, tx, s.Year, s.Agency)
			if err != nil {
				return err
			}
			if err := b.CheckChange(before, r.Rating.Predicate); err != nil {
				return err
			}
		}
		out = r
		if err := tx.UpdateAnnualRating(ctx, r); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.ObjectionDecided{Rating: r}); err != nil {
			return err
		}
		step := r.History[len(r.History)-1]
		return tx.Audit(ctx, AuditEntry{Resource: AnnualRatingName(id), Detail: fmt.Sprintf("objection %s: %s (from %s); %s",
			step.Action, r.Rating.Predicate.Label(), before.Label(), d.Reason)})
	})
	if err != nil {
		return domain.AnnualRating{}, err
	}
	return out, nil
}

// requireDecider refuses anyone but the objection's decider, or city HR when it names none.
func requireDecider(g auth.Grant, decider, id string) error {
	if decider == "" {
		return requireCityAdmin(g, "decide the objection to "+AnnualRatingName(id)+" (its appraiser has no supervisor)")
	}
	if g.Subject != decider {
		return errs.Deniedf("only %s, the appraiser's supervisor, decides the objection to %s; the caller is %s", decider, AnnualRatingName(id), g.Subject)
	}
	return nil
}
