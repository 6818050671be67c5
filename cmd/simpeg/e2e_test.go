package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// suite is a running all-in-one deployment for a test.
type suite struct {
	*Suite
	base   string
	signer *auth.Signer
	js     jetstream.JetStream
	prefix string
}

// startSuite runs the whole suite in the test process: on SQLite with an embedded NATS, or on a
// fresh PostgreSQL database with the NATS of SIMPEG_TEST_NATS_URL.
func startSuite(t testing.TB, engine testenv.Engine) *suite {
	t.Helper()
	natsURL, database := "", func(string) string { return "" }
	if engine == testenv.Postgres {
		natsURL = testenv.NATS(t)
		database = func(string) string { return testenv.DatabaseURL(t, engine) }
	}
	return runSuite(t, suiteArgs(t, natsURL, database), nil)
}

// suiteArgs are the flags of a suite for a test: its own data directory, free ports, no metrics,
// NATS at natsURL (with a prefix of the test's own; empty runs the embedded server) and each
// service's database from database (empty: an SQLite file under the data directory).
func suiteArgs(t testing.TB, natsURL string, database func(service string) string) []string {
	t.Helper()
	args := []string{"--data-dir=" + t.TempDir(), "--embedded-nats-addr=127.0.0.1:0", "--http-addr=127.0.0.1:0", "--gateway-metrics-addr=",
		"--max-body-bytes=1048576", "--request-timeout=10s", "--log-level=error", "--shutdown-timeout=5s",
		"--auth-issuer=simpeg-local", "--auth-audience=simpeg", "--auth-jwks-url=", "--nats-url=" + natsURL, "--nats-prefix="}
	if natsURL != "" {
		args = append(args, "--nats-prefix="+testenv.Prefix(t, natsURL))
	}
	for _, newService := range services {
		name := newService().Spec().Name
		args = append(args, "--"+name+"-grpc-addr=127.0.0.1:0", "--"+name+"-metrics-addr=", "--"+name+"-database-url="+database(name))
	}
	return args
}

// runSuite starts the suite with args in the test process and stops it when t ends, calling
// beforeStop first (a fault test restores what it cut). It returns once /readyz answers 200.
func runSuite(t testing.TB, args []string, beforeStop func()) *suite {
	t.Helper()
	cfg, _, err := loadSettings("test", args)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	addObserver(t, cfg)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	log := slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	s, err := start(ctx, log, cfg)
	if err != nil {
		cancel()
		t.Fatalf("starting the suite: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- s.gateway.Serve(ctx, s.httpLn) }()
	t.Cleanup(func() {
		if beforeStop != nil {
			beforeStop()
		}
		cancel()
		<-served
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		if err := s.stop(sctx, log); err != nil {
			t.Errorf("stopping the suite: %v", err)
		}
	})
	signer, err := auth.LoadOrCreateSigner(cfg.KeyFile(), cfg.Auth.Issuer, cfg.Auth.Audience)
	if err != nil {
		t.Fatal(err)
	}
	_, js := observe(t, s)
	st := &suite{Suite: s, base: "http://" + s.HTTPAddr(), signer: signer, js: js, prefix: cfg.NATSPrefix}
	// Ready means the gateway sees the services as serving.
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(st.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the suite did not become ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return st
}

func (s *suite) token(t testing.TB, role auth.Role, agency, sub string) string {
	t.Helper()
	if sub == "" {
		sub = string(role) + "-user"
	}
	return testenv.Token(t, s.signer, auth.Principal{Subject: sub, Roles: []auth.Role{role}, Agency: agency})
}

type reply struct {
	status int
	body   map[string]any
	raw    []byte
	header http.Header
}

func (s *suite) do(t testing.TB, method, path, token string, body any, headers ...string) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, raw: raw, header: resp.Header}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (r reply) want(t testing.TB, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.raw)
	}
	return r
}

// fieldViolation reports whether a google.rpc.Status JSON body names field in a BadRequest.
func (r reply) fieldViolation(field string) bool {
	details, _ := r.body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		vs, _ := m["fieldViolations"].([]any)
		for _, v := range vs {
			if fv, _ := v.(map[string]any); fv["field"] == field {
				return true
			}
		}
	}
	return false
}

const (
	headNIP  = "197203152000031002"
	staffNIP = "198609262015051001"
	traceID  = "4bf92f3577b34da6a3ce929d0e0e4736"
)

func TestEndToEnd(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")

			// Agency, unit, position and two employees through REST.
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DINKES", "displayName": "Dinas Kesehatan", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO-APTIKA", "displayName": "Bidang Aplikasi Informatika", "kind": "AGENCY_KIND_UNIT", "parent": "DISKOMINFO"}).want(t, 200)
			pos := s.do(t, "POST", "/v1/positions?positionId=kominfo-prakom", cityHR, map[string]any{"title": "Pranata Komputer Ahli Muda", "kind": "POSITION_KIND_FUNCTIONAL", "class": 9, "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "neededHeadcount": 4,
				"competencyStandards": []map[string]any{{"competency": "technical:network-administration", "level": 3}, {"competency": "socio-cultural:public-service-ethics"}}}).want(t, 200)
			if pos.body["name"] != "positions/kominfo-prakom" || fmt.Sprint(pos.body["requiredCompetencies"]) != "[technical:network-administration socio-cultural:public-service-ethics]" {
				t.Fatalf("position = %s", pos.raw)
			}
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
			created := s.do(t, "POST", "/v1/employees", cityHR,
				map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "backTitle": "S.Kom.", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO", "unit": "DISKOMINFO-APTIKA", "position": "kominfo-prakom", "supervisor": headNIP},
				"traceparent", "00-"+traceID+"-00f067aa0ba902b7-01").want(t, 200)
			if created.body["birthDate"] != "1986-09-26" || created.body["sex"] != "SEX_MALE" || created.body["displayName"] != "Budi Santoso, S.Kom." {
				t.Fatalf("created employee = %s", created.raw)
			}

			// Read it back over gRPC.
			conn, err := grpc.NewClient(s.Runtime("planning").Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			client := planningv1.NewPlanningServiceClient(conn)
			gctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+cityHR)
			got, err := client.GetEmployee(gctx, &planningv1.GetEmployeeRequest{Name: "employees/" + staffNIP})
			if err != nil {
				t.Fatalf("GetEmployee over gRPC: %v", err)
			}
			if e := got.GetEmployee(); e.GetSupervisor() != headNIP || e.GetUnit() != "DISKOMINFO-APTIKA" || len(e.GetHistory()) != 1 || e.GetEtag() != created.body["etag"] {
				t.Fatalf("employee over gRPC = %v", e)
			}

			// The event arrives on JetStream with the request's trace id.
			t.Run("event carries the trace", func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				cons, err := s.js.OrderedConsumer(ctx, s.Runtime("planning").StreamName(), jetstream.OrderedConsumerConfig{FilterSubjects: []string{s.prefix + "simpeg.planning.employee.created"}})
				if err != nil {
					t.Fatal(err)
				}
				for {
					msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
					if err != nil {
						t.Fatalf("waiting for employee.created: %v", err)
					}
					var ev planningv1.EmployeeCreated
					if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
						t.Fatal(err)
					}
					if ev.GetEmployee().GetNip() != staffNIP {
						continue
					}
					if tp := msg.Headers().Get("traceparent"); !strings.Contains(tp, traceID) {
						t.Fatalf("traceparent %q does not carry trace %s", tp, traceID)
					}
					if msg.Headers().Get("Simpeg-Event-Type") != "simpeg.planning.v1.EmployeeCreated" || msg.Headers().Get("Nats-Msg-Id") == "" {
						t.Fatalf("headers = %v", msg.Headers())
					}
					return
				}
			})

			t.Run("errors", func(t *testing.T) {
				otherHR := s.token(t, auth.RoleAgencyHR, "DINKES", "hr-dinkes")
				self := s.token(t, auth.RoleEmployee, "DISKOMINFO", staffNIP)
				tests := []struct {
					name   string
					method string
					path   string
					token  string
					body   any
					status int
					field  string
				}{
					{"no token", "GET", "/v1/employees/" + staffNIP, "", nil, 401, ""},
					{"bad token", "GET", "/v1/employees/" + staffNIP, "not-a-jwt", nil, 401, ""},
					{"other agency", "GET", "/v1/employees/" + staffNIP, otherHR, nil, 403, ""},
					{"employee reads own record", "GET", "/v1/employees/" + staffNIP, self, nil, 200, ""},
					{"employee reads boss", "GET", "/v1/employees/" + headNIP, self, nil, 403, ""},
					{"employee may not create", "POST", "/v1/agencies", self, map[string]any{"code": "X1", "displayName": "Xyz", "kind": "AGENCY_KIND_DINAS"}, 403, ""},
					{"bad NIP", "POST", "/v1/employees", cityHR, map[string]any{"nip": "198609262015051000", "fullName": "Bad Sequence", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO"}, 400, "employee.nip"},
					{"NIP not 18 digits", "POST", "/v1/employees", cityHR, map[string]any{"nip": "12345", "fullName": "Short", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO"}, 400, "employee.nip"},
					{"sex contradicts NIP", "POST", "/v1/employees", cityHR, map[string]any{"nip": "199001312019032002", "fullName": "Siti", "sex": "SEX_MALE", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO"}, 400, "employee.sex"},
					{"malformed JSON", "POST", "/v1/employees", cityHR, `{"nip": `, 400, ""},
					{"competency standards and names", "POST", "/v1/positions", cityHR, map[string]any{"title": "Analis Data", "kind": "POSITION_KIND_FUNCTIONAL", "class": 9, "agency": "DISKOMINFO",
						"competencyStandards": []map[string]any{{"competency": "technical:data-analysis", "level": 3}}, "requiredCompetencies": []string{"technical:data-analysis"}}, 400, "position.required_competencies"},
					{"competency level 6", "POST", "/v1/positions", cityHR, map[string]any{"title": "Analis Data", "kind": "POSITION_KIND_FUNCTIONAL", "class": 9, "agency": "DISKOMINFO",
						"competencyStandards": []map[string]any{{"competency": "technical:data-analysis", "level": 6}}}, 400, "position.competency_standards[0].level"},
					{"unknown field", "POST", "/v1/employees", cityHR, map[string]any{"nipp": staffNIP}, 400, ""},
					{"not found", "GET", "/v1/employees/197001011995031001", cityHR, nil, 404, ""},
					{"bad name", "GET", "/v1/employees/123", cityHR, nil, 400, "name"},
					{"duplicate NIP", "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO"}, 409, ""},
					{"stale etag", "PATCH", "/v1/employees/" + staffNIP + "?updateMask=rank", cityHR, map[string]any{"rank": "III/d", "etag": "v99"}, 412, ""},
					{"oversized body", "POST", "/v1/employees", cityHR, `{"fullName":"` + strings.Repeat("x", 2<<20) + `"}`, 413, ""},
				}
				for _, tt := range tests {
					t.Run(tt.name, func(t *testing.T) {
						r := s.do(t, tt.method, tt.path, tt.token, tt.body).want(t, tt.status)
						if tt.status >= 400 && r.body["message"] == nil {
							t.Errorf("error body is not a JSON status: %s", r.raw)
						}
						if tt.field != "" && !r.fieldViolation(tt.field) {
							t.Errorf("body does not name field %q: %s", tt.field, r.raw)
						}
					})
				}
			})

			t.Run("idempotency", func(t *testing.T) {
				body := map[string]any{"nip": "199001312019032002", "fullName": "Siti Aminah", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO", "supervisor": headNIP}
				first := s.do(t, "POST", "/v1/employees", cityHR, body, "Idempotency-Key", "import-42").want(t, 200)
				again := s.do(t, "POST", "/v1/employees", cityHR, body, "Idempotency-Key", "import-42").want(t, 200)
				if !bytes.Equal(first.raw, again.raw) {
					t.Fatalf("retry answered differently:\n%s\n%s", first.raw, again.raw)
				}
				body["fullName"] = "Someone Else"
				s.do(t, "POST", "/v1/employees", cityHR, body, "Idempotency-Key", "import-42").want(t, 422)
			})

			t.Run("update, transfer and audit", func(t *testing.T) {
				cur := s.do(t, "GET", "/v1/employees/"+staffNIP, cityHR, nil).want(t, 200)
				up := s.do(t, "PATCH", "/v1/employees/"+staffNIP+"?updateMask=rank", cityHR, map[string]any{"rank": "III/d", "etag": cur.body["etag"]}).want(t, 200)
				if up.body["rank"] != "III/d" {
					t.Fatalf("updated = %s", up.raw)
				}
				s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": "198103102006042003", "fullName": "Rina Siregar", "frontTitle": "dr.", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/b", "agency": "DINKES"}).want(t, 200)
				tr := s.do(t, "POST", "/v1/employees/"+staffNIP+":transfer", cityHR, map[string]any{"agency": "DINKES", "supervisor": "198103102006042003", "effectiveDate": "2027-01-02", "reason": "SK 800/123"}).want(t, 200)
				// Dated ahead: DISKOMINFO until 2027-01-02, the DINKES posting pending (issue 8 item 5).
				if tr.body["agency"] != "DISKOMINFO" || len(tr.body["history"].([]any)) != 2 {
					t.Fatalf("transferred = %s", tr.raw)
				}
				auditor := s.token(t, auth.RoleAuditor, "", "inspektorat")
				recs := s.do(t, "GET", "/v1/planning/auditRecords?resource=employees/"+staffNIP, auditor, nil).want(t, 200)
				list, _ := recs.body["records"].([]any)
				if len(list) != 3 {
					t.Fatalf("audit records = %s", recs.raw)
				}
				newest := list[0].(map[string]any)
				if newest["actor"] != "bkpsdm" || !strings.HasSuffix(newest["action"].(string), "/TransferEmployee") {
					t.Fatalf("newest audit record = %v", newest)
				}
				s.do(t, "GET", "/v1/planning/auditRecords", s.token(t, auth.RoleAgencyHR, "DINKES", ""), nil).want(t, 403)
			})

			t.Run("list and search", func(t *testing.T) {
				r := s.do(t, "GET", "/v1/employees?agency=DISKOMINFO&query=aminah", cityHR, nil).want(t, 200)
				es, _ := r.body["employees"].([]any)
				if len(es) != 1 {
					t.Fatalf("search = %s", r.raw)
				}
				sup := s.token(t, auth.RoleSupervisor, "DISKOMINFO", headNIP)
				r = s.do(t, "GET", "/v1/employees", sup, nil).want(t, 200)
				es, _ = r.body["employees"].([]any)
				if len(es) != 2 { // the head and Siti; Budi moved to DINKES under another supervisor
					t.Fatalf("supervisor's list = %s", r.raw)
				}
			})
		})
	}
}

func TestTokenCommandRoles(t *testing.T) {
	tests := []struct {
		args []string
		ok   bool
	}{
		{[]string{"--role", "city-hr"}, true},
		{[]string{"--role", "agency-hr"}, false},
		{[]string{"--role", "agency-hr", "--agency", "DINKES"}, true},
		{[]string{"--role", "mayor"}, false},
		{[]string{}, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.args), func(t *testing.T) {
			err := tokenCmd(append(tt.args, "--data-dir", t.TempDir()))
			if (err == nil) != tt.ok {
				t.Fatalf("tokenCmd(%v) = %v, want ok=%v", tt.args, err, tt.ok)
			}
		})
	}
}
