package seed

import (
	"strings"
	"testing"
)

// TestEvaluationSubset picks the evaluation demo's agencies from the flag: all, none, the
// default list (with its headcount written down in EvaluationDemoAgencies' doc) or named codes,
// and refuses a code the demo has not.
func TestEvaluationSubset(t *testing.T) {
	d := Generate(2026)
	tests := []struct {
		flag      string
		employees int // -1: the whole data set
		wantErr   string
	}{
		{flag: "all", employees: -1},
		{flag: "", employees: 0},
		{flag: "DISKOMINFO", employees: 140},
		{flag: " DISKOMINFO , BKPSDM ", employees: 290},
		{flag: "DISKOMINFO,NOPE", wantErr: `"NOPE" is not a top-level agency`},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			got, err := EvaluationSubset(d, tt.flag)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			switch {
			case err != nil:
				t.Fatal(err)
			case tt.employees == -1 && got != d:
				t.Fatal("all is not the whole data set")
			case tt.employees == 0 && got != nil:
				t.Fatalf("nothing gave %d employees", len(got.Employees))
			case tt.employees > 0 && len(got.Employees) != tt.employees:
				t.Fatalf("%d employees, want %d", len(got.Employees), tt.employees)
			}
		})
	}
	def, err := EvaluationSubset(d, strings.Join(EvaluationDemoAgencies, ","))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range def.Employees {
		if e.GetSupervisor() == "" && e.GetAgency() != "SETDA" {
			t.Errorf("%s of %s has no supervisor: only the Sekda heads the cascade", e.GetNip(), e.GetAgency())
		}
	}
	t.Logf("the default evaluation demo: %d employees of %d agencies", len(def.Employees), len(EvaluationDemoAgencies))
}
