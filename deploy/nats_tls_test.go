package deploy_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"go.yaml.in/yaml/v3"

	"github.com/simpeg-id/simpeg/platform/bus"
)

const (
	// natsAuthConf is the file of deploy/nats, beside natsConf, that both configurations include.
	natsAuthConf = "auth.conf"
	// natsTLSDir is where nats-cluster.conf reads its certificate: the Secret's mount.
	natsTLSDir = "/etc/nats/tls"
	// natsCertificate is the cert-manager Certificate of the README.
	natsCertificate = "deploy/nats/nats-certificate.yaml"
)

var tlsFileLine = regexp.MustCompile(`(?m)^\s*(cert_file|key_file|ca_file):\s*(\S+)\s*$`)

// loadNATSConf parses the NATS configuration conf (relative to the repository root) with
// nats-server's parser, as a node would with the environment of the test. Its certificate
// files, which exist only in the pod, are made for the test (signed by a new CA, for the names
// of the cert-manager Certificate and 127.0.0.1) and the paths under natsTLSDir pointed at them;
// nothing else of the file is changed. It returns the options and the CA file.
func loadNATSConf(t *testing.T, conf string) (*server.Options, string) {
	t.Helper()
	dir := t.TempDir()
	text := readFile(t, conf)
	for _, m := range tlsFileLine.FindAllStringSubmatch(text, -1) {
		if path.Dir(m[2]) != natsTLSDir {
			t.Errorf("%s: %s %s is not under %s, where deploy/k8s/nats.yaml mounts the Secret", conf, m[1], m[2], natsTLSDir)
		}
	}
	tlsDir := filepath.Join(dir, "tls")
	writeNATSCerts(t, tlsDir, certificateDNSNames(t))
	text = strings.ReplaceAll(text, natsTLSDir+"/", filepath.ToSlash(tlsDir)+"/")
	for name, body := range map[string]string{path.Base(conf): text, natsAuthConf: readFile(t, path.Join(path.Dir(conf), natsAuthConf))} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	opts, err := server.ProcessConfigFile(filepath.Join(dir, path.Base(conf)))
	if err != nil {
		t.Fatalf("%s: %v", conf, err)
	}
	return opts, filepath.Join(tlsDir, "ca.crt")
}

// certificate is the cert-manager Certificate writing the Secret nats-tls.
type certificate struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		SecretName string   `yaml:"secretName"`
		DNSNames   []string `yaml:"dnsNames"`
		Usages     []string `yaml:"usages"`
		IsCA       bool     `yaml:"isCA"`
	} `yaml:"spec"`
}

func natsCertificateSpec(t *testing.T) certificate {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(readFile(t, natsCertificate)))
	for {
		var c certificate
		err := dec.Decode(&c)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", natsCertificate, err)
		}
		if c.Kind == "Certificate" && !c.Spec.IsCA {
			return c
		}
	}
	t.Fatalf("%s has no Certificate for the NATS nodes", natsCertificate)
	return certificate{}
}

func certificateDNSNames(t *testing.T) []string { return natsCertificateSpec(t).Spec.DNSNames }

var (
	certsOnce sync.Once
	certFiles map[string][]byte
	certErr   error
)

// writeNATSCerts writes tls.crt, tls.key and ca.crt (a kubernetes.io/tls Secret's keys, as
// cert-manager writes them) to dir: a leaf for dnsNames and 127.0.0.1, for server and client
// auth, signed by a new CA. Made once per test run.
func writeNATSCerts(t *testing.T, dir string, dnsNames []string) {
	t.Helper()
	certsOnce.Do(func() { certFiles, certErr = makeCerts(dnsNames) })
	if certErr != nil {
		t.Fatal(certErr)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, b := range certFiles {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func makeCerts(dnsNames []string) (map[string][]byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "simpeg-nats-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "nats"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		DNSNames: dnsNames, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		"tls.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER}),
		"tls.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		"ca.crt":  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
	}, nil
}

// TestK8sNATSTLS checks TLS in the distributed deployment: the cluster configuration speaks TLS
// to clients and mutual TLS on routes; the StatefulSet mounts the certificate Secret where the
// configuration reads it; the Certificate (cert-manager) or the README's openssl commands make
// that Secret for every name the services dial and the routes use; the services dial tls://
// and trust the Secret's CA, mounted without the server's private key.
func TestK8sNATSTLS(t *testing.T) {
	m := loadManifests(t)
	readme := readFile(t, readmePath)
	setNATSKeys(t)
	t.Setenv("SERVER_NAME", "nats-0")
	opts, _ := loadNATSConf(t, natsConf)
	if opts.TLSConfig == nil {
		t.Errorf("%s: clients connect without TLS", natsConf)
	}
	if opts.Cluster.TLSConfig == nil || opts.Cluster.TLSConfig.ClientAuth != tls.RequireAndVerifyClientCert {
		t.Errorf("%s: routes should use mutual TLS (cluster tls with verify: true)", natsConf)
	}

	ss := m.statefulSets["nats"]
	if ss == nil {
		t.Fatal("no StatefulSet nats")
	}
	cert := natsCertificateSpec(t)
	for _, want := range []string{"server auth", "client auth"} {
		if !slices.Contains(cert.Spec.Usages, want) {
			t.Errorf("%s: Certificate %s lacks usage %q (services connect as clients, nodes route with it)", natsCertificate, cert.Metadata.Name, want)
		}
	}
	secret := ""
	for _, f := range []string{"tls.crt", "tls.key", "ca.crt"} {
		s, key, mode, ok := secretVolumeFile(ss.Spec.Template.Spec, ss.Spec.Template.Spec.Containers[0], path.Join(natsTLSDir, f))
		switch {
		case !ok:
			t.Errorf("StatefulSet nats: %s/%s is no file of a Secret mounted read-only", natsTLSDir, f)
		case key != f:
			t.Errorf("StatefulSet nats: %s/%s is key %s of Secret %s, want key %s", natsTLSDir, f, key, s, f)
		case f == "tls.key" && mode&0o007 != 0:
			t.Errorf("StatefulSet nats: the private key has mode %#o, readable by others", mode)
		}
		secret = s
	}
	if secret != cert.Spec.SecretName {
		t.Errorf("StatefulSet nats mounts Secret %s; %s writes %s", secret, natsCertificate, cert.Spec.SecretName)
	}
	recipe := secretRecipe(readme, secret)
	for _, f := range []string{"tls.crt", "tls.key", "ca.crt"} {
		if !strings.Contains(recipe, "--from-file="+f+"=") {
			t.Errorf("%s: the openssl path's command making Secret %s should pass --from-file=%s=…", readmePath, secret, f)
		}
	}
	if apply := "kubectl -n simpeg apply -f " + natsCertificate; !strings.Contains(readme, apply) {
		t.Errorf("%s should tell to run %q", readmePath, apply)
	}

	// The certificate's names cover every host a service dials and every route.
	leaf, err := x509.ParseCertificate(pemBlock(t, certFiles["tls.crt"]))
	if err != nil {
		t.Fatal(err)
	}
	hosts := map[string]bool{}
	for _, r := range opts.Routes {
		hosts[r.Hostname()] = true
	}
	for _, b := range databaseServices(t) {
		d := m.deployments[b.name]
		if d == nil {
			continue
		}
		pod, c := d.Spec.Template.Spec, d.Spec.Template.Spec.Containers[0]
		env := m.podEnv(t, b.name, c)
		for one := range strings.SplitSeq(env["SIMPEG_NATS_URL"], ",") {
			if u, err := url.Parse(strings.TrimSpace(one)); err == nil {
				hosts[u.Hostname()] = true
			}
		}
		ca := env["SIMPEG_NATS_CA_FILE"]
		s, key, _, ok := secretVolumeFile(pod, c, ca)
		if !ok || s != secret || key != "ca.crt" {
			t.Errorf("Deployment %s: SIMPEG_NATS_CA_FILE=%q should be key ca.crt of Secret %s, mounted read-only", b.name, ca, secret)
			continue
		}
		for _, v := range pod.Volumes {
			if v.Secret != nil && v.Secret.SecretName == secret && (len(v.Secret.Items) != 1 || v.Secret.Items[0].Key != "ca.crt") {
				t.Errorf("Deployment %s mounts more of Secret %s than ca.crt: the server's private key stays with NATS", b.name, secret)
			}
		}
	}
	for h := range hosts {
		if err := leaf.VerifyHostname(h); err != nil {
			t.Errorf("%s: the certificate's dnsNames %v do not cover %s: %v", natsCertificate, cert.Spec.DNSNames, h, err)
		}
	}
}

func pemBlock(t *testing.T, b []byte) []byte {
	t.Helper()
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("no PEM block")
	}
	return blk.Bytes
}

// TestNATSClusterConfServes runs a NATS server from deploy/nats/nats-cluster.conf as parsed
// (alone: no routes, ports of the test's choosing) and connects as the services do: planning
// with its seed over TLS trusting the CA publishes its events and is refused attendance's; a
// client without a key, or one that does not trust the CA, gets nowhere.
func TestNATSClusterConfServes(t *testing.T) {
	seedFile := filepath.Join(t.TempDir(), "planning.nk")
	pub, err := bus.LoadOrCreateSeed(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	setNATSKeys(t)
	t.Setenv(natsKeyEnv("planning"), pub)
	t.Setenv("SERVER_NAME", "nats-0")
	opts, caFile := loadNATSConf(t, natsConf)
	opts.Host, opts.Port, opts.HTTPPort = "127.0.0.1", -1, 0
	opts.Cluster, opts.Routes = server.ClusterOpts{}, nil
	opts.StoreDir = t.TempDir()
	opts.NoLog, opts.NoSigs = true, true
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	t.Cleanup(s.Shutdown)
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	addr := fmt.Sprintf("tls://127.0.0.1:%d", s.Addr().(*net.TCPAddr).Port)

	seedOpt, err := nats.NkeyOptionFromSeed(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	nc, err := nats.Connect(addr, seedOpt, nats.RootCAs(caFile), nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { errs <- err }))
	if err != nil {
		t.Fatalf("planning, with its seed and the CA: %v", err)
	}
	defer nc.Close()
	for _, c := range []struct {
		subject string
		refused bool
	}{{"simpeg.planning.employee.updated", false}, {"simpeg.attendance.checkin.recorded", true}} {
		if err := nc.Publish(c.subject, []byte("{}")); err != nil {
			t.Fatal(err)
		}
		if err := nc.Flush(); err != nil {
			t.Fatal(err)
		}
		var got error
		select {
		case got = <-errs:
		case <-time.After(500 * time.Millisecond):
		}
		if refused := errors.Is(got, nats.ErrPermissionViolation) || (got != nil && strings.Contains(got.Error(), "Permissions Violation")); refused != c.refused {
			t.Errorf("planning publishing %s: error %v, want refused %v", c.subject, got, c.refused)
		}
	}

	plain := strings.Replace(addr, "tls://", "nats://", 1)
	for _, c := range []struct {
		what, url string
		opts      []nats.Option
	}{
		{"no key", addr, []nats.Option{nats.RootCAs(caFile)}},
		{"the system's roots instead of the CA", addr, []nats.Option{seedOpt}},
		{"a nats:// URL and no CA", plain, []nats.Option{seedOpt}},
	} {
		if nc, err := nats.Connect(c.url, c.opts...); err == nil {
			nc.Close()
			t.Errorf("a client with %s connected", c.what)
		}
	}
}
