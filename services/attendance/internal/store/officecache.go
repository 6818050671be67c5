package store

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

// officeTTL bounds how stale another replica's change to an office may look here; this
// replica's own writes clear the cache at once.
const officeTTL = 5 * time.Second

// officePage is how many offices one read takes when the cache loads an agency's offices.
const officePage = 1000

// officeCache keeps offices in memory: every check-in reads its agency's offices (to find the
// nearest, and the agency's time zone), and they change a few times a year. Any Write clears
// it, so that an office created or changed here is seen at once.
type officeCache struct {
	now func() time.Time

	mu       sync.Mutex
	version  uint64 // bumped by invalidate, so that a load that raced a write is not kept
	agencies map[string]cachedOffices
	byID     map[string]cachedOffice
}

type cachedOffices struct {
	list   []app.Office // in the database's id order
	loaded time.Time
}

type cachedOffice struct {
	office app.Office
	loaded time.Time
}

func newOfficeCache(now func() time.Time) *officeCache {
	return &officeCache{now: now, agencies: map[string]cachedOffices{}, byID: map[string]cachedOffice{}}
}

func (c *officeCache) invalidate() {
	c.mu.Lock()
	c.version++
	clear(c.agencies)
	clear(c.byID)
	c.mu.Unlock()
}

// GetOffice returns office id, from the cache when it is fresh.
func (s *Store) GetOffice(ctx context.Context, id string) (app.Office, error) {
	c := s.offices
	c.mu.Lock()
	e, ok := c.byID[id]
	v := c.version
	c.mu.Unlock()
	if ok && c.now().Sub(e.loaded) < officeTTL {
		return e.office, nil
	}
	o, err := s.reader.GetOffice(ctx, id)
	if err != nil {
		return o, err
	}
	c.mu.Lock()
	if c.version == v {
		c.byID[id] = cachedOffice{office: o, loaded: c.now()}
	}
	c.mu.Unlock()
	return o, nil
}

// ListOffices returns up to limit offices with ids after after, in id order, of agency when it
// is set. An agency's offices come from the cache when it is fresh; the list of all offices
// is read from the database.
func (s *Store) ListOffices(ctx context.Context, agency, after string, limit int) ([]app.Office, error) {
	if agency == "" || limit <= 0 {
		return s.reader.ListOffices(ctx, agency, after, limit)
	}
	list, err := s.agencyOffices(ctx, agency)
	if err != nil {
		return nil, err
	}
	from := 0
	if after != "" {
		// The page after a cursor: the database orders ids by its collation, so the cursor is
		// looked up rather than compared; a cursor the cache does not hold goes to the database.
		i := slices.IndexFunc(list, func(o app.Office) bool { return o.ID == after })
		if i < 0 {
			return s.reader.ListOffices(ctx, agency, after, limit)
		}
		from = i + 1
	}
	return slices.Clone(list[from:min(len(list), from+limit)]), nil
}

// agencyOffices returns all of agency's offices in id order, from the cache when it is fresh.
func (s *Store) agencyOffices(ctx context.Context, agency string) ([]app.Office, error) {
	c := s.offices
	c.mu.Lock()
	e, ok := c.agencies[agency]
	v := c.version
	c.mu.Unlock()
	if ok && c.now().Sub(e.loaded) < officeTTL {
		return e.list, nil
	}
	var list []app.Office
	for after := ""; ; {
		page, err := s.reader.ListOffices(ctx, agency, after, officePage)
		if err != nil {
			return nil, err
		}
		list = append(list, page...)
		if len(page) < officePage {
			break
		}
		after = page[len(page)-1].ID
	}
	c.mu.Lock()
	if c.version == v {
		c.agencies[agency] = cachedOffices{list: list, loaded: c.now()}
	}
	c.mu.Unlock()
	return list, nil
}
