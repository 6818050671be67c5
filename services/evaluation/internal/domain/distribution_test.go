package domain_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// tally builds a tally of population n from counts.
func tally(n int, counts map[domain.Predicate]int) domain.Tally {
	return domain.Tally{Population: n, Counts: counts}
}

// The default bounds of each organisation predicate with real numbers: which finalisation is
// refused, by which rule, and what the refusal says.
func TestCheckChange(t *testing.T) {
	const (
		sb = domain.SangatBaik
		b  = domain.Baik
		bp = domain.ButuhPerbaikan
		k  = domain.Kurang
		sk = domain.SangatKurang
	)
	tests := []struct {
		name  string
		org   domain.OrganisationPredicate
		tally domain.Tally
		from  domain.Predicate
		to    domain.Predicate
		want  []string // substrings of the refusal; nil: allowed
	}{
		// Baik, 10 employees: at most 7 Sangat Baik or Baik; at least 1 Butuh Perbaikan or Kurang.
		{"baik: the 7th Baik-or-better allowed", domain.OrgBaik, tally(10, map[domain.Predicate]int{sb: 2, b: 4}), "", b, nil},
		{"baik: the 8th Baik-or-better refused", domain.OrgBaik, tally(10, map[domain.Predicate]int{sb: 2, b: 5}), "", b,
			[]string{"DISKOMINFO's organisation predicate for 2026 is Baik", "at most 70 % Sangat Baik or Baik", "7 of the 10", "7 already hold it",
				"would make 8", "Rate this employee Butuh Perbaikan, Kurang or Sangat Kurang — or city HR may review DISKOMINFO's organisation predicate"}},
		{"baik: a Butuh Perbaikan after 7 allowed", domain.OrgBaik, tally(10, map[domain.Predicate]int{sb: 2, b: 5}), "", bp, nil},
		{"baik: the last one's Baik refused when nobody is Butuh Perbaikan or Kurang", domain.OrgBaik,
			tally(10, map[domain.Predicate]int{b: 6, sk: 3}), "", b,
			[]string{"at least 1 Butuh Perbaikan or Kurang", "1 of the 10", "0 hold it now", "only 0 employees would remain unrated",
				"Rate this employee Butuh Perbaikan or Kurang"}},
		{"baik: the last one's Kurang allowed", domain.OrgBaik, tally(10, map[domain.Predicate]int{b: 6, sk: 3}), "", k, nil},
		{"baik: the 9th's Sangat Kurang allowed, one still unrated", domain.OrgBaik, tally(10, map[domain.Predicate]int{b: 6, sk: 2}), "", sk, nil},
		// Istimewa, 10: at most 7 Sangat Baik.
		{"istimewa: the 8th Sangat Baik refused", domain.OrgIstimewa, tally(10, map[domain.Predicate]int{sb: 7}), "", sb,
			[]string{"Istimewa", "at most 70 % Sangat Baik", "7 of the 10"}},
		{"istimewa: a 9th Baik allowed", domain.OrgIstimewa, tally(10, map[domain.Predicate]int{sb: 7, b: 1}), "", b, nil},
		// Butuh Perbaikan, 10: at least 6 Butuh Perbaikan; at most 1 Sangat Baik.
		{"butuh perbaikan: the 2nd Sangat Baik refused", domain.OrgButuhPerbaikan, tally(10, map[domain.Predicate]int{sb: 1}), "", sb,
			[]string{"at most 10 % Sangat Baik", "1 of the 10"}},
		{"butuh perbaikan: the 4th Baik allowed (6 unrated for 6 Butuh Perbaikan)", domain.OrgButuhPerbaikan, tally(10, map[domain.Predicate]int{b: 3}), "", b, nil},
		{"butuh perbaikan: the 5th Baik refused", domain.OrgButuhPerbaikan, tally(10, map[domain.Predicate]int{b: 4}), "", b,
			[]string{"at least 60 % Butuh Perbaikan", "6 of the 10", "6 more are needed and only 5"}},
		// Kurang, 10: at least 6 Kurang, at least 1 Butuh Perbaikan, at most 1 Sangat Baik.
		{"kurang: each rule fits alone but not together", domain.OrgKurang, tally(10, map[domain.Predicate]int{b: 3}), "", b,
			[]string{"at least 60 % Kurang and at least 10 % Butuh Perbaikan together need 7 more", "6 remain"}},
		{"kurang: a Kurang keeps the shortfall", domain.OrgKurang, tally(10, map[domain.Predicate]int{b: 3}), "", k, nil},
		// Sangat Kurang, 10: at least 6 Sangat Kurang, at least 1 Kurang or Butuh Perbaikan, no Sangat Baik.
		{"sangat kurang: any Sangat Baik refused", domain.OrgSangatKurang, tally(10, nil), "", sb, []string{"at most 0 % Sangat Baik", "0 of the 10"}},
		{"sangat kurang: Sangat Kurang allowed", domain.OrgSangatKurang, tally(10, nil), "", sk, nil},
		// Changes (an objection's decision): the replaced predicate is taken out.
		{"baik: Baik → Sangat Baik at the limit allowed", domain.OrgBaik, tally(10, map[domain.Predicate]int{sb: 2, b: 5, bp: 1}), b, sb, nil},
		{"baik: Kurang → Baik at the limit refused", domain.OrgBaik, tally(10, map[domain.Predicate]int{sb: 2, b: 5, k: 1}), k, b,
			[]string{"would make 8"}},
		// A rule already broken (the population shrank) refuses only what worsens it.
		{"already broken: a Kurang allowed", domain.OrgBaik, tally(9, map[domain.Predicate]int{b: 8}), "", k, nil},
		{"already broken: another Baik refused", domain.OrgBaik, tally(10, map[domain.Predicate]int{b: 8}), "", b, []string{"would make 9"}},
		// No organisation predicate.
		{"not set", "", tally(10, nil), "", b, []string{"city HR has not set DISKOMINFO's organisation predicate for 2026"}},
	}
	bounds := domain.DistributionBounds()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.tally.Counts == nil {
				tt.tally.Counts = map[domain.Predicate]int{}
			}
			bd := domain.Bounded{Agency: "DISKOMINFO", Year: 2026, Organisation: tt.org, Bounds: bounds[tt.org], Tally: tt.tally}
			err := bd.CheckChange(tt.from, tt.to)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.FailedPrecondition || e.Reason != domain.ReasonDistributionBound {
				t.Fatalf("error %v: want FailedPrecondition %s", err, domain.ReasonDistributionBound)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Message, w) {
					t.Errorf("message %q\n lacks %q", e.Message, w)
				}
			}
		})
	}
}

// Statuses report each rule's limit, current count and whether it holds.
func TestStatuses(t *testing.T) {
	st := domain.Statuses(domain.DistributionBounds()[domain.OrgBaik],
		tally(10, map[domain.Predicate]int{domain.SangatBaik: 3, domain.Baik: 5, domain.SangatKurang: 2}))
	if len(st) != 2 {
		t.Fatalf("%d statuses", len(st))
	}
	if s := st[0]; s.Limit != 7 || s.Current != 8 || s.Satisfied {
		t.Errorf("at most: %+v", s)
	}
	if s := st[1]; s.Limit != 1 || s.Current != 0 || s.Satisfied {
		t.Errorf("at least with nobody unrated: %+v", s)
	}
	bd := domain.Bounded{Agency: "DINKES", Year: 2026, Organisation: domain.OrgBaik, Bounds: domain.DistributionBounds()[domain.OrgBaik],
		Tally: tally(10, map[domain.Predicate]int{domain.SangatBaik: 3, domain.Baik: 5})}
	err := bd.CheckAll()
	if e, ok := errs.As(err); !ok || !strings.Contains(e.Message, "8 already hold Sangat Baik or Baik") {
		t.Fatalf("CheckAll: %v", err)
	}
	bd.Organisation, bd.Bounds = domain.OrgIstimewa, domain.DistributionBounds()[domain.OrgIstimewa]
	if err := bd.CheckAll(); err != nil {
		t.Fatalf("Istimewa: %v", err)
	}
}
