package main

import (
	"crypto/ed25519"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training"
)

// TestTrainingWiring checks the training service as the all-in-one binary runs it, on each
// engine: behind the gateway (a signed-in call and the audit trail), its certificate key made in
// the data directory (PostgreSQL included: one process, one key) and the one the public check
// publishes, the check and the keys answered without credentials, and the per-client limit
// (SIMPEG_TRAINING_VERIFY_RATE, here 3 a minute) answering 429 with Retry-After once spent.
func TestTrainingWiring(t *testing.T) {
	const rate = 3
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			natsURL, database := "", func(string) string { return "" }
			if engine == testenv.Postgres {
				natsURL = testenv.NATS(t)
				database = func(string) string { return testenv.DatabaseURL(t, engine) }
			}
			args := append(suiteArgs(t, natsURL, database), "--training-verify-rate="+strconv.Itoa(rate))
			s := runSuite(t, args, nil)

			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "GET", "/v1/programmes", cityHR, nil).want(t, 200)
			s.do(t, "GET", "/v1/programmes", "", nil).want(t, 401)
			s.do(t, "GET", "/v1/training/auditRecords", s.token(t, auth.RoleAuditor, "", "inspektorat"), nil).want(t, 200)

			key, err := training.LoadCertificateKey(filepath.Join(s.cfg.DataDir, "keys", "training-certificate-key.pem"))
			if err != nil {
				t.Fatalf("the certificate key in the data directory: %v", err)
			}
			keys := s.do(t, "GET", "/v1/certificateKeys", "", nil)
			keys.want(t, 200)
			list, _ := keys.body["keys"].([]any)
			first, _ := func() (map[string]any, bool) {
				if len(list) == 0 {
					return nil, false
				}
				m, ok := list[0].(map[string]any)
				return m, ok
			}()
			if want := training.KeyID(key.Public().(ed25519.PublicKey)); first["keyId"] != want {
				t.Errorf("the current key published is %v, want the data directory's %s (%s)", first["keyId"], want, keys.raw)
			}

			// keys above took one call of the client's 3; two checks remain, then 429.
			check := "/v1/certificates:verify?number=" + url.QueryEscape("STTPP/2026/000042-K7Q2XM")
			for i := range rate - 1 {
				r := s.do(t, "GET", check, "", nil)
				r.want(t, 200)
				if r.body["valid"] == true {
					t.Errorf("check %d: an unknown number is valid: %s", i+1, r.raw)
				}
			}
			over := s.do(t, "GET", check, "", nil)
			over.want(t, 429)
			if ra, err := strconv.Atoi(over.header.Get("Retry-After")); err != nil || ra < 1 {
				t.Errorf("Retry-After %q, want whole seconds until the next call is allowed", over.header.Get("Retry-After"))
			}
			// Only the public methods are limited: a signed-in call goes on.
			s.do(t, "GET", "/v1/programmes", cityHR, nil).want(t, 200)
		})
	}
}
