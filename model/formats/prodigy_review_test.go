package formats_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// versionOf is a Version as the tests spell one: annotator, answer,
// default, spans.
type versionOf struct {
	annotator, answer string
	status            model.Status
	def               bool
	spans             []wantSpan
}

func checkVersions(t *testing.T, rec *formats.Record, want []versionOf) {
	t.Helper()
	if len(rec.Versions) != len(want) {
		t.Fatalf("%s: %d versions, want %d: %+v", rec.Where(), len(rec.Versions), len(want), rec.Versions)
	}
	for i, w := range want {
		v := rec.Versions[i]
		if v.Annotator != w.annotator || v.Answer != w.answer || v.Status != w.status || v.Default != w.def {
			t.Errorf("%s: version %d = %s %q %q default %v, want %s %q %q default %v", rec.Where(), i,
				v.Annotator, v.Answer, v.Status, v.Default, w.annotator, w.answer, w.status, w.def)
		}
		checkSpans(t, &formats.Record{Source: rec.Source, Line: rec.Line, Text: rec.Text, Spans: v.Spans}, w.spans)
	}
}

func TestReadProdigyReview(t *testing.T) {
	path := filepath.Join("testdata", "prodigy-review", "ner-manual-review.jsonl")
	recs := readRecords(t, []string{path}, formats.FormatAuto, formats.Options{})
	if len(recs) != 3 {
		t.Fatalf("read %d records, want 3", len(recs))
	}
	for _, rec := range recs {
		if !rec.Review || rec.Annotator != "ner_news_review-carol" || rec.Answer != "accept" || !rec.Annotated || rec.Format != formats.FormatProdigy {
			t.Errorf("%s: review %v, annotator %q, answer %q, annotated %v, format %s", rec.Where(), rec.Review, rec.Annotator, rec.Answer, rec.Annotated, rec.Format)
		}
		if rec.NotKept != nil {
			t.Errorf("%s: NotKept %v: a review keeps every version", rec.Where(), rec.NotKept)
		}
		if strings.Contains(string(rec.Meta), "versions") {
			t.Errorf("%s: the versions are in Meta too: %s", rec.Where(), rec.Meta)
		}
	}
	putin, erdogan, moscow := wantSpan{0, 5, "PERSON", "Putin"}, wantSpan{10, 17, "PERSON", "Erdoğan"}, wantSpan{21, 27, "GPE", "Moscow"}
	checkSpans(t, recs[0], []wantSpan{putin, erdogan, moscow})
	checkVersions(t, recs[0], []versionOf{
		{"ner_news-alice", "accept", "", true, []wantSpan{putin, erdogan, moscow}},
		{"ner_news-bob", "accept", "", true, []wantSpan{putin, erdogan, moscow}},
		{"ner_news-dan", "accept", "", false, []wantSpan{putin, moscow}},
	})
	// The reviewer took bob's version and relabeled Idlib: gold is the
	// record's own spans, not a version's.
	ankara, moscow2 := wantSpan{0, 6, "GPE", "Ankara"}, wantSpan{11, 17, "GPE", "Moscow"}
	checkSpans(t, recs[1], []wantSpan{ankara, moscow2, {25, 30, "LOC", "Idlib"}})
	checkVersions(t, recs[1], []versionOf{
		{"ner_news-alice", "accept", "", true, []wantSpan{ankara, moscow2}},
		{"ner_news-dan", "accept", "", true, []wantSpan{ankara, moscow2}},
		{"ner_news-bob", "accept", "", false, []wantSpan{ankara, moscow2, {25, 30, "GPE", "Idlib"}}},
	})
	// Everyone found nothing: three negative examples and a gold one.
	checkSpans(t, recs[2], nil)
	checkVersions(t, recs[2], []versionOf{
		{"ner_news-alice", "accept", "", true, nil},
		{"ner_news-bob", "accept", "", true, nil},
		{"ner_news-dan", "accept", "", true, nil},
	})
	// The review's bookkeeping is no metadata of the text.
	checkMeta(t, recs[0], "")
}

func TestReadProdigyReviewBinary(t *testing.T) {
	// ner.teach reviewed: the versions are the answers to one task. A
	// rejected version is that annotator's skipped set, its spans counted
	// as not kept, as a rejected record's are.
	s := `{"start":0,"end":8,"label":"PERSON"}`
	line := `{"text":"Pedersen arrived.","spans":[` + s + `],"answer":"accept","_session_id":"teach_review-carol","_view_id":"ner",` +
		`"versions":[{"text":"Pedersen arrived.","spans":[` + s + `],"answer":"accept","sessions":["teach-alice","teach-bob"],"default":true},` +
		`{"text":"Pedersen arrived.","spans":[` + s + `],"answer":"reject","sessions":["teach-dan"],"default":false}]}`
	rec := readOne(t, writeFile(t, t.TempDir(), "review.jsonl", line+"\n"), formats.FormatAuto)
	pedersen := wantSpan{0, 8, "PERSON", "Pedersen"}
	checkSpans(t, rec, []wantSpan{pedersen})
	checkVersions(t, rec, []versionOf{
		{"teach-alice", "accept", "", true, []wantSpan{pedersen}},
		{"teach-bob", "accept", "", true, []wantSpan{pedersen}},
		{"teach-dan", "reject", model.StatusSkipped, false, nil},
	})
	if !reflect.DeepEqual(rec.NotKept, map[string]int{"rejected spans": 1}) {
		t.Errorf("NotKept %v", rec.NotKept)
	}
}

func TestReadProdigyReviewRelations(t *testing.T) {
	// rel.manual reviewed: each version's relations join its own spans.
	spans := `[{"start":0,"end":4,"label":"GGP","token_end":0},{"start":9,"end":12,"label":"GGP","token_end":2}]`
	rel := `[{"head":0,"child":2,"label":"Reg"}]`
	line := `{"text":"Smad and Id1","spans":` + spans + `,"relations":` + rel + `,"answer":"accept","_annotator_id":"rel_review-carol",` +
		`"versions":[{"spans":` + spans + `,"relations":` + rel + `,"answer":"accept","sessions":["rel-alice"],"default":true},` +
		`{"spans":` + spans + `,"relations":[],"answer":"accept","sessions":["rel-bob"],"default":false}]}`
	rec := readOne(t, writeFile(t, t.TempDir(), "review.jsonl", line+"\n"), formats.FormatAuto)
	want := []formats.Relation{{From: 0, To: 1, Label: "Reg"}}
	if !reflect.DeepEqual(rec.Relations, want) || len(rec.Versions) != 2 ||
		!reflect.DeepEqual(rec.Versions[0].Relations, want) || rec.Versions[1].Relations != nil {
		t.Fatalf("relations %+v, versions %+v", rec.Relations, rec.Versions)
	}
}

func TestReadProdigyReviewErrors(t *testing.T) {
	for _, c := range []struct{ versions, phrase string }{
		{`[{"text":"Other text","spans":[],"sessions":["a"]}]`, "versions[0]: the version's text is not the reviewed record's"},
		{`[{"spans":[{"start":0,"end":40,"label":"X"}],"sessions":["a"]}]`, "versions[0].spans[0]"},
		{`[{"spans":[],"sessions":["a"]},{"spans":[]}]`, "versions[1]: the version names no session"},
		{`[{"spans":[],"sessions":"a"}]`, `versions[0]: "sessions" must be a list`},
		{`[{"spans":[],"sessions":[3]}]`, "versions[0].sessions[0]: a session must be a non-empty string"},
		{`[{"spans":[],"sessions":["a"],"answer":"maybe"}]`, `versions[0]: "answer" must be`},
		{`[["a"]]`, "versions[0]: a version must be an object"},
		{`{"a":[]}`, `"versions" must be a list`},
	} {
		line := `{"text":"Putin","spans":[],"answer":"accept","versions":` + c.versions + "}"
		path := writeFile(t, t.TempDir(), "review.jsonl", line+"\n")
		checkInputError(t, firstError(t, []string{path}, formats.FormatAuto, formats.Options{}), path, 1, false, c.phrase)
	}
}

func TestReadDoccanoFileAnnotator(t *testing.T) {
	// doccano 1.x writes one file per user, named after the user; the
	// collaborative export, all.jsonl, is no one's. Prodigy records name
	// their annotator themselves.
	dir := filepath.Join("testdata", "doccano-users")
	recs := readRecords(t, []string{filepath.Join(dir, "alice.jsonl"), filepath.Join(dir, "bob.jsonl")}, formats.FormatAuto, formats.Options{})
	if len(recs) != 6 {
		t.Fatalf("read %d records, want 6", len(recs))
	}
	for i, rec := range recs {
		want := "alice"
		if i >= 3 {
			want = "bob"
		}
		if rec.FileAnnotator != want || rec.Annotator != "" || rec.Format != formats.FormatDoccano {
			t.Errorf("%s: file annotator %q, annotator %q, format %s; want %q", rec.Where(), rec.FileAnnotator, rec.Annotator, rec.Format, want)
		}
	}
	tmp := t.TempDir()
	all := readOne(t, writeFile(t, tmp, "all.jsonl", `{"id":1,"text":"EU","label":[[0,2,"ORG"]]}`+"\n"), formats.FormatAuto)
	prodigy := readOne(t, writeFile(t, tmp, "anna.jsonl", `{"text":"EU","spans":[],"answer":"accept"}`+"\n"), formats.FormatAuto)
	if all.FileAnnotator != "" || prodigy.FileAnnotator != "" {
		t.Errorf("file annotators %q (all.jsonl), %q (a Prodigy record), want none", all.FileAnnotator, prodigy.FileAnnotator)
	}
}

// writeZip writes an archive holding files (name → content) in order.
func writeZip(t *testing.T, path string, files [][2]string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, file := range files {
		w, err := zw.Create(file[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(file[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadDoccanoZip(t *testing.T) {
	// doccano's download: the users' files zipped, as a Mac's Archive
	// Utility may leave them (with __MACOSX copies), and a README.
	dir := filepath.Join("testdata", "doccano-users")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	path := writeZip(t, filepath.Join(t.TempDir(), "export.zip"), [][2]string{
		{"bob.jsonl", read("bob.jsonl")},
		{"alice.jsonl", read("alice.jsonl")},
		{"__MACOSX/._alice.jsonl", "\x00\x05\x16\x07"},
		{"README.txt", "exported from doccano"},
	})
	recs := readRecords(t, []string{path}, formats.FormatAuto, formats.Options{})
	if len(recs) != 6 {
		t.Fatalf("read %d records, want 6", len(recs))
	}
	for i, rec := range recs {
		want := "alice" // the archive's lexical order
		if i >= 3 {
			want = "bob"
		}
		if rec.FileAnnotator != want || rec.Source != filepath.Join(path, want+".jsonl") || rec.Format != formats.FormatDoccano {
			t.Errorf("%s: file annotator %q, format %s; want %q", rec.Where(), rec.FileAnnotator, rec.Format, want)
		}
	}
	checkSpans(t, recs[0], []wantSpan{{0, 2, "ORG", "EU"}, {11, 17, "MISC", "German"}, {34, 41, "MISC", "British"}})

	// Not an archive, an archive of nothing to import, and the formats
	// whose documents a folder names.
	tmp := t.TempDir()
	bad := writeFile(t, tmp, "bad.zip", "not a zip")
	checkInputError(t, firstError(t, []string{bad}, formats.FormatAuto, formats.Options{}), bad, 0, true, "is not a zip archive")
	empty := writeZip(t, filepath.Join(tmp, "texts.zip"), [][2]string{{"a.txt", "A text."}})
	checkInputError(t, firstError(t, []string{empty}, formats.FormatAuto, formats.Options{}), empty, 0, true, "no files of a format to import")
	checkInputError(t, firstError(t, []string{empty}, formats.FormatTxt, formats.Options{}), empty, 0, true, "unpack it")
}

func TestReadProdigyReviewMeta(t *testing.T) {
	// The review's sessions and view_id are left out of the metadata; the
	// task's own meta and other fields stay.
	line := `{"text":"Putin","spans":[],"answer":"accept","meta":{"source":"wire","sessions":"kept: meta's own"},"sessions":["a"],"view_id":"ner_manual","batch":7,` +
		`"versions":[{"spans":[],"sessions":["a"],"default":true}]}`
	rec := readOne(t, writeFile(t, t.TempDir(), "review.jsonl", line+"\n"), formats.FormatAuto)
	checkMeta(t, rec, `{"source":"wire","sessions":"kept: meta's own","batch":7}`)
}
