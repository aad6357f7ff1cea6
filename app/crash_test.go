package app_test

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

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage"
)

// batchChildEnv names the project a re-executed test binary labels and
// unlabels, a batch at a time, until it is killed.
const batchChildEnv = "INKSPAN_BATCH_CHILD_PROJECT"

func TestMain(m *testing.M) {
	if path := os.Getenv(batchChildEnv); path != "" {
		os.Exit(runBatchChild(path))
	}
	os.Exit(m.Run())
}

const (
	batchWord = "Ankara and Moscow met in Idlib. "
	batchSize = 200
)

// labelAllCommand is what label all makes of "Ankara" in the document:
// one step of batchSize spans.
func labelAllCommand(doc string) edit.Command {
	cmds := make([]edit.Command, batchSize)
	for i := range cmds {
		at := i * len(batchWord)
		cmds[i] = edit.AddSpan(doc, "anna", model.Span{Start: at, End: at + 6, Label: "PLACE"}, "Ankara")
	}
	return edit.Batch("label all “Ankara”", cmds...)
}

// runBatchChild labels every "Ankara" in one step and undoes it, over and
// over, printing a line after each, as a window would on an annotator's
// label all and Ctrl+Z.
func runBatchChild(path string) int {
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	list, err := db.Documents(ctx, "anna")
	if err != nil || len(list) != 1 {
		fmt.Fprintln(os.Stderr, "want one document:", err)
		return 1
	}
	doc := list[0].ID
	// A kill may have left the batch in place: start from none, as the
	// previous round's undo would have.
	err = db.Write(ctx, func(tx app.WriteTx) error {
		spans, err := tx.Spans(ctx, doc, "anna")
		for _, s := range spans {
			if err == nil {
				err = tx.DeleteSpan(ctx, s.ID)
			}
		}
		if err != nil {
			return err
		}
		return tx.SetStatus(ctx, doc, "anna", model.StatusTodo)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	e := app.NewEditor(db)
	layer := app.Layer{Person: "anna"}
	for {
		if _, err := e.Do(ctx, doc, layer, labelAllCommand(doc)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("labeled")
		if _, _, err := e.Undo(ctx, doc, layer); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("undone")
	}
}

// TestKillDuringLabelAllLeavesAllOrNone kills a process with SIGKILL while
// it labels all and undoes it, at random moments, and checks that the
// project then holds the whole batch or none of it, with the status that
// goes with it.
func TestKillDuringLabelAllLeavesAllOrNone(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "batch.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := db.AddDocument(ctx, model.Document{Text: strings.Repeat(batchWord, batchSize)})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	seen := map[int]bool{}
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), batchChildEnv+"="+path)
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
		killAt := 3 + rand.IntN(6)
		n := 0
		deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
		for lines.Scan() {
			if n++; n == killAt {
				// Somewhere inside the next step, or between two.
				time.Sleep(time.Duration(rand.IntN(15000)) * time.Microsecond)
				cmd.Process.Kill()
			}
		}
		deadline.Stop()
		cmd.Wait()
		if n < killAt {
			t.Fatalf("round %d: the child stopped after %d steps: %s", round, n, stderr.String())
		}

		db, err := storage.Open(ctx, path, storage.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Fatal(err)
		}
		spans, err := db.Spans(ctx, doc, "anna")
		if err != nil {
			t.Fatal(err)
		}
		status, err := db.Status(ctx, doc, "anna")
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		switch {
		case len(spans) == 0 && status == model.StatusTodo, len(spans) == batchSize && status == model.StatusInProgress:
			seen[len(spans)] = true
		default:
			t.Fatalf("round %d: after the kill %d spans and status %s; want all %d (in progress) or none (todo)", round, len(spans), status, batchSize)
		}
	}
	t.Logf("states found after the kills: %v", seen)
}
