package resource_test

import (
	"context"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
)

// TestSeesMissing: a caller who could not see an employee gets the same answer — kind and
// message — whether the NIP exists (RequireSees) or not (SeesMissing); whoever could see it
// learns that it does not exist.
func TestSeesMissing(t *testing.T) {
	isUnder := func(context.Context, string, string) (bool, error) { return false, nil }
	grant := func(sub string, s auth.Scope, agency string) auth.Grant {
		return auth.Grant{Principal: auth.Principal{Subject: sub, Agency: agency}, Scope: s}
	}
	notFound := errs.NotFoundf("employee B not found")
	tests := []struct {
		name string
		g    auth.Grant
		nip  string
		want errs.Kind
	}{
		{"all", grant("X", auth.ScopeAll, ""), "B", errs.NotFound},
		{"self, own NIP", grant("B", auth.ScopeSelf, "DINKES"), "B", errs.NotFound},
		{"subordinates, own NIP", grant("B", auth.ScopeSubordinates, "DINKES"), "B", errs.NotFound},
		{"self, other", grant("A", auth.ScopeSelf, "DINKES"), "B", errs.PermissionDenied},
		{"subordinates, other", grant("S", auth.ScopeSubordinates, "DINKES"), "B", errs.PermissionDenied},
		{"agency", grant("X", auth.ScopeAgency, "DINKES"), "B", errs.PermissionDenied},
		{"none", grant("A", auth.ScopeNone, "DINKES"), "A", errs.PermissionDenied},
	}
	for _, tt := range tests {
		missing := resource.SeesMissing(tt.g, tt.nip, notFound)
		if kindOf(missing) != tt.want {
			t.Errorf("%s: SeesMissing = %v, want kind %v", tt.name, missing, tt.want)
		}
		if tt.want != errs.PermissionDenied {
			continue
		}
		// The same NIP existing in an agency the caller does not reach.
		exists := resource.RequireSees(context.Background(), tt.g, tt.nip, "DISDIK", isUnder)
		if exists == nil || exists.Error() != missing.Error() || kindOf(exists) != kindOf(missing) {
			t.Errorf("%s: existing NIP answers %v, missing one %v; want the same", tt.name, exists, missing)
		}
	}
}
