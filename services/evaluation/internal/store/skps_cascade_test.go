package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// TestCascadeResults reads what encoding/json reads, from the results the store writes and from
// JSON it never writes (which it hands to encoding/json).
func TestCascadeResults(t *testing.T) {
	tricky := []domain.WorkResult{
		{ID: "r1", Text: `a "quoted" \ text with "parent_skp":"x" and {[braces]}`, ParentSkp: "2026-1-1", ParentResult: "r2",
			Indicators: []domain.Indicator{{ID: "i1", Text: "ünïcødé <&> \u2028", Targets: []domain.Target{{Aspect: domain.Quantity, Value: `"}]`}}}}},
		{ID: "r-2", PlanReference: `RPJMD "sasaran" 4.2`},
		{ID: "r3", Text: "no indicators"},
	}
	written, err := json.Marshal(tricky)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		string(written),
		`[]`,
		` [ { "id" : "r1" , "indicators" : [ { "n" : 1.5e3 , "b" : true , "z" : null } ] , "parent_result" : "r\u0032" } ] `,
		`[{"id": null, "parent_skp": 7}]`,
		`[{"id": "r1"}] trailing`,
		`[{"id": "r1"`,
	} {
		var want []cascadeResult
		wantErr := json.Unmarshal([]byte(in), &want)
		got, err := cascadeResults([]byte(in))
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, encoding/json %v", in, err, wantErr)
			continue
		}
		if err == nil && !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s:\n got  %+v\n want %+v", in, got, want)
		}
	}
	got, _ := cascadeResults(written)
	if got[0].ParentSkp != "2026-1-1" || got[0].ParentResult != "r2" || !strings.Contains(got[1].PlanReference, `"sasaran"`) {
		t.Fatalf("read %+v", got)
	}
}

// BenchmarkCascadeResults compares the walk with encoding/json on a result as the benchmark of
// the cascade check writes it.
func BenchmarkCascadeResults(b *testing.B) {
	data, _ := json.Marshal([]domain.WorkResult{
		{ID: "r1", Text: "Laporan kegiatan", ParentSkp: "2026-198000000000000002-1", ParentResult: "r1", Indicators: []domain.Indicator{{ID: "i1", Text: "Jumlah Laporan kegiatan", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "12 laporan"}}}}},
		{ID: "r2", Text: "Layanan sekolah", ParentSkp: "2026-198000000000000002-1", ParentResult: "r2", Indicators: []domain.Indicator{{ID: "i1", Text: "Jumlah Layanan sekolah", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "12 laporan"}}}}},
		{ID: "r3", Text: "Data pokok pendidikan", ParentSkp: "2026-198000000000000002-1", ParentResult: "r3", Indicators: []domain.Indicator{{ID: "i1", Text: "Jumlah Data pokok pendidikan", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "12 laporan"}}}}},
	})
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			if _, err := walkResults(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		for b.Loop() {
			var out []cascadeResult
			if err := json.Unmarshal(data, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
