package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/gui/transfer"
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
