package storage_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

var (
	benchProjectOnce sync.Once
	benchProject     string
)

// benchProjectPath imports the benchmark corpus once per process.
func benchProjectPath(b *testing.B, n int) string {
	benchProjectOnce.Do(func() {
		path := benchJSONL(b, n)
		benchProject = filepath.Join(filepath.Dir(path), "export.inkspan")
		os.Remove(benchProject)
		ctx := context.Background()
		db, err := storage.Open(ctx, benchProject, storage.OpenOptions{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		reader, err := files.Open([]string{path}, formats.FormatJSONL, formats.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer reader.Close()
		if _, err := app.Import(ctx, db, reader, app.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	})
	return benchProject
}

// BenchmarkExportProdigy exports every article as Prodigy JSONL with tokens
// to a file.
func BenchmarkExportProdigy(b *testing.B) {
	n := benchDocuments(b)
	project := benchProjectPath(b, n)
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	peak := 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		resetPeakRSS()
		out, err := os.Create(filepath.Join(b.TempDir(), "out.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		w, err := formats.NewWriter(formats.FormatProdigy, out, formats.WriterOptions{Labels: labels})
		if err != nil {
			b.Fatal(err)
		}
		records := 0
		err = db.Export(ctx, storage.ExportQuery{}, func(a *formats.Annotation) error {
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
		peak = max(peak, peakRSS())
		if err != nil {
			b.Fatal(err)
		}
		if records != n {
			b.Fatalf("exported %d records, want %d", records, n)
		}
	}
	b.ReportMetric(peak, "peak-RSS-MB")
	b.ReportMetric(float64(n), "docs")
}

// BenchmarkBareReadJSON is the export's baseline: the same documents and
// spans read with plain queries and written with encoding/json, no tokens.
func BenchmarkBareReadJSON(b *testing.B) {
	n := benchDocuments(b)
	project := benchProjectPath(b, n)
	raw, err := sql.Open("sqlite", project)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	type span struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	type record struct {
		Text  string `json:"text"`
		Spans []span `json:"spans"`
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		out, err := os.Create(filepath.Join(b.TempDir(), "out.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		w := bufio.NewWriter(out)
		enc := json.NewEncoder(w)
		docs, err := raw.Query("SELECT s.id, d.text FROM annotation_sets s JOIN documents d ON d.id = s.document_id ORDER BY s.id")
		if err != nil {
			b.Fatal(err)
		}
		spanRows, err := raw.Query("SELECT sp.set_id, sp.start, sp.end, l.name FROM spans sp JOIN labels l ON l.id = sp.label_id ORDER BY sp.set_id, sp.start")
		if err != nil {
			b.Fatal(err)
		}
		var pendingSet int64
		var pending span
		more := spanRows.Next()
		if more {
			spanRows.Scan(&pendingSet, &pending.Start, &pending.End, &pending.Label)
		}
		count := 0
		for docs.Next() {
			var rec record
			var setID int64
			if err := docs.Scan(&setID, &rec.Text); err != nil {
				b.Fatal(err)
			}
			for more && pendingSet == setID {
				rec.Spans = append(rec.Spans, pending)
				if more = spanRows.Next(); more {
					spanRows.Scan(&pendingSet, &pending.Start, &pending.End, &pending.Label)
				}
			}
			if err := enc.Encode(rec); err != nil {
				b.Fatal(err)
			}
			count++
		}
		docs.Close()
		spanRows.Close()
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		out.Close()
		b.StopTimer()
		if count != n {
			b.Fatalf("read %d records, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n), "docs")
}

// BenchmarkListDocuments is what the window asks for when it opens a
// project: every document's summary (Documents) against the first page
// (ListDocuments), on the benchmark corpus.
func BenchmarkListDocuments(b *testing.B) {
	n := benchDocuments(b)
	project := benchProjectPath(b, n)
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Run("All", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			list, err := db.Documents(ctx, "bench")
			if err != nil || len(list) != n {
				b.Fatalf("%d documents, %v", len(list), err)
			}
		}
	})
	b.Run("FirstPage", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.ListDocuments(ctx, "bench", model.DocumentFilter{}, 0, 200); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Search", func(b *testing.B) {
		if err := db.UpdateSearchIndex(ctx, nil); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := db.Search(ctx, "Pedersen", "bench", 200); err != nil {
				b.Fatal(err)
			}
		}
	})
}
