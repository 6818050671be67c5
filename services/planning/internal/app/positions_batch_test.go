package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// staff is a valid executor position of Dinas Kesehatan with id id.
func staff(id string) domain.Position {
	return domain.Position{ID: id, Title: "Pengadministrasi Umum", Kind: domain.PositionExecutor, Class: 5, Agency: "DINKES", Needed: 2}
}

// positionBatch: BatchCreatePositions is all or nothing; every bad field of every row is named
// as requests[i].…; a row already registered is reported, not refused, so the call repeats.
func (f *fixture) positionBatch(t *testing.T) {
	bad := func(i int, change func(p *domain.Position)) []domain.Position {
		rows := []domain.Position{staff("batch-a"), staff("batch-b"), staff("batch-c")}
		change(&rows[i])
		return rows
	}
	tests := []struct {
		name  string
		ctx   context.Context
		rows  []domain.Position
		kind  errs.Kind
		field string
	}{
		{"class out of range", cityHR, bad(1, func(p *domain.Position) { p.Class = 18 }), errs.Invalid, "requests[1].position.class"},
		{"title too short", cityHR, bad(2, func(p *domain.Position) { p.Title = "x" }), errs.Invalid, "requests[2].position.title"},
		{"kind missing", cityHR, bad(0, func(p *domain.Position) { p.Kind = "" }), errs.Invalid, "requests[0].position.kind"},
		{"agency unknown", cityHR, bad(1, func(p *domain.Position) { p.Agency = "NOPE" }), errs.Invalid, "requests[1].position.agency"},
		{"unit of another agency", cityHR, bad(2, func(p *domain.Position) { p.Unit = "DISKOMINFO-APTIKA" }), errs.Invalid, "requests[2].position.unit"},
		{"negative need", cityHR, bad(0, func(p *domain.Position) { p.Needed = -1 }), errs.Invalid, "requests[0].position.needed_headcount"},
		{"no id", cityHR, bad(1, func(p *domain.Position) { p.ID = "" }), errs.Invalid, "requests[1].position_id"},
		{"id not a slug", cityHR, bad(1, func(p *domain.Position) { p.ID = "Batch B" }), errs.Invalid, "requests[1].position_id"},
		{"id twice in the call", cityHR, bad(2, func(p *domain.Position) { p.ID = "batch-a" }), errs.Invalid, "requests[2].position_id"},
		{"agency HR, a row of another agency", testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes"),
			bad(1, func(p *domain.Position) { p.Agency = "DISKOMINFO" }), errs.PermissionDenied, ""},
		{"empty", cityHR, nil, errs.Invalid, "requests"},
		{"too many", cityHR, make([]domain.Position, app.MaxPositionBatch+1), errs.Invalid, "requests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.pend()
			_, err := f.app.BatchCreatePositions(tt.ctx, tt.rows)
			testenv.WantKind(t, err, tt.kind, tt.field)
			if after := f.pend(); after != before {
				t.Errorf("a refused batch wrote %d events", after-before)
			}
			for _, id := range []string{"batch-a", "batch-b", "batch-c"} {
				if _, err := f.app.GetPosition(cityHR, id); !errs.IsKind(err, errs.NotFound) {
					t.Fatalf("position %s after a refused batch: %v, want not found", id, err)
				}
			}
		})
	}

	// Every bad row is named, not only the first.
	rows := bad(0, func(p *domain.Position) { p.Class = 0 })
	rows[2].Title = ""
	_, err := f.app.BatchCreatePositions(cityHR, rows)
	e := testenv.WantKind(t, err, errs.Invalid, "requests[0].position.class")
	testenv.WantKind(t, err, errs.Invalid, "requests[2].position.title")
	if len(e.Violations) != 2 {
		t.Errorf("violations %+v, want the two bad fields", e.Violations)
	}

	// Agency HR creates in their own agency; city HR anywhere.
	hr := testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes")
	before := f.pend()
	res, err := f.app.BatchCreatePositions(hr, []domain.Position{staff("batch-a"), staff("batch-b")})
	if err != nil || len(res.Created) != 2 || len(res.Present) != 0 {
		t.Fatalf("agency HR batch = %+v, %v; want two created", res, err)
	}
	if got := f.pend() - before; got != 2 {
		t.Errorf("%d events for two positions, want 2", got)
	}
	if res.Created[0].ID != "batch-a" || res.Created[0].Version != 1 || res.Created[1].ID != "batch-b" {
		t.Errorf("created %+v, want batch-a then batch-b at version 1", res.Created)
	}

	// The same call again, with a new row: the two already there are reported and left as they
	// are (even with another title), the new one is created.
	again := []domain.Position{staff("batch-a"), staff("batch-c"), staff("batch-b")}
	again[0].Title = "Changed Title"
	before = f.pend()
	res, err = f.app.BatchCreatePositions(cityHR, again)
	if err != nil || len(res.Created) != 1 || res.Created[0].ID != "batch-c" || fmt.Sprint(res.Present) != "[0 2]" {
		t.Fatalf("repeated batch = %+v, %v; want batch-c created, rows 0 and 2 present", res, err)
	}
	if got := f.pend() - before; got != 1 {
		t.Errorf("%d events for one new position, want 1", got)
	}
	if p, err := f.app.GetPosition(cityHR, "batch-a"); err != nil || p.Title != "Pengadministrasi Umum" || p.Version != 1 {
		t.Errorf("batch-a after the repeat = %+v, %v; want it unchanged", p, err)
	}
	// All present: nothing written.
	res, err = f.app.BatchCreatePositions(cityHR, again)
	if err != nil || len(res.Created) != 0 || len(res.Present) != 3 {
		t.Fatalf("third batch = %+v, %v; want all three present", res, err)
	}
}
