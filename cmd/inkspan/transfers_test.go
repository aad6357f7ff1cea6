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
	// A span inside a token: the dialog's "leave out" choice reaches the
	// export, which writes the rest and reports the span.
	in2 := write(t, filepath.Join(dir, "in2.jsonl"), `{"text":"`+example+`","spans":[{"start":10,"end":14,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"}]}`+"\n")
	if _, err := windowImport(ctx, db, transfer.ImportRequest{Paths: []string{in2}, Format: formats.FormatAuto, Annotator: "bob", TextColumn: "text"}, nil); err != nil {
		t.Fatal(err)
	}
	conll := filepath.Join(dir, "out.conll")
	exp, err = windowExport(ctx, db, transfer.ExportRequest{Format: formats.FormatCoNLL, Annotator: "bob", Skip: true, Out: conll}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(conll)
	if len(exp.Skipped) != 1 || exp.Skipped[0].Text != "Erdo" || !strings.Contains(string(b), "Moscow -X- _ B-PLACE") || strings.Contains(string(b), "ACTOR") {
		t.Fatalf("export result %+v, file %s", exp, b)
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

// File ▸ Import… says what `inkspan import` says of the same input: the
// same lines, and the messages the command lists on stderr listed in the
// dialog instead.
func TestWindowImportSummaryIsTheCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	// Putin [0, 5), Moscow [21, 27); T3 overlaps T1, which the project does
	// not allow: the span is skipped, its document kept.
	write(t, filepath.Join(corpus, "a.txt"), example)
	write(t, filepath.Join(corpus, "a.ann"), "T1\tACTOR 0 5\tPutin\nT2\tPLACE 21 27\tMoscow\nR1\tIn Arg1:T1 Arg2:T2\nT3\tPLACE 2 9\ttin met\n")
	write(t, filepath.Join(corpus, "b.txt"), "Nothing happened here.")
	write(t, filepath.Join(corpus, "b.ann"), "")

	out, errOut := runOK(t, "import", "--project", filepath.Join(dir, "cmd.inkspan"), "--annotator", "anna", "--skip-invalid", corpus)

	db, err := storage.Open(ctx, filepath.Join(dir, "window.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := windowImport(ctx, db, transfer.ImportRequest{Paths: []string{corpus}, Format: formats.FormatAuto,
		Annotator: "anna", SkipInvalid: true, TextColumn: "text"}, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"read as brat\n", "1 documents annotated with no spans\n", "1 new relations between spans, 0 already there\n",
		"1 invalid spans skipped, their documents kept (listed on stderr)\n"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the command's summary lacks %q:\n%s", want, out)
		}
	}
	if got := strings.Join(res.Lines("listed on stderr", 0), "\n") + "\n"; got != out {
		t.Fatalf("window summary\n%s\ncommand summary\n%s", got, out)
	}
	// After the messages the command adds its --allow-overlap hint, a flag
	// the window does not have.
	if got := strings.Join(res.Details(), "\n") + "\n"; !strings.HasPrefix(errOut, got) || !strings.Contains(got, "a.ann:4: span [2, 9) PLACE overlaps") {
		t.Fatalf("window messages\n%s\ncommand's stderr\n%s", got, errOut)
	}
}

// runOK runs inkspan, fails the test unless it succeeds, and returns its
// stdout and stderr.
func runOK(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, stdout, stderr := inkspan(t, args...)
	if code != 0 {
		t.Fatalf("inkspan %v: exit %d\n%s%s", args, code, stdout, stderr)
	}
	return stdout, stderr
}
