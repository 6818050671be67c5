package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// TestSkpRefusals refuses every bad request with its kind and field, and writes nothing for it.
func TestSkpRefusals(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, skpPeople()...), at("2026-01-12", 9, 0))
		kominfoTree(t, s)
		me, boss := employee(staff1, "DISKOMINFO"), supervisor(kabid, "DISKOMINFO")
		good := cascaded("Integrasi aplikasi", skpOf(kabid, 1), "r1")
		draft := skpOK(t)(s.app.CreateSkp(me, domain.Skp{Year: 2026, Results: []domain.WorkResult{good}}))
		sib := skpOK(t)(s.app.CreateSkp(employee(staff2, "DISKOMINFO"), domain.Skp{Year: 2026}))
		tests := []struct {
			name  string
			call  func() error
			kind  errs.Kind
			field string
			says  string
		}{
			{"create for a colleague", func() error {
				_, err := s.app.CreateSkp(me, domain.Skp{Employee: staff3, Year: 2026})
				return err
			}, errs.PermissionDenied, "", ""},
			{"create for a year not open", func() error {
				_, err := s.app.CreateSkp(employee(staff3, "DISKOMINFO"), domain.Skp{Year: 2027})
				return err
			}, errs.FailedPrecondition, "", "skp.year"},
			{"create a second open SKP", func() error {
				_, err := s.app.CreateSkp(me, domain.Skp{Year: 2026})
				return err
			}, errs.AlreadyExists, "", "skps/" + draft.ID},
			{"create with a short result", func() error {
				r := good
				r.Text = "ab"
				_, err := s.app.CreateSkp(employee(staff3, "DISKOMINFO"), domain.Skp{Year: 2026, Results: []domain.WorkResult{r}})
				return err
			}, errs.Invalid, "skp.results[0].text", ""},
			{"create a head's result without plan", func() error {
				_, err := s.app.CreateSkp(employee(dinkesHead, "DINKES"), domain.Skp{Year: 2026, Results: []domain.WorkResult{good}})
				return err
			}, errs.Invalid, "skp.results[0].plan_reference", ""},
			{"create with a bad level", func() error {
				_, err := s.app.CreateSkp(employee(staff3, "DISKOMINFO"), domain.Skp{Year: 2026, FunctionalLevel: "ahli_super"})
				return err
			}, errs.Invalid, "skp.functional_level", ""},
			{"update by the appraiser", func() error {
				_, err := s.app.UpdateSkp(boss, domain.Skp{ID: draft.ID}, "", nil)
				return err
			}, errs.PermissionDenied, "", ""},
			{"update an unknown field", func() error {
				_, err := s.app.UpdateSkp(me, domain.Skp{ID: draft.ID}, "", []string{"appraiser"})
				return err
			}, errs.Invalid, "update_mask", ""},
			{"update with a stale etag", func() error {
				_, err := s.app.UpdateSkp(me, domain.Skp{ID: draft.ID, Results: []domain.WorkResult{good}}, "v9", nil)
				return err
			}, errs.Conflict, "", ""},
			{"update with 5 targets", func() error {
				r := good
				r.Indicators = []domain.Indicator{{Text: "Jumlah", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "1"},
					{Aspect: domain.Quality, Value: "2"}, {Aspect: domain.Time, Value: "3"}, {Aspect: domain.Cost, Value: "4"}, {Aspect: domain.Cost, Value: "5"}}}}
				_, err := s.app.UpdateSkp(me, domain.Skp{ID: draft.ID, Results: []domain.WorkResult{good, r}}, "", []string{"results"})
				return err
			}, errs.Invalid, "skp.results[1].indicators[0].targets", ""},
			{"propose by a colleague", func() error {
				_, err := s.app.ProposeSkp(employee(staff2, "DISKOMINFO"), draft.ID, "")
				return err
			}, errs.PermissionDenied, "", ""},
			{"propose an empty SKP", func() error {
				_, err := s.app.ProposeSkp(employee(staff2, "DISKOMINFO"), sib.ID, "")
				return err
			}, errs.Invalid, "skp.results", ""},
			{"approve a draft", func() error {
				_, err := s.app.ApproveSkp(boss, draft.ID, "", nil)
				return err
			}, errs.FailedPrecondition, "", ""},
			{"approve by a colleague", func() error {
				_, err := s.app.ApproveSkp(supervisor(sekretaris, "DISKOMINFO"), draft.ID, "", nil)
				return err
			}, errs.PermissionDenied, "", ""},
			{"approve a head's by its own head", func() error {
				_, err := s.app.ApproveSkp(supervisor(kominfoHead, "DISKOMINFO"), skpOf(kominfoHead, 1), "", nil)
				return err
			}, errs.PermissionDenied, "", ""},
			{"return a draft", func() error {
				_, err := s.app.ReturnSkp(boss, draft.ID, "", "Perbaiki target")
				return err
			}, errs.FailedPrecondition, "", ""},
			{"revise a draft", func() error {
				_, err := s.app.ReviseSkp(me, draft.ID, "")
				return err
			}, errs.FailedPrecondition, "", ""},
			{"close without reason", func() error {
				_, err := s.app.CloseSkp(kominfoHR, draft.ID, "", " ")
				return err
			}, errs.Invalid, "reason", ""},
			{"close another agency's", func() error {
				_, err := s.app.CloseSkp(dinkesHR, draft.ID, "", "Pindah tugas")
				return err
			}, errs.PermissionDenied, "", ""},
		}
		skps, audits := s.count(t, `SELECT COUNT(*) FROM skps`), s.count(t, `SELECT COUNT(*) FROM audit_records`)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := testenv.WantKind(t, tt.call(), tt.kind, tt.field)
				if !strings.Contains(e.Message, tt.says) {
					t.Errorf("message %q does not say %q", e.Message, tt.says)
				}
			})
		}
		if n := s.count(t, `SELECT COUNT(*) FROM skps`); n != skps {
			t.Errorf("skps: %d, want %d", n, skps)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM audit_records`); n != audits {
			t.Errorf("audit records: %d, want %d", n, audits)
		}
		if got := skpOK(t)(s.app.GetSkp(me, draft.ID)); got.Version != 1 || got.State != domain.SkpDraft {
			t.Errorf("the draft changed: %+v", got)
		}
	})
}

// TestSkpCascading refuses a proposal whose results do not trace to the appraiser's SKP in
// force, and a revision of the appraiser's that drops a result their subordinates cascade from.
func TestSkpCascading(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, skpPeople()...), at("2026-01-12", 9, 0))
		openYear(t, s.env, 2026)
		me := employee(staff1, "DISKOMINFO")
		propose := func(t *testing.T, ctx context.Context, rs ...domain.WorkResult) error {
			t.Helper()
			c, err := s.app.CreateSkp(ctx, domain.Skp{Year: 2026, Results: rs})
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.app.ProposeSkp(ctx, c.ID, "")
			return err
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the appraiser has no approved SKP", Run: func(t *testing.T) {
				err := propose(t, me, cascaded("Integrasi", skpOf(kabid, 1), "r1"))
				e := testenv.WantKind(t, err, errs.Invalid, "skp.results[0].parent_result")
				if !strings.Contains(e.Message, "the appraiser "+kabid+" has no approved SKP for 2026") {
					t.Fatalf("message %q", e.Message)
				}
			}},
			{Name: "set top-down", Run: func(t *testing.T) { kominfoTree(t, s) }},
			{Name: "a result the appraiser's SKP lacks", Run: func(t *testing.T) {
				_, err := s.app.UpdateSkp(me, domain.Skp{ID: skpOf(staff1, 1), Results: []domain.WorkResult{
					cascaded("Integrasi", skpOf(kabid, 1), "r1"), cascaded("Lain", skpOf(kabid, 1), "r4")}}, "", nil)
				if err != nil {
					t.Fatal(err)
				}
				_, err = s.app.ProposeSkp(me, skpOf(staff1, 1), "")
				e := testenv.WantKind(t, err, errs.Invalid, "skp.results[1].parent_result")
				if !strings.Contains(e.Message, "the appraiser's SKP skps/"+skpOf(kabid, 1)+" has no result r4") {
					t.Fatalf("message %q", e.Message)
				}
			}},
			{Name: "another SKP than the appraiser's", Run: func(t *testing.T) {
				_, err := s.app.UpdateSkp(me, domain.Skp{ID: skpOf(staff1, 1), Results: []domain.WorkResult{
					cascaded("Integrasi", skpOf(kominfoHead, 1), "r1")}}, "", nil)
				if err != nil {
					t.Fatal(err)
				}
				_, err = s.app.ProposeSkp(me, skpOf(staff1, 1), "")
				testenv.WantKind(t, err, errs.Invalid, "skp.results[0].parent_result")
			}},
			{Name: "traced and approved", Run: func(t *testing.T) {
				skpOK(t)(s.app.UpdateSkp(me, domain.Skp{ID: skpOf(staff1, 1), Results: []domain.WorkResult{
					cascaded("Integrasi", skpOf(kabid, 1), "r2")}}, "", nil))
				skpOK(t)(s.app.ProposeSkp(me, skpOf(staff1, 1), ""))
				skpOK(t)(s.app.ApproveSkp(supervisor(kabid, "DISKOMINFO"), skpOf(staff1, 1), "", nil))
			}},
			{Name: "the parent results a holder may pick", Run: func(t *testing.T) {
				p, err := s.app.ListParentResults(employee(staff2, "DISKOMINFO"), skpOf(staff2, 1))
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				c := skpOK(t)(s.app.CreateSkp(employee(staff2, "DISKOMINFO"), domain.Skp{Year: 2026}))
				p, err = s.app.ListParentResults(employee(staff2, "DISKOMINFO"), c.ID)
				if err != nil || p.Skp != skpOf(kabid, 1) || p.Appraiser != kabid || len(p.Results) != 2 || p.Results[0].ParentResult != "" {
					t.Fatalf("parent results %+v, %v", p, err)
				}
			}},
			{Name: "the kabid may not drop a result staff cascade from", Run: func(t *testing.T) {
				k := employee(kabid, "DISKOMINFO")
				cur := skpOK(t)(s.app.ReviseSkp(k, skpOf(kabid, 1), ""))
				skpOK(t)(s.app.UpdateSkp(k, domain.Skp{ID: cur.ID, Results: cur.Results[:1]}, "", []string{"results"}))
				_, err := s.app.ProposeSkp(k, cur.ID, "")
				e := testenv.WantKind(t, err, errs.Invalid, "skp.results")
				if !strings.Contains(e.Message, "result r2 is removed, but skps/"+skpOf(staff1, 1)+" cascade from it") {
					t.Fatalf("message %q", e.Message)
				}
				if got := skpOK(t)(s.app.GetSkp(k, cur.ID)); !got.InForce() || got.State != domain.SkpDraft {
					t.Fatalf("the kabid's SKP: %+v", got)
				}
			}},
		})
	})
}

// TestSkpVisibility: a colleague never sees another's SKP, and is told the same for a made-up
// one; supervisors see their subtree's, agency HR their agency's, city HR and auditors all.
func TestSkpVisibility(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, skpPeople()...), at("2026-01-12", 9, 0))
		kominfoTree(t, s)
		for _, n := range []string{staff1, staff2, staff3} {
			skpOK(t)(s.app.CreateSkp(employee(n, "DISKOMINFO"), domain.Skp{Year: 2026}))
		}
		skpOK(t)(s.app.CreateSkp(employee(nurse, "DINKES"), domain.Skp{Year: 2026}))
		mine, fake := skpOf(staff1, 1), "2026-199001012015031003-7"
		tests := []struct {
			name string
			ctx  context.Context
			id   string
			kind errs.Kind // 0: sees it
		}{
			{"the holder", employee(staff1, "DISKOMINFO"), mine, 0},
			{"a colleague", employee(staff2, "DISKOMINFO"), mine, errs.PermissionDenied},
			{"a colleague, made-up id", employee(staff2, "DISKOMINFO"), fake, errs.PermissionDenied},
			{"the holder, made-up id of theirs", employee(staff1, "DISKOMINFO"), fake, errs.PermissionDenied},
			{"the appraiser", supervisor(kabid, "DISKOMINFO"), mine, 0},
			{"the head above", supervisor(kominfoHead, "DISKOMINFO"), mine, 0},
			{"a supervisor beside", supervisor(sekretaris, "DISKOMINFO"), mine, errs.PermissionDenied},
			{"another agency's head", supervisor(dinkesHead, "DINKES"), mine, errs.PermissionDenied},
			{"agency HR", kominfoHR, mine, 0},
			{"another agency's HR", dinkesHR, mine, errs.PermissionDenied},
			{"another agency's HR, made-up id", dinkesHR, fake, errs.PermissionDenied},
			{"auditor", auditor, mine, 0},
			{"city HR, made-up id", cityHR, fake, errs.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.app.GetSkp(tt.ctx, tt.id)
				_, rerr := s.app.ListSkpRevisions(tt.ctx, tt.id)
				if tt.kind == 0 {
					if err != nil || rerr != nil {
						t.Fatalf("get: %v, revisions: %v", err, rerr)
					}
					return
				}
				testenv.WantKind(t, err, tt.kind, "")
				testenv.WantKind(t, rerr, tt.kind, "")
			})
		}
		lists := []struct {
			name string
			ctx  context.Context
			f    app.SkpFilter
			want []string
		}{
			{"an employee their own", employee(staff2, "DISKOMINFO"), app.SkpFilter{}, []string{staff2}},
			{"an employee asking for a colleague's", employee(staff2, "DISKOMINFO"), app.SkpFilter{Employee: staff1}, nil},
			{"the kabid their own and their staff's", supervisor(kabid, "DISKOMINFO"), app.SkpFilter{}, []string{kabid, staff1, staff2, staff3}},
			{"the kabid the ones they appraise", supervisor(kabid, "DISKOMINFO"), app.SkpFilter{Appraiser: "me"}, []string{staff1, staff2, staff3}},
			{"the head the whole tree", supervisor(kominfoHead, "DISKOMINFO"), app.SkpFilter{}, []string{kominfoHead, kabid, staff1, staff2, staff3}},
			{"agency HR their agency", kominfoHR, app.SkpFilter{}, []string{kominfoHead, kabid, staff1, staff2, staff3}},
			{"agency HR asking for another agency", dinkesHR, app.SkpFilter{Agency: "DISKOMINFO"}, nil},
			{"city HR approved ones", cityHR, app.SkpFilter{State: domain.SkpApproved}, []string{kominfoHead, kabid}},
			{"auditor by unit", auditor, app.SkpFilter{Unit: "DINKES", Year: 2026}, []string{nurse}},
			// Planning's back-fill of the work plans' targets: a service client, an agency's year.
			{"a service client by agency and year", testenv.As(context.Background(), auth.RoleService, "", "planning"),
				app.SkpFilter{Agency: "DISKOMINFO", Year: 2026}, []string{kominfoHead, kabid, staff1, staff2, staff3}},
		}
		for _, tt := range lists {
			t.Run(tt.name, func(t *testing.T) {
				var got []string
				tok := ""
				for {
					page, next, err := s.app.ListSkps(tt.ctx, tt.f, 2, tok)
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range page {
						got = append(got, p.Employee)
					}
					if tok = next; tok == "" {
						break
					}
				}
				if strings.Join(sortedNIPs(got), ",") != strings.Join(sortedNIPs(tt.want), ",") {
					t.Fatalf("listed %v, want %v", got, tt.want)
				}
			})
		}
	})
}

// sortedNIPs returns nips sorted.
func sortedNIPs(nips []string) []string {
	out := append([]string(nil), nips...)
	slices.Sort(out)
	return out
}
