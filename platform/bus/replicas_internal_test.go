package bus

import "testing"

func TestKeepReplicas(t *testing.T) {
	for _, c := range []struct{ have, want, got int }{
		{1, 1, 1}, {1, 3, 3}, {3, 1, 3}, {3, 3, 3}, {5, 3, 5}, {2, 3, 3},
	} {
		if got := keepReplicas(c.have, c.want); got != c.got {
			t.Errorf("keepReplicas(have %d, want %d) = %d, want %d", c.have, c.want, got, c.got)
		}
	}
}
