package seed

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

const testToken = "test-token"

// inProgressBody is what the gateway answers, with 409, while a request with the same
// idempotency key still runs.
const inProgressBody = `{"code":6,"message":"a request with this Idempotency-Key is still being processed; retry later",` +
	`"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IDEMPOTENCY_KEY_IN_PROGRESS","domain":"simpeg"}]}`

// fakeGateway implements the three REST endpoints Load calls, decoding the bodies into the
// generated request types and keeping what it is sent. It records anything a real gateway
// would refuse: missing headers, a parent, agency, unit or supervisor that does not exist yet,
// a batch over the size limit, a batch arriving after one of a deeper level.
type fakeGateway struct {
	t *testing.T

	mu         sync.Mutex
	agencies   map[string]*planningv1.Agency
	positions  map[string]*planningv1.Position
	employees  map[string]*planningv1.Employee
	depth      map[string]int // employee → depth in the supervisor tree
	keys       map[string]int // idempotency key → requests carrying it
	batches    []int          // rows per batch request, in arrival order
	posBatches []int          // rows per batch of positions, in arrival order
	maxDepth   int            // deepest batch seen so far
	problems   []string

	// Failure injection.
	rejectNIP       string // reject this row with INVALID_ARGUMENT
	failAgencies    int    // answer agency requests with this status and a long body
	unavailableOnce bool   // answer the first batch request 503
	inProgressOnce  bool   // answer the first agency request 409 IDEMPOTENCY_KEY_IN_PROGRESS
	batchConflict   bool   // answer batch requests 409 ALREADY_EXISTS as a whole
	rejectPosition  string // refuse a batch of positions holding this id with 400, as a whole
}

func newFakeGateway(t *testing.T) (*fakeGateway, *httptest.Server) {
	f := &fakeGateway{
		t:         t,
		agencies:  map[string]*planningv1.Agency{},
		positions: map[string]*planningv1.Position{},
		employees: map[string]*planningv1.Employee{},
		depth:     map[string]int{},
		keys:      map[string]int{},
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeGateway) problem(format string, args ...any) {
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
}

// takeKeys returns the idempotency keys seen so far and forgets them.
func (f *fakeGateway) takeKeys() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := f.keys
	f.keys = map[string]int{}
	return k
}

func (f *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	status, out := f.handle(r, body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// handle answers one request under the lock; the answer is written after it is released, so
// that by the time a client sees a response the server's state is settled.
func (f *fakeGateway) handle(r *http.Request, body []byte) (int, []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := r.Header.Get("Idempotency-Key")
	if r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer "+testToken ||
		r.Header.Get("Content-Type") != "application/json" || key == "" {
		f.problem("%s %s: method or headers wrong: %v", r.Method, r.URL, r.Header)
		return http.StatusUnauthorized, []byte(`{"code":16,"message":"unauthenticated"}`)
	}
	f.keys[key]++
	switch r.URL.Path {
	case "/v1/agencies":
		return f.createAgency(body)
	case "/v1/positions:batchCreate":
		return f.createPositions(body)
	case "/v1/employees:batchCreate":
		return f.batchCreate(body)
	}
	f.problem("unexpected path %s", r.URL.Path)
	return http.StatusNotFound, []byte(`{"code":5,"message":"not found"}`)
}

func (f *fakeGateway) createAgency(body []byte) (int, []byte) {
	if f.inProgressOnce {
		f.inProgressOnce = false
		return http.StatusConflict, []byte(inProgressBody)
	}
	if f.failAgencies != 0 {
		return f.failAgencies, []byte(`{"code":13,"message":"` + strings.Repeat("x", 5000) + `"}`)
	}
	a := &planningv1.Agency{}
	if err := protojson.Unmarshal(body, a); err != nil {
		f.problem("agency body %q: %v", body, err)
		return http.StatusBadRequest, []byte(`{"code":3,"message":"bad body"}`)
	}
	if p := a.GetParent(); p != "" && f.agencies[p] == nil {
		f.problem("agency %s arrived before its parent %s", a.GetCode(), p)
	}
	if f.agencies[a.GetCode()] != nil {
		return http.StatusConflict, []byte(`{"code":6,"message":"agency already exists"}`)
	}
	f.agencies[a.GetCode()] = a
	return marshal(a)
}

// createPositions is the positions' batch: all or nothing, rows already there reported.
func (f *fakeGateway) createPositions(body []byte) (int, []byte) {
	req := &planningv1.BatchCreatePositionsRequest{}
	if err := protojson.Unmarshal(body, req); err != nil {
		f.problem("positions body %q: %v", body, err)
		return http.StatusBadRequest, []byte(`{"code":3,"message":"bad body"}`)
	}
	rows := req.GetRequests()
	if len(rows) == 0 || len(rows) > MaxBatchSize {
		f.problem("batch of %d positions", len(rows))
	}
	for i, r := range rows {
		if r.GetPositionId() == f.rejectPosition {
			return http.StatusBadRequest, []byte(fmt.Sprintf(`{"code":3,"message":"invalid request: requests[%d].position.title: must be 3-200 characters"}`, i))
		}
	}
	f.posBatches = append(f.posBatches, len(rows))
	out := &planningv1.BatchCreatePositionsResponse{}
	for i, r := range rows {
		id, p := r.GetPositionId(), r.GetPosition()
		if id == "" || id != p.GetId() {
			f.problem("position row id %q, body id %q", id, p.GetId())
		}
		if f.agencies[p.GetAgency()] == nil || (p.GetUnit() != "" && f.agencies[p.GetUnit()] == nil) {
			f.problem("position %s arrived before its agency or unit", id)
		}
		if f.positions[id] != nil {
			out.Errors = append(out.Errors, &planningv1.PositionRowError{Index: int32(i), PositionId: id, Code: "ALREADY_EXISTS", Message: "position already exists"})
			continue
		}
		f.positions[id] = p
		out.Positions = append(out.Positions, p)
	}
	return marshal(out)
}

func (f *fakeGateway) batchCreate(body []byte) (int, []byte) {
	if f.batchConflict {
		return http.StatusConflict, []byte(`{"code":6,"message":"conflict"}`)
	}
	if f.unavailableOnce {
		f.unavailableOnce = false
		return http.StatusServiceUnavailable, []byte("upstream restarting")
	}
	req := &planningv1.BatchCreateEmployeesRequest{}
	if err := protojson.Unmarshal(body, req); err != nil {
		f.problem("batch body: %v", err)
		return http.StatusBadRequest, []byte(`{"code":3,"message":"bad body"}`)
	}
	rows := req.GetRequests()
	if len(rows) == 0 || len(rows) > MaxBatchSize {
		f.problem("batch of %d rows", len(rows))
	}
	f.batches = append(f.batches, len(rows))
	out := &planningv1.BatchCreateEmployeesResponse{}
	batchDepth := -1
	for i, row := range rows {
		e := row.GetEmployee()
		if e.GetNip() == f.rejectNIP {
			out.Errors = append(out.Errors, &planningv1.RowError{
				Index: int32(i), Nip: e.GetNip(), Code: "INVALID_ARGUMENT", Message: "birth date does not match the NIP",
				FieldViolations: []*planningv1.FieldViolation{{Field: "employee.birth_date", Description: "must be 1990-01-01"}},
			})
			continue
		}
		if f.employees[e.GetNip()] != nil {
			out.Errors = append(out.Errors, &planningv1.RowError{Index: int32(i), Nip: e.GetNip(), Code: "ALREADY_EXISTS", Message: "employee already exists"})
			continue
		}
		if f.positions[e.GetPosition()] == nil {
			f.problem("employee %s names position %s, not created yet", e.GetNip(), e.GetPosition())
		}
		d := 0
		if s := e.GetSupervisor(); s != "" {
			sd, ok := f.depth[s]
			if !ok {
				f.problem("employee %s arrived before its supervisor %s", e.GetNip(), s)
			}
			d = sd + 1
		}
		if batchDepth >= 0 && d != batchDepth {
			f.problem("batch mixes depths %d and %d", batchDepth, d)
		}
		batchDepth = d
		f.employees[e.GetNip()] = e
		f.depth[e.GetNip()] = d
		out.Employees = append(out.Employees, e)
	}
	if batchDepth >= 0 {
		if batchDepth < f.maxDepth {
			f.problem("a batch of depth %d arrived after one of depth %d", batchDepth, f.maxDepth)
		}
		f.maxDepth = max(f.maxDepth, batchDepth)
	}
	return marshal(out)
}

func marshal(m proto.Message) (int, []byte) {
	b, err := protojson.Marshal(m)
	if err != nil {
		return http.StatusInternalServerError, []byte(err.Error())
	}
	return http.StatusOK, b
}

// subset keeps the agencies with the given codes, with their units, positions and employees.
// It keeps SETDA so that every head still has the Sekretaris Daerah above them.
func subset(d *Dataset, codes ...string) *Dataset {
	return Subset(d, append(codes, "SETDA")...)
}

func TestLoadFullDatasetTwice(t *testing.T) {
	d := dataset(t)
	f, srv := newFakeGateway(t)
	var progress bytes.Buffer
	opts := LoadOptions{BaseURL: srv.URL + "/", Token: testToken, Dataset: d, Progress: &progress}

	st, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := Stats{Agencies: len(d.Agencies), Positions: len(d.Positions), Employees: EmployeeCount}
	if st.Agencies != want.Agencies || st.Positions != want.Positions || st.Employees != want.Employees || st.AlreadyPresent != 0 || st.Duration <= 0 {
		t.Fatalf("first run stats = %+v, want %+v", st, want)
	}
	t.Logf("first run: %+v", st)
	if len(f.problems) > 0 {
		t.Fatalf("%d problems, first: %s", len(f.problems), strings.Join(f.problems[:min(5, len(f.problems))], "\n"))
	}
	if len(f.agencies) != len(d.Agencies) || len(f.positions) != len(d.Positions) || len(f.employees) != EmployeeCount {
		t.Fatalf("server holds %d agencies, %d positions, %d employees", len(f.agencies), len(f.positions), len(f.employees))
	}
	for _, e := range d.Employees {
		if got := f.employees[e.GetNip()]; !proto.Equal(got, e) {
			t.Fatalf("employee %s arrived as %v, want %v", e.GetNip(), got, e)
		}
	}
	for _, n := range f.batches {
		if n > DefaultBatchSize {
			t.Errorf("a batch of %d rows exceeds %d", n, DefaultBatchSize)
		}
	}
	first := f.takeKeys()
	for _, n := range f.posBatches {
		if n > DefaultBatchSize {
			t.Errorf("a batch of %d positions exceeds %d", n, DefaultBatchSize)
		}
	}
	if want := (len(d.Positions) + DefaultBatchSize - 1) / DefaultBatchSize; len(f.posBatches) != want {
		t.Errorf("%d batches of positions for %d positions, want %d", len(f.posBatches), len(d.Positions), want)
	}
	if n := len(d.Agencies) + len(f.posBatches) + len(f.batches); len(first) != n {
		t.Errorf("%d distinct idempotency keys for %d requests; want one each", len(first), n)
	}
	for k, n := range first {
		if n != 1 {
			t.Errorf("idempotency key %s sent %d times", k, n)
		}
	}
	out := progress.String()
	for _, s := range []string{"\ragencies", "\rpositions", "\remployees", fmt.Sprintf("%d/%d", EmployeeCount, EmployeeCount), "100.0%", "/s"} {
		if !strings.Contains(out, s) {
			t.Errorf("progress output lacks %q:\n%q", s, out[max(0, len(out)-400):])
		}
	}

	// A second run finds everything in place: nothing is created, nothing fails, and every
	// request carries the same key as the first time.
	opts.Progress = nil
	st, err = Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	total := len(d.Agencies) + len(d.Positions) + EmployeeCount
	if st.Agencies != 0 || st.Positions != 0 || st.Employees != 0 || st.AlreadyPresent != total {
		t.Fatalf("second run stats = %+v, want everything already present (%d)", st, total)
	}
	second := f.takeKeys()
	if !maps.Equal(first, second) {
		t.Errorf("idempotency keys changed between runs: %d vs %d keys", len(first), len(second))
	}
	if len(f.problems) > 0 {
		t.Fatalf("second run: %s", f.problems[0])
	}
}

func TestLoadBatchSizeAndKeysStable(t *testing.T) {
	d := subset(dataset(t), "DISKOMINFO", "KEC-MEDAN-BARU", "DINKES")
	levels, err := d.Levels()
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for _, l := range levels {
		for lo := 0; lo < len(l); lo += 300 {
			want = append(want, min(300, len(l)-lo))
		}
	}
	var keys []map[string]int
	for range 2 {
		f, srv := newFakeGateway(t)
		st, err := Load(context.Background(), LoadOptions{BaseURL: srv.URL, Token: testToken, Dataset: d, BatchSize: 300, Concurrency: 3})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if st.Employees != len(d.Employees) || len(f.problems) > 0 {
			t.Fatalf("stats %+v, problems %v", st, f.problems)
		}
		got := slices.Clone(f.batches)
		slices.Sort(got)
		w := slices.Clone(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Fatalf("batch sizes %v, want %v", got, w)
		}
		keys = append(keys, f.takeKeys())
	}
	if !maps.Equal(keys[0], keys[1]) {
		t.Error("two fresh runs of the same data set used different idempotency keys")
	}
}

func TestLoadFailures(t *testing.T) {
	d := subset(dataset(t), "DISKOMINFO")
	var staff *planningv1.Employee
	for _, e := range d.Employees {
		if e.GetAgency() == "DISKOMINFO" && !strings.HasSuffix(e.GetPosition(), "-kepala") {
			staff = e
			break
		}
	}
	tests := []struct {
		name   string
		setup  func(f *fakeGateway)
		want   []string
		reject []string
	}{
		{
			name:  "row rejected",
			setup: func(f *fakeGateway) { f.rejectNIP = staff.GetNip() },
			want:  []string{"create employees (level 3", "1 of", "rows rejected", "NIP " + staff.GetNip(), "INVALID_ARGUMENT", "birth date does not match", "employee.birth_date: must be 1990-01-01"},
		},
		{
			name:   "server error is quoted, truncated",
			setup:  func(f *fakeGateway) { f.failAgencies = http.StatusInternalServerError },
			want:   []string{"create agency ", "POST /v1/agencies", "500 Internal Server Error", `{"code":13,"message":"xxx`, "…(truncated)"},
			reject: []string{strings.Repeat("x", errorBodyLimit+1)},
		},
		{
			name:  "409 on a batch is not taken as present",
			setup: func(f *fakeGateway) { f.batchConflict = true },
			want:  []string{"create employees (level 0, batch 1 of 1", "409 Conflict"},
		},
		{
			name:  "a bad position fails its batch",
			setup: func(f *fakeGateway) { f.rejectPosition = d.Positions[len(d.Positions)-1].GetId() },
			want:  []string{"create positions (batch 1 of 1", "POST /v1/positions:batchCreate", "400 Bad Request", "position.title: must be 3-200 characters"},
		},
		{
			name:  "forbidden",
			setup: func(f *fakeGateway) { f.failAgencies = http.StatusForbidden },
			want:  []string{"create agency ", "403 Forbidden"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeGateway(t)
			tt.setup(f)
			_, err := Load(context.Background(), LoadOptions{BaseURL: srv.URL, Token: testToken, Dataset: d})
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			msg := err.Error()
			for _, s := range tt.want {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q lacks %q", msg, s)
				}
			}
			for _, s := range tt.reject {
				if strings.Contains(msg, s) {
					t.Errorf("error is %d bytes long; the body should be cut at %d", len(msg), errorBodyLimit)
				}
			}
		})
	}
}

func TestLoadRetriesTransientFailure(t *testing.T) {
	d := subset(dataset(t), "DISKOMINFO")
	tests := []struct {
		name  string
		setup func(f *fakeGateway)
	}{
		{"503 on a batch", func(f *fakeGateway) { f.unavailableOnce = true }},
		{"409 key in progress on an agency", func(f *fakeGateway) { f.inProgressOnce = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeGateway(t)
			tt.setup(f)
			st, err := Load(context.Background(), LoadOptions{BaseURL: srv.URL, Token: testToken, Dataset: d, Concurrency: 1})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if st.Agencies != len(d.Agencies) || st.Employees != len(d.Employees) || st.AlreadyPresent != 0 {
				t.Fatalf("stats %+v, want everything created", st)
			}
			retried := 0
			for _, n := range f.takeKeys() {
				if n == 2 {
					retried++
				}
			}
			if retried != 1 {
				t.Errorf("%d keys were sent twice, want the one retried request", retried)
			}
		})
	}
}

func TestLoadPartlyPresent(t *testing.T) {
	d := subset(dataset(t), "DISKOMINFO")
	f, srv := newFakeGateway(t)
	// Someone created the head of Diskominfo and one unit by hand before the seed ran.
	for _, a := range d.Agencies {
		if a.GetCode() == "SETDA" || a.GetCode() == "DISKOMINFO" || a.GetCode() == "DISKOMINFO-B2" {
			f.agencies[a.GetCode()] = a
		}
	}
	present := 4
	f.positions["diskominfo-kepala"] = &planningv1.Position{Id: "diskominfo-kepala"}
	for _, e := range d.Employees {
		if e.GetPosition() == "diskominfo-kepala" {
			f.employees[e.GetNip()] = e
			f.depth[e.GetNip()] = 1
			present++
		}
	}
	f.depth[d.Employees[0].GetNip()] = 0 // the Sekretaris Daerah is sent by the load itself
	st, err := Load(context.Background(), LoadOptions{BaseURL: srv.URL, Token: testToken, Dataset: d})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if st.AlreadyPresent != present || st.Agencies != len(d.Agencies)-3 || st.Positions != len(d.Positions)-1 || st.Employees != len(d.Employees)-1 {
		t.Fatalf("stats %+v, want %d already present", st, present)
	}
}

func TestLoadOptionsChecked(t *testing.T) {
	d := &Dataset{}
	tests := []struct {
		name string
		opts LoadOptions
		want string
	}{
		{"no data set", LoadOptions{BaseURL: "http://x", Token: "t"}, "no data set"},
		{"no token", LoadOptions{BaseURL: "http://x", Dataset: d}, "token"},
		{"no base URL", LoadOptions{Token: "t", Dataset: d}, "base URL"},
		{"not http", LoadOptions{BaseURL: "ftp://x", Token: "t", Dataset: d}, "base URL"},
		{"batch too big", LoadOptions{BaseURL: "http://x", Token: "t", Dataset: d, BatchSize: 1001}, "batch size 1001"},
		{"negative concurrency", LoadOptions{BaseURL: "http://x", Token: "t", Dataset: d, Concurrency: -1}, "concurrency -1"},
		{"supervisor cycle", LoadOptions{BaseURL: "http://x", Token: "t", Dataset: &Dataset{Employees: []*planningv1.Employee{
			{Nip: "1", Supervisor: "2"}, {Nip: "2", Supervisor: "1"},
		}}}, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load() error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestLoadStopsOnCancel(t *testing.T) {
	d := subset(dataset(t), "DISKOMINFO")
	_, srv := newFakeGateway(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, LoadOptions{BaseURL: srv.URL, Token: testToken, Dataset: d}); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("Load() error = %v, want context canceled", err)
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	clock := []int64{0}
	p.now = func() time.Time { return time.Unix(0, clock[0]) }
	p.begin("employees", 200)
	clock[0] = int64(50 * time.Millisecond)
	p.add(10) // too soon to redraw
	clock[0] = int64(time.Second)
	p.add(90)
	p.end()
	got := buf.String()
	lines := strings.Split(got, "\r")
	if len(lines) != 4 || !strings.HasSuffix(got, "\n") {
		t.Fatalf("got %d redraws in %q, want 3 and a final newline", len(lines)-1, got)
	}
	if want := "employees [############............]    100/200     50.0%     100/s    1.0s"; !strings.Contains(lines[2], want) {
		t.Errorf("line %q, want %q", lines[2], want)
	}
	var nilProgress *progress
	nilProgress.begin("x", 1)
	nilProgress.add(1)
	nilProgress.end()
	if newProgress(nil) != nil {
		t.Error("newProgress(nil) should be silent")
	}
}
