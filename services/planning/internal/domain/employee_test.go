package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

var (
	diskominfo = &domain.Agency{Code: "DISKOMINFO", Kind: domain.KindDinas, Root: "DISKOMINFO"}
	dinkes     = &domain.Agency{Code: "DINKES", Kind: domain.KindDinas, Root: "DINKES"}
	aptika     = &domain.Agency{Code: "DISKOMINFO-APTIKA", Kind: domain.KindUnit, Parent: "DISKOMINFO", Root: "DISKOMINFO"}
)

func field(t *testing.T, err error, want string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("error %v is not an *errs.Error", err)
	}
	for _, v := range e.Violations {
		if v.Field == want {
			return
		}
	}
	t.Fatalf("error %v does not name %q", err, want)
}

func TestSupervisorRules(t *testing.T) {
	const self = "198609262015051001"
	tests := []struct {
		name string
		sup  string
		s    *domain.Supervisor
		ok   bool
	}{
		{"none (top of the tree)", "", nil, true},
		{"active supervisor", "197203152000031002", &domain.Supervisor{NIP: "197203152000031002", Status: domain.Active}, true},
		{"self", self, &domain.Supervisor{NIP: self, Status: domain.Active}, false},
		{"not registered", "197203152000031002", nil, false},
		{"retired", "197203152000031002", &domain.Supervisor{NIP: "197203152000031002", Status: domain.Retired}, false},
		{"transferred out", "197203152000031002", &domain.Supervisor{NIP: "197203152000031002", Status: domain.Transferred}, false},
		{"direct cycle", "197203152000031002", &domain.Supervisor{NIP: "197203152000031002", Status: domain.Active, Chain: []string{self}}, false},
		{"deep cycle", "197203152000031002", &domain.Supervisor{NIP: "197203152000031002", Status: domain.Active, Chain: []string{"a", "b", "c", self, "d"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := domain.Employee{NIP: self, FullName: "Budi Santoso", Type: domain.PNS, Rank: "III/a", Agency: "DISKOMINFO", Supervisor: tt.sup}
			_, err := domain.NewEmployee(e, domain.Refs{Agency: diskominfo, Supervisor: tt.s}, now)
			if tt.ok && err != nil {
				t.Fatalf("NewEmployee: %v", err)
			}
			if !tt.ok {
				field(t, err, "supervisor")
			}
		})
	}
}

func TestRanks(t *testing.T) {
	tests := []struct {
		typ  domain.EmploymentType
		rank string
		ok   bool
	}{
		{domain.PNS, "I/a", true}, {domain.PNS, "I/d", true}, {domain.PNS, "I/e", false}, {domain.PNS, "III/c", true},
		{domain.PNS, "IV/e", true}, {domain.PNS, "IV/f", false}, {domain.PNS, "V/a", false}, {domain.PNS, "IX", false},
		{domain.PPPK, "I", true}, {domain.PPPK, "IX", true}, {domain.PPPK, "XVII", true}, {domain.PPPK, "XVIII", false}, {domain.PPPK, "III/a", false},
	}
	for _, tt := range tests {
		if got := domain.ValidRank(tt.typ, tt.rank); got != tt.ok {
			t.Errorf("ValidRank(%s, %q) = %v, want %v", tt.typ, tt.rank, got, tt.ok)
		}
	}
}

func TestTransferKeepsHistory(t *testing.T) {
	e, err := domain.NewEmployee(domain.Employee{NIP: "198609262015051001", FullName: "Budi Santoso", Type: domain.PNS, Rank: "III/c", Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA"},
		domain.Refs{Agency: diskominfo, Unit: aptika}, now)
	if err != nil {
		t.Fatal(err)
	}
	eff, _ := domain.ParseDate("2027-02-01")
	sup := &domain.Supervisor{NIP: "198103102006042003", Status: domain.Active}
	if err := e.Transfer(domain.Transfer{Agency: "DINKES", Supervisor: sup.NIP, Effective: eff, Reason: "SK 821/45", Refs: domain.Refs{Agency: dinkes, Supervisor: sup}}, now); err != nil {
		t.Fatal(err)
	}
	eff2, _ := domain.ParseDate("2028-03-01")
	// The second is recorded once the first is in force.
	if err := e.Transfer(domain.Transfer{External: "Pemerintah Kota Binjai", Effective: eff2, Reason: "SK 821/99"}, eff.Time.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	want := []struct{ agency, start, end string }{
		{"DISKOMINFO", "2026-11-27", "2027-01-31"},
		{"DINKES", "2027-02-01", "2028-02-29"},
	}
	if len(e.History) != len(want) {
		t.Fatalf("history = %+v", e.History)
	}
	for i, w := range want {
		h := e.History[i]
		if h.Agency != w.agency || h.Start.String() != w.start || h.End.String() != w.end {
			t.Errorf("history[%d] = %+v, want %+v", i, h, w)
		}
	}
	// The move out is dated ahead: recorded, not yet in force (issue 8 item 5).
	if e.Status != domain.Active || e.Agency != "DINKES" || e.Version != 3 {
		t.Errorf("status %s agency %s version %d", e.Status, e.Agency, e.Version)
	}
	if left := e.AsOf(domain.Date{Time: eff2.Time}); left.Status != domain.Transferred || left.Supervisor != "" {
		t.Errorf("on %s: status %s supervisor %q", eff2, left.Status, left.Supervisor)
	}
	if err := e.Transfer(domain.Transfer{Agency: "DISKOMINFO", Effective: eff2}, now); err == nil {
		t.Error("an employee who left the city was transferred again")
	}
	// A second transfer waits until the pending one takes effect.
	g, _ := domain.NewEmployee(domain.Employee{NIP: "199202022019031001", FullName: "Rudi", Type: domain.PNS, Rank: "III/a", Agency: "DISKOMINFO"}, domain.Refs{Agency: diskominfo}, now)
	if err := g.Transfer(domain.Transfer{Agency: "DINKES", Supervisor: sup.NIP, Effective: eff, Refs: domain.Refs{Agency: dinkes, Supervisor: sup}}, now); err != nil {
		t.Fatal(err)
	}
	if err := g.Transfer(domain.Transfer{External: "Kota Binjai", Effective: eff2}, now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("second transfer while one is pending: %v", err)
	}
	// Effective dates must move forward.
	f, _ := domain.NewEmployee(domain.Employee{NIP: "199001312019032002", FullName: "Siti Aminah", Type: domain.PNS, Rank: "III/a", Agency: "DISKOMINFO"}, domain.Refs{Agency: diskominfo}, now)
	past, _ := domain.ParseDate("2020-01-01")
	err = f.Transfer(domain.Transfer{Agency: "DINKES", Supervisor: sup.NIP, Effective: past, Refs: domain.Refs{Agency: dinkes, Supervisor: sup}}, now)
	field(t, err, "effective_date")
}

func TestPPPK(t *testing.T) {
	birth, _ := domain.ParseDate("1995-04-02")
	appt, _ := domain.ParseDate("2023-01-01")
	young, _ := domain.ParseDate("2010-01-01")
	base := domain.Employee{NIP: "202301012023010001", FullName: "Lestari", Type: domain.PPPK, Rank: "IX", Agency: "DINKES", Sex: domain.Female, BirthDate: birth, Appointment: appt}
	tests := []struct {
		name  string
		mod   func(*domain.Employee)
		field string
	}{
		{"valid", func(*domain.Employee) {}, ""},
		{"no sex", func(e *domain.Employee) { e.Sex = "" }, "sex"},
		{"no birth date", func(e *domain.Employee) { e.BirthDate = domain.Date{} }, "birth_date"},
		{"no appointment", func(e *domain.Employee) { e.Appointment = domain.Date{} }, "appointment_date"},
		{"appointed before 17", func(e *domain.Employee) { e.BirthDate = young; e.Appointment = appt }, "appointment_date"},
		{"not 18 digits", func(e *domain.Employee) { e.NIP = "2023" }, "nip"},
		{"NIP kind for PPPK", func(e *domain.Employee) { e.IDKind = domain.IDKindNIP }, "identifier_kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.mod(&e)
			_, err := domain.NewEmployee(e, domain.Refs{Agency: dinkes}, now)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			field(t, err, tt.field)
		})
	}
}

// TestTransferTakesEffectOnItsDate: a transfer dated ahead is a pending assignment; the agency
// in force follows the history day by day (issue 8 item 5).
func TestTransferTakesEffectOnItsDate(t *testing.T) {
	sup := &domain.Supervisor{NIP: "198103102006042003", Status: domain.Active}
	day := func(s string) domain.Date { d, _ := domain.ParseDate(s); return d }
	e, err := domain.NewEmployee(domain.Employee{NIP: "198609262015051001", FullName: "Budi Santoso", Type: domain.PNS, Rank: "III/c", Agency: "DISKOMINFO"}, domain.Refs{Agency: diskominfo}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Transfer(domain.Transfer{Agency: "DINKES", Supervisor: sup.NIP, Effective: day("2027-01-04"), Refs: domain.Refs{Agency: dinkes, Supervisor: sup}}, now); err != nil {
		t.Fatal(err)
	}
	if p := e.Pending(domain.DateOf(now)); p == nil || p.Agency != "DINKES" || p.Start.String() != "2027-01-04" {
		t.Fatalf("pending = %+v", p)
	}
	tests := []struct {
		day, agency string
		status      domain.Status
	}{
		{"2026-11-27", "DISKOMINFO", domain.Active},
		{"2027-01-03", "DISKOMINFO", domain.Active},
		{"2027-01-04", "DINKES", domain.Active},
		{"2027-06-01", "DINKES", domain.Active},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			if got := e.AsOf(day(tt.day)); got.Agency != tt.agency || got.Status != tt.status {
				t.Errorf("AsOf(%s) = %s %s, want %s %s", tt.day, got.Agency, got.Status, tt.agency, tt.status)
			}
		})
	}
	// Changes of post wait for the pending transfer.
	if _, err := e.Apply(domain.EmployeeUpdate{Fields: []string{"unit"}, Values: domain.Employee{Unit: "DISKOMINFO-APTIKA"}, Refs: domain.Refs{Agency: diskominfo, Unit: aptika}}, now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("move within the agency while a transfer is pending: %v", err)
	}
	if err := e.Retire(day("2027-02-01"), "", now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("retirement while a transfer is pending: %v", err)
	}
	// Once in force (a day after the effective date), the record moves on from it.
	later := day("2027-01-05").Time.Add(9 * time.Hour)
	in := e.AsOf(domain.DateOf(later))
	if in.Pending(domain.DateOf(later)) != nil {
		t.Error("the transfer is still pending after its date")
	}
	if err := in.Retire(day("2027-02-01"), "", later); err != nil {
		t.Errorf("retire after the transfer took effect: %v", err)
	}
}
