package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/grpc/codes"

	"github.com/simpeg-id/simpeg/gateway/session"
	"github.com/simpeg-id/simpeg/platform/auth"
)

// refreshCookie holds the provider's refresh token, sealed, beside the session cookie: with it
// the gateway renews the session's access token before it expires, so a session lasts as long
// as the provider's session does (within SIMPEG_SESSION_MAX_AGE), not as long as one access
// token.
const refreshCookie = "simpeg_refresh"

const (
	// refreshLead is how long before its access token expires a session is renewed; half the
	// token's lifetime when that is shorter, so a short-lived token is not renewed at every call.
	refreshLead = 60 * time.Second
	// recentRenewal is how long a renewal's result answers for the refresh token it used: a
	// request that brings that token again (sent before its browser stored the new cookies)
	// gets the same new tokens, and the provider never sees a rotated token used twice from this
	// replica. A refusal is remembered as long, so a revoked token is not sent again and again.
	recentRenewal = time.Minute
	// providerBackoff is how long after the provider could not be reached a session whose
	// token is still valid goes on with it without trying to renew.
	providerBackoff = 15 * time.Second
	// refreshTimeout bounds one renewal at the provider.
	refreshTimeout = 10 * time.Second
)

// errRenewUnavailable is why a request whose session token has expired fails while the provider
// cannot be reached to renew it: 503, and the session's cookies are kept for when it returns.
var errRenewUnavailable = errors.New("the sign-in provider could not be reached to renew the session, whose access token has expired; try again shortly")

// kept is what a sign-in or a renewal keeps in the session's cookies: the access token and its
// principal, the sealed refresh state ("" when the provider gave no refresh token) and until when
// the cookies last.
type kept struct {
	token  string
	p      auth.Principal
	sealed string
	until  time.Time
}

// keep checks what the provider answered for a session that began at started: the access token
// must fit a cookie and be one the services accept (verified as they verify it), the sealed
// refresh token must fit a cookie. The cookies last as long as the refresh token works (the
// provider's refresh_expires_in, when it says; at least as long as the access token) or, without
// a refresh token, as long as the access token — and never beyond started +
// SIMPEG_SESSION_MAX_AGE. A failure is a session.FlowError of ErrCodeAccessToken or
// ErrCodeRefreshToken.
func (s *signIn) keep(ctx context.Context, tok *oauth2.Token, started time.Time) (kept, error) {
	if len(tok.AccessToken) > maxCookieToken {
		// A browser drops a cookie over 4 KB without a word: say so here instead.
		return kept{}, session.Fail(session.ErrCodeAccessToken, fmt.Errorf("the access token is %d bytes, more than a cookie holds (%d): map fewer claims into it at the provider", len(tok.AccessToken), maxCookieToken))
	}
	p, err := s.verifier.Verify(ctx, tok.AccessToken)
	if err != nil {
		return kept{}, session.Fail(session.ErrCodeAccessToken, err)
	}
	k := kept{token: tok.AccessToken, p: p, until: p.ExpiresAt}
	deadline := started.Add(s.maxAge)
	if tok.RefreshToken != "" {
		plain, err := json.Marshal(session.RefreshState{Token: tok.RefreshToken, Subject: p.Subject, Started: started.Unix()})
		if err != nil {
			return kept{}, session.Fail(session.ErrCodeRefreshToken, err)
		}
		if k.sealed = s.sealer.Seal(plain, refreshCookie); len(k.sealed) > maxCookieToken {
			return kept{}, session.Fail(session.ErrCodeRefreshToken, fmt.Errorf("the refresh token is %d bytes, %d sealed, more than a cookie holds (%d)", len(tok.RefreshToken), len(k.sealed), maxCookieToken))
		}
		k.until = deadline
		if d := session.RefreshExpiresIn(tok); d > 0 {
			if end := s.now().Add(d); end.After(p.ExpiresAt) {
				k.until = end
			}
		}
	}
	if k.until.After(deadline) {
		k.until = deadline
	}
	return k, nil
}

// setCookies sets the session cookie, and the refresh cookie when k has one (else removes any),
// both until k.until.
func (s *signIn) setCookies(w http.ResponseWriter, r *http.Request, k kept) {
	s.setCookie(w, r, sessionCookie, k.token, k.until)
	if k.sealed != "" {
		s.setCookie(w, r, refreshCookie, k.sealed, k.until)
	} else {
		s.clearCookie(w, r, refreshCookie)
	}
}

// sessionToken returns the access token to send for a request whose session cookie holds token
// and whose refresh cookie holds refresh. In the OIDC mode, with a refresh cookie, a token that has expired or expires within
// refreshLead is renewed first at the provider: the new token is returned and both cookies are
// set anew on w (a rotated refresh token replaces the old). When the session cannot go on — the
// provider refused the refresh token, the refresh cookie does not open, or the session is
// SIMPEG_SESSION_MAX_AGE old — both cookies are cleared and "" is returned, so the request goes
// on unauthenticated (the API answers 401, the portal shows the sign-in). A refusal while the old
// token is still valid keeps it and the cookies instead: another replica may have just rotated
// that refresh token, and the browser is getting the new cookies from it. While the provider
// cannot be reached the old token goes on if it is still valid, else errRenewUnavailable.
func (g *Gateway) sessionToken(w http.ResponseWriter, r *http.Request, token, refresh string) (string, error) {
	s := g.signIn
	if s.mode != modeOIDC || refresh == "" {
		return token, nil
	}
	now := s.now()
	exp, life := tokenTimes(token)
	if exp.Sub(now) > min(refreshLead, life/2) {
		return token, nil
	}
	valid := now.Before(exp)
	ctx := r.Context()
	var st session.RefreshState
	plain, err := s.sealer.Open(refresh, refreshCookie)
	if err == nil {
		err = json.Unmarshal(plain, &st)
	}
	if err != nil || st.Token == "" {
		g.log.InfoContext(ctx, "session not renewed: the refresh cookie does not open (sealed with another SIMPEG_SESSION_KEY_FILE?)", "err", err)
		return s.notRenewed(w, r, token, valid), nil
	}
	if !now.Before(st.StartedAt().Add(s.maxAge)) {
		g.log.InfoContext(ctx, "session ended: SIMPEG_SESSION_MAX_AGE reached", "subject", st.Subject, "started", st.StartedAt().UTC().Format(time.RFC3339))
		s.clearSession(w, r)
		return "", nil
	}
	if valid && s.renewals.down(now) {
		return token, nil
	}
	k, err := s.renewals.do(st.Token, func() (kept, error) {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		return s.renew(rctx, st)
	})
	switch {
	case err == nil:
		s.setCookies(w, r, k)
		g.log.DebugContext(ctx, "session renewed", "subject", k.p.Subject, "until", k.until.UTC().Format(time.RFC3339))
		return k.token, nil
	case errors.Is(err, session.ErrRefused):
		g.log.InfoContext(ctx, "session not renewed: the provider refused", "subject", st.Subject, "err", err)
		return s.notRenewed(w, r, token, valid), nil
	case valid:
		g.log.WarnContext(ctx, "session not renewed: the provider is unavailable; its access token still serves", "subject", st.Subject, "err", err)
		return token, nil
	default:
		g.log.WarnContext(ctx, "session not renewed: the provider is unavailable", "subject", st.Subject, "err", err)
		return token, errRenewUnavailable
	}
}

// cookieValue is the value of r's cookie name, "" when it has none.
func cookieValue(r *http.Request, name string) string {
	if c, err := r.Cookie(name); err == nil {
		return c.Value
	}
	return ""
}

// notRenewed is what a request goes on with when its session could not be renewed: its token
// while it is still valid (the cookies kept), else nothing (the cookies cleared).
func (s *signIn) notRenewed(w http.ResponseWriter, r *http.Request, token string, valid bool) string {
	if valid {
		return token
	}
	s.clearSession(w, r)
	return ""
}

// writeRenewUnavailable answers a request whose session could not be renewed because the
// provider is unavailable.
func writeRenewUnavailable(w http.ResponseWriter) {
	writeStatus(w, http.StatusServiceUnavailable, codes.Unavailable, errRenewUnavailable.Error())
}

// renew asks the provider for a new access token with st's refresh token and checks the answer
// as a sign-in's (keep), for the same person. Whatever makes the answer unusable is ErrRefused:
// the session cannot go on with it.
func (s *signIn) renew(ctx context.Context, st session.RefreshState) (kept, error) {
	tok, err := s.oidc.Refresh(ctx, st.Token)
	if err != nil {
		return kept{}, err
	}
	k, err := s.keep(ctx, tok, st.StartedAt())
	switch {
	case err != nil:
		return kept{}, fmt.Errorf("%w: the renewed tokens are not usable: %w", session.ErrRefused, err)
	case k.p.Subject != st.Subject:
		return kept{}, fmt.Errorf("%w: the renewed access token is %s's, the session %s's", session.ErrRefused, k.p.Subject, st.Subject)
	}
	return k, nil
}

// tokenTimes reads, without verifying it (only to decide when to renew it: a renewed token is
// verified), when a JWT access token expires and how long it lives (exp - iat, or refreshLead
// twice when it has no iat). A token it cannot read expires at the zero time: it is renewed.
func tokenTimes(token string) (exp time.Time, life time.Duration) {
	life = 2 * refreshLead
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, life
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c struct {
		Exp float64 `json:"exp"`
		Iat float64 `json:"iat"`
	}
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Exp <= 0 {
		return time.Time{}, life
	}
	exp = time.Unix(int64(c.Exp), 0)
	if c.Iat > 0 && c.Iat < c.Exp {
		life = time.Duration(c.Exp-c.Iat) * time.Second
	}
	return exp, life
}

// renewals runs the renewals of this process: one at a time for a refresh token, its result
// shared with every request that brings the same token while it runs and for recentRenewal
// after (unless the provider was unavailable, which a later request tries again).
type renewals struct {
	now func() time.Time

	mu        sync.Mutex
	calls     map[[32]byte]*renewCall
	swept     time.Time
	downUntil time.Time // the provider was unavailable: valid tokens go on without renewing
}

type renewCall struct {
	done  chan struct{}
	res   kept
	err   error
	ended time.Time // zero while it runs
}

func newRenewals(now func() time.Time) *renewals {
	return &renewals{now: now, calls: map[[32]byte]*renewCall{}}
}

// down reports whether the provider was unavailable less than providerBackoff before now.
func (rs *renewals) down(now time.Time) bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return now.Before(rs.downUntil)
}

// do returns the renewal with refreshToken: renew's result, or that of a renewal with the same
// token running now or ended less than recentRenewal ago.
func (rs *renewals) do(refreshToken string, renew func() (kept, error)) (kept, error) {
	key := sha256.Sum256([]byte(refreshToken))
	now := rs.now()
	rs.mu.Lock()
	rs.sweep(now)
	if c, ok := rs.calls[key]; ok && (c.ended.IsZero() || now.Sub(c.ended) < recentRenewal) {
		rs.mu.Unlock()
		<-c.done
		return c.res, c.err
	}
	c := &renewCall{done: make(chan struct{})}
	rs.calls[key] = c
	rs.mu.Unlock()

	c.res, c.err = renew()

	rs.mu.Lock()
	c.ended = rs.now()
	if c.err != nil && !errors.Is(c.err, session.ErrRefused) {
		delete(rs.calls, key)
		rs.downUntil = c.ended.Add(providerBackoff)
	}
	rs.mu.Unlock()
	close(c.done)
	return c.res, c.err
}

// sweep forgets the renewals that ended more than recentRenewal before now, at most every
// 10 seconds. rs.mu is held.
func (rs *renewals) sweep(now time.Time) {
	if now.Sub(rs.swept) < 10*time.Second {
		return
	}
	rs.swept = now
	for k, c := range rs.calls {
		if !c.ended.IsZero() && now.Sub(c.ended) >= recentRenewal {
			delete(rs.calls, k)
		}
	}
}
