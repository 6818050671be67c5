package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// The employees of the calendar suite, as planning's events put them in the directory copy.
const (
	calHead      = "197203152000031002" // head of DISKOMINFO
	calStaff     = "198609262015051001" // DISKOMINFO, reports to calHead
	calColleague = "199001312019032002" // DISKOMINFO, reports to calHead too
	calNurse     = "198103102006042003" // RSUD, works shifts
	calRetired   = "196501011990031001" // RSUD, retired
	calSetda     = "198502142010011003" // SETDA, which keeps its own hours and a WITA office
	calDishub    = "199203302015031004" // DISHUB, which has no office
	calStranger  = "200001012022031001" // not in the directory
)

// calNow is the suite's fixed clock.
var calNow = time.Date(2026, 11, 23, 9, 0, 0, 0, domain.WIB.Location())

// rsudHR is the hospital's HR administrator.
var rsudHR = agencyHR("rsud-hr", "RSUD")

type calSuite struct{ suite }

// TestCalendar runs the working calendar's use cases over the real store on every engine:
// SQLite always, PostgreSQL when SIMPEG_TEST_POSTGRES_URL is set. The subtests build on each
// other: the expected days use the holidays, hours, Ramadan period and roster set before.
func TestCalendar(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newCalSuite(t, engine)
		testenv.RunSteps(t, []testenv.Step{
			{Name: "offices", Run: s.offices},
			{Name: "holidays", Run: s.holidays},
			{Name: "work schedule", Run: s.workSchedule},
			{Name: "ramadan", Run: s.ramadan},
			{Name: "shifts and roster", Run: s.shiftsAndRoster},
			{Name: "expected day", Run: s.expectedDay},
		})
	})
}

func newCalSuite(t *testing.T, engine testenv.Engine) *calSuite {
	e := newEnv(t, engine,
		&planningv1.Employee{Nip: calHead, Agency: "DISKOMINFO"},
		&planningv1.Employee{Nip: calStaff, Agency: "DISKOMINFO", Supervisor: calHead},
		&planningv1.Employee{Nip: calColleague, Agency: "DISKOMINFO", Supervisor: calHead},
		&planningv1.Employee{Nip: calNurse, Agency: "RSUD"},
		&planningv1.Employee{Nip: calRetired, Agency: "RSUD", Status: directorytest.Retired},
		&planningv1.Employee{Nip: calSetda, Agency: "SETDA"},
		&planningv1.Employee{Nip: calDishub, Agency: "DISHUB"},
	)
	return &calSuite{newSuite(e, e.store, calNow)}
}

func calOffice(id, name, agency string, lat, lon float64, zone domain.TimeZone) app.Office {
	return app.Office{Office: domain.Office{ID: id, Name: name, Lat: lat, Lon: lon, TimeZone: zone}, Agency: agency}
}

func (s *calSuite) offices(t *testing.T) {
	hq := calOffice("kominfo-hq", "Kantor Dinas Kominfo, Jl. Kapten Maulana Lubis", "DISKOMINFO", 3.5952, 98.6722, domain.WIB)
	hq.RadiusMeters = 150
	create := []struct {
		name  string
		ctx   context.Context
		in    app.Office
		kind  errs.Kind // 0: created
		field string
	}{
		{"city HR", cityHR, hq, 0, ""},
		{"agency HR of its own agency", kominfoHR, calOffice("kominfo-annex", "Kominfo Annex", "DISKOMINFO", 3.6130, 98.6722, domain.WIB), 0, ""},
		{"hospital", rsudHR, calOffice("rsud-pirngadi", "RSUD dr. Pirngadi", "RSUD", 3.5890, 98.6890, domain.WIB), 0, ""},
		{"liaison office in WITA", cityHR, calOffice("setda-penghubung", "Kantor Penghubung", "SETDA", -5.1477, 119.4327, domain.WITA), 0, ""},
		{"duplicate id", cityHR, hq, errs.AlreadyExists, ""},
		{"latitude out of range", cityHR, calOffice("bad-lat", "Somewhere", "DISKOMINFO", 91, 98.6, domain.WIB), errs.Invalid, "office.latitude"},
		{"longitude out of range", cityHR, calOffice("bad-lon", "Somewhere", "DISKOMINFO", 3.5, 181, domain.WIB), errs.Invalid, "office.longitude"},
		{"no name", cityHR, calOffice("no-name", " ", "DISKOMINFO", 3.5, 98.6, domain.WIB), errs.Invalid, "office.display_name"},
		{"no agency", cityHR, calOffice("no-agency", "Somewhere", "", 3.5, 98.6, domain.WIB), errs.Invalid, "office.agency"},
		{"unknown time zone", cityHR, calOffice("bad-zone", "Somewhere", "DISKOMINFO", 3.5, 98.6, "UTC"), errs.Invalid, "office.time_zone"},
		{"unknown geofence policy", cityHR, app.Office{Office: domain.Office{ID: "bad-fence", Name: "Somewhere", Lat: 3.5, Lon: 98.6}, Agency: "DISKOMINFO", Geofence: "ignore"}, errs.Invalid, "office.geofence_policy"},
		{"agency HR of another agency", kominfoHR, calOffice("rsud-annex", "RSUD Annex", "RSUD", 3.5890, 98.6890, domain.WIB), errs.PermissionDenied, ""},
		{"employee", employee(calStaff, "DISKOMINFO"), calOffice("mine", "My office", "DISKOMINFO", 3.5, 98.6, domain.WIB), errs.PermissionDenied, ""},
	}
	for _, tt := range create {
		t.Run("create/"+tt.name, func(t *testing.T) {
			got, err := s.app.CreateOffice(tt.ctx, tt.in)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("CreateOffice: %v", err)
			}
			if got.Version != 1 || !got.Created.Equal(calNow) || got.ID != tt.in.ID {
				t.Errorf("created %+v; want version 1, created %s, id %s", got, calNow, tt.in.ID)
			}
			stored, err := s.app.GetOffice(employee(calStaff, "DISKOMINFO"), got.ID)
			if err != nil || stored != got {
				t.Errorf("GetOffice = %+v, %v; want %+v", stored, err, got)
			}
		})
	}
	if n := s.count(t, `SELECT COUNT(*) FROM offices`); n != 4 {
		t.Fatalf("%d offices stored, want 4", n)
	}

	t.Run("generated id", func(t *testing.T) {
		o, err := s.app.CreateOffice(kominfoHR, calOffice("", "Kominfo Field Office", "DISKOMINFO", 3.58, 98.67, ""))
		if err != nil || o.ID == "" || o.TimeZone != domain.WIB {
			t.Fatalf("CreateOffice = %+v, %v; want a generated id and WIB", o, err)
		}
		resp, err := s.api.GetOffice(cityHR, &attendancev1.GetOfficeRequest{Name: "offices/" + o.ID})
		if err != nil || resp.GetOffice().GetTimeZone() != attendancev1.TimeZone_TIME_ZONE_WIB || resp.GetOffice().GetEtag() != "v1" {
			t.Fatalf("GetOffice = %v, %v", resp, err)
		}
	})

	t.Run("list", func(t *testing.T) {
		var ids []string
		tok := ""
		for range 5 {
			page, next, err := s.app.ListOffices(cityHR, "DISKOMINFO", 2, tok)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page {
				if o.Agency != "DISKOMINFO" {
					t.Errorf("office %s of agency %s listed for DISKOMINFO", o.ID, o.Agency)
				}
				ids = append(ids, o.ID)
			}
			if tok = next; tok == "" {
				break
			}
		}
		if len(ids) != 3 || ids[1] != "kominfo-annex" || ids[2] != "kominfo-hq" {
			t.Errorf("listed %v; want the generated id, kominfo-annex, kominfo-hq", ids)
		}
		all, next, err := s.app.ListOffices(cityHR, "", 0, "")
		if err != nil || len(all) != 5 || next != "" {
			t.Errorf("ListOffices() = %d offices, %q, %v; want 5 and no next page", len(all), next, err)
		}
		_, _, err = s.app.ListOffices(cityHR, "", 0, "%%%")
		testenv.WantKind(t, err, errs.Invalid, "page_token")
	})

	t.Run("update", func(t *testing.T) {
		renamed := hq
		renamed.Name, renamed.RadiusMeters, renamed.Geofence = "Kantor Dinas Kominfo Kota Medan", 200, domain.GeofenceRefuse
		fields := []string{"display_name", "radius_meters", "geofence_policy"}
		updates := []struct {
			name   string
			ctx    context.Context
			etag   string
			fields []string
			values app.Office
			kind   errs.Kind
			field  string
		}{
			{"agency HR of another agency", rsudHR, "v1", fields, renamed, errs.PermissionDenied, ""},
			{"unknown field", kominfoHR, "v1", []string{"agency"}, renamed, errs.Invalid, "update_mask"},
			{"no fields", kominfoHR, "v1", nil, renamed, errs.Invalid, "update_mask"},
			{"bad latitude", kominfoHR, "v1", []string{"latitude"}, calOffice("", "", "", -91, 0, ""), errs.Invalid, "office.latitude"},
			{"current etag", kominfoHR, "v1", fields, renamed, 0, ""},
			{"stale etag", kominfoHR, "v1", fields, renamed, errs.Conflict, ""},
		}
		for _, tt := range updates {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.UpdateOffice(tt.ctx, hq.ID, tt.etag, tt.fields, tt.values)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatalf("UpdateOffice: %v", err)
				}
				if got.Version != 2 || got.Name != renamed.Name || got.RadiusMeters != 200 || got.Geofence != domain.GeofenceRefuse || got.Lat != hq.Lat {
					t.Errorf("updated %+v", got)
				}
			})
		}
		// Through the API: the mask names the fields, the etag is the one just returned.
		resp, err := s.api.UpdateOffice(cityHR, &attendancev1.UpdateOfficeRequest{
			Office:     &attendancev1.Office{Name: "offices/kominfo-hq", Etag: "v2", TimeZone: attendancev1.TimeZone_TIME_ZONE_WIB, Unit: "DISKOMINFO-APTIKA"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"unit", "time_zone"}},
		})
		if err != nil || resp.GetOffice().GetEtag() != "v3" || resp.GetOffice().GetUnit() != "DISKOMINFO-APTIKA" ||
			resp.GetOffice().GetGeofencePolicy() != attendancev1.GeofencePolicy_GEOFENCE_POLICY_REFUSE || resp.GetOffice().GetRadiusMeters() != 200 {
			t.Fatalf("UpdateOffice over the API = %v, %v", resp, err)
		}
		// A change to the same values changes nothing.
		same, err := s.app.UpdateOffice(cityHR, hq.ID, "", []string{"unit"}, app.Office{Unit: "DISKOMINFO-APTIKA"})
		if err != nil || same.Version != 3 {
			t.Fatalf("no-op update = %+v, %v; want version 3", same, err)
		}
		if got := s.audits(t, app.OfficeName(hq.ID)); len(got) != 3 {
			t.Errorf("audit records of %s: %q; want created and two updates", hq.ID, got)
		}
	})
}

func (s *calSuite) holidays(t *testing.T) {
	create := []struct {
		name  string
		ctx   context.Context
		in    domain.Holiday
		kind  errs.Kind
		field string
	}{
		{"independence day", cityHR, domain.Holiday{Date: domain.MustDate("2026-08-17"), Name: "Hari Proklamasi Kemerdekaan", Kind: domain.NationalHoliday}, 0, ""},
		{"same date again", cityHR, domain.Holiday{Date: domain.MustDate("2026-08-17"), Name: "Something else", Kind: domain.CollectiveLeave}, errs.AlreadyExists, ""},
		{"no name", cityHR, domain.Holiday{Date: domain.MustDate("2026-08-18"), Kind: domain.NationalHoliday}, errs.Invalid, "holiday.display_name"},
		{"no kind", cityHR, domain.Holiday{Date: domain.MustDate("2026-08-18"), Name: "Libur"}, errs.Invalid, "holiday.kind"},
		{"no date", cityHR, domain.Holiday{Name: "Libur", Kind: domain.NationalHoliday}, errs.Invalid, "holiday.date"},
		{"agency HR", kominfoHR, domain.Holiday{Date: domain.MustDate("2026-08-18"), Name: "Libur", Kind: domain.CollectiveLeave}, errs.PermissionDenied, ""},
	}
	for _, tt := range create {
		t.Run("create/"+tt.name, func(t *testing.T) {
			got, err := s.app.CreateHoliday(tt.ctx, tt.in)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil || got != tt.in {
				t.Fatalf("CreateHoliday = %+v, %v", got, err)
			}
		})
	}
	t.Run("api date", func(t *testing.T) {
		_, err := s.api.CreateHoliday(cityHR, &attendancev1.CreateHolidayRequest{Holiday: &attendancev1.Holiday{Date: "2026-02-30", DisplayName: "Libur", Kind: attendancev1.HolidayKind_HOLIDAY_KIND_NATIONAL}})
		testenv.WantKind(t, err, errs.Invalid, "holiday.date")
	})

	imports := []struct {
		name    string
		format  app.ImportFormat
		content string
		want    []string // dates stored, in order
		field   string   // the violation of a refused file
	}{
		{"csv", app.ImportCSV, "date,name,kind\n" +
			"2026-01-01,Tahun Baru Masehi,national\n" +
			"2026-08-17,Hari Proklamasi Kemerdekaan Republik Indonesia,national\n" +
			"2026-12-24,Cuti Bersama Hari Raya Natal,collective\n" +
			"2026-12-25,Hari Raya Natal,national\n",
			[]string{"2026-01-01", "2026-08-17", "2026-12-24", "2026-12-25"}, ""},
		{"json", app.ImportJSON, `[{"date": "2026-05-14", "name": "Kenaikan Yesus Kristus", "kind": "national"}]`, []string{"2026-05-14"}, ""},
		{"csv with a bad line", app.ImportCSV, "date,name,kind\n" +
			"2026-05-01,Hari Buruh Internasional,national\n" +
			"2026-06-31,Hari Lahir Pancasila,national\n", nil, "content.line 3, column 1 (date)"},
		{"csv with a bad kind", app.ImportCSV, "date,name,kind\n2026-05-01,Hari Buruh Internasional,libur\n", nil, "content.line 2, column 3 (kind)"},
		{"json with a bad date", app.ImportJSON, `[{"date": "1 Mei 2026", "name": "Hari Buruh", "kind": "national"}]`, nil, "content.holidays[0].date"},
		{"empty csv", app.ImportCSV, "date,name,kind\n", nil, "content"},
		{"no format", "", "date,name,kind\n", nil, "format"},
	}
	for _, tt := range imports {
		t.Run("import/"+tt.name, func(t *testing.T) {
			got, err := s.app.ImportHolidays(cityHR, tt.format, tt.content)
			if tt.field != "" {
				testenv.WantKind(t, err, errs.Invalid, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("ImportHolidays: %v", err)
			}
			var dates []string
			for _, h := range got {
				dates = append(dates, h.Date.String())
			}
			if fmt.Sprint(dates) != fmt.Sprint(tt.want) {
				t.Errorf("imported %v, want %v", dates, tt.want)
			}
		})
	}
	if n := s.count(t, `SELECT COUNT(*) FROM holidays WHERE date = $1`, "2026-05-01"); n != 0 {
		t.Errorf("a refused file wrote %d rows", n)
	}
	_, err := s.app.ImportHolidays(kominfoHR, app.ImportCSV, "date,name,kind\n2026-05-01,Hari Buruh Internasional,national\n")
	testenv.WantKind(t, err, errs.PermissionDenied, "")

	t.Run("list", func(t *testing.T) {
		resp, err := s.api.ListHolidays(employee(calStaff, "DISKOMINFO"), &attendancev1.ListHolidaysRequest{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range resp.GetHolidays() {
			got = append(got, h.GetName()+" "+h.GetKind().String())
		}
		// The stored ones and the fixed-date national holidays (1 May, 1 June) the law sets.
		want := []string{
			"holidays/2026-01-01 HOLIDAY_KIND_NATIONAL", "holidays/2026-05-01 HOLIDAY_KIND_NATIONAL", "holidays/2026-05-14 HOLIDAY_KIND_NATIONAL",
			"holidays/2026-06-01 HOLIDAY_KIND_NATIONAL", "holidays/2026-08-17 HOLIDAY_KIND_NATIONAL",
			"holidays/2026-12-24 HOLIDAY_KIND_COLLECTIVE", "holidays/2026-12-25 HOLIDAY_KIND_NATIONAL",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("ListHolidays(2026) = %v, want %v", got, want)
		}
		// The import replaced the name of the holiday created by hand.
		if h := resp.GetHolidays()[4]; h.GetDisplayName() != "Hari Proklamasi Kemerdekaan Republik Indonesia" {
			t.Errorf("17 August is %q", h.GetDisplayName())
		}
		if other, err := s.app.ListHolidays(cityHR, 2025); err != nil || len(other) != len(domain.FixedNationalHolidays(2025)) {
			t.Errorf("ListHolidays(2025) = %v, %v; want only the fixed-date national holidays", other, err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		if _, err := s.api.DeleteHoliday(cityHR, &attendancev1.DeleteHolidayRequest{Name: "holidays/2026-05-14"}); err != nil {
			t.Fatalf("DeleteHoliday: %v", err)
		}
		_, err := s.api.DeleteHoliday(cityHR, &attendancev1.DeleteHolidayRequest{Name: "holidays/2026-05-14"})
		testenv.WantKind(t, err, errs.NotFound, "")
		err = s.app.DeleteHoliday(kominfoHR, domain.MustDate("2026-01-01"))
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		if got := s.audits(t, "holidays/2026-05-14"); len(got) != 2 {
			t.Errorf("audit records of 2026-05-14: %q; want imported and deleted", got)
		}
		if hs, _ := s.app.ListHolidays(cityHR, 2026); len(hs) != 6 {
			t.Errorf("%d holidays left in 2026, want 6 (4 stored, 2 fixed)", len(hs))
		}
	})
}

// week is a WeekHours request with the same hours Monday to Friday.
func week(start string, work, brk int32) *attendancev1.WeekHours {
	d := func() *attendancev1.DayHours {
		return &attendancev1.DayHours{Start: start, WorkMinutes: work, BreakMinutes: brk}
	}
	return &attendancev1.WeekHours{Monday: d(), Tuesday: d(), Wednesday: d(), Thursday: d(), Friday: d()}
}

func (s *calSuite) workSchedule(t *testing.T) {
	t.Run("national default", func(t *testing.T) {
		resp, err := s.api.GetWorkSchedule(employee(calStaff, "DISKOMINFO"), &attendancev1.GetWorkScheduleRequest{Name: "agencies/DISKOMINFO/workSchedule"})
		if err != nil {
			t.Fatal(err)
		}
		ws := resp.GetWorkSchedule()
		mon, fri, sat := ws.GetRegular().GetMonday(), ws.GetRegular().GetFriday(), ws.GetRegular().GetSaturday()
		if !ws.GetNationalDefault() || ws.GetName() != "agencies/DISKOMINFO/workSchedule" ||
			mon.GetStart() != "07:30" || mon.GetEnd() != "16:00" || mon.GetWorkMinutes() != 450 ||
			fri.GetEnd() != "16:30" || sat.GetStart() != "" || sat.GetWorkMinutes() != 0 ||
			ws.GetRegular().GetWeeklyWorkMinutes() != domain.NationalWeeklyWorkMinutes ||
			ws.GetRamadan().GetMonday().GetStart() != "08:00" || ws.GetRamadan().GetWeeklyWorkMinutes() != domain.RamadanWeeklyWorkMinutes {
			t.Errorf("national schedule = %v", ws)
		}
	})

	monday := domain.MustDate("2026-01-05")
	before, _, err := s.app.GetExpectedDay(cityHR, calSetda, monday)
	if err != nil || before.Start.Format("15:04") != "07:30" {
		t.Fatalf("before SETDA's own hours: %+v, %v; want 07:30", before, err)
	}

	own := domain.FiveDayWeek("", domain.Clock(8, 0), domain.NationalWeeklyWorkMinutes, 60, 90)
	bad := domain.NationalSchedule()
	bad.Days[time.Monday] = domain.DayHours{Start: domain.Clock(22, 0), Work: 180}
	updates := []struct {
		name  string
		ctx   context.Context
		in    app.Schedule
		kind  errs.Kind
		field string
	}{
		{"agency HR of another agency", kominfoHR, app.Schedule{Agency: "SETDA", Regular: &own}, errs.PermissionDenied, ""},
		{"past midnight", cityHR, app.Schedule{Agency: "SETDA", Regular: &bad}, errs.Invalid, "work_schedule.regular.monday.work"},
		{"no working day", cityHR, app.Schedule{Agency: "SETDA", Ramadan: &domain.WorkSchedule{}}, errs.Invalid, "work_schedule.ramadan"},
		{"own hours", cityHR, app.Schedule{Agency: "SETDA", Regular: &own}, 0, ""},
		{"again", cityHR, app.Schedule{Agency: "SETDA", Regular: &own}, 0, ""},
	}
	for i, tt := range updates {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.app.UpdateWorkSchedule(tt.ctx, tt.in)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("UpdateWorkSchedule: %v", err)
			}
			if want := int64(i - 2); got.Version != want {
				t.Errorf("version %d, want %d", got.Version, want)
			}
		})
	}
	stored, found, err := s.app.GetWorkSchedule(cityHR, "SETDA")
	if err != nil || !found || stored.Regular == nil || stored.Regular.Days != own.Days || stored.Ramadan != nil {
		t.Fatalf("GetWorkSchedule(SETDA) = %+v, %v, %v; want its own regular week and the national Ramadan week", stored, found, err)
	}
	// The calendar is reloaded after the change.
	after, _, err := s.app.GetExpectedDay(cityHR, calSetda, monday)
	if err != nil || after.Start.Format("15:04") != "08:00" || after.End.Format("15:04") != "16:30" {
		t.Fatalf("after SETDA's own hours: %+v, %v; want 08:00-16:30", after, err)
	}

	t.Run("api", func(t *testing.T) {
		dishubHR := agencyHR("dishub-hr", "DISHUB")
		req := &attendancev1.UpdateWorkScheduleRequest{WorkSchedule: &attendancev1.WorkSchedule{Name: "agencies/DISHUB/workSchedule", Ramadan: week("7:30", 390, 30)}}
		_, err := s.api.UpdateWorkSchedule(dishubHR, req)
		testenv.WantKind(t, err, errs.Invalid, "work_schedule.ramadan.monday.start")
		req.WorkSchedule.Ramadan = week("", 390, 30)
		_, err = s.api.UpdateWorkSchedule(dishubHR, req)
		testenv.WantKind(t, err, errs.Invalid, "work_schedule.ramadan.monday.start")
		req.WorkSchedule.Ramadan = week("07:30", 390, 30)
		resp, err := s.api.UpdateWorkSchedule(dishubHR, req)
		if err != nil {
			t.Fatal(err)
		}
		ws := resp.GetWorkSchedule()
		if ws.GetNationalDefault() || ws.GetRamadan().GetMonday().GetEnd() != "14:30" || ws.GetRamadan().GetWeeklyWorkMinutes() != 5*390 ||
			ws.GetRegular().GetMonday().GetStart() != "07:30" || ws.GetRegular().GetMonday().GetEnd() != "16:00" {
			t.Errorf("DISHUB's schedule = %v", ws)
		}
		_, err = s.api.UpdateWorkSchedule(dishubHR, &attendancev1.UpdateWorkScheduleRequest{WorkSchedule: &attendancev1.WorkSchedule{Name: "agencies/DISHUB"}})
		testenv.WantKind(t, err, errs.Invalid, "work_schedule.name")
	})
	if got := s.audits(t, app.ScheduleName("SETDA")); len(got) != 2 {
		t.Errorf("audit records of SETDA's hours: %q; want two updates", got)
	}
}

func (s *calSuite) ramadan(t *testing.T) {
	sets := []struct {
		name     string
		ctx      context.Context
		from, to string
		kind     errs.Kind
		field    string
	}{
		{"1447 H", cityHR, "2026-02-18", "2026-03-19", 0, ""},
		{"agency HR", kominfoHR, "2027-02-08", "2027-03-09", errs.PermissionDenied, ""},
		{"backwards", cityHR, "2027-03-09", "2027-02-08", errs.Invalid, "ramadan_period.end_date"},
		{"too long", cityHR, "2027-02-08", "2027-03-20", errs.Invalid, "ramadan_period.end_date"},
		{"1448 H", cityHR, "2027-02-08", "2027-03-09", 0, ""},
		{"across new year", cityHR, "2033-12-20", "2034-01-18", 0, ""},
		{"overlapping the year before's", cityHR, "2034-01-10", "2034-02-05", errs.Invalid, "ramadan_period.start_date"},
	}
	for _, tt := range sets {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.api.SetRamadanPeriod(tt.ctx, &attendancev1.SetRamadanPeriodRequest{RamadanPeriod: &attendancev1.RamadanPeriod{StartDate: tt.from, EndDate: tt.to}})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("SetRamadanPeriod: %v", err)
			}
			if want := "ramadanPeriods/" + tt.from[:4]; resp.GetRamadanPeriod().GetName() != want {
				t.Errorf("name %q, want %q", resp.GetRamadanPeriod().GetName(), want)
			}
		})
	}
	_, err := s.api.SetRamadanPeriod(cityHR, &attendancev1.SetRamadanPeriodRequest{RamadanPeriod: &attendancev1.RamadanPeriod{StartDate: "2028-01-28"}})
	testenv.WantKind(t, err, errs.Invalid, "ramadan_period.end_date")
	// Setting a year again replaces its period.
	if _, err := s.app.SetRamadanPeriod(cityHR, domain.RamadanPeriod{From: domain.MustDate("2027-02-09"), To: domain.MustDate("2027-03-10")}); err != nil {
		t.Fatal(err)
	}
	resp, err := s.api.ListRamadanPeriods(employee(calStaff, "DISKOMINFO"), &attendancev1.ListRamadanPeriodsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range resp.GetRamadanPeriods() {
		got = append(got, p.GetStartDate()+".."+p.GetEndDate())
	}
	if want := []string{"2026-02-18..2026-03-19", "2027-02-09..2027-03-10", "2033-12-20..2034-01-18"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ListRamadanPeriods = %v, want %v", got, want)
	}
}

func (s *calSuite) shiftsAndRoster(t *testing.T) {
	shifts := []struct {
		name  string
		ctx   context.Context
		in    *attendancev1.Shift
		kind  errs.Kind
		field string
	}{
		{"morning", rsudHR, &attendancev1.Shift{Code: "P", Start: "07:00", WorkMinutes: 360, BreakMinutes: 60}, 0, ""},
		{"afternoon", rsudHR, &attendancev1.Shift{Code: "S", Start: "14:00", WorkMinutes: 360, BreakMinutes: 60}, 0, ""},
		{"night", cityHR, &attendancev1.Shift{Code: "M", Start: "21:00", WorkMinutes: 540, BreakMinutes: 60}, 0, ""},
		{"duplicate", rsudHR, &attendancev1.Shift{Code: "P", Start: "06:00", WorkMinutes: 360}, errs.AlreadyExists, ""},
		{"reserved code", rsudHR, &attendancev1.Shift{Code: "OFF", Start: "06:00", WorkMinutes: 360}, errs.Invalid, "shift.code"},
		{"no work", rsudHR, &attendancev1.Shift{Code: "X", Start: "06:00"}, errs.Invalid, "shift.work_minutes"},
		{"longer than a day", rsudHR, &attendancev1.Shift{Code: "X", Start: "06:00", WorkMinutes: 1400, BreakMinutes: 60}, errs.Invalid, "shift.work_minutes"},
		{"bad start", rsudHR, &attendancev1.Shift{Code: "X", Start: "24:00", WorkMinutes: 360}, errs.Invalid, "shift.start"},
		{"agency HR of another agency", kominfoHR, &attendancev1.Shift{Code: "X", Start: "06:00", WorkMinutes: 360}, errs.PermissionDenied, ""},
	}
	for _, tt := range shifts {
		t.Run("create/"+tt.name, func(t *testing.T) {
			resp, err := s.api.CreateShift(tt.ctx, &attendancev1.CreateShiftRequest{Parent: "agencies/RSUD", Shift: tt.in})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatalf("CreateShift: %v", err)
			}
			if resp.GetShift().GetName() != "agencies/RSUD/shifts/"+tt.in.GetCode() {
				t.Errorf("name %q", resp.GetShift().GetName())
			}
		})
	}
	list, err := s.api.ListShifts(employee(calNurse, "RSUD"), &attendancev1.ListShiftsRequest{Parent: "agencies/RSUD"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sh := range list.GetShifts() {
		got = append(got, sh.GetCode()+" "+sh.GetStart()+"-"+sh.GetEnd())
	}
	if want := []string{"M 21:00-07:00", "P 07:00-14:00", "S 14:00-21:00"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ListShifts = %v, want %v", got, want)
	}

	entry := func(nip, date, shift string) app.RosterEntry {
		return app.RosterEntry{Employee: nip, Date: domain.MustDate(date), Shift: shift}
	}
	rosters := []struct {
		name    string
		ctx     context.Context
		entries []app.RosterEntry
		kind    errs.Kind
		field   string
	}{
		{"nurse's week", rsudHR, []app.RosterEntry{
			entry(calNurse, "2026-01-04", "P"), entry(calNurse, "2026-01-05", "M"), entry(calNurse, "2026-01-06", domain.RosterOff),
			entry(calNurse, "2026-01-07", "S"),
		}, 0, ""},
		{"unknown shift code", rsudHR, []app.RosterEntry{entry(calNurse, "2026-01-08", "P"), entry(calNurse, "2026-01-09", "X")}, errs.Invalid, "entries[1].shift"},
		{"shift of another agency", cityHR, []app.RosterEntry{entry(calStaff, "2026-01-08", "M")}, errs.Invalid, "entries[0].shift"},
		{"employee of another agency", rsudHR, []app.RosterEntry{entry(calStaff, "2026-01-08", domain.RosterOff)}, errs.PermissionDenied, ""},
		{"not in the directory", rsudHR, []app.RosterEntry{entry(calStranger, "2026-01-08", "P")}, errs.Invalid, "entries[0].employee"},
		{"retired", rsudHR, []app.RosterEntry{entry(calRetired, "2026-01-08", "P")}, errs.Invalid, "entries[0].employee"},
		{"twice the same day", rsudHR, []app.RosterEntry{entry(calNurse, "2026-01-08", "P"), entry(calNurse, "2026-01-08", "S")}, errs.Invalid, "entries[1].date"},
		{"nobody", rsudHR, nil, errs.Invalid, "entries"},
		{"employee", employee(calNurse, "RSUD"), []app.RosterEntry{entry(calNurse, "2026-01-08", domain.RosterOff)}, errs.PermissionDenied, ""},
		{"replacing a day", cityHR, []app.RosterEntry{entry(calNurse, "2026-01-07", "P")}, 0, ""},
	}
	for _, tt := range rosters {
		t.Run("set/"+tt.name, func(t *testing.T) {
			n, err := s.app.SetRoster(tt.ctx, tt.entries)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil || n != len(tt.entries) {
				t.Fatalf("SetRoster = %d, %v", n, err)
			}
		})
	}
	if n := s.count(t, `SELECT COUNT(*) FROM roster WHERE date >= $1`, "2026-01-08"); n != 0 {
		t.Errorf("refused rosters wrote %d entries", n)
	}
	_, err = s.api.SetRoster(rsudHR, &attendancev1.SetRosterRequest{Entries: []*attendancev1.RosterEntry{{Employee: calNurse, Date: "2026-01-32", Shift: "P"}}})
	testenv.WantKind(t, err, errs.Invalid, "entries[0].date")

	lists := []struct {
		name     string
		ctx      context.Context
		nip      string
		from, to string
		want     []string
		kind     errs.Kind
		field    string
	}{
		{"hospital HR", rsudHR, calNurse, "2026-01-01", "2026-01-31", []string{"2026-01-04 P", "2026-01-05 M", "2026-01-06 OFF", "2026-01-07 P"}, 0, ""},
		{"the nurse, some days", employee(calNurse, "RSUD"), calNurse, "2026-01-05", "2026-01-06", []string{"2026-01-05 M", "2026-01-06 OFF"}, 0, ""},
		{"someone else", employee(calStaff, "DISKOMINFO"), calNurse, "2026-01-01", "2026-01-31", nil, errs.PermissionDenied, ""},
		{"backwards", rsudHR, calNurse, "2026-01-31", "2026-01-01", nil, errs.Invalid, "end_date"},
		{"too long", rsudHR, calNurse, "2026-01-01", "2027-01-31", nil, errs.Invalid, "end_date"},
	}
	for _, tt := range lists {
		t.Run("list/"+tt.name, func(t *testing.T) {
			resp, err := s.api.ListRoster(tt.ctx, &attendancev1.ListRosterRequest{Employee: "employees/" + tt.nip, StartDate: tt.from, EndDate: tt.to})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range resp.GetEntries() {
				got = append(got, e.GetDate()+" "+e.GetShift())
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("ListRoster = %v, want %v", got, tt.want)
			}
		})
	}
	if got := s.audits(t, app.RosterName(calNurse)); len(got) != 2 {
		t.Errorf("audit records of the nurse's roster: %q; want two", got)
	}
}

func (s *calSuite) expectedDay(t *testing.T) {
	wita := domain.WITA.Location()
	wibLoc := domain.WIB.Location()
	at := func(date string, h, m int, loc *time.Location) time.Time {
		d := domain.MustDate(date)
		return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, loc)
	}
	staff := employee(calStaff, "DISKOMINFO")
	tests := []struct {
		name       string
		ctx        context.Context
		nip, date  string
		working    bool
		reason     domain.DayReason
		start, end time.Time
		holiday    string
		shift      string
		zone       attendancev1.TimeZone
		kind       errs.Kind
	}{
		{"regular Monday", staff, calStaff, "2026-01-05", true, domain.DayRegular, at("2026-01-05", 7, 30, wibLoc), at("2026-01-05", 16, 0, wibLoc), "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"Friday", staff, calStaff, "2026-01-09", true, domain.DayRegular, at("2026-01-09", 7, 30, wibLoc), at("2026-01-09", 16, 30, wibLoc), "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"Saturday", staff, calStaff, "2026-01-10", false, domain.DayWeekend, time.Time{}, time.Time{}, "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"national holiday", staff, calStaff, "2026-01-01", false, domain.DayNationalHoliday, time.Time{}, time.Time{}, "Tahun Baru Masehi", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"collective leave", staff, calStaff, "2026-12-24", false, domain.DayCollectiveLeave, time.Time{}, time.Time{}, "Cuti Bersama Hari Raya Natal", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"Ramadan", staff, calStaff, "2026-03-02", true, domain.DayRamadan, at("2026-03-02", 8, 0, wibLoc), at("2026-03-02", 15, 0, wibLoc), "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"agency's own hours in WITA", cityHR, calSetda, "2026-01-05", true, domain.DayRegular, at("2026-01-05", 8, 0, wita), at("2026-01-05", 16, 30, wita), "", "", attendancev1.TimeZone_TIME_ZONE_WITA, 0},
		{"agency's own Ramadan hours, no office", cityHR, calDishub, "2026-03-02", true, domain.DayRamadan, at("2026-03-02", 7, 30, wibLoc), at("2026-03-02", 14, 30, wibLoc), "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"night shift", rsudHR, calNurse, "2026-01-05", true, domain.DayShift, at("2026-01-05", 21, 0, wibLoc), at("2026-01-06", 7, 0, wibLoc), "", "M", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"shift on a Sunday", rsudHR, calNurse, "2026-01-04", true, domain.DayShift, at("2026-01-04", 7, 0, wibLoc), at("2026-01-04", 14, 0, wibLoc), "", "P", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"rostered off", rsudHR, calNurse, "2026-01-06", false, domain.DayRosterOff, time.Time{}, time.Time{}, "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"not rostered", rsudHR, calNurse, "2026-01-08", false, domain.DayNotRostered, time.Time{}, time.Time{}, "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"shift worker on a holiday without roster", rsudHR, calNurse, "2026-01-01", false, domain.DayNotRostered, time.Time{}, time.Time{}, "Tahun Baru Masehi", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"nurse long before her roster", rsudHR, calNurse, "2025-06-02", true, domain.DayRegular, at("2025-06-02", 7, 30, wibLoc), at("2025-06-02", 16, 0, wibLoc), "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"supervisor", supervisor(calHead, "DISKOMINFO"), calStaff, "2026-01-05", true, domain.DayRegular, at("2026-01-05", 7, 30, wibLoc), at("2026-01-05", 16, 0, wibLoc), "", "", attendancev1.TimeZone_TIME_ZONE_WIB, 0},
		{"colleague", employee(calColleague, "DISKOMINFO"), calStaff, "2026-01-05", false, "", time.Time{}, time.Time{}, "", "", 0, errs.PermissionDenied},
		{"agency HR of another agency", kominfoHR, calNurse, "2026-01-05", false, "", time.Time{}, time.Time{}, "", "", 0, errs.PermissionDenied},
		{"not in the directory", cityHR, calStranger, "2026-01-05", false, "", time.Time{}, time.Time{}, "", "", 0, errs.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.api.GetExpectedDay(tt.ctx, &attendancev1.GetExpectedDayRequest{Employee: "employees/" + tt.nip, Date: tt.date})
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, "")
				return
			}
			if err != nil {
				t.Fatalf("GetExpectedDay: %v", err)
			}
			e := resp.GetExpectedDay()
			if e.GetEmployee() != tt.nip || e.GetDate() != tt.date || e.GetWorking() != tt.working || e.GetReason() != string(tt.reason) ||
				e.GetHoliday() != tt.holiday || e.GetShift() != tt.shift || e.GetTimeZone() != tt.zone {
				t.Errorf("expected day = %v;\nwant working %v, reason %s, holiday %q, shift %q, zone %s", e, tt.working, tt.reason, tt.holiday, tt.shift, tt.zone)
			}
			if tt.working {
				if !e.GetStartTime().AsTime().Equal(tt.start) || !e.GetEndTime().AsTime().Equal(tt.end) {
					t.Errorf("from %s to %s, want %s to %s", e.GetStartTime().AsTime().In(tt.start.Location()), e.GetEndTime().AsTime().In(tt.start.Location()), tt.start, tt.end)
				}
				if want := int32(tt.end.Sub(tt.start).Minutes()); e.GetWorkMinutes() >= want || e.GetWorkMinutes() <= 0 {
					t.Errorf("work minutes %d, want between 0 and %d", e.GetWorkMinutes(), want)
				}
			} else if e.GetStartTime() != nil || e.GetEndTime() != nil {
				t.Errorf("a day off has times: %v", e)
			}
		})
	}

	// What RecordAttendance builds on: the roster of the day before comes along, for a night
	// shift that ends on the next day.
	t.Run("employee calendar", func(t *testing.T) {
		emp, err := directory.New(s.db).Employee(context.Background(), calNurse)
		if err != nil {
			t.Fatal(err)
		}
		e, ec, err := s.app.Expectation(context.Background(), emp, domain.MustDate("2026-01-06"))
		if err != nil {
			t.Fatal(err)
		}
		if e.Reason != domain.DayRosterOff || !ec.ShiftWorker || ec.Agency != "RSUD" || ec.Office != "rsud-pirngadi" || ec.TimeZone != domain.WIB ||
			ec.Roster[domain.MustDate("2026-01-05")] != "M" || ec.Roster[domain.MustDate("2026-01-07")] != "P" {
			t.Errorf("Expectation = %+v, %+v", e, ec)
		}
	})
}
