package resource_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
)

// kindOf returns the errs kind of err, or -1 when err is not an errs error.
func kindOf(err error) errs.Kind {
	if e, ok := errs.As(err); ok {
		return e.Kind
	}
	return -1
}

func TestEtag(t *testing.T) {
	tests := []struct {
		etag    string
		version int64
		wantErr bool
	}{
		{"", 3, false},
		{"v3", 3, false},
		{"v2", 3, true},
		{"3", 3, true},
	}
	for _, tt := range tests {
		err := resource.CheckEtag("offices/A", tt.etag, tt.version)
		if (err != nil) != tt.wantErr {
			t.Errorf("CheckEtag(%q, %d) = %v, want error %v", tt.etag, tt.version, err, tt.wantErr)
		}
		if e, ok := errs.As(err); err != nil && (!ok || e.Kind != errs.Conflict || e.Reason != "ETAG_MISMATCH") {
			t.Errorf("CheckEtag(%q, %d) = %v, want a Conflict with reason ETAG_MISMATCH", tt.etag, tt.version, err)
		}
	}
	if got := resource.Etag(12); got != "v12" {
		t.Errorf("Etag(12) = %q, want v12", got)
	}
}

func TestNameID(t *testing.T) {
	tests := []struct {
		name, prefix, suffix string
		want                 string // "" when the name is refused
	}{
		{"agencies/DINKES", "agencies/", "", "DINKES"},
		{"agencies/DINKES/workSchedule", "agencies/", "/workSchedule", "DINKES"},
		{"agencies/DINKES/workSchedule", "agencies/", "", ""},
		{"agencies/", "agencies/", "", ""},
		{"agencies//workSchedule", "agencies/", "/workSchedule", ""},
		{"offices/DINKES", "agencies/", "", ""},
		{"agencies/DINKES", "agencies/", "/workSchedule", ""},
		{"", "employees/", "", ""},
	}
	for _, tt := range tests {
		got, err := resource.NameID(tt.name, tt.prefix, tt.suffix, "parent")
		if got != tt.want {
			t.Errorf("NameID(%q, %q, %q) = %q, want %q", tt.name, tt.prefix, tt.suffix, got, tt.want)
		}
		if tt.want != "" {
			if err != nil {
				t.Errorf("NameID(%q) error %v", tt.name, err)
			}
			continue
		}
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.Invalid || len(e.Violations) != 1 || e.Violations[0].Field != "parent" {
			t.Errorf("NameID(%q) = %v, want an Invalid error naming parent", tt.name, err)
		}
	}
}

func TestPageSize(t *testing.T) {
	tests := []struct{ n, want int }{{-1, 100}, {0, 100}, {1, 1}, {1000, 1000}, {1001, 1000}}
	for _, tt := range tests {
		if got := resource.PageSize(tt.n, 100, 1000); got != tt.want {
			t.Errorf("PageSize(%d, 100, 1000) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestPage(t *testing.T) {
	tests := []struct {
		rows     []string
		want     []string
		wantNext string // the key the next page token carries
	}{
		{nil, nil, ""},
		{[]string{"a", "b"}, []string{"a", "b"}, ""},
		{[]string{"a", "b", "c"}, []string{"a", "b"}, "b"},
	}
	for _, tt := range tests {
		got, next := resource.Page(tt.rows, 2, func(s string) string { return s })
		if !slices.Equal(got, tt.want) {
			t.Errorf("Page(%q) rows = %q, want %q", tt.rows, got, tt.want)
		}
		key, err := paging.Key(next)
		if err != nil || key != tt.wantNext {
			t.Errorf("Page(%q) token carries %q (%v), want %q", tt.rows, key, err, tt.wantNext)
		}
	}
}

func TestGrant(t *testing.T) {
	if _, err := resource.Grant(context.Background()); kindOf(err) != errs.Unauthenticated {
		t.Errorf("Grant without a grant = %v, want Unauthenticated", err)
	}
	want := auth.Grant{Principal: auth.Principal{Subject: "1"}, Scope: auth.ScopeSelf}
	got, err := resource.Grant(auth.WithGrant(context.Background(), want))
	if err != nil || got.Subject != "1" || got.Scope != auth.ScopeSelf {
		t.Errorf("Grant = %+v, %v; want %+v", got, err, want)
	}
}

func TestRequireReach(t *testing.T) {
	grant := func(s auth.Scope, agency string) auth.Grant {
		return auth.Grant{Principal: auth.Principal{Subject: "hr", Agency: agency}, Scope: s}
	}
	tests := []struct {
		g      auth.Grant
		agency string
		ok     bool
	}{
		{grant(auth.ScopeAll, ""), "DINKES", true},
		{grant(auth.ScopeAgency, "DINKES"), "DINKES", true},
		{grant(auth.ScopeAgency, "DINKES"), "DISDIK", false},
		{grant(auth.ScopeAgency, ""), "", false},
		{grant(auth.ScopeSubordinates, "DINKES"), "DINKES", false},
	}
	for _, tt := range tests {
		err := resource.RequireReach(tt.g, tt.agency)
		if tt.ok != (err == nil) || (err != nil && kindOf(err) != errs.PermissionDenied) {
			t.Errorf("RequireReach(%s of %q, %q) = %v, want ok %v", tt.g.Scope, tt.g.Agency, tt.agency, err, tt.ok)
		}
	}
}

func TestCheckWrite(t *testing.T) {
	hr := auth.Grant{Principal: auth.Principal{Subject: "hr", Agency: "DINKES"}, Scope: auth.ScopeAgency}
	tests := []struct {
		name, agency, etag string
		want               errs.Kind // -1: no error
	}{
		{"reached, etag matches", "DINKES", "v3", -1},
		{"reached, no etag", "DINKES", "", -1},
		{"reached, stale etag", "DINKES", "v2", errs.Conflict},
		{"not reached, stale etag: the grant first", "DISDIK", "v2", errs.PermissionDenied},
	}
	for _, tt := range tests {
		err := resource.CheckWrite(hr, tt.agency, "offices/1", tt.etag, 3)
		if got := kindOf(err); got != tt.want {
			t.Errorf("%s: CheckWrite = %v (kind %v), want kind %v", tt.name, err, got, tt.want)
		}
	}
}

func TestRequireSees(t *testing.T) {
	// In this tree, S supervises A; B is elsewhere.
	isUnder := func(_ context.Context, supervisor, nip string) (bool, error) {
		if nip == "broken" {
			return false, errors.New("directory down")
		}
		return supervisor == "S" && nip == "A", nil
	}
	grant := func(sub string, s auth.Scope, agency string) auth.Grant {
		return auth.Grant{Principal: auth.Principal{Subject: sub, Agency: agency}, Scope: s}
	}
	tests := []struct {
		name   string
		g      auth.Grant
		nip    string
		agency string
		want   errs.Kind // 0 when allowed; -1 for a plain error
	}{
		{"all", grant("X", auth.ScopeAll, ""), "B", "DISDIK", 0},
		{"agency, own", grant("X", auth.ScopeAgency, "DINKES"), "B", "DINKES", 0},
		{"agency, other", grant("X", auth.ScopeAgency, "DINKES"), "B", "DISDIK", errs.PermissionDenied},
		{"agency, none", grant("X", auth.ScopeAgency, ""), "B", "", errs.PermissionDenied},
		{"subordinates, self", grant("S", auth.ScopeSubordinates, "DINKES"), "S", "DINKES", 0},
		{"subordinates, below", grant("S", auth.ScopeSubordinates, "DINKES"), "A", "DINKES", 0},
		{"subordinates, elsewhere", grant("S", auth.ScopeSubordinates, "DINKES"), "B", "DINKES", errs.PermissionDenied},
		{"subordinates, lookup fails", grant("S", auth.ScopeSubordinates, "DINKES"), "broken", "DINKES", -1},
		{"self, own", grant("A", auth.ScopeSelf, "DINKES"), "A", "DINKES", 0},
		{"self, other", grant("A", auth.ScopeSelf, "DINKES"), "S", "DINKES", errs.PermissionDenied},
		{"none", grant("A", auth.ScopeNone, "DINKES"), "A", "DINKES", errs.PermissionDenied},
	}
	for _, tt := range tests {
		err := resource.RequireSees(context.Background(), tt.g, tt.nip, tt.agency, isUnder)
		switch {
		case tt.want == 0 && err != nil:
			t.Errorf("%s: %v, want allowed", tt.name, err)
		case tt.want != 0 && kindOf(err) != tt.want:
			t.Errorf("%s: %v, want kind %v", tt.name, err, tt.want)
		}
	}
}

// A change by a caller without reach reads the same for a missing resource as for one of
// another agency; a city-wide caller learns that it does not exist.
func TestChangeMissing(t *testing.T) {
	hr := auth.Grant{Principal: auth.Principal{Subject: "hr1", Agency: "DINKES"}, Scope: auth.ScopeAgency}
	city := auth.Grant{Principal: auth.Principal{Subject: "city1"}, Scope: auth.ScopeAll}
	notFound := errs.NotFoundf("employee 1 does not exist")
	missing := resource.ChangeMissing(hr, "employees/1", notFound)
	other := resource.CheckWrite(hr, "DISKOMINFO", "employees/1", "", 1)
	if !errs.IsKind(missing, errs.PermissionDenied) || missing.Error() != other.Error() {
		t.Errorf("missing: %v; other agency: %v; want the same PermissionDenied", missing, other)
	}
	if strings.Contains(other.Error(), "DISKOMINFO") {
		t.Errorf("the refusal names the resource's agency: %v", other)
	}
	if got := resource.ChangeMissing(city, "employees/1", notFound); got != notFound {
		t.Errorf("city-wide caller: %v, want the NotFound", got)
	}
}
