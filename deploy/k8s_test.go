package deploy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

const k8sDir = "deploy/k8s"

// manifests are the Kubernetes objects that `kubectl apply -k deploy/k8s` applies: the
// kustomization built with kustomize's own library (krusty), each object decoded strictly into
// the API types, so a misspelt or misplaced field fails the test.
type manifests struct {
	configMaps   map[string]*corev1.ConfigMap
	services     map[string]*corev1.Service
	deployments  map[string]*appsv1.Deployment
	statefulSets map[string]*appsv1.StatefulSet
	pdbs         map[string]*policyv1.PodDisruptionBudget
	netpols      map[string]*networkingv1.NetworkPolicy
	objects      []map[string]any // every object as rendered
}

// buildKustomization renders the kustomization in dir (relative to the repository root) as
// kubectl apply -k does.
func buildKustomization(t *testing.T, dir string) []map[string]any {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(filesys.MakeFsOnDisk(), filepath.Join(repoRoot, dir))
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	var out []map[string]any
	for _, r := range rm.Resources() {
		obj, err := r.Map()
		if err != nil {
			t.Fatalf("kustomize build %s: %s: %v", dir, r.CurId(), err)
		}
		out = append(out, obj)
	}
	return out
}

func loadManifests(t *testing.T) *manifests {
	t.Helper()
	m := &manifests{
		configMaps: map[string]*corev1.ConfigMap{}, services: map[string]*corev1.Service{},
		deployments: map[string]*appsv1.Deployment{}, statefulSets: map[string]*appsv1.StatefulSet{},
		pdbs: map[string]*policyv1.PodDisruptionBudget{}, netpols: map[string]*networkingv1.NetworkPolicy{},
	}
	m.objects = buildKustomization(t, k8sDir)
	for _, obj := range m.objects {
		m.add(t, k8sDir, obj)
	}
	return m
}

func (m *manifests) add(t *testing.T, file string, doc map[string]any) {
	t.Helper()
	kind, _ := doc["kind"].(string)
	apiVersion, _ := doc["apiVersion"].(string)
	var obj any
	var name *string
	switch apiVersion + " " + kind {
	case "v1 ConfigMap":
		o := &corev1.ConfigMap{}
		obj, name = o, &o.Name
		defer func() { m.configMaps[o.Name] = o }()
	case "v1 Service":
		o := &corev1.Service{}
		obj, name = o, &o.Name
		defer func() { m.services[o.Name] = o }()
	case "apps/v1 Deployment":
		o := &appsv1.Deployment{}
		obj, name = o, &o.Name
		defer func() { m.deployments[o.Name] = o }()
	case "apps/v1 StatefulSet":
		o := &appsv1.StatefulSet{}
		obj, name = o, &o.Name
		defer func() { m.statefulSets[o.Name] = o }()
	case "policy/v1 PodDisruptionBudget":
		o := &policyv1.PodDisruptionBudget{}
		obj, name = o, &o.Name
		defer func() { m.pdbs[o.Name] = o }()
	case "networking.k8s.io/v1 NetworkPolicy":
		o := &networkingv1.NetworkPolicy{}
		obj, name = o, &o.Name
		defer func() { m.netpols[o.Name] = o }()
	default:
		t.Fatalf("%s: %s %s is not checked by this test; teach it", file, apiVersion, kind)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		t.Fatalf("%s: %s: %v", file, kind, err)
	}
	if *name == "" {
		t.Fatalf("%s: a %s without a name", file, kind)
	}
}

// podEnv is the environment of a container as Kubernetes builds it: envFrom ConfigMaps, then
// env. Values from Secrets are known by name only (value "<secret>").
func (m *manifests) podEnv(t *testing.T, where string, c corev1.Container) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			cm, ok := m.configMaps[ef.ConfigMapRef.Name]
			if !ok {
				t.Errorf("%s: envFrom ConfigMap %s is not in %s", where, ef.ConfigMapRef.Name, k8sDir)
				continue
			}
			for k, v := range cm.Data {
				out[ef.Prefix+k] = v
			}
		case ef.SecretRef != nil:
			t.Errorf("%s: envFrom Secret %s: its keys cannot be checked; use env with secretKeyRef", where, ef.SecretRef.Name)
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			out[e.Name] = e.Value
		case e.ValueFrom.SecretKeyRef != nil:
			out[e.Name] = "<secret>"
		default:
			out[e.Name] = "<field>"
		}
	}
	return out
}

// containerPort resolves a probe's or Service's port (a number or a port name) in c.
func containerPort(c corev1.Container, p intstr.IntOrString) int {
	if p.Type == intstr.Int {
		return p.IntValue()
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return int(cp.ContainerPort)
		}
	}
	return 0
}

// TestK8sKustomization checks the layout: the top-level kustomization pulls in every manifest
// beside it and every service's overlay of the base, each overlay builds on its own, no
// placeholder of the base is left, and every simpeg image gets a tag.
func TestK8sKustomization(t *testing.T) {
	var top struct {
		Resources []string `yaml:"resources"`
	}
	raw, err := os.ReadFile(filepath.Join(repoRoot, k8sDir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &top); err != nil {
		t.Fatalf("%s/kustomization.yaml: %v", k8sDir, err)
	}
	entries, err := os.ReadDir(filepath.Join(repoRoot, k8sDir))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		switch {
		case e.IsDir() && e.Name() != "base":
			want = append(want, e.Name())
		case !e.IsDir() && path.Ext(e.Name()) == ".yaml" && e.Name() != "kustomization.yaml":
			want = append(want, e.Name())
		}
	}
	got := slices.Sorted(slices.Values(top.Resources))
	if !slices.Equal(got, want) {
		t.Errorf("%s/kustomization.yaml resources %v; the manifests and overlays beside it are %v", k8sDir, got, want)
	}
	for _, b := range binaries(t) {
		if !b.grpc {
			continue
		}
		// A service is an overlay of the base, which builds alone too.
		dir := path.Join(k8sDir, b.name)
		kust, err := os.ReadFile(filepath.Join(repoRoot, dir, "kustomization.yaml"))
		if err != nil {
			t.Errorf("service %s: no overlay %s: %v", b.name, dir, err)
			continue
		}
		if !strings.Contains(string(kust), "- ../base\n") {
			t.Errorf("%s/kustomization.yaml does not build on ../base", dir)
		}
		objs := buildKustomization(t, dir)
		if len(objs) != 5 {
			t.Errorf("%s renders %d objects, want 5 (ConfigMap, Deployment, Service, PodDisruptionBudget, NetworkPolicy)", dir, len(objs))
		}
	}

	m := loadManifests(t)
	for _, obj := range m.objects {
		where := fmt.Sprintf("%v %v", obj["kind"], obj["metadata"].(map[string]any)["name"])
		walkStrings(obj, func(v string) {
			if v == "service" || strings.HasPrefix(v, "service-") || strings.HasPrefix(v, "simpeg/service") || strings.HasPrefix(v, "SERVICE_") {
				t.Errorf("%s: %q is a placeholder of %s/base that its overlay leaves", where, v, k8sDir)
			}
		})
	}
	for _, d := range m.deployments {
		for _, c := range d.Spec.Template.Spec.Containers {
			name, tag, ok := strings.Cut(c.Image, ":")
			if strings.HasPrefix(name, "simpeg/") && (!ok || tag == "") {
				t.Errorf("Deployment %s runs %s without a tag; set it in %s/kustomization.yaml (images:)", d.Name, c.Image, k8sDir)
			}
		}
	}
}

// walkStrings calls fn with every string value in v, a decoded YAML or JSON document.
func walkStrings(v any, fn func(string)) {
	switch v := v.(type) {
	case string:
		fn(v)
	case map[string]any:
		for _, e := range v {
			walkStrings(e, fn)
		}
	case []any:
		for _, e := range v {
			walkStrings(e, fn)
		}
	}
}

func TestK8sBinaries(t *testing.T) {
	m := loadManifests(t)
	databaseSecrets := map[string]string{} // Secret of a database URL → its Deployment
	for _, b := range binaries(t) {
		if !b.distributed {
			continue
		}
		t.Run(b.name, func(t *testing.T) {
			d, ok := m.deployments[b.name]
			if !ok {
				t.Fatalf("no Deployment %s", b.name)
			}
			if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
				t.Errorf("Deployment %s: want 2 or more replicas", b.name)
			}
			pod := d.Spec.Template.Spec
			if len(pod.Containers) != 1 {
				t.Fatalf("Deployment %s: want one container", b.name)
			}
			c := pod.Containers[0]
			if !strings.HasPrefix(c.Image, "simpeg/"+b.name+":") {
				t.Errorf("Deployment %s runs image %s, want simpeg/%s:<tag>", b.name, c.Image, b.name)
			}
			envs := m.podEnv(t, "Deployment "+b.name, c)
			all := maps.Clone(imageOf(t, b).image().env)
			maps.Copy(all, envs)
			checkSettings(t, "Deployment "+b.name, b, all, true)
			for k := range envs {
				if !b.reads(k) {
					t.Errorf("Deployment %s sets %s, which %s does not read", b.name, k, b.name)
				}
			}
			for _, k := range b.required {
				if envs[k] == "" {
					t.Errorf("Deployment %s does not set %s", b.name, k)
				}
			}
			for k, v := range envs {
				if isCredential(k) && v != "<secret>" {
					t.Errorf("Deployment %s: %s is a credential; take it from a Secret (secretKeyRef), not a ConfigMap or the manifest", b.name, k)
				}
			}
			// Not even shadowed by a Secret: a ConfigMap is readable by more than the pods.
			for _, ef := range c.EnvFrom {
				if ef.ConfigMapRef == nil || m.configMaps[ef.ConfigMapRef.Name] == nil {
					continue
				}
				for k := range m.configMaps[ef.ConfigMapRef.Name].Data {
					if isCredential(ef.Prefix + k) {
						t.Errorf("ConfigMap %s holds %s, a credential; keep it in a Secret", ef.ConfigMapRef.Name, ef.Prefix+k)
					}
				}
			}
			for _, e := range c.Env {
				if e.Name == b.database && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
					name := e.ValueFrom.SecretKeyRef.Name
					if other, dup := databaseSecrets[name]; dup {
						t.Errorf("Deployments %s and %s share the database Secret %s; each service keeps a database of its own", other, b.name, name)
					}
					databaseSecrets[name] = b.name
				}
			}
			listenPorts := map[string]int{}
			for _, k := range b.listen {
				h, p := hostPort(t, b.name+" "+k, envs[k])
				if h != "0.0.0.0" {
					t.Errorf("Deployment %s: %s=%s, want 0.0.0.0:<port>", b.name, k, envs[k])
				}
				listenPorts[k] = p
				if !slices.ContainsFunc(c.Ports, func(cp corev1.ContainerPort) bool { return int(cp.ContainerPort) == p }) {
					t.Errorf("Deployment %s: %s port %d is not a containerPort", b.name, k, p)
				}
			}
			if kf := envs["SIMPEG_AUTH_KEY_FILE"]; kf != "" && envs["SIMPEG_AUTH_JWKS_URL"] == "" {
				if !slices.ContainsFunc(c.VolumeMounts, func(vm corev1.VolumeMount) bool { return vm.MountPath == path.Dir(kf) }) {
					t.Errorf("Deployment %s: SIMPEG_AUTH_KEY_FILE=%s, but nothing is mounted at %s", b.name, kf, path.Dir(kf))
				}
			}

			// Probes: ready when serving; alive while the process answers.
			rp, lp := c.ReadinessProbe, c.LivenessProbe
			if rp == nil || lp == nil {
				t.Fatalf("Deployment %s: want readiness and liveness probes", b.name)
			}
			main := listenPorts[b.serves]
			switch {
			case b.grpc: // a service
				if rp.GRPC == nil || int(rp.GRPC.Port) != main {
					t.Errorf("%s readiness: want grpc on port %d", b.name, main)
				}
				// Not the gRPC health status, which goes NOT_SERVING while the database is
				// down: restarting would not help.
				if lp.TCPSocket == nil || containerPort(c, lp.TCPSocket.Port) != main {
					t.Errorf("%s liveness: want tcpSocket on the gRPC port %d", b.name, main)
				}
				// Migrations run before the port opens.
				if sp := c.StartupProbe; sp == nil || sp.TCPSocket == nil || containerPort(c, sp.TCPSocket.Port) != main {
					t.Errorf("%s startup: want tcpSocket on the gRPC port %d", b.name, main)
				}
			default: // the gateway
				for _, pr := range []struct {
					what, path string
					p          *corev1.Probe
				}{{"readiness", "/readyz", rp}, {"liveness", "/healthz", lp}} {
					if pr.p.HTTPGet == nil || pr.p.HTTPGet.Path != pr.path || containerPort(c, pr.p.HTTPGet.Port) != main {
						t.Errorf("%s %s: want GET %s on port %d", b.name, pr.what, pr.path, main)
					}
				}
			}
			if p, ok := listenPorts[b.metrics]; ok {
				ann := d.Spec.Template.Annotations
				if ann["prometheus.io/scrape"] != "true" || ann["prometheus.io/port"] != strconv.Itoa(p) {
					t.Errorf("Deployment %s: want annotations prometheus.io/scrape \"true\" and prometheus.io/port %q, have %v", b.name, strconv.Itoa(p), ann)
				}
			}
			if pod.SecurityContext == nil || pod.SecurityContext.RunAsUser == nil || strconv.Itoa(int(*pod.SecurityContext.RunAsUser)) != nonrootUser {
				t.Errorf("Deployment %s: want runAsUser %s, the image's user", b.name, nonrootUser)
			}

			// The Service in front of it exposes its main port.
			svc, ok := m.services[b.name]
			if !ok {
				t.Fatalf("no Service %s", b.name)
			}
			if !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool {
				return containerPort(c, sp.TargetPort) == main
			}) {
				t.Errorf("Service %s has no port to %s (%d)", b.name, b.serves, main)
			}
			if !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
				t.Errorf("Service %s does not select the %s pods", b.name, b.name)
			}
			// gRPC clients balance over every pod only when the name resolves to all of them.
			if b.grpc && svc.Spec.ClusterIP != corev1.ClusterIPNone {
				t.Errorf("Service %s: want clusterIP: None (headless), so the gateway's round_robin reaches every pod", b.name)
			}
		})
	}
}

// TestK8sDials checks that every gRPC address a Deployment dials reaches, through a Service,
// the gRPC port of the Deployment it names.
func TestK8sDials(t *testing.T) {
	m := loadManifests(t)
	for _, b := range binaries(t) {
		if !b.distributed {
			continue
		}
		d := m.deployments[b.name]
		if d == nil {
			continue // TestK8sBinaries reports it
		}
		envs := m.podEnv(t, b.name, d.Spec.Template.Spec.Containers[0])
		for k, target := range b.dials {
			td := m.deployments[target]
			if td == nil {
				t.Errorf("%s dials %s with %s, but there is no Deployment %s", b.name, target, k, target)
				continue
			}
			addr := envs[k]
			host, port := hostPort(t, b.name+" "+k, addr)
			svc, ok := m.services[host]
			if !ok {
				t.Errorf("%s: %s=%s: no Service %s", b.name, k, addr, host)
				continue
			}
			tb := binaryNamed(t, target)
			tc := td.Spec.Template.Spec.Containers[0]
			_, listen := hostPort(t, target+" "+tb.serves, m.podEnv(t, target, tc)[tb.serves])
			reached := false
			for _, sp := range svc.Spec.Ports {
				if int(sp.Port) == port && containerPort(tc, sp.TargetPort) == listen {
					reached = true
				}
			}
			if !reached {
				t.Errorf("%s: %s=%s does not reach %s's port %d through Service %s", b.name, k, addr, target, listen, host)
			}
			if !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(td.Spec.Template.Labels)) {
				t.Errorf("%s: %s=%s: Service %s does not select the %s pods", b.name, k, addr, host, target)
			}
		}
	}
}

// workload is a Deployment or a StatefulSet, for the checks they share.
type workload struct {
	kind, name string
	replicas   *int32
	pod        corev1.PodTemplateSpec
}

func (m *manifests) workloads() []workload {
	var out []workload
	for n, d := range m.deployments {
		out = append(out, workload{"Deployment", n, d.Spec.Replicas, d.Spec.Template})
	}
	for n, s := range m.statefulSets {
		out = append(out, workload{"StatefulSet", n, s.Spec.Replicas, s.Spec.Template})
	}
	return out
}

func TestK8sWorkloadsAreHardened(t *testing.T) {
	m := loadManifests(t)
	for _, w := range m.workloads() {
		where := w.kind + " " + w.name
		pod := w.pod.Spec
		podNonRoot := pod.SecurityContext != nil && pod.SecurityContext.RunAsNonRoot != nil && *pod.SecurityContext.RunAsNonRoot
		for _, c := range pod.Containers {
			sc := c.SecurityContext
			if sc == nil {
				t.Errorf("%s/%s: no securityContext", where, c.Name)
				continue
			}
			if !podNonRoot && (sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot) {
				t.Errorf("%s/%s: want runAsNonRoot", where, c.Name)
			}
			if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				t.Errorf("%s/%s: want readOnlyRootFilesystem", where, c.Name)
			}
			if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				t.Errorf("%s/%s: want allowPrivilegeEscalation: false", where, c.Name)
			}
			if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
				t.Errorf("%s/%s: want capabilities drop ALL", where, c.Name)
			}
			if c.ReadinessProbe == nil || c.LivenessProbe == nil {
				t.Errorf("%s/%s: want readiness and liveness probes", where, c.Name)
			}
			req, lim := c.Resources.Requests, c.Resources.Limits
			if req.Cpu().IsZero() || req.Memory().IsZero() || lim.Memory().IsZero() {
				t.Errorf("%s/%s: want cpu and memory requests and a memory limit", where, c.Name)
			} else if lim.Memory().Cmp(*req.Memory()) < 0 {
				t.Errorf("%s/%s: memory limit below the request", where, c.Name)
			}
			for _, p := range []*corev1.Probe{c.ReadinessProbe, c.LivenessProbe, c.StartupProbe} {
				if p != nil && p.HTTPGet != nil && containerPort(c, p.HTTPGet.Port) == 0 {
					t.Errorf("%s/%s: probe port %s is no container port", where, c.Name, p.HTTPGet.Port.String())
				}
				if p != nil && p.TCPSocket != nil && containerPort(c, p.TCPSocket.Port) == 0 {
					t.Errorf("%s/%s: probe port %s is no container port", where, c.Name, p.TCPSocket.Port.String())
				}
			}
		}
		// Each workload has a PodDisruptionBudget selecting its pods.
		found := false
		for _, pdb := range m.pdbs {
			sel := pdb.Spec.Selector
			if sel != nil && labels.SelectorFromSet(sel.MatchLabels).Matches(labels.Set(w.pod.Labels)) {
				found = true
				if pdb.Spec.MaxUnavailable == nil && pdb.Spec.MinAvailable == nil {
					t.Errorf("PodDisruptionBudget %s sets neither maxUnavailable nor minAvailable", pdb.Name)
				}
			}
		}
		if !found {
			t.Errorf("%s: no PodDisruptionBudget selects its pods", where)
		}
		if w.replicas == nil || *w.replicas < 2 {
			t.Errorf("%s: want 2 or more replicas", where)
		}
	}
}
