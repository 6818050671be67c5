package sessiontest

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// Browser is a test client of a gateway at Base: one request at a time, with the cookies the
// test gives, never following a redirect, so a test checks every hop of a sign-in.
type Browser struct {
	T    testing.TB
	Base string
}

// Response is one answer with its cookies by name.
type Response struct {
	Status  int
	Header  http.Header
	Body    []byte
	Cookies map[string]*http.Cookie
}

// Location is the answer's Location header.
func (r Response) Location() string { return r.Header.Get("Location") }

// Do sends method to target (a path of Base, or an absolute URL) with body, header and cookies.
func (b Browser) Do(method, target, body string, header map[string]string, cookies ...*http.Cookie) Response {
	b.T.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	if strings.HasPrefix(target, "/") {
		target = b.Base + target
	}
	req, err := http.NewRequestWithContext(b.T.Context(), method, target, rd)
	if err != nil {
		b.T.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		if c != nil {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		b.T.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.T.Fatal(err)
	}
	out := Response{Status: resp.StatusCode, Header: resp.Header, Body: raw, Cookies: map[string]*http.Cookie{}}
	for _, c := range resp.Cookies() {
		out.Cookies[c.Name] = c
	}
	return out
}

// StartSignIn walks GET /auth/login?return=ret to the provider and back: it returns the login
// cookie the gateway set and the callback URL the provider sent the browser to.
func (b Browser) StartSignIn(ret string) (*http.Cookie, string) {
	b.T.Helper()
	r := b.Do("GET", "/auth/login?return="+url.QueryEscape(ret), "", nil)
	login := r.Cookies["simpeg_login"]
	if r.Status != http.StatusFound || login == nil {
		b.T.Fatalf("GET /auth/login: %d, login cookie %v: %s", r.Status, login, r.Body)
	}
	at := b.Do("GET", r.Location(), "", nil)
	if at.Status != http.StatusFound {
		b.T.Fatalf("the provider's authorization endpoint: %d %s", at.Status, at.Body)
	}
	return login, at.Location()
}

// SignIn signs the provider's user in at the gateway and returns the session cookie.
func (b Browser) SignIn() *http.Cookie {
	b.T.Helper()
	return b.SignInCookies()["simpeg_session"]
}

// SignInCookies signs the provider's user in at the gateway and returns the cookies the
// callback set: simpeg_session and, when the provider gave a refresh token, simpeg_refresh.
func (b Browser) SignInCookies() Jar {
	b.T.Helper()
	login, back := b.StartSignIn("/")
	r := b.Do("GET", back, "", nil, login)
	c := r.Cookies["simpeg_session"]
	if r.Status != http.StatusFound || r.Location() != "/" || c == nil {
		b.T.Fatalf("callback: %d, Location %q, session cookie %v", r.Status, r.Location(), c)
	}
	jar := Jar{}
	jar.Update(r)
	delete(jar, "simpeg_login")
	return jar
}

// Jar holds a browser's cookies by name.
type Jar map[string]*http.Cookie

// Update keeps what an answer set: a cookie it removes (Max-Age < 0) leaves the jar, a cookie it
// sets replaces the jar's.
func (j Jar) Update(r Response) {
	for name, c := range r.Cookies {
		if c.MaxAge < 0 {
			delete(j, name)
		} else {
			j[name] = c
		}
	}
}

// All returns the jar's cookies, ordered by name, to send with Do.
func (j Jar) All() []*http.Cookie {
	names := make([]string, 0, len(j))
	for name := range j {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]*http.Cookie, len(names))
	for i, name := range names {
		out[i] = j[name]
	}
	return out
}
