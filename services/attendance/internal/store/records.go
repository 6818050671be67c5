package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
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

func scanRecord(sc interface{ Scan(...any) error }) (app.Record, error) {
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

// InsertRecord stores r unless the employee already has a record with its client id, and
// reports whether it was inserted. A concurrent insert of the same id waits for the other
// transaction on PostgreSQL and then does nothing; on SQLite writers are serialized.
func (t *txn) InsertRecord(ctx context.Context, r app.Record) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `INSERT INTO attendance_records (employee, client_id, kind, device_time, server_time,
			latitude, longitude, accuracy_meters, device_id, office, work_date, outcome, late_minutes, early_minutes,
			outside_geofence, distance_meters, late_synced)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (employee, client_id) DO NOTHING`,
		r.Employee, r.In.ClientID, string(r.In.Kind), database.Micros(r.In.DeviceTime), database.Micros(r.Result.ReceivedAt),
		r.In.Lat, r.In.Lon, r.In.AccuracyMeters, r.In.DeviceID, r.Office, r.Result.Date.String(), string(r.Result.Outcome),
		r.Result.LateMinutes, r.Result.EarlyMinutes, boolInt(r.Result.OutsideGeofence), r.Result.DistanceMeters,
		boolInt(r.Result.LateSynced))
	if err != nil {
		return false, fmt.Errorf("inserting attendance record: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("inserting attendance record: %w", err)
	}
	return n == 1, nil
}

// GetRecord returns the employee's record with clientID, if any.
func (r reader) GetRecord(ctx context.Context, employee, clientID string) (app.Record, bool, error) {
	rec, err := scanRecord(r.q.QueryRowContext(ctx, `SELECT `+recordCols+recordFrom+`
		WHERE r.employee = $1 AND r.client_id = $2`, employee, clientID))
	if errors.Is(err, sql.ErrNoRows) {
		return app.Record{}, false, nil
	}
	if err != nil {
		return app.Record{}, false, fmt.Errorf("reading attendance record: %w", err)
	}
	return rec, true, nil
}

// ListRecords returns the employee's records whose working date is from from to to, both
// included, in device-time order.
func (r reader) ListRecords(ctx context.Context, employee string, from, to domain.Date) ([]app.Record, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+recordCols+recordFrom+`
		WHERE r.employee = $1 AND r.work_date >= $2 AND r.work_date <= $3
		ORDER BY r.device_time, r.client_id`, employee, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing attendance records: %w", err)
	}
	defer rows.Close()
	var out []app.Record
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("scanning attendance record: %w", err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing attendance records: %w", err)
	}
	return out, nil
}
