package convert

import (
	"testing"

	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// TestSkpRoundTrip converts an SKP's caller fields to the domain and back: the parent's name is
// split and rebuilt, the aspects and levels map both ways, the etag is the version's.
func TestSkpRoundTrip(t *testing.T) {
	in := &evaluationv1.Skp{Year: 2026, FunctionalLevel: evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_AHLI_MUDA,
		Results: []*evaluationv1.WorkResult{{Id: "r1", Text: "Integrasi", ParentResult: "skps/2026-1980-1/results/r3",
			Indicators: []*evaluationv1.Indicator{{Id: "i1", Text: "Jumlah", Targets: []*evaluationv1.Target{
				{Aspect: evaluationv1.TargetAspect_TARGET_ASPECT_COST, Value: "Rp 5.000.000"}}}}},
			{Text: "Salah", ParentResult: "2026-1980-1/r3"}}}
	d := SkpFrom(in, "2026-1990-1")
	if d.ID != "2026-1990-1" || d.FunctionalLevel != domain.AhliMuda || d.Results[0].ParentSkp != "2026-1980-1" ||
		d.Results[0].ParentResult != "r3" || d.Results[0].Indicators[0].Targets[0].Aspect != domain.Cost ||
		d.Results[1].ParentSkp != "2026-1980-1/r3" || d.Results[1].ParentResult != "" {
		t.Fatalf("from proto: %+v", d)
	}
	d.Version, d.Previous, d.Behaviours = 3, "2026-1990-0", domain.NewBehaviours()
	out := Skp(d)
	if out.GetName() != "skps/2026-1990-1" || out.GetEtag() != "v3" || out.GetPrevious() != "skps/2026-1990-0" ||
		out.GetResults()[0].GetParentResult() != "skps/2026-1980-1/results/r3" || len(out.GetBehaviours()) != 7 ||
		out.GetBehaviours()[0].GetBehaviour() != evaluationv1.Behaviour_BEHAVIOUR_BERORIENTASI_PELAYANAN ||
		out.GetResults()[0].GetIndicators()[0].GetTargets()[0].GetAspect() != evaluationv1.TargetAspect_TARGET_ASPECT_COST {
		t.Fatalf("to proto: %v", out)
	}
	if r := SkpRevision(domain.SkpRevision{Skp: d, Revision: 2, ApprovedBy: "1980"}); r.GetName() != "skps/2026-1990-1/revisions/2" {
		t.Fatalf("revision name %q", r.GetName())
	}
}
