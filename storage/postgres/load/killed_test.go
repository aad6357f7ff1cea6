package load_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/jackc/pgx/v5"
)

// The killable client is this test binary run again with these set.
const (
	clientEnv    = "INKSPAN_LOAD_CLIENT_URL"
	clientDocEnv = "INKSPAN_LOAD_CLIENT_DOC"
	clientName   = "killed"
	block        = 5 // spans in one step of the killable client
)

// killableClient labels the document back to back, each step a block of
// five adjacent words labeled at once (one undo step, one transaction, as
// label all makes), and prints the number of each block once the editor
// says it is saved. It runs until it is killed.
func killableClient(url, doc string) int {
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	e := app.NewEditor(db)
	layer := app.Layer{Person: clientName}
	for b := 0; ; b++ {
		cmds := make([]edit.Command, block)
		for i := range block {
			w := b*block + i
			cmds[i] = edit.AddSpan(doc, clientName, model.Span{Start: wordAt(w), End: wordAt(w) + 6, Label: "PLACE"}, "")
		}
		if _, err := e.Do(ctx, doc, layer, edit.Batch("label a block", cmds...)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(b)
	}
}

// A client killed (SIGKILL) in the middle of its edits leaves the
// database consistent: its steps are there whole or not at all, every
// one it was told was saved is there, the ledger agrees, and the write
// lock it may have held is free for the next writer.
func TestKilledClient(t *testing.T) {
	ctx := context.Background()
	url, docs := project(t, 1)
	for round := range 3 {
		name := fmt.Sprintf("round %d", round)
		// Each round labels its own set: the client of round r is a
		// new annotator, so the checks below see one client's work.
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), clientEnv+"="+url, clientDocEnv+"="+docs[0])
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := -1
		lines := bufio.NewScanner(out)
		// Kill it after a random number of saved blocks, at whatever
		// it is doing then: mostly inside a step.
		killAt := 10 + rand.N(20) // blocks: the document holds 40
		for acked < killAt && lines.Scan() {
			acked, err = strconv.Atoi(lines.Text())
			if err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(time.Duration(rand.N(2000)) * time.Microsecond)
		cmd.Process.Kill()
		for lines.Scan() {
			// Saved before the kill took effect.
			if acked, err = strconv.Atoi(lines.Text()); err != nil {
				t.Fatal(err)
			}
		}
		cmd.Wait()
		if acked < killAt {
			t.Fatalf("%s: the client stopped after block %d of its own accord", name, acked)
		}
		checkKilled(t, url, docs[0], acked+1)
		// The next round's client starts where this one's set is: clear
		// it, so each round counts its own blocks.
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = db.Write(wctx, func(tx app.WriteTx) error {
			spans, err := tx.Spans(wctx, docs[0], clientName)
			if err != nil {
				return err
			}
			for _, s := range spans {
				if err := tx.DeleteSpan(wctx, s.ID); err != nil {
					return err
				}
			}
			return nil
		})
		cancel()
		db.Close()
		if err != nil {
			t.Fatalf("%s: writing after the kill: %v (the killed client's lock not freed?)", name, err)
		}
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		_, err = conn.Exec(ctx, "DELETE FROM applied_edits")
		conn.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
}

// checkKilled checks the killed client's set: saved blocks (those it was
// told of) are all there, followed by at most one more (committed as the
// kill came, its reply never read), each block whole, one ledger row for
// each.
func checkKilled(t *testing.T, url, doc string, saved int) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var spans []model.Span
	var status model.Status
	err = db.Read(ctx, func(tx app.ReadTx) error {
		var err error
		if spans, err = tx.Spans(ctx, doc, clientName); err != nil {
			return err
		}
		status, err = tx.Status(ctx, doc, clientName)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	perBlock := map[int]int{}
	for _, s := range spans {
		perBlock[s.Start/wordAt(block)]++
	}
	blocks := len(perBlock)
	if blocks < saved || blocks > saved+1 {
		t.Errorf("%d blocks in the database, the client was told %d were saved", blocks, saved)
	}
	for b := range blocks {
		if perBlock[b] != block {
			t.Errorf("block %d has %d of its %d spans: a step was cut in two", b, perBlock[b], block)
		}
	}
	if status != model.StatusInProgress {
		t.Errorf("the set's status is %s, want in_progress", status)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var ledger int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM applied_edits").Scan(&ledger); err != nil {
		t.Fatal(err)
	}
	if ledger != blocks {
		t.Errorf("the ledger holds %d edits for %d blocks", ledger, blocks)
	}
}
