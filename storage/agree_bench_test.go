package storage_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/tokenize"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// agreeBenchDocs is the spec's load: 10,000 documents, each labeled by
// three annotators with 20 spans; one in ten also has gold.
const agreeBenchDocs = 10_000

// agreeBenchJSONL writes the agreement corpus to path as JSONL, one record
// per annotator per document. Each document is the seed article under its own
// "Dispatch N — " line, so every text (and hash) differs. A base set of 20
// spans of one to three tokens, one in each twentieth of the article, is what
// the annotators mostly agree on: each keeps a base span 70% of the time and
// otherwise changes its label, extends it a token, or marks the next token
// instead. None of these moves leaves its twentieth, so no set overlaps
// itself. Gold, on every tenth document, is the base set.
func agreeBenchJSONL(tb testing.TB, path string, n int) {
	tb.Helper()
	seed, err := os.ReadFile("../testdata/idlib-talks.txt")
	if err != nil {
		tb.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	body := string(seed)
	toks := tokenize.Tokenize(body)
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	const perDoc = 20
	stretch := len(toks) / perDoc
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	type jsonSpan struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	// A span in tokens: the first, the last and the label's index.
	type tokenSpan struct{ first, last, label int }
	rng := rand.New(rand.NewPCG(5, 11))
	// vary is what one annotator makes of a base span.
	vary := func(b tokenSpan) tokenSpan {
		switch rng.IntN(10) {
		case 7:
			b.label = (b.label + 1 + rng.IntN(len(labels)-1)) % len(labels)
		case 8:
			b.last++
		case 9:
			b.first, b.last = b.last+1, b.last+1
		}
		return b
	}
	bases := make([]tokenSpan, perDoc)
	for d := range n {
		prefix := fmt.Sprintf("Dispatch %d — ", d)
		shift := model.RuneLen(prefix)
		for k := range bases {
			first := k*stretch + rng.IntN(stretch-5)
			bases[k] = tokenSpan{first, first + rng.IntN(3), rng.IntN(len(labels))}
		}
		write := func(annotator string, move func(tokenSpan) tokenSpan) {
			spans := make([]jsonSpan, len(bases))
			for k, b := range bases {
				b = move(b)
				spans[k] = jsonSpan{shift + toks[b.first].Start, shift + toks[b.last].End, labels[b.label]}
			}
			rec := map[string]any{"id": fmt.Sprintf("dispatch-%d", d), "text": prefix + body, "spans": spans, "_annotator_id": annotator}
			if err := enc.Encode(rec); err != nil {
				tb.Fatal(err)
			}
		}
		for _, name := range []string{"alice", "bob", "carol"} {
			write(name, vary)
		}
		if d%10 == 0 {
			write(model.GoldAnnotator, func(b tokenSpan) tokenSpan { return b })
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// agreeBenchProject imports the corpus into a new project in dir.
func agreeBenchProject(tb testing.TB, dir string, n int) *storage.DB {
	tb.Helper()
	path := filepath.Join(dir, "agree.jsonl")
	agreeBenchJSONL(tb, path, n)
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, "agree.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	reader, err := files.Open([]string{path}, formats.FormatJSONL, formats.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer reader.Close()
	report, err := app.Import(ctx, db, reader, app.ImportOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	if got, want := report.DocumentsAdded, n; got != want {
		tb.Fatalf("imported %d documents, want %d", got, want)
	}
	os.Remove(path)
	return db
}

// BenchmarkAgreement measures the whole Agreement call, from the project
// file to the report, on the spec's load. The project is built once per
// run (excluded from the time) in a folder the run removes.
func BenchmarkAgreement(b *testing.B) {
	db := agreeBenchProject(b, b.TempDir(), agreeBenchDocs)
	ctx := context.Background()
	b.ReportAllocs()
	var r agree.Report
	for b.Loop() {
		var err error
		if r, err = app.Agreement(ctx, db, agree.Options{}, false); err != nil {
			b.Fatal(err)
		}
	}
	if len(r.Pairs) != 3 || len(r.Documents) != agreeBenchDocs || r.Fleiss == nil || len(r.Gold) != 3 {
		b.Fatalf("report has %d pairs, %d documents, %d gold entries", len(r.Pairs), len(r.Documents), len(r.Gold))
	}
	if got, want := r.Pairs[0].SpansA, 20*agreeBenchDocs; got != want {
		b.Fatalf("spans_a = %d, want %d", got, want)
	}
	b.ReportMetric(r.Pairs[0].SpanF1, "span-F1")
}
