package session

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// ErrRefused is the error of a refresh the provider refused with an OAuth error (invalid_grant:
// the refresh token was revoked, has expired with the provider's session, or was already used
// where the provider rotates them; or invalid_client and the like): the session cannot be
// renewed. Any other failure (the provider unreachable, a 5xx, an answer that is not OAuth) means
// the provider is unavailable, and a later refresh may succeed.
var ErrRefused = errors.New("the provider refused the refresh token")

// RefreshState is what the refresh cookie holds, sealed: the provider's refresh token, whose
// session it renews, and when that session began at the sign-in, which bounds it
// (SIMPEG_SESSION_MAX_AGE) however often it is renewed.
type RefreshState struct {
	Token   string `json:"r"`
	Subject string `json:"u"`
	Started int64  `json:"s"` // Unix seconds
}

// StartedAt is when the session began.
func (s RefreshState) StartedAt() time.Time { return time.Unix(s.Started, 0) }

// Refresh asks the provider for a new access token with refreshToken (grant_type=refresh_token,
// with the client's credentials). The answer carries the provider's new refresh token when it
// rotates them, else refreshToken again. An OAuth error answer is ErrRefused; anything else that
// fails says the provider is unavailable.
func (o *OIDC) Refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	d, err := o.provider(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := d.oauth.TokenSource(o.ctx(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode != "" && (re.Response == nil || re.Response.StatusCode < 500) {
			return nil, fmt.Errorf("%w: %s %s", ErrRefused, re.ErrorCode, re.ErrorDescription)
		}
		return nil, fmt.Errorf("refreshing the session at %s: %w", o.cfg.Issuer, err)
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = refreshToken
	}
	return tok, nil
}

// RefreshExpiresIn is how long the refresh token of tok works, as the provider says in the
// token response's refresh_expires_in (Keycloak: what is left of the SSO session's idle and
// maximum times), or 0 when it does not say (most providers) or says 0 (Keycloak's offline
// tokens).
func RefreshExpiresIn(tok *oauth2.Token) time.Duration {
	var secs float64
	switch v := tok.Extra("refresh_expires_in").(type) {
	case float64:
		secs = v
	case string:
		secs, _ = strconv.ParseFloat(v, 64)
	}
	if secs <= 0 {
		return 0
	}
	return time.Duration(secs * float64(time.Second))
}
