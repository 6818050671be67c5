package gateway

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/gateway/session"
	"github.com/simpeg-id/simpeg/gateway/session/sessiontest"
)

// oidcEnv is a gateway signing people in at a test provider, whose access tokens it verifies
// with the provider's JWKS.
func oidcEnv(t *testing.T, change func(*Config)) (*testEnv, *sessiontest.Provider) {
	t.Helper()
	p := sessiontest.Start(t)
	p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}, Agency: "DISKOMINFO", Name: "Siti Aminah"})
	return oidcEnvOf(t, p, change), p
}

// oidcEnvOf is a gateway signing people in at p.
func oidcEnvOf(t *testing.T, p *sessiontest.Provider, change func(*Config)) *testEnv {
	t.Helper()
	secret := filepath.Join(t.TempDir(), "client-secret")
	if err := os.WriteFile(secret, []byte(p.ClientSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := newTestEnvAt(t, func(c *Config, base string) {
		c.OIDC = OIDC{Issuer: p.URL, ClientID: p.ClientID, ClientSecretFile: secret, RedirectURL: base + callbackPath, Scopes: "openid profile"}
		c.Auth = Tokens{Issuer: p.URL, Audience: p.Audience, JWKSURL: p.JWKSURL(), MaxLifetime: 24 * time.Hour, MaxServiceLifetime: 2160 * time.Hour}
		if change != nil {
			change(c)
		}
	})
	return env
}

// signIn walks the sign-in from GET /auth/login?return=ret to the provider and back to the
// callback, returning the login cookie and the callback URL the provider sent the browser to.
func startSignIn(t *testing.T, b browser, ret string) (*http.Cookie, string) {
	t.Helper()
	r := b.do("GET", loginPath+"?return="+url.QueryEscape(ret), "", nil)
	login := r.cookies[loginCookie]
	if r.status != http.StatusFound || login == nil {
		t.Fatalf("GET /auth/login: %d, login cookie %v: %s", r.status, login, r.body)
	}
	at := b.do("GET", r.header.Get("Location"), "", nil)
	if at.status != http.StatusFound {
		t.Fatalf("the provider's authorization endpoint: %d %s", at.status, at.body)
	}
	return login, at.header.Get("Location")
}

func TestOIDCSignIn(t *testing.T) {
	env, p := oidcEnv(t, nil)
	b := browser{t: t, base: env.srv.URL}

	r := b.do("GET", loginPath+"?return="+url.QueryEscape("/cuti?tahun=2026"), "", nil)
	if r.status != http.StatusFound || !strings.HasPrefix(r.header.Get("Location"), p.URL+"/authorize?") {
		t.Fatalf("GET /auth/login: %d, Location %q", r.status, r.header.Get("Location"))
	}
	login := r.cookies[loginCookie]
	if login == nil || !login.HttpOnly || login.SameSite != http.SameSiteLaxMode || login.Path != callbackPath || login.MaxAge != 600 || login.Secure {
		t.Fatalf("login cookie %+v", login)
	}
	if strings.Contains(login.Value, "cuti") {
		t.Error("the login cookie shows what it holds: it must be sealed")
	}
	at := b.do("GET", r.header.Get("Location"), "", nil)
	a := p.LastAuthorization()
	if a.ChallengeMethod != "S256" || len(a.Challenge) != 43 || a.State == "" || a.Nonce == "" || a.Scope != "openid profile" || a.RedirectURI != env.srv.URL+callbackPath {
		t.Errorf("the authorization request: %+v", a)
	}

	// Back from the provider: the session cookie, the login cookie gone, on to the return path.
	cb := b.do("GET", at.header.Get("Location"), "", nil, login)
	if cb.status != http.StatusFound || cb.header.Get("Location") != "/cuti?tahun=2026" {
		t.Fatalf("callback: %d, Location %q", cb.status, cb.header.Get("Location"))
	}
	wantSessionCookie(t, cb.cookies[sessionCookie], false, time.Hour)
	if c := cb.cookies[loginCookie]; c == nil || c.MaxAge >= 0 {
		t.Errorf("the login cookie is kept: %+v", c)
	}
	sess := cb.cookies[sessionCookie]

	got := decodeJSON[sessionInfo](t, b.do("GET", sessionPath, "", nil, sess))
	want := sessionInfo{SignedIn: true, Subject: nipOK, Name: "Siti Aminah, S.Kom.", Roles: []string{"employee"}, Agency: "DISKOMINFO",
		AgencyName: "Dinas Komunikasi dan Informatika", ExpiresAt: got.ExpiresAt, Mode: "oidc", Version: env.gw.portal.Version()}
	if !equalJSON(t, got, want) {
		t.Errorf("session\n got %+v\nwant %+v", got, want)
	}

	// The API gets the provider's access token; a change needs the portal's header.
	b.do("GET", "/v1/"+nameOK, "", nil, sess)
	if _, md := env.up.fake.last(); first(md.Get("authorization")) != "Bearer "+sess.Value {
		t.Errorf("the service got authorization %q", md.Get("authorization"))
	}
	if r := b.do("POST", "/v1/employees", `{}`, map[string]string{"Content-Type": "application/json"}, sess); r.status != http.StatusForbidden {
		t.Errorf("a change with the cookie and no client header: %d", r.status)
	}
	if r := b.do("GET", localPeoplePath, "", nil, sess); r.status != http.StatusNotFound {
		t.Errorf("the local sign-in in OIDC mode: %d", r.status)
	}

	out := b.do("POST", logoutPath, "{}", portalHeaders, sess)
	wantURL := p.EndSessionURL() + "?" + url.Values{"client_id": {p.ClientID}, "post_logout_redirect_uri": {env.srv.URL + "/"}}.Encode()
	if out.status != 200 || string(out.body) != `{"logoutUrl":"`+strings.ReplaceAll(wantURL, "&", `\u0026`)+`"}` {
		t.Errorf("logout: %d %s, want %s", out.status, out.body, wantURL)
	}
	if c := out.cookies[sessionCookie]; c == nil || c.MaxAge >= 0 {
		t.Errorf("logout kept the session cookie: %+v", c)
	}
	if r := b.do("POST", logoutPath, "{}", map[string]string{"Content-Type": "application/json"}, sess); r.status != http.StatusForbidden {
		t.Errorf("logout without the client header: %d", r.status)
	}
}

// TestOIDCSignInRefused checks every way a sign-in fails: each sends the browser to the
// portal's page with the reason and sets no session.
func TestOIDCSignInRefused(t *testing.T) {
	env, p := oidcEnv(t, nil)
	b := browser{t: t, base: env.srv.URL}
	tests := []struct {
		name string
		// callback returns the callback URL and the cookie to send it with.
		callback func(t *testing.T) (string, *http.Cookie)
		code     string
	}{
		{"tampered state", func(t *testing.T) (string, *http.Cookie) {
			login, back := startSignIn(t, b, "/")
			q := sessiontest.Query(t, back)
			q.Set("state", sessiontest.Tamper(q.Get("state")))
			return env.srv.URL + callbackPath + "?" + q.Encode(), login
		}, session.ErrCodeState},
		{"tampered login cookie", func(t *testing.T) (string, *http.Cookie) {
			login, back := startSignIn(t, b, "/")
			login.Value = sessiontest.Tamper(login.Value)
			return back, login
		}, session.ErrCodeState},
		{"no login cookie", func(t *testing.T) (string, *http.Cookie) {
			_, back := startSignIn(t, b, "/")
			return back, nil
		}, session.ErrCodeState},
		{"another sign-in's cookie", func(t *testing.T) (string, *http.Cookie) {
			_, back := startSignIn(t, b, "/")
			other, _ := startSignIn(t, b, "/")
			return back, other
		}, session.ErrCodeState},
		{"wrong PKCE verifier", func(t *testing.T) (string, *http.Cookie) {
			// A code obtained with one sign-in's challenge, brought to another sign-in (its state
			// and cookie): the exchange sends the other verifier, and the provider refuses.
			_, backA := startSignIn(t, b, "/")
			loginB, backB := startSignIn(t, b, "/")
			q := sessiontest.Query(t, backA)
			q.Set("state", sessiontest.Query(t, backB).Get("state"))
			return env.srv.URL + callbackPath + "?" + q.Encode(), loginB
		}, session.ErrCodeExchange},
		{"code used twice", func(t *testing.T) (string, *http.Cookie) {
			login, back := startSignIn(t, b, "/")
			if r := b.do("GET", back, "", nil, login); r.cookies[sessionCookie] == nil {
				t.Fatalf("the first use: %d %s", r.status, r.header.Get("Location"))
			}
			return back, login
		}, session.ErrCodeExchange},
		{"refused at the provider", func(t *testing.T) (string, *http.Cookie) {
			p.SignIn(sessiontest.User{})
			defer p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}})
			login, back := startSignIn(t, b, "/")
			return back, login
		}, session.ErrCodeDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			back, login := tt.callback(t)
			var cookies []*http.Cookie
			if login != nil {
				cookies = append(cookies, login)
			}
			r := b.do("GET", back, "", nil, cookies...)
			if r.status != http.StatusFound || r.header.Get("Location") != "/?signin_error="+tt.code {
				t.Errorf("callback: %d, Location %q, want /?signin_error=%s", r.status, r.header.Get("Location"), tt.code)
			}
			if c := r.cookies[sessionCookie]; c != nil {
				t.Errorf("a session cookie was set: %+v", c)
			}
		})
	}
	if !strings.Contains(p.LastTokenError(), "invalid_grant") {
		t.Errorf("the provider's last refusal: %q", p.LastTokenError())
	}

	// Only a path of this site to return to.
	for ret, want := range map[string]string{"//evil.example/x": "/", "https://evil.example/": "/", "/\\evil.example": "/", "/tim?bulan=5": "/tim?bulan=5"} {
		login, back := startSignIn(t, b, ret)
		if r := b.do("GET", back, "", nil, login); r.header.Get("Location") != want {
			t.Errorf("return %q: Location %q, want %q", ret, r.header.Get("Location"), want)
		}
	}
}

// TestOIDCAccessTokenRefused checks that a sign-in whose access token the services would refuse
// (here: for another audience), or a browser would drop (too long for a cookie), sets no session.
func TestOIDCAccessTokenRefused(t *testing.T) {
	for name, change := range map[string]func(*Config, *sessiontest.Provider){
		"another audience": func(c *Config, _ *sessiontest.Provider) { c.Auth.Audience = "another-api" },
		"too long for a cookie": func(_ *Config, p *sessiontest.Provider) {
			p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}, Extra: map[string]any{"groups": strings.Repeat("g", 4000)}})
		},
	} {
		p := sessiontest.Start(t)
		p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}})
		env := oidcEnvOf(t, p, func(c *Config) { change(c, p) })
		b := browser{t: t, base: env.srv.URL}
		login, back := startSignIn(t, b, "/")
		r := b.do("GET", back, "", nil, login)
		if r.header.Get("Location") != "/?signin_error="+session.ErrCodeAccessToken || r.cookies[sessionCookie] != nil {
			t.Errorf("%s: callback Location %q, cookie %v", name, r.header.Get("Location"), r.cookies[sessionCookie])
		}
	}
}

// TestOIDCProviderDown checks the gateway starts while the provider is down, and a sign-in
// then says so.
func TestOIDCProviderDown(t *testing.T) {
	env, p := oidcEnv(t, func(c *Config) { c.OIDC.Issuer = "http://127.0.0.1:1" })
	_ = p
	b := browser{t: t, base: env.srv.URL}
	r := b.do("GET", loginPath, "", nil)
	if r.status != http.StatusFound || r.header.Get("Location") != "/?signin_error="+session.ErrCodeUnavailable {
		t.Errorf("GET /auth/login: %d, Location %q", r.status, r.header.Get("Location"))
	}
	if s := decodeJSON[sessionInfo](t, b.do("GET", sessionPath, "", nil)); s.Mode != "oidc" || s.SignedIn {
		t.Errorf("session %+v", s)
	}
}

// TestOIDCClients checks a public client (no secret: PKCE alone protects the code) and a wrong
// secret.
func TestOIDCClients(t *testing.T) {
	p := sessiontest.Start(t)
	p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}})
	p.ClientSecret = ""
	public := oidcEnvOf(t, p, func(c *Config) { c.OIDC.ClientSecretFile = "" })
	b := browser{t: t, base: public.srv.URL}
	login, back := startSignIn(t, b, "/")
	if r := b.do("GET", back, "", nil, login); r.cookies[sessionCookie] == nil {
		t.Errorf("a public client: %d, Location %q", r.status, r.header.Get("Location"))
	}

	p.ClientSecret = "portal-secret"
	b.base = oidcEnvOf(t, p, nil).srv.URL // its secret file says portal-secret
	p.ClientSecret = "another-secret"
	login, back = startSignIn(t, b, "/")
	if r := b.do("GET", back, "", nil, login); r.header.Get("Location") != "/?signin_error="+session.ErrCodeExchange || !strings.Contains(p.LastTokenError(), "invalid_client") {
		t.Errorf("a wrong secret: Location %q, the provider's refusal %q", r.header.Get("Location"), p.LastTokenError())
	}
}

// TestSessionKeyShared checks SIMPEG_SESSION_KEY_FILE: a sign-in started at one replica ends at
// another that reads the same key file; without it, each replica's random key refuses the
// other's login cookie.
func TestSessionKeyShared(t *testing.T) {
	p := sessiontest.Start(t)
	p.SignIn(sessiontest.User{Subject: nipOK, Roles: []string{"employee"}})
	keyFile := filepath.Join(t.TempDir(), "session.key")
	if err := os.WriteFile(keyFile, []byte(strings.Repeat("ab", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, shared := range []bool{true, false} {
		key := func(c *Config) {
			if shared {
				c.SessionKeyFile = keyFile
			}
		}
		a := oidcEnvOf(t, p, key)
		bRedirect := a.srv.URL + callbackPath // both replicas answer at one address
		b := oidcEnvOf(t, p, func(c *Config) { key(c); c.OIDC.RedirectURL = bRedirect })
		login, back := startSignIn(t, browser{t: t, base: a.srv.URL}, "/")
		back = strings.Replace(back, a.srv.URL, b.srv.URL, 1)
		r := browser{t: t, base: b.srv.URL}.do("GET", back, "", nil, login)
		if got := r.cookies[sessionCookie] != nil; got != shared {
			t.Errorf("shared key %v: signed in at the other replica %v (Location %q)", shared, got, r.header.Get("Location"))
		}
	}
}
