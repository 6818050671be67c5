package outbox

import "time"

// SetClock replaces the clock that stamps created_at, for tests of commit order.
func SetClock(o *Outbox, now func() time.Time) { o.now = now }
