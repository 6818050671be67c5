package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
)

// The objection deadline (PP 30/2019 art. 59: 14 days): finalised on 1 December, an objection
// on the 15th (day 14) is filed and one on the 16th (day 15) refused, naming the deadline.
func TestObjectionDeadline(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		tests := []struct {
			name string
			day  int
			want []string // the refusal's words; nil: filed
		}{
			{"the day of finalisation", 0, nil},
			{"day 14", 14, nil},
			{"day 15", 15, []string{"the objection deadline of the annual rating of SKP", "was 2026-12-15", "today is 2026-12-16"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := ratingSuite(t, engine)
				setOrg(t, s, "BAPPEDA", domain.OrgIstimewa)
				sk := approved(t, s, bappedaStaff(1))
				if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, sk.ID, ratingOf(domain.ButuhPerbaikan)); err != nil {
					t.Fatal(err)
				}
				s.clock.set(day(tt.day).Add(14 * 3600e9)) // 23:00 WIB: still the same day in Medan
				r, err := s.app.FileObjection(employee(sk.Employee, "BAPPEDA"), sk.ID, "hasil kerja saya memenuhi target tiga indikator")
				if tt.want != nil {
					wantRefusal(t, err, errs.FailedPrecondition, tt.want...)
					if got, _ := s.app.GetAnnualRating(cityHR, sk.ID); got.State != domain.AnnualFinalised || got.Objection != nil {
						t.Fatalf("refused yet stored: %+v", got)
					}
					return
				}
				if err != nil || r.State != domain.AnnualObjected || r.Objection.Decider != bappedaHead {
					t.Fatalf("%+v, %v", r, err)
				}
			})
		}
	})
}

// The whole story: finalised, objected to, decided by the appraiser's supervisor only,
// everything in the history, each step announced; the kabid's own objection goes to city HR.
func TestObjectionDecision(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		setOrg(t, s, "BAPPEDA", domain.OrgBaik)
		for i := 1; i <= 10; i++ {
			approved(t, s, bappedaStaff(i))
		}
		kabidSkp := approved(t, s, bappedaKabid)
		for i := 1; i <= 7; i++ { // the Baik-or-better limit of 10 reached
			if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, "2026-"+bappedaStaff(i)+"-1", ratingOf(domain.Baik)); err != nil {
				t.Fatal(err)
			}
		}
		id := "2026-" + bappedaStaff(8) + "-1"
		holder := employee(bappedaStaff(8), "BAPPEDA")
		head := supervisor(bappedaHead, "BAPPEDA")
		if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, id, ratingOf(domain.ButuhPerbaikan)); err != nil {
			t.Fatal(err)
		}
		toBaik := domain.Decision{Change: true, Rating: rate(domain.Meets, domain.Meets), Reason: "bukti kinerja kuartal empat lengkap"}
		steps := []struct {
			name  string
			do    func() (domain.AnnualRating, error)
			kind  errs.Kind
			field string
			state domain.AnnualRatingState
		}{
			{"decided before any objection", func() (domain.AnnualRating, error) {
				return s.app.DecideObjection(head, id, domain.Decision{Reason: "tetap"})
			}, errs.FailedPrecondition, "", ""},
			{"objected to by a colleague", func() (domain.AnnualRating, error) {
				return s.app.FileObjection(employee(bappedaStaff(9), "BAPPEDA"), id, "keberatan atas nama orang lain")
			}, errs.PermissionDenied, "", ""},
			{"objected to by the appraiser", func() (domain.AnnualRating, error) {
				return s.app.FileObjection(bappedaKabidCtx, id, "keberatan atas nama orang lain")
			}, errs.PermissionDenied, "", ""},
			{"a short reason", func() (domain.AnnualRating, error) { return s.app.FileObjection(holder, id, "tak adil") }, errs.Invalid, "reason", ""},
			{"objected to by the holder", func() (domain.AnnualRating, error) {
				return s.app.FileObjection(holder, id, "realisasi saya melampaui target dua indikator")
			}, 0, "", domain.AnnualObjected},
			{"objected to twice", func() (domain.AnnualRating, error) {
				return s.app.FileObjection(holder, id, "realisasi saya melampaui target dua indikator")
			}, errs.FailedPrecondition, "", ""},
			{"acknowledged while objected", func() (domain.AnnualRating, error) { return s.app.AcknowledgeAnnualRating(holder, id) }, errs.FailedPrecondition, "", ""},
			{"decided by the appraiser", func() (domain.AnnualRating, error) { return s.app.DecideObjection(bappedaKabidCtx, id, toBaik) }, errs.PermissionDenied, "", ""},
			{"decided by city HR while a supervisor decides", func() (domain.AnnualRating, error) { return s.app.DecideObjection(cityHR, id, toBaik) }, errs.PermissionDenied, "", ""},
			{"a change without a rating", func() (domain.AnnualRating, error) {
				return s.app.DecideObjection(head, id, domain.Decision{Change: true, Reason: "diubah"})
			}, errs.Invalid, "rating.results", ""},
			{"a change that breaks the bound", func() (domain.AnnualRating, error) { return s.app.DecideObjection(head, id, toBaik) },
				errs.FailedPrecondition, "", ""},
			{"a change to Kurang by the head", func() (domain.AnnualRating, error) {
				return s.app.DecideObjection(head, id, domain.Decision{Change: true, Rating: rate(domain.Meets, domain.Below), Reason: "perilaku kolaboratif kurang"})
			}, 0, "", domain.AnnualDecided},
			{"decided twice", func() (domain.AnnualRating, error) {
				return s.app.DecideObjection(head, id, domain.Decision{Reason: "tetap"})
			},
				errs.FailedPrecondition, "", ""},
		}
		for _, st := range steps {
			r, err := st.do()
			if st.kind != 0 {
				if e := testenv.WantKind(t, err, st.kind, st.field); e == nil {
					t.Fatal(st.name)
				}
				continue
			}
			if err != nil || r.State != st.state {
				t.Fatalf("%s: %+v, %v", st.name, r, err)
			}
		}
		r, err := s.app.GetAnnualRating(holder, id)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, h := range r.History {
			actions = append(actions, h.Action+" "+string(h.Predicate))
		}
		if got := strings.Join(actions, ", "); got != "finalised butuh_perbaikan, objected butuh_perbaikan, changed kurang" {
			t.Fatalf("history: %s", got)
		}
		if r.Rating.Predicate != domain.Kurang || !r.Objection.Changed || r.Objection.DecidedBy != bappedaHead || r.Objection.DecisionReason != "perilaku kolaboratif kurang" {
			t.Fatalf("decided: %+v, %+v", r, r.Objection)
		}
		whole, _, _ := s.app.GetDistribution(cityHR, 2026, "BAPPEDA")
		if whole.Counts[domain.Kurang] != 1 || whole.Counts[domain.ButuhPerbaikan] != 0 || whole.Counts[domain.Baik] != 7 {
			t.Fatalf("the decided rating counts: %+v", whole.Counts)
		}

		// Acknowledged by the holder; then no objection.
		other := "2026-" + bappedaStaff(9) + "-1"
		if _, err := s.app.FinaliseAnnualRating(bappedaKabidCtx, other, ratingOf(domain.Kurang)); err != nil {
			t.Fatal(err)
		}
		if r, err := s.app.AcknowledgeAnnualRating(employee(bappedaStaff(9), "BAPPEDA"), other); err != nil || r.State != domain.AnnualAcknowledged {
			t.Fatalf("acknowledged: %+v, %v", r, err)
		}
		_, err = s.app.FileObjection(employee(bappedaStaff(9), "BAPPEDA"), other, "berubah pikiran setelah menerima")
		testenv.WantKind(t, err, errs.FailedPrecondition, "")

		// The kabid's own rating, by the head, whose supervisor is nobody: city HR decides.
		if _, err := s.app.FinaliseAnnualRating(head, kabidSkp.ID, ratingOf(domain.ButuhPerbaikan)); err != nil {
			t.Fatal(err)
		}
		kabidSelf := employee(bappedaKabid, "BAPPEDA")
		if r, err := s.app.FileObjection(kabidSelf, kabidSkp.ID, "capaian bidang ekonomi di atas target"); err != nil || r.Objection.Decider != "" {
			t.Fatalf("the kabid objects: %+v, %v", r, err)
		}
		_, err = s.app.DecideObjection(head, kabidSkp.ID, domain.Decision{Reason: "tetap Butuh Perbaikan"})
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		if r, err := s.app.DecideObjection(cityHR, kabidSkp.ID, domain.Decision{Reason: "tetap Butuh Perbaikan"}); err != nil || r.State != domain.AnnualDecided ||
			r.History[len(r.History)-1].Action != "upheld" || r.Rating.Predicate != domain.ButuhPerbaikan {
			t.Fatalf("city HR upholds: %+v, %v", r, err)
		}

		want := map[string]int{events.SubjectAnnualRatingFinalised: 10, events.SubjectObjectionFiled: 2, events.SubjectObjectionDecided: 2,
			events.SubjectAnnualRatingAcknowledged: 1}
		for subject, n := range want {
			if got := s.subjects(t, subject); len(got) != n {
				t.Errorf("%s: %d, want %d", subject, len(got), n)
			}
		}
		if a := s.audits(t, "skps/"+id+"/annualRating"); len(a) != 3 || !strings.Contains(a[0], "objection changed: Kurang (from Butuh Perbaikan)") {
			t.Fatalf("audit: %v", a)
		}
	})
}

// A holder's steps refuse whoever is not the holder, whether or not the SKP exists.
func TestHolderOnly(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ratingSuite(t, engine)
		for _, ctx := range []context.Context{employee(staff2, "DISKOMINFO"), supervisor(kabid, "DISKOMINFO")} {
			_, err := s.app.AcknowledgeAnnualRating(ctx, "2026-"+staff1+"-1")
			testenv.WantKind(t, err, errs.PermissionDenied, "")
		}
	})
}
