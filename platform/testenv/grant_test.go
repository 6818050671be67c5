package testenv_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

func TestAs(t *testing.T) {
	type key struct{}
	base := context.WithValue(context.Background(), key{}, "kept")
	tests := []struct {
		name      string
		role      auth.Role
		scope     []auth.Scope
		wantScope auth.Scope
	}{
		{"employee reaches self", auth.RoleEmployee, nil, auth.ScopeSelf},
		{"supervisor reaches subordinates", auth.RoleSupervisor, nil, auth.ScopeSubordinates},
		{"agency HR reaches the agency", auth.RoleAgencyHR, nil, auth.ScopeAgency},
		{"city HR reaches all", auth.RoleCityHR, nil, auth.ScopeAll},
		{"auditor reaches all", auth.RoleAuditor, nil, auth.ScopeAll},
		{"a given scope wins", auth.RoleSupervisor, []auth.Scope{auth.ScopeSelf}, auth.ScopeSelf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testenv.As(base, tt.role, "DISKOMINFO", "198609262015051001", tt.scope...)
			g, ok := auth.GrantFrom(ctx)
			if !ok {
				t.Fatal("no grant in the context")
			}
			if g.Subject != "198609262015051001" || g.Agency != "DISKOMINFO" || !g.Has(tt.role) || len(g.Roles) != 1 || g.Scope != tt.wantScope {
				t.Errorf("grant = %+v, want %s with scope %s", g, tt.role, tt.wantScope)
			}
			if ctx.Value(key{}) != "kept" {
				t.Error("the parent context's values are lost")
			}
		})
	}
}

// recorder is a testing.TB whose Fatalf records the failure and ends the goroutine, as the
// real one does.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestWantKind(t *testing.T) {
	named := errs.Invalidf("leave_request.end_date", "is before the start date")
	tests := []struct {
		name  string
		err   error
		kind  errs.Kind
		field string
		fail  bool
	}{
		{"kind matches", errs.NotFoundf("no such office"), errs.NotFound, "", false},
		{"wrapped error", fmt.Errorf("creating: %w", named), errs.Invalid, "", false},
		{"field named", named, errs.Invalid, "leave_request.end_date", false},
		{"other field", named, errs.Invalid, "leave_request.start_date", true},
		{"other kind", named, errs.NotFound, "", true},
		{"plain error", fmt.Errorf("disk full"), errs.Invalid, "", true},
		{"no error", nil, errs.Invalid, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			var got *errs.Error
			done := make(chan struct{})
			go func() {
				defer close(done)
				got = testenv.WantKind(r, tt.err, tt.kind, tt.field)
			}()
			<-done
			if failed := r.failed != ""; failed != tt.fail {
				t.Fatalf("WantKind failed = %v (%q), want %v", failed, r.failed, tt.fail)
			}
			if !tt.fail && (got == nil || got.Kind != tt.kind) {
				t.Errorf("WantKind returned %+v", got)
			}
		})
	}
}
