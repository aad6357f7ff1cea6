package storage_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// spanIDs returns the ids of every span the annotator has in the project.
func spanIDs(tb testing.TB, db *storage.DB, annotator string) map[string]bool {
	tb.Helper()
	ctx := context.Background()
	docs, err := db.Documents(ctx, annotator)
	if err != nil {
		tb.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		spans, err := db.Spans(ctx, d.ID, annotator)
		if err != nil {
			tb.Fatal(err)
		}
		for _, s := range spans {
			ids[s.ID] = true
		}
	}
	return ids
}

func TestCheckpointMakesTheMainFileWhole(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	must(t, err)
	defer db.Close()
	doc := mustAddDocument(t, db, "Ankara and Moscow met in Idlib.")
	for i := 0; i < 20; i++ {
		mustSpan(t, db, doc, "alice", span(i, i+1, "PLACE"))
	}

	t.Run("ErrCopyWithoutItsWAL", func(t *testing.T) {
		// Twenty labels are in the WAL only: the main file alone must not
		// pass for the project.
		cp := filepath.Join(t.TempDir(), "copy.inkspan")
		mergeCopy(t, path, cp)
		_, err := storage.Open(ctx, cp, storage.OpenOptions{})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "copy.inkspan-wal") {
			t.Fatalf("opening a copy without its WAL: err = %v", err)
		}
		if _, err := os.Stat(cp + "-wal"); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the refused copy got a -wal file: %v", err)
		}
		_, err = merge(ctx, db, cp, nil)
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "-wal") {
			t.Fatalf("merging a copy without its WAL: err = %v", err)
		}
	})
	t.Run("CopyWithItsWAL", func(t *testing.T) {
		cp := filepath.Join(t.TempDir(), "copy.inkspan")
		mergeCopy(t, path, cp)
		mergeCopy(t, path+"-wal", cp+"-wal")
		other, err := storage.Open(ctx, cp, storage.OpenOptions{})
		must(t, err)
		defer other.Close()
		if got := len(spanIDs(t, other, "alice")); got != 20 {
			t.Fatalf("copy with its WAL holds %d of 20 spans", got)
		}
	})
	t.Run("CopyAfterCheckpoint", func(t *testing.T) {
		must(t, db.Checkpoint(ctx))
		cp := filepath.Join(t.TempDir(), "copy.inkspan")
		mergeCopy(t, path, cp) // the project is still open
		other, err := storage.Open(ctx, cp, storage.OpenOptions{})
		must(t, err)
		if got := len(spanIDs(t, other, "alice")); got != 20 {
			t.Fatalf("copy after a checkpoint holds %d of 20 spans", got)
		}
		must(t, other.Close())
		// The merge reads the copy without leaving -wal or -shm beside it.
		here := mergeOpenAt(t, filepath.Join(t.TempDir(), "here.inkspan"), 1)
		if r := mustMerge(t, here, cp); r.SpansAdded != 20 {
			t.Fatalf("merge of the copy: %+v", r)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(cp + suffix); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the merge left %s%s behind: %v", cp, suffix, err)
			}
		}
	})
	t.Run("NextWriteMarksTheFileAgain", func(t *testing.T) {
		mustSpan(t, db, doc, "alice", span(25, 26, "PLACE"))
		cp := filepath.Join(t.TempDir(), "copy.inkspan")
		mergeCopy(t, path, cp)
		if _, err := storage.Open(ctx, cp, storage.OpenOptions{}); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("a copy taken after a new write: err = %v", err)
		}
	})
	t.Run("CopyAfterClose", func(t *testing.T) {
		must(t, db.Close())
		if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a closed project keeps a -wal file: %v", err)
		}
		cp := filepath.Join(t.TempDir(), "copy.inkspan")
		mergeCopy(t, path, cp)
		other, err := storage.Open(ctx, cp, storage.OpenOptions{})
		must(t, err)
		defer other.Close()
		if got := len(spanIDs(t, other, "alice")); got != 21 {
			t.Fatalf("copy after close holds %d of 21 spans", got)
		}
	})
}

// checkpointChildEnv names the project a re-executed test binary labels,
// checkpoints and then holds open until it is killed.
const checkpointChildEnv = "INKSPAN_CHECKPOINT_CHILD_PROJECT"

// runCheckpointChild adds 20 spans, printing "ack ID" after each, then
// checkpoints as the window does when idle, prints "idle" and waits to be
// killed with the project open.
func runCheckpointChild(path string) int {
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	docs, err := db.Documents(ctx, "kim")
	if err != nil || len(docs) == 0 {
		fmt.Fprintln(os.Stderr, "no document", err)
		return 1
	}
	for i := 0; i < 20; i++ {
		s, err := db.AddSpan(ctx, docs[0].ID, "kim", model.Span{Start: i, End: i + 1, Label: "FIGURE"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("ack %s\n", s.ID)
	}
	if err := db.Checkpoint(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("idle")
	time.Sleep(time.Hour)
	return 0
}

// TestKillAfterIdleCopyHoldsEverything is the user's case: label, let the
// window sit idle, copy NAME.inkspan alone while it is open, then the
// machine dies. The copy, and the original with no -wal beside it, hold
// every acknowledged label.
func TestKillAfterIdleCopyHoldsEverything(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kill.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	must(t, err)
	mustAddDocument(t, db, strings.Repeat("34 dead in Idlib. ", 10))
	must(t, db.Close())

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), checkpointChildEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	acked := map[string]bool{}
	lines := bufio.NewScanner(stdout)
	idle := false
	for !idle && lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
			acked[id] = true
		}
		idle = lines.Text() == "idle"
	}
	if !idle {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not get idle: %s", stderr.String())
	}
	cp := filepath.Join(t.TempDir(), "copy.inkspan")
	mergeCopy(t, path, cp)
	must(t, cmd.Process.Kill())
	cmd.Wait()

	// The dead process's WAL is thrown away, as a power cut may do to a
	// file the disk had not yet been told to keep.
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	for _, p := range []string{cp, path} {
		other, err := storage.Open(ctx, p, storage.OpenOptions{})
		must(t, err)
		got := spanIDs(t, other, "kim")
		must(t, other.Close())
		for id := range acked {
			if !got[id] {
				t.Fatalf("%s: acknowledged span %s is missing (%d of %d there)", filepath.Base(p), id, len(got), len(acked))
			}
		}
	}
}

func TestOpenRefusesWithoutChangingTheFile(t *testing.T) {
	ctx := context.Background()
	unchanged := func(t *testing.T, path string, before []byte) {
		t.Helper()
		after, err := os.ReadFile(path)
		must(t, err)
		if !bytes.Equal(before, after) {
			t.Fatal("opening changed the file it refused")
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(path + suffix); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("opening left %s beside the file it refused", suffix)
			}
		}
	}
	t.Run("ErrForeignSQLiteFile", func(t *testing.T) {
		// A rollback-journal SQLite file: opening it for writing used to
		// convert it to WAL before refusing it.
		path := filepath.Join(t.TempDir(), "other.db")
		raw := rawOpen(t, path)
		if _, err := raw.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		before, _ := os.ReadFile(path)
		_, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "not an Inkspan project") {
			t.Fatalf("err = %v", err)
		}
		unchanged(t, path, before)
	})
	t.Run("ErrNewerSchemaInRollbackMode", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "future.inkspan")
		db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		must(t, err)
		must(t, db.Close())
		raw := rawOpen(t, path)
		if _, err := raw.Exec("PRAGMA journal_mode = DELETE; PRAGMA user_version = 99"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		before, _ := os.ReadFile(path)
		_, err = storage.Open(ctx, path, storage.OpenOptions{})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "newer Inkspan") {
			t.Fatalf("err = %v", err)
		}
		unchanged(t, path, before)
	})
	t.Run("ErrEmptyFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.inkspan")
		must(t, os.WriteFile(path, nil, 0o644))
		_, err := storage.Open(ctx, path, storage.OpenOptions{})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "empty.inkspan is an empty file") {
			t.Fatalf("err = %v", err)
		}
		unchanged(t, path, nil)
		// Asked to create a project, an empty file becomes one.
		db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		must(t, err)
		if labels, _ := db.Labels(ctx); len(labels) != 3 {
			t.Fatalf("created from an empty file: %d labels", len(labels))
		}
		must(t, db.Close())
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "cut.inkspan")
		db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		must(t, err)
		for i := 0; i < 50; i++ {
			mustAddDocument(t, db, fmt.Sprintf("%d %s", i, strings.Repeat("Idlib talks. ", 200)))
		}
		must(t, db.Close())
		info, err := os.Stat(path)
		must(t, err)
		must(t, os.Truncate(path, info.Size()/2))
		before, _ := os.ReadFile(path)
		_, err = storage.Open(ctx, path, storage.OpenOptions{})
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "cut.inkspan is damaged") || !strings.Contains(err.Error(), "cut short") {
			t.Fatalf("err = %v", err)
		}
		unchanged(t, path, before)
	})
}

// TestDamagedProjectSaysSo: pages overwritten with junk used to surface as
// SQLite's "database disk image is malformed (11)".
func TestDamagedProjectSaysSo(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "junk.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	must(t, err)
	for i := 0; i < 50; i++ {
		mustAddDocument(t, db, fmt.Sprintf("%d %s", i, strings.Repeat("Idlib talks. ", 200)))
	}
	must(t, db.Close())
	b, err := os.ReadFile(path)
	must(t, err)
	for i := 4096 * 2; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	must(t, os.WriteFile(path, b, 0o644))
	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	if err == nil {
		_, err = db.Stats(ctx)
		if err == nil {
			err = db.IntegrityCheck(ctx)
		}
		db.Close()
	}
	if err == nil || strings.Contains(err.Error(), "(11)") || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("err = %v", err)
	}
	t.Logf("%v", err)
}

// blockingReader is an import's input that stops halfway until told to go
// on: the import holds the write lock all the while.
type blockingReader struct {
	records []*formats.Record
	halfway chan struct{}
	resume  chan struct{}
	n       int
}

func (r *blockingReader) Next() (*formats.Record, error) {
	if r.n == len(r.records)/2 {
		close(r.halfway)
		<-r.resume
	}
	if r.n == len(r.records) {
		return nil, io.EOF
	}
	r.n++
	return r.records[r.n-1], nil
}

// TestSecondWriterWaits is the window labeling while a command imports
// into the same project: the window's writes wait for the import's
// transaction, however long it takes, and every one of them is saved.
func TestSecondWriterWaits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.inkspan")
	var waits atomic.Int32
	window, err := storage.Open(ctx, path, storage.OpenOptions{Create: true, OnWait: func() { waits.Add(1) }})
	must(t, err)
	defer window.Close()
	doc := mustAddDocument(t, window, "Ankara and Moscow met in Idlib.")
	command, err := storage.Open(ctx, path, storage.OpenOptions{})
	must(t, err)
	defer command.Close()

	in := &blockingReader{halfway: make(chan struct{}), resume: make(chan struct{})}
	for i := 0; i < 40; i++ {
		in.records = append(in.records, &formats.Record{Text: fmt.Sprintf("Report %d: 34 dead.", i)})
	}
	imported := make(chan error, 1)
	go func() {
		_, err := app.Import(ctx, command, in, app.ImportOptions{Annotator: "bot"})
		imported <- err
	}()
	<-in.halfway

	var wg sync.WaitGroup
	labeled := make(chan error, 5)
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := window.AddSpan(ctx, doc, "alice", span(i*2, i*2+1, "PLACE"))
			labeled <- err
		}()
	}
	// The import keeps the lock for longer than one wait.
	time.Sleep(2500 * time.Millisecond)
	close(in.resume)
	wg.Wait()
	close(labeled)
	for err := range labeled {
		if err != nil {
			t.Fatalf("a label was refused while the import ran: %v", err)
		}
	}
	if err := <-imported; err != nil {
		t.Fatalf("import: %v", err)
	}
	if waits.Load() == 0 {
		t.Fatal("the waiting writer was never told it waited")
	}
	if got, _ := window.Spans(ctx, doc, "alice"); len(got) != 5 {
		t.Fatalf("%d of 5 labels saved", len(got))
	}
	st, err := window.Stats(ctx)
	must(t, err)
	if st.Documents != 41 {
		t.Fatalf("%d documents after the import, want 41", st.Documents)
	}
}

// TestParallelImportsBothLand: two commands importing into one project at
// once used to fail one of them with SQLITE_BUSY.
func TestParallelImportsBothLand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	must(t, err)
	must(t, db.Close())
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for who := 0; who < 2; who++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := storage.Open(ctx, path, storage.OpenOptions{})
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			var items []any
			for i := 0; i < 2000; i++ {
				items = append(items, &formats.Record{Text: fmt.Sprintf("Importer %d, report %d: 34 dead in Idlib.", who, i),
					Spans: spans(span(0, 8, "ACTOR"))})
			}
			_, err = app.Import(ctx, db, records(items...), app.ImportOptions{Annotator: fmt.Sprint("importer", who)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	must(t, err)
	defer db.Close()
	st, err := db.Stats(ctx)
	must(t, err)
	if st.Documents != 4000 {
		t.Fatalf("%d documents, want 4000", st.Documents)
	}
}

// TestCheckpointOnFullDisk: when the disk fills while the WAL is copied
// into the main file, Close says so, and nothing saved is lost: with space
// again the project opens with every change.
func TestCheckpointOnFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		runAsNamespaceRoot(t, "TestCheckpointOnFullDisk")
		return
	}
	dir := smallDisk(t, 4<<20)
	ctx := context.Background()
	path := filepath.Join(dir, "full.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	must(t, err)
	// About 1 MB of text: in the WAL, not yet in the main file.
	for i := 0; i < 40; i++ {
		mustAddDocument(t, db, fmt.Sprintf("%d %s", i, strings.Repeat("Talks on Idlib went on. ", 1000)))
	}
	filler := filepath.Join(dir, "filler")
	fillDisk(t, filler)
	err = db.Close()
	if err == nil || model.ErrorCode(err) != model.EINTERNAL || !strings.Contains(err.Error(), "disk is full") ||
		!strings.Contains(err.Error(), "full.inkspan-wal") {
		t.Fatalf("Close on a full disk: err = %v", err)
	}
	// The main file alone is not the project now, and says so.
	cp := filepath.Join(t.TempDir(), "copy.inkspan")
	mergeCopy(t, path, cp)
	if _, err := storage.Open(ctx, cp, storage.OpenOptions{}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a copy of the main file after a failed checkpoint: err = %v", err)
	}
	must(t, os.Remove(filler))
	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	must(t, err)
	st, err := db.Stats(ctx)
	must(t, err)
	if st.Documents != 40 {
		t.Fatalf("%d of 40 documents after the disk filled", st.Documents)
	}
	must(t, db.IntegrityCheck(ctx))
	must(t, db.Close())
}

// runAsNamespaceRoot runs one test of this binary again inside a user and
// mount namespace of its own (unshare), where an ordinary user is root and
// may mount a tmpfs, and fails if it fails.
func runAsNamespaceRoot(t *testing.T, test string) {
	t.Helper()
	out, err := exec.Command("unshare", "--user", "--map-root-user", "--mount",
		os.Args[0], "-test.run", "^"+test+"$", "-test.count", "1", "-test.v").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+test) {
		t.Fatalf("%s mounts a small tmpfs: it needs root, or unshare for an ordinary user: %v\n%s", test, err, out)
	}
}

// smallDisk mounts a tmpfs of size bytes for the test and returns its
// folder. It needs root (see runAsNamespaceRoot).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fillDisk writes path until the file system has no room left.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	must(t, err)
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			break
		}
	}
	for { // the last partial block
		if _, err := f.Write(block[:512]); err != nil {
			return
		}
	}
}

// TestOpenInReadOnlyFolder: the file itself is writable but its folder is
// not, so SQLite cannot keep a -wal beside it: the message names the folder.
func TestOpenInReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		runAsNobody(t, "TestOpenInReadOnlyFolder")
		return
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "share")
	must(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "p.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	must(t, err)
	must(t, db.Close())
	must(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err = storage.Open(ctx, path, storage.OpenOptions{})
	if err == nil || !strings.Contains(err.Error(), "the folder "+dir+" is read-only") {
		t.Fatalf("err = %v", err)
	}
}
