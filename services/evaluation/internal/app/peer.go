package app

// Peer input (360) on behaviour (issue 11 §2, §4): the appraiser asks colleagues of the holder's
// agency for a period; each rater sees and submits only their own form; everyone who may see
// the SKP, the holder included, reads only the aggregate, shown from 3 respondents. A form that
// is not the caller's is refused exactly like one that does not exist, and no score ever goes to
// the audit trail.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// PeerFormName is the resource name of form id, "peerForms/{id}".
func PeerFormName(id string) string { return "peerForms/" + id }

// PeerFormID returns the id of name ("peerForms/{id}"), or an Invalid error naming field.
func PeerFormID(name, field string) (string, error) {
	return resource.NameID(name, "peerForms/", "", field)
}

// RequestPeerInput asks raters for peer input on SKP skpID's holder in period: a period of the
// year that has started; 3 to 10 distinct active colleagues of the holder's agency, never the
// holder nor the appraiser (domain.ValidateRaters). Raters already asked for that SKP and period
// are skipped; it returns the forms made. The appraiser only.
func (a *App) RequestPeerInput(ctx context.Context, skpID, period string, raters []string) ([]domain.PeerForm, error) {
	s, g, err := a.readSkp(ctx, skpID)
	if err != nil {
		return nil, err
	}
	if err := requireAppraiser(g, s); err != nil {
		return nil, err
	}
	period = strings.TrimSpace(period)
	if err := a.checkPeerPeriod(ctx, s, period, true); err != nil {
		return nil, err
	}
	found, err := a.raters(ctx, raters)
	if err != nil {
		return nil, err
	}
	if err := domain.ValidateRaters(found, s); err != nil {
		return nil, err
	}
	var made []domain.PeerForm
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		made = nil
		asked, err := tx.PeerFormsOfSkp(ctx, s.ID, period)
		if err != nil {
			return err
		}
		already := map[string]bool{}
		for _, f := range asked {
			already[f.Rater] = true
		}
		for _, r := range found {
			if already[r.NIP] {
				continue
			}
			id, err := fbNewID()
			if err != nil {
				return err
			}
			f := domain.NewPeerForm(id, s, period, r.NIP, g.Subject, a.now())
			if err := tx.InsertPeerForm(ctx, f); err != nil {
				return err
			}
			made = append(made, f)
			if err := tx.Audit(ctx, AuditEntry{Resource: PeerFormName(id),
				Detail: fmt.Sprintf("peer input asked on %s for %s", SkpName(s.ID), period)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return made, nil
}

// raters reads the proposed raters from the directory.
func (a *App) raters(ctx context.Context, nips []string) ([]domain.Rater, error) {
	out := make([]domain.Rater, len(nips))
	for i, nip := range nips {
		nip = strings.TrimSpace(nip)
		out[i] = domain.Rater{NIP: nip}
		if nip == "" {
			continue
		}
		e, err := a.dir.Employee(ctx, nip)
		if errors.Is(err, errDirectoryNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[i] = domain.Rater{NIP: nip, Known: true, Active: e.Active(), Agency: e.Agency}
	}
	return out, nil
}

// checkPeerPeriod checks that period is one of SKP s's year, and when started is set that it
// has started: an Invalid error naming period.
func (a *App) checkPeerPeriod(ctx context.Context, s domain.Skp, period string, started bool) error {
	year, err := fbYear(ctx, a.repo, s)
	if err != nil {
		return err
	}
	sp, ok := year.SubPeriod(period)
	switch {
	case period == "":
		return errs.Invalidf("period", "is required: one of the %s periods of %d", year.Cadence, year.Year)
	case !ok:
		return errs.Invalidf("period", "%q is not a period of %d, which is evaluated %s", period, year.Year, year.Cadence)
	case started && sp.Start > a.today():
		return errs.Invalidf("period", "period %s of %d has not started: it starts on %s", period, year.Year, sp.Start)
	}
	return nil
}

// ListPeerForms returns the forms the caller was asked to fill as a rater, in state only when
// it is not empty, pending first. Each shows whom it rates, never the other raters.
func (a *App) ListPeerForms(ctx context.Context, state domain.PeerFormState) ([]domain.PeerForm, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	return a.repo.PeerFormsOfRater(ctx, g.Subject, state)
}

// SubmitPeerForm submits form id with a score of 1–5 for each of the seven behaviours and a
// comment (PeerForm.Submit), once. Only its rater: anyone else is refused the same way for a
// real form and a made-up id.
func (a *App) SubmitPeerForm(ctx context.Context, id string, scores []domain.BehaviourScore, comment string) (domain.PeerForm, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.PeerForm{}, err
	}
	var out domain.PeerForm
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		f, err := tx.PeerForm(ctx, id)
		if errs.IsKind(err, errs.NotFound) || (err == nil && f.Rater != g.Subject) {
			return notYourPeerForm(g, id)
		}
		if err != nil {
			return err
		}
		if out, err = f.Submit(scores, comment, a.now()); err != nil {
			return err
		}
		if err := tx.UpdatePeerForm(ctx, out); err != nil {
			return err
		}
		// The detail says nothing of the scores or the comment.
		return tx.Audit(ctx, AuditEntry{Resource: PeerFormName(id), Detail: "peer form submitted"})
	})
	if err != nil {
		return domain.PeerForm{}, err
	}
	return out, nil
}

// notYourPeerForm is the refusal of a form that is not the caller's, the same whether it exists
// or not.
func notYourPeerForm(g auth.Grant, id string) error {
	return errs.Deniedf("%s may not fill %s: a peer form is filled by the rater it was sent to", g.Subject, PeerFormName(id))
}

// GetPeerSummary returns the aggregate of the peer input on SKP skpID's holder in period: how
// many were asked and answered, and from 3 respondents the mean score per behaviour
// (domain.SummarizePeer) — never a rater, a comment or a single form. For whoever may see the
// SKP.
func (a *App) GetPeerSummary(ctx context.Context, skpID, period string) (domain.PeerSummary, error) {
	s, _, err := a.readSkp(ctx, skpID)
	if err != nil {
		return domain.PeerSummary{}, err
	}
	period = strings.TrimSpace(period)
	if err := a.checkPeerPeriod(ctx, s, period, false); err != nil {
		return domain.PeerSummary{}, err
	}
	forms, err := a.repo.PeerFormsOfSkp(ctx, s.ID, period)
	if err != nil {
		return domain.PeerSummary{}, err
	}
	return domain.SummarizePeer(s.ID, period, forms), nil
}
