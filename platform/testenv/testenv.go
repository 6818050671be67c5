// Package testenv gives tests real infrastructure: a fresh database per test on each engine
// (an SQLite file, and a new PostgreSQL database when SIMPEG_TEST_POSTGRES_URL is set), a NATS
// server (the one at SIMPEG_TEST_NATS_URL, or an embedded one), unique subject prefixes so runs
// never collide, and a token signer. Under CI=true a configured server that does not answer
// fails the test instead of skipping it.
package testenv

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"database/sql"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
)

// Engine is a database engine under test.
type Engine string

// The engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Engines returns the engines to run a suite on: SQLite always, PostgreSQL when
// SIMPEG_TEST_POSTGRES_URL is set. Under CI=true PostgreSQL is required.
func Engines(t testing.TB) []Engine {
	t.Helper()
	if os.Getenv("SIMPEG_TEST_POSTGRES_URL") != "" {
		return []Engine{SQLite, Postgres}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but SIMPEG_TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot run")
	}
	t.Log("SIMPEG_TEST_POSTGRES_URL not set: running on SQLite only")
	return []Engine{SQLite}
}

// DatabaseURL creates an empty database on engine for t and returns its URL; the database is
// dropped when t ends.
func DatabaseURL(t testing.TB, engine Engine) string {
	t.Helper()
	switch engine {
	case SQLite:
		return filepath.Join(t.TempDir(), "test.db")
	case Postgres:
		admin := os.Getenv("SIMPEG_TEST_POSTGRES_URL")
		if admin == "" {
			t.Fatal("SIMPEG_TEST_POSTGRES_URL is not set")
		}
		name := "simpeg_t_" + randomHex(6)
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			t.Fatalf("opening postgres admin connection: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := adb.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
			adb.Close()
			t.Fatalf("creating test database (is PostgreSQL at %s running?): %v", redact(admin), err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := adb.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
				t.Logf("dropping test database %s: %v", name, err)
			}
			adb.Close()
		})
		u, err := url.Parse(admin)
		if err != nil {
			t.Fatalf("parsing SIMPEG_TEST_POSTGRES_URL: %v", err)
		}
		u.Path = "/" + name
		return u.String()
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

// OpenDB opens a fresh database on engine, closed when t ends. It is not migrated.
func OpenDB(t testing.TB, engine Engine) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), DatabaseURL(t, engine))
	if err != nil {
		t.Fatalf("opening %s test database: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NATS returns the URL of a NATS server with JetStream: SIMPEG_TEST_NATS_URL if set (it must
// answer), otherwise an embedded server started for t.
func NATS(t testing.TB) string {
	t.Helper()
	if u := os.Getenv("SIMPEG_TEST_NATS_URL"); u != "" {
		nc, err := nats.Connect(u, nats.Timeout(3*time.Second))
		if err != nil {
			t.Fatalf("SIMPEG_TEST_NATS_URL=%s does not answer: %v", u, err)
		}
		nc.Close()
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but SIMPEG_TEST_NATS_URL is not set")
	}
	return EmbeddedNATS(t, "127.0.0.1:0", t.TempDir()).URL()
}

// EmbeddedNATS starts a NATS server with JetStream for t on addr, storing under dir.
func EmbeddedNATS(t testing.TB, addr, dir string) *bus.Embedded {
	t.Helper()
	e, err := bus.StartEmbedded(addr, dir)
	if err != nil {
		t.Fatalf("starting embedded nats: %v", err)
	}
	t.Cleanup(e.Shutdown)
	return e
}

// Prefix returns a subject prefix unique to this test, e.g. "t3fa9c1.", and deletes the streams
// it named when t ends.
func Prefix(t testing.TB, natsURL string) string {
	t.Helper()
	p := "t" + randomHex(4) + "."
	t.Cleanup(func() {
		nc, err := nats.Connect(natsURL, nats.Timeout(2*time.Second))
		if err != nil {
			return
		}
		defer nc.Close()
		js, err := nc.JetStream()
		if err != nil {
			return
		}
		for name := range js.StreamNames() {
			if strings.HasPrefix(name, strings.ToUpper(strings.TrimSuffix(p, "."))+"_") {
				_ = js.DeleteStream(name)
			}
		}
	})
	return p
}

// Keys writes a fresh signing key for t and returns its path and a signer for tokens.
func Keys(t testing.TB, issuer, audience string) (keyFile string, signer *auth.Signer) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keyFile = filepath.Join(t.TempDir(), "signing-key.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return keyFile, auth.NewSigner(priv, issuer, audience)
}

// Token issues a token for p valid for an hour, failing t on error.
func Token(t testing.TB, s *auth.Signer, p auth.Principal) string {
	t.Helper()
	tok, err := s.Issue(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("reading random bytes: %v", err))
	}
	return hex.EncodeToString(b)
}

func redact(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Redacted()
	}
	return "(unparseable url)"
}
