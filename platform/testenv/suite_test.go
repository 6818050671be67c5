package testenv_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/testenv"
)

func TestForEachEngine(t *testing.T) {
	var (
		mu  sync.Mutex
		ran []testenv.Engine
	)
	t.Run("suite", func(t *testing.T) {
		testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
			if want := string(engine); t.Name() != "TestForEachEngine/suite/"+want {
				t.Errorf("subtest %s, want one named %s", t.Name(), want)
			}
			mu.Lock()
			ran = append(ran, engine)
			mu.Unlock()
		})
	})
	slices.Sort(ran)
	want := testenv.Engines(t)
	slices.Sort(want)
	if !slices.Equal(ran, want) {
		t.Errorf("ran on %v, want %v", ran, want)
	}
}

func TestRunSteps(t *testing.T) {
	var ran []string
	step := func(name string) testenv.Step {
		return testenv.Step{Name: name, Run: func(*testing.T) { ran = append(ran, name) }}
	}
	t.Run("in order", func(t *testing.T) {
		testenv.RunSteps(t, []testenv.Step{step("create"), step("update"), step("delete")})
	})
	if !slices.Equal(ran, []string{"create", "update", "delete"}) {
		t.Errorf("ran %v, want create, update, delete in order", ran)
	}
}
