package domain_test

import (
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

func TestOpeningEntriesGrant(t *testing.T) {
	tests := []struct {
		name        string
		appointment string
		year        int
		want        int
	}{
		{"7 years of service", "2019-03-01", 2026, 12},
		{"appointed 2026-01: nothing in 2026", "2026-01-01", 2026, 0},
		{"appointed 2026-01: 12 in 2027 (1 year on 1 January)", "2026-01-01", 2027, 12},
		{"appointed 2025-06: 12 in 2026, usable from June", "2025-06-01", 2026, 12},
		{"appointed 2025-12-31: 12 in 2026 from the last day", "2025-12-31", 2026, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := domain.Balance{Year: tt.year, Entries: domain.OpeningEntries(tt.year, nil, lvd(tt.appointment))}
			if got := b.Available(); got != tt.want {
				t.Errorf("opening balance %d, want %d (entries %+v)", got, tt.want, b.Entries)
			}
		})
	}
}

// lvYears runs the ledger from first to last, opening each year from the summaries of the years
// before and taking used[i] days in year first+i, and returns the last year's balance.
func lvYears(t *testing.T, first int, used []int, longLeave map[int]bool) domain.Balance {
	t.Helper()
	var history []domain.YearSummary
	var b domain.Balance
	for i := 0; i <= len(used); i++ {
		y := first + i
		b = domain.Balance{Year: y, Entries: domain.OpeningEntries(y, history, lvd("2010-01-01")), LongLeave: longLeave[y]}
		if i == len(used) {
			break
		}
		if used[i] > 0 {
			if _, err := b.Spend(used[i], "r"); err != nil {
				t.Fatalf("%d: spend %d: %v", y, used[i], err)
			}
		}
		history = append(history, b.Summary())
	}
	return b
}

func TestCarryOverChain(t *testing.T) {
	tests := []struct {
		name      string
		used      []int // days taken in 2022, 2023, … before 2026
		longLeave map[int]bool
		want      int // 2026's opening balance
		carried   int
	}{
		{"first year of the ledger: 12", nil, nil, 12, 0},
		{"0 unused years, 4 taken: 6 carried, 18", []int{4}, nil, 18, 6},
		{"0 unused years, 10 taken: 2 carried, 14", []int{10}, nil, 14, 2},
		{"0 unused years, all taken: 12", []int{12}, nil, 12, 0},
		{"1 unused year: 6 carried, 18", []int{5, 0}, nil, 18, 6},
		{"2 unused years: 12 carried, 24", []int{5, 0, 0}, nil, 24, 12},
		{"3 unused years: still 24", []int{5, 0, 0, 0}, nil, 24, 12},
		{"2 unused years, then leave taken: back to the cap 18", []int{0, 0, 3}, nil, 18, 6},
		{"1 day taken in 2 years breaks the streak", []int{0, 1, 0}, nil, 18, 6},
		{"long leave in 2025: nothing carries", []int{0, 0}, map[int]bool{2025: true}, 12, 0},
		{"long leave in 2024 breaks the streak", []int{0, 0, 0}, map[int]bool{2024: true}, 18, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := lvYears(t, 2026-len(tt.used), tt.used, tt.longLeave)
			if b.Year != 2026 {
				t.Fatalf("year %d", b.Year)
			}
			if got := b.Available(); got != tt.want {
				t.Errorf("2026 opens with %d, want %d (entries %+v)", got, tt.want, b.Entries)
			}
			if got := b.Summary().Carried; got != tt.carried {
				t.Errorf("carried %d, want %d", got, tt.carried)
			}
		})
	}
}

func TestCarryOver(t *testing.T) {
	s := func(year, granted, carried, used int) domain.YearSummary {
		return domain.YearSummary{Year: year, Granted: granted, Carried: carried, Used: used}
	}
	tests := []struct {
		name    string
		history []domain.YearSummary
		want    int
	}{
		{"no history", nil, 0},
		{"only older history", []domain.YearSummary{s(2024, 12, 0, 0)}, 0},
		{"newcomer year without grant", []domain.YearSummary{s(2025, 0, 0, 0)}, 0},
		{"unused 8 of 12: 6", []domain.YearSummary{s(2025, 12, 0, 4)}, 6},
		{"unused 6 of 12: 6", []domain.YearSummary{s(2025, 12, 0, 6)}, 6},
		{"unused 3: 3", []domain.YearSummary{s(2025, 12, 0, 9)}, 3},
		{"first granted year unused, year before not granted: streak 1, 6", []domain.YearSummary{s(2024, 0, 0, 0), s(2025, 12, 0, 0)}, 6},
		{"2 unused years: 12", []domain.YearSummary{s(2024, 12, 0, 0), s(2025, 12, 6, 0)}, 12},
		{"collective deductions are not the employee's use", []domain.YearSummary{
			{Year: 2024, Granted: 12, Collective: 4}, {Year: 2025, Granted: 12, Carried: 6, Collective: 4}}, 12},
		{"collective deductions lower the unused days", []domain.YearSummary{{Year: 2025, Granted: 12, Collective: 8}}, 4},
		{"deferred 5 of 10 unused: 10", []domain.YearSummary{{Year: 2025, Granted: 12, Used: 2, Deferred: 5}}, 10},
		{"deferred 3 of 12 unused: 9", []domain.YearSummary{{Year: 2025, Granted: 12, Deferred: 3}}, 9},
		{"deferred 8 of 18 unused: capped at 12", []domain.YearSummary{{Year: 2025, Granted: 12, Carried: 6, Used: 0, Deferred: 8}}, 12},
		{"long leave year: 0", []domain.YearSummary{{Year: 2025, Granted: 12, Carried: 6, LongLeave: true}}, 0},
	}
	for _, tt := range tests {
		if got := domain.CarryOver(tt.history, 2026); got != tt.want {
			t.Errorf("%s: CarryOver = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestBalanceSpend(t *testing.T) {
	b := lvBalance(2026, 0)
	if b.Available() != 12 {
		t.Fatalf("available %d", b.Available())
	}
	e, err := b.Spend(5, "A")
	if err != nil || e.Kind != domain.EntryTaken || e.Days != 5 || e.Delta() != -5 || e.RequestID != "A" || e.Year != 2026 {
		t.Fatalf("spend 5: %+v, %v", e, err)
	}
	if b.Available() != 7 {
		t.Errorf("after 5: %d, want 7", b.Available())
	}
	// 8 against 7: refused, nothing changes.
	_, err = b.Spend(8, "B")
	if ee := lvKind(t, err, errs.FailedPrecondition); ee.Reason != "INSUFFICIENT_LEAVE_BALANCE" {
		t.Errorf("reason %q", ee.Reason)
	}
	if b.Available() != 7 || len(b.Entries) != 2 {
		t.Errorf("refused spend changed the ledger: %d, %+v", b.Available(), b.Entries)
	}
	if _, err := b.Spend(7, "C"); err != nil {
		t.Fatal(err)
	}
	if b.Available() != 0 {
		t.Errorf("after all: %d", b.Available())
	}
	lvKind(t, func() error { _, err := b.Spend(1, "D"); return err }(), errs.FailedPrecondition)
	lvKind(t, func() error { _, err := b.Spend(0, "E"); return err }(), errs.Invalid)
	if b.Total() != 0 || b.Available() != 0 {
		t.Errorf("balance went to %d", b.Total())
	}

	// Returning: only what the request took, and only once.
	if _, err := b.Return(6, "A"); err == nil {
		t.Error("returned 6 of 5")
	}
	r, err := b.Return(5, "A")
	if err != nil || r.Kind != domain.EntryReturned || r.Delta() != 5 {
		t.Fatalf("return: %+v, %v", r, err)
	}
	if b.Available() != 5 || b.Summary().Used != 7 {
		t.Errorf("after return: %d available, %d used", b.Available(), b.Summary().Used)
	}
	lvKind(t, func() error { _, err := b.Return(5, "A"); return err }(), errs.FailedPrecondition)
}

func TestBalanceLongLeaveYear(t *testing.T) {
	b := lvBalance(2026, 6)
	b.LongLeave = true
	if b.Available() != 0 || b.Total() != 18 {
		t.Errorf("long leave year: available %d, total %d; want 0 and 18", b.Available(), b.Total())
	}
	_, err := b.Spend(1, "A")
	if e := lvKind(t, err, errs.FailedPrecondition); e.Reason != "LONG_LEAVE_YEAR" {
		t.Errorf("reason %q", e.Reason)
	}
	if _, ok := b.DeductCollective(3, domain.LeavePolicy{CollectiveLeaveReducesAnnual: true}, ""); ok {
		t.Error("collective leave deducted in a year without annual leave")
	}
	s := b.Summary()
	if !s.LongLeave || s.Unused() != 18 {
		t.Errorf("summary %+v", s)
	}
	if got := domain.CarryOver([]domain.YearSummary{s}, 2027); got != 0 {
		t.Errorf("carried out of a long-leave year: %d", got)
	}
	// Cancelled before it starts: the flag goes, the year is whole again.
	b.LongLeave = false
	if b.Available() != 18 {
		t.Errorf("after the long leave is cancelled: %d", b.Available())
	}
}

func TestBalanceCollective(t *testing.T) {
	tests := []struct {
		name    string
		pol     domain.LeavePolicy
		taken   int
		days    int
		wantOK  bool
		wantAvl int
	}{
		{"default policy: not reduced", domain.DefaultLeavePolicy(), 0, 4, false, 12},
		{"policy reduces: 4 of 12", domain.LeavePolicy{CollectiveLeaveReducesAnnual: true}, 0, 4, true, 8},
		{"policy reduces, 2 left: to 0, not below", domain.LeavePolicy{CollectiveLeaveReducesAnnual: true}, 10, 4, true, 0},
		{"policy reduces, nothing left", domain.LeavePolicy{CollectiveLeaveReducesAnnual: true}, 12, 4, false, 0},
		{"no collective days", domain.LeavePolicy{CollectiveLeaveReducesAnnual: true}, 0, 0, false, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := lvBalance(2026, 0)
			if tt.taken > 0 {
				b = lvTaken(tt.taken)
			}
			e, ok := b.DeductCollective(tt.days, tt.pol, "cuti bersama Idulfitri")
			if ok != tt.wantOK || b.Available() != tt.wantAvl {
				t.Errorf("ok %v, available %d; want %v, %d", ok, b.Available(), tt.wantOK, tt.wantAvl)
			}
			if ok && (e.Kind != domain.EntryCollective || e.Delta() >= 0) {
				t.Errorf("entry %+v", e)
			}
		})
	}
}

// TestBalanceSpendSerialised shows the rule the store enforces: 100 approvals of one day each,
// serialised on one balance (as the store's transaction serialises them), spend exactly the 12
// days there are and leave the balance at 0.
func TestBalanceSpendSerialised(t *testing.T) {
	b := lvBalance(2026, 0)
	var mu sync.Mutex
	var wg sync.WaitGroup
	ok := 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			if _, err := b.Spend(1, string(rune('A'+i%26))); err == nil {
				ok++
			}
		}()
	}
	wg.Wait()
	if ok != 12 || b.Available() != 0 || b.Total() != 0 {
		t.Errorf("%d approvals spent, balance %d; want 12 and 0", ok, b.Total())
	}
}
