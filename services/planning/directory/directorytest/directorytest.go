// Package directorytest seeds a directory copy for the tests of the services that keep one:
// the employees go in as planning's EmployeeCreated events would put them there, through the
// copy's own Apply, so a test sees exactly what the events would have left.
package directorytest

import (
	"context"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// Retired is the status of an employee who no longer serves; an employee seeded without a
// status is active.
const Retired = planningv1.EmployeeStatus_EMPLOYEE_STATUS_RETIRED

// Seed migrates the directory copy's tables in db (a no-op when they are there), stores
// employees in it in one transaction and returns the copy, failing t on any error. Each
// employee is stored as planning's EmployeeCreated event carries it, with two defaults for
// brevity: no status means active, no etag means version 1. A supervisor is the Supervisor
// field's NIP; the copy's supervisor tree is built from it. The arguments are not modified.
func Seed(t testing.TB, db *database.DB, employees ...*planningv1.Employee) *directory.Replica {
	t.Helper()
	ctx := context.Background()
	if err := db.Migrate(ctx, "directory", directory.Migrations()); err != nil {
		t.Fatalf("migrating the directory copy: %v", err)
	}
	dir := directory.New(db)
	err := db.InTx(ctx, func(tx *database.Tx) error {
		for _, e := range employees {
			e = proto.CloneOf(e)
			if e.GetStatus() == planningv1.EmployeeStatus_EMPLOYEE_STATUS_UNSPECIFIED {
				e.Status = planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE
			}
			if e.GetEtag() == "" {
				e.Etag = "v1"
			}
			data, err := proto.Marshal(&planningv1.EmployeeCreated{Employee: e})
			if err != nil {
				return err
			}
			if err := dir.Apply(ctx, tx, bus.Message{Type: "simpeg.planning.v1.EmployeeCreated", Data: data}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding the directory copy: %v", err)
	}
	return dir
}
