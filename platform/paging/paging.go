// Package paging makes the opaque page tokens of list calls: a token carries the key of the
// last item of a page, and the next page starts after it (keyset paging, stable while rows
// are added).
package paging

import (
	"encoding/base64"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Token returns the page token for a page whose last item has key.
func Token(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// Key returns the key a page token carries; an empty token is the first page (""). A token
// this API did not make is an Invalid error naming page_token.
func Key(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) == 0 {
		return "", errs.Invalidf("page_token", "is not a token this API returned")
	}
	return string(b), nil
}
