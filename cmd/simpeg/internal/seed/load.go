package seed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Defaults and limits of Load.
const (
	// DefaultConcurrency is the number of requests Load keeps in flight when not told.
	DefaultConcurrency = 4
	// DefaultBatchSize is the number of employees per batch request when not told.
	DefaultBatchSize = MaxBatchSize
	// MaxBatchSize is the most employees, or positions, the API accepts in one batch request.
	MaxBatchSize = 1000
)

// Retry policy for transient failures (connection errors, 429, 502, 503, 504, and 409 with
// reason IDEMPOTENCY_KEY_IN_PROGRESS). Every request carries an idempotency key, so a retry
// never creates anything twice.
const (
	maxAttempts  = 4
	retryBackoff = 200 * time.Millisecond
)

// errorBodyLimit is how much of an error response Load quotes; errorReadLimit is how much it
// reads to find the reason.
const (
	errorBodyLimit = 1 << 10
	errorReadLimit = 64 << 10
)

// maxRetryAfter caps the wait a Retry-After header may ask for.
const maxRetryAfter = 30 * time.Second

// rowErrorsShown is how many rejected rows of a batch an error message lists.
const rowErrorsShown = 5

// LoadOptions says where and how to load a data set.
type LoadOptions struct {
	// BaseURL is the gateway's address, e.g. "http://localhost:8080". Required.
	BaseURL string
	// Token is the bearer token sent on every request (city HR). Required.
	Token string
	// Dataset is the data set to load. Required.
	Dataset *Dataset
	// Progress receives a progress line rewritten in place; nil means silent.
	Progress io.Writer
	// Concurrency is the number of requests in flight; DefaultConcurrency when zero.
	Concurrency int
	// BatchSize is the number of employees (and of positions) per batch request, at most MaxBatchSize;
	// DefaultBatchSize when zero.
	BatchSize int
	// HTTPClient sends the requests; when nil, Load uses a client of its own with keep-alive
	// and enough idle connections for the concurrency.
	HTTPClient *http.Client
}

// Stats counts what Load did.
type Stats struct {
	// Agencies, Positions and Employees are the records created by this run.
	Agencies  int
	Positions int
	Employees int
	// AlreadyPresent counts records of any type that existed before (HTTP 409 or row code
	// ALREADY_EXISTS) and were left as they are.
	AlreadyPresent int
	// Duration is the wall time of the load.
	Duration time.Duration
}

// Load sends opts.Dataset to the gateway's REST API: the agencies level by level (top-level
// first, then units), then the positions in batches, then the employees in batches, supervisors'
// level before their subordinates'. Requests inside a level run concurrently. Records that
// already exist are counted in Stats.AlreadyPresent and are not an error, so loading twice is
// harmless; any other rejection stops the load and is returned with the request it concerns.
// On error the returned Stats count what was done until then.
func Load(ctx context.Context, opts LoadOptions) (Stats, error) {
	start := time.Now()
	l, err := newLoader(opts)
	if err != nil {
		return Stats{}, err
	}
	defer l.close()
	err = l.run(ctx)
	st := Stats{
		Agencies:       int(l.agencies.Load()),
		Positions:      int(l.positions.Load()),
		Employees:      int(l.employees.Load()),
		AlreadyPresent: int(l.present.Load()),
		Duration:       time.Since(start),
	}
	return st, err
}

// loader is the state of one Load.
type loader struct {
	base    string
	token   string
	d       *Dataset
	workers int
	batch   int
	client  *http.Client
	owned   bool // whether client is ours to close
	prog    *progress

	agencies, positions, employees, present atomic.Int64
}

// newLoader checks opts and builds a loader.
func newLoader(opts LoadOptions) (*loader, error) {
	if opts.Dataset == nil {
		return nil, errors.New("seed: no data set to load")
	}
	if opts.Token == "" {
		return nil, errors.New("seed: a bearer token is required")
	}
	u, err := url.Parse(opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("seed: base URL %q is not an http(s) URL", opts.BaseURL)
	}
	l := &loader{
		base:    strings.TrimRight(opts.BaseURL, "/"),
		token:   opts.Token,
		d:       opts.Dataset,
		workers: opts.Concurrency,
		batch:   opts.BatchSize,
		client:  opts.HTTPClient,
		prog:    newProgress(opts.Progress),
	}
	switch {
	case l.workers < 0:
		return nil, fmt.Errorf("seed: concurrency %d is negative", l.workers)
	case l.workers == 0:
		l.workers = DefaultConcurrency
	}
	switch {
	case l.batch < 0 || l.batch > MaxBatchSize:
		return nil, fmt.Errorf("seed: batch size %d is outside 1 to %d", l.batch, MaxBatchSize)
	case l.batch == 0:
		l.batch = DefaultBatchSize
	}
	if l.client == nil {
		l.client, l.owned = newHTTPClient(l.workers), true
	}
	return l, nil
}

// newHTTPClient returns a keep-alive client that keeps enough idle connections for
// workers requests in flight.
func newHTTPClient(workers int) *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if ok {
		t = t.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.MaxIdleConns = 2*workers + 4
	t.MaxIdleConnsPerHost = 2*workers + 4
	t.IdleConnTimeout = 90 * time.Second
	return &http.Client{Transport: t, Timeout: 5 * time.Minute}
}

// close releases the idle connections of a client Load created.
func (l *loader) close() {
	if l.owned {
		l.client.CloseIdleConnections()
	}
}

// run loads the three kinds of record in order.
func (l *loader) run(ctx context.Context) error {
	levels, err := l.d.Levels()
	if err != nil {
		return fmt.Errorf("seed: order employees: %w", err)
	}
	agencyLevels, err := agencyLevels(l.d.Agencies)
	if err != nil {
		return fmt.Errorf("seed: order agencies: %w", err)
	}
	if err := l.loadAgencies(ctx, agencyLevels); err != nil {
		return err
	}
	if err := l.loadPositions(ctx); err != nil {
		return err
	}
	return l.loadEmployees(ctx, levels)
}

// agencyLevels orders agencies so that every parent comes in an earlier level than its
// children. An agency whose parent is not in the list is taken to exist already.
func agencyLevels(as []*planningv1.Agency) ([][]*planningv1.Agency, error) {
	parent := make(map[string]string, len(as))
	for _, a := range as {
		if _, dup := parent[a.GetCode()]; dup {
			return nil, fmt.Errorf("agency %s appears twice", a.GetCode())
		}
		parent[a.GetCode()] = a.GetParent()
	}
	var levels [][]*planningv1.Agency
	for _, a := range as {
		depth := 0
		for p := a.GetParent(); p != ""; p = parent[p] {
			if _, ok := parent[p]; !ok {
				break
			}
			if depth++; depth > len(as) {
				return nil, fmt.Errorf("parent cycle through agency %s", a.GetCode())
			}
		}
		for len(levels) <= depth {
			levels = append(levels, nil)
		}
		levels[depth] = append(levels[depth], a)
	}
	return levels, nil
}

// loadAgencies creates the agencies level by level.
func (l *loader) loadAgencies(ctx context.Context, levels [][]*planningv1.Agency) error {
	l.prog.begin("agencies", len(l.d.Agencies))
	defer l.prog.end()
	for _, level := range levels {
		err := l.parallel(ctx, len(level), func(ctx context.Context, i int) error {
			a := level[i]
			body, err := marshalCompact(nil, a)
			if err != nil {
				return fmt.Errorf("seed: marshal agency %s: %w", a.GetCode(), err)
			}
			const path = "/v1/agencies"
			created, err := l.create(ctx, "create agency "+a.GetCode(), path, body, idempotencyKey(path, body))
			if err != nil {
				return err
			}
			l.count(&l.agencies, created)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// positionsBatchPath is the positions' batch-create endpoint.
const positionsBatchPath = "/v1/positions:batchCreate"

// loadPositions creates the positions in batches (all of a batch or none; those already there
// are reported as such and counted as present).
func (l *loader) loadPositions(ctx context.Context) error {
	ps := l.d.Positions
	l.prog.begin("positions", len(ps))
	defer l.prog.end()
	batches := (len(ps) + l.batch - 1) / l.batch
	return l.parallel(ctx, batches, func(ctx context.Context, b int) error {
		lo := b * l.batch
		hi := min(lo+l.batch, len(ps))
		what := fmt.Sprintf("create positions (batch %d of %d, rows %d-%d)", b+1, batches, lo, hi-1)
		return l.loadPositionBatch(ctx, what, b, ps[lo:hi])
	})
}

// loadPositionBatch sends one batch of positions and counts what it did.
func (l *loader) loadPositionBatch(ctx context.Context, what string, batch int, rows []*planningv1.Position) error {
	body, err := positionsBody(rows)
	if err != nil {
		return fmt.Errorf("seed: %s: %w", what, err)
	}
	key := idempotencyKey(positionsBatchPath, []byte(strconv.Itoa(batch)), body)
	_, resp, err := l.post(ctx, what, positionsBatchPath, body, key, false)
	if err != nil {
		return err
	}
	var out planningv1.BatchCreatePositionsResponse
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(resp, &out); err != nil {
		return fmt.Errorf("seed: %s: decode response: %w", what, err)
	}
	present := 0
	var failed []string
	for _, re := range out.GetErrors() {
		if re.GetCode() == "ALREADY_EXISTS" {
			present++
			continue
		}
		if len(failed) < rowErrorsShown {
			failed = append(failed, fmt.Sprintf("row %d (position %s): %s: %s", re.GetIndex(), re.GetPositionId(), re.GetCode(), re.GetMessage()))
		}
	}
	l.positions.Add(int64(len(out.GetPositions())))
	l.present.Add(int64(present))
	l.prog.add(len(rows))
	if n := len(out.GetErrors()) - present; n > 0 {
		return fmt.Errorf("seed: %s: %d of %d rows rejected: %s", what, n, len(rows), strings.Join(failed, "; "))
	}
	return nil
}

// positionsBody builds {"requests":[{"positionId":"…","position":{...}},...]}.
func positionsBody(rows []*planningv1.Position) ([]byte, error) {
	buf := make([]byte, 0, 64+len(rows)*320)
	buf = append(buf, `{"requests":[`...)
	var err error
	for i, p := range rows {
		if i > 0 {
			buf = append(buf, ',')
		}
		id, _ := json.Marshal(p.GetId())
		buf = append(buf, `{"positionId":`...)
		buf = append(buf, id...)
		buf = append(buf, `,"position":`...)
		if buf, err = marshalCompact(buf, p); err != nil {
			return nil, fmt.Errorf("marshal position %s: %w", p.GetId(), err)
		}
		buf = append(buf, '}')
	}
	return append(buf, "]}"...), nil
}

// count adds one created record to c, or one to the already-present count.
func (l *loader) count(c *atomic.Int64, created bool) {
	if created {
		c.Add(1)
	} else {
		l.present.Add(1)
	}
	l.prog.add(1)
}

// create posts one record; it reports false when the server answers 409 (already there).
func (l *loader) create(ctx context.Context, what, path string, body []byte, key string) (bool, error) {
	status, _, err := l.post(ctx, what, path, body, key, true)
	if err != nil {
		return false, err
	}
	return status != http.StatusConflict, nil
}

// batchPath is the batch-create endpoint.
const batchPath = "/v1/employees:batchCreate"

// loadEmployees creates the employees in batches, level by level.
func (l *loader) loadEmployees(ctx context.Context, levels [][]*planningv1.Employee) error {
	l.prog.begin("employees", len(l.d.Employees))
	defer l.prog.end()
	for li, level := range levels {
		batches := (len(level) + l.batch - 1) / l.batch
		err := l.parallel(ctx, batches, func(ctx context.Context, b int) error {
			lo := b * l.batch
			hi := min(lo+l.batch, len(level))
			what := fmt.Sprintf("create employees (level %d, batch %d of %d, rows %d-%d)", li, b+1, batches, lo, hi-1)
			return l.loadBatch(ctx, what, li, b, level[lo:hi])
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// loadBatch sends one batch and checks its row errors.
func (l *loader) loadBatch(ctx context.Context, what string, level, batch int, rows []*planningv1.Employee) error {
	body, err := batchBody(rows)
	if err != nil {
		return fmt.Errorf("seed: %s: %w", what, err)
	}
	key := idempotencyKey(batchPath, []byte(strconv.Itoa(level)), []byte(strconv.Itoa(batch)), body)
	_, resp, err := l.post(ctx, what, batchPath, body, key, false)
	if err != nil {
		return err
	}
	var out planningv1.BatchCreateEmployeesResponse
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(resp, &out); err != nil {
		return fmt.Errorf("seed: %s: decode response: %w", what, err)
	}
	present := 0
	var failed []*planningv1.RowError
	for _, re := range out.GetErrors() {
		if re.GetCode() == "ALREADY_EXISTS" {
			present++
		} else {
			failed = append(failed, re)
		}
	}
	l.employees.Add(int64(len(rows) - present - len(failed)))
	l.present.Add(int64(present))
	l.prog.add(len(rows))
	if len(failed) > 0 {
		return fmt.Errorf("seed: %s: %d of %d rows rejected: %s", what, len(failed), len(rows), describeRowErrors(failed))
	}
	return nil
}

// describeRowErrors lists the first rejected rows of a batch.
func describeRowErrors(errs []*planningv1.RowError) string {
	var b strings.Builder
	for i, re := range errs {
		if i == rowErrorsShown {
			fmt.Fprintf(&b, "; and %d more", len(errs)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "row %d (NIP %s): %s: %s", re.GetIndex(), re.GetNip(), re.GetCode(), re.GetMessage())
		if vs := re.GetFieldViolations(); len(vs) > 0 {
			b.WriteString(" [")
			for j, v := range vs {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s: %s", v.GetField(), v.GetDescription())
			}
			b.WriteString("]")
		}
	}
	return b.String()
}

// batchBody builds {"requests":[{"employee":{...}},...]}, marshalling each row once.
func batchBody(rows []*planningv1.Employee) ([]byte, error) {
	buf := make([]byte, 0, 64+len(rows)*640)
	buf = append(buf, `{"requests":[`...)
	var err error
	for i, e := range rows {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"employee":`...)
		if buf, err = marshalCompact(buf, e); err != nil {
			return nil, fmt.Errorf("marshal employee %s: %w", e.GetNip(), err)
		}
		buf = append(buf, '}')
	}
	return append(buf, "]}"...), nil
}

// marshalCompact appends the protojson form of m to dst without insignificant whitespace.
// protojson varies its spacing from build to build on purpose; compacting makes the bytes,
// and so the idempotency keys derived from them, the same for every build.
func marshalCompact(dst []byte, m proto.Message) ([]byte, error) {
	raw, err := protojson.MarshalOptions{}.Marshal(m)
	if err != nil {
		return dst, err
	}
	b := bytes.NewBuffer(dst)
	if err := json.Compact(b, raw); err != nil {
		return dst, err
	}
	return b.Bytes(), nil
}

// idempotencyKey derives a request's Idempotency-Key from its path and content, so the same
// request of the same data set always carries the same key.
func idempotencyKey(path string, parts ...[]byte) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range append([][]byte{[]byte("simpeg-seed/v1"), []byte(path)}, parts...) {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	return "seed-" + hex.EncodeToString(h.Sum(nil)[:20])
}

// post sends body to path as the loader's caller (city HR) and returns the status and the body
// of a 2xx answer, or of a 409 when allowConflict. Transient failures are retried with the same
// idempotency key; any other answer is an error naming what was being done and quoting the
// response (an *answerError, which keeps the status and the body).
func (l *loader) post(ctx context.Context, what, path string, body []byte, key string, allowConflict bool) (int, []byte, error) {
	return l.send(ctx, request{method: http.MethodPost, what: what, path: path, body: body, key: key, allowConflict: allowConflict})
}

// request is one call of the loader.
type request struct {
	method, what, path string
	body               []byte // nil for none
	// key is the Idempotency-Key; none is sent when it is empty.
	key string
	// bearer is the token to send; the loader's own (city HR) when empty.
	bearer string
	// allowConflict makes a 409 (other than a key still in progress) an answer, not an error.
	allowConflict bool
}

// answerError is a final non-2xx answer: its status and (the start of) its body, and the
// message naming the request.
type answerError struct {
	status int
	body   []byte
	msg    string
}

// Error returns the message: what was being done, the request, the status and the body.
func (e *answerError) Error() string { return e.msg }

// reason returns the google.rpc.ErrorInfo reason of the answer, or "".
func (e *answerError) reason() string { return statusReason(e.body) }

// answerOf returns the status and the ErrorInfo reason of err when it is a final answer of the
// server, or 0 and "".
func answerOf(err error) (int, string) {
	var ae *answerError
	if errors.As(err, &ae) {
		return ae.status, ae.reason()
	}
	return 0, ""
}

// send makes the request and returns the status and the body of a 2xx answer, or of a 409
// when r.allowConflict. Transient failures (connection errors, 429, 502, 503, 504, a key still
// in progress) are retried with the same idempotency key.
func (l *loader) send(ctx context.Context, r request) (int, []byte, error) {
	var last error
	wait := time.Duration(0)
	for attempt := range maxAttempts {
		if attempt > 0 {
			t := time.NewTimer(max(wait, retryBackoff<<(attempt-1)))
			select {
			case <-ctx.Done():
				t.Stop()
				return 0, nil, fmt.Errorf("seed: %s: %w (after: %w)", r.what, ctx.Err(), last)
			case <-t.C:
			}
		}
		a := l.sendOnce(ctx, r)
		if a.err == nil {
			return a.status, a.body, nil
		}
		if !a.retry || ctx.Err() != nil {
			return 0, nil, a.err
		}
		last, wait = a.err, a.retryAfter
	}
	return 0, nil, fmt.Errorf("%w (gave up after %d attempts)", last, maxAttempts)
}

// attempt is the outcome of one request.
type attempt struct {
	status     int
	body       []byte
	err        error
	retry      bool          // whether err is worth another attempt
	retryAfter time.Duration // how long the server asked to wait, if it did
}

// sendOnce makes one attempt of send.
func (l *loader) sendOnce(ctx context.Context, r request) attempt {
	var rd io.Reader
	if r.body != nil {
		rd = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, l.base+r.path, rd)
	if err != nil {
		return attempt{err: fmt.Errorf("seed: %s: build request: %w", r.what, err)}
	}
	bearer := r.bearer
	if bearer == "" {
		bearer = l.token
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if r.key != "" {
		req.Header.Set("Idempotency-Key", r.key)
	}
	res, err := l.client.Do(req)
	if err != nil {
		return attempt{err: fmt.Errorf("seed: %s: %s %s: %w", r.what, r.method, r.path, err), retry: true}
	}
	defer res.Body.Close()
	if res.StatusCode/100 == 2 {
		resp, err := io.ReadAll(res.Body)
		if err != nil {
			return attempt{err: fmt.Errorf("seed: %s: %s %s: read response: %w", r.what, r.method, r.path, err), retry: true}
		}
		return attempt{status: res.StatusCode, body: resp}
	}
	resp, _ := io.ReadAll(io.LimitReader(res.Body, errorReadLimit))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20)) // let the connection be reused
	var a attempt
	switch res.StatusCode {
	case http.StatusConflict:
		// 409 is ALREADY_EXISTS, or a request with the same idempotency key still running
		// (say, from a run that crashed a moment ago), which is worth waiting for.
		if statusReason(resp) != reasonKeyInProgress {
			if r.allowConflict {
				return attempt{status: res.StatusCode, body: resp}
			}
			break
		}
		a.retry = true
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		a.retry = true
	}
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
		a.retryAfter = min(time.Duration(s)*time.Second, maxRetryAfter)
	}
	text := string(resp)
	if len(resp) > errorBodyLimit {
		text = string(resp[:errorBodyLimit]) + "…(truncated)"
	}
	a.err = &answerError{status: res.StatusCode, body: resp,
		msg: fmt.Sprintf("seed: %s: %s %s: %s: %s", r.what, r.method, r.path, res.Status, strings.TrimSpace(text))}
	return a
}

// reasonKeyInProgress is the ErrorInfo reason of a 409 answered while an earlier request with
// the same idempotency key still runs.
const reasonKeyInProgress = "IDEMPOTENCY_KEY_IN_PROGRESS"

// statusReason returns the google.rpc.ErrorInfo reason of a JSON google.rpc.Status, or "".
func statusReason(body []byte) string {
	var st struct {
		Details []struct {
			Type   string `json:"@type"`
			Reason string `json:"reason"`
		} `json:"details"`
	}
	if json.Unmarshal(body, &st) != nil {
		return ""
	}
	for _, d := range st.Details {
		if strings.HasSuffix(d.Type, "/google.rpc.ErrorInfo") {
			return d.Reason
		}
	}
	return ""
}

// parallel runs fn for 0..n-1 on up to l.workers goroutines. The first error cancels the
// rest and is returned.
func (l *loader) parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for range min(l.workers, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() {
						first = err
						cancel()
					})
					return
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return first
	}
	if err := context.Cause(ctx); err != nil {
		return fmt.Errorf("seed: load interrupted: %w", err)
	}
	return nil
}
