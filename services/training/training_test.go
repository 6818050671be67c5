package training

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// load reads a Config from args alone, as the binaries do, with a database URL so that the
// shared settings validate.
func load(t *testing.T, args ...string) *Config {
	t.Helper()
	c := new(Config)
	args = append([]string{"--training-database-url=" + filepath.Join(t.TempDir(), "training.db")}, args...)
	if err := config.Load(Name, c, args); err != nil {
		t.Fatalf("loading %v: %v", args, err)
	}
	return c
}

// The settings' defaults are the domain's documented policy: one default, written in the tags,
// that a change of domain.DefaultPolicy would contradict.
func TestDefaultsAreTheDomainPolicy(t *testing.T) {
	c := load(t)
	p, err := c.Policy()
	if err != nil {
		t.Fatal(err)
	}
	if p != domain.DefaultPolicy() {
		t.Errorf("policy from the default settings %+v, want domain.DefaultPolicy() %+v", p, domain.DefaultPolicy())
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the default settings do not validate: %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // "" when valid
	}{
		{"a city's own policy", []string{"--training-minutes-per-jp=60", "--training-agreement-warning-days=30", "--training-verify-rate=10"}, ""},
		{"no warning ahead", []string{"--training-agreement-warning-days=0"}, ""},
		{"JP of no minutes", []string{"--training-minutes-per-jp=0"}, "minutes_per_jp"},
		{"JP longer than two hours", []string{"--training-minutes-per-jp=121"}, "minutes_per_jp"},
		{"warning beyond a year", []string{"--training-agreement-warning-days=367"}, "agreement_warning_days"},
		{"no public checks", []string{"--training-verify-rate=0"}, "SIMPEG_TRAINING_VERIFY_RATE is 0"},
		{"checks beyond a hundred a second", []string{"--training-verify-rate=6001"}, "SIMPEG_TRAINING_VERIFY_RATE is 6001"},
		{"an ingress in front", []string{"--training-verify-proxies=1"}, ""},
		{"proxies counted backwards", []string{"--training-verify-proxies=-1"}, "SIMPEG_TRAINING_VERIFY_PROXIES is -1"},
		{"negative reconcile interval", []string{"--training-directory-reconcile-interval=-1m"}, "SIMPEG_TRAINING_DIRECTORY_RECONCILE_INTERVAL"},
		{"PostgreSQL without a key", []string{"--training-database-url=postgres://training@db/training"}, "SIMPEG_TRAINING_CERTIFICATE_KEY_FILE is required"},
		{"postgresql:// without a key", []string{"--training-database-url=postgresql://training@db/training"}, "SIMPEG_TRAINING_CERTIFICATE_KEY_FILE is required"},
		{"PostgreSQL with a key", []string{"--training-database-url=postgres://training@db/training", "--training-certificate-key-file=/etc/simpeg/certificate-key/key.pem"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := load(t, tt.args...).Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate: %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

// TestCertificateSigner: the key named by the setting is read and must exist; without one, on
// SQLite, a key is made beside the database on the first start and kept after; with PostgreSQL
// there is none to fall back on.
func TestCertificateSigner(t *testing.T) {
	dir := t.TempDir()
	db, err := database.Open(t.Context(), filepath.Join(dir, "training.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	first, err := certificateSigner("", "", db)
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	made := filepath.Join(dir, "keys", "training-certificate-key.pem")
	fi, err := os.Stat(made)
	if err != nil {
		t.Fatalf("no key beside the database: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", made, fi.Mode().Perm())
	}
	again, err := certificateSigner("", "", db)
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	if again.KeyID != first.KeyID || !bytes.Equal(again.Key, first.Key) {
		t.Errorf("the second start signs with key %s, the first with %s: the key must be kept", again.KeyID, first.KeyID)
	}
	named, err := certificateSigner(made, "", &database.DB{Dialect: database.Postgres})
	if err != nil {
		t.Fatalf("the named key with PostgreSQL: %v", err)
	}
	if named.KeyID != first.KeyID {
		t.Errorf("the named file gives key %s, want %s", named.KeyID, first.KeyID)
	}

	notPEM := filepath.Join(dir, "not-a-key.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, file string
		db         *database.DB
		want       string
	}{
		{"a named file that is missing", filepath.Join(dir, "missing.pem"), db, "SIMPEG_TRAINING_CERTIFICATE_KEY_FILE: reading the key"},
		{"a named file that is no key", notPEM, db, "no PEM PRIVATE KEY block"},
		{"PostgreSQL without a file", "", &database.DB{Dialect: database.Postgres}, "SIMPEG_TRAINING_CERTIFICATE_KEY_FILE is required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := certificateSigner(tt.file, "", tt.db); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("certificateSigner: %v, want an error saying %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "missing.pem")); err == nil {
				t.Error("a missing named key was made; only the embedded default is")
			}
		})
	}
}

// TestAllInOneKey: the all-in-one binary's data directory holds the key whatever the database,
// so the one-process deployment on PostgreSQL needs no key file either.
func TestAllInOneKey(t *testing.T) {
	dir := t.TempDir()
	c := load(t, "--training-database-url=postgres://training@db/training")
	c.UseDataDir(dir)
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate with the data directory: %v", err)
	}
	s, err := certificateSigner(c.CertificateKeyFile, c.dataDir, &database.DB{Dialect: database.Postgres})
	if err != nil {
		t.Fatal(err)
	}
	key, err := LoadCertificateKey(filepath.Join(dir, "keys", "training-certificate-key.pem"))
	if err != nil {
		t.Fatalf("no key in the data directory: %v", err)
	}
	if !bytes.Equal(key, s.Key) {
		t.Error("the service signs with another key than the data directory's")
	}
}

// The key id is the first 8 bytes of the SHA-256 of the public key, in hex.
func TestKeyID(t *testing.T) {
	pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	if got, want := KeyID(pub), hex.EncodeToString(sum[:8]); got != want || len(got) != 16 {
		t.Errorf("KeyID = %q, want %q", got, want)
	}
}
