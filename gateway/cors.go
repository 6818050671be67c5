package gateway

import (
	"net/http"
	"strings"

	"google.golang.org/grpc/codes"
)

// The CORS answer is the same for every allowed origin, so its header values are built once;
// the slices are full (len == cap), so a later Add copies instead of sharing.
var (
	corsAllowMethods  = []string{"GET, POST, PATCH, DELETE, OPTIONS"}
	corsAllowHeaders  = []string{"Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-Id"}
	corsExposeHeaders = []string{"X-Request-Id, Location"}
	corsMaxAge        = []string{"600"}
	corsAnyOrigin     = []string{"*"}
)

// cors lets the browser pages of the configured origins call the API. Tokens travel in the
// Authorization header, never in cookies, so credentials mode is not needed.
type cors struct {
	any     bool
	origins map[string]bool
}

func newCORS(origins []string) cors {
	c := cors{origins: map[string]bool{}}
	for _, o := range origins {
		if o == "*" {
			c.any = true
			continue
		}
		c.origins[strings.TrimSuffix(o, "/")] = true
	}
	return c
}

func (c cors) enabled() bool { return c.any || len(c.origins) > 0 }

// handle adds the CORS headers for an allowed origin and answers a preflight, reporting whether
// it did. A disallowed origin gets no CORS headers, and its preflight a 403.
func (c cors) handle(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	if c.enabled() {
		h.Add("Vary", "Origin")
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	if !c.any && !c.origins[origin] {
		if preflight {
			writeStatus(w, http.StatusForbidden, codes.PermissionDenied, "origin "+origin+" may not call this API")
			return true
		}
		return false
	}
	if c.any {
		h["Access-Control-Allow-Origin"] = corsAnyOrigin
	} else {
		h["Access-Control-Allow-Origin"] = []string{origin}
	}
	if !preflight {
		h["Access-Control-Expose-Headers"] = corsExposeHeaders
		return false
	}
	h["Access-Control-Allow-Methods"] = corsAllowMethods
	h["Access-Control-Allow-Headers"] = corsAllowHeaders
	h["Access-Control-Max-Age"] = corsMaxAge
	w.WriteHeader(http.StatusNoContent)
	return true
}
