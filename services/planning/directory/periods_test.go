package directory_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// TestAgencyOnADate: the copy keeps each employee's assignment periods from the events and
// answers the agency in force on any date, so a transfer takes effect on its effective date
// and days before it stay with the old agency (issue 8 item 5). An older version arriving late
// does not replace the periods.
func TestAgencyOnADate(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		dir := directorytest.Seed(t, db, &planningv1.Employee{Nip: staff, Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA",
			History: []*planningv1.Assignment{{Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", StartDate: "2020-03-01"}}})
		// The transfer event: dated 2027-01-04, recorded ahead; the record still says DISKOMINFO.
		transferred := &planningv1.Employee{Nip: staff, Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", Status: planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE, Etag: "v2",
			History: []*planningv1.Assignment{
				{Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", StartDate: "2020-03-01", EndDate: "2027-01-03"},
				{Agency: "DINKES", StartDate: "2027-01-04"},
			}}
		apply := func(ev proto.Message, typ string) {
			data, err := proto.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.InTx(ctx, func(tx *database.Tx) error {
				return dir.Apply(ctx, tx, bus.Message{Type: typ, Data: data})
			}); err != nil {
				t.Fatal(err)
			}
		}
		apply(&planningv1.EmployeeTransferred{Employee: transferred, FromAgency: "DISKOMINFO", EffectiveDate: "2027-01-04"}, "simpeg.planning.v1.EmployeeTransferred")
		// The creation event redelivered late (version 1, one period) changes nothing.
		apply(&planningv1.EmployeeCreated{Employee: &planningv1.Employee{Nip: staff, Agency: "DISKOMINFO", Etag: "v1",
			History: []*planningv1.Assignment{{Agency: "DISKOMINFO", StartDate: "2020-03-01"}}}}, "simpeg.planning.v1.EmployeeCreated")
		tests := []struct{ date, agency, unit string }{
			{"2019-12-31", "DISKOMINFO", "DISKOMINFO-APTIKA"}, // before any period: the record's
			{"2026-12-05", "DISKOMINFO", "DISKOMINFO-APTIKA"},
			{"2027-01-03", "DISKOMINFO", "DISKOMINFO-APTIKA"},
			{"2027-01-04", "DINKES", ""},
			{"2027-06-30", "DINKES", ""},
		}
		for _, tt := range tests {
			t.Run(tt.date, func(t *testing.T) {
				e, err := dir.EmployeeOn(ctx, staff, tt.date)
				if err != nil {
					t.Fatal(err)
				}
				if e.Agency != tt.agency || e.Unit != tt.unit {
					t.Errorf("on %s: %s/%s, want %s/%s", tt.date, e.Agency, e.Unit, tt.agency, tt.unit)
				}
			})
		}
		if _, err := dir.EmployeeOn(ctx, nurse, "2026-12-05"); err != directory.ErrNotFound {
			t.Errorf("unknown employee: %v", err)
		}
	})
}
