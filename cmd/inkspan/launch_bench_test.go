package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/gui"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// The window's targets on a large project: from launch to the first
// document shown at most 1 s, and search results within 100 ms of a key
// press, with 1,000,000 documents (INKSPAN_BENCH_LAUNCH_DOCS overrides the
// number, for a quick look).

// TestMain removes the large project the benchmarks built (hundreds of MB).
func TestMain(m *testing.M) {
	code := m.Run()
	if largeProjectDir != "" {
		os.RemoveAll(largeProjectDir)
	}
	os.Exit(code)
}

func launchDocs(tb testing.TB) int {
	if v := os.Getenv("INKSPAN_BENCH_LAUNCH_DOCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			tb.Fatalf("INKSPAN_BENCH_LAUNCH_DOCS=%q is not a positive number", v)
		}
		return n
	}
	return 1_000_000
}

var (
	largeProjectOnce sync.Once
	largeProjectDir  string
	largeProject     string
	largeProjectErr  error
)

// largeProjectPath builds, once per run, a project of n short news texts
// (a few sentences of the seed article each, numbered so that every text
// differs) with its search index built, and the bench annotator's last
// document seven tenths of the way in, where counting its place costs most
// of what it can.
//
// INKSPAN_BENCH_LARGE_PROJECT names a project file to keep between runs:
// used as it is when it exists, built there when not.
func largeProjectPath(tb testing.TB, n int) string {
	largeProjectOnce.Do(func() {
		keep := os.Getenv("INKSPAN_BENCH_LARGE_PROJECT")
		if _, err := os.Stat(keep); keep != "" && err == nil {
			largeProject = keep
			return
		}
		largeProject, largeProjectErr = buildLargeProject(n)
		if keep != "" && largeProjectErr == nil {
			largeProjectErr = os.Rename(largeProject, keep)
			largeProject = keep
		}
	})
	if largeProjectErr == nil {
		largeProjectErr = openFarIn(largeProject)
	}
	if largeProjectErr != nil {
		tb.Fatal(largeProjectErr)
	}
	return largeProject
}

func buildLargeProject(n int) (string, error) {
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		return "", fmt.Errorf("the seed article must be in testdata/ at the top of the repository: %w", err)
	}
	var sentences []string
	for _, line := range strings.Split(string(seed), "\n") {
		for _, s := range strings.SplitAfter(line, ". ") {
			if s = strings.TrimSpace(s); len(s) > 20 {
				sentences = append(sentences, s)
			}
		}
	}
	if largeProjectDir, err = os.MkdirTemp("", "inkspan-launch-bench"); err != nil {
		return "", err
	}
	corpus := filepath.Join(largeProjectDir, "corpus.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	for i := range n {
		text := fmt.Sprintf("Report %d\n%s %s %s", i,
			sentences[i%len(sentences)], sentences[(i/7)%len(sentences)], sentences[(i/31)%len(sentences)])
		enc.Encode(map[string]any{"text": text, "id": i})
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	f.Close()

	path := filepath.Join(largeProjectDir, "large.inkspan")
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		return "", err
	}
	defer db.Close()
	reader, err := formats.Open([]string{corpus}, formats.FormatJSONL, formats.Options{})
	if err != nil {
		return "", err
	}
	defer reader.Close()
	if _, err := db.Import(ctx, reader, storage.ImportOptions{}); err != nil {
		return "", err
	}
	os.Remove(corpus)
	if err := db.UpdateSearchIndex(ctx, nil); err != nil {
		return "", err
	}
	return path, nil
}

// openFarIn makes the bench annotator's last document the one seven tenths
// of the way into the project, every run: a kept project may have been
// opened and moved about in since.
func openFarIn(path string) error {
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.CountDocuments(ctx, "bench", model.DocumentFilter{})
	if err != nil {
		return err
	}
	far, err := db.ListDocuments(ctx, "bench", model.DocumentFilter{}, n*7/10, 1)
	if err != nil || len(far) == 0 {
		return fmt.Errorf("no document at %d: %v", n*7/10, err)
	}
	return db.SetLastDocument(ctx, "bench", far[0].ID)
}

// openLargeWindow opens the project and its window, and waits until the
// window has settled: the remembered document shown, the list's first rows
// and its count read, the document's place found. That is more than the
// target asks for (the first document comes first), so the time is an
// upper bound.
func openLargeWindow(b *testing.B, path string) (*gui.Workspace, *storage.DB) {
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ws, err := gui.NewWorkspace(test.NewTempApp(b), db, "bench")
	if err != nil {
		b.Fatal(err)
	}
	waitSettled(b, ws)
	if ws.CurrentDocument().ID == "" || ws.DocumentCount() == 0 {
		b.Fatalf("settled with document %q and %d listed", ws.CurrentDocument().ID, ws.DocumentCount())
	}
	return ws, db
}

func waitSettled(b *testing.B, ws *gui.Workspace) {
	deadline := time.Now().Add(time.Minute)
	for ws.Loading() {
		if time.Now().After(deadline) {
			b.Fatal("the window did not settle within a minute")
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// BenchmarkLaunchLarge is one launch: open the project file, open the
// window, settle. Fyne's test driver stands in for the screen, so painting
// is not counted; the span view's own benchmarks measure that.
func BenchmarkLaunchLarge(b *testing.B) {
	path := largeProjectPath(b, launchDocs(b))
	b.ResetTimer()
	for range b.N {
		ws, db := openLargeWindow(b, path)
		b.StopTimer()
		ws.Window().Close()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkSearchLarge types a word into the search box a letter at a
// time and reports the time from a key press until the list shows its
// results (count, first rows, the open document's place among them),
// averaged over the letters: "Idlib" is in nearly every document of the
// corpus, "Pedersen" in a third.
func BenchmarkSearchLarge(b *testing.B) {
	path := largeProjectPath(b, launchDocs(b))
	ws, db := openLargeWindow(b, path)
	defer db.Close()
	defer ws.Window().Close()
	for _, word := range []string{"Idlib", "Pedersen"} {
		b.Run(word, func(b *testing.B) {
			for range b.N {
				for i := 1; i <= len(word); i++ {
					ws.Search(word[:i])
					waitSettled(b, ws)
				}
				b.StopTimer()
				ws.Search("")
				waitSettled(b, ws)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(word)), "ms/key")
		})
	}
}

// BenchmarkFilterLarge is choosing a status in the list's filter on the
// large project: the count, the first rows, and the place of the document
// open seven tenths of the way in, with the rows around it.
func BenchmarkFilterLarge(b *testing.B) {
	path := largeProjectPath(b, launchDocs(b))
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	open, err := db.LastDocument(ctx, "bench") // seven tenths of the way in
	if err != nil || open == "" {
		b.Fatalf("no open document: %v", err)
	}
	for _, st := range []model.Status{model.StatusTodo, model.StatusDone} {
		b.Run(string(st), func(b *testing.B) {
			f := model.DocumentFilter{Statuses: []model.Status{st}}
			for range b.N {
				if _, err := db.ListPage(ctx, "bench", f, open, 200); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
