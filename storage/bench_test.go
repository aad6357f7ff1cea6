package storage_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// benchDocuments is the corpus size of the import benchmarks: 100,000
// seed-sized articles by default (INKSPAN_BENCH_DOCS overrides it).
func benchDocuments(tb testing.TB) int {
	if v := os.Getenv("INKSPAN_BENCH_DOCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			tb.Fatalf("INKSPAN_BENCH_DOCS=%q is not a positive number", v)
		}
		return n
	}
	return 100_000
}

// benchRow is one generated article with its 12 spans.
type benchRow struct {
	text  string
	spans []model.Span
}

// benchCorpus derives distinct articles from the seed article: each gets a
// numbered dateline, so every text (and content hash) differs, and 12 spans
// over words of the seed, found by code-point offset.
func benchCorpus(tb testing.TB, n int, each func(i int, r benchRow)) {
	tb.Helper()
	seed, err := os.ReadFile("../testdata/idlib-talks.txt")
	if err != nil {
		tb.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	body := string(seed)
	words := []struct{ word, label string }{
		{"Putin", "ACTOR"}, {"Erdogan", "ACTOR"}, {"Moscow", "PLACE"}, {"Idlib", "PLACE"},
		{"Ankara", "ACTOR"}, {"Syria", "PLACE"}, {"dozens", "FIGURE"}, {"34", "FIGURE"},
		{"Sochi", "PLACE"}, {"Damascus", "PLACE"}, {"15", "FIGURE"}, {"Geir Pedersen", "ACTOR"},
	}
	for i := 0; i < n; i++ {
		prefix := fmt.Sprintf("Dispatch %d — ", i)
		text := prefix + body
		shift := model.RuneLen(prefix)
		var spans []model.Span
		for _, w := range words {
			at := strings.Index(body, w.word)
			start := shift + model.RuneLen(body[:at])
			spans = append(spans, model.Span{Start: start, End: start + model.RuneLen(w.word), Label: w.label})
		}
		each(i, benchRow{text: text, spans: spans})
	}
}

var (
	benchFileOnce sync.Once
	benchFile     string
)

// benchJSONL writes the corpus once per process as Prodigy-shaped JSONL.
func benchJSONL(b *testing.B, n int) string {
	benchFileOnce.Do(func() {
		dir, err := os.MkdirTemp("", "inkspan-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchFile = filepath.Join(dir, "corpus.jsonl")
		f, err := os.Create(benchFile)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		type jsonSpan struct {
			Start int    `json:"start"`
			End   int    `json:"end"`
			Label string `json:"label"`
		}
		enc := json.NewEncoder(w)
		benchCorpus(b, n, func(i int, r benchRow) {
			spans := make([]jsonSpan, len(r.spans))
			for j, s := range r.spans {
				spans[j] = jsonSpan{s.Start, s.End, s.Label}
			}
			enc.Encode(map[string]any{"text": r.text, "id": i, "spans": spans, "_annotator_id": "bench"})
		})
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	})
	b.Cleanup(func() {}) // the file is shared by every benchmark of the run
	return benchFile
}

// peakRSS returns the process's peak resident set size in MB since the last
// resetPeakRSS (Linux; 0 elsewhere).
func peakRSS() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// resetPeakRSS returns freed memory to the OS and restarts the peak count,
// so each benchmark reports its own peak.
func resetPeakRSS() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// BenchmarkImportJSONL imports the corpus from JSONL into a new project:
// reading, validating, hashing, deduplicating and inserting.
func BenchmarkImportJSONL(b *testing.B) {
	n := benchDocuments(b)
	path := benchJSONL(b, n)
	info, _ := os.Stat(path)
	b.SetBytes(info.Size())
	ctx := context.Background()
	peak := 0.0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		project := filepath.Join(b.TempDir(), "p.inkspan")
		db, err := storage.Open(ctx, project, storage.OpenOptions{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		reader, err := files.Open([]string{path}, formats.FormatJSONL, formats.Options{})
		if err != nil {
			b.Fatal(err)
		}
		resetPeakRSS()
		b.StartTimer()
		report, err := app.Import(ctx, db, reader, app.ImportOptions{})
		b.StopTimer()
		peak = max(peak, peakRSS())
		reader.Close()
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		if report.DocumentsAdded != n || report.SpansAdded != 12*n {
			b.Fatalf("imported %d documents and %d spans, want %d and %d", report.DocumentsAdded, report.SpansAdded, n, 12*n)
		}
	}
	b.ReportMetric(peak, "peak-RSS-MB")
	b.ReportMetric(float64(n), "docs")
}

// BenchmarkBareInsert is the baseline the import is held to: the same rows,
// prepared in memory beforehand, inserted with plain prepared statements in
// one transaction into the same schema.
func BenchmarkBareInsert(b *testing.B) {
	n := benchDocuments(b)
	type row struct {
		uuid, text, hash, title string
		length                  int
		spans                   []model.Span
	}
	rows := make([]row, 0, n)
	benchCorpus(b, n, func(i int, r benchRow) {
		rows = append(rows, row{uuidV7(), r.text, model.ContentHash(r.text), storage.Title(r.text), model.RuneLen(r.text), r.spans})
	})
	spanIDs := make([]string, 12*n)
	for i := range spanIDs {
		spanIDs[i] = uuidV7()
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		project := filepath.Join(b.TempDir(), "p.inkspan")
		db, err := storage.Open(ctx, project, storage.OpenOptions{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		raw, err := sql.Open("sqlite", project+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tx, err := raw.Begin()
		if err != nil {
			b.Fatal(err)
		}
		tx.Exec("INSERT INTO annotators (name, created_at) VALUES ('bench', 0)")
		insDoc, _ := tx.Prepare("INSERT INTO documents (uuid, external_id, text, meta, hash, length, title, created_at) VALUES (?, ?, ?, '{}', ?, ?, ?, 0)")
		insSet, _ := tx.Prepare("INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at) VALUES (?, 1, 'in_progress', 0, 0)")
		insSpan, _ := tx.Prepare("INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', 'import', 0, 0)")
		labelIDs := map[string]int64{"ACTOR": 1, "PLACE": 2, "FIGURE": 3}
		k := 0
		for j, r := range rows {
			res, err := insDoc.Exec(r.uuid, strconv.Itoa(j), r.text, r.hash, r.length, r.title)
			if err != nil {
				b.Fatal(err)
			}
			docID, _ := res.LastInsertId()
			res, err = insSet.Exec(docID)
			if err != nil {
				b.Fatal(err)
			}
			setID, _ := res.LastInsertId()
			for _, s := range r.spans {
				if _, err := insSpan.Exec(spanIDs[k], setID, s.Start, s.End, labelIDs[s.Label]); err != nil {
					b.Fatal(err)
				}
				k++
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		raw.Close()
	}
	b.ReportMetric(float64(n), "docs")
}

// uuidV7 gives the baseline the same kind of ids the import makes, so both
// sides insert the same rows.
func uuidV7() string { return uuid.Must(uuid.NewV7()).String() }
