package app_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// An SKP read by its holder says at once whether its annual rating is finalised and what it
// says (issue 11 §3, transparency), without a read of a rating that is not there; city HR lists
// the agency heads' SKPs, which it appraises, without paging through the city's.
func TestSkpShowsItsAnnualRating(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		setOrg(t, s, "BAPPEDA", domain.OrgIstimewa)
		rated := approved(t, s, bappedaStaff(1))
		other := approved(t, s, bappedaStaff(2))
		head := approved(t, s, bappedaHead)
		if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, rated.ID, rate(domain.Meets, domain.Above)); err != nil {
			t.Fatal(err)
		}
		got, err := s.app.GetSkp(employee(bappedaStaff(1), "BAPPEDA"), rated.ID)
		if err != nil || got.AnnualState != domain.AnnualFinalised || got.AnnualPredicate != domain.Baik {
			t.Fatalf("the rated SKP: %q %q, %v", got.AnnualState, got.AnnualPredicate, err)
		}
		if got, err := s.app.GetSkp(employee(bappedaStaff(2), "BAPPEDA"), other.ID); err != nil || got.AnnualState != "" || got.AnnualPredicate != "" {
			t.Fatalf("the unrated SKP: %q %q, %v", got.AnnualState, got.AnnualPredicate, err)
		}
		list, _, err := s.app.ListSkps(bappedaKabidCtx, app.SkpFilter{Year: 2026}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]domain.AnnualRatingState{}
		for _, sk := range list {
			states[sk.ID] = sk.AnnualState
		}
		if states[rated.ID] != domain.AnnualFinalised || states[other.ID] != "" {
			t.Fatalf("the appraiser's list: %v", states)
		}
		heads, _, err := s.app.ListSkps(cityHR, app.SkpFilter{Year: 2026, AgencyHeads: true}, 10, "")
		if err != nil || len(heads) != 1 || heads[0].ID != head.ID {
			t.Fatalf("the heads' SKPs: %d, %v", len(heads), err)
		}
	})
}
