package session

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// LoginLifetime is how long a started sign-in may take: from /auth/login to the provider's
// redirect back to /auth/callback.
const LoginLifetime = 10 * time.Minute

// OIDCConfig is the gateway's registration at the city's OpenID Connect provider.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL; its discovery document is at
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID and ClientSecret are the gateway's client; the secret is empty for a public
	// client (PKCE protects the code either way).
	ClientID, ClientSecret string
	// RedirectURL is the gateway's /auth/callback as the browser reaches it.
	RedirectURL string
	// Scopes are asked for; "openid" is always among them.
	Scopes []string
	// HTTPClient talks to the provider; nil means one with a 10-second timeout.
	HTTPClient *http.Client
}

// OIDC is the gateway's client of the provider. The provider is discovered at the first sign-in
// (and again after a failed discovery), so the gateway starts while the provider is down.
type OIDC struct {
	cfg    OIDCConfig
	client *http.Client

	mu sync.Mutex
	d  *discovered
}

type discovered struct {
	verifier   *oidc.IDTokenVerifier
	oauth      oauth2.Config
	endSession string
}

// NewOIDC returns the client of cfg's provider without contacting it.
func NewOIDC(cfg OIDCConfig) *OIDC {
	if !slices.Contains(cfg.Scopes, oidc.ScopeOpenID) {
		cfg.Scopes = append([]string{oidc.ScopeOpenID}, cfg.Scopes...)
	}
	c := cfg.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return &OIDC{cfg: cfg, client: c}
}

// The codes of a failed sign-in, for the portal (/?signin_error=<code>) and the log.
const (
	ErrCodeUnavailable = "unavailable"  // the provider could not be reached or discovered
	ErrCodeState       = "state"        // no, an expired or a tampered login state, or another state
	ErrCodeDenied      = "denied"       // the user or the provider refused (error=access_denied)
	ErrCodeProvider    = "provider"     // the provider answered another error
	ErrCodeExchange    = "exchange"     // the code was not exchanged (wrong PKCE verifier, reused code)
	ErrCodeIDToken     = "id_token"     // no valid ID token, or its nonce is not the one sent
	ErrCodeAccessToken = "access_token" // the access token is not one the services accept
	// ErrCodeRefreshToken: the refresh token, sealed, is longer than a cookie holds; the session
	// could not be renewed, so the sign-in fails now rather than ending with the access token.
	ErrCodeRefreshToken = "refresh_token"
)

// FlowError is a failed sign-in: Code says which step failed (ErrCode…), Err why.
type FlowError struct {
	Code string
	Err  error
}

// Error says which step failed and why.
func (e *FlowError) Error() string { return "sign-in " + e.Code + ": " + e.Err.Error() }

// Unwrap returns why the step failed.
func (e *FlowError) Unwrap() error { return e.Err }

// Fail returns a FlowError with code.
func Fail(code string, err error) error { return &FlowError{Code: code, Err: err} }

func (o *OIDC) ctx(ctx context.Context) context.Context { return oidc.ClientContext(ctx, o.client) }

// provider returns the discovered provider, discovering it now if it is not yet.
func (o *OIDC) provider(ctx context.Context) (*discovered, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.d != nil {
		return o.d, nil
	}
	p, err := oidc.NewProvider(o.ctx(ctx), o.cfg.Issuer)
	if err != nil {
		return nil, Fail(ErrCodeUnavailable, fmt.Errorf("discovering %s: %w", o.cfg.Issuer, err))
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, Fail(ErrCodeUnavailable, fmt.Errorf("reading the discovery document of %s: %w", o.cfg.Issuer, err))
	}
	o.d = &discovered{
		verifier: p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}),
		oauth: oauth2.Config{
			ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: o.cfg.Scopes,
		},
		endSession: meta.EndSession,
	}
	return o.d, nil
}

// LoginState is what the gateway keeps, sealed in a cookie, between sending the browser to the
// provider and its return: the PKCE verifier, the state and the nonce sent, and where to go
// after signing in.
type LoginState struct {
	Verifier string `json:"v"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Return   string `json:"r"`
	Created  int64  `json:"t"` // Unix seconds
}

// Expired reports whether the sign-in started more than LoginLifetime before now.
func (s LoginState) Expired(now time.Time) bool {
	return now.Sub(time.Unix(s.Created, 0)) > LoginLifetime
}

// Start begins a sign-in that returns to returnPath: it returns the provider's authorization
// URL, carrying a new state, nonce and S256 PKCE challenge, and the state to keep.
func (o *OIDC) Start(ctx context.Context, returnPath string, now time.Time) (string, LoginState, error) {
	d, err := o.provider(ctx)
	if err != nil {
		return "", LoginState{}, err
	}
	st := LoginState{Verifier: oauth2.GenerateVerifier(), State: randomString(), Nonce: randomString(), Return: returnPath, Created: now.Unix()}
	u := d.oauth.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	return u, st, nil
}

// Finish completes a sign-in the provider sent back with code: it exchanges the code with the
// kept PKCE verifier, verifies the ID token and its nonce, and returns the access token.
func (o *OIDC) Finish(ctx context.Context, st LoginState, code string) (*oauth2.Token, error) {
	d, err := o.provider(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := d.oauth.Exchange(o.ctx(ctx), code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return nil, Fail(ErrCodeExchange, fmt.Errorf("exchanging the code: %w", err))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, Fail(ErrCodeIDToken, errors.New("the token response has no id_token"))
	}
	idt, err := d.verifier.Verify(o.ctx(ctx), raw)
	if err != nil {
		return nil, Fail(ErrCodeIDToken, fmt.Errorf("verifying the ID token: %w", err))
	}
	if idt.Nonce != st.Nonce {
		return nil, Fail(ErrCodeIDToken, errors.New("the ID token's nonce is not the one sent"))
	}
	if tok.AccessToken == "" {
		return nil, Fail(ErrCodeAccessToken, errors.New("the token response has no access_token"))
	}
	return tok, nil
}

// LogoutURL is the provider's end_session_endpoint, asking it to send the browser back to
// postLogout, or "" when the provider has none or cannot be reached.
func (o *OIDC) LogoutURL(ctx context.Context, postLogout string) string {
	d, err := o.provider(ctx)
	if err != nil || d.endSession == "" {
		return ""
	}
	u, err := url.Parse(d.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", o.cfg.ClientID)
	if postLogout != "" {
		q.Set("post_logout_redirect_uri", postLogout)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// randomString returns 32 random bytes in URL-safe base64.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
