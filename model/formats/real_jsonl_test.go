package formats_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// These tests read real Prodigy and doccano files (testdata/real/jsonl, see
// its README for where each comes from), write what was read back out in
// the same format, and compare the output with the original. The comparison
// decodes both files with encoding/json into plain maps and takes the spans
// in each tool's own shape and offsets, so it does not share the reader's
// mistakes.

// realSpan is a span as a file states it: character offsets and label.
type realSpan struct {
	Start, End int
	Label      string
}

// realLine is what the comparison needs of one decoded line.
type realLine struct {
	text       string
	hasText    bool
	spans      []realSpan // sorted
	answer     string
	inputHash  json.Number
	taskHash   json.Number
	relations  int
	rels       []string // "LABEL [s,e) L -> [s,e) L", sorted: each relation by its spans, see relationsOf
	labelLists bool     // a doccano label/labels/entities list is present
}

// decodeGeneric decodes every non-blank line of data as a JSON object,
// keyed by its 1-based line number.
func decodeGeneric(tb testing.TB, data []byte) map[int]map[string]any {
	tb.Helper()
	out := map[int]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			tb.Fatalf("line %d is not a JSON object: %v", n, err)
		}
		out[n] = m
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func asInt(tb testing.TB, v any) int {
	tb.Helper()
	n, ok := v.(json.Number)
	if !ok {
		tb.Fatalf("offset %v is not a number", v)
	}
	i, err := n.Int64()
	if err != nil {
		tb.Fatalf("offset %v: %v", v, err)
	}
	return int(i)
}

// spansOf takes the spans of a decoded line in whichever of the tools'
// shapes it has: Prodigy's [{start, end, label}], doccano's
// [[start, end, label]] under label or labels, and doccano's entities as
// objects with start_offset/end_offset or as lists.
func spansOf(tb testing.TB, m map[string]any) (spans []realSpan, labelLists bool) {
	tb.Helper()
	add := func(list any, startKey, endKey string) {
		items, _ := list.([]any)
		for _, it := range items {
			switch s := it.(type) {
			case map[string]any:
				spans = append(spans, realSpan{asInt(tb, s[startKey]), asInt(tb, s[endKey]), s["label"].(string)})
			case []any:
				spans = append(spans, realSpan{asInt(tb, s[0]), asInt(tb, s[1]), s[2].(string)})
			default:
				tb.Fatalf("span %v has neither shape", it)
			}
		}
	}
	add(m["spans"], "start", "end")
	for _, k := range []string{"label", "labels", "entities"} {
		if v, ok := m[k]; ok && v != nil {
			labelLists = true
			add(v, "start_offset", "end_offset")
		}
	}
	sort.Slice(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Label < b.Label
	})
	return spans, labelLists
}

func realLineOf(tb testing.TB, m map[string]any) realLine {
	tb.Helper()
	var l realLine
	if t, ok := m["text"].(string); ok {
		l.text, l.hasText = t, true
	} else if t, ok := m["data"].(string); ok {
		l.text, l.hasText = t, true
	}
	l.spans, l.labelLists = spansOf(tb, m)
	l.answer, _ = m["answer"].(string)
	l.inputHash, _ = m["_input_hash"].(json.Number)
	l.taskHash, _ = m["_task_hash"].(json.Number)
	if rel, ok := m["relations"].([]any); ok {
		l.relations = len(rel)
	}
	l.rels = relationsOf(tb, m)
	return l
}

// relationsOf names each relation of a decoded line by its spans' offsets
// and labels: doccano's from_id and to_id through the entities' ids,
// Prodigy's head_span and child_span, whose head and child must be the
// spans' last tokens. Ids that resolve to no entity fail the test: an
// export's ids must always resolve.
func relationsOf(tb testing.TB, m map[string]any) []string {
	tb.Helper()
	list, _ := m["relations"].([]any)
	if len(list) == 0 {
		return nil
	}
	spanName := func(start, end any, label string) string {
		return fmt.Sprintf("[%d,%d) %s", asInt(tb, start), asInt(tb, end), label)
	}
	entities := map[string]string{}
	if ents, ok := m["entities"].([]any); ok {
		for _, e := range ents {
			if o, ok := e.(map[string]any); ok && o["id"] != nil {
				entities[fmt.Sprint(o["id"])] = spanName(o["start_offset"], o["end_offset"], o["label"].(string))
			}
		}
	}
	var out []string
	for i, r := range list {
		o := r.(map[string]any)
		var from, to, label string
		if o["from_id"] != nil {
			var ok1, ok2 bool
			from, ok1 = entities[fmt.Sprint(o["from_id"])]
			to, ok2 = entities[fmt.Sprint(o["to_id"])]
			if !ok1 || !ok2 {
				tb.Fatalf("relation %d: from_id %v or to_id %v names no entity of its line", i, o["from_id"], o["to_id"])
			}
			label, _ = o["type"].(string)
		} else {
			hs, cs := o["head_span"].(map[string]any), o["child_span"].(map[string]any)
			if asInt(tb, o["head"]) != asInt(tb, hs["token_end"]) || asInt(tb, o["child"]) != asInt(tb, cs["token_end"]) {
				tb.Errorf("relation %d: head %v and child %v are not the spans' last tokens", i, o["head"], o["child"])
			}
			from, to = spanName(hs["start"], hs["end"], hs["label"].(string)), spanName(cs["start"], cs["end"], cs["label"].(string))
			label, _ = o["label"].(string)
		}
		out = append(out, label+" "+from+" -> "+to)
	}
	sort.Strings(out)
	return out
}

// annotationOf makes the annotation set the import would store for rec.
func annotationOf(rec *formats.Record) *formats.Annotation {
	status := rec.Status
	if status == "" {
		status = model.StatusTodo
		if rec.Annotated || len(rec.Spans) > 0 {
			status = model.StatusDone
		}
	}
	return &formats.Annotation{
		Document:  model.Document{ID: rec.ExternalID, ExternalID: rec.ExternalID, Text: rec.Text, Meta: rec.Meta},
		Annotator: rec.Annotator,
		Status:    status,
		Spans:     rec.Spans,
		Note:      rec.Note,
		Relations: rec.Relations,
		Answer:    rec.Answer,
		InputHash: rec.InputHash,
		TaskHash:  rec.TaskHash,
	}
}

func realSpansOf(spans []model.Span) []realSpan {
	var out []realSpan
	for _, s := range spans {
		out = append(out, realSpan{s.Start, s.End, s.Label})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Label < b.Label
	})
	return out
}

func TestRealJSONL_RoundTrip(t *testing.T) {
	tests := []struct {
		file   string
		format formats.Format
		// badLines are the lines the reader must refuse (doccano's own
		// tests hold records without text).
		badLines []int
	}{
		{"prodigy-fashion-brands.jsonl", formats.FormatProdigy, nil},
		{"prodigy-fashion-brands-emoji.jsonl", formats.FormatProdigy, nil},
		{"prodigy-drugs-reddit-emoji.jsonl", formats.FormatProdigy, nil},
		{"prodigy-tweets.jsonl", formats.FormatProdigy, nil},
		{"prodigy-rel-manual.jsonl", formats.FormatProdigy, nil},
		{"prodigy-nel-emerson.jsonl", formats.FormatProdigy, nil},
		{"doccano-export-sequence-labeling.jsonl", formats.FormatDoccano, nil},
		{"doccano-sequence-labeling.jsonl", formats.FormatDoccano, []int{3}},
		{"doccano-overlapping.jsonl", formats.FormatDoccano, nil},
		{"doccano-relation-extraction.jsonl", formats.FormatDoccano, nil},
		{"doccano-intent.jsonl", formats.FormatDoccano, []int{5}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "real", "jsonl", tt.file)
			original, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			origLines := decodeGeneric(t, original)

			var recs []*formats.Record
			var bad []int
			for _, it := range readAll(t, []string{path}, tt.format, formats.Options{}) {
				if it.err != nil {
					bad = append(bad, it.err.Line)
					continue
				}
				recs = append(recs, it.rec)
			}
			if !reflect.DeepEqual(bad, tt.badLines) {
				t.Fatalf("refused lines %v, want %v", bad, tt.badLines)
			}
			if got, want := len(recs)+len(bad), len(origLines); got != want {
				t.Fatalf("%d records and %d errors from %d lines", len(recs), len(bad), want)
			}

			anns := make([]*formats.Annotation, len(recs))
			for i, rec := range recs {
				if rec.Format != tt.format {
					t.Errorf("line %d: Format = %q, want %q", rec.Line, rec.Format, tt.format)
				}
				anns[i] = annotationOf(rec)
			}
			out, _, err := export(t, tt.format, formats.WriterOptions{}, anns...)
			if err != nil {
				t.Fatalf("export: %v", err)
			}
			outLines := decodeGeneric(t, []byte(out))
			if got, want := len(outLines), len(recs); got != want {
				t.Fatalf("exported %d lines for %d records", got, want)
			}

			for i, rec := range recs {
				orig := realLineOf(t, origLines[rec.Line])
				back := realLineOf(t, outLines[i+1])
				where := fmt.Sprintf("%s:%d", tt.file, rec.Line)
				if !orig.hasText || back.text != orig.text {
					t.Errorf("%s: text %q came back as %q", where, orig.text, back.text)
				}
				// Relations come back between the same spans, unless the
				// task was skipped: then they are counted as not kept.
				wantNotKept := 0
				if orig.answer == "ignore" || orig.answer == "reject" {
					wantNotKept = orig.relations
				} else if !reflect.DeepEqual(back.rels, orig.rels) {
					t.Errorf("%s: relations %q came back as %q", where, orig.rels, back.rels)
				}
				if got := rec.NotKept["relations"]; got != wantNotKept {
					t.Errorf("%s: %d relations counted as not kept, want %d", where, got, wantNotKept)
				}
				switch orig.answer {
				case "ignore", "reject":
					// A skipped task: its answer comes back, its spans
					// (never judged, or turned down) are not the
					// annotation. An ignored task's spans are kept as
					// suggestions.
					if len(back.spans) != 0 {
						t.Errorf("%s: a skipped task came back with spans %v", where, back.spans)
					}
					if orig.answer == "ignore" {
						if got := realSpansOf(rec.Suggestions); !reflect.DeepEqual(got, orig.spans) {
							t.Errorf("%s: suggestions %v, want the ignored task's spans %v", where, got, orig.spans)
						}
					} else if got, want := rec.NotKept["rejected spans"], len(orig.spans); got != want {
						t.Errorf("%s: %d rejected spans counted, want %d", where, got, want)
					}
				default:
					if !reflect.DeepEqual(back.spans, orig.spans) {
						t.Errorf("%s: spans %v came back as %v", where, orig.spans, back.spans)
					}
				}
				if tt.format == formats.FormatProdigy {
					if back.answer != orig.answer {
						t.Errorf("%s: answer %q came back as %q", where, orig.answer, back.answer)
					}
					if back.inputHash != orig.inputHash || back.taskHash != orig.taskHash {
						t.Errorf("%s: hashes %s/%s came back as %s/%s", where, orig.inputHash, orig.taskHash, back.inputHash, back.taskHash)
					}
					if _, ok := outLines[i+1]["spans"].([]any); !ok {
						t.Errorf("%s: exported line has no spans list", where)
					}
				} else {
					if !back.labelLists {
						t.Errorf("%s: the export has no label list", where)
					}
					if rec.Annotated != orig.labelLists {
						t.Errorf("%s: Annotated = %v, want %v", where, rec.Annotated, orig.labelLists)
					}
				}
			}
		})
	}
}

// TestRealJSONL_NegativeExamples checks the record most Prodigy datasets are
// full of, an accepted task with no span: it is annotated, done, and goes
// back out with "spans": [] and its answer.
func TestRealJSONL_NegativeExamples(t *testing.T) {
	path := filepath.Join("testdata", "real", "jsonl", "prodigy-fashion-brands.jsonl")
	recs := readRecords(t, []string{path}, formats.FormatAuto, formats.Options{})
	negatives := 0
	for _, rec := range recs {
		if !rec.Annotated || rec.Answer != "accept" || rec.Status != "" || rec.InputHash == nil || rec.TaskHash == nil {
			t.Errorf("line %d: Annotated %v, Answer %q, Status %q, hashes %v %v; want an accepted annotated record with its hashes",
				rec.Line, rec.Annotated, rec.Answer, rec.Status, rec.InputHash, rec.TaskHash)
		}
		if rec.Format != formats.FormatProdigy {
			t.Errorf("line %d: Format %q, want prodigy (told by its fields)", rec.Line, rec.Format)
		}
		if len(rec.Spans) == 0 {
			negatives++
		}
	}
	if negatives < 8 {
		t.Fatalf("%d records without spans, the excerpt has 9", negatives)
	}
	// The first record, a negative example, as the reader sees it.
	if got, want := *recs[0].InputHash, int64(1653937787); got != want {
		t.Errorf("_input_hash = %d, want %d", got, want)
	}
	if got, want := *recs[0].TaskHash, int64(-1474793941); got != want {
		t.Errorf("_task_hash = %d, want %d", got, want)
	}
	if strings.Contains(string(recs[0].Meta), "_input_hash") {
		t.Errorf("the hashes also went to Meta: %s", recs[0].Meta)
	}
}

// TestJSONLWriters_AnswersRoundTrip writes annotated sets with an emoji
// before their spans and CRLF line breaks inside the text, including a
// negative example and skipped ones, in both formats, and reads them back.
func TestJSONLWriters_AnswersRoundTrip(t *testing.T) {
	const text = "😀 Putin met Erdoğan\r\nin Moscow 🇹🇷; 34 died.\r\n"
	at := func(s string) model.Span {
		i := strings.Index(text, s)
		start := len([]rune(text[:i]))
		return model.Span{Start: start, End: start + len([]rune(s))}
	}
	putin, moscow := at("Putin"), at("Moscow")
	putin.Label, moscow.Label = "ACTOR", "PLACE"
	if putin.Start != 2 || moscow.Start != 24 {
		t.Fatalf("offsets in code points: Putin at %d, Moscow at %d", putin.Start, moscow.Start)
	}
	in, task := int64(-13216227), int64(1212627981)
	doc := func(id string) model.Document { return model.Document{ID: id, ExternalID: id, Text: text} }
	anns := []*formats.Annotation{
		{Document: doc("a"), Status: model.StatusDone, Spans: []model.Span{putin, moscow}, Answer: "accept", InputHash: &in, TaskHash: &task},
		{Document: doc("b"), Status: model.StatusDone},
		{Document: doc("c"), Status: model.StatusSkipped, Answer: "reject"},
		{Document: doc("d"), Status: model.StatusSkipped},
	}
	for _, format := range []formats.Format{formats.FormatProdigy, formats.FormatDoccano} {
		t.Run(string(format), func(t *testing.T) {
			out, _, err := export(t, format, formats.WriterOptions{}, anns...)
			if err != nil {
				t.Fatal(err)
			}
			path := writeFile(t, t.TempDir(), "out.jsonl", out)
			recs := readRecords(t, []string{path}, format, formats.Options{})
			if got, want := len(recs), len(anns); got != want {
				t.Fatalf("read %d records, want %d", got, want)
			}
			for i, rec := range recs {
				a := anns[i]
				if rec.Text != text || rec.ExternalID != a.Document.ExternalID {
					t.Errorf("%s: text %q id %q", rec.Where(), rec.Text, rec.ExternalID)
				}
				if !reflect.DeepEqual(realSpansOf(rec.Spans), realSpansOf(a.Spans)) {
					t.Errorf("%s: spans %v, want %v", rec.Where(), rec.Spans, a.Spans)
				}
				if format == formats.FormatProdigy {
					wantAnswer := map[string]string{"a": "accept", "b": "accept", "c": "reject", "d": "ignore"}[a.Document.ExternalID]
					if rec.Answer != wantAnswer || !rec.Annotated {
						t.Errorf("%s: answer %q annotated %v, want %q", rec.Where(), rec.Answer, rec.Annotated, wantAnswer)
					}
					wantStatus := model.Status("")
					if a.Status == model.StatusSkipped {
						wantStatus = model.StatusSkipped
					}
					if rec.Status != wantStatus {
						t.Errorf("%s: status %q, want %q", rec.Where(), rec.Status, wantStatus)
					}
				} else if !rec.Annotated {
					t.Errorf("%s: not annotated", rec.Where())
				}
			}
			if format == formats.FormatProdigy && (recs[0].InputHash == nil || *recs[0].InputHash != in || *recs[0].TaskHash != task) {
				t.Errorf("the imported hashes did not come back: %v %v", recs[0].InputHash, recs[0].TaskHash)
			}
		})
	}
}
