package storage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// prodigyAnswers is a Prodigy file whose records carry answers and
// Prodigy's hashes: an accepted record with spans, an accepted one with
// none (a negative example), a rejected and an ignored one.
const prodigyAnswers = `{"text":"Putin met Erdoğan in Moscow.","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"}],"answer":"accept","_input_hash":-1872323435,"_task_hash":2093123911}
{"text":"Nothing happened in Zyxwvut today.","spans":[],"answer":"accept","_input_hash":381264221,"_task_hash":-99172635}
{"text":"A record the annotator rejected 🇹🇷.","spans":[{"start":2,"end":8,"label":"ACTOR"}],"answer":"reject","_input_hash":1200000001,"_task_hash":1200000002}
{"text":"Ignored: café olé.","spans":[],"answer":"ignore","_input_hash":-7,"_task_hash":8}
`

// prodigyLine is what a comparison reads of a Prodigy line.
type prodigyLine struct {
	Text  string `json:"text"`
	Spans []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	} `json:"spans"`
	Answer    string `json:"answer"`
	InputHash int64  `json:"_input_hash"`
	TaskHash  int64  `json:"_task_hash"`
}

func readProdigyLines(tb testing.TB, b []byte) map[string]prodigyLine {
	tb.Helper()
	out := map[string]prodigyLine{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var l prodigyLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			tb.Fatalf("%v: %s", err, line)
		}
		out[l.Text] = l
	}
	return out
}

// importProdigy imports a Prodigy file into a new project at path as
// annotator anna, and closes it.
func importProdigy(tb testing.TB, path, file string, h int) {
	tb.Helper()
	db := mergeOpenAt(tb, path, h)
	r, err := files.Open([]string{file}, formats.FormatProdigy, formats.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	if _, err := app.Import(context.Background(), db, r, app.ImportOptions{Annotator: "anna"}); err != nil {
		tb.Fatal(err)
	}
	must(tb, db.Close())
}

func exportProdigy(tb testing.TB, db *storage.DB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := formats.NewWriter(formats.FormatProdigy, &buf, formats.WriterOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Export(context.Background(), storage.ExportQuery{}, w.Write); err != nil {
		tb.Fatal(err)
	}
	must(tb, w.Close())
	return buf.Bytes()
}

// A merge carries what an import stored on a set: a Prodigy file imported
// into one project and merged into another exports from the second with
// every answer and hash it came with, so Prodigy still finds its records.
func TestMergeKeepsImportedAnswersAndHashes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "answers.jsonl")
	if err := os.WriteFile(in, []byte(prodigyAnswers), 0o644); err != nil {
		t.Fatal(err)
	}
	// What the import itself exports is what the merged project must:
	// every answer and hash as in the file (the import's own business is
	// which spans of a rejected record it keeps).
	imported := filepath.Join(dir, "imported.inkspan")
	importProdigy(t, imported, in, 3)
	alone := mergeOpenAt(t, imported, 3)
	want := readProdigyLines(t, exportProdigy(t, alone))
	must(t, alone.Close())
	for text, l := range readProdigyLines(t, []byte(prodigyAnswers)) {
		if w := want[text]; w.Answer != l.Answer || w.InputHash != l.InputHash || w.TaskHash != l.TaskHash {
			t.Fatalf("the import alone exports %q as %+v, want %+v", text, w, l)
		}
	}

	t.Run("Added", func(t *testing.T) {
		db := mergeOpenAt(t, filepath.Join(t.TempDir(), "team.inkspan"), 2)
		r := mustMerge(t, db, imported)
		if r.SetsAdded != 4 || r.DocumentsAdded != 4 {
			t.Fatalf("report %+v", r)
		}
		checkProdigy(t, exportProdigy(t, db), want)
		// Merged again, the sets are the same: nothing changes.
		if r := mustMerge(t, db, imported); r.SetsUnchanged != 4 || r.Changed() {
			t.Fatalf("merged again: %+v", r)
		}
	})

	t.Run("Replaced", func(t *testing.T) {
		// This project has the same texts, accepted by anna earlier with
		// no hashes: the later import wins, and brings its answers and
		// hashes.
		var plain strings.Builder
		for _, l := range want {
			plain.WriteString(`{"text":` + jsonString(l.Text) + `,"spans":[],"answer":"accept"}` + "\n")
		}
		spansOnly := filepath.Join(t.TempDir(), "plain.jsonl")
		if err := os.WriteFile(spansOnly, []byte(plain.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		here := filepath.Join(t.TempDir(), "here.inkspan")
		importProdigy(t, here, spansOnly, 1)
		db := mergeOpenAt(t, here, 4)
		r := mustMerge(t, db, imported)
		if r.SetsReplaced != 4 || r.SetsAdded != 0 {
			t.Fatalf("report %+v", r)
		}
		checkProdigy(t, exportProdigy(t, db), want)
	})

	t.Run("OnlyHashesDiffer", func(t *testing.T) {
		// Same spans and answer, other hashes: not the same set, so the
		// later one wins and its hashes with it.
		other := strings.Replace(prodigyAnswers, `"_input_hash":-7,"_task_hash":8`, `"_input_hash":-70,"_task_hash":80`, 1)
		otherFile := filepath.Join(t.TempDir(), "other.jsonl")
		if err := os.WriteFile(otherFile, []byte(other), 0o644); err != nil {
			t.Fatal(err)
		}
		here := filepath.Join(t.TempDir(), "here.inkspan")
		importProdigy(t, here, otherFile, 1)
		db := mergeOpenAt(t, here, 4)
		if r := mustMerge(t, db, imported); r.SetsReplaced != 1 || r.SetsUnchanged != 3 {
			t.Fatalf("report %+v", r)
		}
		checkProdigy(t, exportProdigy(t, db), want)
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkProdigy compares an export with the records it should hold, by
// text: answer, both hashes and spans.
func checkProdigy(tb testing.TB, export []byte, want map[string]prodigyLine) {
	tb.Helper()
	got := readProdigyLines(tb, export)
	if len(got) != len(want) {
		tb.Fatalf("exported %d records, want %d:\n%s", len(got), len(want), export)
	}
	for text, w := range want {
		g, ok := got[text]
		if !ok {
			tb.Fatalf("the export lacks %q:\n%s", text, export)
		}
		if g.Answer != w.Answer || g.InputHash != w.InputHash || g.TaskHash != w.TaskHash || len(g.Spans) != len(w.Spans) {
			tb.Fatalf("%q exported as %+v, want %+v", text, g, w)
		}
		for i := range w.Spans {
			if g.Spans[i] != w.Spans[i] {
				tb.Fatalf("%q: span %d is %+v, want %+v", text, i, g.Spans[i], w.Spans[i])
			}
		}
	}
}
