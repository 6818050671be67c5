package app

// Sessions: the classes of a programme, their seats and their waitlist.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CreateSession schedules a class of programme in.Programme, run by in.Agency (” the city):
// city HR for any, agency HR for their own agency, of their agency's programmes or the city's.
// It must start in the future and its programme must be active (domain.NewSession). A session
// recorded after it was held (in.Held) must have ended instead; only HR records one, as only
// HR schedules (requireCatalogueOwner: city HR for the city's, agency HR for their agency's).
func (a *App) CreateSession(ctx context.Context, in domain.Session) (domain.Session, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Session{}, err
	}
	if err := requireCatalogueOwner(g, in.Agency); err != nil {
		return domain.Session{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Session{}, err
	}
	in.ID = id.String()
	if in.Programme == "" {
		return domain.Session{}, errs.Invalidf("session.programme", "must name the programme")
	}
	var out domain.Session
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetProgramme(ctx, in.Programme)
		if errs.IsKind(err, errs.NotFound) {
			return errs.Invalidf("session.programme", "programme %q does not exist", in.Programme)
		}
		if err != nil {
			return err
		}
		s, err := domain.NewSession(in, p, a.now())
		if err != nil {
			return prefixFields("session", err)
		}
		if err := tx.InsertSession(ctx, s); err != nil {
			return err
		}
		s.ProgrammeTitle, s.JP = p.Title, p.JP
		out = s
		if err := tx.Emit(ctx, domain.SessionScheduled{Session: s}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: SessionName(s.ID), Detail: "scheduled: " + sessionSummary(s)})
	})
	if err != nil {
		return domain.Session{}, err
	}
	return out, nil
}

// sessionSummary describes s for the audit trail.
func sessionSummary(s domain.Session) string {
	where := s.Place
	if s.Online != "" {
		where = strings.TrimSpace(where + " " + s.Online)
	}
	held := ""
	if s.Held {
		held = ", recorded after it was held"
	}
	return fmt.Sprintf("%s from %s to %s (%s) at %s, %d seats%s", ProgrammeName(s.Programme),
		s.Start.Format(time.RFC3339), s.End.Format(time.RFC3339), s.TimeZone, where, s.Capacity, held)
}

// GetSession reads a session with its seats taken and its waitlist. Sessions are open to
// every caller, as the catalogue is.
func (a *App) GetSession(ctx context.Context, id string) (domain.Session, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return domain.Session{}, err
	}
	return a.repo.GetSession(ctx, id)
}

// SessionListOptions filter and page ListSessions.
type SessionListOptions struct {
	Programme string
	// Agency keeps the sessions that agency runs.
	Agency string
	// From and To keep the sessions starting on those days or between them, in Indonesia's
	// western zone (WIB), where the city is; zero: no bound.
	From, To time.Time
	// OpenOnly keeps the scheduled sessions that have not started.
	OpenOnly  bool
	PageSize  int
	PageToken string
}

// ListSessions lists sessions in start order. Sessions are open to every caller.
func (a *App) ListSessions(ctx context.Context, o SessionListOptions) ([]domain.Session, string, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return nil, "", err
	}
	if !o.From.IsZero() && !o.To.IsZero() && o.To.Before(o.From) {
		return nil, "", errs.Invalidf("to_date", "must not be before from_date")
	}
	after, err := decodeCursor(o.PageToken)
	if err != nil {
		return nil, "", err
	}
	size := resource.PageSize(o.PageSize, DefaultCataloguePageSize, MaxCataloguePageSize)
	f := SessionFilter{Programme: o.Programme, Agency: o.Agency, From: o.From, After: after, Limit: size + 1}
	if !o.To.IsZero() {
		f.To = o.To.AddDate(0, 0, 1) // the whole last day
	}
	if o.OpenOnly {
		f.OpenAt = a.now()
	}
	out, err := a.repo.ListSessions(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(s domain.Session) string { return cursorKey(s.Start, 0, s.ID) })
	return page, next, nil
}

// cursorKey is the page-token key of a row ordered by (t, seq, id).
func cursorKey(t time.Time, seq int64, id string) string {
	return strconv.FormatInt(t.UnixMicro(), 10) + "/" + strconv.FormatInt(seq, 10) + "/" + id
}

// decodeCursor reads a page token of cursorKey; nil for the first page.
func decodeCursor(tok string) (*Cursor, error) {
	key, err := paging.Key(tok)
	if err != nil || key == "" {
		return nil, err
	}
	parts := strings.SplitN(key, "/", 3)
	if len(parts) == 3 && parts[2] != "" {
		us, err1 := strconv.ParseInt(parts[0], 10, 64)
		seq, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 == nil && err2 == nil {
			return &Cursor{Time: time.UnixMicro(us).UTC(), Seq: seq, ID: parts[2]}, nil
		}
	}
	return nil, errs.Invalidf("page_token", "is not a token this API returned")
}

// UpdateSession changes the fields of session id named in u.Fields (domain.SessionFields) to
// their values in u.Values, if etag (when given) is current; by whoever may schedule it. A
// raised capacity moves the head of the waitlist into the freed seats at once, in arrival
// order. New times are copied onto the session's enrolments, and refused when they would make
// a participant hold two sessions at once (issue 10 §2).
func (a *App) UpdateSession(ctx context.Context, id, etag string, u domain.SessionUpdate) (domain.Session, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Session{}, err
	}
	var out domain.Session
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.GetSession(ctx, id)
		if err != nil {
			return err
		}
		if err := requireCatalogueOwner(g, s.Agency); err != nil {
			return err
		}
		if err := resource.CheckEtag(SessionName(id), etag, s.Version); err != nil {
			return err
		}
		was := s
		now := a.now()
		changed, err := s.Apply(u, now)
		if err != nil {
			return prefixFields("session", err)
		}
		out = s
		if len(changed) == 0 {
			return nil
		}
		var audits []AuditEntry
		if !s.Start.Equal(was.Start) || !s.End.Equal(was.End) {
			if err := a.checkMove(ctx, tx, s); err != nil {
				return err
			}
			if err := tx.MoveEnrolments(ctx, s.ID, s.Start, s.End); err != nil {
				return err
			}
		}
		promoted, err := a.promote(ctx, tx, &s, g.Subject, now, "capacity raised to "+strconv.Itoa(s.Capacity))
		if err != nil {
			return err
		}
		if err := tx.UpdateSession(ctx, s); err != nil {
			return err
		}
		out = s
		audits = append(audits, AuditEntry{Resource: SessionName(id), Detail: "updated " + strings.Join(changed, ", ") + ": " + sessionSummary(s)})
		if err := tx.Emit(ctx, promoted.events...); err != nil {
			return err
		}
		return tx.Audit(ctx, append(audits, promoted.audits...)...)
	})
	if err != nil {
		return domain.Session{}, err
	}
	return out, nil
}

// checkMove refuses new times of s that would make one of its live participants hold two
// sessions at once. Each participant's enrolments are locked first (in NIP order), as an
// enrolment does.
func (a *App) checkMove(ctx context.Context, tx Tx, s domain.Session) error {
	live, err := tx.SessionEnrolments(ctx, s.ID, domain.Requested, domain.Enrolled, domain.Waitlisted)
	if err != nil {
		return err
	}
	nips := make([]string, 0, len(live))
	for _, e := range live {
		nips = append(nips, e.Employee)
	}
	slices.Sort(nips)
	var clash []string
	for _, nip := range slices.Compact(nips) {
		if err := tx.LockEnrolmentEmployee(ctx, nip); err != nil {
			return err
		}
		held, err := tx.LiveEnrolments(ctx, nip)
		if err != nil {
			return err
		}
		if err := domain.CheckOverlap(s, heldSessions(held)); err != nil {
			clash = append(clash, nip)
		}
	}
	if len(clash) > 0 {
		return errs.Invalidf("session.start_time", "the new times overlap other sessions of %d participant(s): %s", len(clash), strings.Join(clash, ", "))
	}
	return nil
}

// heldSessions are the sessions (id and times) of an employee's live enrolments, for
// domain.CheckOverlap.
func heldSessions(es []domain.Enrolment) []domain.Session {
	out := make([]domain.Session, 0, len(es))
	for _, e := range es {
		out = append(out, domain.Session{ID: e.Session, Start: e.Start, End: e.End})
	}
	return out
}

// promotion is what moving the waitlist up announces and audits.
type promotion struct {
	events []domain.Event
	audits []AuditEntry
}

// promote moves the head of s's waitlist into its free seats (domain.Session.Promotions), in
// arrival order, saying why in the audit trail; s's counters move with it. The caller stores s.
func (a *App) promote(ctx context.Context, tx Tx, s *domain.Session, by string, now time.Time, why string) (promotion, error) {
	var out promotion
	heads, err := tx.WaitlistHead(ctx, s.ID, s.Promotions())
	if err != nil {
		return out, err
	}
	for _, w := range heads {
		e, err := s.PromoteInto(w)
		if err != nil {
			return out, err
		}
		e.Updated, e.WaitlistPosition, e.ProgrammeTitle = now, 0, s.ProgrammeTitle
		if err := tx.UpdateEnrolment(ctx, e); err != nil {
			return out, err
		}
		out.events = append(out.events, domain.EnrolmentPromoted{Enrolment: e})
		out.audits = append(out.audits, AuditEntry{Resource: EnrolmentName(e.ID),
			Detail: fmt.Sprintf("promoted from the waitlist (arrival %d) into a seat of %s: %s (by %s)", e.Arrival, SessionName(s.ID), why, by)})
	}
	return out, nil
}

// CancelSession calls session id off before its start, for reason, if etag (when given) is
// current; by whoever may schedule it. Its live enrolments are withdrawn with the reason
// "session cancelled" (and the caller's), each announced.
func (a *App) CancelSession(ctx context.Context, id, etag, reason string) (domain.Session, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Session{}, err
	}
	var out domain.Session
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.GetSession(ctx, id)
		if err != nil {
			return err
		}
		if err := requireCatalogueOwner(g, s.Agency); err != nil {
			return err
		}
		if err := resource.CheckEtag(SessionName(id), etag, s.Version); err != nil {
			return err
		}
		now := a.now()
		cancelled, err := s.Cancel(reason, now)
		if err != nil {
			return err
		}
		live, err := tx.SessionEnrolments(ctx, id, domain.Requested, domain.Enrolled, domain.Waitlisted)
		if err != nil {
			return err
		}
		why := domain.SessionCancelledReason
		if cancelled.CancelReason != "" {
			why += ": " + cancelled.CancelReason
		}
		evs := []domain.Event{domain.SessionCancelled{Session: cancelled}}
		audits := []AuditEntry{{Resource: SessionName(id), Detail: fmt.Sprintf("cancelled by %s; %d enrolments withdrawn; reason: %s", g.Subject, len(live), why)}}
		for _, e := range live {
			w, _, err := e.Withdraw(s, now)
			if err != nil {
				return err
			}
			w.Reason, w.DecidedBy, w.Updated, w.ProgrammeTitle = why, g.Subject, now, s.ProgrammeTitle
			if err := tx.UpdateEnrolment(ctx, w); err != nil {
				return err
			}
			evs = append(evs, domain.EnrolmentWithdrawn{Enrolment: w})
			audits = append(audits, AuditEntry{Resource: EnrolmentName(w.ID), Detail: fmt.Sprintf("withdrawn (was %s): %s", e.State, why)})
		}
		if err := tx.UpdateSession(ctx, cancelled); err != nil {
			return err
		}
		out = cancelled
		if err := tx.Emit(ctx, evs...); err != nil {
			return err
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return domain.Session{}, err
	}
	return out, nil
}
