package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --skip-misaligned writes the spans that fit and lists, on standard
// error, each span left out with its document, offsets, label and quoted
// text, and the summary counts them. The document came from a CoNLL file,
// whose tokens the export keeps: "York" is inside its token "York-based".
func TestExportSkipMisaligned(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	conll := "-DOCSTART- -X- -X- O\n\n" +
		"U.S.-led NNP B-NP B-MISC\nforces NNS I-NP O\nleft VBD B-VP O\nNew NNP B-NP B-LOC\nYork-based JJ I-NP O\nfirms NNS I-NP O\n. . O O\n"
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "led.conll"), conll))
	// A second document with a span inside a token whose text holds a
	// right-to-left override, which must not reach the terminal raw.
	// bob's spans: one on a document of its own, one on the CoNLL one
	// (found by its text, tokens joined by spaces).
	mustRun(t, "import", "--project", project, "--annotator", "bob", write(t, filepath.Join(dir, "in.jsonl"),
		`{"id":"ex","text":"Putin met Erdo\u202eğan in Moscow.","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":15,"label":"ACTOR"}]}`+"\n"+
			`{"id":"york","text":"U.S.-led forces left New York-based firms .","spans":[{"start":25,"end":29,"label":"PLACE"}]}`+"\n"))

	out := filepath.Join(dir, "out.conll")
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "conll", "--all", "--out", out)
	if code != 1 || !strings.Contains(errOut, "--skip-misaligned") {
		t.Fatalf("without --skip-misaligned: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused export wrote its file")
	}

	code, _, errOut = inkspan(t, "export", "--project", project, "--format", "conll", "--all", "--skip-misaligned", "--out", out)
	if code != 0 {
		t.Fatalf("--skip-misaligned: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut, "; 2 spans left out (--skip-misaligned)") {
		t.Errorf("the summary does not count the spans left out:\n%s", errOut)
	}
	for _, want := range []string{
		`left out: ex [10, 15) ACTOR "Erdo\u202e" (off token boundaries)`,
		`left out: led.conll#1 [25, 29) PLACE "York" (off token boundaries)`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not list %s:\n%s", want, errOut)
		}
	}
	if strings.ContainsRune(errOut, '\u202e') {
		t.Errorf("the override reached the terminal raw:\n%q", errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, line := range []string{"Putin -X- _ B-ACTOR", "U.S.-led NNP B-NP B-MISC", "New NNP B-NP B-LOC", "York-based JJ I-NP O"} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("the export lacks %q:\n%s", line, got)
		}
	}
	if strings.Count(got, "York-based JJ I-NP O\n") != 2 {
		t.Errorf("the CoNLL document is not written twice (alice's, bob's) on its own tokens:\n%s", got)
	}
	if strings.Count(got, "B-ACTOR") != 1 || strings.Contains(got, "PLACE") {
		t.Errorf("a span left out was written:\n%s", got)
	}
}
