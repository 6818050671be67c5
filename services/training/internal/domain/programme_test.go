package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// wantField fails unless err is an Invalid error naming field (or is nil when field is "").
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		t.Fatalf("want an Invalid error naming %q, got %v", field, err)
	}
	for _, fv := range e.Violations {
		if fv.Field == field {
			return
		}
	}
	t.Fatalf("want a violation of %q, got %+v", field, e.Violations)
}

func TestJPFromMinutes(t *testing.T) {
	tests := []struct {
		minutes, per, want int
	}{
		{45, 45, 1},
		{90, 45, 2},
		{100, 45, 2}, // a part of a JP is not credited
		{135, 45, 3},
		{900, 45, 20},  // 15 hours of classroom = the whole yearly minimum
		{2400, 45, 53}, // a 40-hour week
		{44, 45, 0},    // less than one JP
		{0, 45, 0},     // nothing
		{120, 60, 2},   // a deployment that sets 60 minutes
		{-45, 45, 0},   // nonsense in, nothing out
	}
	for _, tt := range tests {
		if got := domain.JPFromMinutes(tt.minutes, tt.per); got != tt.want {
			t.Errorf("JPFromMinutes(%d, %d) = %d, want %d", tt.minutes, tt.per, got, tt.want)
		}
	}
}

func TestFormCountsHours(t *testing.T) {
	want := map[domain.Form]bool{
		domain.Classroom: true, domain.ELearning: true, domain.Seminar: true,
		domain.Coaching: false, domain.Mentoring: false, domain.Internship: false, domain.FormalEducation: false,
	}
	for _, f := range domain.Forms() {
		if got := f.CountsHours(); got != want[f] {
			t.Errorf("%s.CountsHours() = %v, want %v", f, got, want[f])
		}
	}
}

func ictClassroom() domain.Programme {
	return domain.Programme{
		Title: "Keamanan Informasi untuk Perangkat Daerah", Type: domain.Technical,
		Competencies: []string{"keamanan-informasi"}, Form: domain.Classroom, Minutes: 24 * 45,
		Provider: "BKPSDM Kota Medan", Kind: domain.CityTrainingUnit, CostPerSeat: 1_500_000, Certificate: true,
	}
}

func TestNewProgramme(t *testing.T) {
	pol := domain.DefaultPolicy()
	tests := []struct {
		name   string
		edit   func(*domain.Programme)
		field  string
		wantJP int
	}{
		{"classroom: 24 x 45 minutes = 24 JP", func(*domain.Programme) {}, "", 24},
		{"classroom: 16 hours = 960 minutes = 21 JP", func(p *domain.Programme) { p.Minutes = 960 }, "", 21},
		{"classroom: typed JP is ignored, minutes rule", func(p *domain.Programme) { p.JP = 99 }, "", 24},
		{"e-learning of 30 minutes is under a JP", func(p *domain.Programme) { p.Form = domain.ELearning; p.Minutes = 30 }, "minutes", 0},
		{"seminar without minutes", func(p *domain.Programme) { p.Form = domain.Seminar; p.Minutes = 0 }, "minutes", 0},
		{"internship states its JP", func(p *domain.Programme) { p.Form = domain.Internship; p.Minutes = 0; p.JP = 40 }, "", 40},
		{"coaching without JP", func(p *domain.Programme) { p.Form = domain.Coaching; p.Minutes = 0 }, "jp", 0},
		{"mentoring with minutes", func(p *domain.Programme) { p.Form = domain.Mentoring; p.JP = 10 }, "minutes", 0},
		{"empty title", func(p *domain.Programme) { p.Title = "  " }, "title", 0},
		{"unknown type", func(p *domain.Programme) { p.Type = "soft" }, "competency_type", 0},
		{"unknown form", func(p *domain.Programme) { p.Form = "webinar" }, "form", 0},
		{"empty competency", func(p *domain.Programme) { p.Competencies = []string{"a", ""} }, "competencies[1]", 0},
		{"no provider", func(p *domain.Programme) { p.Provider = "" }, "provider", 0},
		{"unknown provider kind", func(p *domain.Programme) { p.Kind = "vendor" }, "provider_kind", 0},
		{"negative cost", func(p *domain.Programme) { p.CostPerSeat = -1 }, "cost_per_seat", 0},
		{"Latsar without certificate", func(p *domain.Programme) { p.Latsar = true; p.Certificate = false }, "certificate", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ictClassroom()
			tt.edit(&p)
			got, err := domain.NewProgramme(p, pol)
			wantField(t, err, tt.field)
			if tt.field == "" && got.JP != tt.wantJP {
				t.Errorf("JP = %d, want %d", got.JP, tt.wantJP)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	wantField(t, domain.DefaultPolicy().Validate(), "")
	wantField(t, domain.Policy{MinutesPerJP: 0, AgreementWarningDays: 90}.Validate(), "minutes_per_jp")
	wantField(t, domain.Policy{MinutesPerJP: 45, AgreementWarningDays: -1}.Validate(), "agreement_warning_days")
}
