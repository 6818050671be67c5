package deploy_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/planning"
)

// natsKeyEnv is the environment variable deploy/nats reads service's public NKey from.
func natsKeyEnv(name string) string {
	return "NATS_" + map[string]string{"planning": "PLANNING", "attendance": "ATTENDANCE"}[name] + "_NKEY"
}

// TestNATSAuthorization parses deploy/nats with nats-server's parser and checks that it admits
// only the services, each with its own NKey and exactly the permissions the code derives
// (bus.ServicePermissions with the service's Spec.Follows): no user without a key, no
// no_auth_user, nothing to publish beyond its own subjects.
func TestNATSAuthorization(t *testing.T) {
	specs := []service.Spec{planning.Spec(), new(attendance.Config).Spec()}
	keys := map[string]string{}
	for _, spec := range specs {
		_, pub, err := bus.NewSeed()
		if err != nil {
			t.Fatal(err)
		}
		keys[pub] = spec.Name
		t.Setenv(natsKeyEnv(spec.Name), pub)
	}
	t.Setenv("SERVER_NAME", "nats-0")
	opts, err := server.ProcessConfigFile(filepath.Join(repoRoot, natsConf))
	if err != nil {
		t.Fatalf("%s: %v", natsConf, err)
	}
	if len(opts.Users) > 0 || opts.NoAuthUser != "" || opts.Username != "" || opts.Authorization != "" {
		t.Errorf("%s admits clients without an nkey (users %d, no_auth_user %q)", natsConf, len(opts.Users), opts.NoAuthUser)
	}
	if len(opts.Nkeys) != len(specs) {
		t.Fatalf("%s has %d nkey users, want one per service (%d)", natsConf, len(opts.Nkeys), len(specs))
	}
	for _, u := range opts.Nkeys {
		name, ok := keys[u.Nkey]
		if !ok {
			t.Errorf("nkey user %s is no service's", u.Nkey)
			continue
		}
		spec := specs[slices.IndexFunc(specs, func(s service.Spec) bool { return s.Name == name })]
		want := bus.ServicePermissions("", spec.Name, spec.Follows...)
		if u.Permissions == nil || u.Permissions.Publish == nil || u.Permissions.Subscribe == nil {
			t.Errorf("%s: no permissions: it could publish anything", name)
			continue
		}
		if got := u.Permissions.Publish.Allow; !slices.Equal(sorted(got), sorted(want.Publish)) {
			t.Errorf("%s may publish %v, want %v", name, got, want.Publish)
		}
		if got := u.Permissions.Subscribe.Allow; !slices.Equal(sorted(got), sorted(want.Subscribe)) {
			t.Errorf("%s may subscribe %v, want %v", name, got, want.Subscribe)
		}
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }
