package evaluation

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// load reads a Config from args alone, as the binaries do, with a database URL so that the
// shared settings validate.
func load(t *testing.T, args ...string) *Config {
	t.Helper()
	c := new(Config)
	args = append([]string{"--evaluation-database-url=" + filepath.Join(t.TempDir(), "evaluation.db")}, args...)
	if err := config.Load(Name, c, args); err != nil {
		t.Fatalf("loading %v: %v", args, err)
	}
	return c
}

// writeFile writes content to a file of the test's own and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "distribution.json")
	if err := os.WriteFile(f, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// The settings' defaults are the domain's documented policy: one default, written in the tags,
// that a change of domain.DefaultPolicy would contradict.
func TestDefaultsAreTheDomainPolicy(t *testing.T) {
	c := load(t)
	p, err := c.Policy()
	if err != nil {
		t.Fatal(err)
	}
	if want := domain.DefaultPolicy(); !reflect.DeepEqual(p, want) {
		t.Errorf("policy from the default settings %+v, want domain.DefaultPolicy() %+v", p, want)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the default settings do not validate: %v", err)
	}
	if c.SupervisorSyncInterval.Minutes() != 1 || c.DirectoryReconcileInterval.Minutes() != 10 {
		t.Errorf("intervals %v and %v, want 1m and 10m", c.SupervisorSyncInterval, c.DirectoryReconcileInterval)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // each in the error; none when valid
	}{
		{"monthly cadence, a month to object, rating due at once", []string{"--evaluation-cadence=monthly", "--evaluation-objection-days=30", "--evaluation-rating-due-days=0"}, nil},
		{"objection within a day", []string{"--evaluation-objection-days=1"}, nil},
		{"objection within 90 days", []string{"--evaluation-objection-days=90"}, nil},
		{"rating due 90 days after", []string{"--evaluation-rating-due-days=90"}, nil},
		{"no supervisor sync, no reconcile", []string{"--evaluation-supervisor-sync-interval=0", "--evaluation-directory-reconcile-interval=0"}, nil},
		{"weekly cadence", []string{"--evaluation-cadence=weekly"}, []string{"SIMPEG_EVALUATION_CADENCE", `cadence "weekly": want quarterly or monthly`}},
		{"Quarterly in capitals", []string{"--evaluation-cadence=Quarterly"}, []string{"SIMPEG_EVALUATION_CADENCE"}},
		{"no day to object", []string{"--evaluation-objection-days=0"}, []string{"SIMPEG_EVALUATION_OBJECTION_DAYS", "objection days 0: want 1 to 90"}},
		{"objection beyond 90 days", []string{"--evaluation-objection-days=91"}, []string{"SIMPEG_EVALUATION_OBJECTION_DAYS", "objection days 91"}},
		{"rating due before the period ends", []string{"--evaluation-rating-due-days=-1"}, []string{"SIMPEG_EVALUATION_RATING_DUE_DAYS", "rating due days -1: want 0 to 90"}},
		{"rating due beyond 90 days", []string{"--evaluation-rating-due-days=91"}, []string{"SIMPEG_EVALUATION_RATING_DUE_DAYS"}},
		{"negative supervisor sync", []string{"--evaluation-supervisor-sync-interval=-1m"}, []string{"SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL must not be negative"}},
		{"negative reconcile interval", []string{"--evaluation-directory-reconcile-interval=-1m"}, []string{"SIMPEG_EVALUATION_DIRECTORY_RECONCILE_INTERVAL must not be negative"}},
		{"every policy setting wrong, all named at once", []string{"--evaluation-cadence=yearly", "--evaluation-objection-days=0", "--evaluation-rating-due-days=100"},
			[]string{"SIMPEG_EVALUATION_CADENCE", "SIMPEG_EVALUATION_OBJECTION_DAYS", "SIMPEG_EVALUATION_RATING_DUE_DAYS"}},
		{"a missing distribution file", []string{"--evaluation-distribution-file=/nonexistent/bounds.json"}, []string{"SIMPEG_EVALUATION_DISTRIBUTION_FILE /nonexistent/bounds.json", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := load(t, tt.args...).Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Validate: %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate: nil, want an error naming %v", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate: %v, want it to say %q", err, w)
				}
			}
		})
	}
}

// TestPolicyFromSettings: each setting reaches the policy the service runs with.
func TestPolicyFromSettings(t *testing.T) {
	p, err := load(t, "--evaluation-cadence=monthly", "--evaluation-objection-days=21", "--evaluation-rating-due-days=7").Policy()
	if err != nil {
		t.Fatal(err)
	}
	if p.Cadence != domain.Monthly || p.ObjectionDays != 21 || p.RatingDueDays != 7 {
		t.Errorf("policy %+v, want monthly, 21 objection days, rating due in 7", p)
	}
	if !reflect.DeepEqual(p.Bounds, domain.DistributionBounds()) {
		t.Errorf("without a distribution file the bounds are %v, want the defaults", p.Bounds)
	}
}

// TestDistributionFile: the file replaces the whole table of bounds, read as documented in
// the setting's help and the README; anything it cannot mean exactly is refused naming the
// file, before the service starts.
func TestDistributionFile(t *testing.T) {
	t.Run("a city's own table", func(t *testing.T) {
		f := writeFile(t, `{
			"istimewa": [{"predicates": ["sangat_baik"], "at_most": true, "percent": 50}],
			"baik": [
				{"predicates": ["sangat_baik", "baik"], "at_most": true, "percent": 60},
				{"predicates": ["butuh_perbaikan", "kurang"], "percent": 5, "min_count": 2}
			]
		}`)
		c := load(t, "--evaluation-distribution-file="+f)
		if err := c.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
		p, err := c.Policy()
		if err != nil {
			t.Fatal(err)
		}
		want := map[domain.OrganisationPredicate][]domain.Bound{
			domain.OrgIstimewa: {{Predicates: []domain.Predicate{domain.SangatBaik}, AtMost: true, Percent: 50}},
			domain.OrgBaik: {
				{Predicates: []domain.Predicate{domain.SangatBaik, domain.Baik}, AtMost: true, Percent: 60},
				{Predicates: []domain.Predicate{domain.ButuhPerbaikan, domain.Kurang}, Percent: 5, MinCount: 2},
			},
		}
		if !reflect.DeepEqual(p.Bounds, want) {
			t.Errorf("bounds %+v, want %+v", p.Bounds, want)
		}
		// The table replaces the defaults whole: a predicate it leaves out has no bound.
		if _, ok := p.Bounds[domain.OrgKurang]; ok {
			t.Error("the defaults' Kurang rules survived a file without them")
		}
		// 60 % of 12 rounds down for an at-most rule, 5 % of 12 up for an at-least one, and
		// never below its 2.
		if got := p.Bounds[domain.OrgBaik][0].Limit(12); got != 7 {
			t.Errorf("at most 60 %% of 12 = %d, want 7", got)
		}
		if got := p.Bounds[domain.OrgBaik][1].Limit(12); got != 2 {
			t.Errorf("at least 5 %% of 12, never fewer than 2 = %d, want 2", got)
		}
	})
	t.Run("an empty table: no bounds at all", func(t *testing.T) {
		p, err := load(t, "--evaluation-distribution-file="+writeFile(t, `{}`)).Policy()
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Bounds) != 0 {
			t.Errorf("bounds %v, want none", p.Bounds)
		}
	})
	for _, tt := range []struct {
		name, content, want string
	}{
		{"not JSON", `baik: 70`, "invalid character"},
		{"a field in camel case", `{"baik": [{"predicates": ["baik"], "atMost": true, "percent": 70}]}`, `unknown field "atMost"`},
		{"two documents", `{} {}`, "more than one JSON value"},
		{"an unknown organisation predicate", `{"luar_biasa": [{"predicates": ["baik"], "at_most": true, "percent": 70}]}`, `"luar_biasa" is not an organisation predicate`},
		{"an unknown predicate", `{"baik": [{"predicates": ["istimewa"], "at_most": true, "percent": 70}]}`, `bound 1 of baik: predicate "istimewa" is not one of`},
		{"a rule naming no predicate", `{"kurang": [{"predicates": [], "percent": 60}]}`, "bound 1 of kurang: names no predicate"},
		{"over 100 %", `{"istimewa": [{"predicates": ["sangat_baik"], "at_most": true, "percent": 101}]}`, "bound 1 of istimewa: percent 101: want 0 to 100"},
		{"a minimum count on an at-most rule", `{"baik": [{"predicates": ["baik"], "at_most": true, "percent": 70, "min_count": 1}]}`, "bound 1 of baik: min count 1"},
		{"a negative minimum count", `{"baik": [{"predicates": ["kurang"], "percent": 0, "min_count": -1}]}`, "min count -1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := writeFile(t, tt.content)
			err := load(t, "--evaluation-distribution-file="+f).Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "SIMPEG_EVALUATION_DISTRIBUTION_FILE "+f) {
				t.Errorf("Validate: %v, want an error naming the file and saying %q", err, tt.want)
			}
		})
	}
}

// TestSpec: the service follows planning's stream for its directory copy and nothing else,
// calls planning, and its registration refuses a policy that cannot work.
func TestSpec(t *testing.T) {
	c := load(t)
	spec := c.Spec()
	if spec.Name != Name || spec.ServiceName != "simpeg.evaluation.v1.EvaluationService" {
		t.Errorf("spec names %q, %q", spec.Name, spec.ServiceName)
	}
	if len(spec.Follows) != 1 || spec.Follows[0].Service != "planning" || spec.Follows[0].Durable != "evaluation-directory" {
		t.Errorf("follows %+v, want planning's stream through evaluation-directory", spec.Follows)
	}
	if _, ok := spec.Needs["planning"]; !ok || len(spec.Needs) != 1 {
		t.Errorf("needs %v, want planning", spec.Needs)
	}
	if _, ok := spec.MoreMigrations["directory"]; !ok {
		t.Error("the directory copy's migrations are not in the spec")
	}
	bad := load(t, "--evaluation-cadence=weekly")
	if err := bad.Spec().Register(t.Context(), nil, service.Deps{}); err == nil || !strings.Contains(err.Error(), "SIMPEG_EVALUATION_CADENCE") {
		t.Errorf("registering with a weekly cadence: %v, want the setting named", err)
	}
}
