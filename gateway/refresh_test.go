package gateway

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/gateway/session"
	"github.com/simpeg-id/simpeg/gateway/session/sessiontest"
	"github.com/simpeg-id/simpeg/platform/auth"
)

// keycloakLike is a provider's refresh tokens as Keycloak gives them with Revoke Refresh Token
// on: rotated at every refresh, working 30 minutes (SSO Session Idle) from the last one.
var keycloakLike = sessiontest.Refresh{TTL: 30 * time.Minute, Rotate: true}

// renewEnv is a gateway signing people in at a provider whose access tokens live ttl and whose
// refresh tokens are as r says.
func renewEnv(t *testing.T, ttl time.Duration, r sessiontest.Refresh, change func(*Config)) (*testEnv, *sessiontest.Provider) {
	t.Helper()
	p := sessiontest.Start(t)
	p.TokenTTL = ttl
	p.SetRefresh(r)
	p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}, Agency: "DISKOMINFO", Name: "Siti Aminah"})
	return oidcEnvOf(t, p, change), p
}

// ahead sets env's session clock d ahead of the real one.
func ahead(env *testEnv, d time.Duration) { env.gw.signIn.ahead.Store(int64(d)) }

// apiCall reads an employee with the jar's cookies and returns the answer and the Authorization
// the service got: "" for none, "-" when it was not called.
func apiCall(env *testEnv, b sessiontest.Browser, jar sessiontest.Jar, header map[string]string) (sessiontest.Response, string) {
	before, _ := env.up.fake.last()
	r := b.Do("GET", "/v1/"+nameOK, "", header, jar.All()...)
	after, md := env.up.fake.last()
	if after == before {
		return r, "-"
	}
	for k, v := range md {
		if strings.Contains(strings.ToLower(k), "cookie") || strings.Contains(strings.Join(v, " "), refreshCookie) {
			b.T.Errorf("the service got a cookie as %s: %v", k, v)
		}
	}
	return r, first(md.Get("authorization"))
}

// openRefresh opens a refresh cookie as the gateway does.
func openRefresh(t *testing.T, env *testEnv, c *http.Cookie) session.RefreshState {
	t.Helper()
	if c == nil {
		t.Fatal("no refresh cookie")
	}
	plain, err := env.gw.signIn.sealer.Open(c.Value, refreshCookie)
	var st session.RefreshState
	if err == nil {
		err = json.Unmarshal(plain, &st)
	}
	if err != nil {
		t.Fatalf("the refresh cookie does not open: %v", err)
	}
	return st
}

// wantCleared checks an answer removes both session cookies.
func wantCleared(t *testing.T, what string, r sessiontest.Response) {
	t.Helper()
	for _, name := range []string{sessionCookie, refreshCookie} {
		if c := r.Cookies[name]; c == nil || c.MaxAge >= 0 || c.Value != "" {
			t.Errorf("%s: cookie %s not cleared: %+v", what, name, c)
		}
	}
}

// TestSessionRenewed walks a session past its access tokens' lives: signed in with a refresh
// cookie beside the session cookie; no renewal while the token has more than a minute; renewed
// within the last minute and after it expired, the service getting the new token and both
// cookies set anew with the rotated refresh token; the old cookies, sent again within a minute,
// get the same renewal without asking the provider again.
func TestSessionRenewed(t *testing.T) {
	env, p := renewEnv(t, 5*time.Minute, keycloakLike, nil)
	b := sessiontest.Browser{T: t, Base: env.srv.URL}
	jar := b.SignInCookies()
	wantSessionCookie(t, jar[sessionCookie], false, 30*time.Minute)
	wantSessionCookie(t, jar[refreshCookie], false, 30*time.Minute)
	st := openRefresh(t, env, jar[refreshCookie])
	if st.Token == "" || strings.Contains(jar[refreshCookie].Value, st.Token) || st.Subject != nipOK || time.Since(st.StartedAt()) > time.Minute {
		t.Errorf("the refresh cookie holds %+v", st)
	}
	at1 := jar[sessionCookie].Value

	steps := []struct {
		name      string
		clock     time.Duration
		refreshes int  // the provider's renewals so far
		renewed   bool // the answer sets both cookies anew
	}{
		{"fresh token", 0, 0, false},
		{"two minutes left", 3 * time.Minute, 0, false},
		// The provider issues tokens on the real clock: each renewed token has its whole life
		// ahead at the clock 0.
		{"thirty seconds left", 4*time.Minute + 30*time.Second, 1, true},
		{"the renewed token fresh", 0, 1, false},
		{"the renewed token expired", 5*time.Minute + 5*time.Second, 2, true},
	}
	var old sessiontest.Jar
	for _, s := range steps {
		ahead(env, s.clock)
		before := jar[sessionCookie].Value
		r, authz := apiCall(env, b, jar, nil)
		if r.Status != http.StatusOK || p.Refreshes() != s.refreshes {
			t.Fatalf("%s: %d %s, %d renewals, want %d", s.name, r.Status, r.Body, p.Refreshes(), s.refreshes)
		}
		if !s.renewed {
			if authz != "Bearer "+before || len(r.Cookies) != 0 {
				t.Errorf("%s: the service got %q, cookies %v; want the cookie's token and no cookies", s.name, authz, r.Cookies)
			}
			continue
		}
		if old == nil {
			old = sessiontest.Jar{sessionCookie: jar[sessionCookie], refreshCookie: jar[refreshCookie]}
		}
		prev := openRefresh(t, env, jar[refreshCookie])
		jar.Update(r)
		now := jar[sessionCookie].Value
		if now == before || authz != "Bearer "+now {
			t.Errorf("%s: the service got %q, the new cookie holds %q (the old %q)", s.name, authz, now, before)
		}
		wantSessionCookie(t, r.Cookies[sessionCookie], false, 30*time.Minute)
		wantSessionCookie(t, r.Cookies[refreshCookie], false, 30*time.Minute)
		if next := openRefresh(t, env, jar[refreshCookie]); next.Token == prev.Token || next.Started != st.Started || next.Subject != nipOK {
			t.Errorf("%s: the refresh state went from %+v to %+v: want the rotated token, the same start", s.name, prev, next)
		}
	}

	// The first renewal's cookies, sent again (a request that left before they arrived), get
	// its result; the provider, which ended that refresh token, is not asked with it again.
	ahead(env, 4*time.Minute+40*time.Second)
	r, authz := apiCall(env, b, old, nil)
	if r.Status != http.StatusOK || authz == "Bearer "+at1 || authz == "" || p.Refreshes() != 2 || p.LastTokenError() != "" {
		t.Errorf("the old cookies again: %d, the service got %q, %d renewals, the provider's refusal %q", r.Status, authz, p.Refreshes(), p.LastTokenError())
	}

	// Who is signed in, renewed on the way, with Secure cookies behind a TLS proxy.
	ahead(env, 16*time.Minute)
	s := b.Do("GET", sessionPath, "", map[string]string{"X-Forwarded-Proto": "https"}, jar.All()...)
	info := decodeJSON[sessionInfo](t, response{status: s.Status, body: s.Body})
	if s.Status != 200 || !info.SignedIn || info.Subject != nipOK || p.Refreshes() != 3 {
		t.Errorf("GET /auth/session: %d %s, %d renewals", s.Status, s.Body, p.Refreshes())
	}
	wantSessionCookie(t, s.Cookies[sessionCookie], true, 30*time.Minute)
	wantSessionCookie(t, s.Cookies[refreshCookie], true, 30*time.Minute)
	jar.Update(s)

	// Logout clears both.
	out := b.Do("POST", logoutPath, "{}", portalHeaders, jar.All()...)
	wantCleared(t, "logout", out)
}

// TestSessionRenewedAfterExpiry checks, on the real clock, that a session whose access token
// lives 2 s goes on after it expired: the call after expiry carries a new token.
func TestSessionRenewedAfterExpiry(t *testing.T) {
	env, p := renewEnv(t, 2*time.Second, keycloakLike, nil)
	b := sessiontest.Browser{T: t, Base: env.srv.URL}
	jar := b.SignInCookies()
	old := jar[sessionCookie].Value
	if r, authz := apiCall(env, b, jar, nil); r.Status != 200 || authz != "Bearer "+old || p.Refreshes() != 0 {
		t.Fatalf("at once: %d, the service got %q, %d renewals", r.Status, authz, p.Refreshes())
	}
	exp, _ := tokenTimes(old)
	time.Sleep(time.Until(exp) + 50*time.Millisecond)
	r, authz := apiCall(env, b, jar, nil)
	jar.Update(r)
	if r.Status != 200 || p.Refreshes() != 1 || jar[sessionCookie].Value == old || authz != "Bearer "+jar[sessionCookie].Value {
		t.Errorf("after expiry: %d, the service got %q, %d renewals", r.Status, authz, p.Refreshes())
	}
	if e, _ := tokenTimes(jar[sessionCookie].Value); !e.After(time.Now()) {
		t.Errorf("the renewed token expires at %s", e)
	}
}

// TestSessionConcurrentRenewals checks a rotating provider with one browser's requests at once:
// at one replica they share one renewal; at another replica, which cannot know of it, the
// rotated-out refresh token is refused, and the request goes on with the old token while it is
// valid, else unauthenticated with the cookies cleared — never a 500.
func TestSessionConcurrentRenewals(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "session.key")
	if err := os.WriteFile(keyFile, []byte(strings.Repeat("ab", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := keycloakLike
	r.Delay = 200 * time.Millisecond
	env, p := renewEnv(t, 5*time.Minute, r, func(c *Config) { c.SessionKeyFile = keyFile })
	replica := func() *testEnv {
		return oidcEnvOf(t, p, func(c *Config) { c.SessionKeyFile = keyFile; c.OIDC.RedirectURL = env.srv.URL + callbackPath })
	}
	b := sessiontest.Browser{T: t, Base: env.srv.URL}
	jar := b.SignInCookies()
	old := jar[sessionCookie].Value
	ahead(env, 6*time.Minute)

	const n = 8
	var wg sync.WaitGroup
	statuses, tokens := make([]int, n), make([]string, n)
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(t.Context(), "GET", env.srv.URL+"/v1/"+nameOK, nil)
			for _, c := range jar.All() {
				req.AddCookie(c)
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				return
			}
			defer resp.Body.Close()
			statuses[i] = resp.StatusCode
			for _, c := range resp.Cookies() {
				if c.Name == sessionCookie {
					tokens[i] = c.Value
				}
			}
		})
	}
	wg.Wait()
	for i := range n {
		if statuses[i] != 200 || tokens[i] == "" || tokens[i] == old || tokens[i] != tokens[0] {
			t.Errorf("request %d: %d, session cookie %.20q (the first's %.20q)", i, statuses[i], tokens[i], tokens[0])
		}
	}
	if p.Refreshes() != 1 || p.LastTokenError() != "" {
		t.Errorf("%d renewals at the provider, its refusal %q; want one renewal", p.Refreshes(), p.LastTokenError())
	}

	// The same old cookies at other replicas, after the first renewed them.
	tests := []struct {
		name  string
		clock time.Duration
		authz string // what the service gets: the old token, or none
	}{
		{"old token still valid", 4*time.Minute + 30*time.Second, "Bearer " + old},
		{"old token expired", 6 * time.Minute, ""},
	}
	for _, tt := range tests {
		other := replica()
		ahead(other, tt.clock)
		ob := sessiontest.Browser{T: t, Base: other.srv.URL}
		r, authz := apiCall(other, ob, jar, nil)
		if r.Status != 200 || authz != tt.authz || !strings.Contains(p.LastTokenError(), "invalid_grant") {
			t.Errorf("%s: %d %s, the service got %q (want %q), the provider's refusal %q", tt.name, r.Status, r.Body, authz, tt.authz, p.LastTokenError())
		}
		if tt.authz == "" {
			wantCleared(t, tt.name, r)
		} else if len(r.Cookies) != 0 {
			t.Errorf("%s: cookies %v set; the browser may be storing the other replica's", tt.name, r.Cookies)
		}
	}
	if p.Refreshes() != 1 {
		t.Errorf("%d renewals", p.Refreshes())
	}
}

// TestSessionEnds checks what ends a session at its next renewal: the provider revoking it,
// a tampered refresh cookie, one sealed with another key, SIMPEG_SESSION_MAX_AGE. The cookies are
// cleared, the request goes on without a token (the API answers 401), and who is signed in says
// nobody.
func TestSessionEnds(t *testing.T) {
	tests := []struct {
		name  string
		clock time.Duration
		spoil func(*testing.T, *sessiontest.Provider, sessiontest.Jar)
	}{
		{"revoked at the provider", 6 * time.Minute, func(_ *testing.T, p *sessiontest.Provider, _ sessiontest.Jar) { p.RevokeRefreshTokens() }},
		{"tampered refresh cookie", 6 * time.Minute, func(_ *testing.T, _ *sessiontest.Provider, jar sessiontest.Jar) {
			c := *jar[refreshCookie]
			c.Value = sessiontest.Tamper(c.Value)
			jar[refreshCookie] = &c
		}},
		{"sealed with another key", 6 * time.Minute, func(t *testing.T, _ *sessiontest.Provider, jar sessiontest.Jar) {
			s, err := session.NewSealer(session.RandomKey())
			if err != nil {
				t.Fatal(err)
			}
			jar[refreshCookie] = &http.Cookie{Name: refreshCookie, Value: s.Seal([]byte(`{"r":"x","u":"`+nipOK+`","s":1}`), refreshCookie)}
		}},
		{"past the session's max age", 12*time.Hour + time.Second, func(*testing.T, *sessiontest.Provider, sessiontest.Jar) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, p := renewEnv(t, 5*time.Minute, sessiontest.Refresh{TTL: 24 * time.Hour}, nil)
			b := sessiontest.Browser{T: t, Base: env.srv.URL}
			jar := b.SignInCookies()
			tt.spoil(t, p, jar)
			ahead(env, tt.clock)
			r, authz := apiCall(env, b, jar, nil)
			if r.Status != 200 || authz != "" || p.Refreshes() != 0 {
				t.Errorf("the call: %d, the service got %q, %d renewals", r.Status, authz, p.Refreshes())
			}
			wantCleared(t, "the call", r)
			s := b.Do("GET", sessionPath, "", nil, jar.All()...)
			if info := decodeJSON[sessionInfo](t, response{status: s.Status, body: s.Body}); s.Status != 200 || info.SignedIn {
				t.Errorf("GET /auth/session: %d %s", s.Status, s.Body)
			}
			wantCleared(t, "GET /auth/session", s)
		})
	}
}

// TestSessionProviderDown checks a session while the provider cannot be reached: a token still
// valid goes on (no cookie touched), an expired one is 503 for the API and /auth/session with
// the cookies kept, and once the provider is back the session is renewed.
func TestSessionProviderDown(t *testing.T) {
	env, p := renewEnv(t, 5*time.Minute, keycloakLike, nil)
	b := sessiontest.Browser{T: t, Base: env.srv.URL}
	jar := b.SignInCookies()
	old := jar[sessionCookie].Value
	p.SetDown(true)

	ahead(env, 4*time.Minute+30*time.Second)
	if r, authz := apiCall(env, b, jar, nil); r.Status != 200 || authz != "Bearer "+old || len(r.Cookies) != 0 {
		t.Errorf("a valid token: %d, the service got %q, cookies %v", r.Status, authz, r.Cookies)
	}
	if s := b.Do("GET", sessionPath, "", nil, jar.All()...); s.Status != 200 || !strings.Contains(string(s.Body), `"signedIn":true`) || len(s.Cookies) != 0 {
		t.Errorf("GET /auth/session with a valid token: %d %s, cookies %v", s.Status, s.Body, s.Cookies)
	}

	ahead(env, 6*time.Minute)
	r, authz := apiCall(env, b, jar, nil)
	if st := decodeStatus(t, r.Header, r.Body); r.Status != http.StatusServiceUnavailable || *st.Code != 14 || authz != "-" || len(r.Cookies) != 0 {
		t.Errorf("an expired token: %d %s, the service got %q, cookies %v", r.Status, r.Body, authz, r.Cookies)
	}
	s := b.Do("GET", sessionPath, "", nil, jar.All()...)
	if st := decodeStatus(t, s.Header, s.Body); s.Status != http.StatusServiceUnavailable || *st.Code != 14 || len(s.Cookies) != 0 {
		t.Errorf("GET /auth/session with an expired token: %d %s, cookies %v", s.Status, s.Body, s.Cookies)
	}

	p.SetDown(false)
	r, authz = apiCall(env, b, jar, nil)
	jar.Update(r)
	if r.Status != 200 || p.Refreshes() != 1 || authz != "Bearer "+jar[sessionCookie].Value || authz == "Bearer "+old {
		t.Errorf("the provider back: %d, the service got %q, %d renewals", r.Status, authz, p.Refreshes())
	}
}

// TestSessionMaxAge checks the cookies' Max-Age: as long as the refresh token works
// (refresh_expires_in), never beyond SIMPEG_SESSION_MAX_AGE from the sign-in however renewed,
// the bound itself when the provider does not say, the access token's life without a refresh
// token; and the local sign-in's token within the bound.
func TestSessionMaxAge(t *testing.T) {
	maxAge := func(c *Config) { c.SessionMaxAge = time.Hour }

	env, p := renewEnv(t, 5*time.Minute, keycloakLike, maxAge)
	b := sessiontest.Browser{T: t, Base: env.srv.URL}
	jar := b.SignInCookies()
	wantSessionCookie(t, jar[sessionCookie], false, 30*time.Minute)
	wantSessionCookie(t, jar[refreshCookie], false, 30*time.Minute)
	ahead(env, 45*time.Minute)
	r, _ := apiCall(env, b, jar, nil)
	jar.Update(r)
	wantSessionCookie(t, r.Cookies[sessionCookie], false, 15*time.Minute) // the bound, not 30 more minutes
	wantSessionCookie(t, r.Cookies[refreshCookie], false, 15*time.Minute)
	ahead(env, time.Hour+time.Second)
	r, authz := apiCall(env, b, jar, nil)
	if authz != "" || p.Refreshes() != 1 {
		t.Errorf("past the bound: the service got %q, %d renewals", authz, p.Refreshes())
	}
	wantCleared(t, "past the bound", r)

	for _, tt := range []struct {
		name      string
		ttl       time.Duration
		refresh   sessiontest.Refresh
		want      time.Duration
		renewable bool
	}{
		{"refresh token, no refresh_expires_in", 5 * time.Minute, sessiontest.Refresh{TTL: 30 * time.Minute, HideExpiry: true}, time.Hour, true},
		{"refresh token outliving the bound", 5 * time.Minute, sessiontest.Refresh{TTL: 10 * time.Hour}, time.Hour, true},
		{"no refresh token", 5 * time.Minute, sessiontest.Refresh{}, 5 * time.Minute, false},
		{"no refresh token, an access token outliving the bound", 2 * time.Hour, sessiontest.Refresh{}, time.Hour, false},
	} {
		env, _ := renewEnv(t, tt.ttl, tt.refresh, maxAge)
		jar := sessiontest.Browser{T: t, Base: env.srv.URL}.SignInCookies()
		wantSessionCookie(t, jar[sessionCookie], false, tt.want)
		if tt.renewable {
			wantSessionCookie(t, jar[refreshCookie], false, tt.want)
		} else if jar[refreshCookie] != nil {
			t.Errorf("%s: a refresh cookie %+v", tt.name, jar[refreshCookie])
		}
	}

	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	local := newTestEnv(t, func(c *Config) {
		c.Auth = Tokens{Issuer: "simpeg-local", Audience: "simpeg", MaxLifetime: 24 * time.Hour, MaxServiceLifetime: 2160 * time.Hour}
		maxAge(c)
	}, WithLocalSignIn(auth.NewSigner(key, "simpeg-local", "simpeg"), 24*time.Hour))
	lr := browser{t: t, base: local.srv.URL}.do("POST", localPath, `{"nip":"`+nipOK+`","role":"employee"}`, portalHeaders)
	if lr.status != http.StatusOK {
		t.Fatalf("local sign-in: %d %s", lr.status, lr.body)
	}
	wantSessionCookie(t, lr.cookies[sessionCookie], false, time.Hour)
}

// TestSessionRefreshTokenTooLong checks a refresh token too long for a cookie fails the sign-in
// with refresh_token, rather than a session that would end silently with its access token.
func TestSessionRefreshTokenTooLong(t *testing.T) {
	env, _ := renewEnv(t, 5*time.Minute, sessiontest.Refresh{TTL: time.Hour, Size: 3000}, nil)
	b := sessiontest.Browser{T: t, Base: env.srv.URL}
	login, back := b.StartSignIn("/")
	r := b.Do("GET", back, "", nil, login)
	if r.Location() != "/?signin_error="+session.ErrCodeRefreshToken || r.Cookies[sessionCookie] != nil || r.Cookies[refreshCookie] != nil {
		t.Errorf("callback: %d, Location %q, cookies %v", r.Status, r.Location(), r.Cookies)
	}
}
