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
	"sync"
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
// IDs, hashes, titles, lengths and search words computed beforehand, written by three
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
			int32(model.RuneLen(a.text)), postgres.Title(a.text), now, postgres.SearchWords(a.text)}
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
		{"documents", []string{"id", "uuid", "external_id", "text", "meta", "hash", "length", "title", "created_at", "search_words"}, docs},
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

var (
	exportOnce sync.Once
	exportURL  string
)

// exportProject imports the n articles into a team project once per test
// binary (its database stays until the binary ends) and returns its URL.
func exportProject(b *testing.B, n int) string {
	exportOnce.Do(func() {
		ctx := context.Background()
		url := pgtest.Database(b, project(b))
		db, err := postgres.Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		path := writeJSONL(b, benchArticles(b, n))
		reader, err := files.Open([]string{path}, formats.FormatJSONL, formats.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer reader.Close()
		if _, err := app.Import(ctx, db, reader, app.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		exportURL = url
	})
	if exportURL == "" {
		b.Fatal("the export benchmark's project was not made")
	}
	return exportURL
}

// BenchmarkExportProdigy is issue 15's export target, measured in one
// run: every article of a team project exported as Prodigy JSONL with
// tokens (app.ExportSource, as `inkspan export` writes it), against a
// bare read of the same texts and spans with two plain queries, written
// with encoding/json (the project file's BenchmarkBareReadJSON). ns/op is
// the export's; the metrics give both times and their ratio (target:
// x-bare-read <= 3).
func BenchmarkExportProdigy(b *testing.B) {
	n := importBenchDocs(b)
	ctx := context.Background()
	url := exportProject(b, n)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var exported, bare time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		bare += bareRead(b, conn, n)
		out, err := os.Create(filepath.Join(b.TempDir(), "out.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		b.StartTimer()
		w, err := formats.NewWriter(formats.FormatProdigy, out, formats.WriterOptions{Labels: []string{"ACTOR", "PLACE", "FIGURE"}})
		if err != nil {
			b.Fatal(err)
		}
		records := 0
		err = db.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
			records++
			return w.Write(a)
		})
		if err == nil {
			err = w.Close()
		}
		if err == nil {
			err = out.Close()
		}
		b.StopTimer()
		exported += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if records != n {
			b.Fatalf("exported %d records, want %d", records, n)
		}
	}
	b.ReportMetric(exported.Seconds()/float64(b.N), "export-s")
	b.ReportMetric(bare.Seconds()/float64(b.N), "bare-read-s")
	b.ReportMetric(float64(exported)/float64(bare), "x-bare-read")
	b.ReportMetric(float64(n), "docs")
}

// bareRead is the export's baseline: every set's text and its spans read
// with two plain queries (one snapshot), merged by set and written with
// encoding/json to a file, no tokens. It returns its time.
func bareRead(b *testing.B, conn *pgx.Conn, n int) time.Duration {
	ctx := context.Background()
	out, err := os.Create(filepath.Join(b.TempDir(), "bare.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	type span struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	type record struct {
		Text  string `json:"text"`
		Spans []span `json:"spans"`
	}
	start := time.Now()
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback(ctx)
	// Two result sets at once need two cursors on one connection.
	if _, err := tx.Exec(ctx, `DECLARE docs NO SCROLL CURSOR FOR SELECT s.id, d.text FROM annotation_sets s JOIN documents d ON d.id = s.document_id ORDER BY s.id`); err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `DECLARE spans NO SCROLL CURSOR FOR SELECT sp.set_id, sp.start_cp, sp.end_cp, l.name FROM spans sp JOIN labels l ON l.id = sp.label_id ORDER BY sp.set_id, sp.start_cp`); err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	var pendingSet int64
	var pending span
	var spanRows []struct {
		set int64
		s   span
	}
	more := true
	nextSpan := func() bool {
		if len(spanRows) == 0 && more {
			rows, _ := tx.Query(ctx, "FETCH 20000 FROM spans")
			var set int64
			var s span
			if _, err := pgx.ForEachRow(rows, []any{&set, &s.Start, &s.End, &s.Label}, func() error {
				spanRows = append(spanRows, struct {
					set int64
					s   span
				}{set, s})
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			more = len(spanRows) > 0
		}
		if len(spanRows) == 0 {
			return false
		}
		pendingSet, pending = spanRows[0].set, spanRows[0].s
		spanRows = spanRows[1:]
		return true
	}
	have := nextSpan()
	count := 0
	for {
		rows, _ := tx.Query(ctx, "FETCH 2000 FROM docs")
		var recs []record
		var ids []int64
		var id int64
		var text string
		if _, err := pgx.ForEachRow(rows, []any{&id, &text}, func() error {
			ids, recs = append(ids, id), append(recs, record{Text: text})
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if len(recs) == 0 {
			break
		}
		for i := range recs {
			for have && pendingSet == ids[i] {
				recs[i].Spans = append(recs[i].Spans, pending)
				have = nextSpan()
			}
			if err := enc.Encode(recs[i]); err != nil {
				b.Fatal(err)
			}
			count++
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	if count != n {
		b.Fatalf("read %d records, want %d", count, n)
	}
	return elapsed
}
