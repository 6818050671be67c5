package gateway

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/grpc/health/grpc_health_v1"
)

func TestMain(m *testing.M) {
	// As cmd/gateway does: W3C trace context in, and on to the services.
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	os.Exit(m.Run())
}

// call sends one request and returns the status, headers and body.
func call(t *testing.T, method, url, body string, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatalf("building request: %v", err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return resp.StatusCode, resp.Header, b
}

// rpcStatus is the JSON google.rpc.Status the gateway answers errors with.
type rpcStatus struct {
	Code    *int             `json:"code"`
	Message string           `json:"message"`
	Details []map[string]any `json:"details"`
}

func decodeStatus(t *testing.T, hdr http.Header, body []byte) rpcStatus {
	t.Helper()
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var st rpcStatus
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, body)
	}
	if st.Code == nil || st.Message == "" {
		t.Errorf("error body lacks code or message: %s", body)
	}
	return st
}

func TestErrors(t *testing.T) {
	env := newTestEnv(t, nil)
	const employeeBody = `{"nip":%q,"fullName":"Siti Aminah","employmentType":"EMPLOYMENT_TYPE_PNS","rank":"III/a","agency":"DISKOMINFO"}`
	body := func(nip string) string { return strings.Replace(employeeBody, "%q", `"`+nip+`"`, 1) }

	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		wantStatus int
		wantCode   int
		wantDetail string // @type of a detail that must be present
		wantReason string // ErrorInfo reason that must be present
		wantHeader map[string]string
		noUpstream bool // the request must not reach the service
	}{
		{name: "field violation", method: "POST", path: "/v1/employees", body: body(nipInvalid), wantStatus: 400, wantCode: 3, wantDetail: "type.googleapis.com/google.rpc.BadRequest"},
		{name: "unauthenticated", method: "GET", path: "/v1/" + nameNoAuth, wantStatus: 401, wantCode: 16, wantHeader: map[string]string{"WWW-Authenticate": `Bearer realm="simpeg"`}},
		{name: "permission denied", method: "GET", path: "/v1/" + nameDenied, wantStatus: 403, wantCode: 7},
		{name: "not found", method: "GET", path: "/v1/" + nameMissing, wantStatus: 404, wantCode: 5},
		{name: "already exists", method: "POST", path: "/v1/employees", body: body(nipDuplicate), wantStatus: 409, wantCode: 6},
		{name: "idempotency key in progress", method: "POST", path: "/v1/employees", body: body(nipRunning), wantStatus: 409, wantCode: 10, wantReason: "IDEMPOTENCY_KEY_IN_PROGRESS"},
		{name: "etag mismatch", method: "POST", path: "/v1/" + nameOK + ":transfer", body: `{"agency":"BAPPEDA","effectiveDate":"2026-01-02","etag":"old"}`, wantStatus: 412, wantCode: 9, wantReason: "ETAG_MISMATCH"},
		{name: "idempotency key reused", method: "POST", path: "/v1/employees", body: body(nipReused), wantStatus: 422, wantCode: 9, wantReason: "IDEMPOTENCY_KEY_REUSED"},
		{name: "resource exhausted", method: "GET", path: "/v1/" + nameBusy, wantStatus: 429, wantCode: 8, wantDetail: "type.googleapis.com/google.rpc.RetryInfo", wantHeader: map[string]string{"Retry-After": "2"}},
		{name: "unknown JSON field", method: "POST", path: "/v1/employees", body: `{"nip":"1","shoeSize":42}`, wantStatus: 400, wantCode: 3, noUpstream: true},
		{name: "malformed JSON", method: "POST", path: "/v1/employees", body: `{"nip":`, wantStatus: 400, wantCode: 3, noUpstream: true},
		{name: "wrong JSON type", method: "POST", path: "/v1/employees", body: `{"nip":12}`, wantStatus: 400, wantCode: 3, noUpstream: true},
		{name: "unknown route", method: "GET", path: "/v2/nothing", wantStatus: 404, wantCode: 5, noUpstream: true},
		{name: "wrong method", method: "DELETE", path: "/v1/employees", wantStatus: 405, wantCode: 12, noUpstream: true},
		{name: "wrong method on probe", method: "POST", path: "/healthz", wantStatus: 405, wantCode: 12, noUpstream: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := env.up.fake.last()
			status, hdr, raw := call(t, tt.method, env.srv.URL+tt.path, tt.body, map[string]string{"Authorization": "Bearer test"})
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", status, tt.wantStatus, raw)
			}
			st := decodeStatus(t, hdr, raw)
			if *st.Code != tt.wantCode {
				t.Errorf("code = %d, want %d", *st.Code, tt.wantCode)
			}
			if tt.wantDetail != "" && !hasDetail(st, tt.wantDetail, "") {
				t.Errorf("no %s detail in %s", tt.wantDetail, raw)
			}
			if tt.wantReason != "" && !hasDetail(st, "type.googleapis.com/google.rpc.ErrorInfo", tt.wantReason) {
				t.Errorf("no ErrorInfo with reason %s in %s", tt.wantReason, raw)
			}
			for k, v := range tt.wantHeader {
				if got := hdr.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			after, _ := env.up.fake.last()
			if tt.noUpstream && after != before {
				t.Errorf("the service was called %d times, want none", after-before)
			}
		})
	}
}

func hasDetail(st rpcStatus, typ, reason string) bool {
	for _, d := range st.Details {
		if d["@type"] == typ && (reason == "" || d["reason"] == reason) {
			return true
		}
	}
	return false
}

func TestFieldViolationDetail(t *testing.T) {
	env := newTestEnv(t, nil)
	_, hdr, raw := call(t, "POST", env.srv.URL+"/v1/employees", `{"nip":"invalid"}`, nil)
	st := decodeStatus(t, hdr, raw)
	if len(st.Details) != 1 {
		t.Fatalf("details = %v, want one BadRequest", st.Details)
	}
	fv, _ := st.Details[0]["fieldViolations"].([]any)
	if len(fv) != 1 {
		t.Fatalf("fieldViolations = %v, want one", st.Details[0])
	}
	v, _ := fv[0].(map[string]any)
	if v["field"] != "employee.nip" || v["description"] != "must be 18 digits" {
		t.Errorf("field violation = %v", v)
	}
}

func TestGetEmployeeJSON(t *testing.T) {
	env := newTestEnv(t, nil)
	status, hdr, raw := call(t, "GET", env.srv.URL+"/v1/"+nameOK, "", nil)
	if status != http.StatusOK {
		t.Fatalf("status = %d: %s", status, raw)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if got["fullName"] != "Siti Aminah" || got["employmentType"] != "EMPLOYMENT_TYPE_PNS" {
		t.Errorf("body = %s, want lowerCamelCase fields and enum names", raw)
	}
	for _, absent := range []string{"full_name", "unit", "history", "supervisor"} {
		if _, ok := got[absent]; ok {
			t.Errorf("body has %q; want proto names off and unpopulated fields left out: %s", absent, raw)
		}
	}
	if hdr.Get("ETag") != `"v1"` {
		t.Errorf("ETag = %q, want the service's etag header", hdr.Get("ETag"))
	}
	if hdr.Get("Grpc-Metadata-Content-Type") != "" {
		t.Error("the gRPC content type leaked into the response headers")
	}
	if hdr.Get("Content-Length") == "" {
		t.Error("no Content-Length on a unary response")
	}
}

func TestMetadataForwarded(t *testing.T) {
	env := newTestEnv(t, nil)
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	tests := []struct {
		name      string
		header    map[string]string
		wantMD    map[string]string
		wantEcho  string // X-Request-Id expected back; "" means a generated one
		wantTrace bool
	}{
		{
			name: "client headers",
			header: map[string]string{
				"Authorization":   "Bearer abc.def.ghi",
				"Idempotency-Key": "import-2026-01-batch-3",
				"X-Request-Id":    "req-42",
				"If-Match":        `"v1"`,
			},
			wantMD:   map[string]string{"authorization": "Bearer abc.def.ghi", "idempotency-key": "import-2026-01-batch-3", "x-request-id": "req-42", "if-match": `"v1"`},
			wantEcho: "req-42",
		},
		{name: "generated request id", header: map[string]string{}, wantMD: map[string]string{}},
		{name: "unusable request id replaced", header: map[string]string{"X-Request-Id": strings.Repeat("x", 200)}, wantMD: map[string]string{}},
		{
			name:      "trace context continues",
			header:    map[string]string{"Traceparent": "00-" + traceID + "-00f067aa0ba902b7-01"},
			wantMD:    map[string]string{},
			wantTrace: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, raw := call(t, "POST", env.srv.URL+"/v1/employees", `{"nip":"`+nipOK+`"}`, tt.header)
			if status != http.StatusOK {
				t.Fatalf("status = %d: %s", status, raw)
			}
			_, md := env.up.fake.last()
			for k, v := range tt.wantMD {
				if got := md.Get(k); len(got) != 1 || got[0] != v {
					t.Errorf("metadata %s = %q, want [%q]", k, got, v)
				}
			}
			if got := hdr.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff on every answer", got)
			}
			echo := hdr.Get("X-Request-Id")
			switch {
			case tt.wantEcho != "" && echo != tt.wantEcho:
				t.Errorf("X-Request-Id = %q, want %q", echo, tt.wantEcho)
			case tt.wantEcho == "" && !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(echo):
				t.Errorf("generated X-Request-Id = %q, want 32 hex digits", echo)
			}
			if got := md.Get("x-request-id"); len(got) != 1 || got[0] != echo {
				t.Errorf("service saw x-request-id %q, client got %q", got, echo)
			}
			if tt.wantTrace {
				if got := md.Get("traceparent"); len(got) != 1 || !strings.Contains(got[0], traceID) {
					t.Errorf("traceparent to the service = %q, want trace %s", got, traceID)
				}
			}
			if got := md.Get("grpcgateway-accept-encoding"); len(got) != 0 {
				t.Errorf("an unlisted header reached the service: %q", got)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	const limit = 1024
	env := newTestEnv(t, func(c *Config) { c.MaxBodyBytes = limit })
	big := `{"nip":"` + strings.Repeat("1", 2*limit) + `"}`
	trailing := `{"nip":"` + nipOK + `"}` + strings.Repeat(" ", 2*limit)

	tests := []struct {
		name    string
		body    string
		chunked bool
		want    int
	}{
		{name: "content-length over the limit", body: big, want: 413},
		{name: "chunked over the limit", body: big, chunked: true, want: 413},
		{name: "chunked, JSON ends before the limit", body: trailing, chunked: true, want: 413},
		{name: "under the limit", body: `{"nip":"` + nipOK + `"}`, chunked: true, want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := env.up.fake.last()
			var body io.Reader = strings.NewReader(tt.body)
			if tt.chunked {
				body = io.MultiReader(body) // hides the length: sent chunked
			}
			req, err := http.NewRequestWithContext(t.Context(), "POST", env.srv.URL+"/v1/employees", body)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("POST: %v", err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("status = %d, want %d: %s", resp.StatusCode, tt.want, raw)
			}
			after, _ := env.up.fake.last()
			if tt.want == 413 {
				st := decodeStatus(t, resp.Header, raw)
				if *st.Code != 8 || !strings.Contains(st.Message, "1024 bytes") {
					t.Errorf("413 body = %s, want code 8 and the limit", raw)
				}
				if after != before {
					t.Errorf("the service was called for an oversize body")
				}
			}
		})
	}
}

func TestCORS(t *testing.T) {
	const allowed = "https://hr.kota.example"
	env := newTestEnv(t, func(c *Config) { c.CORSOrigins = []string{allowed} })
	any := newTestEnv(t, func(c *Config) { c.CORSOrigins = []string{"*"} })
	preflight := map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, idempotency-key"}
	with := func(h map[string]string, origin string) map[string]string {
		out := map[string]string{"Origin": origin}
		for k, v := range h {
			out[k] = v
		}
		return out
	}

	tests := []struct {
		name       string
		env        *testEnv
		method     string
		header     map[string]string
		wantStatus int
		wantOrigin string // Access-Control-Allow-Origin; "" means absent
		wantHeader map[string]string
	}{
		{
			name: "preflight allowed", env: env, method: "OPTIONS", header: with(preflight, allowed),
			wantStatus: 204, wantOrigin: allowed,
			wantHeader: map[string]string{
				"Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE, OPTIONS",
				"Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-Id",
				"Access-Control-Max-Age":       "600",
				"Vary":                         "Origin",
			},
		},
		{name: "preflight denied", env: env, method: "OPTIONS", header: with(preflight, "https://evil.example"), wantStatus: 403},
		{
			name: "request allowed", env: env, method: "GET", header: with(nil, allowed),
			wantStatus: 200, wantOrigin: allowed,
			wantHeader: map[string]string{"Access-Control-Expose-Headers": "X-Request-Id, Location", "Vary": "Origin"},
		},
		{name: "request denied", env: env, method: "GET", header: with(nil, "https://evil.example"), wantStatus: 200},
		{name: "preflight any origin", env: any, method: "OPTIONS", header: with(preflight, "https://other.example"), wantStatus: 204, wantOrigin: "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, raw := call(t, tt.method, tt.env.srv.URL+"/v1/"+nameOK, "", tt.header)
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", status, tt.wantStatus, raw)
			}
			if got := hdr.Get("Access-Control-Allow-Origin"); got != tt.wantOrigin {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.wantOrigin)
			}
			if tt.wantOrigin == "" {
				for k := range hdr {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("denied origin got CORS header %s", k)
					}
				}
			}
			for k, v := range tt.wantHeader {
				if got := hdr.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestOpenAPI(t *testing.T) {
	env := newTestEnv(t, nil)
	status, hdr, raw := call(t, "GET", env.srv.URL+"/openapi.json", "", nil)
	if status != http.StatusOK || hdr.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", status, hdr.Get("Content-Type"))
	}
	var doc struct {
		Swagger string                     `json:"swagger"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Swagger != "2.0" {
		t.Errorf("swagger = %q, want 2.0", doc.Swagger)
	}
	if _, ok := doc.Paths["/v1/employees"]; !ok {
		t.Error(`paths lack "/v1/employees"`)
	}

	// A browser revalidating gets 304 without the body.
	status, _, _ = call(t, "GET", env.srv.URL+"/openapi.json", "", map[string]string{"If-None-Match": hdr.Get("ETag")})
	if status != http.StatusNotModified {
		t.Errorf("revalidation status = %d, want 304", status)
	}
}

func TestProbes(t *testing.T) {
	env := newTestEnv(t, nil)
	dead := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return addr
	}()
	down := newTestEnv(t, func(c *Config) { c.Upstreams["planning"] = dead })

	tests := []struct {
		name       string
		env        *testEnv
		path       string
		serving    grpc_health_v1.HealthCheckResponse_ServingStatus
		wantStatus int
		wantBody   string
	}{
		{name: "healthz", env: env, path: "/healthz", serving: grpc_health_v1.HealthCheckResponse_NOT_SERVING, wantStatus: 200, wantBody: `{"status":"ok"}`},
		{name: "ready", env: env, path: "/readyz", serving: grpc_health_v1.HealthCheckResponse_SERVING, wantStatus: 200, wantBody: `"planning":"SERVING"`},
		{name: "not serving", env: env, path: "/readyz", serving: grpc_health_v1.HealthCheckResponse_NOT_SERVING, wantStatus: 503, wantBody: `"notReady":["planning"]`},
		{name: "serving again", env: env, path: "/readyz", serving: grpc_health_v1.HealthCheckResponse_SERVING, wantStatus: 200, wantBody: `"status":"ready"`},
		{name: "unreachable", env: down, path: "/readyz", wantStatus: 503, wantBody: `"planning":"UNREACHABLE"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env.up.health.SetServingStatus("", tt.serving)
			status, hdr, raw := call(t, "GET", tt.env.srv.URL+tt.path, "", nil)
			if status != tt.wantStatus || !strings.Contains(string(raw), tt.wantBody) {
				t.Errorf("status %d body %s, want %d with %s", status, raw, tt.wantStatus, tt.wantBody)
			}
			if hdr.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", hdr.Get("Content-Type"))
			}
		})
	}

	t.Run("cached", func(t *testing.T) {
		env.up.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_SERVING)
		env.gw.ready.ttl = time.Hour
		defer func() { env.gw.ready.ttl = 0 }()
		env.gw.ready.body = nil // force one check now
		if status, _, _ := call(t, "GET", env.srv.URL+"/readyz", "", nil); status != 200 {
			t.Fatalf("status = %d, want 200", status)
		}
		env.up.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_NOT_SERVING)
		if status, _, _ := call(t, "GET", env.srv.URL+"/readyz", "", nil); status != 200 {
			t.Errorf("status = %d, want the cached 200", status)
		}
	})

	t.Run("upstream down", func(t *testing.T) {
		status, hdr, raw := call(t, "GET", down.srv.URL+"/v1/"+nameOK, "", nil)
		if status != http.StatusServiceUnavailable {
			t.Fatalf("status = %d, want 503: %s", status, raw)
		}
		if st := decodeStatus(t, hdr, raw); *st.Code != 14 || strings.Contains(st.Message, "127.0.0.1") {
			t.Errorf("status = %d %q, want 14 UNAVAILABLE without internal addresses", *st.Code, st.Message)
		}
		if ra := hdr.Get("Retry-After"); ra != defaultRetryAfter {
			t.Errorf("Retry-After = %q, want %q on every 503", ra, defaultRetryAfter)
		}
	})
}

func TestRequestTimeout(t *testing.T) {
	env := newTestEnv(t, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond })
	status, hdr, raw := call(t, "GET", env.srv.URL+"/v1/"+nameSlow, "", nil)
	if status != http.StatusGatewayTimeout {
		t.Fatalf("status = %d, want 504: %s", status, raw)
	}
	if st := decodeStatus(t, hdr, raw); *st.Code != 4 {
		t.Errorf("code = %d, want 4 DEADLINE_EXCEEDED", *st.Code)
	}
}

func TestMetrics(t *testing.T) {
	env := newTestEnv(t, nil)
	call(t, "GET", env.srv.URL+"/v1/"+nameOK, "", nil)
	call(t, "GET", env.srv.URL+"/v1/"+nameMissing, "", nil)
	call(t, "GET", env.srv.URL+"/no/such/thing", "", nil)

	rec := httptest.NewRecorder()
	env.gw.MetricsHandler().ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), "GET", "/metrics", nil))
	out := rec.Body.String()
	for _, want := range []string{
		`simpeg_gateway_http_requests_total{code="200",method="GET",route="/v1/{name=employees/*}"} 1`,
		`simpeg_gateway_http_requests_total{code="404",method="GET",route="/v1/{name=employees/*}"} 1`,
		`simpeg_gateway_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`simpeg_gateway_http_request_duration_seconds_bucket{code="200",method="GET",route="/v1/{name=employees/*}",le="+Inf"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(out, "/no/such/thing") {
		t.Error("an unmatched path became a label value")
	}
}

func TestServeShutdown(t *testing.T) {
	tests := []struct {
		name     string
		inFlight bool // a request the service never answers is running at shutdown
		wantErr  bool
	}{
		{name: "idle", wantErr: false},
		{name: "bounded by the shutdown timeout", inFlight: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			up := startUpstream(t)
			cfg := testConfig(up.addr)
			cfg.ShutdownTimeout = 100 * time.Millisecond
			gw, err := New(t.Context(), cfg, nil)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			defer gw.Close()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			base := "http://" + ln.Addr().String()
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- gw.Serve(ctx, ln) }()

			if status, _, _ := call(t, "GET", base+"/healthz", "", nil); status != http.StatusOK {
				t.Fatalf("healthz status = %d", status)
			}
			if tt.inFlight {
				go func() {
					resp, err := http.Get(base + "/v1/" + nameSlow)
					if err == nil {
						discardBody(resp.Body)
					}
				}()
				for n := 0; n == 0; n, _ = up.fake.last() {
					time.Sleep(time.Millisecond) // until the slow call reaches the service
				}
			}
			start := time.Now()
			cancel()
			select {
			case err := <-done:
				if (err != nil) != tt.wantErr {
					t.Errorf("Serve = %v, want error %v", err, tt.wantErr)
				}
				if took := time.Since(start); took > 2*time.Second {
					t.Errorf("shutdown took %s with a 100ms bound", took)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Serve did not return after ctx was cancelled")
			}
		})
	}
}

func TestRunBindsBothAddresses(t *testing.T) {
	up := startUpstream(t)
	free := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().String()
	}
	cfg := testConfig(up.addr)
	cfg.HTTPAddr, cfg.MetricsAddr = free(), free()
	gw, err := New(t.Context(), cfg, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer gw.Close()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()

	get := func(url string) int {
		for range 100 { // the listeners open right after Run starts
			resp, err := http.Get(url)
			if err == nil {
				discardBody(resp.Body)
				return resp.StatusCode
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("%s never answered", url)
		return 0
	}
	if s := get("http://" + cfg.HTTPAddr + "/healthz"); s != 200 {
		t.Errorf("healthz status = %d", s)
	}
	if s := get("http://" + cfg.MetricsAddr + "/metrics"); s != 200 {
		t.Errorf("metrics status = %d", s)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}
