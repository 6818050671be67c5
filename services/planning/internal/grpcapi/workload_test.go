package grpcapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestWorkloadCSV downloads the position map, the retirement forecast and a formasi proposal
// on every engine and reads them back: the content type, the header rows and the numbers of a
// two-position agency on 27 November 2026 whose analyst (need 2 from 3,000 h, one holder born
// 1969-03-15, Ahli Muda: 58) retires on 1 April 2027.
func TestWorkloadCSV(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
			t.Fatal(err)
		}
		clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		a := app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return clock })
		s := grpcapi.New(a, db, nil)
		city := testenv.As(ctx, auth.RoleCityHR, "", "bkpsdm-admin")
		hr := testenv.As(ctx, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo")
		must := func(_ any, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(a.CreateAgency(city, domain.Agency{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas}))
		must(a.CreateAgency(city, domain.Agency{Code: "DISKOMINFO-APTIKA", Name: "Bidang Aplikasi Informatika", Kind: domain.KindUnit, Parent: "DISKOMINFO"}))
		must(a.CreatePosition(city, domain.Position{ID: "kominfo-kadis", Title: "Kepala Dinas", Kind: domain.PositionStructural, Class: 15,
			Agency: "DISKOMINFO", Needed: 1, Level: domain.LevelJPTPratama}))
		must(a.CreatePosition(city, domain.Position{ID: "kominfo-prakom", Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9,
			Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", Needed: 1, Level: domain.LevelAhliMuda}))
		const kadis, prakom = "197805052003121001", "196903151995031001"
		must(a.CreateEmployee(city, domain.Employee{NIP: kadis, FullName: "Arrahman Pane", Type: domain.PNS, Rank: "IV/c", Agency: "DISKOMINFO", Position: "kominfo-kadis"}))
		must(a.CreateEmployee(city, domain.Employee{NIP: prakom, FullName: "Budi Santoso", Type: domain.PNS, Rank: "III/c", Agency: "DISKOMINFO",
			Unit: "DISKOMINFO-APTIKA", Position: "kominfo-prakom", Supervisor: kadis}))
		set, err := s.SetPositionWorkload(hr, &planningv1.SetPositionWorkloadRequest{Position: "positions/kominfo-prakom", Tasks: []*planningv1.WorkloadTask{
			{Task: "Memelihara jaringan komputer kantor", OutputUnit: "kegiatan", YearlyVolume: 250, StandardMinutes: 180},
			{Task: "Menangani gangguan perangkat pengguna", OutputUnit: "tiket", YearlyVolume: 3000, StandardMinutes: 45},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if w := set.GetWorkload(); w.GetTotalHours() != 3000 || w.GetNeedExact() != 2.4 || w.GetNeed() != 2 || w.GetGap() != 1 || w.GetEtag() != "v1" ||
			w.GetTasks()[0].GetYearlyHours() != 750 || w.GetPosition() != "positions/kominfo-prakom" {
			t.Errorf("workload = %v", w)
		}
		pos, err := s.GetPosition(city, &planningv1.GetPositionRequest{Name: "positions/kominfo-prakom"})
		if err != nil || pos.GetPosition().GetNeededHeadcount() != 2 || !pos.GetPosition().GetNeededFromWorkload() ||
			pos.GetPosition().GetLevel() != planningv1.PositionLevel_POSITION_LEVEL_AHLI_MUDA {
			t.Errorf("position = %v, %v", pos.GetPosition(), err)
		}

		read := func(body interface {
			GetContentType() string
			GetData() []byte
		}, err error) [][]string {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			if body.GetContentType() != csvexport.ContentType {
				t.Errorf("content type %q, want %q", body.GetContentType(), csvexport.ContentType)
			}
			r := csv.NewReader(bytes.NewReader(body.GetData()))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("%v\n%s", err, body.GetData())
			}
			return rows
		}

		rows := read(s.ExportPositionMap(hr, &planningv1.ExportPositionMapRequest{Agency: "DISKOMINFO"}))
		if !slices.Equal(rows[0], grpcapi.PositionMapHeader) || len(rows) != 3 ||
			!slices.Equal(rows[2], []string{"DISKOMINFO", "DISKOMINFO-APTIKA", "Bidang Aplikasi Informatika", "kominfo-prakom", "Pranata Komputer Ahli Muda",
				"functional", "9", "ahli_muda", "2", "true", "1", "1"}) {
			t.Errorf("position map CSV = %q", rows)
		}

		rows = read(s.ExportRetirementForecast(hr, &planningv1.ExportRetirementForecastRequest{}))
		if !slices.Equal(rows[0], grpcapi.RetirementHeader) || len(rows) != 2 ||
			!slices.Equal(rows[1], []string{"2027", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", "Pranata Komputer Ahli Muda", "functional",
				prakom, "Budi Santoso", "pns", "1969-03-15", "58", "2027-04-01"}) {
			t.Errorf("retirement CSV = %q", rows)
		}

		created, err := s.CreateFormasiProposal(hr, &planningv1.CreateFormasiProposalRequest{Agency: "DISKOMINFO"})
		if err != nil {
			t.Fatal(err)
		}
		fp := created.GetFormasiProposal()
		if fp.GetFirstYear() != 2027 || fp.GetYears() != 5 || fp.GetState() != planningv1.FormasiState_FORMASI_STATE_DRAFT || !slices.Equal(fp.GetTotals(), []int32{2, 0, 0, 0, 0}) {
			t.Errorf("proposal = %v", fp)
		}
		rows = read(s.ExportFormasiProposal(hr, &planningv1.ExportFormasiProposalRequest{Name: fp.GetName()}))
		want := [][]string{
			{"Usulan Kebutuhan ASN (Formasi)"},
			{"Instansi", "Dinas Komunikasi dan Informatika"},
			{"Kode instansi", "DISKOMINFO"},
			{"Tahun pertama", "2027"},
			{"Periode", "2027-2031"},
			{"Status", "Draf"},
			{"Jam kerja efektif per tahun", "1250"},
			{"Dibuat", "2026-11-27 16:00 WIB", "hr-kominfo"},
			// A blank line (which a CSV reader skips), then the table.
			grpcapi.FormasiColumns(2027),
			// The head's position in the agency itself first, then the unit's analyst: gap 1 and
			// the retirement of 2027, 2 proposed in the first year.
			{"1", "Dinas Komunikasi dan Informatika", "Kepala Dinas", "Struktural", "15", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			{"2", "Bidang Aplikasi Informatika", "Pranata Komputer Ahli Muda", "Fungsional", "9", "2", "1", "1", "1", "0", "0", "0", "0", "2", "0", "0", "0", "0", "2"},
			{"", "Jumlah", "", "", "", "3", "2", "1", "1", "0", "0", "0", "0", "2", "0", "0", "0", "0", "2"},
		}
		if len(rows) != len(want) {
			t.Fatalf("formasi CSV = %q", rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("formasi CSV row %d = %q, want %q", i, rows[i], want[i])
			}
		}
		if h := grpcapi.FormasiColumns(2027); h[8] != "Pensiun 2027" || h[13] != "Usulan 2027" || h[18] != "Jumlah" {
			t.Errorf("columns = %q", h)
		}
	})
}
