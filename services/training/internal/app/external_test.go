package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// ymd returns a date as external training keeps it.
func ymd(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// cloudCourse is Andi's own e-learning of 900 minutes: 20 JP.
func cloudCourse() domain.External {
	return domain.External{Title: "AWS Cloud Practitioner Essentials", Provider: "AWS Skill Builder", Form: domain.ELearning,
		Start: ymd("2026-03-02"), End: ymd("2026-03-06"), Minutes: 900, Evidence: "documents/0190aaaa-0000-7000-8000-000000000001"}
}

// TestCreateExternalTraining: who records external training for whom, and what is refused.
func TestCreateExternalTraining(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		s.clock.set(at("2026-03-10", 9, 0))
		tests := []struct {
			name   string
			ctx    context.Context
			edit   func(*domain.External)
			kind   errs.Kind
			field  string
			wantJP int
		}{
			{"the employee, their own (employee left empty)", employee(staff1, "DISKOMINFO"), func(*domain.External) {}, 0, "", 20},
			{"agency HR for their agency's employee", kominfoHR, func(x *domain.External) { x.Employee = staff2 }, 0, "", 20},
			{"city HR, a coaching stating its JP", cityHR, func(x *domain.External) {
				x.Employee, x.Form, x.Minutes, x.JP, x.Evidence = nurse, domain.Coaching, 0, 8, "https://lms.kemkes.go.id/certificates/8812"
			}, 0, "", 8},
			{"ends today in Papua, tomorrow nowhere else", employee(staff1, "DISKOMINFO"), func(x *domain.External) { x.End = ymd("2026-03-10") }, 0, "", 20},
			{"ends tomorrow", employee(staff1, "DISKOMINFO"), func(x *domain.External) { x.End = ymd("2026-03-11") }, errs.Invalid, "end_date", 0},
			{"evidence a file name", employee(staff1, "DISKOMINFO"), func(x *domain.External) { x.Evidence = "sertifikat.pdf" }, errs.Invalid, "evidence", 0},
			{"20 minutes", employee(staff1, "DISKOMINFO"), func(x *domain.External) { x.Minutes = 20 }, errs.Invalid, "minutes", 0},
			{"someone else's, as an employee", employee(staff1, "DISKOMINFO"), func(x *domain.External) { x.Employee = staff2 }, errs.PermissionDenied, "", 0},
			{"HR of another agency", dinkesHR, func(x *domain.External) { x.Employee = staff1 }, errs.PermissionDenied, "", 0},
			{"an unknown employee, city HR", cityHR, func(x *domain.External) { x.Employee = "199912312020121099" }, errs.NotFound, "", 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := cloudCourse()
				tt.edit(&in)
				got, err := s.app.CreateExternalTraining(tt.ctx, in)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.JP != tt.wantJP || got.State != domain.ExternalSubmitted || got.Version != 1 || got.ID == "" || got.Agency == "" {
					t.Fatalf("recorded %+v", got)
				}
				stored, err := s.store.ExternalTraining(context.Background(), got.ID)
				if err != nil || stored.JP != got.JP || !stored.End.Equal(got.End) || stored.Evidence != got.Evidence || stored.SubmittedBy == "" {
					t.Errorf("stored %+v, %v", stored, err)
				}
			})
		}
		if n := s.count(t, `SELECT COUNT(*) FROM external_trainings`); n != 4 {
			t.Errorf("%d records, want the 4 accepted", n)
		}
		if n := len(jpCredited(t, s.env)); n != 0 {
			t.Errorf("%d jp.credited events before any verification", n)
		}
	})
}

// TestVerifyExternalTraining: only verified training counts (one jp.credited, in the year of
// its last day); a rejection needs a reason; nobody verifies their own; a decision is final.
func TestVerifyExternalTraining(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		s.clock.set(at("2027-01-05", 9, 0))
		record := func(ctx context.Context, nip, end string) domain.External {
			in := cloudCourse()
			in.Employee, in.Start, in.End = nip, ymd(end), ymd(end)
			x, err := s.app.CreateExternalTraining(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		andi := record(employee(staff1, "DISKOMINFO"), staff1, "2026-12-31")
		siti := record(employee(staff2, "DISKOMINFO"), staff2, "2026-11-20")
		own := record(kominfoHR, kabid, "2026-10-01")
		s.clock.set(at("2027-01-06", 9, 0))
		tests := []struct {
			name    string
			ctx     context.Context
			id      string
			approve bool
			reason  string
			etag    string
			kind    errs.Kind
			field   string
			want    domain.ExternalState
		}{
			{"HR of another agency", dinkesHR, andi.ID, true, "", "", errs.PermissionDenied, "", ""},
			{"the employee themselves", employee(staff1, "DISKOMINFO"), andi.ID, true, "", "", errs.PermissionDenied, "", ""},
			{"a stale etag", kominfoHR, andi.ID, true, "", "v2", errs.Conflict, "", ""},
			{"agency HR verifies", kominfoHR, andi.ID, true, "", "v1", 0, "", domain.ExternalVerified},
			{"verified once only", cityHR, andi.ID, false, "duplicate", "", errs.FailedPrecondition, "", ""},
			{"a rejection without a reason", kominfoHR, siti.ID, false, " ", "", errs.Invalid, "reason", ""},
			{"city HR rejects", cityHR, siti.ID, false, "the certificate names another participant", "", 0, "", domain.ExternalRejected},
			{"kabid is HR here but not of their own", testenv.As(context.Background(), "agency-hr", "DISKOMINFO", kabid), own.ID, true, "", "", errs.PermissionDenied, "", ""},
			{"unknown, agency HR", kominfoHR, "0190aaaa-0000-7000-8000-000000000009", true, "", "", errs.PermissionDenied, "", ""},
			{"unknown, city HR", cityHR, "0190aaaa-0000-7000-8000-000000000009", true, "", "", errs.NotFound, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.VerifyExternalTraining(tt.ctx, tt.id, tt.approve, tt.reason, tt.etag)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil || got.State != tt.want || got.Version != 2 || got.DecidedBy == "" || got.Decided.IsZero() {
					t.Fatalf("decided %+v, %v", got, err)
				}
			})
		}
		credited := jpCredited(t, s.env)
		if len(credited) != 1 || credited[0].GetReference() != app.ExternalTrainingName(andi.ID) || credited[0].GetYear() != 2026 ||
			credited[0].GetJp() != 20 || credited[0].GetSource() != "external" || credited[0].GetAgency() != "DISKOMINFO" {
			t.Fatalf("jp.credited %v, want Andi's verified 20 JP of 2026 only", credited)
		}
		// The ledger's rule over what is stored: the verified one counts, the rejected and the
		// one still waiting do not.
		list, _, err := s.app.ListExternalTrainings(cityHR, app.ExternalListOptions{})
		if err != nil || len(list) != 3 {
			t.Fatalf("list %d, %v", len(list), err)
		}
		counted := 0
		for _, x := range list {
			if e, ok := domain.ExternalEntry(x, wib); ok {
				counted += e.JP
			}
		}
		if counted != 20 {
			t.Errorf("%d JP counted, want 20", counted)
		}
	})
}

// TestDeliveryLists: who lists whose certificates and external training.
func TestDeliveryLists(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := dlvSuite(t, engine)
		recordDays(t, s, map[string][]string{"2026-05-04": {"e-andi", "e-siti"}})
		s.clock.set(at("2026-06-01", 16, 0))
		if _, err := s.app.RecordSessionAttendance(cityHR, "s-city", "2026-06-01", []string{"e-nurse"}); err != nil {
			t.Fatal(err)
		}
		s.clock.set(at("2026-06-05", 9, 0))
		for _, id := range []string{"e-andi", "e-siti", "e-nurse"} {
			if _, err := s.app.CompleteEnrolment(cityHR, id, domain.Passed, 80, ""); err != nil {
				t.Fatal(err)
			}
		}
		for _, who := range []struct {
			ctx context.Context
			nip string
		}{{employee(staff1, "DISKOMINFO"), staff1}, {employee(nurse, "DINKES"), nurse}} {
			in := cloudCourse()
			in.Employee = who.nip
			if _, err := s.app.CreateExternalTraining(who.ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name     string
			ctx      context.Context
			employee string
			agency   string
			certs    int // -1: refused
			external int
		}{
			{"an employee, their own by default", employee(staff1, "DISKOMINFO"), "", "", 1, 1},
			{"an employee asking for a colleague", employee(staff1, "DISKOMINFO"), staff2, "", -1, -1},
			{"an employee asking for their agency", employee(staff1, "DISKOMINFO"), "", "DISKOMINFO", -1, -1},
			{"a supervisor, a subordinate", supervisor(kabid, "DISKOMINFO"), staff2, "", 1, 0},
			{"a supervisor, someone else's", supervisor(kabid, "DISKOMINFO"), nurse, "", -1, -1},
			{"agency HR, their agency by default", kominfoHR, "", "", 2, 1},
			{"agency HR, another agency", kominfoHR, "", "DINKES", -1, -1},
			{"agency HR, another agency's employee", kominfoHR, nurse, "", -1, -1},
			{"city HR, one agency", cityHR, "", "DINKES", 1, 1},
			{"the inspectorate, everything", auditor, "", "", 3, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				certs, _, err := s.app.ListCertificates(tt.ctx, app.CertificateListOptions{Employee: tt.employee, Agency: tt.agency})
				xs, _, xerr := s.app.ListExternalTrainings(tt.ctx, app.ExternalListOptions{Employee: tt.employee, Agency: tt.agency})
				if tt.certs < 0 {
					testenv.WantKind(t, err, errs.PermissionDenied, "")
					testenv.WantKind(t, xerr, errs.PermissionDenied, "")
					return
				}
				if err != nil || xerr != nil || len(certs) != tt.certs || len(xs) != tt.external {
					t.Fatalf("%d certificates (%v), %d external (%v)", len(certs), err, len(xs), xerr)
				}
			})
		}
		// Newest first, in pages.
		page, next, err := s.app.ListCertificates(cityHR, app.CertificateListOptions{PageSize: 2})
		if err != nil || len(page) != 2 || !strings.HasPrefix(page[0].Number, "STTPP/2026/000003-") || next == "" {
			t.Fatalf("first page %+v %q %v", page, next, err)
		}
		rest, next, err := s.app.ListCertificates(cityHR, app.CertificateListOptions{PageSize: 2, PageToken: next})
		if err != nil || len(rest) != 1 || !strings.HasPrefix(rest[0].Number, "STTPP/2026/000001-") || next != "" {
			t.Fatalf("second page %+v %q %v", rest, next, err)
		}
		if got, _, err := s.app.ListCertificates(cityHR, app.CertificateListOptions{Year: 2027}); err != nil || len(got) != 0 {
			t.Errorf("2027: %d, %v", len(got), err)
		}
		// A certificate by its enrolment: the holder and HR, not a colleague.
		if c, err := s.app.GetCertificate(employee(staff1, "DISKOMINFO"), "e-andi"); err != nil || !strings.HasPrefix(c.Number, "STTPP/2026/000001-") {
			t.Errorf("own certificate %+v, %v", c, err)
		}
		_, err = s.app.GetCertificate(employee(staff2, "DISKOMINFO"), "e-andi")
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		_, _, err = s.app.ListExternalTrainings(cityHR, app.ExternalListOptions{State: "approved"})
		testenv.WantKind(t, err, errs.Invalid, "state")
	})
}
