package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
)

// progress draws a one-line progress bar (or, without a known total, a
// counter) on a terminal, at most ten times a second so that drawing never
// slows the work it reports.
type progress struct {
	out   io.Writer
	what  string
	total int // 0 when unknown
	start time.Time
	last  time.Time
	n     int
}

func newProgress(out io.Writer, what string, total int) *progress {
	// what may name a file ("merging FILE"): see model.Printable.
	return &progress{out: out, what: model.Printable(what), total: total, start: time.Now()}
}

func (p *progress) update(n int) {
	p.n = n
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	rate := float64(n) / max(now.Sub(p.start).Seconds(), 1e-3)
	if p.total <= 0 {
		fmt.Fprintf(p.out, "\r%s: %d records, %.0f/s ", p.what, n, rate)
		return
	}
	const width = 30
	done := min(width, width*n/p.total)
	fmt.Fprintf(p.out, "\r%s [%s%s] %3d%% %d/%d records, %.0f/s ", p.what,
		strings.Repeat("#", done), strings.Repeat("-", width-done), 100*n/p.total, n, p.total, rate)
}

func (p *progress) finish() {
	fmt.Fprintf(p.out, "\r%s: %d records in %.1fs%s\n", p.what, p.n, time.Since(p.start).Seconds(), strings.Repeat(" ", 40))
}
