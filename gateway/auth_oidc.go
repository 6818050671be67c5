package gateway

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/gateway/session"
)

// signInErrorParam is the query parameter of the portal's page that says why a sign-in at the
// provider failed: /?signin_error=<code>, one of the session.ErrCode… values.
const signInErrorParam = "signin_error"

// maxCookieToken is the longest access token the session cookie, or sealed refresh token the
// refresh cookie, can hold: browsers keep cookies of up to 4096 bytes, name and attributes
// included.
const maxCookieToken = 3900

// safeReturn reports whether p is a path of this site to return to after signing in: it starts
// with one "/" (not "//" or "/\", which browsers read as another host) and holds no control
// characters.
func safeReturn(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || len(p) > 2048 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] == 0x7f {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// handleLogin answers GET /auth/login?return=/path: it sends the browser to the provider with a
// new state, nonce and S256 PKCE challenge, keeping the verifier, the state, the nonce and the
// return path sealed in a cookie for /auth/callback.
func (g *Gateway) handleLogin(w http.ResponseWriter, r *http.Request) {
	s := g.signIn
	ret := r.URL.Query().Get("return")
	if !safeReturn(ret) {
		ret = "/"
	}
	ctx, cancel := context.WithTimeout(r.Context(), planningCallTimeout)
	defer cancel()
	authURL, st, err := s.oidc.Start(ctx, ret, time.Now())
	if err != nil {
		g.signInFailed(w, r, err)
		return
	}
	plain, err := json.Marshal(st)
	if err != nil {
		g.signInFailed(w, r, session.Fail(session.ErrCodeState, err))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: s.sealer.Seal(plain, loginCookie), Path: callbackPath,
		MaxAge: int(session.LoginLifetime.Seconds()), HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, authURL, http.StatusFound)
}

// handleCallback answers the provider's redirect, GET /auth/callback?code&state: it checks the
// state against the sealed cookie, exchanges the code with the PKCE verifier, verifies the ID
// token and its nonce, and keeps the access token — what the services verify — in the session
// cookie and the refresh token, when the provider gives one, sealed in the refresh cookie (see
// keep), then sends the browser back where it started. A failure goes to the portal's page with
// ?signin_error=<code>.
func (g *Gateway) handleCallback(w http.ResponseWriter, r *http.Request) {
	s := g.signIn
	q := r.URL.Query()
	c, err := r.Cookie(loginCookie)
	if err != nil {
		g.signInFailed(w, r, session.Fail(session.ErrCodeState, errors.New("no sign-in in progress (no login cookie)")))
		return
	}
	plain, err := s.sealer.Open(c.Value, loginCookie)
	var st session.LoginState
	if err == nil {
		err = json.Unmarshal(plain, &st)
	}
	switch {
	case err != nil:
		g.signInFailed(w, r, session.Fail(session.ErrCodeState, err))
		return
	case st.Expired(time.Now()):
		g.signInFailed(w, r, session.Fail(session.ErrCodeState, errors.New("the sign-in took longer than 10 minutes")))
		return
	case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1:
		g.signInFailed(w, r, session.Fail(session.ErrCodeState, errors.New("the state is not the one sent")))
		return
	}
	if e := q.Get("error"); e != "" {
		code := session.ErrCodeProvider
		if e == "access_denied" {
			code = session.ErrCodeDenied
		}
		g.signInFailed(w, r, session.Fail(code, errors.New("the provider answered "+e+": "+q.Get("error_description"))))
		return
	}
	if q.Get("code") == "" {
		g.signInFailed(w, r, session.Fail(session.ErrCodeProvider, errors.New("the provider sent no code")))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*planningCallTimeout)
	defer cancel()
	tok, err := s.oidc.Finish(ctx, st, q.Get("code"))
	if err != nil {
		g.signInFailed(w, r, err)
		return
	}
	k, err := s.keep(ctx, tok, s.now())
	if err != nil {
		g.signInFailed(w, r, err)
		return
	}
	s.clearLogin(w, r)
	s.setCookies(w, r, k)
	g.log.InfoContext(r.Context(), "signed in", "subject", k.p.Subject, "roles", k.p.RoleNames(), "renewable", k.sealed != "", "until", k.until.UTC().Format(time.RFC3339))
	http.Redirect(w, r, st.Return, http.StatusFound)
}

// signInFailed logs why a sign-in failed and sends the browser to the portal's page saying so.
func (g *Gateway) signInFailed(w http.ResponseWriter, r *http.Request, err error) {
	code := session.ErrCodeProvider
	var fe *session.FlowError
	if errors.As(err, &fe) {
		code = fe.Code
	}
	g.log.WarnContext(r.Context(), "sign-in failed", "code", code, "err", err)
	g.signIn.clearLogin(w, r)
	http.Redirect(w, r, "/?"+signInErrorParam+"="+url.QueryEscape(code), http.StatusFound)
}

// clearLogin removes the sign-in state cookie.
func (s *signIn) clearLogin(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: "", Path: callbackPath, MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode,
	})
}

// handleLogout answers POST /auth/logout: the session and refresh cookies are cleared (the
// gateway keeps nothing of a session to revoke), and the answer
// {"logoutUrl": "..."} is where the portal sends the browser to end the session at the
// provider too (its end_session_endpoint; "" when there is none, or in the local mode).
func (g *Gateway) handleLogout(w http.ResponseWriter, r *http.Request) {
	s := g.signIn
	s.clearSession(w, r)
	out := struct {
		LogoutURL string `json:"logoutUrl"`
	}{}
	if s.mode == modeOIDC {
		ctx, cancel := context.WithTimeout(r.Context(), planningCallTimeout)
		defer cancel()
		out.LogoutURL = s.oidc.LogoutURL(ctx, s.postLogout)
	}
	writeJSONValue(w, http.StatusOK, out)
}
