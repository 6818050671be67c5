package testenv

import "testing"

// ForEachEngine runs f as a parallel subtest of t, named after the engine, on each engine of
// Engines: the shape of every suite that runs on both databases.
func ForEachEngine(t *testing.T, f func(t *testing.T, engine Engine)) {
	t.Helper()
	for _, engine := range Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f(t, engine)
		})
	}
}

// Step is one named step of a suite whose steps build on each other.
type Step struct {
	Name string
	Run  func(t *testing.T)
}

// RunSteps runs steps in order, each as a subtest of t, and stops at the first that fails:
// the later steps build on what it should have left.
func RunSteps(t *testing.T, steps []Step) {
	t.Helper()
	for _, s := range steps {
		if !t.Run(s.Name, s.Run) {
			t.FailNow()
		}
	}
}
