package app_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
	"github.com/simpeg-id/simpeg/services/attendance/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// The employees of the records suite, as planning's events put them in the directory copy.
const (
	recHead      = "197203152000031002" // head of DISKOMINFO
	recStaff     = "198609262015051001" // reports to recHead
	recColleague = "199001312019032002" // reports to recHead too
	recNurse     = "198103102006042003" // RSUD, works shifts
	recRetired   = "196501011990031001" // DISKOMINFO, retired
	recStranger  = "200001012022031001" // not in the directory
)

// The offices: DISKOMINFO's head office in Medan (the deployment's flag policy), its annex
// about 2 km north that refuses check-ins outside its geofence, and the hospital's.
var (
	recAnnex = app.Office{Office: domain.Office{ID: "kominfo-annex", Name: "Kominfo Annex", Lat: 3.6130, Lon: 98.6722, TimeZone: domain.WIB}, Agency: "DISKOMINFO", Geofence: domain.GeofenceRefuse}
	recRSUD  = app.Office{Office: domain.Office{ID: "rsud-pirngadi", Name: "RSUD dr. Pirngadi", Lat: 3.5890, Lon: 98.6890, TimeZone: domain.WIB}, Agency: "RSUD"}
)

// recMetersNorth is the latitude offset of d meters on the haversine sphere.
func recMetersNorth(d float64) float64 { return d / (domain.EarthRadiusMeters * math.Pi / 180) }

type recordSuite struct{ suite }

// TestRecords runs check-in and check-out over the real store on every engine: SQLite always,
// PostgreSQL when SIMPEG_TEST_POSTGRES_URL is set.
func TestRecords(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newRecordSuite(t, engine)
		testenv.RunSteps(t, []testenv.Step{
			{Name: "check-ins", Run: s.checkIns},
			{Name: "night shift", Run: s.nightShift},
			{Name: "re-upload", Run: s.reupload},
			{Name: "concurrent uploads", Run: s.concurrentUploads},
			{Name: "list", Run: s.list},
		})
	})
}

func newRecordSuite(t *testing.T, engine testenv.Engine) *recordSuite {
	e := newEnv(t, engine,
		&planningv1.Employee{Nip: recHead, Agency: "DISKOMINFO"},
		&planningv1.Employee{Nip: recStaff, Agency: "DISKOMINFO", Supervisor: recHead},
		&planningv1.Employee{Nip: recColleague, Agency: "DISKOMINFO", Supervisor: recHead},
		&planningv1.Employee{Nip: recNurse, Agency: "RSUD"},
		&planningv1.Employee{Nip: recRetired, Agency: "DISKOMINFO", Status: directorytest.Retired},
	)
	s := &recordSuite{newSuite(e, e.store, wib("2026-11-23", 7, 0, 0))}
	for _, o := range []app.Office{kominfoHQ, recAnnex, recRSUD} {
		if _, err := s.app.CreateOffice(cityHR, o); err != nil {
			t.Fatalf("CreateOffice(%s): %v", o.ID, err)
		}
	}
	return s
}

func (s *recordSuite) rows(t *testing.T, nip, clientID string) int {
	return s.count(t, `SELECT COUNT(*) FROM attendance_records WHERE employee = $1 AND client_id = $2`, nip, clientID)
}

func (s *recordSuite) pending(t *testing.T) int {
	t.Helper()
	n, err := outbox.Pending(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// recUpload is a RecordAttendance request's record.
func recUpload(clientID string, kind attendancev1.AttendanceKind, at time.Time, lat, lon float64, office string) *attendancev1.AttendanceRecord {
	return &attendancev1.AttendanceRecord{ClientId: clientID, Kind: kind, DeviceTime: timestamppb.New(at),
		Latitude: lat, Longitude: lon, AccuracyMeters: 10, DeviceId: "android-5f2c9a", Office: office}
}

const (
	recIn  = attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN
	recOut = attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_OUT
)

func (s *recordSuite) checkIns(t *testing.T) {
	staff := employee(recStaff, "DISKOMINFO")
	hqLat, hqLon := kominfoHQ.Lat, kominfoHQ.Lon
	far := hqLat + recMetersNorth(250)
	tests := []struct {
		name string
		who  context.Context
		now  time.Time // the server's clock; a minute after the device time when zero
		rec  *attendancev1.AttendanceRecord

		// accepted
		outcome           attendancev1.AttendanceOutcome
		late, early       int32
		outside, lateSync bool
		office, workDate  string
		// refused
		kind          errs.Kind
		reason, field string
	}{
		{name: "on time", who: staff, rec: recUpload("mon-in-0725", recIn, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_TIME, office: "offices/kominfo-hq", workDate: "2026-11-23"},
		{name: "late by 17 minutes", who: staff, rec: recUpload("tue-in-0747", recIn, wib("2026-11-24", 7, 47, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_LATE, late: 17, office: "offices/kominfo-hq", workDate: "2026-11-24"},
		{name: "early departure Monday to Thursday", who: staff, rec: recUpload("mon-out-1540", recOut, wib("2026-11-23", 15, 40, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_EARLY_DEPARTURE, early: 20, office: "offices/kominfo-hq", workDate: "2026-11-23"},
		{name: "early departure Friday", who: staff, rec: recUpload("fri-out-1610", recOut, wib("2026-11-27", 16, 10, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_EARLY_DEPARTURE, early: 20, office: "offices/kominfo-hq", workDate: "2026-11-27"},
		{name: "Friday check-out after 16:30", who: staff, rec: recUpload("fri-out-1635", recOut, wib("2026-11-27", 16, 35, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_TIME, office: "offices/kominfo-hq", workDate: "2026-11-27"},
		{name: "not a working day", who: staff, rec: recUpload("sat-in-0800", recIn, wib("2026-11-28", 8, 0, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_NOT_A_WORKING_DAY, office: "offices/kominfo-hq", workDate: "2026-11-28"},
		{name: "outside the geofence is flagged", who: staff, rec: recUpload("wed-in-0720", recIn, wib("2026-11-25", 7, 20, 0), far, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_TIME, outside: true, office: "offices/kominfo-hq", workDate: "2026-11-25"},
		{name: "outside a refusing office's geofence", who: staff, rec: recUpload("wed-in-annex", recIn, wib("2026-11-25", 7, 20, 0), recAnnex.Lat+recMetersNorth(250), hqLon, "offices/kominfo-annex"),
			kind: errs.FailedPrecondition, reason: domain.RefusedOutsideGeofence, field: "record.latitude"},
		{name: "nearest office of the agency", who: staff, rec: recUpload("thu-in-annex", recIn, wib("2026-11-26", 7, 29, 0), recAnnex.Lat, recAnnex.Lon, ""),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_TIME, office: "offices/kominfo-annex", workDate: "2026-11-26"},
		{name: "offline upload 71 hours old", who: staff, now: wib("2026-11-19", 7, 25, 0).Add(71 * time.Hour),
			rec:     recUpload("thu-in-offline", recIn, wib("2026-11-19", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			outcome: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_TIME, lateSync: true, office: "offices/kominfo-hq", workDate: "2026-11-19"},
		{name: "offline upload 73 hours old", who: staff, now: wib("2026-11-18", 7, 25, 0).Add(73 * time.Hour),
			rec:  recUpload("wed-in-offline", recIn, wib("2026-11-18", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			kind: errs.FailedPrecondition, reason: domain.RefusedDeviceTimeTooOld, field: "record.device_time"},
		{name: "from the future", who: staff, now: wib("2026-11-20", 7, 0, 0),
			rec:  recUpload("fri-in-future", recIn, wib("2026-11-20", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			kind: errs.FailedPrecondition, reason: domain.RefusedDeviceTimeInFuture, field: "record.device_time"},
		{name: "bad latitude", who: staff, rec: recUpload("bad-latitude", recIn, wib("2026-11-23", 7, 25, 0), 91, hqLon, "offices/kominfo-hq"),
			kind: errs.Invalid, field: "record.latitude"},
		{name: "bad longitude", who: staff, rec: recUpload("bad-longitude", recIn, wib("2026-11-23", 7, 25, 0), hqLat, math.NaN(), "offices/kominfo-hq"),
			kind: errs.Invalid, field: "record.longitude"},
		{name: "no kind", who: staff, rec: recUpload("no-kind-given", attendancev1.AttendanceKind_ATTENDANCE_KIND_UNSPECIFIED, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, ""),
			kind: errs.Invalid, field: "record.kind"},
		{name: "office of another agency", who: staff, rec: recUpload("rsud-office", recIn, wib("2026-11-23", 7, 25, 0), recRSUD.Lat, recRSUD.Lon, "offices/rsud-pirngadi"),
			kind: errs.Invalid, field: "record.office"},
		{name: "unknown office", who: staff, rec: recUpload("no-such-office", recIn, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, "offices/nowhere"),
			kind: errs.Invalid, field: "record.office"},
		{name: "malformed office name", who: staff, rec: recUpload("bad-office-name", recIn, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, "kominfo-hq"),
			kind: errs.Invalid, field: "record.office"},
		{name: "employee not in the directory", who: employee(recStranger, "DISKOMINFO"), rec: recUpload("stranger-in", recIn, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			kind: errs.FailedPrecondition, reason: app.ReasonNotInDirectory},
		{name: "retired employee", who: employee(recRetired, "DISKOMINFO"), rec: recUpload("retired-in", recIn, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			kind: errs.FailedPrecondition, reason: app.ReasonNotActive},
		{name: "no authenticated caller", who: context.Background(), rec: recUpload("anonymous-in", recIn, wib("2026-11-23", 7, 25, 0), hqLat, hqLon, "offices/kominfo-hq"),
			kind: errs.Unauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = tt.rec.GetDeviceTime().AsTime().Add(time.Minute)
			}
			s.clock.set(now)
			g, _ := auth.GrantFrom(tt.who)
			before := s.pending(t)
			resp, err := s.api.RecordAttendance(tt.who, &attendancev1.RecordAttendanceRequest{Record: tt.rec})
			if tt.kind != 0 {
				if e := testenv.WantKind(t, err, tt.kind, tt.field); tt.reason != "" && e.Reason != tt.reason {
					t.Fatalf("error %v has reason %q, want %q", err, e.Reason, tt.reason)
				}
				if n := s.rows(t, g.Subject, tt.rec.GetClientId()); n != 0 {
					t.Errorf("a refused check-in left %d rows", n)
				}
				if n := s.pending(t); n != before {
					t.Errorf("a refused check-in emitted %d events", n-before)
				}
				return
			}
			if err != nil {
				t.Fatalf("RecordAttendance: %v", err)
			}
			got := resp.GetRecord()
			if got.GetOutcome() != tt.outcome || got.GetLateMinutes() != tt.late || got.GetEarlyMinutes() != tt.early {
				t.Errorf("outcome %s, late %d, early %d; want %s, %d, %d", got.GetOutcome(), got.GetLateMinutes(), got.GetEarlyMinutes(), tt.outcome, tt.late, tt.early)
			}
			if got.GetOutsideGeofence() != tt.outside || got.GetLateSynced() != tt.lateSync {
				t.Errorf("outside %v, late-synced %v; want %v, %v", got.GetOutsideGeofence(), got.GetLateSynced(), tt.outside, tt.lateSync)
			}
			if got.GetOffice() != tt.office || got.GetWorkDate() != tt.workDate {
				t.Errorf("office %s, work date %s; want %s, %s", got.GetOffice(), got.GetWorkDate(), tt.office, tt.workDate)
			}
			if tt.outside && math.Abs(got.GetDistanceMeters()-250) > 1 {
				t.Errorf("distance %.1f m, want about 250", got.GetDistanceMeters())
			}
			if !tt.outside && got.GetDistanceMeters() > 1 {
				t.Errorf("distance %.1f m, want 0", got.GetDistanceMeters())
			}
			if want := app.RecordName(g.Subject, tt.rec.GetClientId()); got.GetName() != want || got.GetEmployee() != g.Subject {
				t.Errorf("name %s, employee %s; want %s, %s", got.GetName(), got.GetEmployee(), want, g.Subject)
			}
			if !got.GetDeviceTime().AsTime().Equal(tt.rec.GetDeviceTime().AsTime()) || !got.GetServerTime().AsTime().Equal(now) {
				t.Errorf("device time %v, server time %v; want %v, %v", got.GetDeviceTime().AsTime(), got.GetServerTime().AsTime(), tt.rec.GetDeviceTime().AsTime(), now)
			}
			if got.GetKind() != tt.rec.GetKind() || got.GetDeviceId() != tt.rec.GetDeviceId() || got.GetAccuracyMeters() != tt.rec.GetAccuracyMeters() {
				t.Errorf("record %v does not carry the upload's kind, device and accuracy", got)
			}
			if n := s.rows(t, g.Subject, tt.rec.GetClientId()); n != 1 {
				t.Errorf("%d rows, want 1", n)
			}
			if n := s.pending(t) - before; n != 1 {
				t.Errorf("%d events, want 1", n)
			}
			if n := len(s.audits(t, got.GetName())); n != 1 {
				t.Errorf("%d audit records, want 1", n)
			}
			stored, found, err := store.New(s.db, outbox.New(), events.Encode).GetRecord(context.Background(), g.Subject, tt.rec.GetClientId())
			if err != nil || !found {
				t.Fatalf("GetRecord = %v, %v", found, err)
			}
			if pb := convert.RecordPB(stored); !proto.Equal(pb, got) {
				t.Errorf("stored record\n%v\ndiffers from the answer\n%v", pb, got)
			}
		})
	}
}

// nightShift checks the hospital's night shift 21:00-07:00: its check-out the next morning and
// a late check-in after midnight count for the day it began.
func (s *recordSuite) nightShift(t *testing.T) {
	s.clock.set(wib("2026-11-20", 9, 0, 0))
	if _, err := s.app.CreateShift(cityHR, app.ShiftRecord{Agency: "RSUD", Shift: domain.Shift{Code: "M", Start: domain.Clock(21, 0), Duration: 600}}); err != nil {
		t.Fatalf("CreateShift: %v", err)
	}
	if _, err := s.app.CreateShift(cityHR, app.ShiftRecord{Agency: "RSUD", Shift: domain.Shift{Code: "P", Start: domain.Clock(7, 0), Duration: 420}}); err != nil {
		t.Fatalf("CreateShift: %v", err)
	}
	roster := []app.RosterEntry{
		{Employee: recNurse, Date: domain.MustDate("2026-11-23"), Shift: "M"},
		{Employee: recNurse, Date: domain.MustDate("2026-11-24"), Shift: domain.RosterOff},
		{Employee: recNurse, Date: domain.MustDate("2026-11-25"), Shift: "P"},
	}
	if _, err := s.app.SetRoster(cityHR, roster); err != nil {
		t.Fatalf("SetRoster: %v", err)
	}
	nurse := employee(recNurse, "RSUD")
	tests := []struct {
		name     string
		kind     domain.CheckKind
		at       time.Time
		outcome  domain.Outcome
		late     int
		early    int
		workDate string
	}{
		{"night shift check-in", domain.CheckKindIn, wib("2026-11-23", 20, 55, 0), domain.OutcomeOnTime, 0, 0, "2026-11-23"},
		{"late night check-in after midnight", domain.CheckKindIn, wib("2026-11-24", 0, 30, 0), domain.OutcomeLate, 210, 0, "2026-11-23"},
		{"night shift check-out next morning", domain.CheckKindOut, wib("2026-11-24", 6, 50, 0), domain.OutcomeEarlyDeparture, 0, 10, "2026-11-23"},
		{"morning shift after a day off", domain.CheckKindIn, wib("2026-11-25", 7, 5, 0), domain.OutcomeLate, 5, 0, "2026-11-25"},
		{"weekday the roster says off", domain.CheckKindIn, wib("2026-11-24", 20, 55, 0), domain.OutcomeNotWorkingDay, 0, 0, "2026-11-24"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.clock.set(tt.at.Add(time.Minute))
			r, err := s.app.RecordAttendance(nurse, domain.CheckIn{ClientID: fmt.Sprintf("nurse-check-%02d", i), Kind: tt.kind, DeviceTime: tt.at,
				Lat: recRSUD.Lat, Lon: recRSUD.Lon, AccuracyMeters: 15, DeviceID: "ios-77a1"}, "")
			if err != nil {
				t.Fatalf("RecordAttendance: %v", err)
			}
			if r.Result.Outcome != tt.outcome || r.Result.LateMinutes != tt.late || r.Result.EarlyMinutes != tt.early || r.Result.Date.String() != tt.workDate {
				t.Errorf("got %s late %d early %d for %s; want %s late %d early %d for %s", r.Result.Outcome, r.Result.LateMinutes, r.Result.EarlyMinutes,
					r.Result.Date, tt.outcome, tt.late, tt.early, tt.workDate)
			}
			if r.Office != recRSUD.ID {
				t.Errorf("office %s, want %s", r.Office, recRSUD.ID)
			}
		})
	}
}

// reupload uploads one check-in again and again: the same answer every time, one row, one
// event, one audit record, also after the offline limit and with different content.
func (s *recordSuite) reupload(t *testing.T) {
	staff := employee(recStaff, "DISKOMINFO")
	first := domain.CheckIn{ClientID: "reupload-0001", Kind: domain.CheckKindIn, DeviceTime: wib("2026-11-30", 7, 40, 0).Add(123456789 * time.Nanosecond),
		Lat: kominfoHQ.Lat, Lon: kominfoHQ.Lon, AccuracyMeters: 8.5, DeviceID: "android-5f2c9a"}
	s.clock.set(first.DeviceTime.Add(30 * time.Second).Add(987 * time.Nanosecond))
	want, err := s.app.RecordAttendance(staff, first, kominfoHQ.ID)
	if err != nil {
		t.Fatalf("RecordAttendance: %v", err)
	}
	if want.Result.Outcome != domain.OutcomeLate || want.Result.LateMinutes != 10 || want.Result.LateSynced {
		t.Fatalf("first upload = %+v; want late by 10 minutes, not late-synced", want.Result)
	}
	stored, found, err := store.New(s.db, outbox.New(), events.Encode).GetRecord(context.Background(), recStaff, first.ClientID)
	if err != nil || !found || !reflect.DeepEqual(stored, want) {
		t.Fatalf("stored record = %+v, %v, %v;\nwant the first answer %+v", stored, found, err, want)
	}
	before := s.pending(t)
	changed := first
	changed.Kind, changed.DeviceTime, changed.Lat = domain.CheckKindOut, wib("2026-12-01", 16, 0, 0), recAnnex.Lat
	tests := []struct {
		name   string
		now    time.Time
		in     domain.CheckIn
		office string
	}{
		{"the same upload a minute later", first.DeviceTime.Add(time.Minute), first, kominfoHQ.ID},
		{"the same upload after the offline limit", first.DeviceTime.Add(100 * time.Hour), first, kominfoHQ.ID},
		{"the same client id with other content", first.DeviceTime.Add(2 * time.Hour), changed, recAnnex.ID},
		{"the same upload without an office", first.DeviceTime.Add(time.Hour), first, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.clock.set(tt.now)
			got, err := s.app.RecordAttendance(staff, tt.in, tt.office)
			if err != nil {
				t.Fatalf("RecordAttendance: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("re-upload answered\n%+v\nwant the first answer\n%+v", got, want)
			}
			resp, err := s.api.RecordAttendance(staff, &attendancev1.RecordAttendanceRequest{Record: recUploadOf(tt.in, tt.office)})
			if err != nil {
				t.Fatalf("RecordAttendance through the API: %v", err)
			}
			if !proto.Equal(resp.GetRecord(), convert.RecordPB(want)) {
				t.Errorf("the API answered\n%v\nwant\n%v", resp.GetRecord(), convert.RecordPB(want))
			}
		})
	}
	if n := s.rows(t, recStaff, first.ClientID); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
	if n := s.pending(t) - before; n != 0 {
		t.Errorf("re-uploads emitted %d events, want none", n)
	}
	if n := len(s.audits(t, app.RecordName(recStaff, first.ClientID))); n != 1 {
		t.Errorf("%d audit records, want 1", n)
	}
}

// recUploadOf is the RecordAttendance request's record of in at office ("" for none).
func recUploadOf(in domain.CheckIn, office string) *attendancev1.AttendanceRecord {
	kind := recIn
	if in.Kind == domain.CheckKindOut {
		kind = recOut
	}
	pb := &attendancev1.AttendanceRecord{ClientId: in.ClientID, Kind: kind, DeviceTime: timestamppb.New(in.DeviceTime),
		Latitude: in.Lat, Longitude: in.Lon, AccuracyMeters: in.AccuracyMeters, DeviceId: in.DeviceID}
	if office != "" {
		pb.Office = app.OfficeName(office)
	}
	return pb
}

// concurrentUploads sends one check-in 100 times at once, as a phone retrying on a bad
// connection might: one row, one event, and every caller gets the same answer, although the
// server's clock moves between the calls.
func (s *recordSuite) concurrentUploads(t *testing.T) {
	const n = 100
	staff := employee(recStaff, "DISKOMINFO")
	in := domain.CheckIn{ClientID: "concurrent-0001", Kind: domain.CheckKindIn, DeviceTime: wib("2026-12-01", 7, 29, 0),
		Lat: kominfoHQ.Lat, Lon: kominfoHQ.Lon, AccuracyMeters: 12, DeviceID: "android-5f2c9a"}
	s.clock.stepping(in.DeviceTime.Add(30*time.Second), time.Millisecond)
	defer s.clock.set(in.DeviceTime)
	before := s.pending(t)
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		results [n]app.Record
		fails   [n]error
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], fails[i] = s.app.RecordAttendance(staff, in, kominfoHQ.ID)
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if fails[i] != nil {
			t.Fatalf("upload %d: %v", i, fails[i])
		}
		if !reflect.DeepEqual(results[i], results[0]) {
			t.Fatalf("upload %d answered\n%+v\nupload 0\n%+v", i, results[i], results[0])
		}
	}
	stored, found, err := store.New(s.db, outbox.New(), events.Encode).GetRecord(context.Background(), recStaff, in.ClientID)
	if err != nil || !found || !reflect.DeepEqual(stored, results[0]) {
		t.Fatalf("stored record = %+v, %v, %v; want the answer %+v", stored, found, err, results[0])
	}
	if n := s.rows(t, recStaff, in.ClientID); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
	if n := s.pending(t) - before; n != 1 {
		t.Errorf("%d events, want 1", n)
	}
	if n := len(s.audits(t, app.RecordName(recStaff, in.ClientID))); n != 1 {
		t.Errorf("%d audit records, want 1", n)
	}
}

// list reads the staff member's week (the check-ins accepted above, 23 to 27 November) as
// each kind of caller.
func (s *recordSuite) list(t *testing.T) {
	week := []string{"mon-in-0725", "mon-out-1540", "tue-in-0747", "wed-in-0720", "thu-in-annex", "fri-out-1610", "fri-out-1635"}
	year := append(append([]string{}, week...), "sat-in-0800", "reupload-0001", "concurrent-0001")
	staff := "employees/" + recStaff
	tests := []struct {
		name       string
		who        context.Context
		parent     string
		start, end string
		want       []string
		kind       errs.Kind
		field      string
	}{
		{"own records", employee(recStaff, "DISKOMINFO"), staff, "2026-11-23", "2026-11-27", week, 0, ""},
		{"one day", employee(recStaff, "DISKOMINFO"), staff, "2026-11-23", "2026-11-23", week[:2], 0, ""},
		{"supervisor lists a subordinate's", supervisor(recHead, "DISKOMINFO"), staff, "2026-11-23", "2026-11-27", week, 0, ""},
		{"agency HR lists their agency's", agencyHR("hr-kominfo", "DISKOMINFO"), staff, "2026-11-23", "2026-11-27", week, 0, ""},
		{"auditor lists anyone's", auditor, staff, "2026-11-23", "2026-11-27", week, 0, ""},
		{"a day without records", employee(recStaff, "DISKOMINFO"), staff, "2026-11-29", "2026-11-29", nil, 0, ""},
		{"employee cannot list a colleague's", employee(recColleague, "DISKOMINFO"), staff, "2026-11-23", "2026-11-27", nil, errs.PermissionDenied, ""},
		{"supervisor cannot list a peer's", supervisor(recColleague, "DISKOMINFO"), staff, "2026-11-23", "2026-11-27", nil, errs.PermissionDenied, ""},
		{"agency HR cannot list another agency's", agencyHR("hr-rsud", "RSUD"), staff, "2026-11-23", "2026-11-27", nil, errs.PermissionDenied, ""},
		{"unknown employee", cityHR, "employees/" + recStranger, "2026-11-23", "2026-11-27", nil, errs.NotFound, ""},
		{"366 days", employee(recStaff, "DISKOMINFO"), staff, "2026-11-23", "2027-11-24", year, 0, ""},
		{"more than 366 days", employee(recStaff, "DISKOMINFO"), staff, "2026-11-23", "2027-11-25", nil, errs.Invalid, "end_date"},
		{"end before start", employee(recStaff, "DISKOMINFO"), staff, "2026-11-27", "2026-11-23", nil, errs.Invalid, "end_date"},
		{"malformed start", employee(recStaff, "DISKOMINFO"), staff, "23-11-2026", "2026-11-27", nil, errs.Invalid, "start_date"},
		{"malformed parent", employee(recStaff, "DISKOMINFO"), recStaff, "2026-11-23", "2026-11-27", nil, errs.Invalid, "parent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.api.ListAttendanceRecords(tt.who, &attendancev1.ListAttendanceRecordsRequest{Parent: tt.parent, StartDate: tt.start, EndDate: tt.end})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("ListAttendanceRecords: %v", err)
			}
			var got []string
			for _, r := range resp.GetRecords() {
				if r.GetEmployee() != recStaff {
					t.Errorf("record %s is not the staff member's", r.GetName())
				}
				if r.GetWorkDate() >= tt.start && r.GetWorkDate() <= tt.end {
					got = append(got, r.GetClientId())
				} else {
					t.Errorf("record %s counts for %s, outside %s to %s", r.GetName(), r.GetWorkDate(), tt.start, tt.end)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records %v, want %v", got, tt.want)
			}
		})
	}
}
