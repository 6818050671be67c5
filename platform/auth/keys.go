package auth

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// LoadPublicKey reads a PEM file holding a public key, or a private key whose public half is
// used.
func LoadPublicKey(path string) (crypto.PublicKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading key file: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil {
		return nil, fmt.Errorf("key file %s holds no PEM block", path)
	}
	switch block.Type {
	case "PUBLIC KEY":
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing public key %s: %w", path, err)
		}
		return pub, nil
	case "PRIVATE KEY":
		priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing private key %s: %w", path, err)
		}
		s, ok := priv.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("key in %s cannot sign", path)
		}
		return s.Public(), nil
	}
	return nil, fmt.Errorf("key file %s: unsupported PEM type %q", path, block.Type)
}

// Signer issues tokens with the local key of the embedded deployment.
type Signer struct {
	key      ed25519.PrivateKey
	kid      string
	issuer   string
	audience string
}

// LoadOrCreateSigner reads the Ed25519 private key at path, creating it (mode 0600) if it does
// not exist yet (LoadOrCreateEd25519Key). Only the embedded, one-machine deployment uses a local
// key; production uses the city's OpenID Connect provider.
func LoadOrCreateSigner(path, issuer, audience string) (*Signer, error) {
	priv, err := LoadOrCreateEd25519Key(path)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return NewSigner(priv, issuer, audience), nil
}

// LoadOrCreateEd25519Key reads the Ed25519 private key at path (LoadEd25519Key), first writing
// a new one there (PKCS #8 PEM, mode 0600, its directory 0700) when there is none. Two first
// starts at once keep the first key written: the file is created exclusively.
func LoadOrCreateEd25519Key(path string) (ed25519.PrivateKey, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := writeNewEd25519Key(path); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return LoadEd25519Key(path)
}

// LoadEd25519Key reads an Ed25519 private key from a PEM file (PKCS #8, "PRIVATE KEY"), as
// openssl genpkey -algorithm ed25519 writes it.
func LoadEd25519Key(path string) (ed25519.PrivateKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the key: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("%s holds no PEM PRIVATE KEY block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s holds a %T key; want Ed25519", path, k)
	}
	return priv, nil
}

// writeNewEd25519Key writes a new Ed25519 private key to path as PKCS #8 PEM, doing nothing
// when a file appeared there meanwhile.
func writeNewEd25519Key(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("generating the key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return fmt.Errorf("encoding the key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating the key's directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("writing the key: %w", err)
	}
	if _, err := f.Write(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		_ = f.Close()
		return fmt.Errorf("writing the key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing the key: %w", err)
	}
	return nil
}

// NewSigner returns a Signer for priv.
func NewSigner(priv ed25519.PrivateKey, issuer, audience string) *Signer {
	sum := sha256.Sum256(priv.Public().(ed25519.PublicKey))
	return &Signer{key: priv, kid: hex.EncodeToString(sum[:8]), issuer: issuer, audience: audience}
}

// PublicKey returns the key that verifies the signer's tokens.
func (s *Signer) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// Issue returns a signed token for p valid for ttl.
func (s *Signer) Issue(p Principal, ttl time.Duration) (string, error) {
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: s.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", s.kid))
	if err != nil {
		return "", fmt.Errorf("creating signer: %w", err)
	}
	now := time.Now()
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	std := jwt.Claims{
		Issuer:    s.issuer,
		Subject:   p.Subject,
		Audience:  jwt.Audience{s.audience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		Expiry:    jwt.NewNumericDate(now.Add(ttl)),
	}
	c := claims{Roles: roles, Agency: p.Agency}
	if len(p.Scopes) > 0 {
		for i, sc := range p.Scopes {
			if i > 0 {
				c.Scope += " "
			}
			c.Scope += sc
		}
	}
	tok, err := jwt.Signed(sig).Claims(std).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("signing token: %w", err)
	}
	return tok, nil
}
