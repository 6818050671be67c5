package app

import (
	"encoding/base64"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// EncodeToken makes an opaque page token from the last key of a page.
func EncodeToken(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// DecodeToken reads a page token; an empty token is the first page.
func DecodeToken(tok string) (string, error) {
	if tok == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) == 0 {
		return "", errs.Invalidf("page_token", "is not a token this API returned")
	}
	return string(b), nil
}
