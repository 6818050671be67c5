package domain_test

import (
	"math"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Medan city hall (Balai Kota), about 3.590° N 98.678° E.
const (
	ckHallLat = 3.590
	ckHallLon = 98.678
)

// ckMetersPerDegree is the length of one degree of a meridian on the sphere of the mean Earth
// radius: R·π/180.
const ckMetersPerDegree = domain.EarthRadiusMeters * math.Pi / 180

// ckNorth returns the latitude m meters due north of the city hall: an exact meridian arc.
func ckNorth(m float64) float64 { return ckHallLat + m/ckMetersPerDegree }

var ckHall = domain.Office{ID: "BALAI-KOTA", Name: "Balai Kota Medan", Lat: ckHallLat, Lon: ckHallLon, TimeZone: domain.WIB}

func TestDistance(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		{"same point", ckHallLat, ckHallLon, ckHallLat, ckHallLon, 0, 1e-9},
		{"100 m north of the city hall", ckHallLat, ckHallLon, ckNorth(100), ckHallLon, 100, 1e-6},
		{"0.0009° north (~100 m)", ckHallLat, ckHallLon, 3.5909, ckHallLon, 0.0009 * ckMetersPerDegree, 1e-6},
		// Along a parallel the arc is R·Δλ·cos φ; the great circle is shorter by a negligible
		// amount over 100 m.
		{"0.0009° east (~100 m)", ckHallLat, ckHallLon, ckHallLat, 98.6789, 0.0009 * ckMetersPerDegree * math.Cos(ckHallLat*math.Pi/180), 1e-3},
		{"one degree of latitude", 0, 98.678, 1, 98.678, 111_195.08, 0.01},
		{"a quarter meridian, equator to pole", 0, 0, 90, 0, math.Pi / 2 * domain.EarthRadiusMeters, 1e-6},
		{"symmetric", ckNorth(100), ckHallLon, ckHallLat, ckHallLon, 100, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.Distance(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > tt.tol {
				t.Fatalf("Distance = %.6f m, want %.6f ± %g", got, tt.want, tt.tol)
			}
		})
	}
}

func TestValidateCoordinates(t *testing.T) {
	tests := []struct {
		name          string
		lat, lon, acc float64
		field         string // "" for valid
	}{
		{"city hall", ckHallLat, ckHallLon, 12, ""},
		{"corners", -90, 180, 0, ""},
		{"latitude too high", 90.0001, ckHallLon, 5, "latitude"},
		{"latitude too low", -91, ckHallLon, 5, "latitude"},
		{"longitude too far east", ckHallLat, 180.5, 5, "longitude"},
		{"longitude too far west", ckHallLat, -181, 5, "longitude"},
		{"negative accuracy", ckHallLat, ckHallLon, -1, "accuracy_meters"},
		{"NaN latitude", math.NaN(), ckHallLon, 5, "latitude"},
		{"infinite accuracy", ckHallLat, ckHallLon, math.Inf(1), "accuracy_meters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.ValidateCoordinates(tt.lat, tt.lon, tt.acc)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("ValidateCoordinates: %v", err)
				}
				return
			}
			calViolation(t, err, errs.Invalid, tt.field)
		})
	}
}

func TestOfficeValidate(t *testing.T) {
	if err := ckHall.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if r := ckHall.Radius(domain.DefaultPolicy()); r != 100 {
		t.Fatalf("default radius %g, want 100", r)
	}
	bad := domain.Office{Lat: 91, Lon: 200, RadiusMeters: -5, TimeZone: "CET"}
	err := bad.Validate()
	for _, f := range []string{"id", "name", "latitude", "longitude", "radius_meters", "time_zone"} {
		calViolation(t, err, errs.Invalid, f)
	}
}

func TestEvaluateCheckIn(t *testing.T) {
	c := calFixture(t)
	wib := domain.WIB.Location()
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, wib)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	monday := c.Expected(calOfficeWorker, domain.MustDate("2026-01-05"))   // 07:30-16:00
	friday := c.Expected(calOfficeWorker, domain.MustDate("2026-01-09"))   // 07:30-16:30
	saturday := c.Expected(calOfficeWorker, domain.MustDate("2026-01-10")) // weekend
	ramadan := c.Expected(calOfficeWorker, domain.MustDate("2026-03-02"))  // 08:00-15:00
	night := c.Expected(calNurse, domain.MustDate("2026-01-10"))           // 21:00-07:00
	witaEmp := calOfficeWorker
	witaEmp.TimeZone = domain.WITA
	wita := c.Expected(witaEmp, domain.MustDate("2026-01-05")) // 07:30 WITA = 23:30 UTC on the 4th
	witaOffice := domain.Office{ID: "KANTOR-MAKASSAR", Name: "Kantor Makassar", Lat: -5.135, Lon: 119.423, TimeZone: domain.WITA}

	refuse := domain.DefaultPolicy()
	refuse.OutsideGeofence = domain.GeofenceRefuse
	wide := ckHall
	wide.RadiusMeters = 200

	type want struct {
		outcome    domain.Outcome
		late       int
		early      int
		outside    bool
		lateSynced bool
	}
	tests := []struct {
		name      string
		policy    domain.Policy
		exp       domain.Expectation
		office    domain.Office
		kind      domain.CheckKind
		device    time.Time
		server    time.Time // zero: device time + 10 s
		lat       float64   // 0: at the city hall
		acc       float64
		want      want
		refusal   string // the errs reason, or "invalid" for bad input
		badField  string
		distMeter float64 // checked when > 0
	}{
		{name: "early arrival", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:12:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "exactly 07:30", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:30:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "07:30:59 rounds down to on time", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:30:59"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "07:31 is late by 1", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:31:00"), want: want{outcome: domain.OutcomeLate, late: 1}},
		{name: "late by 17", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:47:40"), want: want{outcome: domain.OutcomeLate, late: 17}},
		{name: "check-out at 16:00", exp: monday, kind: domain.CheckKindOut, device: at("2026-01-05 16:00:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "check-out after 16:00", exp: monday, kind: domain.CheckKindOut, device: at("2026-01-05 17:05:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "early departure by 14", exp: monday, kind: domain.CheckKindOut, device: at("2026-01-05 15:45:30"), want: want{outcome: domain.OutcomeEarlyDeparture, early: 14}},
		{name: "Friday ends 16:30: 16:15 is early by 15", exp: friday, kind: domain.CheckKindOut, device: at("2026-01-09 16:15:00"), want: want{outcome: domain.OutcomeEarlyDeparture, early: 15}},
		{name: "Friday 16:30 on time", exp: friday, kind: domain.CheckKindOut, device: at("2026-01-09 16:30:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "Ramadan starts 08:00", exp: ramadan, kind: domain.CheckKindIn, device: at("2026-03-02 08:10:00"), want: want{outcome: domain.OutcomeLate, late: 10}},
		{name: "Ramadan ends 15:00", exp: ramadan, kind: domain.CheckKindOut, device: at("2026-03-02 15:00:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "not a working day", exp: saturday, kind: domain.CheckKindIn, device: at("2026-01-10 09:00:00"), want: want{outcome: domain.OutcomeNotWorkingDay}},
		{name: "on leave", exp: monday.WithLeave("tahunan"), kind: domain.CheckKindIn, device: at("2026-01-05 09:00:00"), want: want{outcome: domain.OutcomeOnLeave}},
		{name: "night shift check-in late by 5", exp: night, kind: domain.CheckKindIn, device: at("2026-01-10 21:05:00"), want: want{outcome: domain.OutcomeLate, late: 5}},
		{name: "night shift check-out next morning early by 20", exp: night, kind: domain.CheckKindOut, device: at("2026-01-11 06:40:00"), want: want{outcome: domain.OutcomeEarlyDeparture, early: 20}},
		{name: "night shift check-out at 07:00 next day", exp: night, kind: domain.CheckKindOut, device: at("2026-01-11 07:00:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "WITA office: 23:45 UTC is 07:45 WITA, late by 15", exp: wita, office: witaOffice, kind: domain.CheckKindIn,
			device: time.Date(2026, 1, 4, 23, 45, 0, 0, time.UTC), lat: -5.135, want: want{outcome: domain.OutcomeLate, late: 15}},

		// The geofence, 100 m by default; accuracy is subtracted (the lenient reading).
		{name: "90 m away is inside", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(90), acc: 5, want: want{outcome: domain.OutcomeOnTime}, distMeter: 90},
		{name: "150 m away with 10 m accuracy is flagged", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(150), acc: 10, want: want{outcome: domain.OutcomeOnTime, outside: true}, distMeter: 150},
		{name: "130 m away with 40 m accuracy may be inside", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(130), acc: 40, want: want{outcome: domain.OutcomeOnTime}},
		{name: "101 m away, exact fix, is outside", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(101), want: want{outcome: domain.OutcomeOnTime, outside: true}},
		{name: "outside and late are both reported", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:40:00"), lat: ckNorth(500), acc: 20, want: want{outcome: domain.OutcomeLate, late: 10, outside: true}},
		{name: "office radius 200 m overrides the policy", exp: monday, office: wide, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(150), want: want{outcome: domain.OutcomeOnTime}},
		{name: "refused outside when the policy says so", policy: refuse, exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(150), acc: 10,
			refusal: domain.RefusedOutsideGeofence, badField: "latitude"},
		{name: "refuse policy inside is fine", policy: refuse, exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:20:00"), lat: ckNorth(60), want: want{outcome: domain.OutcomeOnTime}},

		// Offline uploads (72 h) and clock skew (5 min).
		{name: "uploaded 71 h later: accepted, late-synced, device time kept", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:45:00"),
			server: at("2026-01-05 07:45:00").Add(71 * time.Hour), want: want{outcome: domain.OutcomeLate, late: 15, lateSynced: true}},
		{name: "uploaded exactly 72 h later: accepted", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:25:00"),
			server: at("2026-01-05 07:25:00").Add(72 * time.Hour), want: want{outcome: domain.OutcomeOnTime, lateSynced: true}},
		{name: "uploaded 73 h later: refused", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:25:00"),
			server: at("2026-01-05 07:25:00").Add(73 * time.Hour), refusal: domain.RefusedDeviceTimeTooOld, badField: "device_time"},
		{name: "arrives 4 min later: not late-synced", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:25:00"),
			server: at("2026-01-05 07:29:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "arrives 6 min later: late-synced", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:25:00"),
			server: at("2026-01-05 07:31:00"), want: want{outcome: domain.OutcomeOnTime, lateSynced: true}},
		{name: "device clock 4 min ahead: accepted", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:29:00"),
			server: at("2026-01-05 07:25:00"), want: want{outcome: domain.OutcomeOnTime}},
		{name: "device clock 6 min ahead: refused", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:31:00"),
			server: at("2026-01-05 07:25:00"), refusal: domain.RefusedDeviceTimeInFuture, badField: "device_time"},
		{name: "a day in the future: refused", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-06 07:25:00"),
			server: at("2026-01-05 07:25:00"), refusal: domain.RefusedDeviceTimeInFuture, badField: "device_time"},

		// Bad input.
		{name: "bad kind", exp: monday, kind: "lunch", device: at("2026-01-05 07:25:00"), refusal: "invalid", badField: "kind"},
		{name: "no device time", exp: monday, kind: domain.CheckKindIn, server: at("2026-01-05 07:25:00"), refusal: "invalid", badField: "device_time"},
		{name: "latitude out of range", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:25:00"), lat: 95, refusal: "invalid", badField: "latitude"},
		{name: "negative accuracy", exp: monday, kind: domain.CheckKindIn, device: at("2026-01-05 07:25:00"), acc: -3, refusal: "invalid", badField: "accuracy_meters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.policy
			if p == (domain.Policy{}) {
				p = domain.DefaultPolicy()
			}
			office := tt.office
			if office.ID == "" {
				office = ckHall
			}
			lat := tt.lat
			if lat == 0 {
				lat = office.Lat
			}
			server := tt.server
			if server.IsZero() {
				server = tt.device.Add(10 * time.Second)
			}
			in := domain.CheckIn{ClientID: "0b9f6c1e-8a41-4d0e-9a55-3f1e2d7c6b10", Kind: tt.kind, DeviceTime: tt.device,
				Lat: lat, Lon: office.Lon, AccuracyMeters: tt.acc, DeviceID: "android-5f2c"}
			r, err := domain.EvaluateCheckIn(p, tt.exp, office, in, server)
			switch tt.refusal {
			case "":
			case "invalid":
				calViolation(t, err, errs.Invalid, tt.badField)
				return
			default:
				e := calViolation(t, err, errs.FailedPrecondition, tt.badField)
				if e.Reason != tt.refusal {
					t.Fatalf("reason %q, want %q", e.Reason, tt.refusal)
				}
				return
			}
			if err != nil {
				t.Fatalf("EvaluateCheckIn: %v", err)
			}
			got := want{r.Outcome, r.LateMinutes, r.EarlyMinutes, r.OutsideGeofence, r.LateSynced}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v (distance %.1f m)", got, tt.want, r.DistanceMeters)
			}
			if !r.AttendanceTime.Equal(tt.device) || r.AttendanceTime.Location() != office.TimeZone.Location() {
				t.Errorf("attendance time %v, want the device time %v in %v", r.AttendanceTime, tt.device, office.TimeZone)
			}
			if !r.ReceivedAt.Equal(server) || r.Kind != tt.kind || r.Date != tt.exp.Date {
				t.Errorf("received %v kind %s date %s", r.ReceivedAt, r.Kind, r.Date)
			}
			if tt.distMeter > 0 && math.Abs(r.DistanceMeters-tt.distMeter) > 0.01 {
				t.Errorf("distance %.3f m, want %.0f", r.DistanceMeters, tt.distMeter)
			}
			if tt.want.outcome == domain.OutcomeOnLeave && r.LeaveType != "tahunan" {
				t.Errorf("leave type %q", r.LeaveType)
			}
		})
	}
}

func TestCheckInValidate(t *testing.T) {
	ok := domain.CheckIn{ClientID: "c-1", Kind: domain.CheckKindOut, DeviceTime: time.Date(2026, 1, 5, 16, 0, 0, 0, time.UTC), Lat: ckHallLat, Lon: ckHallLon, DeviceID: "web"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	long := make([]byte, 129)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		edit  func(*domain.CheckIn)
		field string
	}{
		{"no client id", func(c *domain.CheckIn) { c.ClientID = "" }, "client_id"},
		{"client id with a space", func(c *domain.CheckIn) { c.ClientID = "a b" }, "client_id"},
		{"client id too long", func(c *domain.CheckIn) { c.ClientID = string(long) }, "client_id"},
		{"no device id", func(c *domain.CheckIn) { c.DeviceID = "" }, "device_id"},
		{"longitude out of range", func(c *domain.CheckIn) { c.Lon = -190 }, "longitude"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			calViolation(t, c.Validate(), errs.Invalid, tt.field)
		})
	}
	// A bad policy is a fault of the deployment, not an Invalid request.
	p := domain.DefaultPolicy()
	p.OutsideGeofence = ""
	_, err := domain.EvaluateCheckIn(p, domain.Expectation{}, ckHall, ok, ok.DeviceTime)
	if _, isErrs := errs.As(err); err == nil || isErrs {
		t.Fatalf("bad policy: %v", err)
	}
}
