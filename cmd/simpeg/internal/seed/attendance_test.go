package seed

import (
	"encoding/csv"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// distance is the great-circle distance in meters, on the sphere the attendance service uses.
func distance(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dφ, dλ := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * 6_371_008.8 * math.Asin(math.Sqrt(h))
}

func TestOfficeSites(t *testing.T) {
	tops := dataset(t).topAgencies()
	if len(tops) != 40 {
		t.Fatalf("%d top-level agencies, want 40", len(tops))
	}
	id := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	for _, ag := range tops {
		s, ok := officeSites[ag.code]
		if !ok {
			t.Errorf("agency %s has no office site", ag.code)
			continue
		}
		// Medan lies between about 3.48 and 3.80 N and 98.59 and 98.74 E.
		if s.lat < 3.48 || s.lat > 3.80 || s.lon < 98.59 || s.lon > 98.74 {
			t.Errorf("%s's office at %v is outside Medan", ag.code, s)
		}
		if !id.MatchString(officeID(ag.code)) {
			t.Errorf("office id %q is not a valid office id", officeID(ag.code))
		}
		if n := officeName(ag.name); len([]rune(n)) > 200 || !strings.HasSuffix(n, "(lokasi ilustratif)") {
			t.Errorf("office name %q: want at most 200 characters, saying it is illustrative", n)
		}
	}
	if len(officeSites) != len(tops) {
		t.Errorf("%d office sites for %d agencies", len(officeSites), len(tops))
	}
	for a, s := range officeSites {
		for b, u := range officeSites {
			if a < b && distance(s.lat, s.lon, u.lat, u.lon) < 250 {
				t.Errorf("the offices of %s and %s are %.0f m apart; their 100 m geofences should not come near", a, b, distance(s.lat, s.lon, u.lat, u.lon))
			}
		}
	}
	// A kecamatan's office lies in its part of the city: Belawan on the coast in the north,
	// Tuntungan in the south.
	if n, s := officeSites["KEC-MEDAN-BELAWAN"], officeSites["KEC-MEDAN-TUNTUNGAN"]; n.lat-s.lat < 0.2 {
		t.Errorf("Medan Belawan (%v) should be well north of Medan Tuntungan (%v)", n, s)
	}
}

func TestDecreeHolidays(t *testing.T) {
	fixed := []string{"01-01", "05-01", "06-01", "08-17", "12-25"}
	for year, rows := range decreeHolidays {
		national, collective := 0, 0
		var dates []string
		for _, h := range rows {
			d, err := time.Parse(time.DateOnly, h.date)
			if err != nil || d.Year() != year {
				t.Errorf("%d: row %v has no date of the year", year, h)
			}
			if slices.Contains(fixed, h.date[5:]) {
				t.Errorf("%d: %s %q is a fixed-date holiday the service knows by itself", year, h.date, h.name)
			}
			if strings.TrimSpace(h.name) == "" || strings.Contains(h.name, "\n") {
				t.Errorf("%d: row %v has no usable name", year, h)
			}
			if h.collective {
				collective++
				if !strings.HasPrefix(h.name, "Cuti Bersama ") {
					t.Errorf("%d: collective leave day %s is named %q", year, h.date, h.name)
				}
			} else {
				national++
			}
			dates = append(dates, h.date)
		}
		if !slices.IsSorted(dates) || len(slices.Compact(slices.Clone(dates))) != len(dates) {
			t.Errorf("%d: dates not in order or repeated: %v", year, dates)
		}
		// The decree of 2026: 17 national holidays (5 of them fixed-date) and 8 collective leave days.
		if year == 2026 && (national != 17-len(fixed) || collective != 8) {
			t.Errorf("2026: %d national and %d collective rows, want 12 and 8", national, collective)
		}
		got, err := csv.NewReader(strings.NewReader(holidaysCSV(rows))).ReadAll()
		if err != nil {
			t.Fatalf("%d: the import's CSV does not parse: %v", year, err)
		}
		if len(got) != len(rows)+1 || strings.Join(got[0], ",") != "date,name,kind" {
			t.Fatalf("%d: the CSV has %d lines, header %v", year, len(got), got[0])
		}
		for i, h := range rows {
			want := []string{h.date, h.name, map[bool]string{true: "collective", false: "national"}[h.collective]}
			if !slices.Equal(got[i+1], want) {
				t.Errorf("%d: CSV line %d is %v, want %v", year, i+2, got[i+1], want)
			}
		}
	}
	if DecreeHolidayCount() != 20 {
		t.Errorf("DecreeHolidayCount() = %d, want the 20 rows of 2026", DecreeHolidayCount())
	}
}

func TestPlanDay(t *testing.T) {
	d := dataset(t)
	staff := d.historyStaff()
	start := time.Date(2026, 11, 30, 7, 30, 0, 0, wib)
	wd := workday{date: "2026-11-30", start: start, end: time.Date(2026, 11, 30, 16, 0, 0, 0, wib)}
	clientID := regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)
	var days, late, absent, early, outside, records int
	seen := map[string]bool{}
	for _, ag := range historyAgencies {
		office := officeSites[ag.code]
		for day := range 10 {
			w := wd
			w.date = time.Date(2026, 11, 16+day, 0, 0, 0, 0, wib).Format(time.DateOnly)
			recs, n := planDay(d.Seed, ag, staff[ag.code], w, office)
			again, n2 := planDay(d.Seed, ag, staff[ag.code], w, office)
			if n != n2 || !slices.Equal(recs, again) {
				t.Fatalf("%s %s: planning the same day twice gave different days", ag.code, w.date)
			}
			days += len(staff[ag.code])
			absent += n
			if len(recs) != 2*(len(staff[ag.code])-n) {
				t.Fatalf("%s %s: %d records for %d present", ag.code, w.date, len(recs), len(staff[ag.code])-n)
			}
			for _, r := range recs {
				records++
				id := r.clientID()
				if seen[id] || !clientID.MatchString(id) {
					t.Fatalf("client id %q repeated or not valid", id)
				}
				seen[id] = true
				dist := distance(office.lat, office.lon, r.lat, r.lon)
				switch {
				case dist > 150-0.5 && dist <= 400.5:
					outside++
				case dist > 40.5:
					t.Fatalf("%s is %.0f m from the office", id, dist)
				}
				if r.accuracy < 5 || r.accuracy > 25 {
					t.Fatalf("%s: accuracy %.1f m", id, r.accuracy)
				}
				if r.checkIn {
					switch m := r.device.Sub(w.start); {
					case m > 0 && (m < 5*time.Minute || m >= 46*time.Minute):
						t.Fatalf("%s is late by %s; late means 5 to 45 minutes", id, m)
					case m > 0:
						late++
					case m < -40*time.Minute || m == 0:
						t.Fatalf("%s is %s early", id, -m)
					}
					continue
				}
				switch m := r.device.Sub(w.end); {
				case m < 0 && (m > -10*time.Minute || m < -60*time.Minute):
					t.Fatalf("%s leaves %s early; early means 10 to 60 minutes", id, -m)
				case m < 0:
					early++
				case m >= 50*time.Minute:
					t.Fatalf("%s leaves %s after the end", id, m)
				}
			}
		}
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	// About 10 % of the days late and 3 % absent over the five agencies; 3 % leave early and 1 %
	// of the records lie outside the geofence.
	for _, c := range []struct {
		what     string
		got      float64
		low, top float64
	}{
		{"late", share(late, days), 0.08, 0.12},
		{"absent", share(absent, days), 0.02, 0.045},
		{"early", share(early, days-absent), 0.015, 0.045},
		{"outside", share(outside, records), 0.004, 0.02},
	} {
		if c.got < c.low || c.got > c.top {
			t.Errorf("%s share %.3f, want %.3f to %.3f", c.what, c.got, c.low, c.top)
		}
	}
}

func TestLeaveSpecDates(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, wib)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		today string
		want  []string // first and last day of each spec, "start/end"
	}{
		{"2026-12-05", []string{"2026-12-05/2026-12-09", "2026-12-07/2026-12-08", "2026-12-09/2026-12-10", "2026-12-10/2026-12-11", "2026-12-14/2026-12-16"}}, // a Saturday
		{"2026-12-07", []string{"2026-12-07/2026-12-16", "2026-12-14/2026-12-15", "2026-12-16/2026-12-17", "2026-12-17/2026-12-18", "2026-12-21/2026-12-23"}}, // a Monday
		{"2026-12-23", []string{"2026-12-23/2026-12-30", "2026-12-28/2026-12-29", "2026-12-30/2026-12-31", "2026-12-31/2026-12-31", "2027-01-04/2027-01-06"}}, // annual leave stays in its year
		{"2026-12-29", []string{"2026-12-29/2026-12-31", "2027-01-04/2027-01-05", "2027-01-06/2027-01-07", "2027-01-07/2027-01-08", "2027-01-11/2027-01-13"}}, // next week is next year
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			today := day(tt.today)
			var got []string
			for _, s := range leaveSpecs {
				start, end := s.dates(today)
				got = append(got, start.Format(time.DateOnly)+"/"+end.Format(time.DateOnly))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("dates %v\nwant  %v", got, tt.want)
			}
		})
	}
	states := map[string]int{}
	reasons := map[string]bool{}
	for _, s := range leaveSpecs {
		states[s.state]++
		if reasons[s.reason] || !strings.HasSuffix(s.reason, demoMarker) {
			t.Errorf("reason %q repeated or not marked as demo data", s.reason)
		}
		reasons[s.reason] = true
	}
	if states[leaveApproved] == 0 || states[leaveSubmitted] == 0 || states[leaveRejected] == 0 {
		t.Errorf("states %v; want approved, submitted and rejected requests", states)
	}
}

func TestLeaveCandidates(t *testing.T) {
	d := dataset(t)
	sup, team := demoTeam(d, leaveAgency)
	if sup == "" || len(team) < 2+len(leaveSpecs) {
		t.Fatalf("the demo team: supervisor %q with %d reports; want room for the sign-in's two employees and %d requests", sup, len(team), len(leaveSpecs))
	}
	cands := leaveCandidates(d)
	for i, e := range cands[:len(leaveSpecs)] {
		if e.GetSupervisor() != sup || e.GetNip() != team[2+i] {
			t.Errorf("candidate %d is %s (supervisor %s); want the team's report %s", i, e.GetNip(), e.GetSupervisor(), team[2+i])
		}
	}
	seen := map[string]bool{}
	for _, e := range cands {
		switch n := e.GetNip(); {
		case n == sup || n == team[0] || n == team[1] || seen[n]:
			t.Errorf("candidate %s is the supervisor, a sign-in employee or repeated", n)
		case e.GetAgency() != leaveAgency || e.GetSupervisor() == "":
			t.Errorf("candidate %s of %s has supervisor %q", n, e.GetAgency(), e.GetSupervisor())
		}
		seen[e.GetNip()] = true
	}
}
