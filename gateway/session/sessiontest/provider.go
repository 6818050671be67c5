// Package sessiontest is an OpenID Connect provider for tests: discovery, an authorization
// endpoint that signs the configured user in at once and redirects back with a code, a token
// endpoint that checks the PKCE verifier against the challenge and, when asked (SetRefresh),
// gives refresh tokens and renews with them (rotating them, revoking them, answering slowly),
// and a JWKS with an Ed25519 key. It can be made unavailable (SetDown).
// Its access tokens carry simpeg's claims (roles, agency), so the services verify them when
// SIMPEG_AUTH_JWKS_URL and SIMPEG_AUTH_ISSUER point at it.
package sessiontest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// User is who signs in at the provider's authorization endpoint.
type User struct {
	Subject string   // the employee's NIP
	Roles   []string // simpeg roles, in the access token's "roles" claim
	Agency  string   // the "agency" claim; empty for city-wide roles
	Name    string   // the ID token's "name" claim
	// Extra claims for the access token, e.g. a provider's groups.
	Extra map[string]any
}

// Authorization is what the provider's authorization endpoint was last asked.
type Authorization struct {
	ClientID, RedirectURI, State, Nonce, Challenge, ChallengeMethod, Scope, ResponseType string
}

type grant struct {
	auth Authorization
	user User
	used bool
}

// Refresh says how the provider gives and takes refresh tokens.
type Refresh struct {
	// TTL, when positive, makes a code exchange give a refresh token too. A refresh token works
	// for TTL after it was issued, and each refresh gives one for TTL again (Keycloak's SSO
	// Session Idle).
	TTL time.Duration
	// HideExpiry leaves refresh_expires_in out of the token responses, as most providers but
	// Keycloak do.
	HideExpiry bool
	// Rotate makes every refresh give a new refresh token and end the one used (Keycloak's
	// Revoke Refresh Token with a reuse count of 0). Without it, a refresh gives a new refresh
	// token and the used one goes on working (Keycloak's default).
	Rotate bool
	// Size is the refresh tokens' length in characters; 0 means 32.
	Size int
	// Delay holds every refresh answer back, so concurrent refreshes overlap.
	Delay time.Duration
}

// refreshGrant is a refresh token given out.
type refreshGrant struct {
	user    User
	expires time.Time
	ended   bool // rotated or revoked
}

// Provider is a running test provider. Its issuer is URL.
type Provider struct {
	URL                    string
	ClientID, ClientSecret string
	// Audience is the access tokens' audience: the services' SIMPEG_AUTH_AUDIENCE.
	Audience string
	// TokenTTL is the access tokens' lifetime; set it before the provider is used, or with
	// SetTokenTTL while it is.
	TokenTTL time.Duration

	srv *httptest.Server
	key ed25519.PrivateKey
	kid string

	mu        sync.Mutex
	user      User
	codes     map[string]*grant
	last      Authorization
	tokenErr  string // the last token endpoint refusal
	refresh   Refresh
	refreshes map[string]*refreshGrant
	renewed   int // refresh grants answered with new tokens
	down      bool
}

// Start runs a provider for t with client "simpeg-portal" (secret "portal-secret"), access
// tokens for audience "simpeg" living an hour, until t ends.
func Start(t testing.TB) *Provider {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{ClientID: "simpeg-portal", ClientSecret: "portal-secret", Audience: "simpeg", TokenTTL: time.Hour,
		key: key, kid: "test-key", codes: map[string]*grant{}, refreshes: map[string]*refreshGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /jwks", p.jwks)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			http.Error(w, "the provider is down for maintenance", http.StatusServiceUnavailable)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	p.URL = p.srv.URL
	t.Cleanup(p.srv.Close)
	return p
}

// JWKSURL is the provider's key set: the services' SIMPEG_AUTH_JWKS_URL.
func (p *Provider) JWKSURL() string { return p.URL + "/jwks" }

// EndSessionURL is the provider's end_session_endpoint.
func (p *Provider) EndSessionURL() string { return p.URL + "/logout" }

// SignIn sets who the authorization endpoint signs in from now on.
func (p *Provider) SignIn(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user = u
}

// LastAuthorization returns the parameters of the last authorization request.
func (p *Provider) LastAuthorization() Authorization {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// SetTokenTTL sets the lifetime of the access tokens issued from now on.
func (p *Provider) SetTokenTTL(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.TokenTTL = d
}

func (p *Provider) tokenTTL() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.TokenTTL
}

// SetRefresh sets how the provider gives and takes refresh tokens from now on.
func (p *Provider) SetRefresh(r Refresh) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refresh = r
}

// RevokeRefreshTokens ends every refresh token given so far, as an administrator signing people
// out, or the end of the provider's session, does: using one is refused with invalid_grant.
func (p *Provider) RevokeRefreshTokens() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, g := range p.refreshes {
		g.ended = true
	}
}

// Refreshes returns how many refreshes the token endpoint answered with new tokens.
func (p *Provider) Refreshes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.renewed
}

// SetDown makes every endpoint of the provider answer 503 (down), or answer again.
func (p *Provider) SetDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

// LastTokenError returns why the token endpoint last refused a code or a refresh token ("" if
// it never did).
func (p *Provider) LastTokenError() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tokenErr
}

// AccessToken signs an access token as the provider would issue it, e.g. a city-hr token for
// a test's set-up or a service token (scope "planning.read").
func (p *Provider) AccessToken(t testing.TB, u User, scope string) string {
	t.Helper()
	tok, err := p.accessToken(u, scope)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (p *Provider) sign(claims ...any) (string, error) {
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: p.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", p.kid))
	if err != nil {
		return "", err
	}
	b := jwt.Signed(sig)
	for _, c := range claims {
		b = b.Claims(c)
	}
	return b.Serialize()
}

func (p *Provider) accessToken(u User, scope string) (string, error) {
	now, ttl := time.Now(), p.tokenTTL()
	return p.sign(jwt.Claims{
		Issuer: p.URL, Subject: u.Subject, Audience: jwt.Audience{p.Audience}, ID: randomString(),
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(ttl)),
	}, map[string]any{"roles": u.Roles, "agency": u.Agency, "scope": scope}, u.Extra)
}

func (p *Provider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.URL,
		"authorization_endpoint":                p.URL + "/authorize",
		"token_endpoint":                        p.URL + "/token",
		"jwks_uri":                              p.JWKSURL(),
		"end_session_endpoint":                  p.EndSessionURL(),
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"EdDSA"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: p.key.Public(), KeyID: p.kid, Algorithm: "EdDSA", Use: "sig"}}})
}

// authorize signs the configured user in at once and redirects back with a code.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := Authorization{
		ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"), State: q.Get("state"), Nonce: q.Get("nonce"),
		Challenge: q.Get("code_challenge"), ChallengeMethod: q.Get("code_challenge_method"), Scope: q.Get("scope"), ResponseType: q.Get("response_type"),
	}
	p.mu.Lock()
	p.last = a
	user := p.user
	p.mu.Unlock()
	if a.ClientID != p.ClientID || a.ResponseType != "code" || a.RedirectURI == "" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(a.RedirectURI)
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	bq := back.Query()
	bq.Set("state", a.State)
	if user.Subject == "" {
		bq.Set("error", "access_denied")
	} else {
		code := randomString()
		p.mu.Lock()
		p.codes[code] = &grant{auth: a, user: user}
		p.mu.Unlock()
		bq.Set("code", code)
	}
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token exchanges a code, checking the client, the redirect URI and the PKCE verifier.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		p.refuse(w, "invalid_request", "unreadable form")
		return
	}
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.ClientID || secret != p.ClientSecret {
		p.refuse(w, "invalid_client", "unknown client or wrong secret")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
	case "refresh_token":
		p.refreshGrant(w, r.PostForm.Get("refresh_token"))
		return
	default:
		p.refuse(w, "unsupported_grant_type", "want authorization_code or refresh_token")
		return
	}
	p.mu.Lock()
	g := p.codes[r.PostForm.Get("code")]
	used := g != nil && g.used
	if g != nil {
		g.used = true
	}
	p.mu.Unlock()
	switch {
	case g == nil || used:
		p.refuse(w, "invalid_grant", "unknown or used code")
		return
	case r.PostForm.Get("redirect_uri") != g.auth.RedirectURI:
		p.refuse(w, "invalid_grant", "redirect_uri differs")
		return
	case g.auth.ChallengeMethod != "S256" || s256(r.PostForm.Get("code_verifier")) != g.auth.Challenge:
		p.refuse(w, "invalid_grant", "PKCE verifier does not match the challenge")
		return
	}
	p.mu.Lock()
	refresh := p.refresh
	p.mu.Unlock()
	p.answer(w, g.user, g.auth.Nonce, refresh)
}

// refreshGrant renews with a refresh token: a new access token, and a new refresh token that
// ends the used one when the provider rotates them.
func (p *Provider) refreshGrant(w http.ResponseWriter, token string) {
	p.mu.Lock()
	refresh := p.refresh
	p.mu.Unlock()
	time.Sleep(refresh.Delay)
	p.mu.Lock()
	g := p.refreshes[token]
	why := ""
	switch {
	case g == nil:
		why = "unknown refresh token"
	case g.ended:
		why = "Token is not active (revoked, or rotated and used again)"
	case time.Now().After(g.expires):
		why = "Token is not active (expired: the session's idle time is over)"
	}
	if why == "" && refresh.Rotate {
		g.ended = true
	}
	if why == "" {
		p.renewed++
	}
	p.mu.Unlock()
	if why != "" {
		p.refuse(w, "invalid_grant", why)
		return
	}
	p.answer(w, g.user, "", refresh)
}

// answer writes a token response for u: an access token, an ID token (with nonce, when there is
// one) and, when refresh.TTL is positive, a new refresh token.
func (p *Provider) answer(w http.ResponseWriter, u User, nonce string, refresh Refresh) {
	access, err := p.accessToken(u, "")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	now, ttl := time.Now(), p.tokenTTL()
	extra := map[string]any{"name": u.Name}
	if nonce != "" {
		extra["nonce"] = nonce
	}
	idt, err := p.sign(jwt.Claims{
		Issuer: p.URL, Subject: u.Subject, Audience: jwt.Audience{p.ClientID},
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(ttl)),
	}, extra)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	out := map[string]any{
		"access_token": access, "id_token": idt, "token_type": "Bearer", "expires_in": int(ttl.Seconds()),
	}
	if refresh.TTL > 0 {
		rt := randomString()
		for len(rt) < refresh.Size {
			rt += randomString()
		}
		if refresh.Size > 0 {
			rt = rt[:refresh.Size]
		} else {
			rt = rt[:min(32, len(rt))]
		}
		p.mu.Lock()
		p.refreshes[rt] = &refreshGrant{user: u, expires: now.Add(refresh.TTL)}
		p.mu.Unlock()
		out["refresh_token"] = rt
		if !refresh.HideExpiry {
			out["refresh_expires_in"] = int(refresh.TTL.Seconds())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (p *Provider) refuse(w http.ResponseWriter, code, why string) {
	p.mu.Lock()
	p.tokenErr = code + ": " + why
	p.mu.Unlock()
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code, "error_description": why})
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Tamper flips one character of s in its middle, for tests of tampered values.
func Tamper(s string) string {
	if s == "" {
		return "x"
	}
	i := len(s) / 2
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

// CheckRedirect is an http.Client CheckRedirect that stops at the first redirect, so a test
// walks the sign-in one hop at a time.
func CheckRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Query returns the query of a Location header, or fails t.
func Query(t testing.TB, location string) url.Values {
	t.Helper()
	u, err := url.Parse(location)
	if err != nil {
		t.Fatalf("Location %q: %v", location, err)
	}
	return u.Query()
}
