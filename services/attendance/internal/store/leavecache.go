package store

import (
	"context"
	"sync"
	"time"

	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// leaveTTL bounds how stale another replica's leave decision may look to a check-in; this
// replica's own writes clear the cache at once. It is the office cache's bound (officeTTL).
const leaveTTL = 5 * time.Second

// leaveDays is how many dates the cache keeps; a check-in asks about today (and, for a night
// shift's check-out or an offline upload, a day or two before).
const leaveDays = 4

// leaveCache keeps, for a few dates, every employee's approved leave covering it: each
// check-in asks whether its employee is on approved leave that day (issue 13 §3: one more read
// per check-in besides the directory's), and on a working day only a few percent of a city's
// employees are. Any Write clears it (leave is requested, decided, cancelled and imported
// through Write), so that a decision taken here is seen at once; another replica's shows
// within leaveTTL.
type leaveCache struct {
	now func() time.Time

	mu      sync.Mutex
	version uint64 // bumped by invalidate, so that a load that raced a write is not kept
	days    map[domain.Date]cachedLeave
}

type cachedLeave struct {
	leave  map[string]domain.LeaveType
	loaded time.Time
}

func newLeaveCache(now func() time.Time) *leaveCache {
	return &leaveCache{now: now, days: map[domain.Date]cachedLeave{}}
}

func (c *leaveCache) invalidate() {
	c.mu.Lock()
	c.version++
	clear(c.days)
	c.mu.Unlock()
}

// ApprovedLeaveOn returns the approved leave covering date of each of employees (of every
// employee when none are given). The question of one employee — a check-in's — is answered
// from the day's whole list, cached for leaveTTL; the others (a day's closing, a report) read
// the database.
func (s *Store) ApprovedLeaveOn(ctx context.Context, date domain.Date, employees []string) (map[string]domain.LeaveType, error) {
	if len(employees) != 1 {
		return s.reader.ApprovedLeaveOn(ctx, date, employees)
	}
	c := s.leave
	c.mu.Lock()
	e, ok := c.days[date]
	v := c.version
	c.mu.Unlock()
	if !ok || c.now().Sub(e.loaded) >= leaveTTL {
		loaded := c.now()
		all, err := s.reader.ApprovedLeaveOn(ctx, date, nil)
		if err != nil {
			return nil, err
		}
		e = cachedLeave{leave: all, loaded: loaded}
		c.mu.Lock()
		if c.version == v {
			if _, held := c.days[date]; !held && len(c.days) >= leaveDays {
				clear(c.days) // rare: dates are asked about a few at a time
			}
			c.days[date] = e
		}
		c.mu.Unlock()
	}
	out := map[string]domain.LeaveType{}
	if t, ok := e.leave[employees[0]]; ok {
		out[employees[0]] = t
	}
	return out, nil
}

var _ app.Reader = (*Store)(nil)
