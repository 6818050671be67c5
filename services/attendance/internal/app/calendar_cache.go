package app

import (
	"context"
	"sync"
	"time"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// calendarTTL bounds how stale another replica's calendar change may look here. This
// replica's own changes invalidate the cache at once.
const calendarTTL = 5 * time.Second

// calendarCache keeps the working calendar in memory: every check-in needs it, and it changes a
// few times a year.
type calendarCache struct {
	repo Reader
	now  func() time.Time

	mu      sync.Mutex
	cal     domain.Calendar
	loaded  time.Time
	version uint64 // bumped by invalidate, so a load that raced an invalidation is not kept
}

func newCalendarCache(repo Reader, now func() time.Time) *calendarCache {
	return &calendarCache{repo: repo, now: now}
}

func (c *calendarCache) get(ctx context.Context) (domain.Calendar, error) {
	c.mu.Lock()
	if !c.loaded.IsZero() && c.now().Sub(c.loaded) < calendarTTL {
		cal := c.cal
		c.mu.Unlock()
		return cal, nil
	}
	v := c.version
	c.mu.Unlock()
	cal, err := c.repo.Calendar(ctx)
	if err != nil {
		return domain.Calendar{}, err
	}
	y := c.now().Year()
	cal.Holidays = domain.WithFixedNationalHolidays(cal.Holidays, y-1, y, y+1)
	c.mu.Lock()
	if c.version == v {
		c.cal, c.loaded = cal, c.now()
	}
	c.mu.Unlock()
	return cal, nil
}

func (c *calendarCache) invalidate() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.version++
	c.mu.Unlock()
}
