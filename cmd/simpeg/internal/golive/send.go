package golive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// endpoint is an import endpoint taking rows of type T.
type endpoint[T any] struct {
	path, what string
	// max is the most rows one call takes (the service's limit); 0 leaves Client.Batch.
	max  int
	line func(T) int
	// key keeps the rows of one key (an employee) in one call; nil keeps none together.
	key func(T) string
	// body is the request of one call; nil sends {"rows": batch, "validateOnly": validateOnly}.
	body func(batch []T, validateOnly bool) any
	// bad turns one field violation of a 400 into the bad row of the file; nil reads
	// "rows[i].<field>" as row i's line and field.
	bad func(file string, batch []T, field, why string) (BadRow, error)
}

// importRows has the service check every row first (validate_only) and writes them only when
// none is bad; otherwise it returns a *BadRowsError naming each bad row's file:line and field.
func importRows[T any](ctx context.Context, c Client, ep endpoint[T], file string, rows []T) (Result, error) {
	start := time.Now()
	res := Result{Rows: len(rows)}
	for _, validateOnly := range []bool{true, false} {
		sums, bad, err := sendRows(ctx, c, ep, file, rows, validateOnly)
		if err != nil {
			return res, err
		}
		if len(bad) > 0 {
			return res, &BadRowsError{Rows: bad}
		}
		res.Written, res.Unchanged = sums[0], sums[1]
	}
	res.Duration = time.Since(start)
	return res, nil
}

// sendRows posts rows to ep in batches of c.Batch rows (DefaultBatch when unset, at most
// ep.max), c.Concurrency calls at a time, and returns the written and unchanged counts and the
// bad rows by line.
func sendRows[T any](ctx context.Context, c Client, ep endpoint[T], file string, rows []T, validateOnly bool) ([2]int, []BadRow, error) {
	size := c.Batch
	if size <= 0 {
		size = DefaultBatch
	}
	if ep.max > 0 {
		size = min(size, ep.max)
	}
	workers := c.Concurrency
	if workers <= 0 {
		workers = 4
	}
	var (
		mu    sync.Mutex
		sums  [2]int
		bad   []BadRow
		first error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, workers)
	)
	for from := 0; from < len(rows); {
		to := min(from+size, len(rows))
		for ep.key != nil && to < len(rows) && to-from < 2*size && ep.key(rows[to]) == ep.key(rows[to-1]) {
			to++ // a key's rows stay in one call
		}
		batch := rows[from:to]
		from = to
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			w, u, b, err := postRows(ctx, c, ep, file, batch, validateOnly)
			mu.Lock()
			defer mu.Unlock()
			sums[0] += w
			sums[1] += u
			bad = append(bad, b...)
			if err != nil && first == nil {
				first = err
			}
		}()
	}
	wg.Wait()
	sort.Slice(bad, func(i, j int) bool {
		if bad[i].Line != bad[j].Line {
			return bad[i].Line < bad[j].Line
		}
		return bad[i].Field < bad[j].Field
	})
	return sums, bad, first
}

// postRows posts one batch; a 400 naming rows becomes bad rows at their lines; a refusal of the
// whole batch, or any other failure, is an error.
func postRows[T any](ctx context.Context, c Client, ep endpoint[T], file string, batch []T, validateOnly bool) (int, int, []BadRow, error) {
	var payload any = map[string]any{"rows": batch, "validateOnly": validateOnly}
	if ep.body != nil {
		payload = ep.body(batch, validateOnly)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return 0, 0, nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+ep.path, bytes.NewReader(body))
	if err != nil {
		return 0, 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("sending %s: %w", ep.what, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		Written   int    `json:"written"`
		Created   int    `json:"created"`
		Unchanged int    `json:"unchanged"`
		Message   string `json:"message"`
		Details   []struct {
			FieldViolations []struct {
				Field       string `json:"field"`
				Description string `json:"description"`
			} `json:"fieldViolations"`
		} `json:"details"`
	}
	_ = json.Unmarshal(raw, &out)
	switch resp.StatusCode {
	case http.StatusOK:
		return out.Written + out.Created, out.Unchanged, nil, nil
	case http.StatusBadRequest:
		var bad []BadRow
		for _, d := range out.Details {
			for _, v := range d.FieldViolations {
				b, err := ep.badRow(file, batch, v.Field, v.Description)
				if err != nil {
					return 0, 0, nil, err
				}
				if n := len(bad); n > 0 && bad[n-1] == b {
					continue // one row's field named twice (an employee's agency is its posting's too)
				}
				bad = append(bad, b)
			}
		}
		if len(bad) == 0 {
			return 0, 0, nil, fmt.Errorf("the service refused the batch at %s:%d: %s", file, ep.line(batch[0]), out.Message)
		}
		return 0, 0, bad, nil
	default:
		return 0, 0, nil, fmt.Errorf("sending %s: HTTP %d: %s", ep.what, resp.StatusCode, strings.TrimSpace(string(raw)))
	}
}

// badRow is ep.bad, or the reading of "rows[i].<field>".
func (ep endpoint[T]) badRow(file string, batch []T, field, why string) (BadRow, error) {
	if ep.bad != nil {
		return ep.bad(file, batch, field, why)
	}
	m := rowField.FindStringSubmatch(field)
	if m == nil {
		return BadRow{}, fmt.Errorf("the service refused the batch at %s:%d: %s: %s", file, ep.line(batch[0]), field, why)
	}
	i, _ := strconv.Atoi(m[1])
	if i >= len(batch) {
		return BadRow{}, fmt.Errorf("the service named row %d of a batch of %d", i, len(batch))
	}
	return BadRow{file, ep.line(batch[i]), m[2], why}, nil
}
