package domain_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestLedgerStates(t *testing.T) {
	earned, projected := domain.LedgerStates()
	if fmt.Sprint(earned) != "[passed]" || fmt.Sprint(projected) != "[enrolled]" {
		t.Errorf("earned %v, projected %v; want [passed], [enrolled]", earned, projected)
	}
}

func TestLedgerStatesOfOtherSources(t *testing.T) {
	if got := domain.ExternalLedgerStates(); fmt.Sprint(got) != "[verified]" {
		t.Errorf("external: %v, want [verified]", got)
	}
	earned, projected := domain.PlacementLedgerOutcomes()
	if fmt.Sprint(earned) != "[{completed true}]" || fmt.Sprint(projected) != "[{active false} {active true}]" {
		t.Errorf("placements: earned %v, projected %v", earned, projected)
	}
}

func TestYearBounds(t *testing.T) {
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	jayapura, _ := time.LoadLocation("Asia/Jayapura")
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		in   bool // in 2026
	}{
		{"31 Dec 23:30 WIB", time.Date(2026, 12, 31, 23, 30, 0, 0, jakarta), jakarta, true},
		{"1 Jan 00:30 WIB", time.Date(2027, 1, 1, 0, 30, 0, 0, jakarta), jakarta, false},
		{"1 Jan 00:00 WIB exactly", time.Date(2027, 1, 1, 0, 0, 0, 0, jakarta), jakarta, false},
		{"1 Jan 2026 00:00 WIB exactly", time.Date(2026, 1, 1, 0, 0, 0, 0, jakarta), jakarta, true},
		{"1 Jan 00:30 WIT is 31 Dec in Medan, 2027 in Jayapura", time.Date(2027, 1, 1, 0, 30, 0, 0, jayapura), jayapura, false},
		{"31 Dec 23:30 WIT", time.Date(2026, 12, 31, 23, 30, 0, 0, jayapura), jayapura, true},
	}
	for _, tt := range tests {
		from, to := domain.YearBounds(2026, tt.loc)
		in := !tt.t.Before(from) && tt.t.Before(to)
		if in != tt.in || in != (tt.t.In(tt.loc).Year() == 2026) {
			t.Errorf("%s: in 2026 = %v, want %v", tt.name, in, tt.in)
		}
	}
}

func TestParticipation(t *testing.T) {
	tests := []struct {
		name   string
		counts map[domain.EnrolmentState]int
		want   domain.Participation
		seats  int
		rate   float64
	}{
		{"nothing", nil, domain.Participation{}, 0, 0},
		{"running: no rate yet", map[domain.EnrolmentState]int{domain.Enrolled: 25, domain.Waitlisted: 3},
			domain.Participation{Enrolled: 25, Waitlisted: 3, Cost: 25 * 1_500_000}, 25, 0},
		{"finished: 18 of 24 passed",
			map[domain.EnrolmentState]int{domain.Passed: 18, domain.Failed: 4, domain.DidNotFinish: 2, domain.Withdrawn: 5, domain.Rejected: 1, domain.Requested: 2},
			domain.Participation{Passed: 18, Failed: 4, DidNotFinish: 2, JPDelivered: 18 * 20, Cost: 24 * 1_500_000}, 24, 0.75},
	}
	for _, tt := range tests {
		var p domain.Participation
		for st, n := range tt.counts {
			p.Count(st, n, 20, 1_500_000)
		}
		if p != tt.want || p.SeatHolders() != tt.seats || p.CompletionRate() != tt.rate {
			t.Errorf("%s: %+v (seats %d, rate %v), want %+v (%d, %v)", tt.name, p, p.SeatHolders(), p.CompletionRate(), tt.want, tt.seats, tt.rate)
		}
		var sum domain.Participation
		sum.Add(p)
		sum.Add(p)
		if sum.Passed != 2*p.Passed || sum.Cost != 2*p.Cost || sum.JPDelivered != 2*p.JPDelivered {
			t.Errorf("%s: Add twice = %+v", tt.name, sum)
		}
	}
}
