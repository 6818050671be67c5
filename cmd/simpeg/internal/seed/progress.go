package seed

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressInterval is the least time between two redraws of the progress line.
const progressInterval = 100 * time.Millisecond

// progressBarWidth is the number of cells of the bar.
const progressBarWidth = 24

// progress draws a one-line progress bar, rewritten in place with a carriage return:
//
//	employees [##########..............]  8000/20548  38.9%   4120/s   1.9s
//
// A nil *progress draws nothing.
type progress struct {
	w     io.Writer
	now   func() time.Time
	mu    sync.Mutex
	phase string
	total int
	done  int
	start time.Time
	last  time.Time
	width int // length of the last line drawn, to blank out leftovers
}

// newProgress returns a progress bar writing to w, or nil when w is nil.
func newProgress(w io.Writer) *progress {
	if w == nil {
		return nil
	}
	return &progress{w: w, now: time.Now}
}

// begin starts a phase of total items and draws it.
func (p *progress) begin(phase string, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.phase, p.total, p.done = phase, total, 0
	p.start = p.now()
	p.draw(p.start)
}

// add records n more items done and redraws if the last redraw is old enough.
func (p *progress) add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if now := p.now(); now.Sub(p.last) >= progressInterval {
		p.draw(now)
	}
}

// end draws the phase's final state and moves to a new line.
func (p *progress) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(p.now())
	_, _ = io.WriteString(p.w, "\n")
	p.width = 0
}

// draw writes the line; the caller holds p.mu. Write errors are ignored: progress is a
// courtesy and must not fail a load.
func (p *progress) draw(now time.Time) {
	p.last = now
	elapsed := now.Sub(p.start)
	frac := 1.0
	if p.total > 0 {
		frac = min(1, float64(p.done)/float64(p.total))
	}
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(p.done) / s
	}
	filled := int(frac * progressBarWidth)
	bar := strings.Repeat("#", filled) + strings.Repeat(".", progressBarWidth-filled)
	line := fmt.Sprintf("%-9s [%s] %6d/%-6d %5.1f%% %7.0f/s %6.1fs",
		p.phase, bar, p.done, p.total, 100*frac, rate, elapsed.Seconds())
	pad := ""
	if len(line) < p.width {
		pad = strings.Repeat(" ", p.width-len(line))
	}
	p.width = len(line)
	_, _ = io.WriteString(p.w, "\r"+line+pad)
}
