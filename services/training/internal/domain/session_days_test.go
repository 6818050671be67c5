package domain_test

import (
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestSessionDates(t *testing.T) {
	tests := []struct {
		name       string
		start, end time.Time
		want       []string
	}{
		{"three days in Medan", at(5, 4, 8, 0), at(5, 6, 16, 0), []string{"2026-05-04", "2026-05-05", "2026-05-06"}},
		{"one afternoon", at(5, 4, 13, 0), at(5, 4, 17, 0), []string{"2026-05-04"}},
		{"ends at midnight: the next day is not a day of it", at(5, 4, 8, 0), at(5, 5, 0, 0), []string{"2026-05-04"}},
		{"a start at 06:00 WIB is 23:00 UTC the day before, still the 4th in WIB", at(5, 4, 6, 0), at(5, 4, 12, 0), []string{"2026-05-04"}},
		{"over the month's end", at(4, 30, 8, 0), at(5, 1, 12, 0), []string{"2026-04-30", "2026-05-01"}},
		{"end before start", at(5, 4, 8, 0), at(5, 4, 8, 0), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.SessionDates(session("s1", tt.start, tt.end), wib)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckSessionDay(t *testing.T) {
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	tests := []struct {
		name  string
		date  string
		now   time.Time
		field string
	}{
		{"the first day, that morning", "2026-05-04", at(5, 4, 9, 0), ""},
		{"the last day, a week later", "2026-05-06", at(5, 13, 9, 0), ""},
		{"the second day before it begins", "2026-05-05", at(5, 4, 23, 0), "date"},
		{"the day before the session", "2026-05-03", at(5, 10, 9, 0), "date"},
		{"the day after the session", "2026-05-07", at(5, 10, 9, 0), "date"},
		{"not a date", "4 Mei 2026", at(5, 10, 9, 0), "date"},
		{"no date", "", at(5, 10, 9, 0), "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantField(t, domain.CheckSessionDay(s, wib, tt.date, tt.now), tt.field)
		})
	}
}

func TestRollCall(t *testing.T) {
	seats := []domain.SeatHolder{{Enrolment: "e1", Employee: "n1"}, {Enrolment: "e2", Employee: "n2"}, {Enrolment: "e3", Employee: "n3"}}
	tests := []struct {
		name    string
		present []string
		want    []bool // per seat
		field   string
	}{
		{"two of three", []string{"e3", "e1"}, []bool{true, false, true}, ""},
		{"nobody came", nil, []bool{false, false, false}, ""},
		{"not a seat holder", []string{"e1", "e9"}, nil, "present[1]"},
		{"named twice", []string{"e2", "e2"}, nil, "present[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			marks, err := domain.RollCall(seats, tt.present)
			wantField(t, err, tt.field)
			if tt.field != "" {
				return
			}
			if len(marks) != len(seats) {
				t.Fatalf("marks %+v", marks)
			}
			for i, m := range marks {
				if m.Enrolment != seats[i].Enrolment || m.Employee != seats[i].Employee || m.Present != tt.want[i] {
					t.Errorf("mark %d = %+v, want present %v", i, m, tt.want[i])
				}
			}
		})
	}
}

func TestAttendanceCheckPass(t *testing.T) {
	tests := []struct {
		name              string
		present, recorded int
		percent           int
		ok                bool
	}{
		{"all five days", 5, 5, 100, true},
		{"four of five is 80 %", 4, 5, 80, true},
		{"three of five is 60 %", 3, 5, 60, false},
		{"seven of nine is 77 %", 7, 9, 77, false},
		{"none recorded", 0, 0, 0, false},
		{"recorded, never present", 0, 3, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := domain.Attendance{Enrolment: "e1", Present: tt.present, Recorded: tt.recorded}
			if a.Percent() != tt.percent {
				t.Errorf("percent %d, want %d", a.Percent(), tt.percent)
			}
			err := a.CheckPass(domain.DefaultPolicy().PassAttendancePercent)
			if tt.ok != (err == nil) || (err != nil && !errs.IsKind(err, errs.FailedPrecondition)) {
				t.Errorf("CheckPass = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestPolicyPassAttendance(t *testing.T) {
	for _, pct := range []int{0, 101} {
		p := domain.DefaultPolicy()
		p.PassAttendancePercent = pct
		wantField(t, p.Validate(), "pass_attendance_percent")
	}
}
