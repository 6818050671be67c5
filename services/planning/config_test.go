package planning_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// load reads planning's settings from the defaults and env (name=value pairs) as the binaries
// do, with a database so that the shared settings are valid.
func load(t *testing.T, env ...string) *planning.Config {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	c := new(planning.Config)
	if err := config.Load("planning", c, nil); err != nil {
		t.Fatal(err)
	}
	c.DatabaseURL = filepath.Join(t.TempDir(), "planning.db")
	return c
}

// TestDefaults: with nothing set the settings are the documented defaults, valid, and the
// policy is domain.DefaultPolicy (1,250 hours, the BUP table, a 0.10 margin).
func TestDefaults(t *testing.T) {
	c := load(t)
	want := planning.PolicySettings{EffectiveHours: 1250, AtRiskMargin: 0.10, MonitorInterval: time.Second,
		RemeasureInterval: time.Minute, SweepInterval: time.Minute, ReportInterval: time.Hour}
	if c.PolicySettings != want {
		t.Errorf("defaults %+v, want %+v", c.PolicySettings, want)
	}
	for name, got := range map[string]string{"training": c.Training.Addr, "attendance": c.Attendance.Addr, "evaluation": c.Evaluation.Addr} {
		if want := map[string]string{"training": "127.0.0.1:9094", "attendance": "127.0.0.1:9092", "evaluation": "127.0.0.1:9096"}[name]; got != want {
			t.Errorf("%s's default address %q, want %q", name, got, want)
		}
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("the defaults are refused: %v", err)
	}
	p, err := c.Policy()
	if err != nil {
		t.Fatal(err)
	}
	d := domain.DefaultPolicy()
	if p.EffectiveHours != 1250 || p.AtRiskMargin != 0.10 || !maps.Equal(p.RetirementAges, d.RetirementAges) {
		t.Errorf("policy %+v, want the default %+v", p, d)
	}
	if s := c.Own(); s != &c.PolicySettings {
		t.Errorf("Own is %p, want the policy settings %p", s, &c.PolicySettings)
	}
}

// TestSettingsNames: the per-service binary reads the measuring services' addresses and
// tokens and every policy setting under its documented name.
func TestSettingsNames(t *testing.T) {
	names, err := config.EnvNames(new(planning.Config))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"SIMPEG_PLANNING_EFFECTIVE_HOURS", "SIMPEG_PLANNING_RETIREMENT_AGES_FILE", "SIMPEG_PLANNING_AT_RISK_MARGIN",
		"SIMPEG_PLANNING_MONITOR_INTERVAL", "SIMPEG_PLANNING_REMEASURE_INTERVAL", "SIMPEG_PLANNING_SWEEP_INTERVAL",
		"SIMPEG_PLANNING_REPORT_INTERVAL", "SIMPEG_TRAINING_ADDR", "SIMPEG_TRAINING_TOKEN", "SIMPEG_ATTENDANCE_ADDR",
		"SIMPEG_ATTENDANCE_TOKEN", "SIMPEG_EVALUATION_ADDR", "SIMPEG_EVALUATION_TOKEN",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("planning does not read %s", want)
		}
	}
}

// TestValues: values within bounds are taken into the policy; zero disables the sweep and the
// reports.
func TestValues(t *testing.T) {
	c := load(t, "SIMPEG_PLANNING_EFFECTIVE_HOURS=1000", "SIMPEG_PLANNING_AT_RISK_MARGIN=0.25",
		"SIMPEG_PLANNING_SWEEP_INTERVAL=0", "SIMPEG_PLANNING_REPORT_INTERVAL=0", "SIMPEG_PLANNING_MONITOR_INTERVAL=250ms")
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	p, _ := c.Policy()
	if p.EffectiveHours != 1000 || p.AtRiskMargin != 0.25 {
		t.Errorf("policy %+v, want 1000 hours and a 0.25 margin", p)
	}
	if c.MonitorInterval != 250*time.Millisecond || c.SweepInterval != 0 || c.ReportInterval != 0 {
		t.Errorf("intervals %+v", c.PolicySettings)
	}
	for _, edge := range []string{"SIMPEG_PLANNING_EFFECTIVE_HOURS=1", "SIMPEG_PLANNING_EFFECTIVE_HOURS=8784", "SIMPEG_PLANNING_AT_RISK_MARGIN=0", "SIMPEG_PLANNING_AT_RISK_MARGIN=1"} {
		if err := load(t, edge).Validate(); err != nil {
			t.Errorf("%s refused: %v", edge, err)
		}
	}
}

// TestInvalid: each value that cannot work is refused by Validate, naming its setting and
// the bound.
func TestInvalid(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"SIMPEG_PLANNING_EFFECTIVE_HOURS=0", "SIMPEG_PLANNING_EFFECTIVE_HOURS is 0; want 1 to 8784"},
		{"SIMPEG_PLANNING_EFFECTIVE_HOURS=8785", "SIMPEG_PLANNING_EFFECTIVE_HOURS is 8785; want 1 to 8784"},
		{"SIMPEG_PLANNING_EFFECTIVE_HOURS=-1250", "SIMPEG_PLANNING_EFFECTIVE_HOURS is -1250"},
		{"SIMPEG_PLANNING_AT_RISK_MARGIN=1.5", "SIMPEG_PLANNING_AT_RISK_MARGIN is 1.5; want a fraction from 0 to 1"},
		{"SIMPEG_PLANNING_AT_RISK_MARGIN=-0.1", "SIMPEG_PLANNING_AT_RISK_MARGIN is -0.1"},
		{"SIMPEG_PLANNING_MONITOR_INTERVAL=0", "SIMPEG_PLANNING_MONITOR_INTERVAL is 0s; want a positive duration"},
		{"SIMPEG_PLANNING_MONITOR_INTERVAL=-1s", "SIMPEG_PLANNING_MONITOR_INTERVAL is -1s"},
		{"SIMPEG_PLANNING_REMEASURE_INTERVAL=0", "SIMPEG_PLANNING_REMEASURE_INTERVAL is 0s; want a positive duration"},
		{"SIMPEG_PLANNING_SWEEP_INTERVAL=-1m", "SIMPEG_PLANNING_SWEEP_INTERVAL is -1m0s; want 0 (disabled) or a positive duration"},
		{"SIMPEG_PLANNING_REPORT_INTERVAL=-1h", "SIMPEG_PLANNING_REPORT_INTERVAL is -1h0m0s"},
		{"SIMPEG_PLANNING_RETIREMENT_AGES_FILE=/nonexistent/ages.json", "SIMPEG_PLANNING_RETIREMENT_AGES_FILE /nonexistent/ages.json: open"},
	} {
		t.Run(tc.env, func(t *testing.T) {
			err := load(t, tc.env).Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate: %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("every one named", func(t *testing.T) {
		err := load(t, "SIMPEG_PLANNING_EFFECTIVE_HOURS=0", "SIMPEG_PLANNING_AT_RISK_MARGIN=2", "SIMPEG_PLANNING_REMEASURE_INTERVAL=0").Validate()
		for _, want := range []string{"SIMPEG_PLANNING_EFFECTIVE_HOURS", "SIMPEG_PLANNING_AT_RISK_MARGIN", "SIMPEG_PLANNING_REMEASURE_INTERVAL"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate: %v, want %s named", err, want)
			}
		}
	})
	t.Run("not a number", func(t *testing.T) {
		t.Setenv("SIMPEG_PLANNING_AT_RISK_MARGIN", "ten percent")
		err := config.Load("planning", new(planning.Config), nil)
		if err == nil || !strings.Contains(err.Error(), "SIMPEG_PLANNING_AT_RISK_MARGIN") {
			t.Fatalf("Load: %v, want the margin named", err)
		}
	})
}

// TestRetirementAgesFile: the file overrides the levels it names and leaves the others at the
// BUP table's ages; it is read strictly, each refusal saying what is wrong.
func TestRetirementAgesFile(t *testing.T) {
	write := func(t *testing.T, body string) string {
		f := filepath.Join(t.TempDir(), "ages.json")
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Run("overrides", func(t *testing.T) {
		c := load(t, "SIMPEG_PLANNING_RETIREMENT_AGES_FILE="+write(t, `{"ahli_madya": 62, "pelaksana": 56}`))
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		p, _ := c.Policy()
		for level, want := range map[domain.PositionLevel]int{domain.LevelAhliMadya: 62, domain.LevelPelaksana: 56,
			domain.LevelAhliUtama: 65, domain.LevelJPTPratama: 60, domain.LevelAdministrator: 58} {
			if got := p.RetirementAges[level]; got != want {
				t.Errorf("%s retires at %d, want %d", level, got, want)
			}
		}
		if d := domain.DefaultRetirementAges(); d[domain.LevelAhliMadya] != 60 {
			t.Errorf("the override changed the default table: ahli_madya %d", d[domain.LevelAhliMadya])
		}
	})
	t.Run("empty object", func(t *testing.T) {
		c := load(t, "SIMPEG_PLANNING_RETIREMENT_AGES_FILE="+write(t, `{}`))
		if p, err := c.Policy(); err != nil || !maps.Equal(p.RetirementAges, domain.DefaultRetirementAges()) {
			t.Errorf("policy %+v, %v: want the defaults", p.RetirementAges, err)
		}
	})
	for _, tc := range []struct{ name, body, want string }{
		{"unknown level", `{"ahli_madya": 60, "ahli_tengah": 60}`, `"ahli_tengah" is not a position level`},
		{"upper case", `{"AHLI_MADYA": 60}`, `"AHLI_MADYA" is not a position level`},
		{"twice", `{"pelaksana": 58, "pelaksana": 60}`, `"pelaksana" is given twice`},
		{"too young", `{"pelaksana": 49}`, `"pelaksana": age 49; want 50 to 70`},
		{"too old", `{"ahli_utama": 71}`, `"ahli_utama": age 71; want 50 to 70`},
		{"fraction", `{"ahli_utama": 65.5}`, `"ahli_utama": the age is not a whole number`},
		{"string", `{"ahli_utama": "65"}`, `"ahli_utama": the age is not a whole number`},
		{"array", `[{"ahli_utama": 65}]`, "want one JSON object"},
		{"null", `null`, "want one JSON object"},
		{"two values", `{"ahli_utama": 65} {}`, "more than one JSON value"},
		{"not JSON", `ahli_utama: 65`, "want one JSON object"},
		{"cut short", `{"ahli_utama": 65`, "EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := load(t, "SIMPEG_PLANNING_RETIREMENT_AGES_FILE="+write(t, tc.body)).Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "SIMPEG_PLANNING_RETIREMENT_AGES_FILE") {
				t.Fatalf("Validate: %v, want %q naming the setting", err, tc.want)
			}
		})
	}
}
