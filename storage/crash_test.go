package storage_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// crashChildEnv names the project a re-executed test binary writes to until
// it is killed.
const crashChildEnv = "INKSPAN_CRASH_CHILD_PROJECT"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		os.Exit(runCrashChild(path))
	}
	if path := os.Getenv(checkpointChildEnv); path != "" {
		os.Exit(runCheckpointChild(path))
	}
	code := m.Run()
	// The benchmarks share one generated corpus and project per run (a few
	// hundred MB): they go with the run.
	if benchFile != "" {
		os.RemoveAll(filepath.Dir(benchFile))
	}
	os.Exit(code)
}

// runCrashChild adds spans and status changes as fast as it can, printing
// "ack ID" after each call returns: the moment the change is acknowledged.
func runCrashChild(path string) int {
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	list, err := db.Documents(ctx, "crash")
	if err != nil || len(list) == 0 {
		fmt.Fprintln(os.Stderr, "no document", err)
		return 1
	}
	st, err := db.Stats(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	// Span i is unique and overlaps none: an earlier round's spans stay valid.
	for i := st.Spans; ; i++ {
		doc := list[i%len(list)]
		s, err := db.AddSpan(ctx, doc.ID, "crash", model.Span{Start: i / len(list), End: i/len(list) + 1, Label: labels[i%3]})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintf(out, "ack %s\n", s.ID)
		out.Flush()
		if i%7 == 0 {
			if err := db.SetStatus(ctx, doc.ID, "crash", model.StatusSkipped); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
	}
}

// TestKillDuringWritesLosesNothing kills a writing process with SIGKILL at a
// random moment and checks that the file is sound and holds every span the
// process had acknowledged.
func TestKillDuringWritesLosesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("Ünïcödé 🇹🇷 text ", 400)
	for i := 0; i < 3; i++ {
		mustAddDocument(t, db, fmt.Sprintf("%d %s", i, text))
	}
	db.Close()

	var acked []string
	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		killAt := 30 + rand.IntN(60)
		n := 0
		deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
		for lines.Scan() {
			id, ok := strings.CutPrefix(lines.Text(), "ack ")
			if !ok {
				t.Fatalf("child said %q", lines.Text())
			}
			acked = append(acked, id)
			if n++; n == killAt {
				// The child is inside its next write now, or about to be.
				time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
				cmd.Process.Kill()
			}
		}
		deadline.Stop()
		cmd.Wait()
		if n < killAt {
			t.Fatalf("round %d: child stopped after %d acks: %s", round, n, stderr.String())
		}
	}

	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	list, _ := db.Documents(ctx, "crash")
	for _, d := range list {
		spans, err := db.Spans(ctx, d.ID, "crash")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range spans {
			stored[s.ID] = true
		}
	}
	for _, id := range acked {
		if !stored[id] {
			t.Fatalf("acknowledged span %s is missing after the kill (%d acknowledged, %d stored)", id, len(acked), len(stored))
		}
	}
	t.Logf("%d acknowledged spans over 3 kills, %d stored", len(acked), len(stored))
}
