package app_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The partners suite's fixtures: Universitas Sumatera Utara and Politeknik Negeri Medan, as
// city HR registers them.

// internDay is a date as the internship area holds one: a midnight UTC.
func internDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// partnerUSU is a partner as city HR sends it.
func partnerUSU() domain.Partner {
	return domain.Partner{ID: "usu", Name: "Universitas Sumatera Utara", Kind: domain.PartnerUniversity,
		Address: "Jl. Dr. T. Mansur No. 9, Padang Bulan, Medan", Contact: domain.Contact{Name: "Biro Kerja Sama USU", Email: "kerjasama@usu.ac.id", Phone: "+62 61 8211633"}}
}

// mustPartner registers p as city HR.
func mustPartner(t *testing.T, s suite, p domain.Partner) domain.Partner {
	t.Helper()
	out, err := s.app.CreatePartner(cityHR, p)
	if err != nil {
		t.Fatalf("creating partner %s: %v", p.ID, err)
	}
	return out
}

// internAgreement is an agreement with partner numbered number over [start, end] (YYYY-MM-DD).
func internAgreement(partner, number, start, end string) domain.Agreement {
	return domain.Agreement{Partner: partner, Number: number, Title: "Magang ASN dan mahasiswa di Pemerintah Kota Medan",
		Scope: "Magang mahasiswa dan CPNS di perangkat daerah", Start: internDay(start), End: internDay(end),
		Contact: domain.Contact{Name: "Wakil Rektor I", Email: "wr1@usu.ac.id"}, Document: "documents/pks-usu-2026"}
}

// mustAgreement records a as city HR.
func mustAgreement(t *testing.T, s suite, a domain.Agreement) domain.Agreement {
	t.Helper()
	out, err := s.app.CreateAgreement(cityHR, a)
	if err != nil {
		t.Fatalf("creating agreement %s: %v", a.Number, err)
	}
	return out
}

// TestPartners registers, reads and changes partners and records agreements with them, over the
// real store on every engine: only city HR writes, everyone reads, bad input names its field and
// writes nothing.
func TestPartners(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 8, 0))
		mustPartner(t, s, partnerUSU())
		t.Run("create", func(t *testing.T) {
			polmed := domain.Partner{ID: "polmed", Name: "Politeknik Negeri Medan", Kind: domain.PartnerPolytechnic,
				Contact: domain.Contact{Name: "UPT Kerja Sama", Phone: "061-8210371"}}
			tests := []struct {
				name  string
				ctx   context.Context
				edit  func(*domain.Partner)
				kind  errs.Kind
				field string
			}{
				{"agency HR may not", kominfoHR, func(*domain.Partner) {}, errs.PermissionDenied, ""},
				{"auditor may not", auditor, func(*domain.Partner) {}, errs.PermissionDenied, ""},
				{"bad id", cityHR, func(p *domain.Partner) { p.ID = "Polmed" }, errs.Invalid, "partner_id"},
				{"bad email", cityHR, func(p *domain.Partner) { p.Contact.Email = "upt at polmed" }, errs.Invalid, "partner.contact.email"},
				{"no kind", cityHR, func(p *domain.Partner) { p.Kind = "" }, errs.Invalid, "partner.kind"},
				{"an id in use", cityHR, func(p *domain.Partner) { p.ID = "usu" }, errs.AlreadyExists, ""},
				{"city HR", cityHR, func(*domain.Partner) {}, 0, ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					p := polmed
					tt.edit(&p)
					before := s.count(t, `SELECT COUNT(*) FROM internship_partners`)
					got, err := s.app.CreatePartner(tt.ctx, p)
					if tt.kind != 0 {
						testenv.WantKind(t, err, tt.kind, tt.field)
						if n := s.count(t, `SELECT COUNT(*) FROM internship_partners`); n != before {
							t.Errorf("partners %d, want %d: a refused call wrote", n, before)
						}
						return
					}
					if err != nil || got.Version != 1 || got.Name != "Politeknik Negeri Medan" {
						t.Fatalf("created %+v, %v", got, err)
					}
				})
			}
		})
		t.Run("read", func(t *testing.T) {
			for _, ctx := range []context.Context{employee(staff1, "DISKOMINFO"), supervisor(kabid, "DISKOMINFO"), dinkesHR, auditor} {
				p, err := s.app.GetPartner(ctx, "usu")
				if err != nil || p.Contact.Email != "kerjasama@usu.ac.id" {
					t.Fatalf("GetPartner: %+v, %v", p, err)
				}
			}
			_, err := s.app.GetPartner(cityHR, "unpad")
			testenv.WantKind(t, err, errs.NotFound, "")
			page, next, err := s.app.ListPartners(employee(staff1, "DISKOMINFO"), 1, "")
			if err != nil || len(page) != 1 || page[0].ID != "polmed" || next == "" {
				t.Fatalf("first page: %+v next %q, %v", page, next, err)
			}
			page, next, err = s.app.ListPartners(employee(staff1, "DISKOMINFO"), 1, next)
			if err != nil || len(page) != 1 || page[0].ID != "usu" || next != "" {
				t.Fatalf("second page: %+v next %q, %v", page, next, err)
			}
		})
		t.Run("update", func(t *testing.T) {
			tests := []struct {
				name   string
				ctx    context.Context
				etag   string
				fields []string
				values domain.Partner
				kind   errs.Kind
				field  string
			}{
				{"agency HR may not", kominfoHR, "", []string{"address"}, domain.Partner{Address: "x"}, errs.PermissionDenied, ""},
				{"no mask", cityHR, "", nil, domain.Partner{}, errs.Invalid, "update_mask"},
				{"unknown field", cityHR, "", []string{"partner_id"}, domain.Partner{}, errs.Invalid, "update_mask"},
				{"stale etag", cityHR, "v7", []string{"address"}, domain.Partner{Address: "x"}, errs.Conflict, ""},
				{"bad contact", cityHR, "", []string{"contact"}, domain.Partner{Contact: domain.Contact{Name: "x", Email: "bad"}}, errs.Invalid, "partner.contact.email"},
				{"new contact", cityHR, "v1", []string{"contact"}, domain.Partner{Contact: domain.Contact{Name: "Direktorat Kerja Sama", Email: "dks@usu.ac.id"}}, 0, ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := s.app.UpdatePartner(tt.ctx, "usu", tt.etag, tt.fields, tt.values)
					if tt.kind != 0 {
						testenv.WantKind(t, err, tt.kind, tt.field)
						return
					}
					if err != nil || got.Version != 2 || got.Contact != tt.values.Contact || got.Name != partnerUSU().Name {
						t.Fatalf("updated %+v, %v", got, err)
					}
				})
			}
			if got := s.audits(t, app.PartnerName("usu")); !slices.Contains(got, "updated: contact.name, contact.email, contact.phone") {
				t.Errorf("audit %q", got)
			}
		})
		t.Run("agreements", func(t *testing.T) {
			mustAgreement(t, s, internAgreement("usu", "PKS/001/USU/2026", "2026-01-01", "2027-12-31"))
			tests := []struct {
				name  string
				ctx   context.Context
				in    domain.Agreement
				kind  errs.Kind
				field string
			}{
				{"agency HR may not", kominfoHR, internAgreement("usu", "PKS/002", "2026-01-01", "2026-12-31"), errs.PermissionDenied, ""},
				{"unknown partner", cityHR, internAgreement("unpad", "PKS/002", "2026-01-01", "2026-12-31"), errs.Invalid, "parent"},
				{"ends before it starts", cityHR, internAgreement("usu", "PKS/002", "2026-01-01", "2025-12-31"), errs.Invalid, "agreement.end_date"},
				{"no number", cityHR, internAgreement("usu", " ", "2026-01-01", "2026-12-31"), errs.Invalid, "agreement.number"},
				{"a number in use", cityHR, internAgreement("polmed", "PKS/001/USU/2026", "2026-01-01", "2026-12-31"), errs.AlreadyExists, ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					_, err := s.app.CreateAgreement(tt.ctx, tt.in)
					testenv.WantKind(t, err, tt.kind, tt.field)
				})
			}
			if n := s.count(t, `SELECT COUNT(*) FROM internship_agreements`); n != 1 {
				t.Errorf("agreements %d, want 1: a refused call wrote", n)
			}
		})
	})
}

// TestAgreementExpiry: an agreement shows as expiring from 90 days before its last day
// (Policy.AgreementWarningDays) through that day, and the list filters by state and by
// expiring_within_days, ending soonest first.
func TestAgreementExpiry(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		// Monday 2 March 2026 in Medan; 90 days on is Sunday 31 May.
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 8, 0))
		mustPartner(t, s, partnerUSU())
		for _, a := range []domain.Agreement{
			internAgreement("usu", "ENDS-91", "2025-01-01", "2026-06-01"),
			internAgreement("usu", "ENDS-90", "2025-01-01", "2026-05-31"),
			internAgreement("usu", "ENDS-TODAY", "2025-01-01", "2026-03-02"),
			internAgreement("usu", "ENDED", "2024-01-01", "2026-03-01"),
			internAgreement("usu", "LATER", "2026-04-01", "2026-05-15"),
		} {
			mustAgreement(t, s, a)
		}
		tests := []struct {
			name  string
			f     app.AgreementFilter
			want  []string // numbers with their state and days left, ending soonest first
			kind  errs.Kind
			field string
		}{
			{"all", app.AgreementFilter{}, []string{"ENDED expired -1", "ENDS-TODAY expiring 0", "LATER not_started 74", "ENDS-90 expiring 90", "ENDS-91 active 91"}, 0, ""},
			{"of the partner", app.AgreementFilter{Partner: "usu", State: domain.AgreementExpiring}, []string{"ENDS-TODAY expiring 0", "ENDS-90 expiring 90"}, 0, ""},
			{"active", app.AgreementFilter{State: domain.AgreementActive}, []string{"ENDS-91 active 91"}, 0, ""},
			{"expired", app.AgreementFilter{State: domain.AgreementExpired}, []string{"ENDED expired -1"}, 0, ""},
			{"not started", app.AgreementFilter{State: domain.AgreementNotStarted}, []string{"LATER not_started 74"}, 0, ""},
			{"within 90 days", app.AgreementFilter{ExpiringWithinDays: 90}, []string{"ENDS-TODAY expiring 0", "LATER not_started 74", "ENDS-90 expiring 90"}, 0, ""},
			{"within 89 days", app.AgreementFilter{ExpiringWithinDays: 89}, []string{"ENDS-TODAY expiring 0", "LATER not_started 74"}, 0, ""},
			{"expiring within 10 days", app.AgreementFilter{State: domain.AgreementExpiring, ExpiringWithinDays: 10}, []string{"ENDS-TODAY expiring 0"}, 0, ""},
			{"another partner", app.AgreementFilter{Partner: "polmed"}, nil, 0, ""},
			{"bad state", app.AgreementFilter{State: "lapsed"}, nil, errs.Invalid, "state"},
			{"negative days", app.AgreementFilter{ExpiringWithinDays: -1}, nil, errs.Invalid, "expiring_within_days"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []string
				token := ""
				for {
					page, next, err := s.app.ListAgreements(employee(staff1, "DISKOMINFO"), tt.f, 2, token)
					if tt.kind != 0 {
						testenv.WantKind(t, err, tt.kind, tt.field)
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					for _, a := range page {
						got = append(got, a.Number+" "+string(a.State)+" "+strconv.Itoa(a.DaysLeft))
					}
					if token = next; token == "" {
						break
					}
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			})
		}
		// The next day the 91-day agreement enters the window and the 90-day one is 89 days out.
		s.clock.set(at("2026-03-03", 8, 0))
		page, _, err := s.app.ListAgreements(cityHR, app.AgreementFilter{State: domain.AgreementExpiring}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range page {
			got = append(got, a.Number+" "+strconv.Itoa(a.DaysLeft))
		}
		if want := []string{"ENDS-90 89", "ENDS-91 90"}; !slices.Equal(got, want) {
			t.Errorf("a day later: %q, want %q", got, want)
		}
	})
}
