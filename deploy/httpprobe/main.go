// Command httpprobe is the health probe of the simpeg images that have no shell or curl
// (distroless): it sends GET to a URL and exits 0 when the answer is 200 OK, 1 otherwise.
//
//	httpprobe [-timeout 3s] [URL]
//
// The URL defaults to http://127.0.0.1:8080/healthz, the gateway's liveness endpoint.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	timeout := flag.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	flag.Parse()
	url := "http://127.0.0.1:8080/healthz"
	if flag.NArg() > 0 {
		url = flag.Arg(0)
	}
	if err := probe(context.Background(), url, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "httpprobe:", err)
		os.Exit(1)
	}
}

// probe returns nil when GET url answers 200 within timeout.
func probe(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
