package formats_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// This file also holds what the doccano, Label Studio and brat tests share:
// the worked example as an Annotation and the random documents of the round
// trip tests.

// charExample is the formats notes' worked example with its four spans, the
// last one noted when note is set.
func charExample(extID string, note bool) *formats.Annotation {
	a := &formats.Annotation{
		Document: model.Document{ID: "6f1c2c57-0000-4000-8000-000000000001", ExternalID: extID, Text: example},
		Status:   model.StatusDone,
	}
	for _, s := range exampleSpans {
		a.Spans = append(a.Spans, model.Span{Start: s.start, End: s.end, Label: s.label})
	}
	if note {
		a.Spans[3].Note = "soldiers killed"
	}
	return a
}

// charWrite exports anns with a stream writer and returns the output.
func charWrite(tb testing.TB, format formats.Format, anns ...*formats.Annotation) string {
	tb.Helper()
	var buf bytes.Buffer
	w, err := formats.NewWriter(format, &buf, formats.WriterOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range anns {
		if err := w.Write(a); err != nil {
			tb.Fatalf("Write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
	return buf.String()
}

// Pieces of the random texts: everything that makes code points, UTF-16
// units and bytes disagree, and what line-based formats must survive.
var charPieces = []string{
	"Putin", "met", "Erdoğan", "in", "Moscow;", "34", "café", "cafe\u0301", "Ångström", "e\u0301\u0302",
	"李小龙", "東京", "القاهرة", "مرحبا", "👩\u200d👩\u200d👧", "🇹🇷", "🇺🇦", "𝐀𝐁𝐂", "😀", "“quoted”", `"q"`,
	`back\slash`, "a\u00a0b", "\u2028", "x",
}

var charSeps = []string{" ", " ", " ", " ", "\r\n", "\t", "\n", ", ", ""}

var (
	charLabels     = []string{"ACTOR", "PLACE", "FIGURE", "LIEU-ÉTÉ"}
	charNotes      = []string{"", "", "", "soldiers killed", "ünïcödé 🇹🇷 note", "two\nlines", "tab\there", "ends with a newline\n"}
	charAnnotators = []string{"alice", "Zoë", "bob@example.com", ""}
	charMetas      = []string{
		"", `{"source":"wire"}`, `{"text":"clash","label":3,"n":1.50,"id":"x"}`,
		"{\n  \"a\": [1, 2],\n  \"external_id\": \"x\",\n  \"Comments\": \"mine\"\n}", `{"meta":{"inner":true},"k":"v"}`,
	}
)

// charRandomDocs returns n random annotations, one per document, each with
// non-overlapping spans in text order.
func charRandomDocs(seed uint64, n int) []*formats.Annotation {
	rng := rand.New(rand.NewPCG(seed, 0x1f2e3d4c))
	anns := make([]*formats.Annotation, n)
	for i := range anns {
		var sb strings.Builder
		sb.WriteString(charPieces[rng.IntN(len(charPieces)-2)]) // never only white space
		for k := rng.IntN(25); k > 0; k-- {
			sb.WriteString(charSeps[rng.IntN(len(charSeps))])
			sb.WriteString(charPieces[rng.IntN(len(charPieces))])
		}
		text := sb.String()
		runes := utf8.RuneCountInString(text)
		a := &formats.Annotation{
			Document: model.Document{
				ID:   fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
				Text: text,
			},
			Annotator: charAnnotators[rng.IntN(len(charAnnotators))],
			Status:    model.StatusDone,
		}
		switch i % 7 {
		case 0:
			a.Document.ExternalID = fmt.Sprint(1000 + i) // doccano writes it as a number
		case 1:
			// No ExternalID: the writers use the UUID.
		default:
			a.Document.ExternalID = fmt.Sprintf("doc-%d", i)
		}
		if m := charMetas[rng.IntN(len(charMetas))]; m != "" {
			a.Document.Meta = json.RawMessage(m)
		}
		pos := 0
		for len(a.Spans) < 8 {
			start := pos + rng.IntN(6)
			end := start + 1 + rng.IntN(8)
			if end > runes {
				break
			}
			a.Spans = append(a.Spans, model.Span{
				Start: start, End: end,
				Label: charLabels[rng.IntN(len(charLabels))],
				Note:  charNotes[rng.IntN(len(charNotes))],
			})
			pos = end
		}
		anns[i] = a
	}
	return anns
}

// charCheckRecord compares a record read back with the annotation written.
func charCheckRecord(tb testing.TB, rec *formats.Record, a *formats.Annotation, notes, annotator bool) {
	tb.Helper()
	if rec.Text != a.Document.Text {
		tb.Fatalf("%s: Text = %q, want %q", rec.Where(), rec.Text, a.Document.Text)
	}
	if annotator && rec.Annotator != a.Annotator {
		tb.Errorf("%s: Annotator = %q, want %q", rec.Where(), rec.Annotator, a.Annotator)
	}
	if len(rec.Spans) != len(a.Spans) {
		tb.Fatalf("%s: %d spans, want %d:\n got %+v\nwant %+v", rec.Where(), len(rec.Spans), len(a.Spans), rec.Spans, a.Spans)
	}
	for i, w := range a.Spans {
		g := rec.Spans[i]
		if g.Start != w.Start || g.End != w.End || g.Label != w.Label {
			tb.Errorf("%s: span %d = [%d, %d) %s, want [%d, %d) %s (text %q)", rec.Where(), i, g.Start, g.End, g.Label, w.Start, w.End, w.Label, rec.Text)
		}
		if notes && g.Note != w.Note {
			tb.Errorf("%s: span %d note = %q, want %q", rec.Where(), i, g.Note, w.Note)
		}
	}
}

// charCheckMeta compares Meta read back with the Meta written, ignoring key
// order, spacing and the keys in extra, which the format adds (and which
// Meta's own keys of that name win against).
func charCheckMeta(tb testing.TB, rec *formats.Record, want json.RawMessage, extra ...string) {
	tb.Helper()
	got := map[string]json.RawMessage{}
	exp := map[string]json.RawMessage{}
	if len(rec.Meta) > 0 {
		if err := json.Unmarshal(rec.Meta, &got); err != nil {
			tb.Fatalf("%s: Meta %s: %v", rec.Where(), rec.Meta, err)
		}
	}
	if len(want) > 0 {
		if err := json.Unmarshal(want, &exp); err != nil {
			tb.Fatal(err)
		}
	}
	for _, k := range extra {
		delete(got, k)
		delete(exp, k)
	}
	if len(got) != len(exp) {
		tb.Fatalf("%s: Meta = %s, want %s (plus %v)", rec.Where(), rec.Meta, want, extra)
	}
	for k, v := range exp {
		if compact(tb, got[k]) != compact(tb, v) {
			tb.Fatalf("%s: Meta = %s, want %s (key %q)", rec.Where(), rec.Meta, want, k)
		}
	}
}

func charWantID(a *formats.Annotation) string {
	if a.Document.ExternalID != "" {
		return a.Document.ExternalID
	}
	return a.Document.ID
}

// failingWriter fails every write, as a full disk does.
type failingWriter struct{}

var errDiskFull = errors.New("no space left on device")

func (failingWriter) Write(p []byte) (int, error) { return 0, errDiskFull }

func TestDoccanoWriter_Example(t *testing.T) {
	t.Run("FormatsNotes", func(t *testing.T) {
		// The doccano line of the formats notes, byte for byte.
		got := charWrite(t, formats.FormatDoccano, charExample("1", false))
		if want := doccanoExample + "\n"; got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("NoteAnnotatorMeta", func(t *testing.T) {
		a := charExample("news/a.txt", true)
		a.Annotator = "alice"
		a.Document.Meta = json.RawMessage(`{"source":"wire","text":"clash"}`)
		got := charWrite(t, formats.FormatDoccano, a)
		want := `{"id":"news/a.txt","text":"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.",` +
			`"label":[[0,5,"ACTOR"],[10,17,"ACTOR"],[21,27,"PLACE"],[29,31,"FIGURE"]],` +
			`"source":"wire","meta":{"text":"clash"},"Comments":["29-31: soldiers killed"],"_annotator_id":"alice"}` + "\n"
		if got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("UUIDWithoutExternalID", func(t *testing.T) {
		got := charWrite(t, formats.FormatDoccano, charExample("", false))
		if !strings.HasPrefix(got, `{"id":"6f1c2c57-0000-4000-8000-000000000001",`) {
			t.Fatalf("got %s, want the UUID as id", got)
		}
	})
	t.Run("IDsThatOnlyLookNumeric", func(t *testing.T) {
		for id, want := range map[string]string{"007": `"007"`, "12": `12`, "-3": `"-3"`, "1e5": `"1e5"`, "12345678901234567": `"12345678901234567"`} {
			got := charWrite(t, formats.FormatDoccano, charExample(id, false))
			if !strings.HasPrefix(got, `{"id":`+want+`,`) {
				t.Errorf("id %q written as %s, want %s", id, got[:30], want)
			}
		}
	})
}

func TestDoccanoWriter_SpansInTextOrder(t *testing.T) {
	a := charExample("1", false)
	shuffled := []model.Span{a.Spans[2], a.Spans[0], a.Spans[3], a.Spans[1]}
	a.Spans = shuffled
	got := charWrite(t, formats.FormatDoccano, a)
	if want := doccanoExample + "\n"; got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if a.Spans[0].Start != 21 {
		t.Fatal("the writer reordered the caller's spans")
	}
}

func TestDoccanoWriter_Errors(t *testing.T) {
	t.Run("SpanPastText", func(t *testing.T) {
		w, _ := formats.NewWriter(formats.FormatDoccano, &bytes.Buffer{}, formats.WriterOptions{})
		a := charExample("1", false)
		a.Spans = append(a.Spans, model.Span{Start: 45, End: 50, Label: "PLACE"})
		err := w.Write(a)
		if err == nil || !strings.Contains(err.Error(), "ends past the text") || !strings.Contains(err.Error(), "document 1") {
			t.Fatalf("err = %v, want one naming the document and the span", err)
		}
	})
	t.Run("BadMeta", func(t *testing.T) {
		w, _ := formats.NewWriter(formats.FormatDoccano, &bytes.Buffer{}, formats.WriterOptions{})
		a := charExample("1", false)
		a.Document.Meta = json.RawMessage(`[1]`)
		if err := w.Write(a); err == nil || !strings.Contains(err.Error(), "object") {
			t.Fatalf("err = %v, want one saying meta must be an object", err)
		}
	})
	t.Run("WriterFails", func(t *testing.T) {
		w, _ := formats.NewWriter(formats.FormatDoccano, failingWriter{}, formats.WriterOptions{})
		for range 3 {
			if err := w.Write(charExample("1", false)); err != nil && !errors.Is(err, errDiskFull) {
				t.Fatalf("Write: %v", err)
			}
		}
		if err := w.Close(); !errors.Is(err, errDiskFull) {
			t.Fatalf("Close = %v, want the write error", err)
		}
	})
}

func TestDoccanoWriter_RoundTrip(t *testing.T) {
	anns := charRandomDocs(1, 300)
	out := charWrite(t, formats.FormatDoccano, anns...)
	path := writeFile(t, t.TempDir(), "export.jsonl", out)
	recs := readRecords(t, []string{path}, formats.FormatDoccano, formats.Options{})
	if len(recs) != len(anns) {
		t.Fatalf("read %d records, want %d", len(recs), len(anns))
	}
	for i, rec := range recs {
		a := anns[i]
		charCheckRecord(t, rec, a, false, true)
		if got, want := rec.ExternalID, charWantID(a); got != want {
			t.Errorf("%s: ExternalID = %q, want %q", rec.Where(), got, want)
		}
		// Comments comes back as metadata: doccano has no notes on spans.
		charCheckMeta(t, rec, a.Document.Meta, "Comments")
	}
}

func TestDoccanoWriter_CommentsRoundTripAsMeta(t *testing.T) {
	a := charExample("1", true)
	path := writeFile(t, t.TempDir(), "export.jsonl", charWrite(t, formats.FormatDoccano, a))
	rec := readOne(t, path, formats.FormatDoccano)
	checkMeta(t, rec, `{"Comments":["29-31: soldiers killed"]}`)
	checkSpans(t, rec, exampleSpans)
}

// charReadDir lists the names in dir, for tests that check what a writer
// left there.
func charReadDir(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// charMustRead reads a file the test expects to exist.
func charMustRead(tb testing.TB, dir, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestDoccanoWriter_NoSpans(t *testing.T) {
	// An annotated document with no span is written with an empty label
	// list, which doccano and the reader take as annotated.
	a := charExample("9", false)
	a.Spans = nil
	out := charWrite(t, formats.FormatDoccano, a)
	if !strings.Contains(out, `"label":[]`) {
		t.Fatalf("want \"label\":[], got %s", out)
	}
	path := writeFile(t, t.TempDir(), "empty.jsonl", out)
	rec := readOne(t, path, formats.FormatDoccano)
	if !rec.Annotated || len(rec.Spans) != 0 || rec.Text != example {
		t.Errorf("read back: Annotated %v, spans %v, text %q", rec.Annotated, rec.Spans, rec.Text)
	}
}
