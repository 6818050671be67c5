package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestVerifierRefusesLongTokens: a token living longer than its bound (exp - iat, or exp - now
// without iat) is refused with ErrTooLong naming the setting; people and service clients have
// separate bounds.
func TestVerifierRefusesLongTokens(t *testing.T) {
	t.Parallel()
	keyFile, _ := testenv.Keys(t, issuer, audience)
	key := privateKey(t, keyFile)
	v, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, KeyFile: keyFile, MaxLifetime: 24 * time.Hour, MaxServiceLifetime: 90 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	person, service := extra{Roles: []string{"employee"}}, extra{Roles: []string{"service"}, Scope: "planning.read"}
	both := extra{Roles: []string{"service", "city-hr"}}
	tests := []struct {
		name    string
		iat     time.Time // zero: no iat
		ttl     time.Duration
		x       extra
		tooLong bool
	}{
		{"person, 24 h", now, 24 * time.Hour, person, false},
		{"person, 25 h", now, 25 * time.Hour, person, true},
		{"person, a year", now, 365 * 24 * time.Hour, person, true},
		{"person, issued 20 h ago for 30 h", now.Add(-20 * time.Hour), 30 * time.Hour, person, true},
		{"person, no iat, 23 h left", time.Time{}, 23 * time.Hour, person, false},
		{"person, no iat, 2 days left", time.Time{}, 48 * time.Hour, person, true},
		{"service, 90 days", now, 90 * 24 * time.Hour, service, false},
		{"service, a year", now, 365 * 24 * time.Hour, service, true},
		{"service and a person's role, 2 days", now, 48 * time.Hour, both, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			std := jwt.Claims{Issuer: issuer, Subject: "s", Audience: jwt.Audience{audience}, Expiry: jwt.NewNumericDate(now.Add(tt.ttl))}
			if !tt.iat.IsZero() {
				std.IssuedAt = jwt.NewNumericDate(tt.iat)
				std.Expiry = jwt.NewNumericDate(tt.iat.Add(tt.ttl))
			}
			_, err := v.Verify(context.Background(), sign(t, jose.EdDSA, key, "", std, tt.x))
			if tt.tooLong != errors.Is(err, auth.ErrTooLong) {
				t.Fatalf("Verify = %v, want ErrTooLong %v", err, tt.tooLong)
			}
		})
	}
}

// TestRenewing: the token is reissued once half its lifetime has passed, and verifies.
func TestRenewing(t *testing.T) {
	t.Parallel()
	keyFile, signer := testenv.Keys(t, issuer, audience)
	v, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, KeyFile: keyFile, MaxLifetime: time.Hour, MaxServiceLifetime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	r, err := auth.NewRenewing(signer, auth.Principal{Subject: "attendance", Roles: []auth.Role{auth.RoleService}}, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := r.Token()
	if again, _ := r.Token(); again != first {
		t.Error("token renewed before half its lifetime")
	}
	time.Sleep(1100 * time.Millisecond)
	second, err := r.Token()
	if err != nil || second == first {
		t.Fatalf("token not renewed after half its lifetime: %v", err)
	}
	if _, err := v.Verify(context.Background(), second); err != nil {
		t.Fatalf("renewed token refused: %v", err)
	}
}
