package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// eventTypes pairs each subject planning publishes (after the deployment's prefix) with the
// payload type it carries, as planning's internal/events encodes them. An event whose subject
// is not planning's, or whose type is not its subject's, did not come from planning's relay.
var eventTypes = map[string]string{
	"simpeg.planning.agency.created":       "simpeg.planning.v1.AgencyCreated",
	"simpeg.planning.agency.updated":       "simpeg.planning.v1.AgencyUpdated",
	"simpeg.planning.position.created":     "simpeg.planning.v1.PositionCreated",
	"simpeg.planning.position.updated":     "simpeg.planning.v1.PositionUpdated",
	"simpeg.planning.employee.created":     "simpeg.planning.v1.EmployeeCreated",
	"simpeg.planning.employee.updated":     "simpeg.planning.v1.EmployeeUpdated",
	"simpeg.planning.employee.transferred": "simpeg.planning.v1.EmployeeTransferred",
	"simpeg.planning.employee.retired":     "simpeg.planning.v1.EmployeeRetired",
}

// checkTimeout bounds the call to planning that checks an event far ahead of the copy. The call
// runs inside the event's transaction, so it is kept short; a timeout fails the event, which
// is then redelivered.
const checkTimeout = 5 * time.Second

// The reasons an event is refused, the label of the refused-events metric.
const (
	refusedSubject = "subject"          // not in planning's subject space
	refusedType    = "type"             // the payload type is not the subject's
	refusedUnknown = "unknown"          // far ahead, and planning does not know the record
	refusedNoCheck = "cannot_check"     // far ahead, and there is no planning client to ask
	checkedAhead   = "checked_planning" // far ahead: planning's record applied instead
)

// guard holds what the followed path needs beyond Apply: planning's API for the check and
// the metrics.
type guard struct {
	planning planningv1.PlanningServiceClient
	token    string
	refused  *prometheus.CounterVec
	checked  *prometheus.CounterVec
}

// newGuard returns a guard asking planning through client (may be nil) with token, counting on
// reg (nil counts without exporting).
func newGuard(client planningv1.PlanningServiceClient, token string, reg prometheus.Registerer) *guard {
	g := &guard{
		planning: client,
		token:    token,
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "simpeg_directory_events_refused_total",
			Help: "Events on planning's stream the directory copy refused (not applied, acknowledged), by consumer and reason: subject, type, unknown, cannot_check.",
		}, []string{"consumer", "reason"}),
		checked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "simpeg_directory_events_checked_total",
			Help: "Events more than one version ahead of the copy, checked against planning's API; planning's record was applied instead.",
		}, []string{"consumer"}),
	}
	if reg != nil {
		for _, c := range []*prometheus.CounterVec{g.refused, g.checked} {
			if err := reg.Register(c); err != nil {
				var are prometheus.AlreadyRegisteredError
				if errors.As(err, &are) {
					if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
						*c = *existing
					}
				}
			}
		}
	}
	return g
}

// followed returns the handler of the consumer durable on planning's stream under prefix: it
// refuses events that are not planning's (subject outside <prefix>simpeg.planning., or a type
// that is not the subject's) and checks an event more than one version ahead of the copy
// against planning's API before anything is applied. A refused event is logged, counted and
// acknowledged without effect (its id is still recorded as processed), so it is never
// redelivered and never applied; a check that cannot reach planning fails the event, which
// is redelivered.
func (r *Replica) followed(prefix, durable string, log *slog.Logger) bus.Handler {
	g := r.guard
	if g == nil {
		g = newGuard(nil, "", nil)
	}
	refuse := func(ctx context.Context, m bus.Message, reason string, args ...any) error {
		g.refused.WithLabelValues(durable, reason).Inc()
		log.WarnContext(ctx, "refused an event on planning's stream", append([]any{"consumer", durable, "reason", reason,
			"subject", m.Subject, "type", m.Type, "event_id", m.ID}, args...)...)
		return nil
	}
	return func(ctx context.Context, tx *database.Tx, m bus.Message) error {
		subject, ok := strings.CutPrefix(m.Subject, prefix)
		if !ok || !strings.HasPrefix(subject, "simpeg.planning.") {
			return refuse(ctx, m, refusedSubject)
		}
		if want, known := eventTypes[subject]; known && m.Type != want {
			return refuse(ctx, m, refusedType, "want_type", want)
		}
		ev, err := decode(m)
		if err != nil || ev == nil {
			return err // undecodable: poison, redelivered then terminated by bus.Consume
		}
		have, err := r.heldVersion(ctx, tx, ev)
		if err != nil {
			return err
		}
		if ev.version <= have+1 {
			return r.put(ctx, tx, ev)
		}
		// More than one version ahead of the copy: planning's own answer decides.
		if g.planning == nil {
			return refuse(ctx, m, refusedNoCheck, "version", ev.version, "held", have)
		}
		src, err := g.fetch(ctx, ev)
		if status.Code(err) == codes.NotFound {
			return refuse(ctx, m, refusedUnknown, "version", ev.version, "held", have)
		}
		if err != nil {
			return fmt.Errorf("checking an event %d versions ahead with planning: %w", ev.version-have, err)
		}
		g.checked.WithLabelValues(durable).Inc()
		log.InfoContext(ctx, "event far ahead of the copy; applied planning's record instead", "consumer", durable,
			"subject", m.Subject, "event_id", m.ID, "event_version", ev.version, "held", have, "planning_version", src.version)
		return r.put(ctx, tx, src)
	}
}

// record is a decoded agency or employee, with its version.
type record struct {
	agency   *planningv1.Agency
	employee *planningv1.Employee
	version  int64
}

// decode reads the agency or employee an event carries; nil for events the copy does not keep.
func decode(m bus.Message) (*record, error) {
	var (
		msg      proto.Message
		agency   func() *planningv1.Agency
		employee func() *planningv1.Employee
	)
	switch m.Type {
	case "simpeg.planning.v1.AgencyCreated":
		e := &planningv1.AgencyCreated{}
		msg, agency = e, e.GetAgency
	case "simpeg.planning.v1.AgencyUpdated":
		e := &planningv1.AgencyUpdated{}
		msg, agency = e, e.GetAgency
	case "simpeg.planning.v1.EmployeeCreated":
		e := &planningv1.EmployeeCreated{}
		msg, employee = e, e.GetEmployee
	case "simpeg.planning.v1.EmployeeUpdated":
		e := &planningv1.EmployeeUpdated{}
		msg, employee = e, e.GetEmployee
	case "simpeg.planning.v1.EmployeeTransferred":
		e := &planningv1.EmployeeTransferred{}
		msg, employee = e, e.GetEmployee
	case "simpeg.planning.v1.EmployeeRetired":
		e := &planningv1.EmployeeRetired{}
		msg, employee = e, e.GetEmployee
	default:
		return nil, nil // positions and future events: not part of the copy
	}
	if err := proto.Unmarshal(m.Data, msg); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", m.Type, err)
	}
	rec := &record{}
	etag := ""
	if agency != nil {
		rec.agency = agency()
		etag = rec.agency.GetEtag()
	} else {
		rec.employee = employee()
		etag = rec.employee.GetEtag()
	}
	v, err := version(etag)
	if err != nil {
		return nil, err
	}
	rec.version = v
	return rec, nil
}

// put stores rec unless the copy already has the same or a newer version.
func (r *Replica) put(ctx context.Context, tx *database.Tx, rec *record) error {
	if rec.agency != nil {
		return r.putAgency(ctx, tx, rec.agency)
	}
	return r.putEmployee(ctx, tx, rec.employee)
}

// heldVersion returns the version of rec's record in the copy, 0 when it has none.
func (r *Replica) heldVersion(ctx context.Context, tx *database.Tx, rec *record) (int64, error) {
	q, key := `SELECT version FROM directory_employees WHERE nip = $1`, rec.employee.GetNip()
	if rec.agency != nil {
		q, key = `SELECT version FROM directory_agencies WHERE code = $1`, rec.agency.GetCode()
	}
	var v int64
	err := r.stmts.QueryRow(ctx, tx, q, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reading the copy's version: %w", err)
	}
	return v, nil
}

// fetch reads rec's record as planning has it now.
func (g *guard) fetch(ctx context.Context, rec *record) (*record, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	if g.token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+g.token)
	}
	if rec.agency != nil {
		resp, err := g.planning.GetAgency(ctx, &planningv1.GetAgencyRequest{Name: "agencies/" + rec.agency.GetCode()})
		if err != nil {
			return nil, err
		}
		v, err := version(resp.GetAgency().GetEtag())
		return &record{agency: resp.GetAgency(), version: v}, err
	}
	resp, err := g.planning.GetEmployee(ctx, &planningv1.GetEmployeeRequest{Name: "employees/" + rec.employee.GetNip()})
	if err != nil {
		return nil, err
	}
	v, err := version(resp.GetEmployee().GetEtag())
	return &record{employee: resp.GetEmployee(), version: v}, err
}
