package deploy_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/service"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/evaluation"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/training"
)

// planningCommand mints planning's token for calling the service called, as the README says.
func planningCommand(called string) string {
	return "go run ./cmd/simpeg token --role service --sub planning --scope " + called + ".read --ttl 2160h --data-dir ./" + localDataDir
}

// planningCalls are the services planning calls late (Spec.Calls) to measure the work plans'
// targets: the variable holding its token for each, and the methods of the called service
// its back-fill reads.
var planningCalls = []struct {
	service string
	spec    func() service.Spec
	methods []string
}{
	{"training", func() service.Spec { return new(training.Config).Spec() }, []string{trainingv1.TrainingService_ListEmployeeJP_FullMethodName,
		trainingv1.TrainingService_GetJPLedger_FullMethodName, trainingv1.TrainingService_ListPlacements_FullMethodName}},
	{"attendance", func() service.Spec { return new(attendance.Config).Spec() }, []string{attendancev1.AttendanceService_ListDailyStatuses_FullMethodName,
		attendancev1.AttendanceService_ListAttendanceRecords_FullMethodName}},
	{"evaluation", func() service.Spec { return new(evaluation.Config).Spec() }, []string{evaluationv1.EvaluationService_ListSkps_FullMethodName,
		evaluationv1.EvaluationService_ListFeedback_FullMethodName}},
}

// planningEnvFiles are compose's files holding planning's tokens, one per called service.
func planningEnvFiles() []localEnvFile {
	var out []localEnvFile
	for _, c := range planningCalls {
		out = append(out, localEnvFile{path: localDataDir + "/planning-" + c.service + ".env", name: serviceEnv(c.service, "TOKEN"), command: planningCommand(c.service)})
	}
	return out
}

// TestPlanningCallsMatchSpec: the deployment test's table of planning's late calls is the
// service's own (Spec.Calls), and planning follows each called service's stream (Spec.Follows:
// the NATS permissions of its durables).
func TestPlanningCallsMatchSpec(t *testing.T) {
	spec := planning.Spec()
	var want, follows []string
	for _, c := range planningCalls {
		want = append(want, c.service)
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for name := range spec.Calls {
			if !yield(name) {
				return
			}
		}
	})
	if !slices.Equal(got, sorted(want)) {
		t.Errorf("planning's Spec.Calls are %v; this test's table %v", got, want)
	}
	if len(spec.Needs) != 0 {
		t.Errorf("planning needs %v before it starts; it starts first", spec.Needs)
	}
	for _, f := range spec.Follows {
		follows = append(follows, f.Service)
	}
	if !slices.Equal(sorted(follows), sorted(want)) {
		t.Errorf("planning follows the streams of %v, want those of the services it calls %v", follows, want)
	}
	pl := binaryNamed(t, "planning")
	for _, c := range planningCalls {
		if addr := serviceEnv(c.service, "ADDR"); pl.dials[addr] != c.service || !pl.late[addr] {
			t.Errorf("the binaries table does not have planning call %s late at %s", c.service, addr)
		}
	}
}

// TestPlanningCallsTokenSetup checks the README's token of planning for each service it calls:
// the command takes only flags simpeg token has, the Kubernetes Secret and compose's file are
// made with it, and the token verifies as the called service verifies it and lets it answer
// the back-fill's reads with every row (scope all).
func TestPlanningCallsTokenSetup(t *testing.T) {
	readme := readFile(t, readmePath)
	m := loadManifests(t)
	for _, c := range planningCalls {
		t.Run(c.service, func(t *testing.T) {
			command := planningCommand(c.service)
			p, ttl := tokenCommandPrincipal(t, command)
			if p.Subject != "planning" {
				t.Errorf("%q: --sub %q, want planning: the called service's logs and audit name the caller by it", command, p.Subject)
			}
			if !slices.Equal(p.Scopes, []string{c.service + ".read"}) || !slices.Equal(p.Roles, []auth.Role{auth.RoleService}) {
				t.Errorf("%q: role %v, scopes %v; want role service and only %s.read", command, p.Roles, p.Scopes, c.service)
			}
			checkTokenSecret(t, m, readme, "planning", serviceEnv(c.service, "TOKEN"), command)
			if !strings.Contains(readme, command) {
				t.Errorf("%s does not give the command %s", readmePath, command)
			}

			dir := t.TempDir()
			signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
			if err != nil {
				t.Fatal(err)
			}
			tok, err := signer.Issue(p, ttl)
			if err != nil {
				t.Fatal(err)
			}
			called := binaryNamed(t, c.service)
			v, err := auth.NewVerifier(auth.Config{Issuer: called.defaults["SIMPEG_AUTH_ISSUER"], Audience: called.defaults["SIMPEG_AUTH_AUDIENCE"], KeyFile: filepath.Join(dir, "keys", "signing-key.pem")})
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.Verify(context.Background(), tok)
			if err != nil {
				t.Fatalf("%s rejects the token: %v", c.service, err)
			}
			rules := c.spec().Rules
			for _, method := range c.methods {
				rule, ok := rules[method]
				if !ok {
					t.Errorf("%s has no rule for %s", c.service, method)
					continue
				}
				if scope := rule.Decide(got); scope != auth.ScopeAll {
					t.Errorf("%s gives planning's token scope %s on %s, want %s", c.service, scope, method, auth.ScopeAll)
				}
			}
		})
	}
}
