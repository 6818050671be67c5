package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// day returns a date of 2026 at midnight UTC, as external training's dates are kept.
func day(month time.Month, d int) time.Time { return time.Date(2026, month, d, 0, 0, 0, 0, time.UTC) }

func TestNewExternal(t *testing.T) {
	base := domain.External{Employee: "199001012015031003", Title: "Cloud Practitioner Essentials", Provider: "AWS Skill Builder",
		Form: domain.ELearning, Start: day(3, 2), End: day(3, 4), Minutes: 900, Evidence: "documents/0190aaaa-0000-7000-8000-000000000001"}
	today := at(3, 10, 9, 0)
	tests := []struct {
		name   string
		edit   func(*domain.External)
		field  string
		wantJP int
	}{
		{"e-learning of 900 minutes is 20 JP", func(*domain.External) {}, "", 20},
		{"100 minutes are 2 JP", func(x *domain.External) { x.Minutes = 100 }, "", 2},
		{"coaching states its JP", func(x *domain.External) { x.Form, x.Minutes, x.JP = domain.Coaching, 0, 12 }, "", 12},
		{"a link as evidence", func(x *domain.External) { x.Evidence = "https://www.credly.com/badges/abc" }, "", 20},
		{"one day, no first day given", func(x *domain.External) { x.Start = time.Time{} }, "", 20},
		{"30 minutes are less than a JP", func(x *domain.External) { x.Minutes = 30 }, "minutes", 0},
		{"hours form without minutes", func(x *domain.External) { x.Minutes = 0; x.JP = 20 }, "minutes", 0},
		{"minutes for coaching", func(x *domain.External) { x.Form, x.JP = domain.Coaching, 10 }, "minutes", 0},
		{"coaching without JP", func(x *domain.External) { x.Form, x.Minutes = domain.Coaching, 0 }, "jp", 0},
		{"unknown form", func(x *domain.External) { x.Form = "webinar" }, "form", 0},
		{"no title", func(x *domain.External) { x.Title = "  " }, "title", 0},
		{"no provider", func(x *domain.External) { x.Provider = "" }, "provider", 0},
		{"no last day", func(x *domain.External) { x.End = time.Time{} }, "end_date", 0},
		{"ends before it starts", func(x *domain.External) { x.End = day(3, 1) }, "end_date", 0},
		{"ends tomorrow", func(x *domain.External) { x.End = day(3, 11) }, "end_date", 0},
		{"plain http link", func(x *domain.External) { x.Evidence = "http://example.com/cert.pdf" }, "evidence", 0},
		{"a file path", func(x *domain.External) { x.Evidence = "C:/sertifikat.pdf" }, "evidence", 0},
		{"documents without id", func(x *domain.External) { x.Evidence = "documents/" }, "evidence", 0},
		{"no evidence", func(x *domain.External) { x.Evidence = "" }, "evidence", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := base
			tt.edit(&x)
			got, err := domain.NewExternal(x, domain.DefaultPolicy(), today)
			wantField(t, err, tt.field)
			if tt.field != "" {
				return
			}
			if got.JP != tt.wantJP || got.State != domain.ExternalSubmitted || got.Version != 1 || got.Start.IsZero() {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestExternalDecisions(t *testing.T) {
	sub := domain.External{ID: "x1", Employee: "199001012015031003", End: day(3, 4), JP: 20, State: domain.ExternalSubmitted, Version: 1}
	now := at(3, 12, 10, 0)
	tests := []struct {
		name   string
		x      domain.External
		decide func(domain.External) (domain.External, error)
		want   domain.ExternalState
		kind   errs.Kind
	}{
		{"HR verifies", sub, func(x domain.External) (domain.External, error) { return x.Verify("kominfo-hr", now) }, domain.ExternalVerified, 0},
		{"HR rejects with a reason", sub, func(x domain.External) (domain.External, error) {
			return x.Reject("kominfo-hr", "the certificate names someone else", now)
		}, domain.ExternalRejected, 0},
		{"a rejection needs a reason", sub, func(x domain.External) (domain.External, error) { return x.Reject("kominfo-hr", " ", now) }, "", errs.Invalid},
		{"nobody verifies their own", sub, func(x domain.External) (domain.External, error) { return x.Verify(sub.Employee, now) }, "", errs.PermissionDenied},
		{"verified once", domain.External{ID: "x1", State: domain.ExternalVerified}, func(x domain.External) (domain.External, error) {
			return x.Verify("kominfo-hr", now)
		}, "", errs.FailedPrecondition},
		{"a rejected one is not verified later", domain.External{ID: "x1", State: domain.ExternalRejected}, func(x domain.External) (domain.External, error) {
			return x.Verify("kominfo-hr", now)
		}, "", errs.FailedPrecondition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.decide(tt.x)
			if tt.kind != 0 {
				if !errs.IsKind(err, tt.kind) {
					t.Fatalf("want kind %d, got %v", tt.kind, err)
				}
				return
			}
			if err != nil || got.State != tt.want || got.DecidedBy != "kominfo-hr" || !got.Decided.Equal(now) || got.Version != 2 {
				t.Fatalf("got %+v, %v", got, err)
			}
			_, counts := domain.ExternalEntry(got, wib)
			if counts != (tt.want == domain.ExternalVerified) {
				t.Errorf("counts toward the ledger: %v", counts)
			}
		})
	}
}
