package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// portalRoles are the roles whose screens the walk visits, in the order that decides whose
// screenshot a shared screen gets (the first role that has it).
var portalRoles = []string{"employee", "supervisor", "agency-hr", "city-hr", "auditor"}

// portalScreen is an entry of the portal's table of screens (app/sections.js).
type portalScreen struct {
	Path string `json:"path"`
	Key  string `json:"key"`
}

// axeViolation is one failed rule of axe-core's report.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestPortalScreens walks every screen of every role (the entries of app/sections.js the role
// may open, read from the page itself) at phone and desktop size: each screen must settle, fit
// the width (no sideways scrolling of the page), pass axe-core's WCAG 2 A and AA rules without a
// serious or critical violation, and log no console error or uncaught exception. The main screens are saved as screenshots,
// <role>-<screen>-<phone|desktop>.png in docs/portal/screenshots (SIMPEG_SCREENSHOT_DIR).
func TestPortalScreens(t *testing.T) {
	p := portalFor(t)
	axe, err := os.ReadFile("testdata/web/axe.min.js")
	if err != nil {
		t.Fatalf("the vendored axe-core (make web): %v", err)
	}
	emp := p.person(t, "employee")
	owner := map[string]string{} // screen key → the role whose screenshot it gets

	for _, vp := range []viewport{phone, desktop} {
		t.Run("signin/"+vp.name, func(t *testing.T) {
			tt := p.open(t, vp)
			tt.goToSignIn()
			tt.axeCheck(t, string(axe), "the sign-in screen")
			tt.noProblems("the sign-in screen")
			tt.screenshot("signin-" + vp.name)
		})
	}
	for _, role := range portalRoles {
		for _, vp := range []viewport{phone, desktop} {
			t.Run(role+"/"+vp.name, func(t *testing.T) {
				who := p.person(t, role)
				tt := p.open(t, vp)
				tt.signIn(who.NIP, role)
				tt.noProblems("signing in")
				var screens []portalScreen
				raw := eval[string](tt, `import('/app/sections.js').then(m => JSON.stringify(m.sections
					.filter(s => s.roles.includes(`+js(role)+`)).map(s => ({ path: s.path, key: s.key }))))`)
				if err := json.Unmarshal([]byte(raw), &screens); err != nil || len(screens) == 0 {
					t.Fatalf("the screens of %s from app/sections.js: %v %s", role, err, raw)
				}
				for _, s := range screens {
					path := strings.ReplaceAll(s.Path, ":nip", emp.NIP)
					start := time.Now()
					tt.goTo(path)
					if h := tt.textOf("main h1"); h == "" || strings.Contains(tt.textOf("main"), "Halaman ini tidak untuk peran Anda.") {
						t.Errorf("%s as %s: no screen (heading %q)", path, role, h)
					}
					if over := eval[int](tt, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
						t.Errorf("%s as %s: the page is %d px wider than the %d px %s (it scrolls sideways)", path, role, over, vp.width, vp.name)
					}
					tt.axeCheck(t, string(axe), path+" as "+role)
					tt.noProblems(path + " as " + role)
					if o, ok := owner[s.Key]; !ok || o == role {
						owner[s.Key] = role
						tt.screenshot(fmt.Sprintf("%s-%s-%s", role, s.Key, vp.name))
					}
					t.Logf("%s as %s (%s): %s", path, role, vp.name, time.Since(start).Round(time.Millisecond))
				}
			})
		}
	}
}

// goToSignIn opens the portal signed out and waits for the sign-in screen's people.
func (tt *tab) goToSignIn() {
	tt.tb.Helper()
	tt.goTo("/")
	tt.waitJS("the sign-in screen's people", `!!document.querySelector('ul.people button.person')`, 20*time.Second)
}

// axeCheck runs axe-core (WCAG 2 A and AA) on the page and fails on serious or critical
// violations, naming the rule, its help and the elements.
func (tt *tab) axeCheck(t *testing.T, axe, what string) {
	t.Helper()
	if !eval[bool](tt, `typeof window.axe === 'object'`) {
		eval[bool](tt, axe+"\n;true")
	}
	raw := eval[string](tt, `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
		.then(r => JSON.stringify(r.violations))`)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe on %s: %v", what, err)
	}
	for _, v := range vs {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		if len(targets) > 5 {
			targets = append(targets[:5], fmt.Sprintf("… %d more", len(v.Nodes)-5))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s — %s", what, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
