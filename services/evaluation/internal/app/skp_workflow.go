package app

// The SKP's workflow (PermenPANRB 6/2022): the holder proposes a draft or returned SKP, cascaded
// from the appraiser's SKP in force; the appraiser (city HR for an agency head) approves it with
// the behaviour expectations, each approval kept whole as a revision, or returns it with a
// comment; the holder revises an approved SKP, which stays in force until the change is
// approved; HR closes one before the year's end.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// ProposeSkp sends SKP id, a draft or returned one, to its appraiser. The holder only. It must
// be complete (a result at least, each with an indicator with a target), every result of a
// non-head must cascade from a result of the appraiser's SKP in force for the year, and a
// revision may not drop a result that an SKP in force of an appraisee cascades from. The
// refusals name the fields: skp.results[i].parent_result, skp.results.
func (a *App) ProposeSkp(ctx context.Context, id, etag string) (domain.Skp, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return s, err
	}
	if err := requireHolder(g, s); err != nil {
		return s, err
	}
	var out domain.Skp
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Skp(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(SkpName(id), etag, cur.Version); err != nil {
			return err
		}
		if out, err = cur.Propose(a.now().UTC()); err != nil {
			return errs.Prefix("skp", err)
		}
		if err := checkParents(ctx, tx, out); err != nil {
			return err
		}
		if err := checkDependants(ctx, tx, out); err != nil {
			return err
		}
		if err := tx.UpdateSkp(ctx, out); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.SkpProposedEvent{Skp: out}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: SkpName(id), Detail: fmt.Sprintf("proposed to %s with %d results", appraiserOf(out), len(out.Results))})
	})
	return out, err
}

// appraiserOf names who approves s.
func appraiserOf(s domain.Skp) string {
	if s.AgencyHead {
		return "city HR (agency head)"
	}
	return s.Appraiser
}

// checkParents refuses s unless every result traces to its appraiser's SKP in force, naming
// skp.results[i].parent_result (or skp.results[i].plan_reference for an agency head).
func checkParents(ctx context.Context, tx Tx, s domain.Skp) error {
	parent, found, err := skpInForce(ctx, tx, s.Appraiser, s.Year)
	if err != nil {
		return err
	}
	breaks := domain.Trace(s, parent, found)
	if len(breaks) == 0 {
		return nil
	}
	field := "parent_result"
	if s.AgencyHead {
		field = "plan_reference"
	}
	var v errs.Violations
	for _, b := range breaks {
		if b.Index >= 0 {
			v.Add(fmt.Sprintf("skp.results[%d].%s", b.Index, field), "%s", b.Reason)
			continue
		}
		for i := range s.Results {
			v.Add(fmt.Sprintf("skp.results[%d].%s", i, field), "%s", b.Reason)
		}
	}
	return v.Err()
}

// checkDependants refuses a revision of s that drops a result an appraisee's SKP in force
// cascades from, naming the result and those SKPs.
func checkDependants(ctx context.Context, tx Tx, s domain.Skp) error {
	if !s.Approved {
		return nil
	}
	children, err := tx.SkpsAppraisedBy(ctx, s.Employee, s.Year)
	if err != nil {
		return err
	}
	deps := domain.Dependants(s, s.Results, children)
	if len(deps) == 0 {
		return nil
	}
	ids := make([]string, 0, len(deps))
	for r := range deps {
		ids = append(ids, r)
	}
	sort.Strings(ids)
	var v errs.Violations
	for _, r := range ids {
		names := make([]string, len(deps[r]))
		for i, c := range deps[r] {
			names[i] = SkpName(c)
		}
		v.Add("skp.results", "result %s is removed, but %s cascade from it: they are re-cascaded first", r, strings.Join(names, ", "))
	}
	return v.Err()
}

// ApproveSkp approves SKP id, a proposed one, with the appraiser's expectations of the behaviours
// (behaviours not given keep theirs), if etag (when given) is current. The appraiser only (city
// HR for an agency head). The cascading is checked again (the appraiser's SKP may have changed
// since the proposal: a FailedPrecondition saying why). The approval is kept whole as revision
// n, never overwritten.
func (a *App) ApproveSkp(ctx context.Context, id, etag string, expectations []domain.BehaviourExpectation) (domain.Skp, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return s, err
	}
	if err := requireAppraiser(g, s); err != nil {
		return s, err
	}
	var out domain.Skp
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Skp(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(SkpName(id), etag, cur.Version); err != nil {
			return err
		}
		now := a.now().UTC()
		if out, err = cur.Approve(expectations, now); err != nil {
			return err
		}
		if err := checkParents(ctx, tx, out); err != nil {
			return errs.Preconditionf("%s no longer cascades from its appraiser's SKP: %v; return it to its holder", SkpName(id), err)
		}
		if err := tx.UpdateSkp(ctx, out); err != nil {
			return err
		}
		if err := tx.InsertSkpRevision(ctx, domain.SkpRevision{Skp: out, Revision: out.Revision, ApprovedBy: g.Subject, Approved: now}); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.SkpApprovedEvent{Skp: out}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: SkpName(id), Detail: fmt.Sprintf("approved: revision %d", out.Revision)})
	})
	return out, err
}

// ReturnSkp returns SKP id, a proposed one, to its holder with comment (3 to 4000 characters),
// if etag (when given) is current. The appraiser only (city HR for an agency head).
func (a *App) ReturnSkp(ctx context.Context, id, etag, comment string) (domain.Skp, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return s, err
	}
	if err := requireAppraiser(g, s); err != nil {
		return s, err
	}
	return a.changeSkp(ctx, id, etag, func(cur domain.Skp) (domain.Skp, error) {
		return cur.Return(comment, a.now().UTC())
	}, func(out domain.Skp) (domain.Event, string) {
		return domain.SkpReturnedEvent{Skp: out}, "returned: " + out.ReturnComment
	})
}

// ReviseSkp reopens SKP id, an approved one, as a draft for a change, if etag (when given) is
// current. The holder only. The SKP stays approved: in force for ratings and as a parent while
// the change is drafted; the next approval is its next revision.
func (a *App) ReviseSkp(ctx context.Context, id, etag string) (domain.Skp, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return s, err
	}
	if err := requireHolder(g, s); err != nil {
		return s, err
	}
	return a.changeSkp(ctx, id, etag, func(cur domain.Skp) (domain.Skp, error) {
		return cur.Revise(a.now().UTC())
	}, func(out domain.Skp) (domain.Event, string) {
		return nil, fmt.Sprintf("revising: a draft again, revision %d stays in force", out.Revision)
	})
}

// CloseSkp closes SKP id in any state but closed, today (WIB) being its end date, for reason (3
// to 1000 characters), if etag (when given) is current: the employee left service or a long
// absence. Agency HR of its agency or city HR. Its ratings so far are kept.
func (a *App) CloseSkp(ctx context.Context, id, etag, reason string) (domain.Skp, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return s, err
	}
	if err := resource.RequireReach(g, s.Agency); err != nil {
		return s, err
	}
	return a.changeSkp(ctx, id, etag, func(cur domain.Skp) (domain.Skp, error) {
		return cur.Close(reason, a.today(), a.now().UTC())
	}, func(out domain.Skp) (domain.Event, string) {
		return domain.SkpClosedEvent{Skp: out}, fmt.Sprintf("closed on %s: %s", out.EndDate, out.ClosedReason)
	})
}

// changeSkp applies change to SKP id as stored, if etag (when given) is current, and stores it
// with the event (nil for none) and audit detail that done gives.
func (a *App) changeSkp(ctx context.Context, id, etag string, change func(domain.Skp) (domain.Skp, error),
	done func(domain.Skp) (domain.Event, string)) (domain.Skp, error) {
	var out domain.Skp
	err := a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Skp(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(SkpName(id), etag, cur.Version); err != nil {
			return err
		}
		if out, err = change(cur); err != nil {
			return err
		}
		if err := tx.UpdateSkp(ctx, out); err != nil {
			return err
		}
		ev, detail := done(out)
		if ev != nil {
			if err := tx.Emit(ctx, ev); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, AuditEntry{Resource: SkpName(id), Detail: detail})
	})
	return out, err
}
