package training

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
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

// loadOrCreateSigner reads the key at path, first writing a new one there when there is none
// (auth.LoadOrCreateEd25519Key), and names it (KeyID).
func loadOrCreateSigner(path string) (app.Signer, error) {
	priv, err := auth.LoadOrCreateEd25519Key(path)
	if err != nil {
		return app.Signer{}, err
	}
	return signerOf(priv), nil
}

// loadSigner reads the key at path (LoadCertificateKey) and names it (KeyID).
func loadSigner(path string) (app.Signer, error) {
	priv, err := LoadCertificateKey(path)
	if err != nil {
		return app.Signer{}, err
	}
	return signerOf(priv), nil
}

// signerOf names priv by its KeyID.
func signerOf(priv ed25519.PrivateKey) app.Signer {
	return app.Signer{KeyID: KeyID(priv.Public().(ed25519.PublicKey)), Key: priv}
}

// LoadCertificateKey reads a certificate signing key: an Ed25519 private key in a PEM file
// (PKCS #8, "PRIVATE KEY"), as openssl genpkey -algorithm ed25519 writes it.
func LoadCertificateKey(path string) (ed25519.PrivateKey, error) { return auth.LoadEd25519Key(path) }

// KeyID names a certificate key: the first 8 bytes of the SHA-256 of its public key, in hex
// (the token signing key's kid is made the same way).
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}
