package main

// The harness of the portal's browser tests (portal_*_test.go): the real all-in-one binary,
// started once per test binary run and seeded with the demo data, and headless Chromium driven
// through chromedp, one fresh profile per person, at phone or desktop size.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// TestMain stops the portal suite the browser tests shared, if one was started.
func TestMain(m *testing.M) {
	code := m.Run()
	stopPortal()
	os.Exit(code)
}

// wib is Medan's time zone, the demo offices' zone (WIB, UTC+7).
var wib = time.FixedZone("WIB", 7*3600)

// portalSuite is the running binary the browser tests share: `simpeg run` on SQLite (the embedded
// defaults) with the embedded NATS, seeded with `simpeg seed --demo`.
type portalSuite struct {
	*suite             // base URL and signer, for API calls (suite.do, suite.token)
	dir      string    // its data directory
	cmd      *exec.Cmd // the simpeg run process
	logs     *servicemaintest.Buffer
	chromium string         // the browser's executable
	people   []portalPerson // the local sign-in screen's suggested people of DISKOMINFO
	office   portalOffice   // DISKOMINFO's office, where the employee checks in
	seedTook time.Duration
}

// portalPerson is one suggested person of the local sign-in screen (GET /auth/local/people).
type portalPerson struct {
	NIP    string `json:"nip"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Agency string `json:"agency"`
	Label  string `json:"label"`
}

// portalOffice is an office as GET /v1/offices returns it.
type portalOffice struct {
	Name      string  `json:"name"`
	ID        string  `json:"id"`
	Agency    string  `json:"agency"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

var (
	portalOnce   sync.Once
	portalShared *portalSuite
	portalErr    error
)

// portalFor returns the shared portal suite, starting it on the first call. Without a browser it
// skips, except under CI=true, where a missing browser fails the test.
func portalFor(tb testing.TB) *portalSuite {
	tb.Helper()
	if testing.Short() {
		tb.Skip("starts the binary with the demo data and a browser; skipped with -short")
	}
	chromium, err := findChromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true and no browser for the portal tests: %v (.ci/run installs Debian's chromium)", err)
		}
		tb.Skipf("no browser for the portal tests: %v; install Debian's chromium (apt-get install -y chromium) to run them", err)
	}
	portalOnce.Do(func() {
		portalErr = errors.New("the portal suite did not start; see the first portal test's failure")
		portalShared, portalErr = startPortal(tb, chromium)
	})
	if portalErr != nil {
		tb.Fatalf("portal suite: %v", portalErr)
	}
	return portalShared
}

// findChromium looks for Debian's chromium, then other names on PATH; SIMPEG_CHROMIUM overrides.
func findChromium() (string, error) {
	if p := os.Getenv("SIMPEG_CHROMIUM"); p != "" {
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("neither /usr/bin/chromium nor chromium, chromium-browser or google-chrome on PATH")
}

// startPortal builds and starts the binary on its own directory and free ports, seeds the demo
// data, makes sure DISKOMINFO has an office, and reads the sign-in screen's people.
func startPortal(tb testing.TB, chromium string) (*portalSuite, error) {
	bin := simpegBinary(tb)
	dir, err := os.MkdirTemp("", "simpeg-portal-test")
	if err != nil {
		return nil, err
	}
	var ports []string
	for range 4 {
		l, err := netListen()
		if err != nil {
			return nil, err
		}
		ports = append(ports, l.Addr().String())
		l.Close()
	}
	env := append(os.Environ(),
		"SIMPEG_DATA_DIR="+dir, "SIMPEG_HTTP_ADDR="+ports[0], "SIMPEG_PLANNING_GRPC_ADDR="+ports[1], "SIMPEG_ATTENDANCE_GRPC_ADDR="+ports[2],
		"SIMPEG_EMBEDDED_NATS_ADDR="+ports[3], "SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_ATTENDANCE_METRICS_ADDR=", "SIMPEG_GATEWAY_METRICS_ADDR=",
		"SIMPEG_PLANNING_DATABASE_URL=", "SIMPEG_ATTENDANCE_DATABASE_URL=", "SIMPEG_NATS_URL=", "SIMPEG_AUTH_JWKS_URL=", "SIMPEG_LOG_LEVEL=warn",
		"SIMPEG_TRAINING_GRPC_ADDR=127.0.0.1:0", "SIMPEG_TRAINING_METRICS_ADDR=", "SIMPEG_TRAINING_DATABASE_URL=",
		"SIMPEG_EVALUATION_GRPC_ADDR=127.0.0.1:0", "SIMPEG_EVALUATION_METRICS_ADDR=", "SIMPEG_EVALUATION_DATABASE_URL=")
	p := &portalSuite{dir: dir, chromium: chromium, logs: &servicemaintest.Buffer{}}
	p.cmd = exec.Command(bin, "run")
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting simpeg run: %w", err)
	}
	portalShared = p // so that TestMain stops it whatever happens next
	base := "http://" + ports[0]
	if err := waitHTTP(base+"/readyz", 60*time.Second); err != nil {
		return nil, fmt.Errorf("simpeg run: %w\n%s", err, p.logs.String())
	}

	start := time.Now()
	seed := exec.Command(bin, "seed", "--demo", "--url", base)
	seed.Env = env
	if out, err := seed.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("simpeg seed --demo: %w\n%s", err, out)
	}
	p.seedTook = time.Since(start)
	tb.Logf("portal suite at %s: simpeg seed --demo took %s", base, p.seedTook.Round(time.Second))

	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		return nil, err
	}
	p.suite = &suite{base: base, signer: signer}

	resp, err := http.Get(base + "/auth/local/people?agency=DISKOMINFO")
	if err != nil {
		return nil, err
	}
	var people struct {
		People []portalPerson `json:"people"`
	}
	err = json.NewDecoder(resp.Body).Decode(&people)
	resp.Body.Close()
	if resp.StatusCode != 200 || err != nil {
		return nil, fmt.Errorf("GET /auth/local/people?agency=DISKOMINFO: status %d, %v (the local sign-in of the all-in-one binary)", resp.StatusCode, err)
	}
	p.people = people.People
	for _, role := range []string{"employee", "supervisor", "agency-hr", "city-hr", "auditor"} {
		if _, ok := p.personOK(role); !ok {
			return nil, fmt.Errorf("the sign-in screen suggests no %s: %+v", role, p.people)
		}
	}
	if err := p.prepareOffice(tb); err != nil {
		return nil, err
	}
	// Attendance's directory copy of the demo employees: the employee's expected day answers.
	emp, _ := p.personOK("employee")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		r := p.do(tb, "GET", "/v1/employees/"+emp.NIP+"/expectedDays/"+time.Now().In(wib).Format(time.DateOnly), p.cityHR(tb), nil)
		if r.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("attendance does not know the employee %s 2 minutes after the seed: %d %s", emp.NIP, r.status, r.raw)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return p, nil
}

// prepareOffice reads DISKOMINFO's office, creating one at the Kominfo office's coordinates when
// the demo data has none.
func (p *portalSuite) prepareOffice(tb testing.TB) error {
	r := p.do(tb, "GET", "/v1/offices?agency=DISKOMINFO", p.cityHR(tb), nil)
	var list struct {
		Offices []portalOffice `json:"offices"`
	}
	if r.status != 200 || json.Unmarshal(r.raw, &list) != nil {
		return fmt.Errorf("GET /v1/offices?agency=DISKOMINFO: %d %s", r.status, r.raw)
	}
	if len(list.Offices) == 0 {
		c := p.do(tb, "POST", "/v1/offices?officeId=kominfo", p.cityHR(tb), map[string]any{
			"displayName": "Kantor Dinas Kominfo, Jl. Kapten Maulana Lubis", "agency": "DISKOMINFO", "latitude": 3.5896, "longitude": 98.6739, "radiusMeters": 100,
		})
		if c.status != 200 {
			return fmt.Errorf("creating DISKOMINFO's office: %d %s", c.status, c.raw)
		}
		var o portalOffice
		if err := json.Unmarshal(c.raw, &o); err != nil {
			return err
		}
		list.Offices = append(list.Offices, o)
	}
	p.office = list.Offices[0]
	return nil
}

func stopPortal() {
	p := portalShared
	if p == nil || p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
	_ = os.RemoveAll(p.dir)
}

func waitHTTP(u string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer 200 within %s (last error %v)", u, limit, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *portalSuite) personOK(role string) (portalPerson, bool) {
	for _, x := range p.people {
		if x.Role == role {
			return x, true
		}
	}
	return portalPerson{}, false
}

// person is the sign-in screen's first suggested person with role.
func (p *portalSuite) person(tb testing.TB, role string) portalPerson {
	tb.Helper()
	x, ok := p.personOK(role)
	if !ok {
		tb.Fatalf("no %s among the sign-in screen's people", role)
	}
	return x
}

func (p *portalSuite) cityHR(tb testing.TB) string {
	return p.token(tb, auth.RoleCityHR, "", "portal-test-city-hr")
}

// tokenOf is a token for x in the role the sign-in screen gives them (agency-hr of their agency).
func (p *portalSuite) tokenOf(tb testing.TB, x portalPerson, role string) string {
	agency := x.Agency
	if agency == "" {
		agency = "DISKOMINFO"
	}
	return p.token(tb, auth.Role(role), agency, x.NIP)
}

// viewport is a browser size: a phone (mobile emulation, touch) or a desktop.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var (
	phone   = viewport{"phone", 360, 740, true}
	desktop = viewport{"desktop", 1280, 900, false}
)

// tab is one person's browser: its own Chromium process and profile, one page.
type tab struct {
	tb    testing.TB
	p     *portalSuite
	ctx   context.Context
	close func() // ends the browser (also done when tb ends)
	vp    viewport

	mu       sync.Mutex
	problems []string                     // uncaught exceptions and console errors since the last takeProblems
	offline  bool                         // the network is cut on purpose: the browser's network errors are expected
	bytes    float64                      // encoded bytes of finished requests since the last resetBytes
	finished int                          // requests finished since the last resetBytes
	inflight map[network.RequestID]string // URL by request, until it finishes or fails
	loaded   []string                     // "URL bytes" of the requests finished since resetBytes
}

// open starts a browser with a fresh profile at size vp. It is closed when tb ends.
func (p *portalSuite) open(tb testing.TB, vp viewport) *tab {
	tb.Helper()
	tt := &tab{tb: tb, p: p, vp: vp, inflight: map[network.RequestID]string{}}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(p.chromium), chromedp.UserDataDir(tb.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("lang", "id-ID"), chromedp.Flag("accept-lang", "id-ID,id"), chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(int(vp.width), int(vp.height)),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(tt.listen))
	tt.ctx, tt.close = ctx, sync.OnceFunc(func() { cancel(); acancel() })
	tb.Cleanup(tt.close)
	vopts := []chromedp.EmulateViewportOption{}
	if vp.mobile {
		vopts = append(vopts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	// A phone or desktop in Medan: the viewport, Indonesian as the locale, WIB as the zone.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, vopts...), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "id_ID"}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Jakarta"})
		return err
	})); err != nil {
		tb.Fatalf("starting %s: %v", p.chromium, err)
	}
	return tt
}

// listen runs in the tab's event loop: it keeps exceptions, console errors and byte counts.
func (tt *tab) listen(ev any) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		tt.problems = append(tt.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Description != "" {
				parts = append(parts, a.Description)
			} else {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			}
		}
		tt.problems = append(tt.problems, "console.error: "+strings.Join(parts, " "))
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e == nil || e.Level != cdplog.EntryLevelError {
			return
		}
		if e.Source == cdplog.EntrySourceNetwork && (tt.offline || strings.Contains(e.Text, "ERR_INTERNET_DISCONNECTED")) {
			return // a request made while the network is cut on purpose
		}
		tt.problems = append(tt.problems, fmt.Sprintf("browser %s error: %s %s", e.Source, e.Text, e.URL))
	case *network.EventRequestWillBeSent:
		tt.inflight[ev.RequestID] = ev.Request.URL
	case *network.EventLoadingFinished:
		tt.bytes += ev.EncodedDataLength
		tt.finished++
		tt.loaded = append(tt.loaded, fmt.Sprintf("%s %.0f", strings.TrimPrefix(tt.inflight[ev.RequestID], tt.p.base), ev.EncodedDataLength))
		delete(tt.inflight, ev.RequestID)
	case *network.EventLoadingFailed:
		delete(tt.inflight, ev.RequestID)
	}
}

// takeProblems returns the exceptions and console errors seen since the last call.
func (tt *tab) takeProblems() []string {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	out := tt.problems
	tt.problems = nil
	return out
}

// noProblems fails the test with the exceptions and console errors seen on what.
func (tt *tab) noProblems(what string) {
	tt.tb.Helper()
	if ps := tt.takeProblems(); len(ps) > 0 {
		tt.tb.Errorf("%s: %d console errors or exceptions:\n  %s", what, len(ps), strings.Join(ps, "\n  "))
	}
}

// run runs steps with a time limit; a failure fails the test, saying what was being done.
func (tt *tab) run(what string, limit time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	tt.tb.Helper()
	ctx, cancel := context.WithTimeout(tt.ctx, limit)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tt.tb.Fatalf("%s: %v\n%s", what, err, tt.diagnosis())
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) and decodes its value.
func eval[T any](tt *tab, expr string) T {
	tt.tb.Helper()
	ctx, cancel := context.WithTimeout(tt.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tt.tb.Fatalf("evaluating %.120s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript expression until it is truthy.
func (tt *tab) waitJS(what, expr string, limit time.Duration) {
	tt.tb.Helper()
	ctx, cancel := context.WithTimeout(tt.ctx, limit)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(limit))); err != nil {
		tt.tb.Fatalf("waiting for %s: %v\n%s", what, err, tt.diagnosis())
	}
}

// diagnosis is what a failure message shows: the console errors so far and the page's text.
func (tt *tab) diagnosis() string {
	var b strings.Builder
	if ps := tt.takeProblems(); len(ps) > 0 {
		b.WriteString("console errors and exceptions:\n  " + strings.Join(ps, "\n  ") + "\n")
	}
	b.WriteString("page: " + strings.Join(strings.Fields(tt.bodyText()), " "))
	return b.String()
}

// bodyText is the page's visible text, for failure messages.
func (tt *tab) bodyText() string {
	ctx, cancel := context.WithTimeout(tt.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search + '\n' + (document.body ? document.body.innerText : '')`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}

// sel is a CSS selector for a data-test hook.
func sel(hook string) chromedp.CSS { return chromedp.CSS(`[data-test="` + hook + `"]`) }

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// textOf is the visible text of the first element matching css (empty when none).
func (tt *tab) textOf(css string) string {
	tt.tb.Helper()
	return eval[string](tt, `(() => { const e = document.querySelector(`+js(css)+`); return e ? e.innerText.trim() : '' })()`)
}

// hookText waits for a data-test hook to be visible and returns its text.
func (tt *tab) hookText(hook string) string {
	tt.tb.Helper()
	tt.run("waiting for "+hook, 20*time.Second, chromedp.WaitVisible(sel(hook)))
	return tt.textOf(`[data-test="` + hook + `"]`)
}

// setField sets an input, select or textarea's value as a person would and fires input and change.
func (tt *tab) setField(css, value string) {
	tt.tb.Helper()
	tt.run("waiting for "+css, 20*time.Second, chromedp.WaitVisible(chromedp.CSS(css)))
	got := eval[string](tt, `(() => { const e = document.querySelector(`+js(css)+`); e.focus();
		const proto = e instanceof HTMLSelectElement ? HTMLSelectElement.prototype : e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
		Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, `+js(value)+`);
		e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true }));
		return e.value })()`)
	if got != value {
		tt.tb.Fatalf("setting %s to %q: it holds %q", css, value, got)
	}
}

// goTo loads path (a full page load) and waits for the screen to settle.
func (tt *tab) goTo(path string) {
	tt.tb.Helper()
	tt.run("opening "+path, 30*time.Second, chromedp.Navigate(tt.p.base+path))
	tt.settle(path)
}

// settle waits until the shell shows a screen (a heading in main, or the error of a screen that
// could not load) and no loading indicator, twice in a row 200 ms apart.
func (tt *tab) settle(what string) {
	tt.tb.Helper()
	tt.waitJS(what+" to settle", `(() => {
		const shown = document.querySelector('main h1, main .alert-error');
		const ready = !!shown && !document.querySelector('main .loading, main [aria-busy="true"]');
		const now = performance.now();
		if (!ready) { window.__simpegSettled = 0; return false; }
		if (!window.__simpegSettled) { window.__simpegSettled = now; return false; }
		return now - window.__simpegSettled >= 200;
	})()`, 30*time.Second)
}

// signIn signs in through the local sign-in screen: it clicks the suggested person when nip is
// one of them in that role, and uses the NIP and role form otherwise. It waits for the shell.
func (tt *tab) signIn(nip, role string) {
	tt.tb.Helper()
	tt.run("opening the sign-in screen", 30*time.Second, chromedp.Navigate(tt.p.base+"/"))
	if eval[bool](tt, `!!document.querySelector('header.top')`) {
		tt.signOut()
	}
	tt.run("waiting for the sign-in screen's people", 30*time.Second, chromedp.WaitVisible(chromedp.CSS("ul.people button.person")))
	i := slices.IndexFunc(tt.p.people, func(x portalPerson) bool { return x.NIP == nip && x.Role == role })
	if i >= 0 {
		tt.run("clicking "+nip+" as "+role, 20*time.Second, chromedp.Click(chromedp.CSS(fmt.Sprintf("ul.people > li:nth-child(%d) button.person", i+1))))
	} else {
		tt.run("opening the NIP and role form", 10*time.Second, chromedp.Click(chromedp.CSS("details.manual > summary")))
		tt.setField(`details.manual input[name="nip"]`, nip)
		tt.setField(`details.manual select[name="role"]`, role)
		tt.run("signing in as "+nip, 20*time.Second, chromedp.Click(chromedp.CSS(`details.manual button[type="submit"]`)))
	}
	tt.run("waiting for the shell after signing in", 30*time.Second, chromedp.WaitVisible(chromedp.CSS("header.top")))
	tt.settle("the first screen after signing in")
	who := eval[string](tt, `fetch('/auth/session').then(r => r.json()).then(s => s.subject + ' ' + s.roles.join(','))`)
	if who != nip+" "+role {
		tt.tb.Fatalf("signed in as %q, want %q", who, nip+" "+role)
	}
}

// signOut presses the header's sign-out (switch user) button.
func (tt *tab) signOut() {
	tt.tb.Helper()
	tt.run("signing out", 20*time.Second, chromedp.Click(chromedp.CSS("header.top .top-actions button:last-child")),
		chromedp.WaitVisible(chromedp.CSS("main.signin")))
}

// geolocation grants (or denies) the location permission to the portal's origin and, when
// granted, puts the device at lat, lon with a 10 m accuracy.
func (tt *tab) geolocation(granted bool, lat, lon float64) {
	tt.tb.Helper()
	setting := browser.PermissionSettingDenied
	if granted {
		setting = browser.PermissionSettingGranted
	}
	ctx, cancel := context.WithTimeout(tt.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: setting, Origin: tt.p.base,
	}); err != nil {
		tt.tb.Fatalf("setting the geolocation permission: %v", err)
	}
	acc := 10.0
	if _, err := chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc}); err != nil {
		tt.tb.Fatalf("setting the device's location: %v", err)
	}
}

// setOffline cuts (or restores) the tab's network, the service worker's included, and tells
// the page (navigator.onLine and its online/offline events).
func (tt *tab) setOffline(offline bool) {
	tt.tb.Helper()
	tt.mu.Lock()
	tt.offline = offline
	tt.mu.Unlock()
	ctx, cancel := context.WithTimeout(tt.ctx, 10*time.Second)
	defer cancel()
	rules := []*network.Conditions{}
	if offline {
		rules = append(rules, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		tt.tb.Fatalf("network.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: rules,
	}); err != nil {
		tt.tb.Fatalf("emulating the network (offline=%v): %v", offline, err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		tt.tb.Fatalf("overriding the network state (offline=%v): %v", offline, err)
	}
}

// screenshot saves the page as name.png under the screenshot directory (docs/portal/screenshots,
// or SIMPEG_SCREENSHOT_DIR): the tab's width, and the page's height up to three phone screens or
// two desktop screens.
func (tt *tab) screenshot(name string) {
	tt.tb.Helper()
	dir := os.Getenv("SIMPEG_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "docs", "portal", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tt.tb.Fatal(err)
	}
	limit := 2 * tt.vp.height
	if tt.vp.mobile {
		limit = 3 * tt.vp.height
	}
	// No caret or focus ring of the last click in the picture.
	height := eval[int64](tt, `(document.activeElement && document.activeElement.blur && document.activeElement.blur(),
		Math.ceil(document.documentElement.scrollHeight))`)
	ctx, cancel := context.WithTimeout(tt.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: new(true),
		Clip: &page.Viewport{Width: float64(tt.vp.width), Height: float64(min(max(height, tt.vp.height), limit)), Scale: 1},
	})
	if err != nil {
		tt.tb.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), res.Data, 0o644); err != nil {
		tt.tb.Fatal(err)
	}
}

// today is today's date in WIB.
func today() time.Time {
	n := time.Now().In(wib)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, wib)
}

// apiJSON calls the API with a token, wants status want, and decodes the body into v.
func (p *portalSuite) apiJSON(tb testing.TB, method, path, token string, body any, want int, v any) {
	tb.Helper()
	r := p.do(tb, method, path, token, body)
	if r.status != want {
		tb.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, want, r.raw)
	}
	if v != nil {
		if err := json.Unmarshal(r.raw, v); err != nil {
			tb.Fatalf("%s %s: decoding %s: %v", method, path, r.raw, err)
		}
	}
}

// q escapes a query value.
func q(s string) string { return url.QueryEscape(s) }
