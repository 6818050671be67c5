package directorytest_test

import (
	"context"
	"testing"

	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

const (
	head    = "197203152000031002"
	staff   = "198609262015051001"
	retired = "196501011990031001"
)

func TestSeed(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		staffIn := &planningv1.Employee{Nip: staff, DisplayName: "Budi Santoso", Agency: "DISKOMINFO", Supervisor: head, Sex: planningv1.Sex_SEX_MALE}
		dir := directorytest.Seed(t, db,
			&planningv1.Employee{Nip: head, Agency: "DISKOMINFO", Etag: "v3"},
			staffIn,
			&planningv1.Employee{Nip: retired, Agency: "RSUD", Status: directorytest.Retired},
		)
		if staffIn.GetStatus() != planningv1.EmployeeStatus_EMPLOYEE_STATUS_UNSPECIFIED || staffIn.GetEtag() != "" {
			t.Errorf("Seed changed its argument: %+v", staffIn)
		}
		tests := []struct {
			nip  string
			want directory.Employee
		}{
			{head, directory.Employee{NIP: head, Sex: "unspecified", EmploymentType: "unspecified", Agency: "DISKOMINFO", Status: "active", Version: 3}},
			{staff, directory.Employee{NIP: staff, DisplayName: "Budi Santoso", Sex: "male", EmploymentType: "unspecified", Agency: "DISKOMINFO", Supervisor: head, Status: "active", Version: 1}},
			{retired, directory.Employee{NIP: retired, Sex: "unspecified", EmploymentType: "unspecified", Agency: "RSUD", Status: "retired", Version: 1}},
		}
		for _, tt := range tests {
			got, err := dir.Employee(ctx, tt.nip)
			if err != nil {
				t.Fatalf("Employee(%s): %v", tt.nip, err)
			}
			if got != tt.want {
				t.Errorf("Employee(%s) = %+v, want %+v", tt.nip, got, tt.want)
			}
		}
		if under, err := dir.IsUnder(ctx, head, staff); err != nil || !under {
			t.Errorf("IsUnder(head, staff) = %v, %v; want true", under, err)
		}
		// Seeding again migrates nothing and adds to the copy.
		directorytest.Seed(t, db, &planningv1.Employee{Nip: "199001312019032002", Agency: "DISKOMINFO", Supervisor: staff})
		if n, err := dir.Count(ctx); err != nil || n != 4 {
			t.Errorf("Count = %d, %v; want 4", n, err)
		}
		if under, _ := dir.IsUnder(ctx, head, "199001312019032002"); !under {
			t.Error("the head does not see their indirect report")
		}
	})
}
