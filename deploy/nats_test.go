package deploy_test

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

const natsConf = "deploy/nats/nats-cluster.conf"

// TestNATSCluster parses the cluster configuration with nats-server's own parser, as node
// nats-1 would, and checks it against the StatefulSet that runs it and the services that use it.
func TestNATSCluster(t *testing.T) {
	m := loadManifests(t)
	ss, ok := m.statefulSets["nats"]
	if !ok {
		t.Fatal("no StatefulSet nats")
	}
	pod := ss.Spec.Template.Spec
	c := pod.Containers[0]
	env := m.podEnv(t, "StatefulSet nats", c)
	if env["SERVER_NAME"] != "<field>" || c.Env[slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "SERVER_NAME" })].ValueFrom.FieldRef.FieldPath != "metadata.name" {
		t.Errorf("StatefulSet nats: SERVER_NAME (read by %s) should be the pod name", natsConf)
	}

	for _, b := range databaseServices(t) {
		if env[natsKeyEnv(b.name)] != "<secret>" {
			t.Errorf("StatefulSet nats: %s (read by %s) should come from a Secret", natsKeyEnv(b.name), natsConf)
		}
	}
	setNATSKeys(t)
	t.Setenv("SERVER_NAME", "nats-1")
	opts, _ := loadNATSConf(t, natsConf)
	if opts.ServerName != "nats-1" {
		t.Errorf("server_name is %q, want it from SERVER_NAME", opts.ServerName)
	}
	if !opts.JetStream {
		t.Error("JetStream is off")
	}
	if opts.Cluster.Name == "" {
		t.Error("a JetStream cluster needs a cluster name")
	}
	replicas := int(*ss.Spec.Replicas)
	if replicas != 3 {
		t.Errorf("StatefulSet nats has %d replicas, want 3", replicas)
	}
	var routes []string
	for _, r := range opts.Routes {
		routes = append(routes, r.Host)
	}
	var want []string
	for i := range replicas {
		want = append(want, fmt.Sprintf("%s-%d.%s:%d", ss.Name, i, ss.Spec.ServiceName, opts.Cluster.Port))
	}
	if !slices.Equal(routes, want) {
		t.Errorf("routes %v, want %v (the StatefulSet's pods)", routes, want)
	}

	// The ports and directories the StatefulSet gives it.
	ports := map[string]int{}
	for _, p := range c.Ports {
		ports[p.Name] = int(p.ContainerPort)
	}
	for name, p := range map[string]int{"client": opts.Port, "cluster": opts.Cluster.Port, "monitor": opts.HTTPPort} {
		if ports[name] != p {
			t.Errorf("containerPort %s is %d, the configuration says %d", name, ports[name], p)
		}
	}
	mounts := map[string]string{}
	for _, vm := range c.VolumeMounts {
		mounts[vm.MountPath] = vm.Name
	}
	if mounts[opts.StoreDir] == "" || !slices.ContainsFunc(ss.Spec.VolumeClaimTemplates, func(p corev1.PersistentVolumeClaim) bool { return p.Name == mounts[opts.StoreDir] }) {
		t.Errorf("store_dir %s is not on a volume claim of the StatefulSet", opts.StoreDir)
	}
	cfgIdx := slices.Index(c.Args, "--config")
	if cfgIdx < 0 || cfgIdx+1 >= len(c.Args) {
		t.Fatalf("the nats container is not started with --config")
	}
	cfgPath := c.Args[cfgIdx+1]
	vol := mounts[path.Dir(cfgPath)]
	vi := slices.IndexFunc(pod.Volumes, func(v corev1.Volume) bool { return v.Name == vol })
	if vi < 0 || pod.Volumes[vi].ConfigMap == nil {
		t.Fatalf("--config %s is not on a ConfigMap volume", cfgPath)
	}
	// deploy/README.md makes that ConfigMap from this file, under the key the path names.
	readme := readFile(t, readmePath)
	// It includes auth.conf, which goes into the same ConfigMap, beside it.
	recipe := fmt.Sprintf("kubectl -n simpeg create configmap %s --from-file=%s=%s --from-file=%s=%s", pod.Volumes[vi].ConfigMap.Name, path.Base(cfgPath), natsConf, natsAuthConf, path.Join(path.Dir(natsConf), natsAuthConf))
	if !strings.Contains(readme, recipe) {
		t.Errorf("%s should tell to run %q", readmePath, recipe)
	}

	// The headless Service that names the pods, published before they are ready.
	svc, ok := m.services[ss.Spec.ServiceName]
	if !ok || svc.Spec.ClusterIP != corev1.ClusterIPNone || !svc.Spec.PublishNotReadyAddresses {
		t.Errorf("StatefulSet nats needs a headless Service %s with publishNotReadyAddresses", ss.Spec.ServiceName)
	}

	// The services use every node, with stream replicas to match.
	var wantHosts []string
	for i := range replicas {
		wantHosts = append(wantHosts, fmt.Sprintf("%s-%d.%s:%d", ss.Name, i, ss.Spec.ServiceName, opts.Port))
	}
	for _, b := range databaseServices(t) {
		d := m.deployments[b.name]
		if d == nil {
			t.Errorf("no Deployment %s", b.name)
			continue
		}
		env := m.podEnv(t, b.name, d.Spec.Template.Spec.Containers[0])
		var hosts []string
		for one := range strings.SplitSeq(env["SIMPEG_NATS_URL"], ",") {
			u, err := url.Parse(strings.TrimSpace(one))
			if err != nil || u.Scheme != "tls" {
				t.Errorf("%s: SIMPEG_NATS_URL part %q: want tls://host:port (the cluster speaks TLS)", b.name, one)
				continue
			}
			hosts = append(hosts, u.Host)
		}
		if !slices.Equal(hosts, wantHosts) {
			t.Errorf("%s: SIMPEG_NATS_URL names %v, want %v", b.name, hosts, wantHosts)
		}
		if r, err := strconv.Atoi(env["SIMPEG_NATS_REPLICAS"]); err != nil || r != replicas {
			t.Errorf("%s: SIMPEG_NATS_REPLICAS=%q, want %d on this cluster", b.name, env["SIMPEG_NATS_REPLICAS"], replicas)
		}
	}
}
