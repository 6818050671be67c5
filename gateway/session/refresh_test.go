package session_test

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/simpeg-id/simpeg/gateway/session"
	"github.com/simpeg-id/simpeg/gateway/session/sessiontest"
)

func TestRefreshExpiresIn(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]any
		want  time.Duration
	}{
		{"Keycloak's JSON number", map[string]any{"refresh_expires_in": float64(1800)}, 30 * time.Minute},
		{"a form-encoded answer", map[string]any{"refresh_expires_in": "90"}, 90 * time.Second},
		{"offline token", map[string]any{"refresh_expires_in": float64(0)}, 0},
		{"not said", map[string]any{}, 0},
		{"not a number", map[string]any{"refresh_expires_in": "soon"}, 0},
	}
	for _, tt := range tests {
		tok := (&oauth2.Token{AccessToken: "a"}).WithExtra(tt.extra)
		if got := session.RefreshExpiresIn(tok); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestRefresh checks the refresh_token grant against the test provider: a new access token and
// the rotated refresh token; the used one, an unknown one, a revoked one and a wrong client
// secret refused (ErrRefused); the provider down is not a refusal.
func TestRefresh(t *testing.T) {
	p := sessiontest.Start(t)
	p.SetRefresh(sessiontest.Refresh{TTL: time.Hour, Rotate: true})
	u := sessiontest.User{Subject: "199001012020011001", Roles: []string{"employee"}}
	p.SignIn(u)
	o := session.NewOIDC(session.OIDCConfig{Issuer: p.URL, ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: "http://127.0.0.1/auth/callback"})

	// A refresh token as the code exchange gives it: sign in through the provider's endpoints.
	first := signIn(t, p, o)
	tok, err := o.Refresh(t.Context(), first)
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.RefreshToken == first || session.RefreshExpiresIn(tok) != time.Hour {
		t.Fatalf("refresh: %+v, %v", tok, err)
	}
	if p.Refreshes() != 1 {
		t.Errorf("%d refreshes", p.Refreshes())
	}

	refused := []struct {
		name  string
		token func() string
		want  string // in the provider's refusal
	}{
		{"the rotated-out token", func() string { return first }, "invalid_grant"},
		{"an unknown token", func() string { return "nope" }, "invalid_grant"},
		{"a revoked token", func() string { p.RevokeRefreshTokens(); return tok.RefreshToken }, "invalid_grant"},
	}
	for _, tt := range refused {
		if _, err := o.Refresh(t.Context(), tt.token()); !errors.Is(err, session.ErrRefused) {
			t.Errorf("%s: %v, want ErrRefused", tt.name, err)
		}
		if got := p.LastTokenError(); len(got) < len(tt.want) || got[:len(tt.want)] != tt.want {
			t.Errorf("%s: the provider's refusal %q", tt.name, got)
		}
	}

	wrong := session.NewOIDC(session.OIDCConfig{Issuer: p.URL, ClientID: p.ClientID, ClientSecret: "wrong", RedirectURL: "http://127.0.0.1/auth/callback"})
	if _, err := wrong.Refresh(t.Context(), signIn(t, p, o)); !errors.Is(err, session.ErrRefused) {
		t.Errorf("a wrong client secret: %v, want ErrRefused", err)
	}

	live := signIn(t, p, o)
	p.SetDown(true)
	if _, err := o.Refresh(t.Context(), live); err == nil || errors.Is(err, session.ErrRefused) {
		t.Errorf("the provider down: %v, want an error that is not ErrRefused", err)
	}
	down := session.NewOIDC(session.OIDCConfig{Issuer: p.URL, ClientID: p.ClientID, RedirectURL: "http://127.0.0.1/auth/callback"})
	if _, err := down.Refresh(t.Context(), live); err == nil || errors.Is(err, session.ErrRefused) {
		t.Errorf("the provider down before its discovery: %v, want an error that is not ErrRefused", err)
	}
	p.SetDown(false)
	if _, err := o.Refresh(t.Context(), live); err != nil {
		t.Errorf("the provider back: %v", err)
	}
}

// signIn signs the provider's user in through o, as the gateway does, and returns the refresh
// token of the code exchange.
func signIn(t *testing.T, p *sessiontest.Provider, o *session.OIDC) string {
	t.Helper()
	authURL, st, err := o.Start(t.Context(), "/", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := sessiontest.Browser{T: t}
	at := b.Do("GET", authURL, "", nil)
	code := sessiontest.Query(t, at.Location()).Get("code")
	tok, err := o.Finish(t.Context(), st, code)
	if err != nil || tok.RefreshToken == "" {
		t.Fatalf("sign-in: %+v, %v (the provider: %q)", tok, err, p.LastTokenError())
	}
	return tok.RefreshToken
}
