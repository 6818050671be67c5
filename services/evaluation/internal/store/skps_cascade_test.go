package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// TestCascadeResults reads the fields cascading needs from the results JSON the store writes,
// as encoding/json reads them, the texts' quotes, braces and escapes notwithstanding.
func TestCascadeResults(t *testing.T) {
	results := []domain.WorkResult{
		{ID: "r1", Text: `a "quoted" \ text with "parent_skp":"x" and {[braces]}`, ParentSkp: "2026-1-1", ParentResult: "r2",
			Indicators: []domain.Indicator{{ID: "i1", Text: "ünïcødé <&> \u2028", Targets: []domain.Target{{Aspect: domain.Quantity, Value: `"}]`}}}}},
		{ID: "r-2", PlanReference: `RPJMD "sasaran" 4.2`},
		{ID: "r3", Text: "no indicators"},
	}
	written, err := json.Marshal(results)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cascadeResults(written)
	if err != nil {
		t.Fatal(err)
	}
	var want []cascadeResult
	if err := json.Unmarshal(written, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || got[0].ParentSkp != "2026-1-1" || got[1].PlanReference != `RPJMD "sasaran" 4.2` {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if _, err := cascadeResults([]byte(`[{"id": "r1"`)); err == nil {
		t.Fatal("a truncated array decoded")
	}
}
