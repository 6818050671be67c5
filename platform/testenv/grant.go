package testenv

import (
	"context"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
)

// As returns ctx carrying the grant the authorization interceptor would put there for a caller
// sub of agency agency holding role: a use case called with it runs as that caller. The
// grant's scope is the one the shared grant set for personal data, auth.People, gives the
// role (employee: self, supervisor: subordinates, agency HR: agency, city HR, auditor and
// service: all) unless scope gives another.
func As(ctx context.Context, role auth.Role, agency, sub string, scope ...auth.Scope) context.Context {
	s := auth.People[role]
	if len(scope) > 0 {
		s = scope[0]
	}
	return auth.WithGrant(ctx, auth.Grant{Principal: auth.Principal{Subject: sub, Roles: []auth.Role{role}, Agency: agency}, Scope: s})
}

// WantKind fails t unless err is (or wraps) an errs.Error of kind kind that, when field is not
// empty, names field among its violations. It returns the error, for further checks such as
// its reason.
func WantKind(t testing.TB, err error, kind errs.Kind, field string) *errs.Error {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind {
		t.Fatalf("error = %v, want kind %d", err, kind)
		return nil
	}
	if field == "" {
		return e
	}
	for _, v := range e.Violations {
		if v.Field == field {
			return e
		}
	}
	t.Fatalf("error %v does not name field %q (violations %+v)", err, field, e.Violations)
	return nil
}
