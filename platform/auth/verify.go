package auth

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/prometheus/client_golang/prometheus"
)

// Config says how tokens are verified. Exactly one key source is needed.
type Config struct {
	Issuer   string `env:"SIMPEG_AUTH_ISSUER" default:"simpeg-local" help:"expected token issuer (iss)"`
	Audience string `env:"SIMPEG_AUTH_AUDIENCE" default:"simpeg" help:"expected token audience (aud)"`
	JWKSURL  string `env:"SIMPEG_AUTH_JWKS_URL" help:"JWKS URL of the OpenID Connect provider; takes precedence over the key file"`
	KeyFile  string `env:"SIMPEG_AUTH_KEY_FILE" default:"data/keys/signing-key.pem" help:"PEM file with the token signing key (Ed25519 private or public key) when no JWKS URL is set"`
	// MaxLifetime bounds a person's token: 24 h, a working day and its night, the longest a
	// sign-in should last (the all-in-one binary, whose local signer mints them, defaults to 12 h).
	MaxLifetime time.Duration `env:"SIMPEG_AUTH_MAX_TOKEN_LIFETIME" default:"24h" help:"longest lifetime (exp - iat) of a person's token; a longer one is refused (0: no bound)"`
	// MaxServiceLifetime bounds a role-service token, a client credential a deployment stores
	// as a secret: 90 days, so a leaked one is good for at most one quarterly rotation.
	MaxServiceLifetime time.Duration `env:"SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME" default:"2160h" help:"longest lifetime (exp - iat) of a token whose only role is service (a stored client credential); a longer one is refused (0: no bound)"`
	// TokenCache bounds how many verified tokens a process remembers until they expire. A
	// morning's check-ins bring one distinct token per employee (issue 13: a province of about
	// 204,000 civil servants), each verified once while it stays cached; an entry costs about
	// TokenCacheEntryBytes (213 bytes measured with 100,000 tokens, 320 with 8,000: the map
	// grows in steps), so 204,000 take about 40–60 MiB.
	TokenCache int `env:"SIMPEG_AUTH_TOKEN_CACHE" default:"250000" help:"verified tokens each process remembers until they expire, so that a caller's token is verified once; about 210-320 bytes each: the default holds a province's morning (204,000 distinct tokens) in about 40-60 MiB; 0 verifies every request"`
}

// DefaultTokenCache is SIMPEG_AUTH_TOKEN_CACHE's default, the bound of a verifier built without
// a Config (NewStaticVerifier).
const DefaultTokenCache = 250000

// TokenCacheEntryBytes is about what one cached token costs, measured by
// BenchmarkTokenCacheEntry (a person's token: an 18-digit NIP, one role, one of 40 agencies;
// 213 bytes with 100,000 tokens) and bounded by TestTokenCacheEntryBytes (320 with 8,000).
const TokenCacheEntryBytes = 260

// Check reports the bounds that cannot work: negative ones. Zero means no bound, for a Config
// built in code; the settings' defaults are never zero.
func (c Config) Check() error {
	var errList []error
	if c.MaxLifetime < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_AUTH_MAX_TOKEN_LIFETIME must not be negative, got %s", c.MaxLifetime))
	}
	if c.MaxServiceLifetime < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME must not be negative, got %s", c.MaxServiceLifetime))
	}
	if c.TokenCache < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_AUTH_TOKEN_CACHE must not be negative (0 verifies every request), got %d", c.TokenCache))
	}
	return errors.Join(errList...)
}

// ErrTooLong is the error of a token whose lifetime exceeds its bound (Config.MaxLifetime,
// Config.MaxServiceLifetime).
var ErrTooLong = errors.New("token lifetime exceeds the maximum")

// MaxFor returns the lifetime bound of a token carrying roles: MaxServiceLifetime when its only
// role is service, MaxLifetime otherwise (a token that also acts for a person is a person's),
// with the name of the setting. A zero bound means none (a Config built in a test).
func (c Config) MaxFor(roles []Role) (time.Duration, string) {
	if len(roles) == 1 && roles[0] == RoleService {
		return c.MaxServiceLifetime, "SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME"
	}
	return c.MaxLifetime, "SIMPEG_AUTH_MAX_TOKEN_LIFETIME"
}

// CheckLifetime refuses, with ErrTooLong, a token of roles living from start to exp longer than
// its bound (MaxFor).
func (c Config) CheckLifetime(roles []Role, start, exp time.Time) error {
	max, setting := c.MaxFor(roles)
	if life := exp.Sub(start); max > 0 && life > max {
		return fmt.Errorf("%w: it lives %s, and %s is %s", ErrTooLong, life.Round(time.Second), setting, max)
	}
	return nil
}

// Algorithms are the only signature algorithms accepted; "none" and HMAC never are.
var Algorithms = []jose.SignatureAlgorithm{jose.EdDSA, jose.RS256, jose.ES256, jose.PS256}

// claims are the token claims simpeg reads besides the registered ones.
type claims struct {
	Roles  []string `json:"roles"`
	Agency string   `json:"agency"`
	Scope  string   `json:"scope"`
}

// Verifier checks bearer tokens.
type Verifier struct {
	issuer, audience string
	bounds           Config // MaxLifetime and MaxServiceLifetime
	keys             keySource
	now              func() time.Time

	mu       sync.Mutex
	cache    map[[32]byte]Principal // verified tokens until they expire; at most maxCache
	maxCache int
	shared   sharedStrings // agencies, role lists and scope lists the cached principals share

	verified, hits atomic.Uint64 // signature checks that passed; answers from the cache
}

type keySource interface {
	key(ctx context.Context, kid string) (crypto.PublicKey, error)
}

// NewVerifier builds a Verifier from cfg.
func NewVerifier(cfg Config) (*Verifier, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	v := &Verifier{issuer: cfg.Issuer, audience: cfg.Audience, bounds: cfg, now: time.Now, cache: map[[32]byte]Principal{}, maxCache: cfg.TokenCache}
	switch {
	case cfg.JWKSURL != "":
		v.keys = &jwks{url: cfg.JWKSURL, client: &http.Client{Timeout: 10 * time.Second}}
	case cfg.KeyFile != "":
		pub, err := LoadPublicKey(cfg.KeyFile)
		if err != nil {
			return nil, err
		}
		v.keys = staticKey{pub}
	default:
		return nil, errors.New("auth: set SIMPEG_AUTH_JWKS_URL or SIMPEG_AUTH_KEY_FILE")
	}
	if cfg.Issuer == "" || cfg.Audience == "" {
		return nil, errors.New("auth: issuer and audience must be set")
	}
	return v, nil
}

// NewStaticVerifier builds a Verifier that trusts one public key.
func NewStaticVerifier(issuer, audience string, pub ed25519.PublicKey) *Verifier {
	return &Verifier{issuer: issuer, audience: audience, keys: staticKey{pub}, now: time.Now, cache: map[[32]byte]Principal{}, maxCache: DefaultTokenCache}
}

// Verify checks the token's signature, algorithm, issuer, audience and lifetime and returns
// its principal. Verified tokens are remembered until they expire (up to the cache's bound,
// SIMPEG_AUTH_TOKEN_CACHE), so a caller's repeated requests cost one signature check. The
// principals it returns share their slices with the cache: callers must not modify them.
func (v *Verifier) Verify(ctx context.Context, token string) (Principal, error) {
	sum := sha256.Sum256([]byte(token))
	now := v.now()
	v.mu.Lock()
	p, ok := v.cache[sum]
	v.mu.Unlock()
	if ok && now.Before(p.ExpiresAt) {
		v.hits.Add(1)
		return p, nil
	}
	p, err := v.verify(ctx, token, now)
	if err != nil {
		return Principal{}, err
	}
	v.verified.Add(1)
	if v.maxCache <= 0 {
		return p, nil
	}
	v.mu.Lock()
	p = v.shared.principal(p)
	if len(v.cache) >= v.maxCache {
		v.evict(now)
	}
	v.cache[sum] = p
	v.mu.Unlock()
	return p, nil
}

// evict makes room in the full cache: it drops the expired tokens and, when that is not enough,
// those expiring first down to seven eighths of the bound. The scan of the whole cache (and the
// sort of the survivors' expiry times) is so paid once per an eighth of the bound's insertions:
// with more callers than the cache holds (the morning rush of a city's employees, each with
// their own token) a scan on every insertion cost a quarter of the CPU. Dropping the tokens
// that expire first keeps those that would be asked for longest.
func (v *Verifier) evict(now time.Time) {
	for k, c := range v.cache {
		if !now.Before(c.ExpiresAt) {
			delete(v.cache, k)
		}
	}
	keep := v.maxCache * 7 / 8
	if len(v.cache) <= keep {
		v.shared.reset(v.cache)
		return
	}
	exps := make([]int64, 0, len(v.cache))
	for _, c := range v.cache {
		exps = append(exps, c.ExpiresAt.UnixNano())
	}
	slices.Sort(exps)
	cut := exps[len(exps)-keep] // keep the tokens expiring at or after cut (ties may keep a few more)
	for k, c := range v.cache {
		if c.ExpiresAt.UnixNano() < cut {
			delete(v.cache, k)
		}
	}
	for k := range v.cache { // ties at cut: arbitrary ones, down to the bound
		if len(v.cache) <= keep {
			break
		}
		delete(v.cache, k)
	}
	v.shared.reset(v.cache)
}

// Stats returns how many tokens the verifier checked the signature of and accepted, how many
// requests the cache answered, and how many tokens it holds.
func (v *Verifier) Stats() (verified, cached uint64, entries int) {
	v.mu.Lock()
	entries = len(v.cache)
	v.mu.Unlock()
	return v.verified.Load(), v.hits.Load(), entries
}

// Register exposes the verifier's Stats on reg: simpeg_auth_tokens_verified_total,
// simpeg_auth_token_cache_hits_total and simpeg_auth_token_cache_entries.
func (v *Verifier) Register(reg prometheus.Registerer) error {
	return errors.Join(
		reg.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "simpeg_auth_tokens_verified_total",
			Help: "Tokens whose signature was checked and accepted (not answered from the cache)."},
			func() float64 { return float64(v.verified.Load()) })),
		reg.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "simpeg_auth_token_cache_hits_total",
			Help: "Requests whose token the cache of verified tokens answered."},
			func() float64 { return float64(v.hits.Load()) })),
		reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "simpeg_auth_token_cache_entries",
			Help: "Verified tokens held until they expire (bound: SIMPEG_AUTH_TOKEN_CACHE)."},
			func() float64 { _, _, n := v.Stats(); return float64(n) })),
	)
}

// sharedStrings lets the cached principals share their agency, role list and scope list: a
// city has a few dozen agencies and a handful of role sets, so a cached person's token costs
// its subject and the map entry only (TokenCacheEntryBytes). Rebuilt from the survivors on
// each eviction, so that it holds no more than the cache uses.
type sharedStrings struct {
	agencies map[string]string
	roles    map[string][]Role
	scopes   map[string][]string
}

func (s *sharedStrings) principal(p Principal) Principal {
	if s.agencies == nil {
		s.agencies, s.roles, s.scopes = map[string]string{}, map[string][]Role{}, map[string][]string{}
	}
	if a, ok := s.agencies[p.Agency]; ok {
		p.Agency = a
	} else {
		s.agencies[p.Agency] = p.Agency
	}
	key := joinRoles(p.Roles)
	if r, ok := s.roles[key]; ok {
		p.Roles = r
	} else {
		p.Roles = slices.Clip(p.Roles)
		s.roles[key] = p.Roles
	}
	if p.Scopes != nil {
		key := strings.Join(p.Scopes, " ")
		if sc, ok := s.scopes[key]; ok {
			p.Scopes = sc
		} else {
			p.Scopes = slices.Clip(p.Scopes)
			s.scopes[key] = p.Scopes
		}
	}
	return p
}

// reset forgets the shared values and takes again those of cache's principals.
func (s *sharedStrings) reset(cache map[[32]byte]Principal) {
	s.agencies, s.roles, s.scopes = nil, nil, nil
	for _, p := range cache {
		s.principal(p)
	}
}

func joinRoles(roles []Role) string {
	var b strings.Builder
	for i, r := range roles {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(r))
	}
	return b.String()
}

func (v *Verifier) verify(ctx context.Context, token string, now time.Time) (Principal, error) {
	tok, err := jwt.ParseSigned(token, Algorithms)
	if err != nil {
		return Principal{}, fmt.Errorf("malformed token: %w", err)
	}
	if len(tok.Headers) != 1 {
		return Principal{}, errors.New("token must have exactly one signature")
	}
	key, err := v.keys.key(ctx, tok.Headers[0].KeyID)
	if err != nil {
		return Principal{}, err
	}
	var std jwt.Claims
	var c claims
	if err := tok.Claims(key, &std, &c); err != nil {
		return Principal{}, fmt.Errorf("bad token signature: %w", err)
	}
	if std.Expiry == nil {
		return Principal{}, errors.New("token has no expiry")
	}
	if err := std.ValidateWithLeeway(jwt.Expected{Issuer: v.issuer, AnyAudience: jwt.Audience{v.audience}, Time: now}, 30*time.Second); err != nil {
		return Principal{}, fmt.Errorf("token rejected: %w", err)
	}
	if std.Subject == "" {
		return Principal{}, errors.New("token has no subject")
	}
	p := Principal{Subject: std.Subject, Agency: c.Agency, ExpiresAt: std.Expiry.Time()}
	for _, r := range c.Roles {
		p.Roles = append(p.Roles, Role(r))
	}
	// The lifetime is exp - iat; without iat, what is left of it (exp - now).
	start := now
	if std.IssuedAt != nil {
		start = std.IssuedAt.Time()
	}
	if err := v.bounds.CheckLifetime(p.Roles, start, p.ExpiresAt); err != nil {
		return Principal{}, err
	}
	if c.Scope != "" {
		p.Scopes = strings.Fields(c.Scope)
	}
	return p, nil
}

type staticKey struct{ pub crypto.PublicKey }

func (s staticKey) key(context.Context, string) (crypto.PublicKey, error) { return s.pub, nil }

// jwks fetches an OpenID Connect provider's key set and refetches it when a token names a key
// it does not know (key rotation), at most once a minute.
type jwks struct {
	url    string
	client *http.Client

	mu      sync.Mutex
	set     jose.JSONWebKeySet
	fetched time.Time
}

func (j *jwks) key(ctx context.Context, kid string) (crypto.PublicKey, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if k := j.find(kid); k != nil {
		return k, nil
	}
	if time.Since(j.fetched) < time.Minute && !j.fetched.IsZero() {
		return nil, fmt.Errorf("unknown signing key %q", kid)
	}
	if err := j.fetch(ctx); err != nil {
		return nil, err
	}
	if k := j.find(kid); k != nil {
		return k, nil
	}
	return nil, fmt.Errorf("unknown signing key %q", kid)
}

func (j *jwks) find(kid string) crypto.PublicKey {
	for _, k := range j.set.Keys {
		if (kid == "" || k.KeyID == kid) && k.Use != "enc" {
			return k.Key
		}
	}
	return nil
}

func (j *jwks) fetch(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		return fmt.Errorf("building jwks request: %w", err)
	}
	resp, err := j.client.Do(req)
	if err != nil {
		return fmt.Errorf("fetching jwks: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetching jwks: status %s", resp.Status)
	}
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		return fmt.Errorf("decoding jwks: %w", err)
	}
	j.set, j.fetched = set, time.Now()
	return nil
}
