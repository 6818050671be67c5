package gateway

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/gateway/session/sessiontest"
	"github.com/simpeg-id/simpeg/platform/auth"
)

// browser is a test client that keeps cookies the way the test sets them, one request at a
// time, never following redirects.
type browser struct {
	t    *testing.T
	base string
}

// response is one answer with its cookies.
type response struct {
	status  int
	header  http.Header
	body    []byte
	cookies map[string]*http.Cookie
}

func (b browser) do(method, path, body string, header map[string]string, cookies ...*http.Cookie) response {
	b.t.Helper()
	r := sessiontest.Browser{T: b.t, Base: b.base}.Do(method, path, body, header, cookies...)
	return response{status: r.Status, header: r.Header, body: r.Body, cookies: r.Cookies}
}

// portalHeaders are what the portal's pages send with a change.
var portalHeaders = map[string]string{ClientHeader: ClientPortal, "Content-Type": "application/json"}

func decodeJSON[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("status %d, body not JSON: %v: %s", r.status, err, r.body)
	}
	return v
}

// wantSessionCookie checks the session cookie's flags: HttpOnly, SameSite=Strict, Path=/, Secure
// as asked, and a Max-Age of about maxAge.
func wantSessionCookie(t *testing.T, c *http.Cookie, secure bool, maxAge time.Duration) {
	t.Helper()
	if c == nil {
		t.Fatal("no session cookie set")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure != secure || c.Value == "" {
		t.Errorf("session cookie %s: HttpOnly %v, SameSite %v, Path %q, Secure %v (want %v)", c.Name, c.HttpOnly, c.SameSite, c.Path, c.Secure, secure)
	}
	if got := time.Duration(c.MaxAge) * time.Second; got > maxAge || got < maxAge-time.Minute {
		t.Errorf("session cookie Max-Age %s, want about %s", got, maxAge)
	}
}

// localEnv is a gateway with the local sign-in, its signer and a verifier of its tokens.
func localEnv(t *testing.T, ttl time.Duration) (*testEnv, *auth.Verifier) {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := auth.NewSigner(key, "simpeg-local", "simpeg")
	env := newTestEnv(t, func(c *Config) {
		c.Auth = Tokens{Issuer: "simpeg-local", Audience: "simpeg", MaxLifetime: 12 * time.Hour, MaxServiceLifetime: 2160 * time.Hour}
	}, WithLocalSignIn(signer, ttl))
	return env, auth.NewStaticVerifier("simpeg-local", "simpeg", signer.PublicKey())
}

func TestLocalPeople(t *testing.T) {
	env, verifier := localEnv(t, 0)
	b := browser{t: t, base: env.srv.URL}
	agencies := []localAgency{
		{"BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"},
		{"DISKOMINFO", "Dinas Komunikasi dan Informatika"},
		{"INSPEKTORAT", "Inspektorat"},
	}
	cityHR := localPerson{nipCityHR, "Sri Mulyani", "city-hr", "BKPSDM", "Sri Mulyani — Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"}
	auditor := localPerson{nipAuditor, "Joko Widodo", "auditor", "INSPEKTORAT", "Joko Widodo — Inspektorat"}
	tests := []struct {
		query string
		want  []localPerson
	}{
		{"", []localPerson{
			{nipStaff1, "Andi Pratama, S.Kom.", "employee", "DISKOMINFO", "Andi Pratama, S.Kom. — Pranata Komputer"},
			{nipSection, "Rina Wati", "supervisor", "DISKOMINFO", "Rina Wati — Kepala Bidang Aplikasi Informatika"},
			{nipStaff2, "Dewi Lestari", "employee", "DISKOMINFO", "Dewi Lestari — Pranata Komputer"},
			{nipHR, "Hendra Gunawan", "agency-hr", "DISKOMINFO", "Hendra Gunawan — Analis Kepegawaian"},
			cityHR, auditor,
		}},
		{"?agency=BKPSDM", []localPerson{
			{nipCityHR, "Sri Mulyani", "employee", "BKPSDM", "Sri Mulyani — Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"},
			auditor,
		}},
	}
	for _, tt := range tests {
		r := b.do("GET", localPeoplePath+tt.query, "", nil)
		if r.status != http.StatusOK || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("GET %s: %d (Cache-Control %q) %s", tt.query, r.status, r.header.Get("Cache-Control"), r.body)
		}
		got := decodeJSON[localPeople](t, r)
		if !equalJSON(t, got.Agencies, agencies) || !equalJSON(t, got.People, tt.want) {
			t.Errorf("GET %s:\n got %+v\nwant %+v %+v", tt.query, got, agencies, tt.want)
		}
	}
	// The gateway reads with a read-only service token of its own.
	_, md := env.up.fake.last()
	p, err := verifier.Verify(context.Background(), strings.TrimPrefix(first(md.Get("authorization")), "Bearer "))
	if err != nil || p.Subject != "gateway" || p.RoleNames() != "service" || strings.Join(p.Scopes, " ") != "planning.read" {
		t.Errorf("the listing token: %+v, %v", p, err)
	}

	r := b.do("GET", localPeoplePath+"?agency=NOPE", "", nil)
	if r.status != http.StatusBadRequest || !hasDetail(decodeStatus(t, r.header, r.body), "type.googleapis.com/google.rpc.BadRequest", "") || !strings.Contains(string(r.body), `"field":"agency"`) {
		t.Errorf("an unknown agency: %d %s", r.status, r.body)
	}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(ja) == string(jb)
}

func TestLocalSignIn(t *testing.T) {
	env, verifier := localEnv(t, 24*time.Hour) // capped by the 12 h bound
	b := browser{t: t, base: env.srv.URL}
	version := env.gw.portal.Version()

	r := b.do("GET", sessionPath, "", nil)
	if string(r.body) != `{"signedIn":false,"mode":"local","mapTiles":"","version":"`+version+`"}` {
		t.Errorf("signed out: %s", r.body)
	}

	refused := []struct {
		name   string
		body   string
		header map[string]string
		status int
		field  string
	}{
		{"no client header", `{"nip":"` + nipOK + `","role":"employee"}`, map[string]string{"Content-Type": "application/json"}, 403, ""},
		{"another site", `{"nip":"` + nipOK + `","role":"employee"}`, map[string]string{ClientHeader: ClientPortal, "Origin": "https://evil.example"}, 403, ""},
		{"service role", `{"nip":"` + nipOK + `","role":"service"}`, portalHeaders, 400, "role"},
		{"unknown role", `{"nip":"` + nipOK + `","role":"mayor"}`, portalHeaders, 400, "role"},
		{"short nip", `{"nip":"1990","role":"employee"}`, portalHeaders, 400, "nip"},
		{"unknown nip", `{"nip":"199001012020011099","role":"employee"}`, portalHeaders, 400, "nip"},
		{"unknown field", `{"nip":"` + nipOK + `","role":"employee","admin":true}`, portalHeaders, 400, ""},
	}
	for _, tt := range refused {
		r := b.do("POST", localPath, tt.body, tt.header)
		st := decodeStatus(t, r.header, r.body)
		if r.status != tt.status || r.cookies[sessionCookie] != nil {
			t.Errorf("%s: %d %s, cookie %v", tt.name, r.status, r.body, r.cookies[sessionCookie])
		}
		if tt.field != "" && (!hasDetail(st, "type.googleapis.com/google.rpc.BadRequest", "") || !strings.Contains(string(r.body), `"field":"`+tt.field+`"`)) {
			t.Errorf("%s: no field violation of %s in %s", tt.name, tt.field, r.body)
		}
	}

	tests := []struct {
		role, agencyClaim string
		secure            bool
	}{
		{"employee", "DISKOMINFO", false},
		{"agency-hr", "DISKOMINFO", true},
		{"city-hr", "", false},
	}
	for _, tt := range tests {
		h := map[string]string{ClientHeader: ClientPortal, "Origin": env.srv.URL}
		if tt.secure {
			h["X-Forwarded-Proto"] = "https"
			h["Origin"] = strings.Replace(env.srv.URL, "http://", "https://", 1)
		}
		r := b.do("POST", localPath, `{"nip":"`+nipOK+`","role":"`+tt.role+`"}`, h)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.role, r.status, r.body)
		}
		c := r.cookies[sessionCookie]
		wantSessionCookie(t, c, tt.secure, 12*time.Hour)
		p, err := verifier.Verify(context.Background(), c.Value)
		if err != nil || p.Subject != nipOK || p.RoleNames() != tt.role || p.Agency != tt.agencyClaim {
			t.Errorf("%s: the token says %+v, %v", tt.role, p, err)
		}
		got := decodeJSON[sessionInfo](t, r)
		want := sessionInfo{SignedIn: true, Subject: nipOK, Name: "Siti Aminah, S.Kom.", Roles: []string{tt.role}, Agency: "DISKOMINFO",
			AgencyName: "Dinas Komunikasi dan Informatika", ExpiresAt: got.ExpiresAt, Mode: "local", Version: version}
		if !equalJSON(t, got, want) {
			t.Errorf("%s: session\n got %+v\nwant %+v", tt.role, got, want)
		}
		if exp, err := time.Parse(time.RFC3339, got.ExpiresAt); err != nil || time.Until(exp) > 12*time.Hour || time.Until(exp) < 12*time.Hour-time.Minute {
			t.Errorf("%s: expiresAt %q", tt.role, got.ExpiresAt)
		}
		if s := decodeJSON[sessionInfo](t, b.do("GET", sessionPath, "", nil, c)); !equalJSON(t, s, got) {
			t.Errorf("%s: GET /auth/session\n got %+v\nwant %+v", tt.role, s, got)
		}
	}
}

// TestSessionCookieToAPI checks the backend for the frontend: the API gets the cookie's token as
// the Authorization header and never the cookie, and a change made with the cookie must come
// from the portal's own pages.
func TestSessionCookieToAPI(t *testing.T) {
	env, _ := localEnv(t, time.Hour)
	b := browser{t: t, base: env.srv.URL}
	c := b.do("POST", localPath, `{"nip":"`+nipOK+`","role":"employee"}`, portalHeaders).cookies[sessionCookie]
	if c == nil {
		t.Fatal("no session")
	}
	employee := `{"nip":"` + nipOK + `","fullName":"Siti Aminah","employmentType":"EMPLOYMENT_TYPE_PNS","rank":"III/a","agency":"DISKOMINFO"}`
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		auth                     string // the Authorization the service gets; "-" if it is not called
	}{
		{"read with the cookie", "GET", "/v1/" + nameOK, "", nil, 200, "Bearer " + c.Value},
		{"the header wins", "GET", "/v1/" + nameOK, "", map[string]string{"Authorization": "Bearer pasted"}, 200, "Bearer pasted"},
		{"change without the client header", "POST", "/v1/employees", employee, map[string]string{"Content-Type": "application/json"}, 403, "-"},
		{"change from another site", "POST", "/v1/employees", employee, map[string]string{ClientHeader: ClientPortal, "Origin": "https://evil.example"}, 403, "-"},
		{"change from another port", "POST", "/v1/employees", employee, map[string]string{ClientHeader: ClientPortal, "Origin": "http://127.0.0.1:1"}, 403, "-"},
		{"change from the portal", "POST", "/v1/employees", employee, map[string]string{ClientHeader: ClientPortal, "Origin": env.srv.URL}, 200, "Bearer " + c.Value},
		{"change from the portal, no Origin", "PATCH", "/v1/" + nameOK, `{"fullName":"Siti"}`, portalHeaders, 501, "Bearer " + c.Value},
		{"change with a pasted token", "POST", "/v1/employees", employee, map[string]string{"Authorization": "Bearer pasted"}, 200, "Bearer pasted"},
	}
	for _, tt := range tests {
		before, _ := env.up.fake.last()
		r := b.do(tt.method, tt.path, tt.body, tt.header, c)
		after, md := env.up.fake.last()
		if r.status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, r.status, r.body, tt.status)
		}
		switch {
		case tt.auth == "-" && after != before:
			t.Errorf("%s: the service was called", tt.name)
		case tt.auth == "-":
			if st := decodeStatus(t, r.header, r.body); *st.Code != 7 {
				t.Errorf("%s: code %d, want 7", tt.name, *st.Code)
			}
		case after == before && tt.status != 501:
			t.Errorf("%s: the service was not called", tt.name)
		case after != before && first(md.Get("authorization")) != tt.auth:
			t.Errorf("%s: authorization %q, want %q", tt.name, md.Get("authorization"), tt.auth)
		}
		if after != before {
			for k, v := range md {
				if strings.Contains(strings.ToLower(k), "cookie") || strings.Contains(strings.Join(v, " "), sessionCookie) {
					t.Errorf("%s: the service got the cookie as %s: %v", tt.name, k, v)
				}
			}
		}
	}

	r := b.do("POST", logoutPath, "{}", portalHeaders, c)
	if r.status != 200 || string(r.body) != `{"logoutUrl":""}` || r.cookies[sessionCookie] == nil || r.cookies[sessionCookie].MaxAge >= 0 || r.cookies[sessionCookie].Value != "" {
		t.Errorf("logout: %d %s, cookie %+v", r.status, r.body, r.cookies[sessionCookie])
	}
	if r := b.do("GET", loginPath, "", nil); r.status != http.StatusNotFound {
		t.Errorf("GET /auth/login in local mode: %d", r.status)
	}
}

// TestNoSignIn checks the gateway with neither sign-in: the session says mode none, the local
// and OpenID Connect endpoints are missing, and a cookie does not reach the API.
func TestNoSignIn(t *testing.T) {
	env := newTestEnv(t, func(c *Config) { c.MapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png" })
	b := browser{t: t, base: env.srv.URL}
	want := `{"signedIn":false,"mode":"none","mapTiles":"https://tile.openstreetmap.org/{z}/{x}/{y}.png","version":"` + env.gw.portal.Version() + `"}`
	if r := b.do("GET", sessionPath, "", nil, &http.Cookie{Name: sessionCookie, Value: "forged"}); r.status != 200 || string(r.body) != want {
		t.Errorf("session: %d %s, want %s", r.status, r.body, want)
	}
	for _, tt := range []struct{ method, path string }{
		{"GET", localPeoplePath}, {"POST", localPath}, {"GET", loginPath}, {"GET", callbackPath}, {"GET", "/auth/nothing"},
	} {
		if r := b.do(tt.method, tt.path, "{}", portalHeaders); r.status != http.StatusNotFound {
			t.Errorf("%s %s: %d", tt.method, tt.path, r.status)
		}
	}
	if r := b.do("POST", sessionPath, "{}", portalHeaders); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /auth/session: %d", r.status)
	}
	b.do("GET", "/v1/"+nameOK, "", nil, &http.Cookie{Name: sessionCookie, Value: "forged"})
	if _, md := env.up.fake.last(); len(md.Get("authorization")) != 0 {
		t.Errorf("a cookie became %v", md.Get("authorization"))
	}
}
