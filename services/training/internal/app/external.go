package app

// External training (issue 10 §2): training an employee attended on their own, recorded with
// evidence, counting toward the JP ledger once HR verifies it.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// ExternalTrainingName is the resource name of external training.
func ExternalTrainingName(id string) string { return "externalTrainings/" + id }

// ExternalListOptions filter and page ListExternalTrainings.
type ExternalListOptions struct {
	Employee  string
	Agency    string
	State     domain.ExternalState
	PageSize  int
	PageToken string
}

// easternmost is the country's easternmost zone (WIT, UTC+9). An external training's last day
// is checked against today there, so that no employee's today is refused as a future date.
var easternmost = time.FixedZone("WIT", 9*3600)

// CreateExternalTraining records external training of in.Employee (the caller when empty):
// title, provider, form, first and last day, minutes (a form counted in hours: JP computed at
// Policy.MinutesPerJP) or JP (other forms), and evidence ("documents/<id>" or an https://
// link). The employee records their own; HR of their agency or city HR anyone's. It waits for
// HR's verification and counts nothing until then.
func (a *App) CreateExternalTraining(ctx context.Context, in domain.External) (domain.External, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.External{}, err
	}
	if in.Employee == "" {
		in.Employee = g.Subject
	}
	emp, err := a.dir.Employee(ctx, in.Employee)
	if errors.Is(err, directory.ErrNotFound) {
		return domain.External{}, resource.SeesMissing(g, in.Employee, errs.NotFoundf("employee %s is not in the directory", in.Employee))
	}
	if err != nil {
		return domain.External{}, err
	}
	if err := resource.RequireSees(ctx, g, in.Employee, emp.Agency, a.dir.IsUnder); err != nil {
		return domain.External{}, err
	}
	now := a.now()
	x, err := domain.NewExternal(in, a.policy, now.In(easternmost))
	if err != nil {
		return domain.External{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.External{}, err
	}
	x.ID, x.Agency, x.SubmittedBy, x.Created, x.Updated = id.String(), emp.Agency, g.Subject, now, now
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertExternalTraining(ctx, x); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: ExternalTrainingName(x.ID), Detail: fmt.Sprintf(
			"recorded for %s: %q by %s, %s to %s, %d JP, evidence %s; awaiting verification",
			x.Employee, x.Title, x.Provider, x.Start.Format(time.DateOnly), x.End.Format(time.DateOnly), x.JP, x.Evidence)})
	})
	if err != nil {
		return domain.External{}, err
	}
	return x, nil
}

// VerifyExternalTraining records HR's decision on submitted external training id, if etag (when
// given) is current: approve verifies it — its JP counts from now on, in the year of its last
// day (event jp.credited) — and otherwise it is rejected with reason. HR of the employee's
// agency or city HR; nobody decides on their own training.
func (a *App) VerifyExternalTraining(ctx context.Context, id string, approve bool, reason, etag string) (domain.External, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.External{}, err
	}
	var out domain.External
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		x, err := tx.ExternalTraining(ctx, id)
		if errs.IsKind(err, errs.NotFound) {
			return resource.ChangeMissing(g, ExternalTrainingName(id), err)
		}
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, x.Agency, ExternalTrainingName(id), etag, x.Version); err != nil {
			return err
		}
		now := a.now()
		var detail string
		if approve {
			out, err = x.Verify(g.Subject, now)
			detail = fmt.Sprintf("verified by %s: %d JP count toward %d", g.Subject, x.JP, x.End.Year())
		} else {
			out, err = x.Reject(g.Subject, reason, now)
			detail = fmt.Sprintf("rejected by %s: %s", g.Subject, out.Reason)
		}
		if err != nil {
			return err
		}
		if err := tx.UpdateExternalTraining(ctx, out); err != nil {
			return err
		}
		if entry, ok := domain.ExternalEntry(out, time.UTC); ok {
			if err := tx.Emit(ctx, domain.JPCredited{Employee: out.Employee, Agency: out.Agency, Year: entry.Year, JP: out.JP,
				Source: domain.FromExternal, Ref: out.ID, Title: out.Title}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, AuditEntry{Resource: ExternalTrainingName(id), Detail: detail})
	})
	if err != nil {
		return domain.External{}, err
	}
	return out, nil
}

// ListExternalTrainings lists external training, newest first: of o.Employee, or of o.Agency's
// employees, in one state when o.State is set. An employee lists their own, a supervisor their
// own or a subordinate's, agency HR their agency's, city HR and auditors anyone's.
func (a *App) ListExternalTrainings(ctx context.Context, o ExternalListOptions) ([]domain.External, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	if o.State != "" && !o.State.Valid() {
		return nil, "", errs.Invalidf("state", "must be submitted, verified or rejected, got %q", o.State)
	}
	q := ExternalQuery{State: o.State}
	if q.Employee, q.Agency, err = a.deliveryListScope(ctx, g, o.Employee, o.Agency); err != nil {
		return nil, "", err
	}
	if q.Before, err = paging.Key(o.PageToken); err != nil {
		return nil, "", err
	}
	size := resource.PageSize(o.PageSize, DefaultDeliveryPageSize, MaxDeliveryPageSize)
	q.Limit = size + 1
	out, err := a.repo.ListExternalTrainings(ctx, q)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(x domain.External) string { return x.ID })
	return page, next, nil
}
