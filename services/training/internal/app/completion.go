package app

// Completion (issue 10 §2): a seat holder's outcome, the JP it credits, the certificate it
// earns, corrections of it, and the session's close once every seat holder has one.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Completion is an enrolment after its outcome was recorded, with its certificate when the
// programme certifies and the outcome is a pass (nil otherwise).
type Completion struct {
	Enrolment   domain.Enrolment
	Certificate *domain.IssuedCertificate
}

// CompleteEnrolment records the outcome of enrolment id — passed, failed or did not finish —
// with score (0 to 100, -1 for none), if etag (when given) is current. HR of the session's
// agency or city HR, after the session has started, for a seat holder only.
//
// A pass needs the attendance rule (domain.Attendance.CheckPass: attendance recorded, and
// present on at least Policy.PassAttendancePercent of the recorded days). It credits the
// programme's JP in the year the session ends (event jp.credited) and, for a programme that
// certifies, issues a certificate numbered in the issue year's sequence and signed with the
// service's key (event certificate.issued).
//
// An outcome already recorded is corrected the same way (domain.Enrolment.Correct). From passed
// to failed or did not finish, the JP credited is taken back (event jp.reversed with the
// credit's fields; the JP ledger, computed from outcomes, drops it by itself) and the
// certificate revoked (event certificate.revoked). Back to passed, the JP is credited again
// (jp.credited) and the same certificate reinstated, published as certificate.issued once more
// with its old number. No enrolment ever gets a second certificate number.
func (a *App) CompleteEnrolment(ctx context.Context, id string, outcome domain.EnrolmentState, score int, etag string) (Completion, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Completion{}, err
	}
	e, err := a.repo.GetEnrolment(ctx, id)
	if errs.IsKind(err, errs.NotFound) {
		return Completion{}, resource.ChangeMissing(g, EnrolmentName(id), err)
	}
	if err != nil {
		return Completion{}, err
	}
	s, err := a.sessionForChange(ctx, g, a.repo, e.Session)
	if err != nil {
		return Completion{}, cannotComplete(g, id, err)
	}
	p, err := a.repo.GetProgramme(ctx, s.Programme)
	if err != nil {
		return Completion{}, err
	}
	// The holder's name, read before the transaction (the directory copy is another read, and
	// on SQLite a transaction waiting for a second connection while holding the write lock
	// would stall every other writer); its error counts only when a certificate is issued.
	var holder holderName
	if p.Certificate {
		holder.name, holder.err = a.certificateHolder(ctx, e.Employee)
	}
	var out Completion
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.GetEnrolment(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(EnrolmentName(id), etag, cur.Version); err != nil {
			return err
		}
		now := a.now()
		var next domain.Enrolment
		corrected := cur.State.Finished()
		if corrected {
			var changed bool
			if next, changed, err = cur.Correct(outcome, score, now); err != nil {
				return err
			}
			if !changed {
				out.Enrolment = cur
				return a.currentCertificate(ctx, tx, &out)
			}
		} else if next, err = cur.Complete(s, outcome, score, now); err != nil {
			return err
		}
		if next.State == domain.Passed && cur.State != domain.Passed {
			att, err := tx.EnrolmentAttendance(ctx, id)
			if err != nil {
				return err
			}
			if err := att.CheckPass(a.policy.PassAttendancePercent); err != nil {
				return err
			}
		}
		if err := tx.UpdateEnrolment(ctx, next); err != nil {
			return err
		}
		out.Enrolment = next
		audits := []AuditEntry{{Resource: EnrolmentName(id), Detail: outcomeDetail(cur, next, corrected)}}
		switch {
		case next.State == domain.Passed && cur.State != domain.Passed:
			more, err := a.credit(ctx, tx, s, p, next, holder, &out)
			if err != nil {
				return err
			}
			audits = append(audits, more...)
		case cur.State == domain.Passed && next.State != domain.Passed:
			more, err := a.revoke(ctx, tx, s, p, cur, next, g.Subject, &out)
			if err != nil {
				return err
			}
			audits = append(audits, more...)
		default:
			if err := a.currentCertificate(ctx, tx, &out); err != nil {
				return err
			}
		}
		out.Enrolment.CertificateNumber = ""
		if out.Certificate != nil {
			out.Enrolment.CertificateNumber = out.Certificate.Number
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return Completion{}, err
	}
	return out, nil
}

// cannotComplete turns the refusal of a change to the session into one about the enrolment the
// caller named, so a caller without reach learns nothing of the session.
func cannotComplete(g auth.Grant, id string, err error) error {
	if errs.IsKind(err, errs.PermissionDenied) || errs.IsKind(err, errs.NotFound) {
		return resource.ChangeMissing(g, EnrolmentName(id), errs.NotFoundf("enrolment %q does not exist", id))
	}
	return err
}

// outcomeDetail says what the audit trail records of an outcome.
func outcomeDetail(cur, next domain.Enrolment, corrected bool) string {
	if corrected {
		return fmt.Sprintf("outcome corrected from %s%s to %s%s", cur.State, scoreText(cur.Score), next.State, scoreText(next.Score))
	}
	return fmt.Sprintf("completed: %s%s", next.State, scoreText(next.Score))
}

func scoreText(score int) string {
	if score < 0 {
		return ", no score"
	}
	return fmt.Sprintf(", score %d", score)
}

// credit records what a pass earns: the JP (event) and, for a programme that certifies, the
// certificate — reinstated if an earlier correction revoked it, issued otherwise.
func (a *App) credit(ctx context.Context, tx Tx, s domain.Session, p domain.Programme, e domain.Enrolment, holder holderName, out *Completion) ([]AuditEntry, error) {
	loc, err := sessionZone(s)
	if err != nil {
		return nil, err
	}
	jp, err := sessionCredit(s, p, e)
	if err != nil {
		return nil, err
	}
	if err := tx.Emit(ctx, jp); err != nil {
		return nil, err
	}
	if !p.Certificate {
		return nil, nil
	}
	now := a.now()
	old, ok, err := tx.CertificateOfEnrolment(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	if ok {
		c, err := old.Reinstate(now)
		if err != nil {
			return nil, err
		}
		if err := tx.UpdateCertificate(ctx, c); err != nil {
			return nil, err
		}
		out.Certificate = &c
		return []AuditEntry{{Resource: CertificateName(c.Number), Detail: "reinstated: the outcome was corrected back to passed"}},
			tx.Emit(ctx, domain.CertificateIssued{Certificate: c, Reinstated: true})
	}
	if a.signer.Key == nil || a.signer.KeyID == "" {
		return nil, errNoSigner
	}
	if holder.err != nil {
		return nil, holder.err
	}
	year := now.In(loc).Year()
	seq, err := tx.NextCertificateSeq(ctx, year)
	if err != nil {
		return nil, err
	}
	number := domain.CertificateNumber(year, seq, domain.NewCheckCode())
	cert, _ := domain.IssueCertificate(e, p, s, loc, number, e.Employee, holder.name, now)
	c := domain.SignCertificate(cert, year, seq, e, s, e.Agency, a.signer.KeyID, a.signer.Key, now)
	if err := tx.KeepCertificateKey(ctx, a.signer.KeyID, a.signerPublic(), now); err != nil {
		return nil, err
	}
	if err := tx.InsertCertificate(ctx, c); err != nil {
		return nil, err
	}
	out.Certificate = &c
	return []AuditEntry{{Resource: CertificateName(c.Number), Detail: fmt.Sprintf("issued to %s for %s (%s to %s, %d JP), signed with key %s",
		c.Employee, EnrolmentName(e.ID), c.Start, c.End, c.JP, c.KeyID)}}, tx.Emit(ctx, domain.CertificateIssued{Certificate: c})
}

// holderName is the name a new certificate would carry, or why there is none.
type holderName struct {
	name string
	err  error
}

// certificateHolder returns the name a certificate of employee nip carries: the directory's
// display name (with titles). A certificate is never issued with a wrong or empty name: an
// employee the directory copy does not name refuses the pass until it does.
func (a *App) certificateHolder(ctx context.Context, nip string) (string, error) {
	emp, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, directory.ErrNotFound) || (err == nil && strings.TrimSpace(emp.DisplayName) == "") {
		return "", errs.Preconditionf("employee %s has no name in the directory copy yet; the certificate needs it: retry once planning's registry has reached this service", nip)
	}
	if err != nil {
		return "", err
	}
	return emp.DisplayName, nil
}

// sessionCredit is the JP a pass of enrolment e in session s of programme p credits
// (domain.SessionEntry: the programme's JP, in the year the session ends in its zone).
func sessionCredit(s domain.Session, p domain.Programme, e domain.Enrolment) (domain.JPCredited, error) {
	loc, err := sessionZone(s)
	if err != nil {
		return domain.JPCredited{}, err
	}
	e.State = domain.Passed
	entry, _ := domain.SessionEntry(e, s, p.JP, loc)
	return domain.JPCredited{Employee: e.Employee, Agency: e.Agency, Year: entry.Year, JP: entry.JP,
		Source: domain.FromSession, Ref: e.ID, Title: p.Title, Programme: p.ID}, nil
}

// revoke undoes what the pass of cur credited, now that a correction made it next (failed or
// did not finish): the JP (event jp.reversed, the same fields as the credit) and the
// certificate, if it has one (revoked, event certificate.revoked).
func (a *App) revoke(ctx context.Context, tx Tx, s domain.Session, p domain.Programme, cur, next domain.Enrolment, by string, out *Completion) ([]AuditEntry, error) {
	jp, err := sessionCredit(s, p, cur)
	if err != nil {
		return nil, err
	}
	if err := tx.Emit(ctx, domain.JPReversed(jp)); err != nil {
		return nil, err
	}
	old, ok, err := tx.CertificateOfEnrolment(ctx, next.ID)
	if err != nil || !ok {
		return nil, err
	}
	reason := fmt.Sprintf("the outcome was corrected to %s by %s", next.State, by)
	c, err := old.Revoke(reason, a.now())
	if err != nil {
		return nil, err
	}
	if err := tx.UpdateCertificate(ctx, c); err != nil {
		return nil, err
	}
	out.Certificate = nil
	return []AuditEntry{{Resource: CertificateName(c.Number), Detail: "revoked: " + reason}},
		tx.Emit(ctx, domain.CertificateRevoked{Certificate: c, Reason: reason})
}

// currentCertificate sets out's certificate to the enrolment's valid one, if any.
func (a *App) currentCertificate(ctx context.Context, tx Tx, out *Completion) error {
	c, ok, err := tx.CertificateOfEnrolment(ctx, out.Enrolment.ID)
	if err != nil {
		return err
	}
	if ok && c.State == domain.CertificateStateValid {
		out.Certificate = &c
	}
	return nil
}

// CompleteSession closes session id once every seat holder has an outcome (refused, naming how
// many lack one, before), if etag (when given) is current; event session.completed. HR of the
// session's agency or city HR.
func (a *App) CompleteSession(ctx context.Context, id, etag string) (domain.Session, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Session{}, err
	}
	if _, err := a.sessionForChange(ctx, g, a.repo, id); err != nil {
		return domain.Session{}, err
	}
	var out domain.Session
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.GetSession(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, s.Agency, SessionName(id), etag, s.Version); err != nil {
			return err
		}
		seats, err := tx.SessionEnrolments(ctx, id, domain.Enrolled, domain.Passed, domain.Failed, domain.DidNotFinish)
		if err != nil {
			return err
		}
		next, err := s.CompleteSession(seats, a.now())
		if err != nil {
			return err
		}
		if err := tx.UpdateSession(ctx, next); err != nil {
			return err
		}
		counts := map[domain.EnrolmentState]int{}
		for _, e := range seats {
			counts[e.State]++
		}
		out = next
		if err := tx.Emit(ctx, domain.SessionCompleted{Session: next}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: SessionName(id), Detail: fmt.Sprintf("completed: %d passed, %d failed, %d did not finish",
			counts[domain.Passed], counts[domain.Failed], counts[domain.DidNotFinish])})
	})
	if err != nil {
		return domain.Session{}, err
	}
	return out, nil
}

// errNoSigner is the deployment's mistake of issuing certificates without a signing key.
var errNoSigner = errors.New("no certificate signing key is configured")
