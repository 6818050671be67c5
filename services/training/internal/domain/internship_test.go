package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// iday is a date as the internship area holds one: a midnight UTC.
func iday(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// internWant fails unless err is nil (kind 0) or an errs error of kind naming field (when set).
func internWant(t *testing.T, err error, kind errs.Kind, field string) {
	t.Helper()
	if kind == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	e, ok := errs.As(err)
	if !ok || e.Kind != kind {
		t.Fatalf("want an error of kind %d naming %q, got %v", kind, field, err)
	}
	if field == "" {
		return
	}
	for _, fv := range e.Violations {
		if fv.Field == field {
			return
		}
	}
	t.Fatalf("want a violation of %q, got %+v", field, e.Violations)
}

func TestValidatePartner(t *testing.T) {
	ok := domain.Partner{ID: "usu", Name: "Universitas Sumatera Utara", Kind: domain.PartnerUniversity,
		Address: "Jl. Dr. T. Mansur No. 9, Medan", Contact: domain.Contact{Name: "Humas USU", Email: "humas@usu.ac.id", Phone: "+62 61 8211633"}}
	tests := []struct {
		name  string
		edit  func(*domain.Partner)
		field string
	}{
		{"valid", func(*domain.Partner) {}, ""},
		{"phone only", func(p *domain.Partner) { p.Contact.Email = "" }, ""},
		{"id with capitals", func(p *domain.Partner) { p.ID = "USU" }, "partner_id"},
		{"id of one letter", func(p *domain.Partner) { p.ID = "u" }, ""},
		{"id starting with a dash", func(p *domain.Partner) { p.ID = "-usu" }, "partner_id"},
		{"no name", func(p *domain.Partner) { p.Name = " " }, "display_name"},
		{"unknown kind", func(p *domain.Partner) { p.Kind = "academy" }, "kind"},
		{"bad email", func(p *domain.Partner) { p.Contact.Email = "humas at usu" }, "contact.email"},
		{"bad phone", func(p *domain.Partner) { p.Contact.Phone = "call me" }, "contact.phone"},
		{"no way to reach the contact", func(p *domain.Partner) { p.Contact.Email, p.Contact.Phone = "", "" }, "contact.email"},
		{"no contact name", func(p *domain.Partner) { p.Contact.Name = "" }, "contact.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			kind := errs.Kind(0)
			if tt.field != "" {
				kind = errs.Invalid
			}
			internWant(t, domain.ValidatePartner(p), kind, tt.field)
		})
	}
}

func TestValidateAgreement(t *testing.T) {
	ok := domain.Agreement{Partner: "usu", Number: "PKS/001/BKPSDM/2026", Title: "Magang ASN baru", Start: iday(2026, 1, 1), End: iday(2027, 12, 31)}
	tests := []struct {
		name  string
		edit  func(*domain.Agreement)
		field string
	}{
		{"valid", func(*domain.Agreement) {}, ""},
		{"one day", func(a *domain.Agreement) { a.End = a.Start }, ""},
		{"no number", func(a *domain.Agreement) { a.Number = "" }, "number"},
		{"no title", func(a *domain.Agreement) { a.Title = "" }, "title"},
		{"no start", func(a *domain.Agreement) { a.Start = time.Time{} }, "start_date"},
		{"ends before it starts", func(a *domain.Agreement) { a.End = iday(2025, 12, 31) }, "end_date"},
		{"bad contact email", func(a *domain.Agreement) { a.Contact.Email = "x" }, "contact.email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.edit(&a)
			kind := errs.Kind(0)
			if tt.field != "" {
				kind = errs.Invalid
			}
			internWant(t, domain.ValidateAgreement(a), kind, tt.field)
		})
	}
}

func TestValidateCohort(t *testing.T) {
	ag := domain.Agreement{Number: "PKS/001", Start: iday(2026, 1, 1), End: iday(2026, 12, 31)}
	ok := domain.Cohort{Name: "Magang 2026-I", Programme: "magang-tik", Start: iday(2026, 3, 2), End: iday(2026, 5, 29),
		Quotas: map[string]int{"DISKOMINFO": 2, "DINKES": 1}}
	tests := []struct {
		name  string
		edit  func(*domain.Cohort)
		today time.Time
		kind  errs.Kind
		field string
	}{
		{"valid", func(*domain.Cohort) {}, iday(2026, 2, 1), 0, ""},
		{"the agreement's whole span", func(c *domain.Cohort) { c.Start, c.End = ag.Start, ag.End }, iday(2026, 2, 1), 0, ""},
		{"planned before the agreement starts", func(*domain.Cohort) {}, iday(2025, 11, 1), 0, ""},
		{"starts a day before the agreement", func(c *domain.Cohort) { c.Start = iday(2025, 12, 31) }, iday(2026, 2, 1), errs.Invalid, "start_date"},
		{"ends a day after the agreement", func(c *domain.Cohort) { c.End = iday(2027, 1, 1) }, iday(2026, 2, 1), errs.Invalid, "end_date"},
		{"ends before it starts", func(c *domain.Cohort) { c.End = iday(2026, 3, 1) }, iday(2026, 2, 1), errs.Invalid, "end_date"},
		{"no quotas", func(c *domain.Cohort) { c.Quotas = nil }, iday(2026, 2, 1), errs.Invalid, "quotas"},
		{"zero seats", func(c *domain.Cohort) { c.Quotas = map[string]int{"DINKES": 0} }, iday(2026, 2, 1), errs.Invalid, "quotas[DINKES]"},
		{"no name", func(c *domain.Cohort) { c.Name = "" }, iday(2026, 2, 1), errs.Invalid, "display_name"},
		{"on the agreement's last day", func(c *domain.Cohort) { c.Start = ag.End; c.End = ag.End }, iday(2026, 12, 31), 0, ""},
		{"the agreement expired", func(c *domain.Cohort) { c.Start = ag.End; c.End = ag.End }, iday(2027, 1, 1), errs.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			internWant(t, domain.ValidateCohort(c, ag, tt.today), tt.kind, tt.field)
		})
	}
}

func TestCheckInternshipProgramme(t *testing.T) {
	internWant(t, domain.CheckInternshipProgramme("magang", domain.Internship, false), 0, "")
	internWant(t, domain.CheckInternshipProgramme("tik", domain.Classroom, false), errs.Invalid, "programme")
	internWant(t, domain.CheckInternshipProgramme("old", domain.Internship, true), errs.Invalid, "programme")
}

// internCohort is a cohort of spring 2026 with seats for two agencies.
func internCohort() domain.Cohort {
	return domain.Cohort{ID: "c1", Name: "Magang 2026-I", Partner: "usu", Start: iday(2026, 3, 2), End: iday(2026, 5, 29),
		Quotas: map[string]int{"DISKOMINFO": 2, "DINKES": 1}}
}

func TestValidatePlacement(t *testing.T) {
	c := internCohort()
	emp := domain.Placement{Cohort: "c1", Kind: domain.ParticipantEmployee, Employee: "200101012025011001", Agency: "DISKOMINFO",
		Unit: "Bidang Aplikasi", Mentor: "198001012005011002"}
	stu := domain.Placement{Cohort: "c1", Kind: domain.ParticipantStudent, Agency: "DINKES", Unit: "Seksi Surveilans", Mentor: "198808082012012006",
		Student: domain.Student{Name: "Nadia Putri", Number: "201402001", Institution: "usu", StudyProgramme: "Kesehatan Masyarakat"}}
	tests := []struct {
		name  string
		base  domain.Placement
		edit  func(*domain.Placement)
		field string
	}{
		{"employee", emp, func(*domain.Placement) {}, ""},
		{"student", stu, func(*domain.Placement) {}, ""},
		{"employee with own dates inside", emp, func(p *domain.Placement) { p.Start, p.End = iday(2026, 3, 9), iday(2026, 5, 1) }, ""},
		{"employee without a NIP", emp, func(p *domain.Placement) { p.Employee = "" }, "employee"},
		{"employee with student details", emp, func(p *domain.Placement) { p.Student.Name = "x" }, "student"},
		{"student with a NIP", stu, func(p *domain.Placement) { p.Employee = "199001012015031003" }, "employee"},
		{"student without a number", stu, func(p *domain.Placement) { p.Student.Number = "" }, "student.student_number"},
		{"student without a study programme", stu, func(p *domain.Placement) { p.Student.StudyProgramme = "" }, "student.study_programme"},
		{"no kind", emp, func(p *domain.Placement) { p.Kind = "" }, "participant"},
		{"agency without seats", emp, func(p *domain.Placement) { p.Agency = "BAPPEDA" }, "agency"},
		{"no unit", emp, func(p *domain.Placement) { p.Unit = "" }, "unit"},
		{"no mentor", emp, func(p *domain.Placement) { p.Mentor = "" }, "mentor"},
		{"mentoring themselves", emp, func(p *domain.Placement) { p.Mentor = p.Employee }, "mentor"},
		{"starts before the cohort", emp, func(p *domain.Placement) { p.Start = iday(2026, 3, 1) }, "start_date"},
		{"ends after the cohort", emp, func(p *domain.Placement) { p.End = iday(2026, 5, 30) }, "end_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.base
			tt.edit(&p)
			got, err := domain.ValidatePlacement(p, c)
			if tt.field != "" {
				internWant(t, err, errs.Invalid, tt.field)
				return
			}
			internWant(t, err, 0, "")
			if p.Start.IsZero() && (!got.Start.Equal(c.Start) || !got.End.Equal(c.End)) {
				t.Errorf("dates %v – %v, want the cohort's", got.Start, got.End)
			}
		})
	}
}

func TestCheckQuota(t *testing.T) {
	c := internCohort()
	tests := []struct {
		agency string
		placed int
		full   bool
	}{
		{"DISKOMINFO", 0, false},
		{"DISKOMINFO", 1, false}, // the last seat
		{"DISKOMINFO", 2, true},
		{"DINKES", 0, false},
		{"DINKES", 1, true},
	}
	for _, tt := range tests {
		err := domain.CheckQuota(c, tt.agency, tt.placed)
		if !tt.full {
			internWant(t, err, 0, "")
			continue
		}
		if e, ok := errs.As(err); !ok || e.Kind != errs.FailedPrecondition || e.Reason != domain.ReasonQuotaFull {
			t.Errorf("%s with %d placed: %v, want FailedPrecondition %s", tt.agency, tt.placed, err, domain.ReasonQuotaFull)
		}
	}
}

func TestAssessPlacement(t *testing.T) {
	active := domain.Placement{ID: "p1", Kind: domain.ParticipantEmployee, Employee: "e", State: domain.PlacementStateActive,
		Start: iday(2026, 3, 2), End: iday(2026, 5, 29), JP: 60, Version: 1}
	now := time.Date(2026, 5, 29, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		p     domain.Placement
		score int
		today time.Time
		kind  errs.Kind
		field string
	}{
		{"on the last day", active, 85, iday(2026, 5, 29), 0, ""},
		{"after the last day", active, 85, iday(2026, 6, 15), 0, ""},
		{"the day before the last", active, 85, iday(2026, 5, 28), errs.FailedPrecondition, ""},
		{"score above 100", active, 101, iday(2026, 5, 29), errs.Invalid, "score"},
		{"negative score", active, -1, iday(2026, 5, 29), errs.Invalid, "score"},
		{"already completed", func() domain.Placement { p := active; p.State = domain.PlacementStateCompleted; return p }(), 85, iday(2026, 5, 29), errs.FailedPrecondition, ""},
		{"withdrawn", func() domain.Placement { p := active; p.State = domain.PlacementStateWithdrawn; return p }(), 85, iday(2026, 5, 29), errs.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Assess(tt.score, true, " good work ", "mentor", tt.today, now)
			internWant(t, err, tt.kind, tt.field)
			if err == nil && (got.State != domain.PlacementStateCompleted || got.Score != tt.score || !got.Passed ||
				got.Notes != "good work" || got.Assessor != "mentor" || !got.Finished.Equal(now) || got.Version != 2) {
				t.Errorf("assessed: %+v", got)
			}
		})
	}
}

func TestWithdrawPlacement(t *testing.T) {
	p := domain.Placement{ID: "p1", State: domain.PlacementStateActive, Version: 3}
	internWant(t, func() error { _, err := p.Withdraw(" ", time.Now()); return err }(), errs.Invalid, "reason")
	got, err := p.Withdraw("moved to Jakarta", time.Now())
	internWant(t, err, 0, "")
	if got.State != domain.PlacementStateWithdrawn || got.Reason != "moved to Jakarta" || got.Version != 4 {
		t.Errorf("withdrawn: %+v", got)
	}
	_, err = got.Withdraw("again", time.Now())
	internWant(t, err, errs.FailedPrecondition, "")
}

// TestInternshipEntry: only an employee participant who passed earns the programme's JP, in the
// year of the placement's last day; an active employee placement projects it.
func TestInternshipEntry(t *testing.T) {
	base := domain.Placement{ID: "p1", Kind: domain.ParticipantEmployee, Employee: "e", End: iday(2026, 12, 31), JP: 60}
	with := func(edit func(*domain.Placement)) domain.Placement { p := base; edit(&p); return p }
	tests := []struct {
		name      string
		p         domain.Placement
		ok        bool
		projected bool
	}{
		{"employee passed", with(func(p *domain.Placement) { p.State, p.Passed = domain.PlacementStateCompleted, true }), true, false},
		{"employee not passed", with(func(p *domain.Placement) { p.State = domain.PlacementStateCompleted }), false, false},
		{"employee active", with(func(p *domain.Placement) { p.State = domain.PlacementStateActive }), true, true},
		{"employee withdrawn", with(func(p *domain.Placement) { p.State = domain.PlacementStateWithdrawn }), false, false},
		{"student passed", with(func(p *domain.Placement) {
			p.Kind, p.Employee, p.JP, p.State, p.Passed = domain.ParticipantStudent, "", 0, domain.PlacementStateCompleted, true
		}), false, false},
	}
	for _, tt := range tests {
		got, ok := domain.InternshipEntry(tt.p)
		if ok != tt.ok || got.Projected != tt.projected {
			t.Errorf("%s: %+v ok=%v, want ok=%v projected=%v", tt.name, got, ok, tt.ok, tt.projected)
			continue
		}
		if ok && (got.JP != 60 || got.Year != 2026 || got.Source != domain.FromInternship || got.Employee != "e" || got.Ref != "p1") {
			t.Errorf("%s: entry %+v", tt.name, got)
		}
	}
}

func TestValidateLogbookEntry(t *testing.T) {
	p := domain.Placement{ID: "p1", State: domain.PlacementStateActive, Start: iday(2026, 3, 2), End: iday(2026, 5, 29)}
	ok := domain.LogbookEntry{Placement: "p1", Date: iday(2026, 3, 6), Activities: "Instalasi jaringan kantor", Hours: 7.5}
	today := iday(2026, 3, 10)
	tests := []struct {
		name  string
		edit  func(*domain.LogbookEntry, *domain.Placement)
		kind  errs.Kind
		field string
	}{
		{"valid", func(*domain.LogbookEntry, *domain.Placement) {}, 0, ""},
		{"today", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Date = today }, 0, ""},
		{"tomorrow", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Date = today.AddDate(0, 0, 1) }, errs.Invalid, "date"},
		{"before the placement", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Date = iday(2026, 3, 1) }, errs.Invalid, "date"},
		{"no activities", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Activities = " " }, errs.Invalid, "activities"},
		{"no hours", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Hours = 0 }, errs.Invalid, "hours"},
		{"ten minutes", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Hours = 1.0 / 6 }, errs.Invalid, "hours"},
		{"a quarter hour", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Hours = 0.25 }, 0, ""},
		{"25 hours", func(e *domain.LogbookEntry, _ *domain.Placement) { e.Hours = 25 }, errs.Invalid, "hours"},
		{"placement completed", func(_ *domain.LogbookEntry, p *domain.Placement) { p.State = domain.PlacementStateCompleted }, errs.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, pl := ok, p
			tt.edit(&e, &pl)
			internWant(t, domain.ValidateLogbookEntry(e, pl, today), tt.kind, tt.field)
		})
	}
}

func TestReviewLogbook(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	pending := domain.LogbookEntry{ID: "l1", Review: domain.LogbookPending, Version: 1}
	_, err := pending.ReviewLogbook(false, " ", "m", now)
	internWant(t, err, errs.Invalid, "comment")
	commented, err := pending.ReviewLogbook(false, "Tambahkan hasil uji", "m", now)
	internWant(t, err, 0, "")
	if commented.Review != domain.LogbookCommented || commented.Comment != "Tambahkan hasil uji" || commented.Version != 2 {
		t.Fatalf("commented: %+v", commented)
	}
	approved, err := commented.ReviewLogbook(true, "", "m", now)
	internWant(t, err, 0, "")
	if approved.Review != domain.LogbookApproved || approved.Reviewer != "m" || !approved.Reviewed.Equal(now) || approved.Version != 3 {
		t.Fatalf("approved: %+v", approved)
	}
	_, err = approved.ReviewLogbook(false, "again", "m", now)
	internWant(t, err, errs.FailedPrecondition, "")
}
