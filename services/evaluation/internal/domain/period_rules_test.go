package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// Opening a year: the defaults (the policy's cadence and due days, 31 January) and each
// field's bounds.
func TestNewPeriod(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		in    domain.Period
		want  domain.Period
		field string
	}{
		{"defaults", domain.Period{Year: 2026}, domain.Period{Year: 2026, Cadence: domain.Quarterly, SkpDueDate: "2026-01-31", RatingDueDays: 14}, ""},
		{"given", domain.Period{Year: 2027, Cadence: domain.Monthly, SkpDueDate: "2027-02-15", RatingDueDays: 30},
			domain.Period{Year: 2027, Cadence: domain.Monthly, SkpDueDate: "2027-02-15", RatingDueDays: 30}, ""},
		{"year 1999", domain.Period{Year: 1999}, domain.Period{}, "year"},
		{"year 2101", domain.Period{Year: 2101}, domain.Period{}, "year"},
		{"year 2100", domain.Period{Year: 2100}, domain.Period{Year: 2100, Cadence: domain.Quarterly, SkpDueDate: "2100-01-31", RatingDueDays: 14}, ""},
		{"cadence", domain.Period{Year: 2026, Cadence: "weekly"}, domain.Period{}, "cadence"},
		{"due date outside the year", domain.Period{Year: 2026, SkpDueDate: "2025-12-31"}, domain.Period{}, "skp_due_date"},
		{"due date not a date", domain.Period{Year: 2026, SkpDueDate: "31/01/2026"}, domain.Period{}, "skp_due_date"},
		{"due days", domain.Period{Year: 2026, RatingDueDays: 91}, domain.Period{}, "rating_due_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.NewPeriod(tt.in, domain.DefaultPolicy(), now)
			if tt.field != "" {
				wantField(t, err, errs.Invalid, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Version, tt.want.Created, tt.want.Updated = 1, now, now
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Changing a year: the mask names the fields; the cadence is fixed once a period is rated.
func TestPeriodApply(t *testing.T) {
	base, _ := domain.NewPeriod(domain.Period{Year: 2026}, domain.DefaultPolicy(), time.Unix(0, 0))
	tests := []struct {
		name    string
		u       domain.PeriodUpdate
		rated   bool
		changed int
		kind    errs.Kind
		field   string
	}{
		{"cadence before any rating", domain.PeriodUpdate{Fields: []string{"cadence"}, Values: domain.Period{Cadence: domain.Monthly}}, false, 1, 0, ""},
		{"cadence after a rating", domain.PeriodUpdate{Fields: []string{"cadence"}, Values: domain.Period{Cadence: domain.Monthly}}, true, 0, errs.FailedPrecondition, ""},
		{"due date after a rating", domain.PeriodUpdate{Fields: []string{"skp_due_date"}, Values: domain.Period{SkpDueDate: "2026-02-28"}}, true, 1, 0, ""},
		{"due days back to the default", domain.PeriodUpdate{Fields: []string{"rating_due_days"}}, false, 0, 0, ""},
		{"no mask", domain.PeriodUpdate{}, false, 0, errs.Invalid, "update_mask"},
		{"year in the mask", domain.PeriodUpdate{Fields: []string{"year"}}, false, 0, errs.Invalid, "update_mask"},
		{"bad due date", domain.PeriodUpdate{Fields: []string{"skp_due_date"}, Values: domain.Period{SkpDueDate: "2027-01-31"}}, false, 0, errs.Invalid, "skp_due_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			changed, err := p.Apply(tt.u, domain.DefaultPolicy(), tt.rated, time.Unix(5, 0))
			if tt.kind != 0 {
				wantField(t, err, tt.kind, tt.field)
				if p != base {
					t.Fatal("changed on error")
				}
				return
			}
			if err != nil || len(changed) != tt.changed {
				t.Fatalf("changed %v, %v", changed, err)
			}
			if wantVersion := base.Version + int64(min(tt.changed, 1)); p.Version != wantVersion {
				t.Fatalf("version %d, want %d", p.Version, wantVersion)
			}
		})
	}
}

// wantField fails t unless err is of kind and, when field is given, names it.
func wantField(t *testing.T, err error, kind errs.Kind, field string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind {
		t.Fatalf("error %v: want kind %d", err, kind)
	}
	if field == "" {
		return
	}
	for _, v := range e.Violations {
		if v.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name %s", err, field)
}
