package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			_, _ = w.Write([]byte(`{"status":"ok"}`))
		case "/readyz":
			http.Error(w, `{"status":"not ready"}`, http.StatusServiceUnavailable)
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	if err := probe(ctx, srv.URL+"/healthz", time.Second); err != nil {
		t.Errorf("healthy endpoint: %v", err)
	}
	if err := probe(ctx, srv.URL+"/readyz", time.Second); err == nil {
		t.Error("503 counted as healthy")
	}
	if err := probe(ctx, srv.URL+"/slow", 50*time.Millisecond); err == nil {
		t.Error("a timed-out request counted as healthy")
	}
	srv.Close()
	if err := probe(ctx, srv.URL+"/healthz", time.Second); err == nil {
		t.Error("a closed port counted as healthy")
	}
}
