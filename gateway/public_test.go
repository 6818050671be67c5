package gateway

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// fakeTraining answers the certificate check and records the metadata of the last call; its
// server runs the real authorization interceptor with training's rule kinds: the check and
// the keys public, an enrolment's certificate for people with a token.
type fakeTraining struct {
	trainingv1.UnimplementedTrainingServiceServer

	mu sync.Mutex
	md metadata.MD
}

func (f *fakeTraining) record(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.md = md.Copy()
}

func (f *fakeTraining) last() metadata.MD {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.md
}

func (f *fakeTraining) VerifyCertificate(ctx context.Context, req *trainingv1.VerifyCertificateRequest) (*trainingv1.VerifyCertificateResponse, error) {
	f.record(ctx)
	return &trainingv1.VerifyCertificateResponse{Valid: true, Certificate: &trainingv1.Certificate{Number: req.GetNumber()}}, nil
}

func (f *fakeTraining) ListCertificateKeys(ctx context.Context, _ *trainingv1.ListCertificateKeysRequest) (*trainingv1.ListCertificateKeysResponse, error) {
	f.record(ctx)
	return &trainingv1.ListCertificateKeysResponse{Keys: []*trainingv1.CertificateKey{{KeyId: "0123456789abcdef", Algorithm: "Ed25519"}}}, nil
}

func (f *fakeTraining) GetCertificate(ctx context.Context, req *trainingv1.GetCertificateRequest) (*trainingv1.GetCertificateResponse, error) {
	f.record(ctx)
	return &trainingv1.GetCertificateResponse{Certificate: &trainingv1.Certificate{Number: req.GetEnrolment()}}, nil
}

// startTraining serves a fakeTraining behind the authorization interceptor, verifying tokens
// of a key nobody in the test holds (so any token sent is refused where one is needed).
func startTraining(t *testing.T) (string, *fakeTraining) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rules := auth.Rules{
		trainingv1.TrainingService_VerifyCertificate_FullMethodName:   {Public: true},
		trainingv1.TrainingService_ListCertificateKeys_FullMethodName: {Public: true},
		trainingv1.TrainingService_GetCertificate_FullMethodName:      {Grants: auth.People},
	}
	authz := auth.NewAuthorizer(auth.NewStaticVerifier("simpeg-local", "simpeg", pub), rules)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fake := &fakeTraining{}
	srv := grpc.NewServer(grpc.UnaryInterceptor(authz.UnaryInterceptor()))
	trainingv1.RegisterTrainingServiceServer(srv, fake)
	go func() { _ = srv.Serve(lis) }() // returns when stopped
	t.Cleanup(srv.Stop)
	return lis.Addr().String(), fake
}

// TestPublicCertificateCheck: the certificate check (GET /v1/certificates:verify) and the
// keys (GET /v1/certificateKeys) reach the training service without a session cookie or an
// Authorization header, from another site too (a read needs no CSRF header), and with a
// portal cookie or a token that does not verify, which a public method ignores; a method that
// needs a token still answers 401 without one. The service sees the address the gateway got
// the call from last in x-forwarded-for, after any the caller claims: a limit per client keys
// on that last one (the caller's, or the ingress's when a proxy is in front).
func TestPublicCertificateCheck(t *testing.T) {
	addr, fake := startTraining(t)
	env := newTestEnv(t, func(c *Config) {
		c.Auth = Tokens{Issuer: "simpeg-local", Audience: "simpeg", MaxLifetime: 12 * time.Hour, MaxServiceLifetime: 2160 * time.Hour}
		c.Upstreams["training"] = addr
	}, WithLocalSignIn(auth.NewSigner(newKey(t), "simpeg-local", "simpeg"), time.Hour))
	number := "STTPP/2025/000042"
	verify := "/v1/certificates:verify?number=" + url.QueryEscape(number)
	tests := []struct {
		name   string
		path   string
		header map[string]string
		want   int
		body   string
	}{
		{"check, no credentials", verify, nil, http.StatusOK, `"number":"` + number + `"`},
		{"keys, no credentials", "/v1/certificateKeys", nil, http.StatusOK, `"keyId":"0123456789abcdef"`},
		{"check from another site", verify, map[string]string{"Origin": "https://elsewhere.example"}, http.StatusOK, `"valid":true`},
		{"check with a portal cookie", verify, map[string]string{"Cookie": sessionCookie + "=not-a-token"}, http.StatusOK, `"valid":true`},
		{"check claiming another address", verify, map[string]string{"X-Forwarded-For": "203.0.113.9"}, http.StatusOK, `"valid":true`},
		{"check with a token that does not verify", verify, map[string]string{"Authorization": "Bearer expired"}, http.StatusOK, `"valid":true`},
		{"an enrolment's certificate needs a token", "/v1/enrolments/e1/certificate", nil, http.StatusUnauthorized, "missing bearer token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, env.srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want || !strings.Contains(string(body), tt.body) {
				t.Fatalf("GET %s: %d %s, want %d with %s", tt.path, resp.StatusCode, body, tt.want, tt.body)
			}
			if resp.StatusCode != http.StatusOK {
				return
			}
			if !json.Valid(body) {
				t.Errorf("body is not JSON: %s", body)
			}
			xff := fake.last().Get("x-forwarded-for")
			if len(xff) != 1 || !strings.HasSuffix(xff[0], "127.0.0.1") {
				t.Errorf("x-forwarded-for %q, want the caller's address last", xff)
			}
			if auth := fake.last().Get("authorization"); tt.header["Authorization"] == "" && tt.header["Cookie"] == "" && len(auth) > 0 {
				t.Errorf("the service got authorization %q from a call without credentials", auth)
			}
		})
	}
}

func newKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
