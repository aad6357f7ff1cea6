package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/gui/transfer"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// The window's dialogs run the same import and export as the commands.
func TestWindowTransfers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Open(ctx, filepath.Join(dir, "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := write(t, filepath.Join(dir, "in.jsonl"), `{"text":"`+example+`","spans":[{"start":10,"end":17,"label":"ACTOR"}]}`+"\nnot json\n")
	var seen []int
	res, err := windowImport(ctx, db, transfer.ImportRequest{Paths: []string{in}, Format: formats.FormatAuto, Annotator: "anna", SkipInvalid: true, TextColumn: "text"},
		func(n int) { seen = append(seen, n) })
	if err != nil {
		t.Fatal(err)
	}
	if res.DocumentsAdded != 1 || res.SpansAdded != 1 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "in.jsonl:2") || len(seen) == 0 {
		t.Fatalf("import result %+v, progress %v", res, seen)
	}
	out := filepath.Join(dir, "out.jsonl")
	exp, err := windowExport(ctx, db, transfer.ExportRequest{Format: formats.FormatDoccano, Annotator: "anna", Out: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if exp.Records != 1 || len(exp.Written) != 1 || !strings.Contains(string(b), `[10,17,"ACTOR"]`) {
		t.Fatalf("export result %+v, file %s", exp, b)
	}
	if _, err := windowExport(ctx, db, transfer.ExportRequest{Format: formats.FormatDoccano, All: true, Split: "train=2", Out: out}, nil); err == nil {
		t.Fatal("a bad split was accepted")
	}
}

// Edit > Suggest labels runs the same bulk suggest as the command.
func TestWindowSuggest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Open(ctx, filepath.Join(dir, "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.AddDocument(ctx, model.Document{Text: example}); err != nil {
		t.Fatal(err)
	}
	patterns := write(t, filepath.Join(dir, "places.jsonl"), `{"label": "PLACE", "pattern": "Moscow"}`+"\n")
	var seen [][2]int
	res, err := windowSuggest(ctx, db, "anna", transfer.SuggestRequest{Patterns: patterns, Figures: true},
		func(done, total int) { seen = append(seen, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	// "Moscow" from the pattern, "34" from the FIGURE recognizer.
	if res.Documents != 1 || res.PerLabel["PLACE"] != 1 || res.PerLabel["FIGURE"] != 1 || res.Accepted || len(seen) == 0 {
		t.Fatalf("result %+v, progress %v", res, seen)
	}
	bad := write(t, filepath.Join(dir, "bad.jsonl"), `{"label": "PLACE", "pattern": "Moscow"}`+"\n"+`{"label": "PLACE"}`+"\n")
	_, err = windowSuggest(ctx, db, "anna", transfer.SuggestRequest{Patterns: bad}, nil)
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Fatalf("a bad patterns file: %v", err)
	}
}
