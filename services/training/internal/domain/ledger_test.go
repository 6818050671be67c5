package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestLedger(t *testing.T) {
	march := session("s-mar", at(3, 9, 8, 0), at(3, 11, 16, 0))
	// A session ending 31 December 23:30 WIB is in 2026 in Medan although it is 16:30 UTC.
	eve := session("s-eve", at(12, 31, 19, 0), at(12, 31, 23, 30))
	wibLoc := wib
	type row struct {
		state domain.EnrolmentState
		s     domain.Session
		jp    int
	}
	tests := []struct {
		name              string
		rows              []row
		external          []domain.External
		earned, projected int
		short, projShort  int
	}{
		{"nothing yet", nil, nil, 0, 0, 20, 20},
		{"one 24 JP classroom passed", []row{{domain.Passed, march, 24}}, nil, 24, 0, 0, 0},
		{"12 passed + 8 enrolled: short 8 now, 0 projected",
			[]row{{domain.Passed, march, 12}, {domain.Enrolled, march, 8}}, nil, 12, 8, 8, 0},
		{"failed and did-not-finish earn nothing",
			[]row{{domain.Failed, march, 24}, {domain.DidNotFinish, march, 24}, {domain.Passed, march, 5}}, nil, 5, 0, 15, 15},
		{"withdrawn, rejected and waitlisted count for nothing",
			[]row{{domain.Withdrawn, march, 24}, {domain.Rejected, march, 24}, {domain.Waitlisted, march, 24}}, nil, 0, 0, 20, 20},
		{"requested (not approved) counts for nothing", []row{{domain.Requested, march, 21}}, nil, 0, 0, 20, 20},
		{"enrolled 21 is projected", []row{{domain.Enrolled, march, 21}}, nil, 0, 21, 20, 0},
		{"verified external 16 + passed 4 = 20 exactly",
			[]row{{domain.Passed, eve, 4}},
			[]domain.External{{ID: "x1", Employee: "e", End: at(6, 1, 12, 0), JP: 16, State: domain.ExternalVerified}}, 20, 0, 0, 0},
		{"unverified external does not count",
			nil, []domain.External{{ID: "x1", Employee: "e", End: at(6, 1, 12, 0), JP: 16}}, 0, 0, 20, 20},
		{"external in 2025 does not count for 2026",
			nil, []domain.External{{ID: "x1", Employee: "e", End: time.Date(2025, 12, 31, 16, 0, 0, 0, wib), JP: 30, State: domain.ExternalVerified}}, 0, 0, 20, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var entries []domain.JPEntry
			for i, r := range tt.rows {
				e := domain.Enrolment{ID: string(rune('a' + i)), Employee: "e", State: r.state}
				if en, ok := domain.SessionEntry(e, r.s, r.jp, wibLoc); ok {
					entries = append(entries, en)
				}
			}
			for _, x := range tt.external {
				if en, ok := domain.ExternalEntry(x, wibLoc); ok {
					entries = append(entries, en)
				}
			}
			entries = append(entries, domain.JPEntry{Employee: "other", Year: 2026, JP: 40}) // not hers
			y := domain.Tally("e", 2026, entries)
			if y.Earned != tt.earned || y.Projected != tt.projected || y.Short() != tt.short || y.ProjectedShort() != tt.projShort {
				t.Errorf("earned %d projected %d short %d projected short %d, want %d %d %d %d",
					y.Earned, y.Projected, y.Short(), y.ProjectedShort(), tt.earned, tt.projected, tt.short, tt.projShort)
			}
		})
	}
}

func TestSessionEntryYearInZone(t *testing.T) {
	eve := session("s-eve", at(12, 31, 19, 0), at(12, 31, 23, 30))
	en, ok := domain.SessionEntry(domain.Enrolment{ID: "a", Employee: "e", State: domain.Passed}, eve, 3, wib)
	if !ok || en.Year != 2026 {
		t.Errorf("WIB year %d ok=%v, want 2026", en.Year, ok)
	}
	wit := time.FixedZone("WIT", 9*3600) // 23:30 WIB is 01:30 WIT on 1 January 2027
	if en, _ := domain.SessionEntry(domain.Enrolment{ID: "a", Employee: "e", State: domain.Passed}, eve, 3, wit); en.Year != 2027 {
		t.Errorf("WIT year %d, want 2027", en.Year)
	}
}

func TestValidateExternal(t *testing.T) {
	ok := domain.External{Title: "Sertifikasi CCNA", Provider: "Cisco Networking Academy", End: at(8, 1, 0, 0), JP: 40, Evidence: "documents/0190aaaa-0000-7000-8000-000000000118"}
	wantField(t, domain.ValidateExternal(ok), "")
	for field, edit := range map[string]func(*domain.External){
		"title":    func(x *domain.External) { x.Title = "" },
		"provider": func(x *domain.External) { x.Provider = "" },
		"end_date": func(x *domain.External) { x.End = time.Time{} },
		"jp":       func(x *domain.External) { x.JP = 0 },
		"evidence": func(x *domain.External) { x.Evidence = "" },
	} {
		x := ok
		edit(&x)
		wantField(t, domain.ValidateExternal(x), field)
	}
}
