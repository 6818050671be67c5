package auth

import (
	"crypto/sha256"
	"time"
)

// SetNow replaces the verifier's clock, for tests of expiry and caching.
func SetNow(v *Verifier, now func() time.Time) { v.now = now }

// Cached reports whether the verifier holds token in its cache.
func Cached(v *Verifier, token string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, ok := v.cache[sha256.Sum256([]byte(token))]
	return ok
}

// SetCacheBound replaces the bound of the verifier's cache (SIMPEG_AUTH_TOKEN_CACHE), so that a
// test fills it with a few thousand tokens rather than the default's 250,000.
func SetCacheBound(v *Verifier, n int) { v.maxCache = n }

// CacheSize returns how many tokens the verifier holds.
func CacheSize(v *Verifier) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.cache)
}
