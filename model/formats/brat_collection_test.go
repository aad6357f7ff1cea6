package formats_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// A collection in nested folders imports with each document's path as its
// id and exports back into the same folders, with an annotation.conf that
// lets brat open it, and a document annotated with nothing found in it
// comes back as a .txt with an empty .ann.
func TestBratCollection_NestedRoundTrip(t *testing.T) {
	corpus := t.TempDir()
	writeFile(t, corpus, "train/doc1.txt", example)
	writeFile(t, corpus, "train/doc1.ann", bratExample)
	writeFile(t, corpus, "train/empty.txt", "Nothing here.")
	writeFile(t, corpus, "train/empty.ann", "")
	writeFile(t, corpus, "dev/deeper/doc2.txt", "Erdoğan in Moscow")
	writeFile(t, corpus, "dev/deeper/doc2.ann", "T1\tPLACE 11 17\tMoscow\n")

	recs := readRecords(t, []string{corpus}, formats.FormatAuto, formats.Options{})
	var ids []string
	var anns []*formats.Annotation
	for i, r := range recs {
		ids = append(ids, r.ExternalID)
		anns = append(anns, &formats.Annotation{
			Document: model.Document{ID: string(rune('a' + i)), ExternalID: r.ExternalID, Text: r.Text},
			Spans:    r.Spans,
		})
	}
	if want := []string{"dev/deeper/doc2", "train/doc1", "train/empty"}; !slices.Equal(ids, want) {
		t.Fatalf("ids %q, want %q", ids, want)
	}

	out := t.TempDir()
	w, err := formats.NewBratWriter(formats.DiskFolder(out), formats.WriterOptions{Labels: []string{"ACTOR", "PLACE", "FIGURE"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range anns {
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{"annotation.conf", "dev/deeper/doc2.ann", "dev/deeper/doc2.txt", "train/doc1.ann", "train/doc1.txt", "train/empty.ann", "train/empty.txt"}
	if got := bratFiles(t, out); !slices.Equal(got, want) {
		t.Fatalf("exported %q, want %q", got, want)
	}
	for _, name := range want[1:] {
		if got, orig := charMustRead(t, out, name), charMustRead(t, corpus, name); got != orig {
			t.Errorf("%s =\n%q\nwant it as it was:\n%q", name, got, orig)
		}
	}
	conf := charMustRead(t, out, "annotation.conf")
	if !strings.Contains(conf, "\n[entities]\nACTOR\nPLACE\nFIGURE\n\n[relations]\n\n[events]\n\n[attributes]\n") {
		t.Errorf("annotation.conf =\n%s\nwant the labels as entities and the other sections empty", conf)
	}
	// brat reads '#' lines of its configuration as comments: every other
	// line must be a section or a label.
	for _, line := range strings.Split(conf, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "[") && !slices.Contains([]string{"ACTOR", "PLACE", "FIGURE"}, line) {
			t.Errorf("annotation.conf line %q is neither a comment, a section nor a label", line)
		}
	}

	// The export reads back as the same collection.
	again := readRecords(t, []string{out}, formats.FormatAuto, formats.Options{})
	if len(again) != len(recs) {
		t.Fatalf("read %d documents back, want %d", len(again), len(recs))
	}
	for i, r := range again {
		if r.ExternalID != recs[i].ExternalID || r.Text != recs[i].Text || !r.Annotated || !slices.EqualFunc(r.Spans, recs[i].Spans, model.Span.Equal) {
			t.Errorf("%s read back as %q %v, want %q %v", r.Source, r.ExternalID, r.Spans, recs[i].ExternalID, recs[i].Spans)
		}
	}
}

// Spans that overlap are allowed in the written annotation.conf, else brat
// would mark each of them as an error; without overlaps the rule is left out.
func TestBratWriter_ConfAllowsOverlaps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spans []model.Span
		want  bool
	}{
		{"Nested", []model.Span{{Start: 0, End: 17, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}}, true},
		{"Apart", []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bratExport(t, dir, &formats.Annotation{Document: model.Document{ID: "1", ExternalID: "a", Text: example}, Spans: tc.spans})
			conf := charMustRead(t, dir, "annotation.conf")
			if got := strings.Contains(conf, "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"); got != tc.want {
				t.Errorf("overlap rule written: %v, want %v\n%s", got, tc.want, conf)
			}
		})
	}
}

// A split export writes each part as a collection of its own, each with its
// annotation.conf.
func TestBratWriter_ConfPerFolder(t *testing.T) {
	root := t.TempDir()
	for _, part := range []string{"train", "test"} {
		bratExport(t, filepath.Join(root, part), charExample("doc", false))
	}
	want := []string{"test/annotation.conf", "test/doc.ann", "test/doc.txt", "train/annotation.conf", "train/doc.ann", "train/doc.txt"}
	if got := bratFiles(t, root); !slices.Equal(got, want) {
		t.Fatalf("files %q, want %q", got, want)
	}
}
