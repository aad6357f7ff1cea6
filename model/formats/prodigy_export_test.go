package formats_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/tokenize"
)

// export writes anns in format and returns the output, the writer (for
// Snapped) and what Close returned. Write must not fail.
func export(tb testing.TB, format formats.Format, opts formats.WriterOptions, anns ...*formats.Annotation) (string, formats.Writer, error) {
	tb.Helper()
	var out bytes.Buffer
	w, err := formats.NewWriter(format, &out, opts)
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range anns {
		if err := w.Write(a); err != nil {
			tb.Fatalf("Write: %v", err)
		}
	}
	err = w.Close()
	return out.String(), w, err
}

// exampleAnnotation is the worked example as an annotation.
func exampleAnnotation() *formats.Annotation {
	a := &formats.Annotation{
		Document:  model.Document{ID: "0b9c1a52-uuid", ExternalID: "example-1", Text: example, Meta: json.RawMessage(`{"source":"example"}`)},
		Annotator: "news-alice",
		Status:    model.StatusDone,
	}
	for _, s := range exampleSpans {
		a.Spans = append(a.Spans, model.Span{Start: s.start, End: s.end, Label: s.label})
	}
	return a
}

// prodigyLine is one exported line, decoded.
type prodigyLine struct {
	Text   string           `json:"text"`
	Tokens []map[string]any `json:"tokens"`
	Spans  []map[string]any `json:"spans"`
	Answer string           `json:"answer"`
	Input  *int32           `json:"_input_hash"`
	Task   *int32           `json:"_task_hash"`
	Annot  string           `json:"_annotator_id"`
	Sess   string           `json:"_session_id"`
	View   string           `json:"_view_id"`
	Meta   json.RawMessage  `json:"meta"`
}

func decodeProdigy(tb testing.TB, out string) []prodigyLine {
	tb.Helper()
	var lines []prodigyLine
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var p prodigyLine
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			tb.Fatalf("line %s: %v", l, err)
		}
		lines = append(lines, p)
	}
	return lines
}

// topKeys lists the keys of a JSON object in the order written.
func topKeys(tb testing.TB, line string) []string {
	tb.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	if _, err := dec.Token(); err != nil {
		tb.Fatal(err)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			tb.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			tb.Fatal(err)
		}
	}
	return keys
}

func TestProdigyWriter_Example(t *testing.T) {
	out, w, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, exampleAnnotation())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "}\n") {
		t.Fatalf("want one line, got %q", out)
	}
	got := decodeProdigy(t, out)[0]
	var want prodigyLine
	if err := json.Unmarshal([]byte(prodigyExample), &want); err != nil {
		t.Fatal(err)
	}
	if got.Text != example {
		t.Errorf("text = %q", got.Text)
	}
	if !reflect.DeepEqual(got.Tokens, want.Tokens) {
		t.Errorf("tokens:\n got %v\nwant %v", got.Tokens, want.Tokens)
	}
	if !reflect.DeepEqual(got.Spans, want.Spans) {
		t.Errorf("spans:\n got %v\nwant %v", got.Spans, want.Spans)
	}
	wantKeys := []string{"text", "tokens", "spans", "answer", "_input_hash", "_task_hash", "_annotator_id", "_session_id", "_view_id", "meta"}
	if keys := topKeys(t, out); !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("keys %v, want %v", keys, wantKeys)
	}
	h := fnv.New32a()
	h.Write([]byte(example))
	if got.Input == nil || *got.Input != int32(h.Sum32()) {
		t.Errorf("_input_hash = %v, want FNV-1a 32 of the text, %d", got.Input, int32(h.Sum32()))
	}
	if got.Task == nil || *got.Task == *got.Input {
		t.Errorf("_task_hash = %v", got.Task)
	}
	if got.Answer != "accept" || got.Annot != "news-alice" || got.Sess != "news-alice" || got.View != "ner_manual" {
		t.Errorf("answer, annotator, session, view = %q, %q, %q, %q", got.Answer, got.Annot, got.Sess, got.View)
	}
	if string(got.Meta) != `{"source":"example","id":"example-1"}` {
		t.Errorf("meta = %s", got.Meta)
	}
	if n := w.(formats.Snapper).Snapped(); n != 0 {
		t.Errorf("Snapped = %d", n)
	}
}

func TestProdigyWriter_Hashes(t *testing.T) {
	a, b := exampleAnnotation(), exampleAnnotation()
	b.Spans = b.Spans[:3]
	c := exampleAnnotation()
	c.Document.Text = strings.Replace(example, "34", "35", 1)
	out, _, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, a, b, c, exampleAnnotation())
	if err != nil {
		t.Fatal(err)
	}
	l := decodeProdigy(t, out)
	switch {
	case *l[0].Input != *l[1].Input || *l[0].Input != *l[3].Input:
		t.Error("the same text has different input hashes")
	case *l[0].Input == *l[2].Input:
		t.Error("different texts have the same input hash")
	case *l[0].Task == *l[1].Task:
		t.Error("different spans have the same task hash")
	case *l[0].Task != *l[3].Task:
		t.Error("the same task has different task hashes")
	}
}

func TestProdigyWriter_Details(t *testing.T) {
	skipped := exampleAnnotation()
	skipped.Status = model.StatusSkipped
	noted := exampleAnnotation()
	noted.Spans[3].Note = "soldiers \"killed\""
	noted.Annotator = ""
	noted.Document.Meta = json.RawMessage("{\n  \"source\": \"wire\",\n  \"tags\": [1, 2]\n}\n")
	overlap := exampleAnnotation()
	overlap.Spans = append(overlap.Spans, model.Span{Start: 0, End: 17, Label: "GROUP"}) // Putin met Erdoğan
	ownID := exampleAnnotation()
	ownID.Document.Meta = json.RawMessage(`{"id": 42}`)
	bare := exampleAnnotation()
	bare.Document.Meta, bare.Document.ExternalID = nil, ""
	idOnly := exampleAnnotation()
	idOnly.Document.Meta = json.RawMessage(`{ }`)

	out, _, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, skipped, noted, overlap, ownID, bare, idOnly)
	if err != nil {
		t.Fatal(err)
	}
	l := decodeProdigy(t, out)
	if l[0].Answer != "ignore" {
		t.Errorf("skipped: answer %q", l[0].Answer)
	}
	if note := l[1].Spans[3]["note"]; note != "soldiers \"killed\"" {
		t.Errorf("note = %v", note)
	}
	if _, ok := l[1].Spans[0]["note"]; ok {
		t.Error("a span without a note has a note key")
	}
	if l[1].Annot != "" || strings.Contains(strings.Split(out, "\n")[1], "_annotator_id") {
		t.Error("no annotator: _annotator_id written")
	}
	if got := string(l[1].Meta); got != `{"source":"wire","tags":[1,2],"id":"example-1"}` {
		t.Errorf("pretty meta: %s", got)
	}
	if n := len(l[2].Spans); n != 5 {
		t.Errorf("overlapping spans: %d written, want 5", n)
	} else if s := l[2].Spans[4]; s["token_start"] != 0.0 || s["token_end"] != 2.0 {
		t.Errorf("overlapping span: %v", s)
	}
	if got := string(l[3].Meta); got != `{"id": 42}` {
		t.Errorf("meta with its own id: %s", got)
	}
	if l[4].Meta != nil || strings.Contains(strings.Split(out, "\n")[4], `"meta"`) {
		t.Errorf("no meta and no id: meta %s", l[4].Meta)
	}
	if got := string(l[5].Meta); got != `{"id":"example-1"}` {
		t.Errorf("empty meta: %s", got)
	}
}

func TestProdigyWriter_Misaligned(t *testing.T) {
	a := exampleAnnotation()
	a.Spans[0] = model.Span{Start: 1, End: 4, Label: "ACTOR"}             // "uti"
	a.Spans[2] = model.Span{Start: 21, End: 28, Label: "PLACE"}           // "Moscow;": two whole tokens
	a.Spans[3] = model.Span{Start: 30, End: 35, Label: "FIGURE"}          // "4 sol"
	a.Spans = append(a.Spans, model.Span{Start: 45, End: 46, Label: "X"}) // " ": no token

	_, w, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, a)
	var ae *formats.AlignmentError
	if !errors.As(err, &ae) {
		t.Fatalf("Close = %v, want an *AlignmentError", err)
	}
	want := []formats.Misaligned{
		{Document: "example-1", Start: 1, End: 4, Label: "ACTOR", Text: "uti"},
		{Document: "example-1", Start: 30, End: 35, Label: "FIGURE", Text: "4 sol"},
		{Document: "example-1", Start: 45, End: 46, Label: "X", Text: " "},
	}
	if ae.Format != formats.FormatProdigy || !reflect.DeepEqual(ae.Spans, want) {
		t.Errorf("AlignmentError = %+v, want %+v", ae, want)
	}
	if !strings.Contains(ae.Error(), `example-1 [1, 4) ACTOR "uti"`) {
		t.Errorf("Error() = %s", ae.Error())
	}
	if w.(formats.Snapper).Snapped() != 0 {
		t.Error("Snapped without Snap")
	}

	// With Snap the spans are widened to whole tokens and counted; a span
	// of nothing but white space still cannot be placed.
	out, w, err := export(t, formats.FormatProdigy, formats.WriterOptions{Snap: true}, a)
	if !errors.As(err, &ae) || len(ae.Spans) != 1 || ae.Spans[0].Start != 45 || ae.Spans[0].Reason == "" {
		t.Fatalf("Close = %v, want the white-space span only, with a reason", err)
	}
	if n := w.(formats.Snapper).Snapped(); n != 2 {
		t.Errorf("Snapped = %d, want 2", n)
	}
	spans := decodeProdigy(t, out)[0].Spans
	want2 := []map[string]any{
		{"start": 0.0, "end": 5.0, "token_start": 0.0, "token_end": 0.0, "label": "ACTOR"},
		{"start": 10.0, "end": 17.0, "token_start": 2.0, "token_end": 2.0, "label": "ACTOR"},
		{"start": 21.0, "end": 28.0, "token_start": 4.0, "token_end": 5.0, "label": "PLACE"},
		{"start": 29.0, "end": 40.0, "token_start": 6.0, "token_end": 7.0, "label": "FIGURE"},
	}
	if !reflect.DeepEqual(spans, want2) {
		t.Errorf("snapped spans:\n got %v\nwant %v", spans, want2)
	}
}

func TestProdigyWriter_MisalignedNamesUUID(t *testing.T) {
	a := exampleAnnotation()
	a.Document.ExternalID = ""
	a.Spans = []model.Span{{Start: 1, End: 2, Label: "X"}}
	_, _, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, a)
	var ae *formats.AlignmentError
	if !errors.As(err, &ae) || ae.Spans[0].Document != "0b9c1a52-uuid" {
		t.Fatalf("Close = %v, want the document's UUID named", err)
	}
}

// Pieces of random documents: everything that makes code points, bytes and
// UTF-16 units disagree, and white space other than single spaces.
var (
	randomWords = []string{
		"Putin", "met", "Erdoğan", "in", "Moscow", "soldiers", "died", "café", "cafe\u0301", "naïve",
		"北京", "東京大学", "مرحبا", "بالعالم", "👩\u200d👩\u200d👧", "🇹🇷", "𝐀𝐁𝐂", "e\u0301", "Ünïcödé",
		"34", "1996", "U.S.", "(", ")", ",", ".", ";", "!", "?", "“quoted”", "don't", "e-mail",
	}
	randomSeps = []string{" ", " ", " ", " ", "  ", "\r\n", "\t", "\n\n", " \t "}
	randomLabs = []string{"ACTOR", "PLACE", "FIGURE"}
)

// randomAnnotations makes n documents with random spans on token
// boundaries, not overlapping, in text order.
func randomAnnotations(seed uint64, n int) []*formats.Annotation {
	rng := rand.New(rand.NewPCG(seed, 7))
	var anns []*formats.Annotation
	for d := range n {
		var sb strings.Builder
		if rng.IntN(5) == 0 {
			sb.WriteString(randomSeps[rng.IntN(len(randomSeps))]) // leading white space
		}
		for k := range 1 + rng.IntN(40) {
			if k > 0 {
				if rng.IntN(4) == 0 {
					// Glued to the word before: the tokenizer must split.
				} else {
					sb.WriteString(randomSeps[rng.IntN(len(randomSeps))])
				}
			}
			sb.WriteString(randomWords[rng.IntN(len(randomWords))])
		}
		text := sb.String()
		toks := tokenize.Tokenize(text)
		a := &formats.Annotation{
			Document:  model.Document{ID: "uuid-" + string(rune('a'+d%26)), ExternalID: "doc-" + strings.Repeat("x", d%3) + string(rune('0'+d%10)), Text: text},
			Annotator: "alice",
			Status:    model.StatusDone,
		}
		for t := 0; t < len(toks); {
			t += rng.IntN(4)
			if t >= len(toks) {
				break
			}
			last := min(t+rng.IntN(3), len(toks)-1)
			a.Spans = append(a.Spans, model.Span{Start: toks[t].Start, End: toks[last].End, Label: randomLabs[rng.IntN(len(randomLabs))]})
			t = last + 1
		}
		anns = append(anns, a)
	}
	return anns
}

// writeExport exports anns in format into dir/name and returns its path.
func writeExport(tb testing.TB, dir, name string, format formats.Format, opts formats.WriterOptions, anns []*formats.Annotation) string {
	tb.Helper()
	out, _, err := export(tb, format, opts, anns...)
	if err != nil {
		tb.Fatalf("export: %v", err)
	}
	return writeFile(tb, dir, name, out)
}

func TestProdigyWriter_RoundTrip(t *testing.T) {
	anns := randomAnnotations(1, 300)
	path := writeExport(t, t.TempDir(), "out.jsonl", formats.FormatProdigy, formats.WriterOptions{}, anns)
	recs := readRecords(t, []string{path}, formats.FormatProdigy, formats.Options{})
	if len(recs) != len(anns) {
		t.Fatalf("read %d records, want %d", len(recs), len(anns))
	}
	for i, rec := range recs {
		a := anns[i]
		if rec.Text != a.Document.Text {
			t.Fatalf("record %d: text %q, want %q", i, rec.Text, a.Document.Text)
		}
		if rec.Annotator != "alice" {
			t.Errorf("record %d: annotator %q", i, rec.Annotator)
		}
		if len(rec.Spans) != len(a.Spans) {
			t.Fatalf("record %d: %d spans, want %d", i, len(rec.Spans), len(a.Spans))
		}
		for k, s := range rec.Spans {
			if !s.SameAs(a.Spans[k]) {
				t.Fatalf("record %d span %d: %+v, want %+v", i, k, s, a.Spans[k])
			}
		}
	}
}

// seedArticle is the seed text the benchmarks export.
func seedArticle(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "idlib-talks.txt"))
	if err != nil {
		tb.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	return string(data)
}

// seedAnnotation labels every 20th token of the seed article.
func seedAnnotation(tb testing.TB) *formats.Annotation {
	text := seedArticle(tb)
	a := &formats.Annotation{
		Document:  model.Document{ID: "seed", ExternalID: "idlib-talks.txt", Text: text, Meta: json.RawMessage(`{"source":"seed"}`)},
		Annotator: "news-alice",
		Status:    model.StatusDone,
	}
	for i, t := range tokenize.Tokenize(text) {
		if i%20 == 3 {
			a.Spans = append(a.Spans, model.Span{Start: t.Start, End: t.End, Label: randomLabs[i%3]})
		}
	}
	return a
}

func BenchmarkProdigyWriter(b *testing.B) {
	benchmarkWriter(b, formats.FormatProdigy)
}

func BenchmarkCoNLLWriter(b *testing.B) {
	benchmarkWriter(b, formats.FormatCoNLL)
}

func BenchmarkHFWriter(b *testing.B) {
	benchmarkWriter(b, formats.FormatHF)
}

// benchmarkWriter exports the seed article once per iteration; SetBytes
// counts its text, so MB/s is text exported per second.
func benchmarkWriter(b *testing.B, format formats.Format) {
	a := seedAnnotation(b)
	w, err := formats.NewWriter(format, discard{}, formats.WriterOptions{Labels: randomLabs})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(a.Document.Text)))
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Write(a); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestProdigyWriter_AnswerAndImportedHashes(t *testing.T) {
	hash := func(n int64) *int64 { return &n }
	tests := []struct {
		name       string
		status     model.Status
		answer     string
		in, task   *int64
		wantAnswer string
	}{
		{"MadeInInkspan", model.StatusDone, "", nil, nil, "accept"},
		{"ImportedAccept", model.StatusDone, "accept", hash(-13216227), hash(1212627981), "accept"},
		{"ImportedReject", model.StatusSkipped, "reject", hash(1653937787), hash(-1474793941), "reject"},
		{"ImportedIgnore", model.StatusSkipped, "ignore", hash(1), hash(2), "ignore"},
		{"SkippedInInkspan", model.StatusSkipped, "", nil, nil, "ignore"},
		// The annotator took up a rejected task and finished it: the status
		// is what they said last.
		{"RejectedThenDone", model.StatusDone, "reject", hash(3), nil, "accept"},
		{"InProgress", model.StatusInProgress, "", nil, nil, "accept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := exampleAnnotation()
			a.Status, a.Answer, a.InputHash, a.TaskHash = tt.status, tt.answer, tt.in, tt.task
			out, _, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, a)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Answer string `json:"answer"`
				Input  int64  `json:"_input_hash"`
				Task   int64  `json:"_task_hash"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.Answer != tt.wantAnswer {
				t.Errorf("answer = %q, want %q", got.Answer, tt.wantAnswer)
			}
			h := fnv.New32a()
			h.Write([]byte(example))
			wantIn := int64(int32(h.Sum32()))
			if tt.in != nil {
				wantIn = *tt.in
			}
			if got.Input != wantIn {
				t.Errorf("_input_hash = %d, want %d", got.Input, wantIn)
			}
			if tt.task != nil && got.Task != *tt.task {
				t.Errorf("_task_hash = %d, want the imported %d", got.Task, *tt.task)
			}
			if tt.task == nil && got.Task == got.Input {
				t.Errorf("_task_hash = %d, the input hash", got.Task)
			}
		})
	}
}

func TestProdigyWriter_NoSpans(t *testing.T) {
	// A negative example: written with an empty list, which Prodigy and
	// spaCy read as "no entity here", not as a missing field.
	a := exampleAnnotation()
	a.Spans = nil
	out, _, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"spans":[],"answer":"accept"`) {
		t.Fatalf("want \"spans\":[] and the answer accept, got %s", out)
	}
}
