package formats_test

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// A GermEval-style file: a comment, an index column, outer and inner tags.
const indexed = "# source = a test\n" +
	"1\tFC\tB-ORG\tO\n" +
	"2\tKickers\tI-ORG\tO\n" +
	"3\tDarmstadt\tI-ORG\tB-LOC\n" +
	"4\twon\tO\tO\n" +
	"\n" +
	"1\tNothing\tO\tO\n" +
	"2\there\tO\tO\n"

func TestReadCoNLL_IndexColumnGuess(t *testing.T) {
	path := writeFile(t, t.TempDir(), "g.tsv", indexed)
	recs := readRecords(t, []string{path}, formats.FormatCoNLL, formats.Options{CoNLLDocuments: formats.ConllSentence})
	if len(recs) != 2 {
		t.Fatalf("read %d records, want a document per sentence", len(recs))
	}
	if recs[0].Text != "FC Kickers Darmstadt won" || recs[1].Text != "Nothing here" {
		t.Fatalf("texts %q, %q: the index column must not become the text", recs[0].Text, recs[1].Text)
	}
	checkSpans(t, recs[0], []wantSpan{{0, 20, "ORG", "FC Kickers Darmstadt"}})
	if !recs[0].Annotated || !recs[1].Annotated || len(recs[1].Spans) != 0 {
		t.Errorf("Annotated %v %v, spans %v: an all-O sentence is a negative example", recs[0].Annotated, recs[1].Annotated, recs[1].Spans)
	}
	if recs[0].Line != 2 || recs[1].Line != 7 || recs[0].SpanLines[0] != 2 {
		t.Errorf("Lines %d %d, SpanLines %v", recs[0].Line, recs[1].Line, recs[0].SpanLines)
	}
	if recs[0].NotKept["comment lines"] != 1 || recs[0].Format != formats.FormatCoNLL {
		t.Errorf("NotKept %v, Format %q", recs[0].NotKept, recs[0].Format)
	}
}

func TestReadCoNLL_NestedTagColumns(t *testing.T) {
	path := writeFile(t, t.TempDir(), "g.tsv", indexed)
	recs := readRecords(t, []string{path}, formats.FormatCoNLL, formats.Options{TagColumns: []int{3, 4}})
	if len(recs) != 1 {
		t.Fatalf("read %d records, want the file as one document", len(recs))
	}
	checkSpans(t, recs[0], []wantSpan{{0, 20, "ORG", "FC Kickers Darmstadt"}, {11, 20, "LOC", "Darmstadt"}})
	if got := recs[0].SpanLines; len(got) != 2 || got[0] != 2 || got[1] != 4 {
		t.Errorf("SpanLines %v, want [2 4]", got)
	}
	// The inner column alone, and the token named explicitly.
	recs = readRecords(t, []string{path}, formats.FormatCoNLL, formats.Options{TokenColumn: 2, TagColumns: []int{4}})
	checkSpans(t, recs[0], []wantSpan{{11, 20, "LOC", "Darmstadt"}})
}

func TestReadCoNLL_NumericTokenColumnWarns(t *testing.T) {
	path := writeFile(t, t.TempDir(), "g.tsv", indexed)
	items := readAll(t, []string{path}, formats.FormatCoNLL, formats.Options{TokenColumn: 1, TagColumns: []int{3}})
	if len(items) != 2 || items[0].rec == nil || items[0].rec.Text != "1 2 3 4 1 2" {
		t.Fatalf("got %+v, want the (wrong) record, then a warning", items)
	}
	if e := items[1].err; e == nil || !e.Warning || e.Fatal || !strings.Contains(e.Msg, "every one of the 6 tokens read from column 1 is a number") {
		t.Fatalf("second result %+v, want a warning about the numeric token column", items[1])
	}
	// A file whose tokens are words has no warning.
	ok := writeFile(t, t.TempDir(), "ok.conll", "1996 O\nwas O\n")
	if items := readAll(t, []string{ok}, formats.FormatCoNLL, formats.Options{}); len(items) != 1 || items[0].rec == nil {
		t.Fatalf("got %+v, want one record and no warning", items)
	}
}

func TestReadCoNLL_TagSchemes(t *testing.T) {
	tests := []struct {
		name, content string
		want          []wantSpan
	}{
		// IO: no prefixes; consecutive tokens with the same tag are one span.
		{"IO", "Ada PER\nLovelace PER\nmet O\nBabbage PER\nin O\nLondon LOC\n",
			[]wantSpan{{0, 12, "PER", "Ada Lovelace"}, {17, 24, "PER", "Babbage"}, {28, 34, "LOC", "London"}}},
		{"IOB1", "Ada I-PER\nLovelace I-PER\nBabbage B-PER\nin O\n",
			[]wantSpan{{0, 12, "PER", "Ada Lovelace"}, {13, 20, "PER", "Babbage"}}},
		{"IOB2", "Ada B-PER\nLovelace I-PER\nBabbage B-PER\nin O\n",
			[]wantSpan{{0, 12, "PER", "Ada Lovelace"}, {13, 20, "PER", "Babbage"}}},
		{"BIOES", "Ada B-PER\nLovelace E-PER\nBabbage S-PER\nin O\n",
			[]wantSpan{{0, 12, "PER", "Ada Lovelace"}, {13, 20, "PER", "Babbage"}}},
		{"BMES", "Ada B-PER\nKing M-PER\nLovelace E-PER\n", []wantSpan{{0, 17, "PER", "Ada King Lovelace"}}},
		{"LabelWithSpaceFreeDashes", "VMA creative-work\npre-show O\n", []wantSpan{{0, 3, "creative-work", "VMA"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := readOne(t, writeFile(t, t.TempDir(), "s.conll", tt.content), formats.FormatCoNLL)
			checkSpans(t, rec, tt.want)
		})
	}
}

func TestReadCoNLL_DocumentSplits(t *testing.T) {
	content := "-DOCSTART- O\n\na O\nb O\n\nc B-X\n\n-DOCSTART- O\n\nd O\n"
	path := writeFile(t, t.TempDir(), "d.conll", content)
	for split, want := range map[string][]string{
		"":                    {"a b c", "d"},
		formats.ConllDocstart: {"a b c", "d"},
		formats.ConllSentence: {"a b", "c", "d"},
		formats.ConllFile:     {"a b c d"},
	} {
		var got []string
		for _, r := range readRecords(t, []string{path}, formats.FormatCoNLL, formats.Options{CoNLLDocuments: split}) {
			got = append(got, r.Text)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("split %q: documents %q, want %q", split, got, want)
		}
	}
}

func TestReadCoNLL_CommentsAndHashTokens(t *testing.T) {
	// A stray byte order mark where two files were joined, "#" as a token
	// with a tag, a hashtag, and a comment after a blank line.
	content := "\uFEFF# newdoc\nIt O\n# O\nrains O\n\n\uFEFF#mlb B-group\n#\tcomment\tline\nwins O\n"
	path := writeFile(t, t.TempDir(), "h.conll", content)
	rec := readOne(t, path, formats.FormatCoNLL)
	// "#\tcomment\tline" in the middle of a sentence is a token line whose
	// last column "line" reads as an IO tag: comments only open sentences.
	if want := "It # rains #mlb # wins"; rec.Text != want {
		t.Fatalf("Text %q, want %q", rec.Text, want)
	}
	checkSpans(t, rec, []wantSpan{{11, 15, "group", "#mlb"}, {16, 17, "line", "#"}})
	if rec.NotKept["comment lines"] != 1 {
		t.Errorf("NotKept %v, want 1 comment line", rec.NotKept)
	}
}

func TestReadCoNLL_ColumnErrors(t *testing.T) {
	path := writeFile(t, t.TempDir(), "c.conll", "-DOCSTART- O\nfine -X- O\n\n-DOCSTART- O\nshort O\n")
	items := readAll(t, []string{path}, formats.FormatCoNLL, formats.Options{TagColumns: []int{3}})
	if len(items) != 2 || items[0].rec == nil {
		t.Fatalf("got %+v, want a record then an error", items)
	}
	checkInputError(t, items[1].err, path, 5, false, "line has 2 columns, but the token is read from column 1 and tags from column 3")

	for _, opts := range []formats.Options{
		{CoNLLDocuments: "paragraph"},
		{TokenColumn: -1},
		{TagColumns: []int{0}},
		{TokenColumn: 2, TagColumns: []int{2}},
		{TagColumns: []int{3, 3}},
	} {
		if _, err := formats.OpenPaths([]string{path}, formats.FormatCoNLL, opts); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("Open(%+v) = %v, want EINVALID", opts, err)
		}
	}
}

// A document annotated with no span is written as all O, in both token
// formats: it is a negative example, and must reach the training data.
func TestTokenWriters_ZeroSpans(t *testing.T) {
	a := &formats.Annotation{Document: model.Document{ExternalID: "n", Text: "Nothing to see."}, Annotator: "alice", Status: model.StatusDone}
	out, _, err := export(t, formats.FormatCoNLL, formats.WriterOptions{}, a)
	if err != nil {
		t.Fatal(err)
	}
	if want := "-DOCSTART- -X- O O\n\nNothing -X- _ O\nto -X- _ O\nsee -X- _ O\n. -X- _ O\n\n"; out != want {
		t.Fatalf("conll:\n%s\nwant\n%s", out, want)
	}
	out, _, err = export(t, formats.FormatHF, formats.WriterOptions{Labels: []string{"PER"}}, a)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"0","tokens":["Nothing","to","see","."],"ner_tags":[0,0,0,0],"whitespace":[" "," ","",""]}` + "\n"; out != want {
		t.Fatalf("hf: %s\nwant %s", out, want)
	}
}
