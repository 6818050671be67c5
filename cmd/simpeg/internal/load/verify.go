package load

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// checkedInSubject is the CheckedIn event's subject, without the deployment's prefix.
const checkedInSubject = "simpeg.attendance.attendance.checked_in"

// VerifyOptions name what VerifyCheckIns reads.
type VerifyOptions struct {
	// Record is what CheckIn wrote to Options.Record: one "<nip>\t<client id>" line per
	// acknowledged check-in (several runs' records may be concatenated).
	Record io.Reader
	// AttendanceDB and PlanningDB are the services' PostgreSQL URLs.
	AttendanceDB, PlanningDB string
	// NATSURL and Prefix reach the attendance stream (SIMPEG_NATS_URL, SIMPEG_NATS_PREFIX).
	NATSURL, Prefix string
	// Consumer is the planning consumer that must have processed every CheckedIn event;
	// "planning-attendance" when empty.
	Consumer string
	// Wait bounds how long the outbox may take to drain and the consumer to catch up; 2 min
	// when zero.
	Wait time.Duration
	// Log receives progress lines; nil is silent.
	Log io.Writer
}

// Verification counts, per acknowledged check-in, where it was found and how often. A sound
// run has Acked == Recorded == Events == InStream == Consumed and every other count zero.
type Verification struct {
	// Acked is the acknowledged check-ins in the record; RepeatedInRecord the lines that named
	// an (employee, client id) a second time (a load run never sends one twice).
	Acked            int `json:"acked"`
	RepeatedInRecord int `json:"repeatedInRecord"`
	// Recorded were found in attendance_records; Lost were not.
	Recorded int `json:"recorded"`
	Lost     int `json:"lost"`
	// Events have exactly one CheckedIn outbox row; NoEvent none; DuplicateEvents more.
	Events          int `json:"events"`
	NoEvent         int `json:"noEvent"`
	DuplicateEvents int `json:"duplicateEvents"`
	// InStream have their event id in the stream exactly once (by Nats-Msg-Id); NotInStream
	// not at all; DuplicateInStream more than once. StreamMessages counts every CheckedIn
	// message the stream holds, StreamDuplicateIDs the ids found more than once among them.
	InStream           int `json:"inStream"`
	NotInStream        int `json:"notInStream"`
	DuplicateInStream  int `json:"duplicateInStream"`
	StreamMessages     int `json:"streamMessages"`
	StreamDuplicateIDs int `json:"streamDuplicateIds"`
	// Consumed have a processed_events row of the consumer (its primary key makes it one at
	// most); NotConsumed have none.
	Consumed    int `json:"consumed"`
	NotConsumed int `json:"notConsumed"`
}

// OK reports whether every acknowledged check-in was found once everywhere.
func (v Verification) OK() bool {
	return v.Acked > 0 && v.RepeatedInRecord == 0 && v.Lost == 0 && v.NoEvent == 0 && v.DuplicateEvents == 0 &&
		v.NotInStream == 0 && v.DuplicateInStream == 0 && v.StreamDuplicateIDs == 0 && v.NotConsumed == 0 &&
		v.Recorded == v.Acked && v.Events == v.Acked && v.InStream == v.Acked && v.Consumed == v.Acked
}

// WriteVerification writes v as a table for people.
func WriteVerification(w io.Writer, v Verification) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "acknowledged\t%d\t(repeated in the record: %d)\n", v.Acked, v.RepeatedInRecord)
	fmt.Fprintf(tw, "in attendance_records\t%d\tlost: %d\n", v.Recorded, v.Lost)
	fmt.Fprintf(tw, "one CheckedIn outbox row\t%d\tnone: %d, more than one: %d\n", v.Events, v.NoEvent, v.DuplicateEvents)
	fmt.Fprintf(tw, "event id once in the stream\t%d\tmissing: %d, more than once: %d (stream: %d CheckedIn messages, %d ids repeated)\n",
		v.InStream, v.NotInStream, v.DuplicateInStream, v.StreamMessages, v.StreamDuplicateIDs)
	fmt.Fprintf(tw, "processed by the consumer\t%d\tnot: %d\n", v.Consumed, v.NotConsumed)
	verdict := "OK: every acknowledged check-in recorded once, its event published once and consumed once"
	if !v.OK() {
		verdict = "FAILED"
	}
	fmt.Fprintf(tw, "verdict\t%s\n", verdict)
	return tw.Flush()
}

// ErrVerification is returned by VerifyCheckIns when a check-in was lost or duplicated.
var ErrVerification = errors.New("load: acknowledged check-ins lost or duplicated")

// VerifyCheckIns checks every acknowledged check-in of o.Record against the running suite, on
// PostgreSQL and NATS: its row in attendance_records (the primary key (employee, client_id)
// admits one), its CheckedIn row in attendance's outbox (decoded, matched by employee and
// client id), that event's id in the attendance stream exactly once (by Nats-Msg-Id, the id
// the relay publishes it with) and a processed_events row of planning's consumer for it. It
// first waits, up to o.Wait, for the outbox to drain and the consumer to catch up. The counts
// are returned whatever they say; err is ErrVerification when a check-in was lost or
// duplicated, or the failure to read one of the sources.
func VerifyCheckIns(ctx context.Context, o VerifyOptions) (Verification, error) {
	var v Verification
	if o.Record == nil || o.AttendanceDB == "" || o.PlanningDB == "" || o.NATSURL == "" {
		return v, errors.New("load: verify needs the record, both databases' URLs and the NATS URL")
	}
	if o.Consumer == "" {
		o.Consumer = "planning-attendance"
	}
	if o.Wait <= 0 {
		o.Wait = 2 * time.Minute
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	// The acknowledged check-ins, by employee and client id.
	type key struct{ nip, clientID string }
	acked := map[key]bool{}
	sc := bufio.NewScanner(o.Record)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" {
			continue
		}
		nip, cid, ok := strings.Cut(sc.Text(), "\t")
		if !ok || nip == "" || cid == "" {
			return v, fmt.Errorf("load: record line %d: want \"<nip>\\t<client id>\", got %q", line, sc.Text())
		}
		k := key{nip, cid}
		if acked[k] {
			v.RepeatedInRecord++
		}
		acked[k] = true
	}
	if err := sc.Err(); err != nil {
		return v, fmt.Errorf("load: reading the record: %w", err)
	}
	v.Acked = len(acked)

	att, err := database.Open(ctx, o.AttendanceDB)
	if err != nil {
		return v, fmt.Errorf("load: attendance database: %w", err)
	}
	defer att.Close()
	plan, err := database.Open(ctx, o.PlanningDB)
	if err != nil {
		return v, fmt.Errorf("load: planning database: %w", err)
	}
	defer plan.Close()

	deadline := time.Now().Add(o.Wait)
	for {
		var unsent int
		if err := att.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL`).Scan(&unsent); err != nil {
			return v, fmt.Errorf("load: counting attendance's unsent events: %w", err)
		}
		if unsent == 0 {
			break
		}
		if time.Now().After(deadline) {
			logf("%d events still unsent after %s: counted as they are", unsent, o.Wait)
			break
		}
		time.Sleep(500 * time.Millisecond)
	}

	// attendance_records.
	rows, err := att.QueryContext(ctx, `SELECT employee, client_id FROM attendance_records`)
	if err != nil {
		return v, fmt.Errorf("load: reading attendance_records: %w", err)
	}
	found := map[key]int{}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.nip, &k.clientID); err != nil {
			rows.Close()
			return v, fmt.Errorf("load: reading attendance_records: %w", err)
		}
		if acked[k] {
			found[k]++
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return v, fmt.Errorf("load: reading attendance_records: %w", err)
	}

	// The CheckedIn outbox rows, decoded to the record they announce.
	// The outbox keeps subjects without the deployment's prefix; the relay adds it.
	rows, err = att.QueryContext(ctx, `SELECT id, payload FROM outbox WHERE subject = $1`, checkedInSubject)
	if err != nil {
		return v, fmt.Errorf("load: reading attendance's outbox: %w", err)
	}
	events := map[key][]string{}
	for rows.Next() {
		var id string
		var payload []byte
		if err := rows.Scan(&id, &payload); err != nil {
			rows.Close()
			return v, fmt.Errorf("load: reading attendance's outbox: %w", err)
		}
		var e attendancev1.CheckedIn
		if err := proto.Unmarshal(payload, &e); err != nil {
			rows.Close()
			return v, fmt.Errorf("load: decoding outbox event %s: %w", id, err)
		}
		// The record's name is "employees/{nip}/attendanceRecords/{client_id}".
		nip := strings.TrimPrefix(e.GetRecord().GetName(), "employees/")
		nip, _, _ = strings.Cut(nip, "/")
		k := key{nip, e.GetRecord().GetClientId()}
		if acked[k] {
			events[k] = append(events[k], id)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return v, fmt.Errorf("load: reading attendance's outbox: %w", err)
	}

	// The stream, every CheckedIn message by Nats-Msg-Id.
	inStream, err := streamIDs(ctx, o.NATSURL, o.Prefix)
	if err != nil {
		return v, err
	}
	for _, n := range inStream {
		v.StreamMessages += n
		if n > 1 {
			v.StreamDuplicateIDs++
		}
	}

	// The consumer: wait until it has processed every event found, or o.Wait has passed.
	var want []string
	for _, ids := range events {
		want = append(want, ids...)
	}
	consumed := map[string]bool{}
	for {
		missing := 0
		for _, id := range want {
			if !consumed[id] {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			break
		}
		rows, err := plan.QueryContext(ctx, `SELECT event_id FROM processed_events WHERE consumer = $1`, o.Consumer)
		if err != nil {
			return v, fmt.Errorf("load: reading planning's processed events: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return v, fmt.Errorf("load: reading planning's processed events: %w", err)
			}
			consumed[id] = true
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return v, fmt.Errorf("load: reading planning's processed events: %w", err)
		}
		if n := len(want) - len(consumed); n > 0 {
			time.Sleep(time.Second)
		}
	}

	for k := range acked {
		switch found[k] {
		case 0:
			v.Lost++
		default:
			v.Recorded++
		}
		ids := events[k]
		switch len(ids) {
		case 0:
			v.NoEvent++
			continue
		case 1:
			v.Events++
		default:
			v.DuplicateEvents++
		}
		switch n := inStream[ids[0]]; {
		case n == 0:
			v.NotInStream++
		case n == 1:
			v.InStream++
		default:
			v.DuplicateInStream++
		}
		if consumed[ids[0]] {
			v.Consumed++
		} else {
			v.NotConsumed++
		}
	}
	logf("verified %d acknowledged check-ins against attendance_records, the outbox, the stream (%d CheckedIn messages) and %s",
		v.Acked, v.StreamMessages, o.Consumer)
	if !v.OK() {
		return v, ErrVerification
	}
	return v, nil
}

// streamIDs reads every CheckedIn message of the attendance stream and counts them by
// Nats-Msg-Id.
func streamIDs(ctx context.Context, url, prefix string) (map[string]int, error) {
	nc, js, err := bus.Connect(ctx, url, "simpeg-load-verify", slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, fmt.Errorf("load: connecting to NATS: %w", err)
	}
	defer nc.Close()
	name := outbox.StreamName(prefix, "attendance")
	stream, err := js.Stream(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("load: the stream %s: %w", name, err)
	}
	cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{prefix + checkedInSubject},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("load: reading the stream %s: %w", name, err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("load: reading the stream %s: %w", name, err)
	}
	ids := map[string]int{}
	left := info.NumPending
	for left > 0 {
		batch, err := cons.Fetch(int(min(left, 1000)), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return nil, fmt.Errorf("load: reading the stream %s: %w", name, err)
		}
		got := 0
		for m := range batch.Messages() {
			ids[m.Headers().Get(jetstream.MsgIDHeader)]++
			got++
		}
		if err := batch.Error(); err != nil {
			return nil, fmt.Errorf("load: reading the stream %s: %w", name, err)
		}
		if got == 0 {
			return nil, fmt.Errorf("load: reading the stream %s: %d messages announced but not delivered", name, left)
		}
		left -= uint64(got)
	}
	return ids, nil
}

// DeleteStreams deletes the streams of the deployment prefix (non-empty: a bench's own) from
// the NATS server at url, and returns their names.
func DeleteStreams(ctx context.Context, url, prefix string) ([]string, error) {
	if strings.Trim(prefix, ".") == "" {
		return nil, errors.New("load: deleting streams needs a prefix of the bench's own")
	}
	nc, js, err := bus.Connect(ctx, url, "simpeg-load-verify", slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, fmt.Errorf("load: connecting to NATS: %w", err)
	}
	defer nc.Close()
	start := strings.TrimSuffix(outbox.StreamName(prefix, "x"), "X")
	var deleted []string
	names := js.StreamNames(ctx)
	for name := range names.Name() {
		if strings.HasPrefix(name, start) {
			deleted = append(deleted, name)
		}
	}
	if err := names.Err(); err != nil {
		return nil, fmt.Errorf("load: listing streams: %w", err)
	}
	for _, name := range deleted {
		if err := js.DeleteStream(ctx, name); err != nil {
			return nil, fmt.Errorf("load: deleting stream %s: %w", name, err)
		}
	}
	return deleted, nil
}
