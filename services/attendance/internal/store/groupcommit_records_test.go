package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
)

// batchRecord is a check-in of employee as the app hands it to the store (stored form).
func batchRecord(employee, clientID string, minute int, device string) app.Record {
	at := time.Date(2026, 11, 23, 7, minute, 0, 0, domain.WIB.Location()).UTC()
	return app.Record{
		Employee: employee,
		Office:   "kominfo-hq",
		In:       domain.CheckIn{ClientID: clientID, Kind: domain.CheckKindIn, DeviceTime: at, Lat: 3.5952, Lon: 98.6722, AccuracyMeters: 12, DeviceID: device},
		Result: domain.Result{Kind: domain.CheckKindIn, Date: domain.MustDate("2026-11-23"), Outcome: domain.OutcomeOnTime,
			AttendanceTime: at.In(domain.WIB.Location()), ReceivedAt: at.Add(time.Minute)},
	}
}

// TestWriteRecordsBatch writes one batch holding new check-ins, two more uploads of one of
// them (same client id, other content) and a re-upload of a check-in stored by an earlier
// transaction: the first upload of each id is stored once with one event and one audit
// record; the others are answered with the stored record and write nothing.
func TestWriteRecordsBatch(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "attendance", Migrations()); err != nil {
			t.Fatal(err)
		}
		s := New(db, outbox.New(), events.Encode)
		as := func(nip string) context.Context {
			return testenv.As(ctx, auth.RoleEmployee, "DISKOMINFO", nip)
		}
		const budi, sari = "198609262015051001", "199001312019032002"
		earlier := batchRecord(budi, "earlier-0001", 20, "android-1")
		first, err := s.CommitRecord(as(budi), earlier, app.CheckedIn{Record: earlier}, app.AuditEntry{Resource: app.RecordName(budi, earlier.In.ClientID), Detail: "earlier"})
		if err != nil || !reflect.DeepEqual(first, earlier) {
			t.Fatalf("CommitRecord = %+v, %v; want the record itself", first, err)
		}

		in := []app.Record{
			batchRecord(sari, "sari-0001", 25, "android-2"),
			batchRecord(budi, "budi-0002", 26, "android-1"),
			batchRecord(sari, "sari-0001", 27, "android-2-retry"), // the same upload again, other content
			batchRecord(budi, "earlier-0001", 28, "android-1"),    // stored by the earlier transaction
			batchRecord(sari, "sari-0001", 29, "android-2-again"),
		}
		want := []app.Record{in[0], in[1], in[0], earlier, in[0]}
		batch := make([]recordWrite, len(in))
		for i, r := range in {
			if batch[i], err = s.prepareRecord(as(r.Employee), r, app.CheckedIn{Record: r}, app.AuditEntry{Resource: app.RecordName(r.Employee, r.In.ClientID), Detail: r.In.DeviceID}); err != nil {
				t.Fatal(err)
			}
		}
		var got []app.Record
		if err := db.InTx(ctx, func(tx *database.Tx) error {
			got, err = s.writeRecords(ctx, tx, batch)
			return err
		}); err != nil {
			t.Fatalf("writeRecords: %v", err)
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("upload %d answered\n%+v\nwant\n%+v", i, got[i], want[i])
			}
		}
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, k := range []recordKey{{sari, "sari-0001"}, {budi, "budi-0002"}, {budi, "earlier-0001"}} {
			if n := count(`SELECT COUNT(*) FROM attendance_records WHERE employee = $1 AND client_id = $2`, k.employee, k.clientID); n != 1 {
				t.Errorf("%v: %d rows, want 1", k, n)
			}
			if n := count(`SELECT COUNT(*) FROM audit_records WHERE resource = $1`, app.RecordName(k.employee, k.clientID)); n != 1 {
				t.Errorf("%v: %d audit records, want 1", k, n)
			}
		}
		if n := count(`SELECT COUNT(*) FROM audit_records WHERE resource = $1 AND detail = 'android-2' AND actor = $2`, app.RecordName(sari, "sari-0001"), sari); n != 1 {
			t.Errorf("the audit record of sari-0001 is not the first upload's")
		}
		if n := count(`SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectCheckedIn); n != 3 {
			t.Errorf("%d events, want 3 (the earlier one and the batch's two new check-ins)", n)
		}
		stored, found, err := s.GetRecord(ctx, sari, "sari-0001")
		if err != nil || !found || !reflect.DeepEqual(stored, in[0]) {
			t.Errorf("stored sari-0001 = %+v, %v, %v; want the first upload", stored, found, err)
		}
	})
}
