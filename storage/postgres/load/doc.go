// Package load holds issue 15's load and fault tests of a team project,
// run against a throwaway PostgreSQL cluster (package pgtest) on
// loopback: 20 simulated annotators, each a client of its own (a pool of
// connections and an app.Editor, as on their own machine), labeling at
// once; the server restarted at once (pg_ctl -m immediate) in the middle
// of it; a client killed in the middle of an edit. After each, the
// database is compared with what every client was told was saved: each
// acknowledged edit is there exactly once.
//
// The package has only tests: the short runs that check correctness are
// tests (go test), the 60-second run that measures latency and
// throughput is BenchmarkLoad (make bench). They have a package of their
// own because restarting the server disturbs every test sharing it.
package load
