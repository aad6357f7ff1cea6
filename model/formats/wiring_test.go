package formats_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// A .jsonl file of Hugging Face records is recognised by auto, with the tag
// ids read through labels.json beside it.
func TestAutoReadsHuggingFaceJSONL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "labels.json"), []byte(`["O","B-ACTOR","I-ACTOR","B-PLACE","I-PLACE","B-FIGURE","I-FIGURE"]`), 0o644)
	path := filepath.Join(dir, "train.jsonl")
	os.WriteFile(path, []byte(`{"id":"0","tokens":["Putin","met","Erdoğan","in","Moscow",";","34","soldiers","died","🇹🇷","."],"ner_tags":[1,0,1,0,3,0,5,0,0,0,0]}`+"\n"), 0o644)
	r, err := formats.OpenPaths([]string{path}, formats.FormatAuto, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	o := model.NewOffsets(rec.Text)
	var got []string
	for _, s := range rec.Spans {
		got = append(got, o.Slice(s.Start, s.End)+"/"+s.Label)
	}
	if len(got) != 4 || got[1] != "Erdoğan/ACTOR" || got[2] != "Moscow/PLACE" || got[3] != "34/FIGURE" {
		t.Fatalf("spans = %v in %q", got, rec.Text)
	}
}

// Prodigy keeps the source's id in meta; reading a Prodigy export back keeps it.
func TestJSONLTakesIDFromMeta(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.jsonl")
	os.WriteFile(path, []byte(`{"text":"Putin met Erdoğan.","meta":{"source":"wire","id":"story-7"}}`+"\n"+`{"text":"No id here.","meta":{"source":"wire"}}`+"\n"), 0o644)
	r, _ := formats.OpenPaths([]string{path}, formats.FormatProdigy, formats.Options{})
	defer r.Close()
	first, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if first.ExternalID != "story-7" || second.ExternalID != "p.jsonl#2" {
		t.Fatalf("ids = %q, %q", first.ExternalID, second.ExternalID)
	}
}
