package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/anypb"

	spb "google.golang.org/genproto/googleapis/rpc/status"

	"github.com/simpeg-id/simpeg/gateway/session"
	"github.com/simpeg-id/simpeg/platform/auth"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The portal's sign-in endpoints (a backend for the frontend: the token stays in an HttpOnly
// cookie, and the gateway turns the cookie into the API's Authorization header).
const (
	sessionPath     = "/auth/session"
	localPath       = "/auth/local"
	localPeoplePath = "/auth/local/people"
	loginPath       = "/auth/login"
	callbackPath    = "/auth/callback"
	logoutPath      = "/auth/logout"
	authPrefix      = "/auth/"
)

// The cookies: the session's bearer token, and the sealed state of a sign-in at the provider
// (sent back to /auth/callback only). In the OIDC mode the session's refresh token has a cookie
// of its own, refreshCookie.
const (
	sessionCookie = "simpeg_session"
	loginCookie   = "simpeg_login"
)

// ClientHeader must come, with the value ClientPortal, with every change the portal makes with
// its session cookie: a page of another site cannot send it without the CORS preflight the
// gateway never grants for the cookie (CSRF).
const (
	ClientHeader = "X-Simpeg-Client"
	ClientPortal = "portal"
)

// The sign-in modes /auth/session reports.
const (
	modeLocal = "local" // the process signs its own tokens: pick a demo person and role
	modeOIDC  = "oidc"  // the city's OpenID Connect provider
	modeNone  = "none"  // neither: the API takes pasted tokens only
)

// defaultLocalTTL is the lifetime of a local sign-in's token when WithLocalSignIn gives none.
const defaultLocalTTL = 12 * time.Hour

// planningCallTimeout bounds the gateway's own calls to planning (names, the demo people).
const planningCallTimeout = 5 * time.Second

// WithLocalSignIn turns on the portal's local sign-in: POST /auth/local issues, with signer, a
// token of ttl (12 h when not positive) for a demo person and role picked on the page. Only a
// process that signs its own tokens passes it (the all-in-one binary without
// SIMPEG_AUTH_JWKS_URL); it cannot be combined with SIMPEG_OIDC_ISSUER.
func WithLocalSignIn(signer *auth.Signer, ttl time.Duration) Option {
	return func(o *options) {
		o.signer = signer
		o.localTTL = ttl
	}
}

// signIn is the portal's session handling in one of the modes.
type signIn struct {
	mode     string
	log      *slog.Logger
	verifier *auth.Verifier // checks the session's token; nil in mode none
	planning planningv1.PlanningServiceClient
	maxAge   time.Duration // SIMPEG_SESSION_MAX_AGE: the longest a session lasts from its sign-in
	ahead    atomic.Int64  // nanoseconds the session clock runs ahead of the real one (tests)

	// local mode
	signer   *auth.Signer
	ttl      time.Duration
	lister   *auth.Renewing // the gateway's own token for listing demo people
	maxToken time.Duration  // SIMPEG_AUTH_MAX_TOKEN_LIFETIME

	// OIDC mode
	oidc         *session.OIDC
	sealer       *session.Sealer
	secureAlways bool   // the redirect URL is https: every cookie is Secure
	postLogout   string // where the provider sends the browser after signing out
	renewals     *renewals
}

// now is the session clock: the time the renewals, the session bound and the cookies' Max-Age
// are reckoned with.
func (s *signIn) now() time.Time { return time.Now().Add(time.Duration(s.ahead.Load())) }

// newSignIn sets up the mode cfg and the options call for.
func newSignIn(cfg Config, o options, planning grpc.ClientConnInterface, log *slog.Logger) (*signIn, error) {
	s := &signIn{mode: modeNone, log: log, maxAge: cfg.SessionMaxAge}
	if planning != nil {
		s.planning = planningv1.NewPlanningServiceClient(planning)
	}
	switch {
	case o.signer != nil && cfg.OIDC.Enabled():
		return nil, errors.New("SIMPEG_OIDC_ISSUER is set while this process signs its own tokens: set SIMPEG_AUTH_JWKS_URL to the provider's keys, or unset the OIDC settings")
	case o.signer != nil:
		s.mode, s.signer, s.ttl, s.maxToken = modeLocal, o.signer, o.localTTL, cfg.Auth.MaxLifetime
		if s.ttl <= 0 {
			s.ttl = defaultLocalTTL
		}
		if s.maxToken > 0 && s.ttl > s.maxToken {
			s.ttl = s.maxToken
		}
		if s.ttl > s.maxAge {
			s.ttl = s.maxAge
		}
		s.verifier = auth.NewStaticVerifier(cfg.Auth.Issuer, cfg.Auth.Audience, o.signer.PublicKey())
		lister, err := auth.NewRenewing(o.signer, auth.Principal{Subject: "gateway", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}}, 10*time.Minute)
		if err != nil {
			return nil, fmt.Errorf("issuing the gateway's token for the local sign-in: %w", err)
		}
		s.lister = lister
	case cfg.OIDC.Enabled():
		s.mode = modeOIDC
		v, err := auth.NewVerifier(cfg.Auth.AuthConfig())
		if err != nil {
			return nil, fmt.Errorf("the session's token verifier: %w", err)
		}
		s.verifier = v
		secret := ""
		if cfg.OIDC.ClientSecretFile != "" {
			raw, err := os.ReadFile(cfg.OIDC.ClientSecretFile)
			if err != nil {
				return nil, fmt.Errorf("reading SIMPEG_OIDC_CLIENT_SECRET_FILE: %w", err)
			}
			if secret = strings.TrimSpace(string(raw)); secret == "" {
				return nil, fmt.Errorf("SIMPEG_OIDC_CLIENT_SECRET_FILE %s is empty", cfg.OIDC.ClientSecretFile)
			}
		}
		key := session.RandomKey()
		if cfg.SessionKeyFile != "" {
			if key, err = session.LoadKey(cfg.SessionKeyFile); err != nil {
				return nil, err
			}
		}
		if s.sealer, err = session.NewSealer(key); err != nil {
			return nil, err
		}
		s.oidc = session.NewOIDC(session.OIDCConfig{
			Issuer: cfg.OIDC.Issuer, ClientID: cfg.OIDC.ClientID, ClientSecret: secret,
			RedirectURL: cfg.OIDC.RedirectURL, Scopes: cfg.OIDC.ScopeList(),
		})
		ru, err := url.Parse(cfg.OIDC.RedirectURL)
		if err != nil {
			return nil, fmt.Errorf("SIMPEG_OIDC_REDIRECT_URL: %w", err)
		}
		s.secureAlways = ru.Scheme == "https"
		s.postLogout = ru.Scheme + "://" + ru.Host + "/"
		s.renewals = newRenewals(s.now)
	}
	return s, nil
}

// serveAuth answers the /auth/ endpoints.
func (g *Gateway) serveAuth(w *recorder, r *http.Request) {
	s := g.signIn
	switch r.URL.Path {
	case sessionPath, localPath, localPeoplePath, loginPath, callbackPath, logoutPath:
		w.route = r.URL.Path
	default:
		w.route = routeUnmatched
		writeStatus(w, http.StatusNotFound, codes.NotFound, "no sign-in endpoint at "+r.URL.Path)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	local := r.URL.Path == localPath || r.URL.Path == localPeoplePath
	oidc := r.URL.Path == loginPath || r.URL.Path == callbackPath
	switch {
	case local && s.mode != modeLocal:
		writeStatus(w, http.StatusNotFound, codes.NotFound, "the local sign-in is available only while simpeg signs its own tokens (no SIMPEG_AUTH_JWKS_URL)")
		return
	case oidc && s.mode != modeOIDC:
		writeStatus(w, http.StatusNotFound, codes.NotFound, "OpenID Connect sign-in is not configured (SIMPEG_OIDC_ISSUER)")
		return
	}
	switch r.URL.Path {
	case sessionPath, localPeoplePath, loginPath, callbackPath:
		if !allowGet(w, r) {
			return
		}
	default: // the changes: POST, from the portal's own pages only
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeStatus(w, http.StatusMethodNotAllowed, codes.Unimplemented, "method "+r.Method+" not allowed on "+r.URL.Path)
			return
		}
		if !s.fromPortal(r) {
			writeCSRF(w)
			return
		}
	}
	switch r.URL.Path {
	case sessionPath:
		g.handleSession(w, r)
	case localPeoplePath:
		g.handleLocalPeople(w, r)
	case localPath:
		g.handleLocalSignIn(w, r)
	case loginPath:
		g.handleLogin(w, r)
	case callbackPath:
		g.handleCallback(w, r)
	case logoutPath:
		g.handleLogout(w, r)
	}
}

// sessionToAPI prepares an API request: the cookies never reach the services, and a request
// without an Authorization header carries the session's token instead, renewed first when it
// expires soon (sessionToken). A change made with the cookie must come from the portal's own
// pages (fromPortal), else it is refused with 403 and sessionToAPI returns false; so it does,
// with 503, when the token has expired and the provider cannot be reached to renew it.
func (g *Gateway) sessionToAPI(w http.ResponseWriter, r *http.Request) bool {
	tok, refresh := cookieValue(r, sessionCookie), cookieValue(r, refreshCookie)
	r.Header.Del("Cookie")
	if tok == "" || g.signIn.mode == modeNone || r.Header.Get("Authorization") != "" {
		return true
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if !g.signIn.fromPortal(r) {
			writeCSRF(w)
			return false
		}
	}
	tok, err := g.sessionToken(w, r, tok, refresh)
	if err != nil {
		writeRenewUnavailable(w)
		return false
	}
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return true
}

func writeCSRF(w http.ResponseWriter) {
	writeStatus(w, http.StatusForbidden, codes.PermissionDenied,
		"a change made with the portal's session cookie needs the header "+ClientHeader+": "+ClientPortal+" and, when the browser sends an Origin, this site's own")
}

// fromPortal reports whether a change comes from the portal's own pages: it carries
// X-Simpeg-Client: portal and, when the browser sends an Origin, the gateway's own origin
// (https also when a TLS-terminating proxy says nothing of the scheme).
func (s *signIn) fromPortal(r *http.Request) bool {
	if r.Header.Get(ClientHeader) != ClientPortal {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	return origin == s.scheme(r)+"://"+r.Host || origin == "https://"+r.Host
}

// secure reports whether the cookies must be Secure: the request came over TLS, or through a
// proxy that says so, or the redirect URL registered at the provider is https.
func (s *signIn) secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") || s.secureAlways
}

func (s *signIn) scheme(r *http.Request) string {
	if s.secure(r) {
		return "https"
	}
	return "http"
}

// setSession sets the session cookie holding token until exp.
func (s *signIn) setSession(w http.ResponseWriter, r *http.Request, token string, exp time.Time) {
	s.setCookie(w, r, sessionCookie, token, exp)
}

// setCookie sets a session cookie (HttpOnly, SameSite=Strict, Path=/, Secure by the rule of
// secure) holding value until the session clock reaches until.
func (s *signIn) setCookie(w http.ResponseWriter, r *http.Request, name, value string, until time.Time) {
	age := int(until.Sub(s.now()).Seconds())
	if age < 1 {
		age = 1
	}
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: age,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode,
	})
}

// clearCookie removes a session cookie.
func (s *signIn) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode,
	})
}

// clearSession removes the session cookie and the refresh cookie.
func (s *signIn) clearSession(w http.ResponseWriter, r *http.Request) {
	s.clearCookie(w, r, sessionCookie)
	s.clearCookie(w, r, refreshCookie)
}

// sessionInfo is the JSON of GET /auth/session (and of a local sign-in): who is signed in, as
// the session's token says, with their name and agency's name from planning, and what the
// portal needs to know of the gateway (the sign-in mode, the map tiles, the portal's version).
type sessionInfo struct {
	SignedIn   bool     `json:"signedIn"`
	Subject    string   `json:"subject,omitempty"`
	Name       string   `json:"name,omitempty"`
	Roles      []string `json:"roles,omitempty"`
	Agency     string   `json:"agency,omitempty"`
	AgencyName string   `json:"agencyName,omitempty"`
	ExpiresAt  string   `json:"expiresAt,omitempty"`
	Mode       string   `json:"mode"`
	MapTiles   string   `json:"mapTiles"`
	Version    string   `json:"version"`
}

func (g *Gateway) blankSession() sessionInfo {
	return sessionInfo{Mode: g.signIn.mode, MapTiles: g.cfg.MapTiles, Version: g.portal.Version()}
}

// handleSession answers GET /auth/session from the session cookie's token, renewed first when
// it expires soon (sessionToken), verified as the services verify it. It answers 503 when the
// token has expired and the provider cannot be reached to renew it.
func (g *Gateway) handleSession(w http.ResponseWriter, r *http.Request) {
	info, err := g.currentSession(w, r)
	if err != nil {
		writeRenewUnavailable(w)
		return
	}
	writeJSONValue(w, http.StatusOK, info)
}

// currentSession is who the session cookie names (renewing its token first when it expires
// soon), or the blank session. It fails only when the token has expired and the provider
// cannot be reached to renew it.
func (g *Gateway) currentSession(w http.ResponseWriter, r *http.Request) (sessionInfo, error) {
	info := g.blankSession()
	if tok := cookieValue(r, sessionCookie); tok != "" && g.signIn.verifier != nil {
		tok, err := g.sessionToken(w, r, tok, cookieValue(r, refreshCookie))
		if err != nil {
			return info, err
		}
		if tok != "" {
			p, err := g.signIn.verifier.Verify(r.Context(), tok)
			if err != nil {
				g.log.DebugContext(r.Context(), "session token not accepted", "err", err)
			} else {
				info = g.describe(r.Context(), p, tok, nil)
			}
		}
	}
	return info, nil
}

// describe is the session of p, whose token is token. emp is p's employee record when the
// caller has it already; otherwise it is read from planning with the caller's own token. What
// planning does not answer is left out.
func (g *Gateway) describe(ctx context.Context, p auth.Principal, token string, emp *planningv1.Employee) sessionInfo {
	info := g.blankSession()
	info.SignedIn, info.Subject, info.Agency = true, p.Subject, p.Agency
	info.ExpiresAt = p.ExpiresAt.UTC().Format(time.RFC3339)
	for _, role := range p.Roles {
		info.Roles = append(info.Roles, string(role))
	}
	if g.signIn.planning == nil {
		return info
	}
	ctx, cancel := context.WithTimeout(ctx, planningCallTimeout)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	if emp == nil && nipPattern.MatchString(p.Subject) {
		resp, err := g.signIn.planning.GetEmployee(ctx, &planningv1.GetEmployeeRequest{Name: "employees/" + p.Subject})
		if err != nil {
			g.log.DebugContext(ctx, "session: the employee's name not read", "subject", p.Subject, "err", err)
		}
		emp = resp.GetEmployee()
	}
	if emp != nil {
		info.Name = displayName(emp)
		if info.Agency == "" {
			info.Agency = emp.GetAgency()
		}
	}
	if info.Agency != "" {
		resp, err := g.signIn.planning.GetAgency(ctx, &planningv1.GetAgencyRequest{Name: "agencies/" + info.Agency})
		if err != nil {
			g.log.DebugContext(ctx, "session: the agency's name not read", "agency", info.Agency, "err", err)
		}
		info.AgencyName = resp.GetAgency().GetDisplayName()
	}
	return info
}

var nipPattern = regexp.MustCompile(`^[0-9]{18}$`)

func displayName(e *planningv1.Employee) string {
	if e.GetDisplayName() != "" {
		return e.GetDisplayName()
	}
	return e.GetFullName()
}

// writeJSONValue writes v as JSON.
func writeJSONValue(w http.ResponseWriter, httpStatus int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeStatus(w, http.StatusInternalServerError, codes.Internal, "answer not representable as JSON")
		return
	}
	writeJSON(w, httpStatus, body)
}

// writeFieldError answers 400 with a google.rpc.BadRequest naming field, as the services do.
func writeFieldError(w http.ResponseWriter, field, description string) {
	st := &spb.Status{Code: int32(codes.InvalidArgument), Message: field + ": " + description}
	if d, err := anypb.New(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: description}}}); err == nil {
		st.Details = []*anypb.Any{d}
	}
	writeProto(w, http.StatusBadRequest, st)
}

// writeRPCError answers a failed call of the gateway's own to a service as the API would.
func (g *Gateway) writeRPCError(w http.ResponseWriter, r *http.Request, err error) {
	g.handleError(r.Context(), g.mux, nil, w, r, err)
}
