package auth_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

const (
	issuer   = "https://sso.example.go.id"
	audience = "simpeg"
)

// extra are the private claims simpeg reads.
type extra struct {
	Roles  []string `json:"roles,omitempty"`
	Agency string   `json:"agency,omitempty"`
	Scope  string   `json:"scope,omitempty"`
}

// sign builds a token with go-jose directly, so tests control every claim and header.
func sign(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, std jwt.Claims, x extra) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatalf("creating %s signer: %v", alg, err)
	}
	tok, err := jwt.Signed(sig).Claims(std).Claims(x).Serialize()
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return tok
}

// goodClaims are valid registered claims as of now.
func goodClaims() jwt.Claims {
	now := time.Now()
	return jwt.Claims{
		Issuer:    issuer,
		Subject:   "198001012005011001",
		Audience:  jwt.Audience{audience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		Expiry:    jwt.NewNumericDate(now.Add(time.Hour)),
	}
}

// privateKey reads the Ed25519 key testenv.Keys wrote.
func privateKey(t *testing.T, keyFile string) ed25519.PrivateKey {
	t.Helper()
	raw, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(raw)
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(ed25519.PrivateKey)
}

func newKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return priv
}

// fixture is a verifier built from a key file, the key and a signer for it.
type fixture struct {
	v      *auth.Verifier
	key    ed25519.PrivateKey
	signer *auth.Signer
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	keyFile, signer := testenv.Keys(t, issuer, audience)
	v, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{v: v, key: privateKey(t, keyFile), signer: signer}
}

func TestVerifierAcceptsGoodToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	want := auth.Principal{
		Subject: "198001012005011001",
		Roles:   []auth.Role{auth.RoleEmployee, auth.RoleAgencyHR},
		Agency:  "DISKOMINFO",
		Scopes:  []string{"planning.read", "planning.write"},
	}
	tok, err := f.signer.Issue(want, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatalf("good token rejected: %v", err)
	}
	if left := time.Until(got.ExpiresAt); left < 9*time.Minute || left > 10*time.Minute {
		t.Errorf("ExpiresAt = %v, want about 10 minutes from now", got.ExpiresAt)
	}
	got.ExpiresAt = time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("principal:\n got %+v\nwant %+v", got, want)
	}
	if !got.Has(auth.RoleAgencyHR) || got.Has(auth.RoleCityHR) || got.RoleNames() != "employee,agency-hr" {
		t.Errorf("Has/RoleNames wrong for %+v", got)
	}

	// A token built by another issuer library without kid and with several audiences.
	std := goodClaims()
	std.Audience = jwt.Audience{"other", audience}
	p, err := f.v.Verify(context.Background(), sign(t, jose.EdDSA, f.key, "", std, extra{Roles: []string{"city-hr"}}))
	if err != nil {
		t.Fatalf("token with two audiences rejected: %v", err)
	}
	if len(p.Roles) != 1 || p.Roles[0] != auth.RoleCityHR || p.Agency != "" || p.Scopes != nil {
		t.Errorf("principal = %+v", p)
	}
}

func TestVerifierRejects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pub := f.key.Public().(ed25519.PublicKey)
	now := time.Now()
	roles := extra{Roles: []string{"city-hr"}}
	with := func(change func(c *jwt.Claims)) jwt.Claims {
		c := goodClaims()
		change(&c)
		return c
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	good := sign(t, jose.EdDSA, f.key, "", goodClaims(), roles)
	parts := strings.Split(good, ".")

	b64 := base64.RawURLEncoding.EncodeToString
	payload, _ := json.Marshal(map[string]any{"iss": issuer, "aud": audience, "sub": "x", "exp": now.Add(time.Hour).Unix(), "roles": []string{"city-hr"}})
	noneToken := b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + b64(payload) + "."
	forged, _ := json.Marshal(map[string]any{"iss": issuer, "aud": audience, "sub": "intruder", "exp": now.Add(time.Hour).Unix(), "roles": []string{"city-hr"}})

	tests := []struct {
		name, token, wantIn string
	}{
		{"expired", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(now.Add(-time.Hour)) }), roles), "expired"},
		{"expired beyond the leeway", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(now.Add(-time.Minute)) }), roles), "expired"},
		{"not yet valid", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.NotBefore = jwt.NewNumericDate(now.Add(time.Hour)) }), roles), "not valid yet"},
		{"issued in the future", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) }), roles), "issued in the future"},
		{"wrong issuer", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Issuer = "https://evil.example" }), roles), "issuer"},
		{"wrong audience", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Audience = jwt.Audience{"another-app"} }), roles), "audience"},
		{"no audience", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Audience = nil }), roles), "audience"},
		{"missing exp", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Expiry = nil }), roles), "no expiry"},
		{"missing subject", sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Subject = "" }), roles), "no subject"},
		{"signed by another key", sign(t, jose.EdDSA, newKey(t), "", goodClaims(), roles), "signature"},
		{"RS256 by a key we do not trust", sign(t, jose.RS256, rsaKey, "", goodClaims(), roles), "signature"},
		{"alg none", noneToken, "malformed"},
		{"HS256 with the public key as secret", sign(t, jose.HS256, []byte(pub), "", goodClaims(), roles), "malformed"},
		{"HS256 with the PEM public key as secret", sign(t, jose.HS256, pemPublic(t, pub), "", goodClaims(), roles), "malformed"},
		{"payload swapped after signing", parts[0] + "." + b64(forged) + "." + parts[2], "signature"},
		{"signature stripped", parts[0] + "." + parts[1] + ".", "signature"},
		{"empty", "", "malformed"},
		{"garbage", "not-a-token", "malformed"},
		{"three garbage parts", "a.b.c", "malformed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := f.v.Verify(context.Background(), tc.token)
			if err == nil {
				t.Fatalf("token accepted as %+v", p)
			}
			if !strings.Contains(err.Error(), tc.wantIn) {
				t.Errorf("error %q does not mention %q", err, tc.wantIn)
			}
			if !reflect.DeepEqual(p, auth.Principal{}) {
				t.Errorf("rejected token still yields principal %+v", p)
			}
			if auth.Cached(f.v, tc.token) {
				t.Error("rejected token was cached")
			}
		})
	}

	t.Run("expired within the 30s leeway is accepted", func(t *testing.T) {
		tok := sign(t, jose.EdDSA, f.key, "", with(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(now.Add(-10 * time.Second)) }), roles)
		if _, err := f.v.Verify(context.Background(), tok); err != nil {
			t.Fatalf("token 10 s past expiry rejected: %v", err)
		}
	})
}

func pemPublic(t *testing.T, pub ed25519.PublicKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func TestVerifierCache(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	signer := auth.NewSigner(key, issuer, audience)
	v := auth.NewStaticVerifier(issuer, audience, key.Public().(ed25519.PublicKey))
	var mu sync.Mutex
	clock := time.Now()
	auth.SetNow(v, func() time.Time { mu.Lock(); defer mu.Unlock(); return clock })
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }

	tok, err := signer.Issue(auth.Principal{Subject: "s1", Roles: []auth.Role{auth.RoleEmployee}, Agency: "A"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if auth.Cached(v, tok) {
		t.Fatal("token cached before its first verification")
	}
	first, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if !auth.Cached(v, tok) {
		t.Fatal("verified token not cached")
	}
	advance(50 * time.Second)
	second, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatalf("cached token rejected before expiry: %v", err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatalf("cache returned %+v, first verification %+v", second, first)
	}
	// Past expiry (and the 30 s leeway) the cached entry must not answer for the token.
	advance(2 * time.Minute)
	if p, err := v.Verify(context.Background(), tok); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("expired cached token: principal %+v, error %v; want an expiry error", p, err)
	}
}

// TestVerifierCacheBound verifies more distinct tokens than the cache holds, as a city's
// employees checking in one morning do: the cache stays within its bound, expired tokens leave
// first, then those expiring first, and the most recent token is always kept.
func TestVerifierCacheBound(t *testing.T) {
	t.Parallel()
	const bound = 2000
	key := newKey(t)
	signer := auth.NewSigner(key, issuer, audience)
	v := auth.NewStaticVerifier(issuer, audience, key.Public().(ed25519.PublicKey))
	auth.SetCacheBound(v, bound)
	var mu sync.Mutex
	clock := time.Now()
	auth.SetNow(v, func() time.Time { mu.Lock(); defer mu.Unlock(); return clock })
	issue := func(i int, ttl time.Duration) string {
		tok, err := signer.Issue(auth.Principal{Subject: fmt.Sprintf("%018d", i), Roles: []auth.Role{auth.RoleEmployee}}, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// Fill the cache with short-lived tokens, then let them expire.
	short := make([]string, bound)
	for i := range short {
		short[i] = issue(i, time.Minute)
		if _, err := v.Verify(context.Background(), short[i]); err != nil {
			t.Fatal(err)
		}
	}
	if n := auth.CacheSize(v); n != bound {
		t.Fatalf("cache holds %d tokens, want %d", n, bound)
	}
	mu.Lock()
	clock = clock.Add(2 * time.Minute)
	mu.Unlock()
	fresh := issue(-1, time.Hour)
	if _, err := v.Verify(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	if n := auth.CacheSize(v); n != 1 || !auth.Cached(v, fresh) {
		t.Fatalf("after the short tokens expired the cache holds %d tokens (fresh one kept: %v); want only the fresh one", n, auth.Cached(v, fresh))
	}
	// More live tokens than the cache holds: it never grows past its bound.
	live := make([]string, bound+bound/2)
	for i := range live {
		live[i] = issue(i, time.Hour+time.Duration(i)*time.Second)
		if _, err := v.Verify(context.Background(), live[i]); err != nil {
			t.Fatal(err)
		}
		if !auth.Cached(v, live[i]) {
			t.Fatalf("token %d not cached right after its verification", i)
		}
		if n := auth.CacheSize(v); n > bound {
			t.Fatalf("cache holds %d tokens, more than its bound %d", n, bound)
		}
	}
	// Each eviction dropped the tokens expiring first: the 1,000 latest (expiring last) are all
	// still there, and a cached token is answered without a second signature check.
	verified, _, _ := v.Stats()
	for i := len(live) - 1000; i < len(live); i++ {
		if !auth.Cached(v, live[i]) {
			t.Fatalf("token %d (expiring among the last) was evicted", i)
		}
		if _, err := v.Verify(context.Background(), live[i]); err != nil {
			t.Fatal(err)
		}
	}
	if again, hits, _ := v.Stats(); again != verified || hits < 1000 {
		t.Fatalf("re-presenting 1,000 cached tokens: %d signature checks (want none), %d cache hits (want >= 1000)", again-verified, hits)
	}
}

func TestVerifierFromPublicKeyFile(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	path := filepath.Join(t.TempDir(), "pub.pem")
	if err := os.WriteFile(path, pemPublic(t, key.Public().(ed25519.PublicKey)), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, KeyFile: path})
	if err != nil {
		t.Fatal(err)
	}
	tok := testenv.Token(t, auth.NewSigner(key, issuer, audience), auth.Principal{Subject: "s", Roles: []auth.Role{auth.RoleAuditor}})
	if p, err := v.Verify(context.Background(), tok); err != nil || p.Subject != "s" {
		t.Fatalf("Verify = %+v, %v", p, err)
	}
}

func TestNewVerifierErrors(t *testing.T) {
	t.Parallel()
	garbage := filepath.Join(t.TempDir(), "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	keyFile, _ := testenv.Keys(t, issuer, audience)
	tests := []struct {
		name string
		cfg  auth.Config
	}{
		{"no key source", auth.Config{Issuer: issuer, Audience: audience}},
		{"missing key file", auth.Config{Issuer: issuer, Audience: audience, KeyFile: filepath.Join(t.TempDir(), "nope.pem")}},
		{"not a PEM file", auth.Config{Issuer: issuer, Audience: audience, KeyFile: garbage}},
		{"no issuer", auth.Config{Audience: audience, KeyFile: keyFile}},
		{"no audience", auth.Config{Issuer: issuer, KeyFile: keyFile}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := auth.NewVerifier(tc.cfg); err == nil {
				t.Fatal("NewVerifier accepted the configuration")
			}
		})
	}
}

func TestJWKS(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	var fetches atomic.Int32
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: newKey(t).Public(), KeyID: "enc-key", Use: "enc", Algorithm: string(jose.EdDSA)},
		{Key: key.Public(), KeyID: "k1", Use: "sig", Algorithm: string(jose.EdDSA)},
	}}
	body, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		if r.URL.Path != "/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)

	// The JWKS URL takes precedence over a key file, which is then not even read.
	v, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, JWKSURL: srv.URL + "/jwks.json", KeyFile: "/nonexistent/key.pem"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := v.Verify(ctx, sign(t, jose.EdDSA, key, "k1", goodClaims(), extra{Roles: []string{"agency-hr"}, Agency: "DINKES", Scope: "a b"}))
	if err != nil {
		t.Fatalf("token signed by the JWKS key rejected: %v", err)
	}
	if p.Agency != "DINKES" || !p.Has(auth.RoleAgencyHR) || !reflect.DeepEqual(p.Scopes, []string{"a", "b"}) {
		t.Fatalf("principal = %+v", p)
	}
	// A second token with a known kid uses the fetched set.
	c := goodClaims()
	c.Subject = "other"
	if _, err := v.Verify(ctx, sign(t, jose.EdDSA, key, "k1", c, extra{})); err != nil {
		t.Fatal(err)
	}
	if n := fetches.Load(); n != 1 {
		t.Fatalf("JWKS fetched %d times, want once", n)
	}

	rejects := []struct{ name, token, wantIn string }{
		{"unknown kid", sign(t, jose.EdDSA, key, "k2", goodClaims(), extra{}), "unknown signing key"},
		{"kid of an encryption key", sign(t, jose.EdDSA, key, "enc-key", goodClaims(), extra{}), "unknown signing key"},
		{"known kid, other key", sign(t, jose.EdDSA, newKey(t), "k1", goodClaims(), extra{}), "signature"},
	}
	for _, tc := range rejects {
		if _, err := v.Verify(ctx, tc.token); err == nil || !strings.Contains(err.Error(), tc.wantIn) {
			t.Errorf("%s: error = %v, want one mentioning %q", tc.name, err, tc.wantIn)
		}
	}
	// Unknown kids within a minute of the last fetch do not hammer the provider.
	if n := fetches.Load(); n != 1 {
		t.Fatalf("JWKS fetched %d times after unknown kids, want once (refetch at most once a minute)", n)
	}

	t.Run("provider failure", func(t *testing.T) {
		bad, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, JWKSURL: srv.URL + "/missing"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bad.Verify(ctx, sign(t, jose.EdDSA, key, "k1", goodClaims(), extra{})); err == nil || !strings.Contains(err.Error(), "404") {
			t.Fatalf("error = %v, want the JWKS fetch failure", err)
		}
	})
}

func TestDecide(t *testing.T) {
	t.Parallel()
	rule := auth.Rule{
		Grants: map[auth.Role]auth.Scope{
			auth.RoleEmployee:   auth.ScopeSelf,
			auth.RoleSupervisor: auth.ScopeSubordinates,
			auth.RoleAgencyHR:   auth.ScopeAgency,
			auth.RoleService:    auth.ScopeAll,
		},
		ClientScope: "planning.read",
	}
	noClientScope := auth.Rule{Grants: map[auth.Role]auth.Scope{auth.RoleService: auth.ScopeAgency}}
	tests := []struct {
		name   string
		rule   auth.Rule
		p      auth.Principal
		want   auth.Scope
		wantIs string
	}{
		{"no roles", rule, auth.Principal{}, auth.ScopeNone, "none"},
		{"role not granted", rule, auth.Principal{Roles: []auth.Role{auth.RoleAuditor}}, auth.ScopeNone, "none"},
		{"one role", rule, auth.Principal{Roles: []auth.Role{auth.RoleEmployee}}, auth.ScopeSelf, "self"},
		{"widest of several", rule, auth.Principal{Roles: []auth.Role{auth.RoleEmployee, auth.RoleAgencyHR, auth.RoleSupervisor}}, auth.ScopeAgency, "agency"},
		{"order does not matter", rule, auth.Principal{Roles: []auth.Role{auth.RoleAgencyHR, auth.RoleEmployee}}, auth.ScopeAgency, "agency"},
		{"ungranted role ignored", rule, auth.Principal{Roles: []auth.Role{auth.RoleAuditor, auth.RoleSupervisor}}, auth.ScopeSubordinates, "subordinates"},
		{"service without client scope", rule, auth.Principal{Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.write"}}, auth.ScopeNone, "none"},
		{"service with client scope", rule, auth.Principal{Roles: []auth.Role{auth.RoleService}, Scopes: []string{"x", "planning.read"}}, auth.ScopeAll, "all"},
		{"service without client scope keeps its other roles", rule, auth.Principal{Roles: []auth.Role{auth.RoleService, auth.RoleEmployee}}, auth.ScopeSelf, "self"},
		{"client scope applies to services only", rule, auth.Principal{Roles: []auth.Role{auth.RoleAgencyHR}}, auth.ScopeAgency, "agency"},
		{"rule without client scope", noClientScope, auth.Principal{Roles: []auth.Role{auth.RoleService}}, auth.ScopeAgency, "agency"},
		{"empty rule", auth.Rule{}, auth.Principal{Roles: auth.Roles}, auth.ScopeNone, "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.rule.Decide(tc.p)
			if got != tc.want || got.String() != tc.wantIs {
				t.Fatalf("Decide = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGrantReaches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		g      auth.Grant
		agency string
		want   bool
	}{
		{auth.Grant{Scope: auth.ScopeAll}, "X", true},
		{auth.Grant{Principal: auth.Principal{Agency: "X"}, Scope: auth.ScopeAgency}, "X", true},
		{auth.Grant{Principal: auth.Principal{Agency: "X"}, Scope: auth.ScopeAgency}, "Y", false},
		{auth.Grant{Scope: auth.ScopeAgency}, "", false},
		{auth.Grant{Principal: auth.Principal{Agency: "X"}, Scope: auth.ScopeSelf}, "X", false},
	}
	for _, tc := range tests {
		if got := tc.g.Reaches(tc.agency); got != tc.want {
			t.Errorf("%+v.Reaches(%q) = %v, want %v", tc.g, tc.agency, got, tc.want)
		}
	}
}

const (
	methodRead    = "/simpeg.test.v1.TestService/Read"
	methodSync    = "/simpeg.test.v1.TestService/Sync"
	methodNoRule  = "/simpeg.test.v1.TestService/Forgotten"
	methodPublicX = "/simpeg.test.v1.TestService/Ping"
)

func TestAuthorizer(t *testing.T) {
	t.Parallel()
	key := newKey(t)
	signer := auth.NewSigner(key, issuer, audience)
	v := auth.NewStaticVerifier(issuer, audience, key.Public().(ed25519.PublicKey))
	a := auth.NewAuthorizer(v, auth.Rules{
		methodRead: {Grants: map[auth.Role]auth.Scope{
			auth.RoleEmployee: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
		}},
		methodSync:    {Grants: map[auth.Role]auth.Scope{auth.RoleService: auth.ScopeAll}, ClientScope: "test.sync"},
		methodPublicX: {Public: true},
	})
	token := func(p auth.Principal) string { return testenv.Token(t, signer, p) }
	hr := token(auth.Principal{Subject: "hr1", Roles: []auth.Role{auth.RoleEmployee, auth.RoleAgencyHR}, Agency: "DINKES"})
	auditor := token(auth.Principal{Subject: "aud1", Roles: []auth.Role{auth.RoleAuditor}})
	svcNoScope := token(auth.Principal{Subject: "client1", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"other"}})
	svc := token(auth.Principal{Subject: "client2", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"test.sync"}})
	expired, err := signer.Issue(auth.Principal{Subject: "old", Roles: []auth.Role{auth.RoleCityHR}}, -time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	foreign := testenv.Token(t, auth.NewSigner(newKey(t), issuer, audience), auth.Principal{Subject: "x", Roles: []auth.Role{auth.RoleCityHR}})

	tests := []struct {
		name      string
		method    string
		auth      []string // authorization header values; nil for no metadata
		wantCode  codes.Code
		wantGrant *auth.Grant
	}{
		{"method without rule", methodNoRule, []string{"Bearer " + hr}, codes.PermissionDenied, nil},
		{"method without rule, no token", methodNoRule, nil, codes.PermissionDenied, nil},
		{"service public method without token", methodPublicX, nil, codes.OK, nil},
		{"health check without token", grpc_health_v1.Health_Check_FullMethodName, nil, codes.OK, nil},
		{"reflection without token", reflectionv1.ServerReflection_ServerReflectionInfo_FullMethodName, nil, codes.Unauthenticated, nil},
		{"reflection with any valid token", reflectionv1.ServerReflection_ServerReflectionInfo_FullMethodName, []string{"Bearer " + auditor}, codes.OK,
			&auth.Grant{Principal: auth.Principal{Subject: "aud1", Roles: []auth.Role{auth.RoleAuditor}}, Scope: auth.ScopeAll}},
		{"missing header", methodRead, nil, codes.Unauthenticated, nil},
		{"empty metadata", methodRead, []string{}, codes.Unauthenticated, nil},
		{"basic scheme", methodRead, []string{"Basic dXNlcjpwYXNz"}, codes.Unauthenticated, nil},
		{"scheme only", methodRead, []string{"Bearer"}, codes.Unauthenticated, nil},
		{"blank token", methodRead, []string{"Bearer    "}, codes.Unauthenticated, nil},
		{"token without scheme", methodRead, []string{hr}, codes.Unauthenticated, nil},
		{"garbage token", methodRead, []string{"Bearer garbage"}, codes.Unauthenticated, nil},
		{"expired token", methodRead, []string{"Bearer " + expired}, codes.Unauthenticated, nil},
		{"token of an untrusted key", methodRead, []string{"Bearer " + foreign}, codes.Unauthenticated, nil},
		{"valid token without a granted role", methodRead, []string{"Bearer " + auditor}, codes.PermissionDenied, nil},
		{"valid token with role", methodRead, []string{"Bearer " + hr}, codes.OK,
			&auth.Grant{Principal: auth.Principal{Subject: "hr1", Roles: []auth.Role{auth.RoleEmployee, auth.RoleAgencyHR}, Agency: "DINKES"}, Scope: auth.ScopeAgency}},
		{"scheme is case-insensitive", methodRead, []string{"bearer " + hr}, codes.OK,
			&auth.Grant{Principal: auth.Principal{Subject: "hr1", Roles: []auth.Role{auth.RoleEmployee, auth.RoleAgencyHR}, Agency: "DINKES"}, Scope: auth.ScopeAgency}},
		{"service without client scope", methodSync, []string{"Bearer " + svcNoScope}, codes.PermissionDenied, nil},
		{"service with client scope", methodSync, []string{"Bearer " + svc}, codes.OK,
			&auth.Grant{Principal: auth.Principal{Subject: "client2", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"test.sync"}}, Scope: auth.ScopeAll}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.auth != nil {
				md := metadata.MD{}
				if len(tc.auth) > 0 {
					md = metadata.Pairs("authorization", tc.auth[0])
				}
				ctx = metadata.NewIncomingContext(ctx, md)
			}
			got, err := a.Authorize(ctx, tc.method)
			if code := status.Code(err); code != tc.wantCode {
				t.Fatalf("Authorize code = %v (%v), want %v", code, err, tc.wantCode)
			}
			if tc.wantCode != codes.OK {
				if got != nil {
					t.Error("denied call still returned a context")
				}
				return
			}
			g, ok := auth.GrantFrom(got)
			if tc.wantGrant == nil {
				if ok {
					t.Fatalf("public call carries grant %+v", g)
				}
				return
			}
			if !ok {
				t.Fatal("authorized call carries no grant")
			}
			g.ExpiresAt = time.Time{}
			if !reflect.DeepEqual(g, *tc.wantGrant) {
				t.Fatalf("grant:\n got %+v\nwant %+v", g, *tc.wantGrant)
			}
		})
	}

	t.Run("unary interceptor", func(t *testing.T) {
		icpt := a.UnaryInterceptor()
		calls := 0
		handler := func(ctx context.Context, req any) (any, error) {
			calls++
			g, ok := auth.GrantFrom(ctx)
			if !ok || g.Subject != "hr1" {
				t.Errorf("handler sees grant %+v, %v", g, ok)
			}
			return "ok", nil
		}
		ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+hr))
		resp, err := icpt(ctx, nil, &grpc.UnaryServerInfo{FullMethod: methodRead}, handler)
		if err != nil || resp != "ok" || calls != 1 {
			t.Fatalf("allowed call: resp %v, err %v, calls %d", resp, err, calls)
		}
		_, err = icpt(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: methodRead}, handler)
		if status.Code(err) != codes.Unauthenticated || calls != 1 {
			t.Fatalf("denied call: err %v, calls %d", err, calls)
		}
	})
}
