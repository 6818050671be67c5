package training

import (
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
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
)

// embeddedKeyFile is where the certificate key is made when no file is named, relative to the
// all-in-one binary's data directory or to the directory of an SQLite database (the data
// directory of both binaries by default): beside the token signing key, keys/signing-key.pem.
const embeddedKeyFile = "keys/training-certificate-key.pem"

// isPostgres reports whether a database URL names PostgreSQL (database.Open's rule).
func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// certificateSigner returns the key that signs certificates: the file named by
// SIMPEG_TRAINING_CERTIFICATE_KEY_FILE, which must exist; without one, the one-machine
// deployment's key, made on the first start and kept: in dataDir (the all-in-one binary's), or
// beside an SQLite database. A per-service binary on PostgreSQL has no such fallback: its
// replicas must share one key.
func certificateSigner(keyFile, dataDir string, db *database.DB) (app.Signer, error) {
	if keyFile != "" {
		s, err := loadSigner(keyFile)
		if err != nil {
			return app.Signer{}, fmt.Errorf("SIMPEG_TRAINING_CERTIFICATE_KEY_FILE: %w", err)
		}
		return s, nil
	}
	switch {
	case dataDir != "":
	case db.Dialect == database.SQLite:
		dataDir = filepath.Dir(db.Target)
	default:
		return app.Signer{}, errors.New("SIMPEG_TRAINING_CERTIFICATE_KEY_FILE is required with a PostgreSQL database")
	}
	s, err := loadOrCreateSigner(filepath.Join(dataDir, embeddedKeyFile))
	if err != nil {
		return app.Signer{}, fmt.Errorf("the embedded certificate key: %w", err)
	}
	return s, nil
}

// loadOrCreateSigner reads the key at path, first writing a new one there (mode 0600, its
// directory 0700) when there is none.
func loadOrCreateSigner(path string) (app.Signer, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := writeNewKey(path); err != nil {
			return app.Signer{}, err
		}
	} else if err != nil {
		return app.Signer{}, fmt.Errorf("reading %s: %w", path, err)
	}
	return loadSigner(path)
}

// writeNewKey writes a new Ed25519 private key to path as PKCS #8 PEM, failing if a file
// appeared there meanwhile (two first starts at once keep the first key).
func writeNewKey(path string) error {
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

// loadSigner reads the key at path (LoadCertificateKey) and names it (KeyID).
func loadSigner(path string) (app.Signer, error) {
	priv, err := LoadCertificateKey(path)
	if err != nil {
		return app.Signer{}, err
	}
	return app.Signer{KeyID: KeyID(priv.Public().(ed25519.PublicKey)), Key: priv}, nil
}

// LoadCertificateKey reads a certificate signing key: an Ed25519 private key in a PEM file
// (PKCS #8, "PRIVATE KEY"), as openssl genpkey -algorithm ed25519 writes it.
func LoadCertificateKey(path string) (ed25519.PrivateKey, error) {
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
		return nil, fmt.Errorf("%s holds a %T key; certificates are signed with Ed25519", path, k)
	}
	return priv, nil
}

// KeyID names a certificate key: the first 8 bytes of the SHA-256 of its public key, in hex
// (the token signing key's kid is made the same way).
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}
