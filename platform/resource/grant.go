package resource

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
)

// Grant returns the grant the authorization interceptor put in ctx, or an Unauthenticated error
// when there is none (a use case called outside an authorized call).
func Grant(ctx context.Context) (auth.Grant, error) {
	g, ok := auth.GrantFrom(ctx)
	if !ok {
		return auth.Grant{}, errs.New(errs.Unauthenticated, "no authenticated caller")
	}
	return g, nil
}

// RequireReach refuses, with a PermissionDenied error, a change to the data of agency by a caller
// whose grant does not reach it (see auth.Grant.Reaches).
func RequireReach(g auth.Grant, agency string) error {
	if g.Reaches(agency) {
		return nil
	}
	return errs.Deniedf("%s (agency %q) may not change data of agency %q", g.Subject, g.Agency, agency)
}

// CheckWrite checks a change to the stored version of the named resource of agency: the
// caller's grant must reach agency (RequireReach, PermissionDenied) and the etag the caller sent
// must be that version's or empty (CheckEtag, EtagMismatch). The grant is checked first, so a
// caller who may not change the resource learns nothing of its version.
func CheckWrite(g auth.Grant, agency, name, etag string, version int64) error {
	if !g.Reaches(agency) {
		return cannotChange(g, name)
	}
	return CheckEtag(name, etag, version)
}

// ChangeMissing answers a change of the named resource that does not exist: notFound for a
// caller whose grant reaches every agency, and otherwise exactly CheckWrite's PermissionDenied,
// so a caller without reach cannot tell a made-up name from a real one of another agency (the
// write half of SeesMissing).
func ChangeMissing(g auth.Grant, name string, notFound error) error {
	if g.Scope == auth.ScopeAll {
		return notFound
	}
	return cannotChange(g, name)
}

// cannotChange is CheckWrite's refusal. It names only what the caller sent and their own
// grant — never the resource's agency — so it reads the same whether the resource exists or not.
func cannotChange(g auth.Grant, name string) error {
	return errs.Deniedf("%s (agency %q) may not change %s", g.Subject, g.Agency, name)
}

// IsUnder reports whether the employee nip is below supervisor in the supervisor tree.
type IsUnder func(ctx context.Context, supervisor, nip string) (bool, error)

// RequireSees refuses, with a PermissionDenied error, a caller whose grant does not reach the
// employee nip of agency: their own record (self scope), themselves and anyone below them
// (subordinates, asking isUnder), their agency's employees (agency) or everyone (all).
func RequireSees(ctx context.Context, g auth.Grant, nip, agency string, isUnder IsUnder) error {
	ok := false
	switch g.Scope {
	case auth.ScopeAll:
		ok = true
	case auth.ScopeAgency:
		ok = g.Agency != "" && g.Agency == agency
	case auth.ScopeSubordinates:
		ok = nip == g.Subject
		if !ok {
			under, err := isUnder(ctx, g.Subject, nip)
			if err != nil {
				return err
			}
			ok = under
		}
	case auth.ScopeSelf:
		ok = nip == g.Subject
	}
	if !ok {
		return cannotSee(g, nip)
	}
	return nil
}

// cannotSee is RequireSees' refusal. It names only what the caller sent and their own grant,
// so it reads the same whether the employee exists or not.
func cannotSee(g auth.Grant, nip string) error {
	return errs.Deniedf("%s (%s scope) may not see employee %s", g.Subject, g.Scope, nip)
}

// SeesMissing answers a read of employee nip that does not exist: notFound for a caller who
// would see that employee if it existed (city-wide scope, or their own NIP), and otherwise
// exactly RequireSees' PermissionDenied. A caller without reach thus gets 403 for a real NIP
// and for a made-up one alike, and cannot probe which NIPs exist (the BOLA finding of issue 7).
//
// 403 for both, not 404 for both, because that is the rule of Google's AIP-211 the API follows
// elsewhere: permission is checked before existence, and a caller who may not see a resource
// is told so whether or not it exists; 404 stays the truthful answer for whoever may see it.
func SeesMissing(g auth.Grant, nip string, notFound error) error {
	if g.Scope == auth.ScopeAll || (g.Scope >= auth.ScopeSelf && nip == g.Subject) {
		return notFound
	}
	return cannotSee(g, nip)
}
