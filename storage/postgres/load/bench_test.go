package load_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

// pace is the fastest an annotator labels for long: one edit every half
// second (a click or a drag, then a label key, with no reading between).
// People label slower on average (reading the text); a team of 20 at this
// pace offers 40 edits a second, the throughput issue 15 asks the server
// to take with room to spare.
const pace = 500 * time.Millisecond

// loadTime is how long each load run lasts: 60 s, or
// INKSPAN_LOAD_SECONDS.
func loadTime(b *testing.B) time.Duration {
	if s := os.Getenv("INKSPAN_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("INKSPAN_LOAD_SECONDS=%q: want a number of seconds", s)
		}
		return time.Duration(n) * time.Second
	}
	return time.Minute
}

// BenchmarkLoad is issue 15's load test: 20 simulated annotators, each a
// client with its own connections and editor, labeling at once for 60 s
// against a throwaway cluster on loopback (its socket), synchronous
// commit on. An edit is one step of the editor as the window takes it:
// the change, its edit ID in the ledger and the document's state read
// back, in one transaction, timed from the call to the acknowledgement.
// After each run every acknowledged edit is checked to be in the
// database exactly once.
//
//   - one: a single annotator, edits back to back: the floor of an
//     edit's latency and what one client can send.
//   - paced: 20 annotators, each an edit every 500 ms (pace): the latency
//     they see (target: p99 under 50 ms).
//   - flat: 20 annotators, edits back to back: the server's capacity,
//     reported as well as a multiple of one annotator's pace (target: at
//     least 20x).
//   - restart: paced, with the server stopped at once (pg_ctl -m
//     immediate) halfway and started again a second later; reports how
//     many editors said they were offline and the slowest edit.
//
// Each run is a minute, whatever b.N: run it with -benchtime 1x.
func BenchmarkLoad(b *testing.B) {
	d := loadTime(b)
	run := func(name string, n int, every time.Duration, fault func(b *testing.B)) {
		b.Run(name, func(b *testing.B) {
			url, docs := project(b, 20*perAnnotator)
			var during func()
			if fault != nil {
				during = func() { fault(b) }
			}
			b.ResetTimer()
			team, r := runAll(b, url, docs, n, d, every, during)
			b.StopTimer()
			verify(b, url, team)
			b.ReportMetric(ms(r.p50), "p50-ms")
			b.ReportMetric(ms(r.p99), "p99-ms")
			b.ReportMetric(ms(r.max), "max-ms")
			b.ReportMetric(ms(r.first), "first-ms")
			b.ReportMetric(r.perSecond(), "edits/s")
			// How many annotators at their fastest the run's throughput
			// would serve.
			b.ReportMetric(r.perSecond()*pace.Seconds(), "x-pace")
			if fault != nil {
				b.ReportMetric(float64(r.offline), "offline-clients")
			}
			b.Logf("%s: %v", name, r)
		})
	}
	run("one", 1, 0, nil)
	run("paced", 20, pace, nil)
	run("flat", 20, 0, nil)
	run("restart", 20, pace, func(b *testing.B) {
		time.Sleep(d / 2)
		pgtest.ImmediateStop(b)
		b.Cleanup(func() { pgtest.Start(b) })
		time.Sleep(time.Second)
		pgtest.Start(b)
	})
}
