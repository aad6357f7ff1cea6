package load_test

import (
	"os"
	"testing"
	"time"

	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(clientEnv); url != "" {
		// This binary is the client TestKilledClient kills.
		os.Exit(killableClient(url, os.Getenv(clientDocEnv)))
	}
	pgtest.Main(m)
}

// Twenty annotators labeling at once for a few seconds: every
// acknowledged edit is in the database once. (BenchmarkLoad measures
// the same run over 60 s.)
func TestAnnotatorsAtOnce(t *testing.T) {
	url, docs := project(t, 20*perAnnotator)
	team, r := runAll(t, url, docs, 20, 3*time.Second, 20*time.Millisecond, nil)
	t.Log(r)
	if r.steps < 20 {
		t.Errorf("only %d edits in the run", r.steps)
	}
	if r.offline != 0 {
		t.Errorf("%d editors said they were offline with the server up", r.offline)
	}
	verify(t, url, team)
}

// The server stops at once (pg_ctl -m immediate, every connection cut)
// in the middle of the load and comes back a second later: the editors
// say they are offline, keep their edits, reconnect and send them; after
// the run nothing acknowledged is missing and nothing is doubled,
// although some commits' replies were lost with the connection.
func TestServerRestartDuringLoad(t *testing.T) {
	url, docs := project(t, 20*perAnnotator)
	team, r := runAll(t, url, docs, 20, 8*time.Second, 10*time.Millisecond, func() {
		time.Sleep(2 * time.Second)
		pgtest.ImmediateStop(t)
		t.Cleanup(func() { pgtest.Start(t) })
		time.Sleep(time.Second)
		pgtest.Start(t)
	})
	t.Log(r)
	if r.offline == 0 {
		t.Error("no editor said it was offline while the server was down")
	}
	if r.max < time.Second {
		t.Errorf("the slowest edit took %v: none waited for the server", r.max)
	}
	verify(t, url, team)
}
