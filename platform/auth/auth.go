// Package auth authenticates callers from bearer JWTs and authorizes each RPC from a table the
// service declares: method → which roles may call it and with what scope. A method missing
// from the table is denied. The scope travels in the context as a Grant, and the application
// layer narrows what it reads or changes to it (own record, subordinates, own agency, all).
package auth

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Role is a caller's role, from the token's "roles" claim.
type Role string

// The roles of the suite.
const (
	RoleEmployee   Role = "employee"   // a civil servant acting for themselves
	RoleSupervisor Role = "supervisor" // a direct supervisor (atasan langsung)
	RoleAgencyHR   Role = "agency-hr"  // an agency's HR administrator
	RoleCityHR     Role = "city-hr"    // the city HR agency (BKPSDM)
	RoleAuditor    Role = "auditor"    // the inspectorate: reads everything, changes nothing
	RoleService    Role = "service"    // another system, limited by its token's scopes
)

// Roles lists every role, for validation and help text.
var Roles = []Role{RoleEmployee, RoleSupervisor, RoleAgencyHR, RoleCityHR, RoleAuditor, RoleService}

// Scope is how much of the data a grant reaches. Larger values reach more.
type Scope int

// The scopes, from narrowest to widest.
const (
	ScopeNone         Scope = iota // no access
	ScopeSelf                      // the caller's own record
	ScopeSubordinates              // the caller and everyone under them in the supervisor tree
	ScopeAgency                    // everything of the caller's agency
	ScopeAll                       // everything
)

func (s Scope) String() string {
	return [...]string{"none", "self", "subordinates", "agency", "all"}[s]
}

// Principal is an authenticated caller.
type Principal struct {
	Subject   string // employee NIP or client id
	Roles     []Role
	Agency    string   // the caller's agency code; empty for city-wide callers
	Scopes    []string // OAuth scopes of a service client, e.g. "planning.read"
	ExpiresAt time.Time
}

// Has reports whether p holds role r.
func (p Principal) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// RoleNames returns the roles as a comma-separated string.
func (p Principal) RoleNames() string {
	s := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// Rule says who may call one method.
type Rule struct {
	// Public methods need no token: the health checks, and the few a service opens to anyone
	// (training's certificate check), which its rules test names.
	Public bool
	// Grants gives each allowed role its scope. Roles not listed may not call the method.
	Grants map[Role]Scope
	// ClientScope, when set, is the OAuth scope a RoleService caller's token must carry.
	ClientScope string
}

// Rules maps full gRPC method names to their rule.
type Rules map[string]Rule

// Grant is what the authorization check gave a call: who the caller is and how far they reach.
type Grant struct {
	Principal
	Scope Scope
}

// Reaches reports whether the grant may touch a resource owned by agency. Self and
// subordinate scopes need the resource-specific checks of the application layer.
func (g Grant) Reaches(agency string) bool {
	return g.Scope == ScopeAll || (g.Scope == ScopeAgency && g.Agency != "" && g.Agency == agency)
}

// Decide returns the scope rule grants p, ScopeNone if none.
func (r Rule) Decide(p Principal) Scope {
	best := ScopeNone
	for _, role := range p.Roles {
		s, ok := r.Grants[role]
		if !ok {
			continue
		}
		if role == RoleService && r.ClientScope != "" && !slices.Contains(p.Scopes, r.ClientScope) {
			continue
		}
		best = max(best, s)
	}
	return best
}

type grantKey struct{}

// WithGrant returns ctx carrying g.
func WithGrant(ctx context.Context, g Grant) context.Context {
	return context.WithValue(ctx, grantKey{}, g)
}

// GrantFrom returns the grant of the call in ctx.
func GrantFrom(ctx context.Context) (Grant, bool) {
	g, ok := ctx.Value(grantKey{}).(Grant)
	return g, ok
}
