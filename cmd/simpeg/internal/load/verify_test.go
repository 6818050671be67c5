package load

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The record is one "<nip>\t<client id>" line per acknowledged check-in.
func TestWriteAcked(t *testing.T) {
	var b bytes.Buffer
	if err := writeAcked(&b, []acked{{"198609262015051001", "r0a1b2c3d-0"}, {"199001012020121002", "r0a1b2c3d-1z"}}); err != nil {
		t.Fatal(err)
	}
	if want := "198609262015051001\tr0a1b2c3d-0\n199001012020121002\tr0a1b2c3d-1z\n"; b.String() != want {
		t.Fatalf("record %q, want %q", b.String(), want)
	}
	if err := writeAcked(nil, []acked{{"x", "y"}}); err != nil {
		t.Fatalf("no record: %v", err)
	}
}

func TestVerificationOK(t *testing.T) {
	sound := Verification{Acked: 3, Recorded: 3, Events: 3, InStream: 3, Consumed: 3, StreamMessages: 5}
	for _, c := range []struct {
		name string
		edit func(*Verification)
		ok   bool
	}{
		{"every check-in once everywhere", func(*Verification) {}, true},
		{"nothing acknowledged", func(v *Verification) { *v = Verification{} }, false},
		{"one lost", func(v *Verification) { v.Recorded, v.Lost = 2, 1 }, false},
		{"one without event", func(v *Verification) { v.Events, v.NoEvent = 2, 1 }, false},
		{"one with two events", func(v *Verification) { v.Events, v.DuplicateEvents = 2, 1 }, false},
		{"one missing from the stream", func(v *Verification) { v.InStream, v.NotInStream = 2, 1 }, false},
		{"one twice in the stream", func(v *Verification) { v.InStream, v.DuplicateInStream = 2, 1 }, false},
		{"another event repeated in the stream", func(v *Verification) { v.StreamDuplicateIDs = 1 }, false},
		{"one not consumed", func(v *Verification) { v.Consumed, v.NotConsumed = 2, 1 }, false},
		{"a line repeated in the record", func(v *Verification) { v.RepeatedInRecord = 1 }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := sound
			c.edit(&v)
			if v.OK() != c.ok {
				t.Fatalf("OK() = %v, want %v for %+v", v.OK(), c.ok, v)
			}
			var out bytes.Buffer
			if err := WriteVerification(&out, v); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(out.String(), "FAILED"); got == c.ok {
				t.Fatalf("table says FAILED = %v:\n%s", got, out.String())
			}
		})
	}
}

// A bad record line is refused with its number before any database is opened.
func TestVerifyCheckInsBadRecord(t *testing.T) {
	for _, c := range []struct{ record, want string }{
		{"198609262015051001\tr0-1\nno tab here\n", "record line 2"},
		{"\t r0-1\n", "record line 1"},
	} {
		_, err := VerifyCheckIns(context.Background(), VerifyOptions{Record: strings.NewReader(c.record),
			AttendanceDB: "postgres://127.0.0.1:1/a", PlanningDB: "postgres://127.0.0.1:1/p", NATSURL: "nats://127.0.0.1:1"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("record %q: error %v, want one naming %q", c.record, err, c.want)
		}
	}
	if _, err := VerifyCheckIns(context.Background(), VerifyOptions{Record: strings.NewReader("")}); err == nil {
		t.Error("no databases named: no error")
	}
}
