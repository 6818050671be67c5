package domain

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

func TestEducation(t *testing.T) {
	tests := []struct {
		in    Education
		valid bool
		label string
	}{
		{"", true, "Tidak diketahui"},
		{EducationSD, true, "SD"},
		{EducationSMA, true, "SMA/SMK"},
		{EducationD3, true, "D-III"},
		{EducationD4, true, "D-IV"},
		{EducationS1, true, "S1"},
		{EducationS3, true, "S3"},
		{"S1", false, ""},
		{"sma/smk", false, ""},
		{"s4", false, ""},
	}
	for _, tt := range tests {
		if got := tt.in.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v, want %v", tt.in, got, tt.valid)
		}
		if tt.valid {
			if got := tt.in.Label(); got != tt.label {
				t.Errorf("%q.Label() = %q, want %q", tt.in, got, tt.label)
			}
		}
	}
	if n := len(Educations()); n != 10 {
		t.Errorf("Educations() has %d levels, want 10", n)
	}
}

// TestEmployeeEducation checks a new employee's education and its update through Apply.
func TestEmployeeEducation(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	ag := &Agency{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: KindDinas, Root: "DISKOMINFO"}
	base := Employee{NIP: "199001012015031001", FullName: "Budi Santoso", Type: PNS, Rank: "III/a", Agency: "DISKOMINFO"}
	bad := base
	bad.Education = "sarjana"
	_, err := NewEmployee(bad, Refs{Agency: ag}, now)
	if ev, ok := errs.As(err); !ok || len(ev.Violations) != 1 || ev.Violations[0].Field != "education" {
		t.Fatalf("NewEmployee(education sarjana) = %v; want one violation of education", err)
	}
	good := base
	good.Education = EducationS1
	e, err := NewEmployee(good, Refs{Agency: ag}, now)
	if err != nil || e.Education != EducationS1 {
		t.Fatalf("NewEmployee(s1) = %+v, %v", e.Education, err)
	}
	changed, err := e.Apply(EmployeeUpdate{Fields: []string{"education"}, Values: Employee{Education: EducationS2}, Refs: Refs{Agency: ag}}, now)
	if err != nil || len(changed) != 1 || changed[0] != "education" || e.Education != EducationS2 || e.Version != 2 {
		t.Fatalf("Apply(education s2) = %v, %v; education %q version %d", changed, err, e.Education, e.Version)
	}
	_, err = e.Apply(EmployeeUpdate{Fields: []string{"education"}, Values: Employee{Education: "s9"}, Refs: Refs{Agency: ag}}, now)
	if ev, ok := errs.As(err); !ok || ev.Violations[0].Field != "education" {
		t.Fatalf("Apply(education s9) = %v; want a violation of education", err)
	}
}
