package formats_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// The checks in this file read the real files of testdata/real/conll and
// testdata/real/hf (see the README there) with a few lines of their own,
// not with the readers under test, and compare what they find with what the
// readers import and the writers export. Both sides become a flat view that
// survives retokenization: the tokens glued together without spaces, and
// each span as its label and its place and text in that glued string.

// flatSpan is a span in the glued string of a file's tokens.
type flatSpan struct {
	Label string
	At    int    // byte offset in the glued tokens
	Text  string // the span's tokens glued
}

// flat is a corpus seen that way.
type flat struct {
	glued string
	spans []flatSpan
}

// tagSpans turns one sentence's tags into token spans by the rules every
// scheme shares: O closes; B- and S- start; I-, E- and a bare label
// continue a span of the same label or start one; E- and S- close.
func tagSpans(tags []string) [][3]any { // first, last, label
	var out [][3]any
	open := false
	for i, tag := range tags {
		if tag == "O" {
			open = false
			continue
		}
		prefix, label := "I", tag
		if len(tag) > 2 && tag[1] == '-' {
			prefix, label = tag[:1], tag[2:]
		}
		n := len(out)
		if open && (prefix == "I" || prefix == "E") && out[n-1][2] == label {
			out[n-1][1] = i
		} else {
			out = append(out, [3]any{i, i, label})
		}
		open = prefix == "B" || prefix == "I"
	}
	return out
}

// addSentence adds a sentence's tokens and the spans of its tag layers to f.
func (f *flat) addSentence(tokens []string, layers ...[]string) {
	at := make([]int, len(tokens)+1)
	at[0] = len(f.glued)
	for i, t := range tokens {
		at[i+1] = at[i] + len(t)
	}
	for _, tags := range layers {
		for _, s := range tagSpans(tags) {
			first, last := s[0].(int), s[1].(int)
			f.spans = append(f.spans, flatSpan{s[2].(string), at[first], strings.Join(tokens[first:last+1], "")})
		}
	}
	f.glued += strings.Join(tokens, "")
}

// addText adds a document with code-point spans, as a reader returns it.
func (f *flat) addText(tb testing.TB, text string, spans []model.Span) {
	tb.Helper()
	runes := []rune(text)
	byteAt := func(cp int) int { // glued byte offset of code point cp
		return len(strings.Join(strings.Fields(string(runes[:cp])), ""))
	}
	base := len(f.glued)
	for _, s := range spans {
		f.spans = append(f.spans, flatSpan{s.Label, base + byteAt(s.Start), strings.Join(strings.Fields(string(runes[s.Start:s.End])), "")})
	}
	f.glued += strings.Join(strings.Fields(text), "")
}

// sortSpans puts spans in one order whatever order the layers came in.
func (f *flat) sortSpans() {
	s := f.spans
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && (s[j].At < s[j-1].At || s[j].At == s[j-1].At && (len(s[j].Text) > len(s[j-1].Text) || len(s[j].Text) == len(s[j-1].Text) && s[j].Label < s[j-1].Label)); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// readColumns reads a column file with its own few lines: sentences split
// at blank (or white-space-only) lines, -DOCSTART- lines dropped, and, in a
// file known to have them (comments), comment lines (first field "#");
// fields split at tabs or spaces. strip cuts a prefix off each token.
func readColumns(tb testing.TB, path string, tokenCol int, tagCols []int, strip string, comments bool) flat {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var f flat
	var tokens []string
	layers := make([][]string, len(tagCols))
	flush := func() {
		if len(tokens) > 0 {
			f.addSentence(tokens, layers...)
		}
		tokens = nil
		layers = make([][]string, len(tagCols))
	}
	for _, line := range strings.Split(string(data), "\n") {
		cols := strings.Fields(line)
		switch {
		case len(cols) == 0:
			flush()
			continue
		case cols[0] == "-DOCSTART-", comments && cols[0] == "#":
			continue
		}
		tokens = append(tokens, strings.TrimPrefix(cols[tokenCol-1], strip))
		for i, c := range tagCols {
			if c == 0 {
				c = len(cols)
			}
			layers[i] = append(layers[i], cols[c-1])
		}
	}
	flush()
	f.sortSpans()
	return f
}

// readHFRows reads HF JSONL with encoding/json and a tag list.
func readHFRows(tb testing.TB, path string, tags []string) flat {
	tb.Helper()
	file, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer file.Close()
	var f flat
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		var row struct {
			Tokens  []string `json:"tokens"`
			NerTags []int    `json:"ner_tags"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		names := make([]string, len(row.NerTags))
		for i, id := range row.NerTags {
			names[i] = tags[id]
		}
		f.addSentence(row.Tokens, names)
	}
	f.sortSpans()
	return f
}

// importedFlat is what the reader imports from paths, seen flat.
func importedFlat(tb testing.TB, recs []*formats.Record) flat {
	tb.Helper()
	var f flat
	for _, r := range recs {
		if !r.Annotated {
			tb.Fatalf("%s: record not marked annotated", r.Where())
		}
		f.addText(tb, r.Text, r.Spans)
	}
	f.sortSpans()
	return f
}

func compareFlat(tb testing.TB, what string, got, want flat) {
	tb.Helper()
	if got.glued != want.glued {
		i := 0
		for i < len(got.glued) && i < len(want.glued) && got.glued[i] == want.glued[i] {
			i++
		}
		from := max(0, i-40)
		tb.Fatalf("%s: tokens differ at byte %d:\n got …%.80q\nwant …%.80q", what, i, got.glued[from:], want.glued[from:])
	}
	if !reflect.DeepEqual(got.spans, want.spans) {
		tb.Fatalf("%s: spans differ:\n got %v\nwant %v", what, got.spans, want.spans)
	}
	if len(want.spans) == 0 {
		tb.Fatalf("%s: the file has no spans: the check would prove nothing", what)
	}
}

// annotations turns imported records into what an export is given.
func annotations(recs []*formats.Record) []*formats.Annotation {
	anns := make([]*formats.Annotation, len(recs))
	for i, r := range recs {
		anns[i] = &formats.Annotation{
			Document:  model.Document{ExternalID: r.ExternalID, Text: r.Text},
			Annotator: "alice", Status: model.StatusDone, Spans: r.Spans,
		}
	}
	return anns
}

// labelsOf lists the labels of recs in order of first use.
func labelsOf(recs []*formats.Record) []string {
	var labels []string
	seen := map[string]bool{}
	for _, r := range recs {
		for _, s := range r.Spans {
			if !seen[s.Label] {
				seen[s.Label] = true
				labels = append(labels, s.Label)
			}
		}
	}
	return labels
}

func TestRealCoNLL_RoundTrip(t *testing.T) {
	dir := filepath.Join("testdata", "real", "conll")
	tests := []struct {
		name, file string
		opts       formats.Options
		tokenCol   int   // for the independent reading, 1-based
		tagCols    []int // 0 means the last column
		strip      string
		comments   bool
		docs       int // records the reader must make
	}{
		// GermEval-2014: index, token, outer, inner; "#" source lines. The
		// guess finds the index and reads the outer tags.
		{"GermEvalOuter", "germeval2014-test-excerpt.tsv", formats.Options{CoNLLDocuments: formats.ConllSentence}, 2, []int{3}, "", true, 5},
		// WNUT-17: token TAB tag, sentences separated by a line holding a
		// tab, no -DOCSTART-: one document for the file by default.
		{"WNUT17", "wnut17-train-excerpt.conll", formats.Options{}, 1, []int{0}, "", false, 1},
		{"WNUT17PerSentence", "wnut17-train-excerpt.conll", formats.Options{CoNLLDocuments: formats.ConllSentence}, 1, []int{0}, "", false, 6},
		// WikiANN (Rahimi et al. split): "en:token TAB tag".
		{"WikiANN", "wikiann-en-test-excerpt.txt", formats.Options{}, 1, []int{0}, "", false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			want := readColumns(t, path, tt.tokenCol, tt.tagCols, tt.strip, tt.comments)
			recs := readRecords(t, []string{path}, formats.FormatCoNLL, tt.opts)
			if len(recs) != tt.docs {
				t.Fatalf("read %d documents, want %d", len(recs), tt.docs)
			}
			compareFlat(t, "import", importedFlat(t, recs), want)

			for _, scheme := range []formats.Scheme{formats.SchemeIOB1, formats.SchemeIOB2, formats.SchemeBIOES} {
				out := writeExport(t, t.TempDir(), "out.conll", formats.FormatCoNLL, formats.WriterOptions{Scheme: scheme}, annotations(recs))
				compareFlat(t, "export "+string(scheme), readColumns(t, out, 1, []int{0}, "", false), want)
			}
		})
	}
}

// GermEval's fourth column holds entities nested in those of the third:
// read both, they make overlapping spans, each on its own token line.
func TestRealCoNLL_GermEvalNested(t *testing.T) {
	path := filepath.Join("testdata", "real", "conll", "germeval2014-test-excerpt.tsv")
	want := readColumns(t, path, 2, []int{3, 4}, "", true)
	opts := formats.Options{TagColumns: []int{3, 4}, CoNLLDocuments: formats.ConllSentence}
	recs := readRecords(t, []string{path}, formats.FormatCoNLL, opts)
	compareFlat(t, "import", importedFlat(t, recs), want)

	// The fifth sentence: "Lehmbruck - Beuys .Zeichnungen" is an OTH with
	// two PER inside it.
	rec := recs[4]
	var got []string
	for i, s := range rec.Spans {
		got = append(got, fmt.Sprintf("%s %q line %d", s.Label, string([]rune(rec.Text)[s.Start:s.End]), rec.SpanLines[i]))
	}
	wantSpans := []string{
		`OTH "Lehmbruck - Beuys .Zeichnungen" line 86`, `PER "Lehmbruck" line 86`, `PER "Beuys" line 88`,
		`PER "Marion Bornscheuer" line 103`, `ORG "Lehmbruck-Museum" line 110`,
	}
	if !reflect.DeepEqual(got, wantSpans) {
		t.Fatalf("spans:\n got %q\nwant %q", got, wantSpans)
	}
	if rec.NotKept["comment lines"] != 1 || rec.Line != 85 {
		t.Errorf("NotKept %v, Line %d; want the source comment counted and the record on line 85", rec.NotKept, rec.Line)
	}
}

func TestRealHF_RoundTrip(t *testing.T) {
	dir := filepath.Join("testdata", "real", "hf")
	tests := []struct {
		name, file string
		tags       []string // what ner_tags ids mean, written out here
	}{
		// wnut_17 as datasets exports it, beside datasets' own
		// dataset_infos.json, which holds the tag names.
		{"WNUT17DatasetInfos", "wnut17/train.jsonl", []string{"O", "B-corporation", "I-corporation", "B-creative-work", "I-creative-work",
			"B-group", "I-group", "B-location", "I-location", "B-person", "I-person", "B-product", "I-product"}},
		// WikiANN rows tagged with the ids of a CoNLL-2003 model, whose
		// config.json (id2label, keys strings of ints) is beside them.
		{"WikiANNConfigJSON", "wikiann-config/test.jsonl", []string{"O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			want := readHFRows(t, path, tt.tags)
			recs := readRecords(t, []string{path}, formats.FormatHF, formats.Options{})
			compareFlat(t, "import", importedFlat(t, recs), want)

			labels := labelsOf(recs)
			for _, scheme := range []formats.Scheme{formats.SchemeIOB2, formats.SchemeBIOES} {
				opts := formats.WriterOptions{Labels: labels, Scheme: scheme}
				out := writeExport(t, t.TempDir(), "out.jsonl", formats.FormatHF, opts, annotations(recs))
				compareFlat(t, "export "+string(scheme), readHFRows(t, out, formats.HFTags(labels, scheme)), want)
			}
		})
	}
}
