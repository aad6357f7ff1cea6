package formats_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/tokenize"
)

// conllExample is the CoNLL block of the formats notes, verbatim.
const conllExample = `-DOCSTART- -X- O O

Putin -X- _ B-ACTOR
met -X- _ O
Erdoğan -X- _ B-ACTOR
in -X- _ O
Moscow -X- _ B-PLACE
; -X- _ O
34 -X- _ B-FIGURE
soldiers -X- _ O
died -X- _ O
🇹🇷 -X- _ O
. -X- _ O

`

// exampleRebuilt is the example as token readers rebuild it: tokens joined
// by single spaces.
const exampleRebuilt = "Putin met Erdoğan in Moscow ; 34 soldiers died 🇹🇷 ."

var exampleRebuiltSpans = []wantSpan{
	{0, 5, "ACTOR", "Putin"},
	{10, 17, "ACTOR", "Erdoğan"},
	{21, 27, "PLACE", "Moscow"},
	{30, 32, "FIGURE", "34"},
}

func TestReadCoNLL_Example(t *testing.T) {
	path := writeFile(t, t.TempDir(), "news.conll", conllExample)
	for _, format := range []formats.Format{formats.FormatCoNLL, formats.FormatAuto} {
		rec := readOne(t, path, format)
		if rec.Text != exampleRebuilt {
			t.Fatalf("Text = %q, want %q", rec.Text, exampleRebuilt)
		}
		checkSpans(t, rec, exampleRebuiltSpans)
		if rec.Line != 1 || rec.ExternalID != "news.conll#1" || rec.Source != path {
			t.Errorf("Line, ExternalID, Source = %d, %q, %q", rec.Line, rec.ExternalID, rec.Source)
		}
		if rec.Meta != nil || rec.Annotator != "" {
			t.Errorf("Meta, Annotator = %s, %q, want none", rec.Meta, rec.Annotator)
		}
	}
}

func TestReadCoNLL_DocumentsAndSentences(t *testing.T) {
	// IOB1 tags, a multi-token span, sentences, an empty document, blank
	// lines in odd places.
	content := strings.Join([]string{
		"-DOCSTART- -X- -X- O",
		"",
		"EU NNP B-NP I-ORG",
		"rejects VBZ B-VP O",
		"German JJ B-NP I-MISC",
		"call NN I-NP O",
		"",
		"Peter NNP B-NP I-PER",
		"Blackburn NNP I-NP I-PER",
		"",
		"",
		"-DOCSTART- -X- -X- O",
		"",
		"-DOCSTART- -X- -X- O",
		"",
		"BRUSSELS NNP B-NP I-LOC",
		"1996-08-22 CD I-NP O",
		"",
	}, "\n")
	path := writeFile(t, t.TempDir(), "eng.train", content)
	recs := readRecords(t, []string{path}, formats.FormatCoNLL, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	if got, want := recs[0].Text, "EU rejects German call Peter Blackburn"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	checkSpans(t, recs[0], []wantSpan{{0, 2, "ORG", "EU"}, {11, 17, "MISC", "German"}, {23, 38, "PER", "Peter Blackburn"}})
	if recs[0].Line != 1 || recs[0].ExternalID != "eng.train#1" {
		t.Errorf("first: Line %d, ExternalID %q", recs[0].Line, recs[0].ExternalID)
	}
	// The empty document between them is not counted.
	if recs[1].Text != "BRUSSELS 1996-08-22" || recs[1].Line != 14 || recs[1].ExternalID != "eng.train#2" {
		t.Errorf("second: %q, Line %d, ExternalID %q", recs[1].Text, recs[1].Line, recs[1].ExternalID)
	}
	checkSpans(t, recs[1], []wantSpan{{0, 8, "LOC", "BRUSSELS"}})
}

func TestReadCoNLL_SpanStopsAtSentenceEnd(t *testing.T) {
	// As in seqeval: an I- tag after a blank line starts a new span.
	path := writeFile(t, t.TempDir(), "s.conll", "New I-LOC\nYork I-LOC\n\nCity I-LOC\nhall O\n")
	rec := readOne(t, path, formats.FormatCoNLL)
	checkSpans(t, rec, []wantSpan{{0, 8, "LOC", "New York"}, {9, 13, "LOC", "City"}})
}

func TestReadCoNLL_NoDocstart(t *testing.T) {
	// Two-column files with tabs, CRLF, a BOM, BIOES tags: one document.
	content := "\uFEFFHélène\tB-PER\r\nDupré\tE-PER\r\nvisited\tO\r\n\r\n東京\tS-LOC\r\n.\tO\r\n"
	path := writeFile(t, t.TempDir(), "two.iob", content)
	rec := readOne(t, path, formats.FormatAuto)
	if got, want := rec.Text, "Hélène Dupré visited 東京 ."; got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
	checkSpans(t, rec, []wantSpan{{0, 12, "PER", "Hélène Dupré"}, {21, 23, "LOC", "東京"}})
	if rec.Line != 1 || rec.ExternalID != "two.iob#1" {
		t.Errorf("Line %d, ExternalID %q", rec.Line, rec.ExternalID)
	}
}

func TestReadCoNLL_Empty(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty.conll":    "",
		"blank.conll":    "\n\n  \n",
		"docstart.conll": "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n",
	} {
		path := writeFile(t, dir, name, content)
		if items := readAll(t, []string{path}, formats.FormatCoNLL, formats.Options{}); len(items) != 0 {
			t.Errorf("%s: %d results, want none", name, len(items))
		}
	}
}

func TestReadCoNLL_Errors(t *testing.T) {
	tests := []struct {
		name, line, phrase string
	}{
		{"OneColumn", "Moscow", "line has one column"},
		{"BadPrefix", "Moscow -X- _ X-PLACE", `tag "X-PLACE" has an unknown prefix`},
		{"NoLabel", "Moscow -X- _ B-", `tag "B-" has no label`},
		{"Lowercase", "Moscow o", `tag "o"`},
		{"InvalidUTF8", "Mosc\xf6w O", "not valid UTF-8"},
		{"BlankToken", "\u00a0 O", "only white space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Document 1 is fine; document 2 has the bad line (line 7) in
			// its middle; document 3 (from line 10) is fine again.
			content := "-DOCSTART- O\n\nfine O\n\n-DOCSTART- O\nfirst O\n" + tt.line + "\nlater B-X\n\n-DOCSTART- O\nagain B-X\n"
			path := writeFile(t, t.TempDir(), "bad.conll", content)
			items := readAll(t, []string{path}, formats.FormatCoNLL, formats.Options{})
			if len(items) != 3 {
				t.Fatalf("%d results, want record, error, record: %+v", len(items), items)
			}
			if items[0].rec == nil || items[0].rec.Text != "fine" {
				t.Fatalf("first result %+v, want the record \"fine\"", items[0])
			}
			checkInputError(t, items[1].err, path, 7, false, tt.phrase)
			if r := items[2].rec; r == nil || r.Text != "again" || r.ExternalID != "bad.conll#3" || r.Line != 10 {
				t.Fatalf("third result %+v, want the record \"again\", bad.conll#3 on line 10", items[2])
			}
		})
	}
}

func TestCoNLLWriter_Example(t *testing.T) {
	// iob1 has no B- here: no span follows another of its label directly.
	iob1 := strings.NewReplacer("B-", "I-").Replace(conllExample)
	bioes := strings.NewReplacer("B-", "S-").Replace(conllExample)
	for _, tc := range []struct {
		scheme formats.Scheme
		want   string
	}{
		{"", conllExample},
		{formats.SchemeIOB2, conllExample},
		{formats.SchemeIOB1, iob1},
		{formats.SchemeBIOES, bioes},
	} {
		out, w, err := export(t, formats.FormatCoNLL, formats.WriterOptions{Scheme: tc.scheme}, exampleAnnotation())
		if err != nil {
			t.Fatalf("%s: %v", tc.scheme, err)
		}
		if out != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.scheme, out, tc.want)
		}
		if w.(formats.Snapper).Snapped() != 0 {
			t.Errorf("%s: Snapped", tc.scheme)
		}
	}
}

func TestCoNLLWriter_Schemes(t *testing.T) {
	// Multi-token spans, two spans of one label side by side, two sentences
	// and two documents.
	text := "Vladimir Putin Recep Erdoğan met. They talked in New York."
	a := &formats.Annotation{
		Document: model.Document{ExternalID: "d1", Text: text},
		Spans: []model.Span{
			{Start: 0, End: 14, Label: "ACTOR"},  // Vladimir Putin
			{Start: 15, End: 28, Label: "ACTOR"}, // Recep Erdoğan
			{Start: 49, End: 57, Label: "PLACE"}, // New York
		},
	}
	b := &formats.Annotation{Document: model.Document{ExternalID: "d2", Text: "Nothing here."}}
	tokens := []string{"Vladimir", "Putin", "Recep", "Erdoğan", "met", ".", "", "They", "talked", "in", "New", "York", "."}
	for _, tc := range []struct {
		scheme formats.Scheme
		tags   string
	}{
		{formats.SchemeIOB1, "I-ACTOR I-ACTOR B-ACTOR I-ACTOR O O | O O O I-PLACE I-PLACE O"},
		{formats.SchemeIOB2, "B-ACTOR I-ACTOR B-ACTOR I-ACTOR O O | O O O B-PLACE I-PLACE O"},
		{formats.SchemeBIOES, "B-ACTOR E-ACTOR B-ACTOR E-ACTOR O O | O O O B-PLACE E-PLACE O"},
	} {
		var want strings.Builder
		want.WriteString("-DOCSTART- -X- O O\n\n")
		for i, tag := range strings.Fields(tc.tags) {
			if tag == "|" {
				want.WriteString("\n")
				continue
			}
			want.WriteString(tokens[i] + " -X- _ " + tag + "\n")
		}
		want.WriteString("\n-DOCSTART- -X- O O\n\nNothing -X- _ O\nhere -X- _ O\n. -X- _ O\n\n")
		out, _, err := export(t, formats.FormatCoNLL, formats.WriterOptions{Scheme: tc.scheme}, a, b)
		if err != nil {
			t.Fatal(err)
		}
		if out != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", tc.scheme, out, want.String())
		}
	}
}

func TestCoNLLWriter_SpanAcrossSentences(t *testing.T) {
	// A span across a sentence end keeps the two sentences together, so
	// that readers, which end spans at blank lines, do not cut it in two.
	text := "The war ended. Peace came. Then rain."
	toks := tokenize.Tokenize(text)
	if sents := tokenize.Sentences(text, toks); len(sents) != 3 {
		t.Fatalf("the test needs three sentences, got %v", sents)
	}
	a := &formats.Annotation{
		Document: model.Document{ExternalID: "d", Text: text},
		Spans:    []model.Span{{Start: 8, End: 20, Label: "EVENT"}}, // "ended. Peace"
	}
	out, _, err := export(t, formats.FormatCoNLL, formats.WriterOptions{}, a)
	if err != nil {
		t.Fatal(err)
	}
	want := "-DOCSTART- -X- O O\n\nThe -X- _ O\nwar -X- _ O\nended -X- _ B-EVENT\n. -X- _ I-EVENT\nPeace -X- _ I-EVENT\ncame -X- _ O\n. -X- _ O\n\n" +
		"Then -X- _ O\nrain -X- _ O\n. -X- _ O\n\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	path := writeFile(t, t.TempDir(), "s.conll", out)
	checkSpans(t, readOne(t, path, formats.FormatCoNLL), []wantSpan{{8, 21, "EVENT", "ended . Peace"}})
}

func TestCoNLLWriter_Misaligned(t *testing.T) {
	a := exampleAnnotation()
	a.Spans[1] = model.Span{Start: 10, End: 14, Label: "ACTOR"} // "Erdo"
	_, _, err := export(t, formats.FormatCoNLL, formats.WriterOptions{}, a)
	var ae *formats.AlignmentError
	if !errors.As(err, &ae) {
		t.Fatalf("Close = %v, want an *AlignmentError", err)
	}
	want := []formats.Misaligned{{Document: "example-1", Start: 10, End: 14, Label: "ACTOR", Text: "Erdo"}}
	if ae.Format != formats.FormatCoNLL || !reflect.DeepEqual(ae.Spans, want) {
		t.Errorf("AlignmentError = %+v, want %+v", ae, want)
	}

	out, w, err := export(t, formats.FormatCoNLL, formats.WriterOptions{Snap: true}, a)
	if err != nil {
		t.Fatal(err)
	}
	if out != conllExample {
		t.Errorf("snapped:\n%s", out)
	}
	if n := w.(formats.Snapper).Snapped(); n != 1 {
		t.Errorf("Snapped = %d, want 1", n)
	}
}

func TestCoNLLWriter_Overlap(t *testing.T) {
	a := exampleAnnotation()
	a.Spans = append(a.Spans,
		model.Span{Start: 0, End: 17, Label: "GROUP"},  // Putin met Erdoğan: over two spans
		model.Span{Start: 21, End: 27, Label: "CITY"},  // Moscow again
		model.Span{Start: 22, End: 24, Label: "OTHER"}, // "os": snapped onto Moscow
	)
	model.SortSpans(a.Spans)
	for _, snap := range []bool{false, true} {
		_, _, err := export(t, formats.FormatCoNLL, formats.WriterOptions{Snap: snap}, a)
		var ae *formats.AlignmentError
		if !errors.As(err, &ae) {
			t.Fatalf("snap %v: Close = %v, want an *AlignmentError", snap, err)
		}
		var got []string
		for _, m := range ae.Spans {
			got = append(got, m.Label+" "+m.Text+" "+m.Reason)
		}
		// Of spans that overlap, the first in token order is kept.
		want := []string{"OTHER os ", "GROUP Putin met Erdoğan overlaps another span", "PLACE Moscow overlaps another span"}
		if snap {
			want = append(want[1:], "OTHER os overlaps another span")
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("snap %v: %q, want %q", snap, got, want)
		}
		if !strings.Contains(err.Error(), "(overlaps another span)") {
			t.Errorf("Error() = %s", err)
		}
	}
}

// checkTokenRoundTrip checks records read back from a token format against
// the annotations exported. The rebuilt text is the tokens joined by single
// spaces; tokenizing it again gives the same tokens or splits some further
// (spaCy's rules are not idempotent: "don't" inside a word stays whole but
// alone becomes "do" "n't"), never joins or cuts across them, so every
// imported span lies on token boundaries and covers the same tokens, with
// the same label, as the span exported.
func checkTokenRoundTrip(t *testing.T, anns []*formats.Annotation, recs []*formats.Record) {
	t.Helper()
	if len(recs) != len(anns) {
		t.Fatalf("read %d records, want %d", len(recs), len(anns))
	}
	finer := 0
	for i, rec := range recs {
		a := anns[i]
		want := tokenize.Tokenize(a.Document.Text)
		texts := make([]string, len(want))
		for k, w := range want {
			texts[k] = w.Text
		}
		if rebuilt := strings.Join(texts, " "); rec.Text != rebuilt {
			t.Fatalf("record %d: text %q, want the tokens joined by spaces, %q", i, rec.Text, rebuilt)
		}
		got := tokenize.Tokenize(rec.Text)
		// first[k], last[k]: the new tokens that make up old token k.
		first, last := make([]int, len(want)), make([]int, len(want))
		g := 0
		for k, w := range want {
			first[k] = g
			joined := ""
			for g < len(got) && len(joined) < len(w.Text) {
				joined += got[g].Text
				g++
			}
			if joined != w.Text {
				t.Fatalf("record %d: token %d %q comes back as %q\n text %q\nrebuilt %q", i, k, w.Text, joined, a.Document.Text, rec.Text)
			}
			last[k] = g - 1
		}
		if g != len(got) {
			t.Fatalf("record %d: %d tokens after the %d expected", i, len(got)-g, len(want))
		}
		if len(got) != len(want) {
			finer++
		}
		if len(rec.Spans) != len(a.Spans) {
			t.Fatalf("record %d: %d spans, want %d\n got %+v\nwant %+v", i, len(rec.Spans), len(a.Spans), rec.Spans, a.Spans)
		}
		for k, s := range rec.Spans {
			gf, gl, ok := tokenize.Align(got, s.Start, s.End)
			wf, wl, _ := tokenize.Align(want, a.Spans[k].Start, a.Spans[k].End)
			if !ok || gf != first[wf] || gl != last[wl] || s.Label != a.Spans[k].Label {
				t.Fatalf("record %d span %d: %+v covers new tokens %d-%d (ok %v), want old tokens %d-%d %s", i, k, s, gf, gl, ok, wf, wl, a.Spans[k].Label)
			}
		}
	}
	if finer > 0 {
		t.Logf("%d of %d rebuilt texts tokenize into more tokens than their source", finer, len(recs))
	}
}

func TestCoNLLWriter_RoundTrip(t *testing.T) {
	anns := randomAnnotations(2, 300)
	for _, scheme := range []formats.Scheme{formats.SchemeIOB1, formats.SchemeIOB2, formats.SchemeBIOES} {
		t.Run(string(scheme), func(t *testing.T) {
			path := writeExport(t, t.TempDir(), "out.conll", formats.FormatCoNLL, formats.WriterOptions{Scheme: scheme}, anns)
			checkTokenRoundTrip(t, anns, readRecords(t, []string{path}, formats.FormatAuto, formats.Options{}))
		})
	}
}
