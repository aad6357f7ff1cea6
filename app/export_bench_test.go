package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// exportBenchProject imports INKSPAN_BENCH_DOCS (default 100,000) articles
// derived from the seed article, 12 spans each, into a new project in a
// folder the benchmark removes when it ends.
func exportBenchProject(b *testing.B) string {
	b.Helper()
	n := 100_000
	if v := os.Getenv("INKSPAN_BENCH_DOCS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("INKSPAN_BENCH_DOCS=%q is not a positive number", v)
		}
	}
	seed, err := os.ReadFile("../testdata/idlib-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	body := string(seed)
	dir := b.TempDir()
	in := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(in)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	words := []struct{ word, label string }{
		{"Putin", "ACTOR"}, {"Erdogan", "ACTOR"}, {"Moscow", "PLACE"}, {"Idlib", "PLACE"},
		{"Ankara", "ACTOR"}, {"Syria", "PLACE"}, {"dozens", "FIGURE"}, {"34", "FIGURE"},
		{"Sochi", "PLACE"}, {"Damascus", "PLACE"}, {"15", "FIGURE"}, {"Geir Pedersen", "ACTOR"},
	}
	type span struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	for i := 0; i < n; i++ {
		prefix := fmt.Sprintf("Dispatch %d — ", i)
		shift := model.RuneLen(prefix)
		var spans []span
		for _, wd := range words {
			start := shift + model.RuneLen(body[:strings.Index(body, wd.word)])
			spans = append(spans, span{start, start + model.RuneLen(wd.word), wd.label})
		}
		enc.Encode(map[string]any{"text": prefix + body, "id": i, "spans": spans, "_annotator_id": "bench"})
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	project := filepath.Join(dir, "export.inkspan")
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	reader, err := files.Open([]string{in}, formats.FormatJSONL, formats.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer reader.Close()
	if _, err := app.Import(ctx, db, reader, app.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	return project
}

// BenchmarkExportPipeline is a whole export as the command and the window
// run it (app.Export): every article as Prodigy JSONL with tokens, written
// under a temporary name and renamed into place. Each run builds its
// project first, outside the timer: -benchtime 3x times three exports of
// one project.
func BenchmarkExportPipeline(b *testing.B) {
	project := exportBenchProject(b)
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// One export untimed first: the project was just written, and the
	// first export would also pay for the system writing it to disk and
	// the cold cache, which are the benchmark's set-up, not the export.
	export := func() (app.ExportReport, error) {
		out := filepath.Join(b.TempDir(), "out.jsonl")
		return app.Export(ctx, db, app.ExportOptions{Format: formats.FormatProdigy, Scheme: formats.SchemeIOB2, Out: out, Files: files.Exports{}}, nil)
	}
	if _, err := export(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := export()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Records), "records")
	}
}
