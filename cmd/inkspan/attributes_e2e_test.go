package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// A span's attributes go from a brat collection into the project, are
// kept there, and come back out of a brat export: the codecs' attributes
// reach the store and the store's reach the codecs.
func TestAttributesFromImportToExport(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(in, "doc.txt"), example)
	write(t, filepath.Join(in, "doc.ann"), "T1\tACTOR 0 5\tPutin\nT2\tPLACE 21 27\tMoscow\nA1\tNegated T1\nA2\tConfidence T2 High\n")
	project := filepath.Join(dir, "p.inkspan")
	mustRun(t, "import", "--project", project, "--annotator", "alice", in)

	db := openProjectT(t, project, false)
	docs, err := db.Search(context.Background(), "Putin", "", 1)
	if err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	spans, err := db.Spans(context.Background(), docs[0].ID, "alice")
	if err != nil || len(spans) != 2 {
		t.Fatal(spans, err)
	}
	if !spans[0].Attributes.Equal(model.Attributes{{Name: "Negated"}}) || !spans[1].Attributes.Equal(model.Attributes{{Name: "Confidence", Value: "High"}}) {
		t.Fatalf("stored attributes %+v and %+v", spans[0].Attributes, spans[1].Attributes)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(dir, "out")
	if code, _, errOut := inkspan(t, "export", "--project", project, "--format", "brat", "--out", out); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	var ann string
	filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".ann") {
			ann = bratReadT(t, path)
		}
		return nil
	})
	for _, want := range []string{"\tNegated T1", "\tConfidence T2 High"} {
		if !strings.Contains(ann, want) {
			t.Errorf("exported .ann lacks %q:\n%s", want, ann)
		}
	}
	// A format that cannot carry them says how many it left out, by name.
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "conll", "--out", filepath.Join(dir, "out.conll"))
	if want := "; 2 span attributes left out: Confidence (1), Negated (1) (conll cannot carry them)"; code != 0 || !strings.Contains(errOut, want) {
		t.Fatalf("conll export: exit %d\n%s\nwant %q", code, errOut, want)
	}
}
