package store_test

import (
	"context"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestMigrateCompetencyStandards stores positions as the registry did before migration 00002,
// migrates, and reads each one's standard on every engine: its names at level 0, including
// the rows whose names the migration's replacements leave to the reader.
func TestMigrateCompetencyStandards(t *testing.T) {
	first, err := fs.ReadFile(store.Migrations(), "00001_registry.sql")
	if err != nil {
		t.Fatal(err)
	}
	before := fstest.MapFS{"00001_registry.sql": {Data: first}}
	tests := []struct {
		id    string
		names string // the competencies column as encoding/json wrote it
		want  []domain.CompetencyStandard
	}{
		{"none", `[]`, nil},
		{"one", `["technical:network-administration"]`, []domain.CompetencyStandard{{Competency: "technical:network-administration"}}},
		{"three", `["managerial:teamwork","technical:data-analysis","socio-cultural:public-service-ethics"]`,
			[]domain.CompetencyStandard{{Competency: "managerial:teamwork"}, {Competency: "technical:data-analysis"}, {Competency: "socio-cultural:public-service-ethics"}}},
		{"quote and bracket", `["a\"]","b\",\"c"]`, []domain.CompetencyStandard{{Competency: `a"]`}, {Competency: `b","c`}}},
		{"backslash", `["x\\","y"]`, []domain.CompetencyStandard{{Competency: `x\`}, {Competency: "y"}}},
		{"unicode", `["technical:administrasi-kependudukan","teknis:pelayanan—publik"]`,
			[]domain.CompetencyStandard{{Competency: "technical:administrasi-kependudukan"}, {Competency: "teknis:pelayanan—publik"}}},
	}
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "planning", before); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO agencies (code, display_name, kind, root, version, create_time, update_time)
			VALUES ('DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'dinas', 'DISKOMINFO', 1, 0, 0)`); err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			if _, err := db.ExecContext(ctx, `INSERT INTO positions (id, title, kind, class, agency, competencies, needed, version, create_time, update_time)
				VALUES ($1, 'Pranata Komputer', 'functional', 9, 'DISKOMINFO', $2, 1, 1, 0, 0)`, tt.id, tt.names); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
			t.Fatal(err)
		}
		st := store.New(db, outbox.New(), events.Encode)
		for _, tt := range tests {
			t.Run(tt.id, func(t *testing.T) {
				p, err := st.GetPosition(ctx, tt.id)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(p.Standards, tt.want) {
					t.Errorf("standards = %+v, want %+v", p.Standards, tt.want)
				}
			})
		}
	})
}
