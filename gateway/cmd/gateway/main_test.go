package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/gateway/session/sessiontest"
	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// The settings of the portal and its sign-in, as --help shows them.
var portalHelp = []string{
	`--portal (env SIMPEG_PORTAL, default "true")`,
	`--portal-map-tiles (env SIMPEG_PORTAL_MAP_TILES, default "")`,
	`--oidc-issuer (env SIMPEG_OIDC_ISSUER, default "")`,
	`--oidc-client-id (env SIMPEG_OIDC_CLIENT_ID, default "")`,
	`--oidc-client-secret-file (env SIMPEG_OIDC_CLIENT_SECRET_FILE, default "")`,
	`--oidc-redirect-url (env SIMPEG_OIDC_REDIRECT_URL, default "")`,
	`--oidc-scopes (env SIMPEG_OIDC_SCOPES, default "openid profile")`,
	`--session-key-file (env SIMPEG_SESSION_KEY_FILE, default "")`,
	`--session-max-age (env SIMPEG_SESSION_MAX_AGE, default "12h")`,
	`--auth-jwks-url (env SIMPEG_AUTH_JWKS_URL, default "")`,
	`--auth-issuer (env SIMPEG_AUTH_ISSUER, default "simpeg-local")`,
	`--auth-max-token-lifetime (env SIMPEG_AUTH_MAX_TOKEN_LIFETIME, default "24h")`,
	`--auth-token-cache (env SIMPEG_AUTH_TOKEN_CACHE, default "250000")`,
}

// freeAddr returns a free local address.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs the gateway binary on addr with env until t ends; planning's address is a dead
// one (the gateway starts without the services) and the attendance, training and evaluation
// APIs are left out.
func start(t *testing.T, bin, addr string, env ...string) (string, *servicemaintest.Buffer) {
	t.Helper()
	logs := &servicemaintest.Buffer{}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "SIMPEG_HTTP_ADDR="+addr, "SIMPEG_GATEWAY_METRICS_ADDR=", "SIMPEG_PLANNING_ADDR=127.0.0.1:1", "SIMPEG_ATTENDANCE_ADDR=", "SIMPEG_TRAINING_ADDR=",
		"SIMPEG_EVALUATION_ADDR=")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	base := "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gateway did not start: %v\n%s", err, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, logs
}

// TestBinaryPortalAndSignIn runs the real gateway binary: its --help and start-up log list the
// portal's settings, it serves the portal with the map tiles' origin in its policy, and signs
// people in at an OpenID Connect provider, renewing the session with the refresh token once the
// 2-second access token expired, within SIMPEG_SESSION_MAX_AGE; with SIMPEG_PORTAL=false and no
// provider, / is a 404 and the session says mode none.
func TestBinaryPortalAndSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := servicemaintest.BuildPackage(t, ".", "gateway")
	servicemaintest.CheckHelp(t, bin, portalHelp...)

	p := sessiontest.Start(t)
	p.SignIn(sessiontest.User{Subject: "199001012020011001", Roles: []string{"employee"}, Agency: "DISKOMINFO"})
	p.TokenTTL = 2 * time.Second
	p.SetRefresh(sessiontest.Refresh{TTL: time.Hour, Rotate: true})
	dir := t.TempDir()
	secret, key := filepath.Join(dir, "client-secret"), filepath.Join(dir, "session.key")
	if err := os.WriteFile(secret, []byte(p.ClientSecret), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, []byte(strings.Repeat("5a", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	tiles := "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
	base, logs := start(t, bin, addr, "SIMPEG_PORTAL_MAP_TILES="+tiles,
		"SIMPEG_OIDC_ISSUER="+p.URL, "SIMPEG_OIDC_CLIENT_ID="+p.ClientID, "SIMPEG_OIDC_CLIENT_SECRET_FILE="+secret,
		"SIMPEG_OIDC_REDIRECT_URL=http://"+addr+"/auth/callback", "SIMPEG_SESSION_KEY_FILE="+key,
		"SIMPEG_AUTH_JWKS_URL="+p.JWKSURL(), "SIMPEG_AUTH_ISSUER="+p.URL, "SIMPEG_SESSION_MAX_AGE=20m")
	for _, want := range []string{`"portal":"true"`, `"portal-map-tiles":"` + tiles + `"`, `"oidc-issuer":"` + p.URL + `"`, `"session-key-file":"` + key + `"`, `"oidc-scopes":"openid profile"`, `"session-max-age":"20m0s"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the start-up log lacks %s:\n%s", want, logs)
		}
	}

	b := sessiontest.Browser{T: t, Base: base}
	page := b.Do("GET", "/", "", nil)
	if page.Status != 200 || !strings.Contains(page.Header.Get("Content-Security-Policy"), "img-src 'self' data: blob: https://tile.openstreetmap.org;") {
		t.Errorf("GET /: %d, CSP %q", page.Status, page.Header.Get("Content-Security-Policy"))
	}
	var s map[string]any
	if err := json.Unmarshal(b.Do("GET", "/auth/session", "", nil).Body, &s); err != nil || s["mode"] != "oidc" || s["mapTiles"] != tiles || s["signedIn"] != false || s["version"] == "" {
		t.Errorf("session %v, %v", s, err)
	}
	jar := b.SignInCookies()
	for _, c := range []*http.Cookie{jar["simpeg_session"], jar["simpeg_refresh"]} {
		// The refresh token works an hour; the session is bound to 20 minutes.
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure || c.Path != "/" || c.MaxAge > 1200 || c.MaxAge < 1190 {
			t.Errorf("cookie %+v", c)
		}
	}
	c := jar["simpeg_session"]
	// Planning is down: who is signed in still shows, without the names.
	s = nil
	if err := json.Unmarshal(b.Do("GET", "/auth/session", "", nil, c).Body, &s); err != nil || s["signedIn"] != true || s["subject"] != "199001012020011001" || s["name"] != nil {
		t.Errorf("session %v, %v", s, err)
	}
	// Past the access token's 2 seconds, who is signed in renews it with the refresh token.
	time.Sleep(2100 * time.Millisecond)
	r := b.Do("GET", "/auth/session", "", nil, jar.All()...)
	s = nil
	if err := json.Unmarshal(r.Body, &s); err != nil || s["signedIn"] != true || p.Refreshes() != 1 ||
		r.Cookies["simpeg_session"] == nil || r.Cookies["simpeg_session"].Value == c.Value || r.Cookies["simpeg_refresh"] == nil || r.Cookies["simpeg_refresh"].MaxAge > 1200 {
		t.Errorf("the session after its access token expired: %d %s, %d renewals, cookies %v", r.Status, r.Body, p.Refreshes(), r.Cookies)
	}
	if r := b.Do("GET", "/auth/local/people", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("the gateway binary offers the local sign-in: %d", r.Status)
	}

	base, _ = start(t, bin, freeAddr(t), "SIMPEG_PORTAL=false")
	b = sessiontest.Browser{T: t, Base: base}
	if r := b.Do("GET", "/", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("GET / with SIMPEG_PORTAL=false: %d", r.Status)
	}
	if r := b.Do("GET", "/auth/session", "", nil); !strings.Contains(string(r.Body), `"mode":"none"`) {
		t.Errorf("session without a provider: %s", r.Body)
	}

	// A provider without the keys to verify its tokens with is refused at start.
	out, err := exec.Command(bin, "--oidc-issuer", p.URL, "--oidc-client-id", "x", "--oidc-redirect-url", "https://simpeg.example.id/auth/callback").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "SIMPEG_AUTH_JWKS_URL") {
		t.Errorf("OIDC without SIMPEG_AUTH_JWKS_URL: %v\n%s", err, out)
	}
	// A negative token cache is refused at start, naming the setting.
	neg := exec.Command(bin)
	neg.Env = append(os.Environ(), "SIMPEG_AUTH_TOKEN_CACHE=-5", "SIMPEG_HTTP_ADDR="+freeAddr(t), "SIMPEG_GATEWAY_METRICS_ADDR=")
	if out, err := neg.CombinedOutput(); err == nil || !strings.Contains(string(out), "SIMPEG_AUTH_TOKEN_CACHE") {
		t.Errorf("SIMPEG_AUTH_TOKEN_CACHE=-5: %v\n%s", err, out)
	}
}
