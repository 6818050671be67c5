package testenv_test

import (
	"bufio"
	"net"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/testenv"
)

// echo starts a line echo server for t.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := c.Write([]byte(line)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// roundTrip writes a line on c and reads it back within d.
func roundTrip(c net.Conn, r *bufio.Reader, d time.Duration) (string, error) {
	if err := c.SetDeadline(time.Now().Add(d)); err != nil {
		return "", err
	}
	if _, err := c.Write([]byte("ping\n")); err != nil {
		return "", err
	}
	return r.ReadString('\n')
}

func TestProxy(t *testing.T) {
	p := testenv.NewProxy(t, echo(t))
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	if got, err := roundTrip(c, r, 2*time.Second); err != nil || got != "ping\n" {
		t.Fatalf("pass: got %q, %v", got, err)
	}

	p.Set(testenv.Blackhole)
	if got, err := roundTrip(c, r, 300*time.Millisecond); err == nil {
		t.Fatalf("blackhole: the line came back (%q)", got)
	}
	// The held line is delivered once the network is back, then the connection works again.
	p.Set(testenv.Pass)
	if err := c.SetDeadline(time.Now().Add(2 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if got, err := r.ReadString('\n'); err != nil || got != "ping\n" {
		t.Fatalf("after the blackhole: got %q, %v", got, err)
	}

	p.Set(testenv.Refuse)
	if _, err := roundTrip(c, r, 2*time.Second); err == nil {
		t.Fatal("refuse: the open connection still works")
	}
	if c2, err := net.Dial("tcp", p.Addr()); err == nil {
		if _, err := roundTrip(c2, bufio.NewReader(c2), 2*time.Second); err == nil {
			t.Fatal("refuse: a new connection works")
		}
		c2.Close()
	}

	p.Set(testenv.Pass)
	c3, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c3.Close()
	if got, err := roundTrip(c3, bufio.NewReader(c3), 2*time.Second); err != nil || got != "ping\n" {
		t.Fatalf("restored: got %q, %v", got, err)
	}
}
