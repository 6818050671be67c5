// Package positions answers the competency standards of planning's positions (app.Positions)
// over planning's gRPC API, keeping each answer for a short while: the standards of a position
// change seldom, and the development needs of an agency ask for the same few positions for
// hundreds of employees.
package positions

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/errs"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// DefaultTTL is how long a position's standards are kept before planning is asked again.
const DefaultTTL = 5 * time.Minute

// Client reads positions' standards from planning, caching each for a TTL.
type Client struct {
	planning planningv1.PlanningServiceClient
	ttl      time.Duration
	now      func() time.Time

	mu    sync.Mutex
	cache map[string]entry
}

type entry struct {
	standards map[string]int
	expires   time.Time
}

// New returns a client of planning keeping answers for ttl (DefaultTTL when ttl ≤ 0).
func New(planning planningv1.PlanningServiceClient, ttl time.Duration) *Client {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &Client{planning: planning, ttl: ttl, now: time.Now, cache: map[string]entry{}}
}

// Standards returns the competency standards of position id, competency → required level
// (1 to 5, or 0 where planning has no level: a standard given by name only, which a gap
// ignores). A position planning does not know has no standards. The map is the caller's.
//
// Planning answers competency_standards; a planning that predates the levels answers only
// required_competencies, read as standards at level 0.
func (c *Client) Standards(ctx context.Context, id string) (map[string]int, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.cache[id]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return maps.Clone(e.standards), nil
	}
	s, err := c.fetch(ctx, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.cache[id] = entry{standards: s, expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return maps.Clone(s), nil
}

func (c *Client) fetch(ctx context.Context, id string) (map[string]int, error) {
	resp, err := c.planning.GetPosition(ctx, &planningv1.GetPositionRequest{Name: "positions/" + id})
	switch status.Code(err) {
	case codes.OK:
	case codes.NotFound:
		return map[string]int{}, nil
	case codes.Unavailable, codes.DeadlineExceeded:
		return nil, errs.New(errs.Unavailable, "planning is unavailable to read position %s's competency standards; try again", id)
	default:
		return nil, fmt.Errorf("reading position %s from planning: %w", id, err)
	}
	p := resp.GetPosition()
	out := make(map[string]int, len(p.GetCompetencyStandards()))
	for _, s := range p.GetCompetencyStandards() {
		out[s.GetCompetency()] = int(s.GetLevel())
	}
	if len(out) == 0 {
		for _, name := range p.GetRequiredCompetencies() {
			out[name] = 0
		}
	}
	return out, nil
}
