package session

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSealer(t *testing.T) {
	s, err := NewSealer(RandomKey())
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte(`{"v":"verifier","s":"state"}`)
	sealed := s.Seal(plain, "simpeg_login")
	if strings.Contains(sealed, "verifier") || strings.ContainsAny(sealed, "=+/;, ") {
		t.Errorf("sealed %q shows its content or is not cookie-safe", sealed)
	}
	if again := s.Seal(plain, "simpeg_login"); again == sealed {
		t.Error("sealing twice gave the same value: the nonce is not fresh")
	}
	got, err := s.Open(sealed, "simpeg_login")
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	other, _ := NewSealer(RandomKey())
	tampered := []byte(sealed)
	tampered[len(tampered)/2] ^= 1
	for name, open := range map[string]func() ([]byte, error){
		"another purpose": func() ([]byte, error) { return s.Open(sealed, "simpeg_session") },
		"another key":     func() ([]byte, error) { return other.Open(sealed, "simpeg_login") },
		"tampered":        func() ([]byte, error) { return s.Open(string(tampered), "simpeg_login") },
		"truncated":       func() ([]byte, error) { return s.Open(sealed[:10], "simpeg_login") },
		"not base64":      func() ([]byte, error) { return s.Open("%%%", "simpeg_login") },
		"empty":           func() ([]byte, error) { return s.Open("", "simpeg_login") },
	} {
		if got, err := open(); !errors.Is(err, ErrOpen) || got != nil {
			t.Errorf("%s: %q, %v; want ErrOpen", name, got, err)
		}
	}
	if _, err := NewSealer(make([]byte, 16)); err == nil {
		t.Error("a 16-byte key was accepted")
	}
}

func TestLoadKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xab, 0x01}, 16)
	dir := t.TempDir()
	tests := []struct {
		name    string
		content []byte
		ok      bool
	}{
		{"raw", key, true},
		{"hex", []byte(hex.EncodeToString(key) + "\n"), true},
		{"base64", []byte(base64.StdEncoding.EncodeToString(key) + "\n"), true},
		{"base64url", []byte(base64.RawURLEncoding.EncodeToString(key)), true},
		{"short", []byte("abcdef"), false},
		{"hex of 16 bytes", []byte(hex.EncodeToString(key[:16])), false},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, tt.name)
		if err := os.WriteFile(p, tt.content, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := LoadKey(p)
		if tt.ok && (err != nil || !bytes.Equal(got, key)) {
			t.Errorf("%s: %x, %v", tt.name, got, err)
		}
		if !tt.ok && err == nil {
			t.Errorf("%s: accepted as %x", tt.name, got)
		}
	}
	if _, err := LoadKey(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "session key file") {
		t.Errorf("a missing file: %v", err)
	}
}

func TestLoginStateExpired(t *testing.T) {
	start := time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC)
	st := LoginState{Created: start.Unix()}
	for after, want := range map[time.Duration]bool{0: false, 9 * time.Minute: false, 10 * time.Minute: false, 11 * time.Minute: true} {
		if got := st.Expired(start.Add(after)); got != want {
			t.Errorf("%s after the start: expired %v, want %v", after, got, want)
		}
	}
}
