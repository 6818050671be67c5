package deploy_test

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// The deployment's namespace and the peers outside it that the NetworkPolicies name, as
// deploy/README.md documents them ("NetworkPolicies").
const k8sNamespace = "simpeg"

// peer is a pod that may open a connection: one of the manifests' workloads or a pod elsewhere.
type peer struct {
	name      string
	namespace string
	labels    map[string]string
}

// outsiders are the pods of the cluster that are not the suite's: those the policies let in
// (Prometheus, the ingress controller), DNS, and strangers that must be kept out.
var outsiders = []peer{
	{"prometheus", "monitoring", map[string]string{"app.kubernetes.io/name": "prometheus"}},
	{"ingress-controller", "ingress-nginx", map[string]string{"app.kubernetes.io/name": "ingress-nginx"}},
	{"kube-dns", "kube-system", map[string]string{"k8s-app": "kube-dns"}},
	{"stranger-in-namespace", k8sNamespace, map[string]string{"app.kubernetes.io/name": "debug"}},
	{"other-app-in-monitoring", "monitoring", map[string]string{"app.kubernetes.io/name": "grafana"}},
	{"prometheus-elsewhere", "default", map[string]string{"app.kubernetes.io/name": "prometheus"}},
}

// namespaceLabels are a namespace's labels: Kubernetes (1.21 and later) sets
// kubernetes.io/metadata.name on every namespace.
func namespaceLabels(ns string) labels.Set {
	return labels.Set{"kubernetes.io/metadata.name": ns}
}

func selectorMatches(t *testing.T, sel *metav1.LabelSelector, set map[string]string) bool {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Fatalf("label selector %v: %v", sel, err)
	}
	return s.Matches(labels.Set(set))
}

// peerMatches reports whether a rule's peer (from or to) of a policy in k8sNamespace is p.
func peerMatches(t *testing.T, np networkingv1.NetworkPolicyPeer, p peer) bool {
	t.Helper()
	if np.IPBlock != nil {
		t.Errorf("a peer by ipBlock cannot be checked against pods: %v", np.IPBlock)
		return false
	}
	if np.NamespaceSelector == nil && p.namespace != k8sNamespace {
		return false // a podSelector alone means the policy's own namespace
	}
	if np.NamespaceSelector != nil && !selectorMatches(t, np.NamespaceSelector, namespaceLabels(p.namespace)) {
		return false
	}
	return np.PodSelector == nil || selectorMatches(t, np.PodSelector, p.labels)
}

// portMatches reports whether a rule's ports admit port (a container port of the destination).
func portMatches(ports []networkingv1.NetworkPolicyPort, port corev1.ContainerPort) bool {
	if len(ports) == 0 {
		return true
	}
	proto := port.Protocol
	if proto == "" {
		proto = corev1.ProtocolTCP
	}
	for _, pp := range ports {
		pproto := corev1.ProtocolTCP
		if pp.Protocol != nil {
			pproto = *pp.Protocol
		}
		if pproto != proto {
			continue
		}
		switch {
		case pp.Port == nil:
			return true
		case pp.Port.StrVal != "" && pp.Port.StrVal == port.Name:
			return true
		case pp.Port.StrVal == "" && pp.EndPort != nil && port.ContainerPort >= pp.Port.IntVal && port.ContainerPort <= *pp.EndPort:
			return true
		case pp.Port.StrVal == "" && pp.Port.IntVal == port.ContainerPort:
			return true
		}
	}
	return false
}

func hasType(np *networkingv1.NetworkPolicy, pt networkingv1.PolicyType) bool {
	if len(np.Spec.PolicyTypes) == 0 { // the API's default: Ingress, and Egress when it has rules
		return pt == networkingv1.PolicyTypeIngress || (pt == networkingv1.PolicyTypeEgress && len(np.Spec.Egress) > 0)
	}
	return slices.Contains(np.Spec.PolicyTypes, pt)
}

// ingressAllowed reports whether from may connect to port of a pod labelled to, as the
// policies of the namespace decide: isolated pods accept only what some policy allows.
func (m *manifests) ingressAllowed(t *testing.T, from peer, to map[string]string, port corev1.ContainerPort) bool {
	t.Helper()
	isolated := false
	for _, np := range m.netpols {
		if !hasType(np, networkingv1.PolicyTypeIngress) || !selectorMatches(t, &np.Spec.PodSelector, to) {
			continue
		}
		isolated = true
		for _, r := range np.Spec.Ingress {
			if !portMatches(r.Ports, port) {
				continue
			}
			if len(r.From) == 0 || slices.ContainsFunc(r.From, func(p networkingv1.NetworkPolicyPeer) bool { return peerMatches(t, p, from) }) {
				return true
			}
		}
	}
	return !isolated
}

// egressAllowed reports whether a pod labelled from may connect to port of dest (a pod, or an
// address outside the cluster when dest is nil).
func (m *manifests) egressAllowed(t *testing.T, from map[string]string, dest *peer, ip netip.Addr, port corev1.ContainerPort) bool {
	t.Helper()
	isolated := false
	for _, np := range m.netpols {
		if !hasType(np, networkingv1.PolicyTypeEgress) || !selectorMatches(t, &np.Spec.PodSelector, from) {
			continue
		}
		isolated = true
		for _, r := range np.Spec.Egress {
			if !portMatches(r.Ports, port) {
				continue
			}
			for _, to := range r.To {
				switch {
				case to.IPBlock != nil && dest == nil:
					if pfx, err := netip.ParsePrefix(to.IPBlock.CIDR); err == nil && pfx.Contains(ip) {
						return true
					}
				case to.IPBlock == nil && dest != nil && peerMatches(t, to, *dest):
					return true
				}
			}
			if len(r.To) == 0 {
				return true
			}
		}
	}
	return !isolated
}

// suitePeers are the pods of the manifests' workloads, by workload name.
func (m *manifests) suitePeers() []peer {
	var out []peer
	for _, w := range m.workloads() {
		out = append(out, peer{w.name, k8sNamespace, w.pod.Labels})
	}
	slices.SortFunc(out, func(a, b peer) int { return strings.Compare(a.name, b.name) })
	return out
}

// TestK8sNetworkPolicies evaluates the NetworkPolicies of the rendered kustomization for every
// container port of every workload, against every pod of the suite and the outsiders: each port
// is reachable from exactly the peers listed here (derived from the binaries table), the
// namespace denies ingress by default, and the services may reach NATS, PostgreSQL, DNS and the
// services they dial.
func TestK8sNetworkPolicies(t *testing.T) {
	m := loadManifests(t)
	deny, ok := m.netpols["default-deny-ingress"]
	if !ok || len(deny.Spec.PodSelector.MatchLabels)+len(deny.Spec.PodSelector.MatchExpressions) > 0 ||
		!hasType(deny, networkingv1.PolicyTypeIngress) || len(deny.Spec.Ingress) > 0 {
		t.Errorf("want a NetworkPolicy default-deny-ingress selecting every pod with no ingress rule")
	}

	peers := append(m.suitePeers(), outsiders...)
	var services []string // the gRPC services' workloads
	for _, b := range databaseServices(t) {
		services = append(services, b.name)
	}
	// want[workload][port name] are the peers that may connect there.
	want := map[string]map[string][]string{
		"nats": {
			"client":  append(slices.Clone(services), "nats"),
			"cluster": {"nats"},
			"monitor": {"prometheus"},
		},
	}
	for _, b := range binaries(t) {
		if !b.distributed {
			continue
		}
		ports := map[string][]string{}
		if b.grpc {
			// The gateway and the suite's services (a service may call another: b.dials).
			ports["grpc"] = append([]string{"gateway"}, services...)
		} else {
			ports["http"] = []string{"ingress-controller"}
		}
		if b.metrics != "" {
			ports["metrics"] = []string{"prometheus"}
		}
		want[b.name] = ports
	}
	// Whoever dials a service is among the peers it admits.
	for _, b := range binaries(t) {
		for _, target := range b.dials {
			if w := want[target]["grpc"]; b.distributed && !slices.Contains(w, b.name) {
				t.Errorf("%s dials %s, which this test does not let it reach", b.name, target)
			}
		}
	}

	for _, w := range m.workloads() {
		ports, ok := want[w.name]
		if !ok {
			t.Errorf("%s %s: this test does not know who may reach it; add it to want", w.kind, w.name)
			continue
		}
		for _, c := range w.pod.Spec.Containers {
			for _, cp := range c.Ports {
				expected, ok := ports[cp.Name]
				if !ok {
					t.Errorf("%s %s: port %s (%d) is not in this test's table", w.kind, w.name, cp.Name, cp.ContainerPort)
					continue
				}
				var got []string
				for _, p := range peers {
					if m.ingressAllowed(t, p, w.pod.Labels, cp) {
						got = append(got, p.name)
					}
				}
				slices.Sort(got)
				expected = slices.Sorted(slices.Values(expected))
				if !slices.Equal(got, expected) {
					t.Errorf("%s %s port %s (%d) is reachable from %v, want %v", w.kind, w.name, cp.Name, cp.ContainerPort, got, expected)
				}
			}
		}
	}

	// Egress of the services: what they need, and not anything else.
	nats := m.statefulSets["nats"]
	if nats == nil {
		t.Fatal("no StatefulSet nats")
	}
	natsPeer := peer{"nats", k8sNamespace, nats.Spec.Template.Labels}
	natsClient := corev1.ContainerPort{Name: "client", ContainerPort: 4222}
	dns := outsiders[slices.IndexFunc(outsiders, func(p peer) bool { return p.name == "kube-dns" })]
	database := netip.MustParseAddr("10.20.30.40") // the city's PostgreSQL, outside the cluster
	for _, b := range databaseServices(t) {
		d := m.deployments[b.name]
		if d == nil {
			continue // TestK8sBinaries reports it
		}
		from := d.Spec.Template.Labels
		checks := []struct {
			what string
			dest *peer
			port corev1.ContainerPort
			want bool
		}{
			{"NATS", &natsPeer, natsClient, true},
			{"DNS over UDP", &dns, corev1.ContainerPort{ContainerPort: 53, Protocol: corev1.ProtocolUDP}, true},
			{"DNS over TCP", &dns, corev1.ContainerPort{ContainerPort: 53}, true},
			{"PostgreSQL", nil, corev1.ContainerPort{ContainerPort: 5432}, true},
			{"SSH outside", nil, corev1.ContainerPort{ContainerPort: 22}, false},
			{"NATS's route port", &natsPeer, corev1.ContainerPort{Name: "cluster", ContainerPort: 6222}, false},
		}
		for v, target := range b.dials {
			td := m.deployments[target]
			if td == nil {
				continue
			}
			tc := td.Spec.Template.Spec.Containers[0]
			_, port := hostPort(t, v, m.podEnv(t, target, tc)[binaryNamed(t, target).serves])
			cp := tc.Ports[slices.IndexFunc(tc.Ports, func(p corev1.ContainerPort) bool { return int(p.ContainerPort) == port })]
			checks = append(checks, struct {
				what string
				dest *peer
				port corev1.ContainerPort
				want bool
			}{fmt.Sprintf("%s (%s)", target, v), &peer{target, k8sNamespace, td.Spec.Template.Labels}, cp, true})
		}
		for _, c := range checks {
			if got := m.egressAllowed(t, from, c.dest, database, c.port); got != c.want {
				t.Errorf("%s → %s port %d: allowed %v, want %v", b.name, c.what, c.port.ContainerPort, got, c.want)
			}
		}
	}
	// Every policy selects some workload of the manifests (a typo in a label would select none).
	for name, np := range m.netpols {
		if name == deny.Name {
			continue
		}
		if !slices.ContainsFunc(m.workloads(), func(w workload) bool { return selectorMatches(t, &np.Spec.PodSelector, w.pod.Labels) }) {
			t.Errorf("NetworkPolicy %s selects no pod of %s (selector %v)", name, k8sDir, np.Spec.PodSelector)
		}
	}
}
