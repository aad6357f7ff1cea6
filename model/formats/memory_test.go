package formats_test

import (
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// memFolder is a brat writer's Folder in memory: the files it writes are
// those of fsys, under root.
type memFolder struct {
	fsys fstest.MapFS
	root string
}

func (m memFolder) name(n string) string {
	if n == "." {
		return m.root
	}
	return m.root + "/" + n
}

func (m memFolder) MkdirAll(name string) error {
	m.fsys[m.name(name)] = &fstest.MapFile{Mode: fs.ModeDir | 0o777}
	return nil
}

func (m memFolder) WriteFile(name string, data []byte) error {
	m.fsys[m.name(name)] = &fstest.MapFile{Data: slices.Clone(data), Mode: 0o666}
	return nil
}

func (m memFolder) Rename(from, to string) error {
	f, ok := m.fsys[m.name(from)]
	if !ok {
		return &fs.PathError{Op: "rename", Path: from, Err: fs.ErrNotExist}
	}
	delete(m.fsys, m.name(from))
	m.fsys[m.name(to)] = f
	return nil
}

// readFS reads every record of the inputs, failing the test on any error.
func readFS(t *testing.T, inputs []formats.Input, format formats.Format, opts formats.Options) []*formats.Record {
	t.Helper()
	r, err := formats.Open(inputs, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var recs []*formats.Record
	for {
		rec, err := r.Next()
		if err != nil {
			if err == io.EOF {
				return recs
			}
			t.Fatalf("Next: %v", err)
		}
		recs = append(recs, rec)
	}
}

// A brat collection goes out and comes back without a disk: the writer
// writes into a Folder, auto recognises the folder as brat, and each .ann
// brings the .txt beside it, nested folders and all.
func TestBratRoundTripInMemory(t *testing.T) {
	fsys := fstest.MapFS{}
	w, err := formats.NewBratWriter(memFolder{fsys, "out"}, formats.WriterOptions{Labels: []string{"ACTOR", "PLACE"}})
	if err != nil {
		t.Fatal(err)
	}
	docs := []*formats.Annotation{
		{Document: model.Document{ID: "1", ExternalID: "train/doc1", Text: example}, Spans: []model.Span{{Start: 0, End: 5, Label: "ACTOR"}}},
		{Document: model.Document{ID: "2", ExternalID: "dev/doc2", Text: "Erdoğan in Moscow"}, Spans: []model.Span{{Start: 11, End: 17, Label: "PLACE", Note: "capital"}}},
	}
	for _, a := range docs {
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// Hidden files (an editor's, a tool's) are not part of the collection.
	fsys["out/.git/x.ann"] = &fstest.MapFile{Data: []byte("T1\tX 0 1\tx\n")}

	in := formats.Input{FS: fsys, Name: "out", Path: "exports/out"}
	if got := formats.DetectFormat(in); got != formats.FormatBrat {
		t.Fatalf("DetectFormat = %q, want brat", got)
	}
	recs := readFS(t, []formats.Input{in}, formats.FormatAuto, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("read %d records, want 2", len(recs))
	}
	for i, want := range []struct {
		id, source, text string
		span             model.Span
	}{
		{"dev/doc2", "exports/out/dev/doc2.ann", "Erdoğan in Moscow", model.Span{Start: 11, End: 17, Label: "PLACE", Note: "capital"}},
		{"train/doc1", "exports/out/train/doc1.ann", example, model.Span{Start: 0, End: 5, Label: "ACTOR"}},
	} {
		r := recs[i]
		if r.ExternalID != want.id || r.Source != want.source || r.Text != want.text || !r.Annotated ||
			len(r.Spans) != 1 || !r.Spans[0].Equal(want.span) {
			t.Errorf("record %d = %q from %q, %q, spans %v; want %q from %q, %q, %v", i, r.ExternalID, r.Source, r.Text, r.Spans, want.id, want.source, want.text, want.span)
		}
	}
}

// An hf file finds its tag list beside it in the same file system, or
// where Options.HFLabelsFile says, and names each file by its Path.
func TestHFLabelsInMemory(t *testing.T) {
	data := []byte(`{"tokens": ["Putin", "met", "Erdoğan"], "ner_tags": [1, 0, 1]}` + "\n")
	fsys := fstest.MapFS{
		"corpus/train.jsonl": {Data: data},
		"corpus/labels.json": {Data: []byte(`["O", "B-PER", "I-PER"]`)},
		"other/tags.json":    {Data: []byte(`{"0": "O", "1": "B-LOC"}`)},
	}
	in := formats.Input{FS: fsys, Name: "corpus/train.jsonl", Path: "/data/corpus/train.jsonl"}
	recs := readFS(t, []formats.Input{in}, formats.FormatHF, formats.Options{})
	if len(recs) != 1 || len(recs[0].Spans) != 2 || recs[0].Spans[0].Label != "PER" || recs[0].Source != in.Path {
		t.Fatalf("read %+v, want one record of two PER spans from %s", recs, in.Path)
	}
	opts := formats.Options{HFLabels: "tags.json", HFLabelsFile: formats.Input{FS: fsys, Name: "other/tags.json", Path: "tags.json"}}
	recs = readFS(t, []formats.Input{in}, formats.FormatHF, opts)
	if len(recs) != 1 || len(recs[0].Spans) != 2 || recs[0].Spans[1].Label != "LOC" {
		t.Fatalf("with HFLabelsFile read %+v, want two LOC spans", recs)
	}

	// Without a tag list, the message names the folder as the user knows it.
	delete(fsys, "corpus/labels.json")
	r, err := formats.Open([]formats.Input{in}, formats.FormatHF, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Next()
	if err == nil || !strings.Contains(err.Error(), "/data/corpus/train.jsonl:1:") || !strings.Contains(err.Error(), "looked in /data/corpus for labels.json") {
		t.Fatalf("Next = %v, want the missing tag list named in /data/corpus", err)
	}

	// A tag list named without a file system to read it from is refused
	// before anything is read.
	if _, err := formats.Open([]formats.Input{in}, formats.FormatHF, formats.Options{HFLabels: "tags.json"}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("Open with HFLabels alone = %v, want EINVALID", err)
	}
}
