package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// recordCols are the columns scanRecord reads. The office's time zone comes from the offices
// table so that the attendance time reads back in the zone it was evaluated in (WIB when the
// office is gone).
const recordCols = `r.employee, r.client_id, r.kind, r.device_time, r.server_time, r.latitude, r.longitude,
	r.accuracy_meters, r.device_id, r.office, r.work_date, r.outcome, r.late_minutes, r.early_minutes,
	r.outside_geofence, r.distance_meters, r.late_synced, COALESCE(o.time_zone, '')`

const recordFrom = ` FROM attendance_records r LEFT JOIN offices o ON o.id = r.office`

func scanRecord(sc database.Scanner) (app.Record, error) {
	var (
		r                             app.Record
		kind, workDate, outcome, zone string
		device, server                int64
		outside, lateSynced           int
	)
	if err := sc.Scan(&r.Employee, &r.In.ClientID, &kind, &device, &server, &r.In.Lat, &r.In.Lon,
		&r.In.AccuracyMeters, &r.In.DeviceID, &r.Office, &workDate, &outcome, &r.Result.LateMinutes, &r.Result.EarlyMinutes,
		&outside, &r.Result.DistanceMeters, &lateSynced, &zone); err != nil {
		return r, err
	}
	d, err := domain.ParseDate(workDate)
	if err != nil {
		return r, fmt.Errorf("stored work date: %w", err)
	}
	r.In.Kind = domain.CheckKind(kind)
	r.In.DeviceTime = database.FromMicros(device)
	r.Result.Kind = r.In.Kind
	r.Result.Date = d
	r.Result.Outcome = domain.Outcome(outcome)
	r.Result.OutsideGeofence, r.Result.LateSynced = outside != 0, lateSynced != 0
	r.Result.AttendanceTime = r.In.DeviceTime.In(domain.TimeZone(zone).Location())
	r.Result.ReceivedAt = database.FromMicros(server)
	return r, nil
}

// recordColumns is how many columns insertRecordsSQL stores per record.
const recordColumns = 17

// insertRecordsSQL is the statement that stores n records unless their employee already has
// one with the client id, and returns the keys it stored.
func insertRecordsSQL(n int) string {
	return `INSERT INTO attendance_records (employee, client_id, kind, device_time, server_time,
			latitude, longitude, accuracy_meters, device_id, office, work_date, outcome, late_minutes, early_minutes,
			outside_geofence, distance_meters, late_synced) VALUES ` + database.Values(1, n, recordColumns) +
		` ON CONFLICT (employee, client_id) DO NOTHING RETURNING employee, client_id`
}

// recordArgs appends r's columns in the order of insertRecordsSQL.
func recordArgs(args []any, r app.Record) []any {
	return append(args, r.Employee, r.In.ClientID, string(r.In.Kind), database.Micros(r.In.DeviceTime), database.Micros(r.Result.ReceivedAt),
		r.In.Lat, r.In.Lon, r.In.AccuracyMeters, r.In.DeviceID, r.Office, r.Result.Date.String(), string(r.Result.Outcome),
		r.Result.LateMinutes, r.Result.EarlyMinutes, boolInt(r.Result.OutsideGeofence), r.Result.DistanceMeters,
		boolInt(r.Result.LateSynced))
}

// Batching of check-ins. A batch of 500 records is 8,500 parameters: within both engines'
// limits (PostgreSQL 65,535, SQLite 32,766).
const maxRecordBatch = 500

// recordBatching returns how check-ins are grouped into transactions on dialect d. No wait
// for companions: a lone check-in is written at once, and under load the batches form by
// themselves while the previous commit runs. On PostgreSQL two batches are in flight, so that
// one is written while the other's commit is flushed to disk (on the 2-core benchmark machine
// 1, 2 and 3 gave about 4,300, 5,000 and 4,300 check-ins/s; docs/benchmarks.md); on SQLite
// one, as its writers queue for the one write lock anyway.
func recordBatching(d database.Dialect) GroupOptions {
	o := GroupOptions{MaxBatch: maxRecordBatch, Transactions: 1}
	if d == database.Postgres {
		o.Transactions = 2
	}
	return o
}

// recordWrite is one accepted check-in handed to the group commit: the record with its event
// and its audit record, both prepared from the context of the call that made it (trace
// context; actor, action, request id, peer), whichever transaction writes them.
type recordWrite struct {
	rec      app.Record
	prepared unitofwork.Prepared
}

// CommitRecord stores rec with its event ev and its audit entry unless the employee already
// has a record with rec's client id, and returns the record as stored: rec when it was
// inserted, otherwise the one stored first (a re-upload, also one in the same batch). Concurrent
// calls share transactions (group commit); CommitRecord returns only once the record's
// transaction has committed.
func (s *Store) CommitRecord(ctx context.Context, rec app.Record, ev app.Event, entry app.AuditEntry) (app.Record, error) {
	w, err := s.prepareRecord(ctx, rec, ev, entry)
	if err != nil {
		return app.Record{}, err
	}
	return s.records.Do(ctx, w)
}

// prepareRecord encodes rec's event and takes its audit record's caller from ctx, in the
// caller's goroutine, as the unit of work of any other write does.
func (s *Store) prepareRecord(ctx context.Context, rec app.Record, ev app.Event, entry app.AuditEntry) (recordWrite, error) {
	var b unitofwork.Batch[app.Event]
	_ = b.Emit(ctx, ev)
	_ = b.Audit(ctx, entry)
	p, err := s.uow.Prepare(ctx, &b)
	if err != nil {
		return recordWrite{}, err
	}
	return recordWrite{rec: rec, prepared: p}, nil
}

type recordKey struct{ employee, clientID string }

func keyOf(r app.Record) recordKey { return recordKey{r.Employee, r.In.ClientID} }

// writeRecords stores a batch of check-ins in tx and returns each one's record as stored. The
// first upload of a client id in the batch is inserted, in one multi-row statement with the
// others, unless a record with that id is stored already; the event and audit record of each
// inserted record follow in one statement each. A record that was not inserted (stored by an
// earlier transaction) is read back, and later uploads of the same id in the batch get the
// same answer as the first.
func (s *Store) writeRecords(ctx context.Context, tx *database.Tx, batch []recordWrite) ([]app.Record, error) {
	firsts := make([]int, 0, len(batch)) // the first upload of each key, in arrival order
	seen := make(map[recordKey]bool, len(batch))
	for i, w := range batch {
		if k := keyOf(w.rec); !seen[k] {
			seen[k] = true
			firsts = append(firsts, i)
		}
	}
	// Insert in key order: two batches inserting the same keys at once (PostgreSQL) then wait
	// for each other in one order and never deadlock.
	sorted := slices.Clone(firsts)
	slices.SortFunc(sorted, func(a, b int) int {
		ka, kb := keyOf(batch[a].rec), keyOf(batch[b].rec)
		return cmp.Or(strings.Compare(ka.employee, kb.employee), strings.Compare(ka.clientID, kb.clientID))
	})
	inserted := make(map[recordKey]bool, len(sorted))
	for len(sorted) > 0 {
		n := min(len(sorted), maxRecordBatch)
		args := make([]any, 0, n*recordColumns)
		for _, i := range sorted[:n] {
			args = recordArgs(args, batch[i].rec)
		}
		if err := insertedKeys(ctx, tx, insertRecordsSQL(n), args, inserted); err != nil {
			return nil, err
		}
		sorted = sorted[n:]
	}
	stored := make(map[recordKey]app.Record, len(firsts))
	prepared := make([]unitofwork.Prepared, 0, len(firsts))
	r := reader{tx.Q()}
	for _, i := range firsts {
		w := batch[i]
		k := keyOf(w.rec)
		if inserted[k] {
			stored[k] = w.rec
			prepared = append(prepared, w.prepared)
			continue
		}
		// An earlier transaction stored this client id: answer with its record.
		rec, found, err := r.GetRecord(ctx, k.employee, k.clientID)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, fmt.Errorf("attendance record %s was neither inserted nor found", app.RecordName(k.employee, k.clientID))
		}
		stored[k] = rec
	}
	if err := s.uow.WritePrepared(ctx, tx, prepared...); err != nil {
		return nil, err
	}
	out := make([]app.Record, len(batch))
	for i, w := range batch {
		out[i] = stored[keyOf(w.rec)]
	}
	return out, nil
}

// insertedKeys runs an insert returning (employee, client_id) and adds the keys to into.
func insertedKeys(ctx context.Context, tx *database.Tx, q string, args []any, into map[recordKey]bool) error {
	err := database.QueryEach(ctx, tx, func(sc database.Scanner) error {
		var k recordKey
		if err := sc.Scan(&k.employee, &k.clientID); err != nil {
			return err
		}
		into[k] = true
		return nil
	}, q, args...)
	if err != nil {
		return fmt.Errorf("inserting attendance records: %w", err)
	}
	return nil
}

// GetRecord returns the employee's record with clientID, if any.
func (r reader) GetRecord(ctx context.Context, employee, clientID string) (app.Record, bool, error) {
	rec, found, err := database.One(r.q.QueryRowContext(ctx, `SELECT `+recordCols+recordFrom+`
		WHERE r.employee = $1 AND r.client_id = $2`, employee, clientID), scanRecord)
	if err != nil {
		return app.Record{}, false, fmt.Errorf("reading attendance record: %w", err)
	}
	return rec, found, nil
}

// ListRecords returns the employee's records whose working date is from from to to, both
// included, in device-time order.
func (r reader) ListRecords(ctx context.Context, employee string, from, to domain.Date) ([]app.Record, error) {
	out, err := database.Query(ctx, r.q, scanRecord, `SELECT `+recordCols+recordFrom+`
		WHERE r.employee = $1 AND r.work_date >= $2 AND r.work_date <= $3
		ORDER BY r.device_time, r.client_id`, employee, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing attendance records: %w", err)
	}
	return out, nil
}
