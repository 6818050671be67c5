package main

import (
	"os/exec"
	"strings"
	"testing"
)

// simpeg seed's choice between the city and the province, through the real binary: the help
// says what the province is and leaves out, and a command asking for both or neither says so.
// Loading the province itself (204,000 employees, about a minute) is a benchmark, not a test:
// docs/benchmarks.md, "Issue #13 §2".
func TestSeedProvinceFlag(t *testing.T) {
	bin := simpegBinary(t)
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"help", []string{"seed", "--help"}, []string{"-province", "North Sumatra", "204,000 employees", "only the registry and the offices"}},
		{"both", []string{"seed", "--demo", "--province"}, []string{"--demo and --province: pass one"}},
		{"neither", []string{"seed"}, []string{"nothing to load", "--province for North Sumatra's"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := exec.Command(bin, c.args...).CombinedOutput()
			if err == nil && c.name != "help" {
				t.Fatalf("simpeg %s succeeded:\n%s", strings.Join(c.args, " "), out)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("simpeg %s says\n%s\nwithout %q", strings.Join(c.args, " "), out, w)
				}
			}
		})
	}
}
