package auth_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestTokenCacheSetting: SIMPEG_AUTH_TOKEN_CACHE bounds the cache of a verifier built from the
// settings; 0 keeps none (every request verified), a negative one is refused naming it.
func TestTokenCacheSetting(t *testing.T) {
	t.Parallel()
	keyFile, _ := testenv.Keys(t, issuer, audience)
	key := privateKey(t, keyFile)
	signer := auth.NewSigner(key, issuer, audience)
	tests := []struct {
		name          string
		cache         int
		wantErr       string
		wantEntries   int
		wantSignature uint64 // signature checks for 3 distinct tokens presented twice each
	}{
		{"default bound", auth.DefaultTokenCache, "", 3, 3},
		{"room for all three", 3, "", 3, 3},
		// Full, the cache drops down to 7/8 of its bound, keeping the tokens expiring last: the
		// third token leaves only the second; t0 then comes back in place of t1, t1 in place of
		// t0, and only t2 is answered from the cache on the second round.
		{"room for two", 2, "", 2, 5},
		{"no cache", 0, "", 0, 6},
		{"negative", -1, "SIMPEG_AUTH_TOKEN_CACHE must not be negative", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := auth.Config{Issuer: issuer, Audience: audience, KeyFile: keyFile, TokenCache: tc.cache}
			if err := cfg.Check(); (err != nil) != (tc.wantErr != "") {
				t.Fatalf("Check() = %v, want error %q", err, tc.wantErr)
			}
			v, err := auth.NewVerifier(cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("NewVerifier = %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			reg := prometheus.NewRegistry()
			if err := v.Register(reg); err != nil {
				t.Fatal(err)
			}
			toks := make([]string, 3)
			for i := range toks {
				// Tokens expiring in turn: with room for two, the first one (expiring first) leaves.
				if toks[i], err = signer.Issue(auth.Principal{Subject: fmt.Sprintf("19860926201505100%d", i), Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"}, time.Hour+time.Duration(i)*time.Minute); err != nil {
					t.Fatal(err)
				}
			}
			for range 2 {
				for _, tok := range toks {
					if _, err := v.Verify(context.Background(), tok); err != nil {
						t.Fatal(err)
					}
				}
			}
			verified, hits, entries := v.Stats()
			if verified != tc.wantSignature || entries != tc.wantEntries || verified+hits != 6 {
				t.Fatalf("signature checks %d (want %d), cache hits %d, entries %d (want %d)", verified, tc.wantSignature, hits, entries, tc.wantEntries)
			}
			if n, err := testutil.GatherAndCount(reg, "simpeg_auth_tokens_verified_total", "simpeg_auth_token_cache_hits_total", "simpeg_auth_token_cache_entries"); err != nil || n != 3 {
				t.Fatalf("metrics: %d series (%v), want 3", n, err)
			}
		})
	}
}

// cacheFill verifies n distinct person's tokens (18-digit NIP, role employee, one of 40
// agencies) with a verifier whose cache holds them all and returns the heap it grew by per
// token, after a GC. The tokens are signed first, outside the measurement.
func cacheFill(tb testing.TB, n int) float64 {
	tb.Helper()
	key := newKey(tb)
	signer := auth.NewSigner(key, issuer, audience)
	toks := make([]string, n)
	for i := range toks {
		var err error
		if toks[i], err = signer.Issue(auth.Principal{Subject: fmt.Sprintf("%018d", 198609262015051000+i), Roles: []auth.Role{auth.RoleEmployee}, Agency: fmt.Sprintf("AGENCY%02d", i%40)}, time.Hour); err != nil {
			tb.Fatal(err)
		}
	}
	v := auth.NewStaticVerifier(issuer, audience, key.Public().(ed25519.PublicKey))
	auth.SetCacheBound(v, n+1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, tok := range toks {
		if _, err := v.Verify(context.Background(), tok); err != nil {
			tb.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	runtime.KeepAlive(toks)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// TestTokenCacheEntryBytes bounds what a cached person's token costs, the figure
// SIMPEG_AUTH_TOKEN_CACHE's help gives (auth.TokenCacheEntryBytes), with 8,000 tokens.
func TestTokenCacheEntryBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("signs 8,000 tokens; skipped with -short")
	}
	per := cacheFill(t, 8000)
	t.Logf("%.0f bytes per cached token", per)
	if per > auth.TokenCacheEntryBytes*1.3 || per < auth.TokenCacheEntryBytes*0.75 { // a map's size steps with its growth
		t.Fatalf("a cached token costs %.0f bytes; SIMPEG_AUTH_TOKEN_CACHE's help says about %d", per, auth.TokenCacheEntryBytes)
	}
}

// BenchmarkTokenCacheEntry reports the bytes one cached token costs (bytes/entry).
func BenchmarkTokenCacheEntry(b *testing.B) {
	for range b.N {
		b.ReportMetric(cacheFill(b, 100000), "bytes/entry")
	}
}
