package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// Medan's city centre, where the load's offices stand, and the length of a degree of latitude
// (on the sphere the service's geofence uses).
const (
	medanLat        = 3.5952
	medanLon        = 98.6722
	metersPerDegree = 111_195.0
)

// admin reads and prepares the directory and the offices through the gateway as city HR.
type admin struct {
	base   string
	bearer string
	client *http.Client
}

func newAdmin(base string, signer *auth.Signer, concurrency int) (*admin, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("load: gateway URL %q is not an http(s) URL", base)
	}
	tok, err := signer.Issue(auth.Principal{Subject: "load", Roles: []auth.Role{auth.RoleCityHR}}, time.Hour)
	if err != nil {
		return nil, fmt.Errorf("load: minting the city-hr token: %w", err)
	}
	return &admin{base: strings.TrimRight(base, "/"), bearer: "Bearer " + tok, client: newHTTPClient(concurrency)}, nil
}

// newHTTPClient returns a keep-alive client with an idle connection for every request in flight.
func newHTTPClient(concurrency int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = concurrency + 8
	t.MaxIdleConnsPerHost = concurrency + 8
	t.IdleConnTimeout = 90 * time.Second
	t.DisableCompression = true
	return &http.Client{Transport: t, Timeout: time.Minute}
}

// call sends a request as city HR and decodes a 200 answer into out. Another status is
// returned as the status code with an error quoting the body.
func (a *admin) call(ctx context.Context, method, path string, in, out any) (int, error) {
	status, _, err := a.send(ctx, method, path, in, out)
	return status, err
}

// send is call that also returns the size of the answer's body.
func (a *admin) send(ctx context.Context, method, path string, in, out any) (status, size int, err error) {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return 0, 0, err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", a.bearer)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("load: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, 0, fmt.Errorf("load: %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, len(raw), fmt.Errorf("load: %s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(raw[:min(len(raw), 500)]))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, len(raw), fmt.Errorf("load: %s %s: decoding the answer: %w", method, path, err)
		}
	}
	return resp.StatusCode, len(raw), nil
}

type employee struct{ nip, agency string }

// employees lists up to n active employees (all when n is 0) from planning, in NIP order.
func (a *admin) employees(ctx context.Context, n int) ([]employee, error) {
	var out []employee
	for token := ""; ; {
		var page struct {
			Employees []struct {
				NIP    string `json:"nip"`
				Agency string `json:"agency"`
			} `json:"employees"`
			NextPageToken string `json:"nextPageToken"`
		}
		q := url.Values{"pageSize": {"1000"}, "status": {"EMPLOYEE_STATUS_ACTIVE"}}
		if token != "" {
			q.Set("pageToken", token)
		}
		if _, err := a.call(ctx, http.MethodGet, "/v1/employees?"+q.Encode(), nil, &page); err != nil {
			return nil, err
		}
		for _, e := range page.Employees {
			if len(e.NIP) < 8 || e.Agency == "" {
				continue
			}
			out = append(out, employee{nip: e.NIP, agency: e.Agency})
			if n > 0 && len(out) == n {
				return out, nil
			}
		}
		if token = page.NextPageToken; token == "" {
			break
		}
	}
	switch {
	case len(out) == 0:
		return nil, fmt.Errorf("load: %s has no active employee; load some with simpeg seed --demo", a.base)
	case n > 0 && len(out) < n:
		return nil, fmt.Errorf("load: %d employees asked for, the directory has %d active", n, len(out))
	}
	return out, nil
}

type office struct {
	id       string
	lat, lon float64
}

type officeJSON struct {
	ID        string  `json:"id"`
	Agency    string  `json:"agency"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// offices returns an office for each agency of emps: the load's own office of the agency
// ("load-<agency>"), created at Medan coordinates when create is set and it is missing, or else
// the agency's first office. Agencies without one are left out.
func (a *admin) offices(ctx context.Context, emps []employee, create bool) (map[string]office, error) {
	var agencies []string
	for _, e := range emps {
		agencies = append(agencies, e.agency)
	}
	slices.Sort(agencies)
	agencies = slices.Compact(agencies)
	out := make(map[string]office, len(agencies))
	for i, ag := range agencies {
		id := "load-" + slug(ag)
		var o officeJSON
		status, err := a.call(ctx, http.MethodGet, "/v1/offices/"+id, nil, &o)
		switch {
		case err == nil:
			out[ag] = office{id: o.ID, lat: o.Latitude, lon: o.Longitude}
			continue
		case status != http.StatusNotFound:
			return nil, err
		}
		if create {
			// Spread the agencies over a few kilometres of the city centre.
			lat := medanLat + float64(i%7-3)*0.004
			lon := medanLon + float64(i/7-3)*0.004
			body := map[string]any{"displayName": "Kantor " + ag + " (load test)", "agency": ag,
				"latitude": lat, "longitude": lon, "timeZone": "TIME_ZONE_WIB"}
			if _, err := a.call(ctx, http.MethodPost, "/v1/offices?officeId="+id, body, &o); err != nil {
				return nil, err
			}
			out[ag] = office{id: o.ID, lat: o.Latitude, lon: o.Longitude}
			continue
		}
		var page struct {
			Offices []officeJSON `json:"offices"`
		}
		if _, err := a.call(ctx, http.MethodGet, "/v1/offices?pageSize=1&agency="+url.QueryEscape(ag), nil, &page); err != nil {
			return nil, err
		}
		if len(page.Offices) > 0 {
			o := page.Offices[0]
			out[ag] = office{id: o.ID, lat: o.Latitude, lon: o.Longitude}
		}
	}
	return out, nil
}

// slug turns an agency code into the lower-case letters, digits and dashes of an office id.
func slug(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 50 {
		s = s[:50]
	}
	return strings.Trim(s, "-")
}

// directoryWait bounds how long the set-up waits for the employees to reach the attendance
// service's copy of the directory (planning's events after a fresh seed).
const directoryWait = 2 * time.Minute

// waitDirectory waits until the attendance service knows every one of emps: their expected
// day answers 200 rather than 404. Right after simpeg seed --demo the last employees' events
// may still be on their way.
func (a *admin) waitDirectory(ctx context.Context, emps []employee, concurrency int) error {
	ctx, cancel := context.WithTimeout(ctx, directoryWait)
	defer cancel()
	date := time.Now().In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly)
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range min(concurrency, len(emps)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(emps) {
					return
				}
				for {
					status, err := a.call(ctx, http.MethodGet, "/v1/employees/"+emps[i].nip+"/expectedDays/"+date, nil, nil)
					if err == nil {
						break
					}
					// 404: not in the copy yet. 503: the service or its database is busy (a
					// shared PostgreSQL out of connections, say); both are asked again.
					if status != http.StatusNotFound && status != http.StatusServiceUnavailable || ctx.Err() != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = fmt.Errorf("load: waiting for employee %s in the attendance directory: %w", emps[i].nip, err)
						}
						mu.Unlock()
						cancel()
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}
