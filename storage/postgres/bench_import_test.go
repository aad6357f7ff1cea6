package postgres_test

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
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// importBenchDocs is the corpus size of the import and export benchmarks:
// issue 15's 100,000 articles (INKSPAN_BENCH_DOCS overrides it, as for
// the project file's benchmarks).
func importBenchDocs(tb testing.TB) int {
	if v := os.Getenv("INKSPAN_BENCH_DOCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			tb.Fatalf("INKSPAN_BENCH_DOCS=%q is not a positive number", v)
		}
		return n
	}
	return 100_000
}

// benchArticle is one generated article with its 12 spans.
type benchArticle struct {
	text  string
	spans []model.Span
}

// benchArticles derives n distinct articles from the seed article, as the
// project file's import benchmark does (storage/bench_test.go): a
// numbered dateline makes every text differ, and 12 spans cover words of
// the seed.
func benchArticles(tb testing.TB, n int) []benchArticle {
	tb.Helper()
	seed, err := os.ReadFile("../../testdata/idlib-talks.txt")
	if err != nil {
		tb.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	body := string(seed)
	words := []struct{ word, label string }{
		{"Putin", "ACTOR"}, {"Erdogan", "ACTOR"}, {"Moscow", "PLACE"}, {"Idlib", "PLACE"},
		{"Ankara", "ACTOR"}, {"Syria", "PLACE"}, {"dozens", "FIGURE"}, {"34", "FIGURE"},
		{"Sochi", "PLACE"}, {"Damascus", "PLACE"}, {"15", "FIGURE"}, {"Geir Pedersen", "ACTOR"},
	}
	out := make([]benchArticle, n)
	for i := range out {
		prefix := fmt.Sprintf("Dispatch %d — ", i)
		shift := model.RuneLen(prefix)
		spans := make([]model.Span, 0, len(words))
		for _, w := range words {
			at := strings.Index(body, w.word)
			start := shift + model.RuneLen(body[:at])
			spans = append(spans, model.Span{Start: start, End: start + model.RuneLen(w.word), Label: w.label})
		}
		out[i] = benchArticle{text: prefix + body, spans: spans}
	}
	return out
}

// writeJSONL writes the articles as Prodigy-shaped JSONL, annotated by
// "bench", the shape the project file's import benchmark reads.
func writeJSONL(b *testing.B, articles []benchArticle) string {
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	type jsonSpan struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	enc := json.NewEncoder(w)
	for i, a := range articles {
		spans := make([]jsonSpan, len(a.spans))
		for j, s := range a.spans {
			spans[j] = jsonSpan{s.Start, s.End, s.Label}
		}
		if err := enc.Encode(map[string]any{"text": a.text, "id": i, "spans": spans, "_annotator_id": "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkImportCopy is issue 15's import target, measured in one run:
// the articles imported from JSONL into a new team project (reading,
// validating, hashing, deduplicating, and writing with COPY in one
// transaction), against a bare COPY of the same rows, prepared in memory
// beforehand, into another new project. ns/op is the import's; the
// metrics give both times and their ratio (target: x-bare-copy <= 2).
func BenchmarkImportCopy(b *testing.B) {
	n := importBenchDocs(b)
	articles := benchArticles(b, n)
	path := writeJSONL(b, articles)
	ctx := context.Background()
	var imported, bare time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		bare += bareCopy(b, articles)
		db, err := postgres.Open(ctx, pgtest.Database(b, project(b)))
		if err != nil {
			b.Fatal(err)
		}
		reader, err := files.Open([]string{path}, formats.FormatJSONL, formats.Options{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		b.StartTimer()
		report, err := app.Import(ctx, db, reader, app.ImportOptions{})
		b.StopTimer()
		imported += time.Since(start)
		reader.Close()
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		if report.DocumentsAdded != n || report.SpansAdded != 12*n {
			b.Fatalf("imported %d documents and %d spans, want %d and %d", report.DocumentsAdded, report.SpansAdded, n, 12*n)
		}
	}
	b.ReportMetric(imported.Seconds()/float64(b.N), "import-s")
	b.ReportMetric(bare.Seconds()/float64(b.N), "bare-copy-s")
	b.ReportMetric(float64(imported)/float64(bare), "x-bare-copy")
	b.ReportMetric(float64(n), "docs")
}

// bareCopy is the import's baseline: the rows the import writes for the
// articles (documents, the annotator's sets, their spans), with their
// IDs, hashes, titles and lengths computed beforehand, written by three
// COPYs in one transaction as the tables' owner, into a new project. It
// returns the time from the transaction's start to its commit.
func bareCopy(b *testing.B, articles []benchArticle) time.Duration {
	ctx := context.Background()
	url := pgtest.Database(b, project(b))
	db, err := postgres.Open(ctx, url) // the schema up to date
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	labels := map[string]int64{}
	rows, err := conn.Query(ctx, "SELECT name, id FROM labels")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			b.Fatal(err)
		}
		labels[name] = id
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	docs := make([][]any, len(articles))
	sets := make([][]any, len(articles))
	spans := make([][]any, 0, 12*len(articles))
	for i, a := range articles {
		id := int64(i + 1)
		docs[i] = []any{id, uuid.Must(uuid.NewV7()).String(), strconv.Itoa(i), a.text, "{}", model.ContentHash(a.text),
			int32(model.RuneLen(a.text)), postgres.Title(a.text), now}
		sets[i] = []any{id, id, int64(1), "in_progress", now, now}
		for _, s := range a.spans {
			spans = append(spans, []any{uuid.Must(uuid.NewV7()).String(), id, int32(s.Start), int32(s.End), labels[s.Label], "import", now, now})
		}
	}
	start := time.Now()
	tx, err := conn.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO annotators (id, name, created_at) OVERRIDING SYSTEM VALUE VALUES (1, 'bench', $1)", now); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"documents", []string{"id", "uuid", "external_id", "text", "meta", "hash", "length", "title", "created_at"}, docs},
		{"annotation_sets", []string{"id", "document_id", "annotator_id", "status", "created_at", "updated_at"}, sets},
		{"spans", []string{"uuid", "set_id", "start_cp", "end_cp", "label_id", "origin", "created_at", "updated_at"}, spans},
	} {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromRows(c.rows)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}
