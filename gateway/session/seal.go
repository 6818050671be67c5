// Package session holds the gateway's sign-in machinery for the web portal, a backend for the
// frontend: the tokens stay in HttpOnly cookies the page scripts cannot read. Sealer encrypts
// the short-lived state of an OpenID Connect sign-in (PKCE verifier, state, nonce, return path)
// and the session's refresh token (RefreshState) into cookies; OIDC is the client of the city's
// provider (discovery, the authorization code flow with PKCE, ID token verification, the
// refresh_token grant that renews a session).
package session

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

// KeySize is the size of a sealing key: AES-256.
const KeySize = 32

// ErrOpen is the error of a sealed value that does not open: tampered with, sealed under
// another key or for another purpose, or not a sealed value at all.
var ErrOpen = errors.New("sealed value does not open")

// Sealer encrypts and authenticates small values (AES-256-GCM) for cookies the gateway reads
// back. A value sealed for one purpose does not open for another.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer returns a Sealer with key, KeySize bytes.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealing key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("creating the sealing cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("creating the sealing cipher: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// RandomKey returns a new random key. A process that makes its own key at start opens only
// what it sealed itself: enough for one replica; replicas share a key file (LoadKey).
func RandomKey() []byte {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k) // crypto/rand.Read never fails (it panics if the system cannot give randomness)
	return k
}

// LoadKey reads a key file: 32 random bytes as they are (`head -c 32 /dev/urandom > key`), or
// written as 64 hex digits (`openssl rand -hex 32 > key`) or in base64, surrounding white space
// ignored.
func LoadKey(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the session key file: %w", err)
	}
	if len(raw) == KeySize && !printable(raw) {
		return raw, nil // random bytes (head -c 32 /dev/urandom); 32 characters of text are not a key
	}
	text := bytes.TrimSpace(raw)
	if k, err := hex.DecodeString(string(text)); err == nil && len(k) == KeySize {
		return k, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(string(text)); err == nil && len(k) == KeySize {
			return k, nil
		}
	}
	return nil, fmt.Errorf("session key file %s: want %d bytes, raw, as 64 hex digits or in base64", path, KeySize)
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// Seal encrypts plain for purpose and returns it in unpadded URL-safe base64, fit for a cookie.
func (s *Sealer) Seal(plain []byte, purpose string) string {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, []byte(purpose)))
}

// Open decrypts a value Seal made for purpose, or returns ErrOpen.
func (s *Sealer) Open(sealed, purpose string) ([]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return nil, ErrOpen
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}
