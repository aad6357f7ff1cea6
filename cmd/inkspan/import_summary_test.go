package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
)

// The summary says one fact a line, and lists on stderr what it left out.
func TestImportSummaryLines(t *testing.T) {
	var out, errOut bytes.Buffer
	printImportSummary(env{stdout: &out, stderr: &errOut}, app.ImportReport{
		Formats: []string{"brat"}, Records: 14, DocumentsAdded: 14, SpansAdded: 30, AnnotatedEmpty: 12,
		NotKept:      map[string]int{"relations": 8, "events": 23, "attributes": 11, "normalizations": 0},
		SkippedSpans: []error{errors.New("doc.ann:7: span [3, 9) FIGURE overlaps span [0, 5) ACTOR at doc.ann:1")},
		Warnings:     []error{errors.New("empty.txt: the document is only white space\u00a0")},
	})
	for _, want := range []string{
		"read as brat\n",
		"14 records read: 14 new documents, 0 already there; 30 new spans, 0 already there\n",
		"12 documents annotated with no spans\n",
		"not kept: 11 attributes, 23 events, 8 relations\n",
		"1 invalid spans skipped, their documents kept (listed on stderr)\n",
		"1 warnings (listed on stderr)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "normalizations") {
		t.Fatalf("a kind with nothing not kept is shown:\n%s", out.String())
	}
	for _, want := range []string{
		"skipped doc.ann:7: span [3, 9) FIGURE overlaps span [0, 5) ACTOR at doc.ann:1\n",
		"warning: empty.txt: the document is only white space<U+00A0 no-break space>\n",
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Fatalf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

// Two files with the same text and other spans by the same annotator are
// refused naming both; --on-conflict chooses; --status sets the status.
func TestImportConflictsAndStatus(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	a := write(t, filepath.Join(dir, "a.jsonl"), `{"text":"Putin met Erdoğan in Moscow.","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`+"\n")
	b := write(t, filepath.Join(dir, "b.jsonl"), `{"text":"Another text."}`+"\n"+`{"text":"Putin met Erdoğan in Moscow.","spans":[{"start":0,"end":5,"label":"PLACE"}]}`+"\n")

	code, out, errOut := inkspan(t, "import", "--project", project, "--annotator", "anna", a, b)
	if code != 1 || !strings.Contains(errOut, "b.jsonl:2: the same text as "+a+":1") || !strings.Contains(errOut, "--on-conflict") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	out = mustRun(t, "import", "--project", project, "--annotator", "anna", "--on-conflict", "separate", "--status", "done", a, b)
	if !strings.Contains(out, "1 records had other spans") {
		t.Fatalf("summary:\n%s", out)
	}
	stats := mustRun(t, "stats", "--project", project, "--json")
	if !strings.Contains(stats, `"anna (b.jsonl)"`) || !strings.Contains(stats, `"done": 1`) {
		t.Fatalf("stats:\n%s", stats)
	}
	for _, bad := range [][]string{{"--status", "todo"}, {"--on-conflict", "union"}} {
		args := append([]string{"import", "--project", project}, bad...)
		if code, _, errOut := inkspan(t, append(args, a)...); code == 0 || !strings.Contains(errOut, bad[0]) {
			t.Fatalf("%v: exit %d, %s", bad, code, errOut)
		}
	}
}

// A Label Studio region whose value.text truly does not match its offsets
// is skipped alone under --skip-invalid: the summary counts a span skipped
// and its document kept, not a record skipped, and the task's other region
// is imported.
func TestImportLabelStudioBadRegionSkippedAlone(t *testing.T) {
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "tasks.json"), `[{"data":{"text":"Hello World, bad one."},"annotations":[{"result":[
{"id":"a","from_name":"l","to_name":"t","type":"labels","value":{"start":0,"end":5,"text":"Hello","labels":["A"]}},
{"id":"c","from_name":"l","to_name":"t","type":"labels","value":{"start":13,"end":16,"text":"XYZ","labels":["B"]}}]}]}]`)
	project := filepath.Join(dir, "p.inkspan")
	code, out, errOut := inkspan(t, "import", "--project", project, "--annotator", "anna", "--skip-invalid", in)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "1 invalid spans skipped, their documents kept") || strings.Contains(out, "invalid records skipped") {
		t.Errorf("summary:\n%s\nwant one span skipped, its document kept, and no record skipped", out)
	}
	if !strings.Contains(errOut, `tasks.json:3: task 1, annotation 1, region "c": value.text "XYZ" does not match "bad"`) {
		t.Errorf("stderr does not name the region skipped:\n%s", errOut)
	}
	if got := spanTexts(t, project, "anna"); strings.Join(got, "|") != "Hello/A" {
		t.Errorf("spans %q, want the good region's alone", got)
	}
}

// --skip-invalid skips a bad span alone, whatever the format: a Prodigy or
// doccano span past the end of its text and a brat T line whose text does
// not match are each reported with their line, and their record is
// imported with its other spans (a brat relation or note on the bad span
// is left out with it, and said so).
func TestImportSkipInvalidSkipsTheSpanAlone(t *testing.T) {
	dir := t.TempDir()
	prodigy := write(t, filepath.Join(dir, "p.jsonl"), `{"text":"Hello there world.","spans":[{"start":0,"end":5,"label":"A"},{"start":6,"end":99,"label":"B"}],"answer":"accept"}`+"\n")
	doccano := write(t, filepath.Join(dir, "d.jsonl"), `{"text":"Doccano there world.","label":[[0,7,"A"],[3,99,"B"]]}`+"\n")
	brat := filepath.Join(dir, "brat")
	write(t, filepath.Join(brat, "x.txt"), "Brat there world.")
	write(t, filepath.Join(brat, "x.ann"), "T1\tA 0 4\tBrat\nT2\tB 5 10\tXXXXX\nT3\tB 11 16\tworld\nR1\tRel Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T2\tsure?\n")
	for _, tc := range []struct {
		format, path string
		skipped      []string
		spans        []string
	}{
		{"prodigy", prodigy, []string{"p.jsonl:1: spans[1]: span [6, 99) ends past the text"}, []string{"Hello/A"}},
		{"doccano", doccano, []string{"d.jsonl:1: label[1]: span [3, 99) ends past the text"}, []string{"Doccano/A"}},
		{"brat", brat, []string{"x.ann:2: T2: the text \"XXXXX\" does not match \"there\"", "x.ann:4: R1", "x.ann:5: "}, []string{"Brat/A", "world/B"}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			project := filepath.Join(t.TempDir(), "p.inkspan")
			code, out, errOut := inkspan(t, "import", "--project", project, "--format", tc.format, "--annotator", "anna", "--skip-invalid", tc.path)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
			}
			if want := "1 records read: 1 new documents"; !strings.Contains(out, want) || strings.Contains(out, "invalid records skipped") {
				t.Errorf("summary:\n%s\nwant %q and no record skipped", out, want)
			}
			if want := fmt.Sprintf("%d invalid spans skipped, their documents kept", len(tc.skipped)); !strings.Contains(out, want) {
				t.Errorf("summary:\n%s\nwant %q", out, want)
			}
			for _, want := range tc.skipped {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if got := spanTexts(t, project, "anna"); strings.Join(got, "|") != strings.Join(tc.spans, "|") {
				t.Errorf("spans %q, want %q", got, tc.spans)
			}
			// Without --skip-invalid the same input is refused whole, naming the span.
			code, _, errOut = inkspan(t, "import", "--project", filepath.Join(t.TempDir(), "q.inkspan"), "--format", tc.format, "--annotator", "anna", tc.path)
			if code == 0 || !strings.Contains(errOut, tc.skipped[0]) || !strings.Contains(errOut, "(nothing was imported)") {
				t.Errorf("without --skip-invalid: exit %d\n%s", code, errOut)
			}
		})
	}
}
