package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/storage"
)

// Hostile names: a screen clear, a window title set (OSC ... BEL), a
// carriage return, a bidi override and a C1 CSI.
const (
	hostileAnnotator = "eve\x1b[2J\x1b]0;pwned\x07\r\u202e\u009b"
	hostileOther     = "mallory\x1b[31m\u2028"
	hostileID        = "doc\x1b[H\rfine"
	hostileLabel     = "PER\x1b]0;x\x07\u202e" // no label may be named so: see tamperLabel
	hostileText      = "Putin\x1b[5m met\u202e Erdoğan in Moscow."
)

// rawControls are what must not reach a terminal from the data.
var rawControls = []string{"\x1b", "\x07", "\r", "\u009b", "\u0085", "\u202e", "\u2028"}

// checkClean fails if out holds a raw control character.
func checkClean(t *testing.T, what, out string) {
	t.Helper()
	for _, c := range rawControls {
		if strings.Contains(out, c) {
			t.Fatalf("%s holds a raw %q:\n%q", what, c, out)
		}
	}
}

// runClean runs a command and checks both its outputs.
func runClean(t *testing.T, wantCode int, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errOut := inkspan(t, args...)
	if code != wantCode {
		t.Fatalf("inkspan %q: exit %d, want %d\n%s%s", args, code, wantCode, out, errOut)
	}
	checkClean(t, "stdout of "+args[0], out)
	checkClean(t, "stderr of "+args[0], errOut)
	return out, errOut
}

// hostileProject imports two annotators' spans on a document with a
// hostile id and text, and a second document for the dictionary, then
// renames ACTOR to hostileLabel behind the model's back, as a project file
// made elsewhere could have it.
func hostileProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	line := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + "\n"
	}
	span := func(start, end int) []map[string]any {
		return []map[string]any{{"start": start, "end": end, "label": "ACTOR"}}
	}
	in := write(t, filepath.Join(dir, "in.jsonl"),
		line(map[string]any{"id": hostileID, "text": hostileText, "spans": span(0, 5), "_annotator_id": hostileAnnotator})+
			line(map[string]any{"id": hostileID, "text": hostileText, "spans": span(0, 10), "_annotator_id": hostileOther})+
			line(map[string]any{"text": "Putin again.\x1b[2J"}))
	out, _ := runClean(t, 0, "import", "--project", project, "--annotator", hostileOther, in)
	if !strings.Contains(out, "3 records read") {
		t.Fatalf("import said %q", out)
	}
	tamperLabel(t, project, "ACTOR", hostileLabel, "covers\x1b[2J\rpeople")
	return project
}

// tamperLabel renames a label and sets its description in the file
// directly: the model refuses such a name, but a project file is data
// anyone can write.
func tamperLabel(t *testing.T, project, from, to, description string) {
	t.Helper()
	raw, err := sql.Open("sqlite", project)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	res, err := raw.Exec("UPDATE labels SET name = ?, description = ? WHERE name = ?", to, description, from)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("no label %s to tamper with", from)
	}
}

func TestHostileNamesReachNoTerminal(t *testing.T) {
	project := hostileProject(t)

	t.Run("labels", func(t *testing.T) {
		out, _ := runClean(t, 0, "labels", "--project", project)
		if !strings.Contains(out, printed(hostileLabel)) || !strings.Contains(out, `covers\x1b[2J\rpeople`) {
			t.Fatalf("labels does not show the name and description escaped:\n%s", out)
		}
	})

	t.Run("stats", func(t *testing.T) {
		out, _ := runClean(t, 0, "stats", "--project", project)
		for _, want := range []string{printed(hostileLabel), printed(hostileAnnotator), printed(hostileOther)} {
			if !strings.Contains(out, want) {
				t.Fatalf("stats does not show %q:\n%s", want, out)
			}
		}
	})

	t.Run("stats --json", func(t *testing.T) {
		out, _ := runClean(t, 0, "stats", "--project", project, "--json")
		// The JSON still carries the exact names.
		var st model.Stats
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if st.Labels[hostileLabel] != 2 || st.Annotators[hostileAnnotator] == nil || st.Annotators[hostileOther] == nil {
			t.Fatalf("the names changed in the JSON: %+v", st)
		}
	})

	t.Run("agree", func(t *testing.T) {
		out, _ := runClean(t, 0, "agree", "--project", project)
		for _, want := range []string{printed(hostileAnnotator), printed(hostileOther), printed(hostileLabel), printed(hostileID)} {
			if !strings.Contains(out, want) {
				t.Fatalf("agree does not show %q:\n%s", want, out)
			}
		}
		_, errOut := runClean(t, 1, "agree", "--project", project, "--label", "X\x1b[2J")
		if !strings.Contains(errOut, `no label named X\x1b[2J`) {
			t.Fatalf("agree --label said %q", errOut)
		}
	})

	t.Run("agree --json", func(t *testing.T) {
		out, _ := runClean(t, 0, "agree", "--project", project, "--json")
		var r agree.Report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if len(r.Pairs) != 1 || !slices.Equal([]string{r.Pairs[0].A, r.Pairs[0].B}, []string{hostileAnnotator, hostileOther}) {
			t.Fatalf("the pair's names changed in the JSON: %+v", r.Pairs)
		}
		if _, ok := r.Pairs[0].PerLabel[hostileLabel]; !ok {
			t.Fatalf("the label's name changed in the JSON: %+v", r.Pairs[0].PerLabel)
		}
	})

	t.Run("agree --csv", func(t *testing.T) {
		out, _ := runClean(t, 0, "agree", "--project", project, "--csv")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v\n%s", err, out)
		}
		if len(rows) != 3 || rows[1][0] != printed(hostileAnnotator) || rows[1][1] != printed(hostileOther) || rows[2][2] != printed(hostileLabel) {
			t.Fatalf("rows %q, want the pair's names escaped", rows)
		}
	})

	t.Run("suggest", func(t *testing.T) {
		out, _ := runClean(t, 0, "suggest", "--project", project, "--annotator", hostileAnnotator, "--dictionary")
		if !strings.Contains(out, printed(hostileAnnotator)) || !strings.Contains(out, printed(hostileLabel)) {
			t.Fatalf("suggest does not name the annotator and label escaped:\n%s", out)
		}
	})

	t.Run("export", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out\x1b]0;x\x07.jsonl")
		_, errOut := runClean(t, 0, "export", "--project", project, "--format", "doccano", "--all", "--out", out)
		if !strings.Contains(errOut, " to "+printed(out)) {
			t.Fatalf("export said %q", errOut)
		}
	})

	t.Run("errors", func(t *testing.T) {
		// A label the model refuses, from the command line and from a
		// file: the message names the character escaped, and the file and
		// line.
		dir := t.TempDir()
		fresh := filepath.Join(dir, "fresh.inkspan")
		mustRun(t, "import", "--project", fresh, write(t, filepath.Join(dir, "a.txt"), "Putin met Erdoğan."))
		_, errOut := runClean(t, 1, "labels", "add", "--project", fresh, "--name", "A\u202eB\x1b[2J")
		if !strings.Contains(errOut, `U+202E (\u202e), an invisible formatting character`) {
			t.Fatalf("labels add said %q", errOut)
		}
		_, errOut = runClean(t, 1, "labels", "set", "--project", fresh, "ACTOR", "--name", "ACT\u200bOR")
		if !strings.Contains(errOut, `U+200B (\u200b)`) {
			t.Fatalf("labels set said %q", errOut)
		}
		bad := write(t, filepath.Join(dir, "bad\x1b]0;x\x07.jsonl"),
			`{"text":"Putin met Erdoğan.","spans":[{"start":0,"end":5,"label":"X\u001b[2J"}]}`+"\n")
		_, errOut = runClean(t, 1, "import", "--project", project, "--annotator", "alice", bad)
		if want := printed(bad) + ":1: "; !strings.Contains(errOut, want) || !strings.Contains(errOut, "a control character") {
			t.Fatalf("import said %q, want the file and line %q and the character named", errOut, want)
		}
		_, errOut = runClean(t, 0, "import", "--project", project, "--annotator", "alice", "--skip-invalid", bad)
		if !strings.Contains(errOut, "skipped "+printed(bad)+":1: ") {
			t.Fatalf("import --skip-invalid said %q", errOut)
		}
		_, errOut = runClean(t, 1, "stats", "--project", filepath.Join(dir, "missing\x1b[2J", "p.inkspan"))
		if !strings.Contains(errOut, `missing\x1b[2J`) {
			t.Fatalf("stats said %q", errOut)
		}
	})
}

// merge shows the other file's annotators, document ids and file name, and
// refuses its labels that the model refuses, in a message as clean.
func TestMergeHostileNames(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	here := filepath.Join(dir, "here.inkspan")
	var doc string
	editCopy(t, here, 0, func(db *storage.DB) {
		var err error
		if doc, _, err = db.AddDocument(ctx, model.Document{Text: hostileText, ExternalID: hostileID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSpan(ctx, doc, hostileAnnotator, model.Span{Start: 0, End: 5, Label: "ACTOR"}); err != nil {
			t.Fatal(err)
		}
	})
	other := copyProject(t, here, filepath.Join(dir, "other\x1b[2J.inkspan"))
	editCopy(t, other, 1, func(db *storage.DB) {
		for _, who := range []string{hostileAnnotator, hostileOther} {
			if _, err := db.AddSpan(ctx, doc, who, model.Span{Start: 10, End: 17, Label: "ACTOR"}); err != nil {
				t.Fatal(err)
			}
		}
	})
	out, _ := runClean(t, 0, "merge", "--project", here, other)
	for _, want := range []string{
		printed(other) + ": 0 new documents",
		"new annotators: " + model.Printable(hostileOther),
		"conflict: " + model.Printable(hostileID) + " (" + model.Printable(hostileAnnotator) + "): took " + model.Printable(other) + "'s set",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("merge output lacks %q:\n%s", want, out)
		}
	}

	worse := copyProject(t, here, filepath.Join(dir, "worse.inkspan"))
	editCopy(t, worse, 2, func(db *storage.DB) {
		if err := db.AddLabel(ctx, model.Label{Name: "PLACEHOLDER", Color: "#000000"}); err != nil {
			t.Fatal(err)
		}
	})
	tamperLabel(t, worse, "PLACEHOLDER", hostileLabel, "")
	_, errOut := runClean(t, 1, "merge", "--project", here, worse)
	if !strings.Contains(errOut, model.Printable(hostileLabel)) || !strings.Contains(errOut, "nothing was merged") {
		t.Fatalf("merge of a file with a bad label said %q", errOut)
	}
}

func printed(s string) string { return model.Printable(s) }

// The progress line names what it does, a file to merge say: the name is
// escaped; the carriage returns that redraw the line are the bar's own.
func TestProgressNameIsPrintable(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, "merging evil\x1b]0;pwned\x07.inkspan", 10)
	p.update(5)
	p.finish()
	if strings.ContainsAny(b.String(), "\x1b\x07") || !strings.Contains(b.String(), `merging evil\x1b]0;pwned\a.inkspan`) {
		t.Fatalf("progress wrote %q", b.String())
	}
}
