package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A label brat cannot hold as it is ("MRI Image Type": brat types hold no
// spaces) is exported percent-encoded, the export says so, and an import of
// the collection gives the label its name back.
func TestExportBratMapsLabels(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	in := write(t, filepath.Join(dir, "in.jsonl"),
		`{"id":"scans/mri1","text":"T2 weighted, PIRADS 4.","spans":[{"start":0,"end":11,"label":"MRI Image Type"},{"start":13,"end":21,"label":"PIRADS Score"}],"_annotator_id":"alice"}`+"\n")
	mustRun(t, "import", "--project", project, in)

	out := filepath.Join(dir, "brat")
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "brat", "--out", out)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, `2 label names were written percent-encoded`) || !strings.Contains(errOut, `"MRI Image Type" as MRI%20Image%20Type`) {
		t.Errorf("export says\n%s\nwant it to name the labels it encoded", errOut)
	}
	ann := bratReadT(t, filepath.Join(out, "scans", "mri1.ann"))
	if want := "T1\tMRI%20Image%20Type 0 11\tT2 weighted\nT2\tPIRADS%20Score 13 21\tPIRADS 4\n"; ann != want {
		t.Errorf("scans/mri1.ann =\n%q\nwant\n%q", ann, want)
	}
	if conf := bratReadT(t, filepath.Join(out, "annotation.conf")); !strings.Contains(conf, "\nMRI%20Image%20Type\nPIRADS%20Score\n") {
		t.Errorf("annotation.conf =\n%s\nwant the encoded labels as entities", conf)
	}

	// The next export replaces the nested collection as a whole.
	if code, _, errOut := inkspan(t, "export", "--project", project, "--format", "brat", "--out", out); code != 0 {
		t.Fatalf("export over the earlier one: exit %d\n%s", code, errOut)
	}

	// auto reads the folder as brat, the labels as they were named.
	back := filepath.Join(dir, "back.inkspan")
	mustRun(t, "import", "--project", back, "--annotator", "alice", out)
	got := spanTexts(t, back, "alice")
	want := spanTexts(t, project, "alice")
	if !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
}

func bratReadT(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A CoNLL line splits into columns at white space, so a label with spaces
// ("MRI Image Type") is written percent-encoded in its tags, the export
// says so, and an import of the file gives the label its name back instead
// of a label "Type".
func TestExportCoNLLMapsLabels(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	in := write(t, filepath.Join(dir, "in.jsonl"),
		`{"id":"mri1","text":"T2 weighted, PIRADS 4.","spans":[{"start":0,"end":11,"label":"MRI Image Type"},{"start":13,"end":21,"label":"PIRADS Score"}],"_annotator_id":"alice"}`+"\n")
	mustRun(t, "import", "--project", project, in)

	out := filepath.Join(dir, "out.conll")
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "conll", "--out", out)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, `2 label names were written percent-encoded, as conll tags need`) || !strings.Contains(errOut, `"MRI Image Type" as MRI%20Image%20Type`) {
		t.Errorf("export says\n%s\nwant it to name the labels it encoded", errOut)
	}
	if conll := bratReadT(t, out); !strings.Contains(conll, "T2 -X- _ B-MRI%20Image%20Type\n") {
		t.Errorf("out.conll =\n%s\nwant the encoded label in the tag", conll)
	}

	back := filepath.Join(dir, "back.inkspan")
	mustRun(t, "import", "--project", back, "--annotator", "alice", out)
	got := spanTexts(t, back, "alice")
	want := spanTexts(t, project, "alice")
	if !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}

	// --help says what the export does with such names.
	_, helpOut, helpErr := inkspan(t, "export", "--help")
	if help := helpOut + helpErr; !strings.Contains(help, "a space in a\nbrat type or a CoNLL tag) is written percent-encoded") {
		t.Errorf("export --help does not say how label names are written:\n%s", help)
	}
}
