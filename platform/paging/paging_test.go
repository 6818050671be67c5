package paging_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
)

func TestRoundTrip(t *testing.T) {
	for _, key := range []string{"198609262015051001", "DISKOMINFO", "1795800877000000/0190f3a2-…", "a/b?c=d"} {
		got, err := paging.Key(paging.Token(key))
		if err != nil || got != key {
			t.Errorf("Key(Token(%q)) = %q, %v", key, got, err)
		}
	}
	if k, err := paging.Key(""); k != "" || err != nil {
		t.Errorf("Key(\"\") = %q, %v; want the first page", k, err)
	}
	for _, bad := range []string{"!!!", "=", "%%"} {
		_, err := paging.Key(bad)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.Invalid || e.Violations[0].Field != "page_token" {
			t.Errorf("Key(%q) = %v; want Invalid naming page_token", bad, err)
		}
	}
}
