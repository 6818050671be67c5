package unitofwork_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
)

var migrations = fstest.MapFS{
	"00001_notes.sql": {Data: []byte(`-- +goose Up
CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);
-- +goose Down
DROP TABLE notes;
`)},
}

// note is the test service's event: a note was written.
type note string

var errUnencodable = errors.New("unencodable event")

func encode(n note) (outbox.Event, error) {
	if n == "unencodable" {
		return outbox.Event{}, errUnencodable
	}
	return outbox.Event{Subject: "simpeg.test.note.written", Msg: wrapperspb.String(string(n))}, nil
}

type env struct {
	db *database.DB
	w  *unitofwork.Writer[note]
}

var at = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, engine testenv.Engine) env {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "test", migrations); err != nil {
		t.Fatal(err)
	}
	return env{db: db, w: unitofwork.New(db, outbox.New(), encode, func() time.Time { return at })}
}

func as(subject string) context.Context {
	return auth.WithGrant(context.Background(), auth.Grant{
		Principal: auth.Principal{Subject: subject, Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"}, Scope: auth.ScopeSelf})
}

// stored is what a test database holds: the notes, the outbox's payloads and the audit trail
// (resource, actor, detail, time), each in order.
type stored struct {
	notes, events []string
	audits        [][4]string
}

func (e env) stored(t *testing.T) stored {
	t.Helper()
	ctx := context.Background()
	var s stored
	var err error
	str := func(sc database.Scanner) (string, error) {
		var v string
		return v, sc.Scan(&v)
	}
	if s.notes, err = database.Query(ctx, e.db, str, `SELECT body FROM notes ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if s.events, err = database.Query(ctx, e.db, func(sc database.Scanner) (string, error) {
		var subject, typ string
		var payload []byte
		if err := sc.Scan(&subject, &typ, &payload); err != nil {
			return "", err
		}
		var v wrapperspb.StringValue
		if err := proto.Unmarshal(payload, &v); err != nil {
			return "", err
		}
		return subject + " " + typ + " " + v.Value, nil
	}, `SELECT subject, event_type, payload FROM outbox ORDER BY created_at, id`); err != nil {
		t.Fatal(err)
	}
	if s.audits, err = database.Query(ctx, e.db, func(sc database.Scanner) ([4]string, error) {
		var a [4]string
		var us int64
		err := sc.Scan(&a[0], &a[1], &a[2], &us)
		a[3] = database.FromMicros(us).Format(time.RFC3339)
		return a, err
	}, `SELECT resource, actor, detail, time FROM audit_records ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return s
}

func addNote(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[note], id, body string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO notes (id, body) VALUES ($1, $2)`, id, body); err != nil {
		return err
	}
	if err := b.Emit(ctx, note(body)); err != nil {
		return err
	}
	return b.Audit(ctx, audit.Entry{Resource: "notes/" + id, Detail: "wrote " + body})
}

// TestWrite runs units of work on each engine: a change commits with its events and audit
// records or, when anything fails, none of the three is stored.
func TestWrite(t *testing.T) {
	errFail := errors.New("the unit failed")
	for _, tc := range []struct {
		name    string
		fn      func(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[note]) error
		wantErr error
		want    stored
	}{
		{
			name: "commits change, events and audit together",
			fn: func(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[note]) error {
				if err := addNote(ctx, tx, b, "1", "first"); err != nil {
					return err
				}
				return addNote(ctx, tx, b, "2", "second")
			},
			want: stored{
				notes:  []string{"first", "second"},
				events: []string{"simpeg.test.note.written google.protobuf.StringValue first", "simpeg.test.note.written google.protobuf.StringValue second"},
				audits: [][4]string{{"notes/1", "budi", "wrote first", at.Format(time.RFC3339)}, {"notes/2", "budi", "wrote second", at.Format(time.RFC3339)}},
			},
		},
		{
			name: "a failing function stores nothing",
			fn: func(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[note]) error {
				_ = addNote(ctx, tx, b, "1", "first")
				return errFail
			},
			wantErr: errFail,
		},
		{
			name: "an event that cannot be encoded stores nothing",
			fn: func(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[note]) error {
				return addNote(ctx, tx, b, "1", "unencodable")
			},
			wantErr: errUnencodable,
		},
		{
			name: "a change without events or audit commits alone",
			fn: func(ctx context.Context, tx *database.Tx, _ *unitofwork.Batch[note]) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO notes (id, body) VALUES ('1', 'quiet')`)
				return err
			},
			want: stored{notes: []string{"quiet"}},
		},
	} {
		for _, engine := range testenv.Engines(t) {
			t.Run(tc.name+"/"+string(engine), func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, engine)
				err := e.w.Write(as("budi"), tc.fn)
				if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
					t.Fatalf("Write = %v, want %v", err, tc.wantErr)
				}
				if got := e.stored(t); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("stored\n%+v\nwant\n%+v", got, tc.want)
				}
			})
		}
	}
}

// TestWriteRetried has the first attempt of a unit lose a race after emitting: the retry
// starts with an empty batch, so the one commit carries the last attempt's events only.
func TestWriteRetried(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			attempt := 0
			err := e.w.Write(as("sari"), func(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[note]) error {
				attempt++
				if err := addNote(ctx, tx, b, "1", fmt.Sprint("attempt ", attempt)); err != nil {
					return err
				}
				if attempt == 1 {
					return database.ErrRetry
				}
				return nil
			})
			if err != nil || attempt != 2 {
				t.Fatalf("Write = %v after %d attempts", err, attempt)
			}
			s := e.stored(t)
			if len(s.notes) != 1 || len(s.events) != 1 || len(s.audits) != 1 || s.audits[0][2] != "wrote attempt 2" {
				t.Errorf("stored %+v; want the second attempt's note, event and audit record only", s)
			}
		})
	}
}

// TestWritePrepared prepares the batches of three calls, each in its own caller's context,
// and writes them in one transaction, as a group commit does: each audit record keeps its own
// caller, and a transaction that rolls back writes none of them.
func TestWritePrepared(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			ctx := context.Background()
			var prepared []unitofwork.Prepared
			for _, who := range []string{"budi", "sari", "ani"} {
				var b unitofwork.Batch[note]
				_ = b.Emit(ctx, note(who))
				_ = b.Audit(ctx, audit.Entry{Resource: "notes/" + who, Detail: "checked in"})
				p, err := e.w.Prepare(as(who), &b)
				if err != nil {
					t.Fatal(err)
				}
				prepared = append(prepared, p)
			}
			var bad unitofwork.Batch[note]
			_ = bad.Emit(ctx, "unencodable")
			if _, err := e.w.Prepare(ctx, &bad); !errors.Is(err, errUnencodable) {
				t.Fatalf("Prepare of an unencodable event = %v", err)
			}

			errRollback := errors.New("rolled back")
			if err := e.db.InTx(ctx, func(tx *database.Tx) error {
				if err := e.w.WritePrepared(ctx, tx, prepared...); err != nil {
					return err
				}
				return errRollback
			}); !errors.Is(err, errRollback) {
				t.Fatal(err)
			}
			if s := e.stored(t); s.events != nil || s.audits != nil {
				t.Fatalf("a rolled-back transaction stored %+v", s)
			}
			if err := e.db.InTx(ctx, func(tx *database.Tx) error {
				if err := e.w.WritePrepared(ctx, tx); err != nil { // nothing to write
					return err
				}
				return e.w.WritePrepared(ctx, tx, prepared...)
			}); err != nil {
				t.Fatal(err)
			}
			s := e.stored(t)
			if len(s.events) != 3 {
				t.Errorf("events %v, want 3", s.events)
			}
			actors := map[string]string{}
			for _, a := range s.audits {
				actors[a[0]] = a[1]
			}
			if want := map[string]string{"notes/budi": "budi", "notes/sari": "sari", "notes/ani": "ani"}; !reflect.DeepEqual(actors, want) {
				t.Errorf("audit actors %v, want %v", actors, want)
			}
			if n, err := outbox.Pending(ctx, e.db); err != nil || n != 3 {
				t.Errorf("Pending = %d, %v; want 3", n, err)
			}
		})
	}
}

// noteTx is a store's own transaction type: it embeds the unit's batch, so its Emit and Audit
// go there, and keeps the transaction for its own writes.
type noteTx struct {
	*unitofwork.Batch[note]
	tx *database.Tx
}

func (n noteTx) add(ctx context.Context, id, body string) error {
	return addNote(ctx, n.tx, n.Batch, id, body)
}

// TestWriteAs runs the app layer's function with the store's own transaction type: what it
// writes, emits and audits through that type commits together, or, when it fails, not at all.
func TestWriteAs(t *testing.T) {
	errFail := errors.New("the unit failed")
	wrap := func(tx *database.Tx, b *unitofwork.Batch[note]) noteTx { return noteTx{Batch: b, tx: tx} }
	for _, tc := range []struct {
		name    string
		fn      func(ctx context.Context, tx noteTx) error
		wantErr error
		want    stored
	}{
		{
			name: "commits through the wrapped transaction",
			fn:   func(ctx context.Context, tx noteTx) error { return tx.add(ctx, "1", "first") },
			want: stored{
				notes:  []string{"first"},
				events: []string{"simpeg.test.note.written google.protobuf.StringValue first"},
				audits: [][4]string{{"notes/1", "budi", "wrote first", at.Format(time.RFC3339)}},
			},
		},
		{
			name: "a failing function stores nothing",
			fn: func(ctx context.Context, tx noteTx) error {
				_ = tx.add(ctx, "1", "first")
				return errFail
			},
			wantErr: errFail,
		},
	} {
		testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, engine)
				err := unitofwork.WriteAs(as("budi"), e.w, wrap, tc.fn)
				if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
					t.Fatalf("WriteAs = %v, want %v", err, tc.wantErr)
				}
				if got := e.stored(t); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("stored\n%+v\nwant\n%+v", got, tc.want)
				}
			})
		})
	}
}
