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
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
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
}

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

	mu    sync.Mutex
	cache map[[32]byte]Principal // verified tokens until they expire; bounded
}

type keySource interface {
	key(ctx context.Context, kid string) (crypto.PublicKey, error)
}

// NewVerifier builds a Verifier from cfg.
func NewVerifier(cfg Config) (*Verifier, error) {
	v := &Verifier{issuer: cfg.Issuer, audience: cfg.Audience, bounds: cfg, now: time.Now, cache: map[[32]byte]Principal{}}
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
	return &Verifier{issuer: issuer, audience: audience, keys: staticKey{pub}, now: time.Now, cache: map[[32]byte]Principal{}}
}

const maxCachedTokens = 10000

// Verify checks the token's signature, algorithm, issuer, audience and lifetime and returns
// its principal. Verified tokens are remembered until they expire, so a caller's repeated
// requests cost one signature check.
func (v *Verifier) Verify(ctx context.Context, token string) (Principal, error) {
	sum := sha256.Sum256([]byte(token))
	now := v.now()
	v.mu.Lock()
	p, ok := v.cache[sum]
	v.mu.Unlock()
	if ok && now.Before(p.ExpiresAt) {
		return p, nil
	}
	p, err := v.verify(ctx, token, now)
	if err != nil {
		return Principal{}, err
	}
	v.mu.Lock()
	if len(v.cache) >= maxCachedTokens {
		v.evict(now)
	}
	v.cache[sum] = p
	v.mu.Unlock()
	return p, nil
}

// evict makes room in the full cache: it drops the expired tokens and, when that is not enough,
// arbitrary others down to seven eighths of the bound. The scan of the whole cache is so paid
// once per many insertions: with more callers than the cache holds (the morning rush of a city's
// employees, each with their own token) a scan on every insertion cost a quarter of the CPU.
func (v *Verifier) evict(now time.Time) {
	for k, c := range v.cache {
		if !now.Before(c.ExpiresAt) {
			delete(v.cache, k)
		}
	}
	for k := range v.cache {
		if len(v.cache) <= maxCachedTokens*7/8 {
			break
		}
		delete(v.cache, k)
	}
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
