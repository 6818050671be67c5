package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/gateway/session/sessiontest"
	"github.com/simpeg-id/simpeg/platform/auth"
)

// portalChange is what the portal's pages send with a change (the gateway's CSRF rule).
var portalChange = map[string]string{"X-Simpeg-Client": "portal", "Content-Type": "application/json"}

// TestRunHelpListsPortalSettings checks `simpeg run --help` lists the portal's and its sign-in's
// settings, the same as the gateway binary's.
func TestRunHelpListsPortalSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	raw, err := exec.Command(simpegBinary(t), "run", "--help").CombinedOutput()
	out := string(raw)
	if err != nil {
		t.Fatalf("simpeg run --help: %v\n%s", err, out)
	}
	for _, want := range []string{
		`--portal (env SIMPEG_PORTAL, default "true")`,
		`--portal-map-tiles (env SIMPEG_PORTAL_MAP_TILES, default "")`,
		`--oidc-issuer (env SIMPEG_OIDC_ISSUER, default "")`,
		`--oidc-client-id (env SIMPEG_OIDC_CLIENT_ID, default "")`,
		`--oidc-client-secret-file (env SIMPEG_OIDC_CLIENT_SECRET_FILE, default "")`,
		`--oidc-redirect-url (env SIMPEG_OIDC_REDIRECT_URL, default "")`,
		`--oidc-scopes (env SIMPEG_OIDC_SCOPES, default "openid profile")`,
		`--session-key-file (env SIMPEG_SESSION_KEY_FILE, default "")`,
		`--session-max-age (env SIMPEG_SESSION_MAX_AGE, default "12h")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("simpeg run --help lacks %s", want)
		}
	}
}

// TestPortalLocalSignIn runs the real binary with its own key and a map tile server (in the
// portal's CSP and session): the portal's local sign-in suggests people of the agency, signs one
// in with a token bound by SIMPEG_SESSION_MAX_AGE, and the session cookie then works for the API
// as the person (their own record, not a colleague's; a check-in from the portal's page), while
// a change without the portal's header is refused and no cookie means 401.
func TestPortalLocalSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	dir := t.TempDir()
	ports := freePorts(t, 4)
	tiles := "https://{s}.tiles.pemkomedan.go.id/{z}/{x}/{y}.png"
	logs := startSimpeg(t, simpegBinary(t), "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=info", "SIMPEG_AUTH_JWKS_URL=",
		"SIMPEG_PORTAL_MAP_TILES="+tiles, "SIMPEG_SESSION_MAX_AGE=2h")
	base := "http://" + ports[0]
	waitReady(t, base)
	if !strings.Contains(logs.String(), `"portal":"true"`) || !strings.Contains(logs.String(), `"oidc-issuer":""`) || !strings.Contains(logs.String(), `"session-max-age":"2h0m0s"`) {
		t.Errorf("the start-up log lacks the portal's settings:\n%s", logs)
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: base, signer: signer}
	nips := seedStaff(t, s, 5)
	b := sessiontest.Browser{T: t, Base: base}
	if page := b.Do("GET", "/", "", nil); page.Status != 200 || !strings.Contains(page.Header.Get("Content-Security-Policy"), " https://*.tiles.pemkomedan.go.id;") {
		t.Errorf("GET /: %d, CSP %q", page.Status, page.Header.Get("Content-Security-Policy"))
	}

	var people struct {
		Agencies []struct{ Code, Name string }
		People   []struct{ NIP, Name, Role, Agency, Label string }
	}
	if err := json.Unmarshal(b.Do("GET", "/auth/local/people", "", nil).Body, &people); err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, p := range people.People {
		roles[p.Role] += p.NIP + " "
	}
	if len(people.Agencies) != 1 || people.Agencies[0].Code != "DISKOMINFO" || roles["supervisor"] != headNIP+" " ||
		roles["employee"] != nips[0]+" "+nips[1]+" " || roles["agency-hr"] == "" || roles["city-hr"] == "" || roles["auditor"] == "" {
		t.Errorf("the suggested people: %+v", people)
	}

	r := b.Do("POST", "/auth/local", `{"nip":"`+nips[0]+`","role":"employee"}`, portalChange)
	c := r.Cookies["simpeg_session"]
	if r.Status != 200 || c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.MaxAge > 2*3600 || c.MaxAge < 2*3600-60 {
		t.Fatalf("POST /auth/local: %d %s, cookie %+v", r.Status, r.Body, c)
	}
	var sess map[string]any
	if err := json.Unmarshal(b.Do("GET", "/auth/session", "", nil, c).Body, &sess); err != nil || sess["signedIn"] != true ||
		sess["name"] != "Pegawai "+nips[0][14:] || sess["agencyName"] != "Dinas Komunikasi dan Informatika" || sess["mode"] != "local" || sess["mapTiles"] != tiles {
		t.Errorf("session %v, %v", sess, err)
	}
	for _, tt := range []struct {
		name, method, path, body string
		header                   map[string]string
		cookie                   *http.Cookie
		status                   int
	}{
		{"own record", "GET", "/v1/employees/" + nips[0], "", nil, c, 200},
		{"own record without the cookie", "GET", "/v1/employees/" + nips[0], "", nil, nil, 401},
		{"a colleague's record", "GET", "/v1/employees/" + nips[1], "", nil, c, 403},
		{"check-in without the portal's header", "POST", "/v1/attendanceRecords", toJSON(t, checkInBody("portal-1")), map[string]string{"Content-Type": "application/json"}, c, 403},
		{"check-in from another site", "POST", "/v1/attendanceRecords", toJSON(t, checkInBody("portal-1")), map[string]string{"X-Simpeg-Client": "portal", "Origin": "https://evil.example"}, c, 403},
		{"check-in from the portal", "POST", "/v1/attendanceRecords", toJSON(t, checkInBody("portal-1")), portalChange, c, 200},
	} {
		var cookies []*http.Cookie
		if tt.cookie != nil {
			cookies = append(cookies, tt.cookie)
		}
		if r := b.Do(tt.method, tt.path, tt.body, tt.header, cookies...); r.Status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, r.Status, r.Body, tt.status)
		}
	}
	if r := b.Do("GET", "/auth/login", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("GET /auth/login without a provider: %d", r.Status)
	}
}

// TestPortalOIDCSignIn runs the real binary against an in-test OpenID Connect provider whose
// JWKS the services verify tokens with: the whole sign-in with PKCE, the cookie's flags, the
// API as the person with the cookie and 401 without it, the CSRF refusal, a tampered state and
// a wrong verifier refused; the binary honours SIMPEG_OIDC_SCOPES, SIMPEG_SESSION_KEY_FILE and
// SIMPEG_PORTAL=false (the sign-in works without the portal's pages).
func TestPortalOIDCSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	p := sessiontest.Start(t)
	dir := t.TempDir()
	secret, key := filepath.Join(dir, "client-secret"), filepath.Join(dir, "session.key")
	if err := os.WriteFile(secret, []byte(p.ClientSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, []byte(strings.Repeat("c3", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ports := freePorts(t, 4)
	base := "http://" + ports[0]
	startSimpeg(t, simpegBinary(t), "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=warn",
		"SIMPEG_AUTH_JWKS_URL="+p.JWKSURL(), "SIMPEG_AUTH_ISSUER="+p.URL,
		"SIMPEG_PLANNING_TOKEN="+p.AccessToken(t, sessiontest.User{Subject: "attendance", Roles: []string{"service"}}, "planning.read"),
		"SIMPEG_OIDC_ISSUER="+p.URL, "SIMPEG_OIDC_CLIENT_ID="+p.ClientID, "SIMPEG_OIDC_CLIENT_SECRET_FILE="+secret,
		"SIMPEG_OIDC_REDIRECT_URL="+base+"/auth/callback", "SIMPEG_OIDC_SCOPES=openid profile email", "SIMPEG_SESSION_KEY_FILE="+key, "SIMPEG_PORTAL=false")
	waitReady(t, base)

	// City HR, signed in at the provider too, registers the employee who will sign in.
	s := &suite{Suite: &Suite{}, base: base}
	cityHR := p.AccessToken(t, sessiontest.User{Subject: "bkpsdm", Roles: []string{"city-hr"}}, "")
	nip := staffNIPs(1)[0]
	s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": nip, "fullName": "Siti Aminah", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO"}).want(t, 200)
	p.SignIn(sessiontest.User{Subject: nip, Roles: []string{"employee"}, Agency: "DISKOMINFO", Name: "Siti Aminah"})

	b := sessiontest.Browser{T: t, Base: base}
	login, back := b.StartSignIn("/cuti")
	if a := p.LastAuthorization(); a.ChallengeMethod != "S256" || a.Nonce == "" || a.RedirectURI != base+"/auth/callback" || a.Scope != "openid profile email" {
		t.Errorf("the authorization request: %+v", a)
	}
	r := b.Do("GET", back, "", nil, login)
	c := r.Cookies["simpeg_session"]
	if r.Status != http.StatusFound || r.Location() != "/cuti" || c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure || c.MaxAge < 3500 {
		t.Fatalf("callback: %d, Location %q, cookie %+v", r.Status, r.Location(), c)
	}
	var sess map[string]any
	if err := json.Unmarshal(b.Do("GET", "/auth/session", "", nil, c).Body, &sess); err != nil || sess["signedIn"] != true || sess["subject"] != nip ||
		sess["name"] != "Siti Aminah" || sess["agencyName"] != "Dinas Komunikasi dan Informatika" || sess["mode"] != "oidc" {
		t.Errorf("session %v, %v", sess, err)
	}
	if r := b.Do("GET", "/v1/employees/"+nip, "", nil, c); r.Status != 200 || !strings.Contains(string(r.Body), `"fullName":"Siti Aminah"`) {
		t.Errorf("own record with the cookie: %d %s", r.Status, r.Body)
	}
	if r := b.Do("GET", "/v1/employees/"+nip, "", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("own record without the cookie: %d", r.Status)
	}
	leave := `{"type":"LEAVE_TYPE_ANNUAL","startDate":"2026-12-01","endDate":"2026-12-02","reason":"keluarga"}`
	if r := b.Do("POST", "/v1/leaveRequests?validateOnly=true", leave, map[string]string{"Content-Type": "application/json"}, c); r.Status != http.StatusForbidden {
		t.Errorf("a change with the cookie and no portal header: %d %s", r.Status, r.Body)
	}

	// A tampered state, and a code brought to another sign-in (the wrong PKCE verifier).
	login, back = b.StartSignIn("/")
	q := sessiontest.Query(t, back)
	q.Set("state", sessiontest.Tamper(q.Get("state")))
	if r := b.Do("GET", "/auth/callback?"+q.Encode(), "", nil, login); r.Location() != "/?signin_error=state" || r.Cookies["simpeg_session"] != nil {
		t.Errorf("tampered state: %d, Location %q", r.Status, r.Location())
	}
	_, backA := b.StartSignIn("/")
	loginB, backB := b.StartSignIn("/")
	q = sessiontest.Query(t, backA)
	q.Set("state", sessiontest.Query(t, backB).Get("state"))
	if r := b.Do("GET", "/auth/callback?"+q.Encode(), "", nil, loginB); r.Location() != "/?signin_error=exchange" || r.Cookies["simpeg_session"] != nil {
		t.Errorf("wrong verifier: %d, Location %q", r.Status, r.Location())
	}
	if !strings.Contains(p.LastTokenError(), "PKCE") {
		t.Errorf("the provider's last refusal: %q", p.LastTokenError())
	}
	if r := b.Do("GET", "/auth/local/people", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("the local sign-in with a provider: %d", r.Status)
	}

	// A provider whose access tokens live 2 seconds, with rotating refresh tokens: the session
	// goes on past the first token's expiry (the services accept the renewed one), and once the
	// provider revokes it, the next renewal fails, the cookies are cleared and the API says 401.
	p.SetTokenTTL(2 * time.Second)
	p.SetRefresh(sessiontest.Refresh{TTL: time.Hour, Rotate: true})
	jar := b.SignInCookies()
	if jar["simpeg_refresh"] == nil || jar["simpeg_refresh"].MaxAge < 3500 || jar["simpeg_session"].MaxAge < 3500 {
		t.Fatalf("sign-in with a refresh token: cookies %v", jar)
	}
	time.Sleep(2100 * time.Millisecond)
	r = b.Do("GET", "/v1/employees/"+nip, "", nil, jar.All()...)
	renewed := r.Cookies["simpeg_session"]
	if r.Status != 200 || p.Refreshes() != 1 || renewed == nil || renewed.Value == jar["simpeg_session"].Value || r.Cookies["simpeg_refresh"] == nil {
		t.Errorf("own record after the token expired: %d %s, %d renewals, cookies %v", r.Status, r.Body, p.Refreshes(), r.Cookies)
	}
	jar.Update(r)
	day := time.Now().AddDate(0, 1, 0)
	for day.Weekday() != time.Monday {
		day = day.AddDate(0, 0, 1)
	}
	later := `{"type":"LEAVE_TYPE_ANNUAL","startDate":"` + day.Format(time.DateOnly) + `","endDate":"` + day.AddDate(0, 0, 1).Format(time.DateOnly) + `","reason":"keluarga"}`
	r = b.Do("POST", "/v1/leaveRequests?validateOnly=true", later, portalChange, jar.All()...)
	if r.Status != 200 {
		t.Errorf("a change with the renewed session: %d %s", r.Status, r.Body)
	}
	jar.Update(r)
	p.RevokeRefreshTokens()
	time.Sleep(2100 * time.Millisecond)
	r = b.Do("GET", "/v1/employees/"+nip, "", nil, jar.All()...)
	if c, rc := r.Cookies["simpeg_session"], r.Cookies["simpeg_refresh"]; r.Status != http.StatusUnauthorized || c == nil || c.MaxAge >= 0 || rc == nil || rc.MaxAge >= 0 {
		t.Errorf("own record once the provider revoked the session: %d %s, cookies %v", r.Status, r.Body, r.Cookies)
	}
	if r := b.Do("GET", "/", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("GET / with SIMPEG_PORTAL=false: %d", r.Status)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
