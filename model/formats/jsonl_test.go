package formats_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// unicodeText mixes accents (composed and decomposed), CJK, a ZWJ emoji
// sequence, a flag, curly quotes and a CRLF: everything that makes byte,
// UTF-16 and code-point offsets disagree.
const unicodeText = "Hélène Dupré met 李小龙 in Genève 👩\u200d🔬🇹🇷 then said “ça va”.\r\nNext line: café (cafe\u0301) in 東京."

var unicodeSpans = []wantSpan{
	{0, 12, "ACTOR", "Hélène Dupré"},
	{17, 20, "ACTOR", "李小龙"},
	{24, 30, "PLACE", "Genève"},
	{31, 34, "ACTOR", "👩\u200d🔬"},
	{34, 36, "PLACE", "🇹🇷"},
	{74, 79, "PLACE", "cafe\u0301"},
	{84, 86, "PLACE", "東京"},
}

// asciiJSON encodes s as Python's json.dumps does by default: everything
// beyond ASCII as \u escapes, astral characters as surrogate pairs.
func asciiJSON(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r < 0x20 || r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&sb, `\u%04x`, u)
			}
		default:
			sb.WriteRune(r)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

func prodigySpansJSON(spans []wantSpan) string {
	var parts []string
	for i, s := range spans {
		parts = append(parts, fmt.Sprintf(`{"start":%d,"end":%d,"token_start":%d,"token_end":%d,"label":%q}`, s.start, s.end, i, i, s.label))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func doccanoSpansJSON(spans []wantSpan) string {
	var parts []string
	for _, s := range spans {
		parts = append(parts, fmt.Sprintf(`[%d,%d,%q]`, s.start, s.end, s.label))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func entitiesJSON(spans []wantSpan) string {
	var parts []string
	for i, s := range spans {
		parts = append(parts, fmt.Sprintf(`{"id":%d,"label":%q,"start_offset":%d,"end_offset":%d}`, 100+i, s.label, s.start, s.end))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// The Prodigy line of the formats notes, verbatim.
const prodigyExample = `{"text":"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.","tokens":[{"text":"Putin","start":0,"end":5,"id":0,"ws":true},{"text":"met","start":6,"end":9,"id":1,"ws":true},{"text":"Erdoğan","start":10,"end":17,"id":2,"ws":true},{"text":"in","start":18,"end":20,"id":3,"ws":true},{"text":"Moscow","start":21,"end":27,"id":4,"ws":false},{"text":";","start":27,"end":28,"id":5,"ws":true},{"text":"34","start":29,"end":31,"id":6,"ws":true},{"text":"soldiers","start":32,"end":40,"id":7,"ws":true},{"text":"died","start":41,"end":45,"id":8,"ws":true},{"text":"🇹🇷","start":46,"end":48,"id":9,"ws":false},{"text":".","start":48,"end":49,"id":10,"ws":false}],"spans":[{"start":0,"end":5,"token_start":0,"token_end":0,"label":"ACTOR"},{"start":10,"end":17,"token_start":2,"token_end":2,"label":"ACTOR"},{"start":21,"end":27,"token_start":4,"token_end":4,"label":"PLACE"},{"start":29,"end":31,"token_start":6,"token_end":6,"label":"FIGURE"}],"answer":"accept","_annotator_id":"news-alice","_session_id":"news-alice","meta":{"source":"example"}}`

// The doccano line of the formats notes, verbatim.
const doccanoExample = `{"id":1,"text":"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.","label":[[0,5,"ACTOR"],[10,17,"ACTOR"],[21,27,"PLACE"],[29,31,"FIGURE"]],"Comments":[]}`

func TestReadJSONL_Prodigy(t *testing.T) {
	path := writeFile(t, t.TempDir(), "news.jsonl", prodigyExample+"\n")
	rec := readOne(t, path, formats.FormatJSONL)
	if got, want := rec.Text, example; got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
	if got, want := rec.Source, path; got != want {
		t.Errorf("Source = %q, want %q", got, want)
	}
	if got, want := rec.Line, 1; got != want {
		t.Errorf("Line = %d, want %d", got, want)
	}
	if got, want := rec.ExternalID, "news.jsonl#1"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	if got, want := rec.Annotator, "news-alice"; got != want {
		t.Errorf("Annotator = %q, want %q", got, want)
	}
	checkMeta(t, rec, `{"source":"example"}`)
	checkSpans(t, rec, exampleSpans)
}

func TestReadJSONL_DoccanoLabel(t *testing.T) {
	path := writeFile(t, t.TempDir(), "doccano.jsonl", doccanoExample+"\n")
	rec := readOne(t, path, formats.FormatAuto)
	if got, want := rec.ExternalID, "1"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	if got, want := rec.Annotator, ""; got != want {
		t.Errorf("Annotator = %q, want %q", got, want)
	}
	checkMeta(t, rec, `{"Comments":[]}`)
	checkSpans(t, rec, exampleSpans)
}

func TestReadJSONL_DoccanoLabels(t *testing.T) {
	line := fmt.Sprintf(`{"id":"doc-7","text":%q,"labels":%s}`, example, doccanoSpansJSON(exampleSpans))
	path := writeFile(t, t.TempDir(), "old.ndjson", line+"\n")
	rec := readOne(t, path, formats.FormatAuto)
	if got, want := rec.ExternalID, "doc-7"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	checkMeta(t, rec, "")
	checkSpans(t, rec, exampleSpans)
}

func TestReadJSONL_DoccanoEntities(t *testing.T) {
	line := fmt.Sprintf(`{"id":3,"text":%q,"entities":%s,"relations":[]}`, example, entitiesJSON(exampleSpans))
	path := writeFile(t, t.TempDir(), "relations.jsonl", line+"\n")
	rec := readOne(t, path, formats.FormatJSONL)
	if got, want := rec.ExternalID, "3"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	checkSpans(t, rec, exampleSpans)
}

func TestReadJSONL_Unicode(t *testing.T) {
	utf8Text, err := jsonString(unicodeText)
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{
		// UTF-8 as written by json.dumps(ensure_ascii=False).
		`{"text":` + utf8Text + `,"spans":` + prodigySpansJSON(unicodeSpans) + `}`,
		// All \u escapes with surrogate pairs, as written by plain json.dumps.
		`{"text":` + asciiJSON(unicodeText) + `,"label":` + doccanoSpansJSON(unicodeSpans) + `}`,
		`{"text":` + asciiJSON(unicodeText) + `,"entities":` + entitiesJSON(unicodeSpans) + `}`,
	}
	path := writeFile(t, t.TempDir(), "unicode.jsonl", strings.Join(lines, "\n"))
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(recs), len(lines); got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	for _, rec := range recs {
		if got, want := rec.Text, unicodeText; got != want {
			t.Fatalf("%s: Text = %q, want %q", rec.Where(), got, want)
		}
		checkSpans(t, rec, unicodeSpans)
	}
}

func TestReadJSONL_SpanAtTextEnd(t *testing.T) {
	// The flag is the last but one character: an off-by-one in counting
	// astral characters shows up here first.
	line := fmt.Sprintf(`{"text":%q,"spans":[{"start":46,"end":48,"label":"FLAG"},{"start":48,"end":49,"label":"END"}]}`, example)
	path := writeFile(t, t.TempDir(), "end.jsonl", line)
	rec := readOne(t, path, formats.FormatJSONL)
	checkSpans(t, rec, []wantSpan{{46, 48, "FLAG", "🇹🇷"}, {48, 49, "END", "."}})
}

func TestReadJSONL_Meta(t *testing.T) {
	lines := []string{
		// Numbers keep their spelling: no float64 round trip.
		`{"text":"one","meta":{"big":12345678901234567890,"price":1.50,"nested":{"a":[1,"x"]}}}`,
		// doccano spreads metadata at the top level.
		`{"text":"two","source":"wire","page":12,"Comments":["ok"],"_input_hash":1,"_task_hash":2,"_view_id":"ner_manual","_timestamp":3,"tokens":[],"answer":"accept"}`,
		// Both: meta's own keys win.
		`{"text":"three","source":"top","extra":true,"meta":{"source":"meta","n":1}}`,
		// No metadata at all.
		`{"text":"four","meta":null}`,
		`{"text":"five","meta":{}}`,
		// A key with escapes, and a duplicate top-level key (the last wins).
		`{"text":"six","caf\u00e9":1,"dup":1,"dup":2}`,
	}
	path := writeFile(t, t.TempDir(), "meta.jsonl", strings.Join(lines, "\n")+"\n")
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(recs), len(lines); got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if got, want := string(recs[0].Meta), `{"big":12345678901234567890,"price":1.50,"nested":{"a":[1,"x"]}}`; got != want {
		t.Errorf("Meta = %s, want %s", got, want)
	}
	checkMeta(t, recs[1], `{"source":"wire","page":12,"Comments":["ok"]}`)
	checkMeta(t, recs[2], `{"source":"meta","n":1,"extra":true}`)
	checkMeta(t, recs[3], "")
	checkMeta(t, recs[4], `{}`)
	checkMeta(t, recs[5], `{"café":1,"dup":2}`)
}

func TestReadJSONL_IDs(t *testing.T) {
	lines := []string{
		`{"id":"a-1","text":"string id"}`,
		`{"id":7,"text":"number id"}`,
		`{"id":-12.5e3,"text":"odd number id"}`,
		`{"text":"no id"}`,
		`{"id":null,"text":"null id"}`,
		`{"id":"","text":"empty id"}`,
	}
	path := writeFile(t, t.TempDir(), "ids.jsonl", strings.Join(lines, "\n"))
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	want := []string{"a-1", "7", "-12.5e3", "ids.jsonl#4", "ids.jsonl#5", "ids.jsonl#6"}
	if got, want := len(recs), len(want); got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	for i, rec := range recs {
		if rec.ExternalID != want[i] {
			t.Errorf("%s: ExternalID = %q, want %q", rec.Where(), rec.ExternalID, want[i])
		}
	}
}

func TestReadJSONL_Annotator(t *testing.T) {
	lines := []string{
		`{"text":"both","_annotator_id":"news-alice","_session_id":"news-bob"}`,
		`{"text":"session only","_session_id":"news-bob"}`,
		`{"text":"neither"}`,
		`{"text":"null annotator","_annotator_id":null,"_session_id":"news-carol"}`,
	}
	path := writeFile(t, t.TempDir(), "who.jsonl", strings.Join(lines, "\n"))
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	want := []string{"news-alice", "news-bob", "", "news-carol"}
	if got, want := len(recs), len(want); got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	for i, rec := range recs {
		if rec.Annotator != want[i] {
			t.Errorf("%s: Annotator = %q, want %q", rec.Where(), rec.Annotator, want[i])
		}
	}
}

func TestReadJSONL_SameTextTwoAnnotators(t *testing.T) {
	alice := fmt.Sprintf(`{"text":%q,"spans":[{"start":0,"end":5,"label":"ACTOR"}],"_annotator_id":"news-alice"}`, example)
	bob := fmt.Sprintf(`{"text":%q,"spans":[{"start":21,"end":27,"label":"PLACE"},{"start":10,"end":17,"label":"ACTOR"}],"_annotator_id":"news-bob"}`, example)
	path := writeFile(t, t.TempDir(), "review.jsonl", alice+"\n"+bob+"\n")
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(recs), 2; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if got, want := recs[0].Annotator, "news-alice"; got != want {
		t.Errorf("first Annotator = %q, want %q", got, want)
	}
	if got, want := recs[1].Annotator, "news-bob"; got != want {
		t.Errorf("second Annotator = %q, want %q", got, want)
	}
	if recs[0].Text != recs[1].Text {
		t.Errorf("texts differ: %q and %q", recs[0].Text, recs[1].Text)
	}
	checkSpans(t, recs[0], []wantSpan{{0, 5, "ACTOR", "Putin"}})
	checkSpans(t, recs[1], []wantSpan{{21, 27, "PLACE", "Moscow"}, {10, 17, "ACTOR", "Erdoğan"}})
}

func TestReadJSONL_Answer(t *testing.T) {
	var lines []string
	for _, answer := range []string{"accept", "reject", "ignore"} {
		lines = append(lines, fmt.Sprintf(`{"text":%q,"spans":[{"start":0,"end":5,"label":"ACTOR"}],"answer":%q}`, example, answer))
	}
	// The most common Prodigy record: accepted, and nothing in it.
	lines = append(lines, fmt.Sprintf(`{"text":%q,"spans":[],"answer":"accept"}`, example))
	// No "spans" at all, as ner.teach datasets have it.
	lines = append(lines, fmt.Sprintf(`{"text":%q,"answer":"accept"}`, example))
	path := writeFile(t, t.TempDir(), "answers.jsonl", strings.Join(lines, "\n"))
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(recs), 5; got != want {
		t.Fatalf("read %d records, want %d: rejected tasks are still documents", got, want)
	}
	tests := []struct {
		answer      string
		status      model.Status
		spans       int
		suggestions int
		notKept     map[string]int
	}{
		{"accept", "", 1, 0, nil},
		{"reject", model.StatusSkipped, 0, 0, map[string]int{"rejected spans": 1}},
		{"ignore", model.StatusSkipped, 0, 1, nil},
		{"accept", "", 0, 0, nil},
		{"accept", "", 0, 0, nil},
	}
	for i, tt := range tests {
		rec := recs[i]
		if !rec.Annotated || rec.Answer != tt.answer || rec.Status != tt.status {
			t.Errorf("%s: Annotated %v, Answer %q, Status %q; want true, %q, %q", rec.Where(), rec.Annotated, rec.Answer, rec.Status, tt.answer, tt.status)
		}
		if len(rec.Spans) != tt.spans || len(rec.Suggestions) != tt.suggestions {
			t.Errorf("%s: %d spans and %d suggestions, want %d and %d", rec.Where(), len(rec.Spans), len(rec.Suggestions), tt.spans, tt.suggestions)
		}
		if !reflect.DeepEqual(rec.NotKept, tt.notKept) {
			t.Errorf("%s: NotKept %v, want %v", rec.Where(), rec.NotKept, tt.notKept)
		}
		if rec.Format != formats.FormatProdigy {
			t.Errorf("%s: Format %q, want prodigy", rec.Where(), rec.Format)
		}
	}
	checkSpans(t, recs[0], []wantSpan{{0, 5, "ACTOR", "Putin"}})
	if s := recs[2].Suggestions; len(s) == 1 && (s[0].Start != 0 || s[0].End != 5 || s[0].Label != "ACTOR") {
		t.Errorf("the ignored task's suggestion is %+v", s[0])
	}
}

func TestReadJSONL_IgnoredSpansThatDoNotFit(t *testing.T) {
	// A skipped task is not refused for its suggestions: those that do not
	// fit the text are counted, the others kept.
	line := `{"text":"abc","spans":[{"start":0,"end":1,"label":"X"},{"start":0,"end":9,"label":"X"}],"answer":"ignore"}`
	path := writeFile(t, t.TempDir(), "ignored.jsonl", line+"\n")
	rec := readOne(t, path, formats.FormatProdigy)
	if got, want := len(rec.Suggestions), 1; got != want {
		t.Errorf("%d suggestions, want %d", got, want)
	}
	if got, want := rec.NotKept["ignored spans that do not fit the text"], 1; got != want {
		t.Errorf("NotKept = %v, want the span past the text counted", rec.NotKept)
	}
}

func TestReadJSONL_Hashes(t *testing.T) {
	content := `{"text":"a","_input_hash":-13216227,"_task_hash":1212627981,"answer":"accept"}` + "\n" +
		`{"text":"b","_input_hash":null}` + "\n"
	path := writeFile(t, t.TempDir(), "hashes.jsonl", content)
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if recs[0].InputHash == nil || *recs[0].InputHash != -13216227 || recs[0].TaskHash == nil || *recs[0].TaskHash != 1212627981 {
		t.Errorf("hashes %v %v, want -13216227 and 1212627981", recs[0].InputHash, recs[0].TaskHash)
	}
	if recs[1].InputHash != nil || recs[1].TaskHash != nil {
		t.Errorf("a record without hashes has %v %v", recs[1].InputHash, recs[1].TaskHash)
	}
	checkMeta(t, recs[0], "")
}

func TestReadJSONL_NotAnnotated(t *testing.T) {
	// Prodigy's input streams: tokens, even an empty spans list, but no
	// answer. Nobody has looked at these yet.
	lines := []string{
		`{"text":"Putin met","tokens":[{"text":"Putin","start":0,"end":5,"id":0},{"text":"met","start":6,"end":9,"id":1}]}`,
		`{"text":"Putin met","spans":[],"_input_hash":1,"_task_hash":2}`,
		`{"text":"Putin met"}`,
	}
	path := writeFile(t, t.TempDir(), "stream.jsonl", strings.Join(lines, "\n"))
	for _, rec := range readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{}) {
		if rec.Annotated || rec.Status != "" || rec.Answer != "" || len(rec.Spans) != 0 {
			t.Errorf("%s: Annotated %v, Status %q, Answer %q, spans %v; want a document nobody annotated", rec.Where(), rec.Annotated, rec.Status, rec.Answer, rec.Spans)
		}
	}
}

func TestReadJSONL_DoccanoAnnotated(t *testing.T) {
	lines := []string{
		`{"id":1,"text":"Putin met","label":[]}`,
		`{"id":2,"text":"Putin met","labels":[]}`,
		`{"id":3,"text":"Putin met","entities":[],"relations":[]}`,
		`{"id":4,"text":"Putin met","label":[[0,5,"ACTOR"]]}`,
		`{"id":5,"text":"Putin met","label":null}`,
		`{"id":6,"text":"Putin met","Comments":[]}`,
	}
	want := []bool{true, true, true, true, false, false}
	path := writeFile(t, t.TempDir(), "doccano.jsonl", strings.Join(lines, "\n"))
	recs := readRecords(t, []string{path}, formats.FormatAuto, formats.Options{})
	for i, rec := range recs {
		if rec.Annotated != want[i] {
			t.Errorf("%s: Annotated = %v, want %v", rec.Where(), rec.Annotated, want[i])
		}
		if rec.Status != "" || rec.Answer != "" {
			t.Errorf("%s: Status %q, Answer %q; want the defaults", rec.Where(), rec.Status, rec.Answer)
		}
	}
	for _, i := range []int{0, 1, 2, 3} {
		if recs[i].Format != formats.FormatDoccano {
			t.Errorf("%s: Format %q, want doccano", recs[i].Where(), recs[i].Format)
		}
	}
	if recs[5].Format != formats.FormatJSONL {
		t.Errorf("%s: Format %q, want jsonl: nothing says which tool wrote it", recs[5].Where(), recs[5].Format)
	}
}

func TestReadJSONL_DoccanoData(t *testing.T) {
	// doccano 1.x's export: the text under "data", meta spread over the top.
	lines := []string{
		fmt.Sprintf(`{"id":7,"data":%s,"label":%s,"source":"wire"}`, asciiJSON(example), doccanoSpansJSON(exampleSpans)),
		`{"id":8,"data":"nothing here","label":[]}`,
		// With a "text", "data" is just metadata.
		`{"id":9,"text":"the text","data":"not the text"}`,
	}
	path := writeFile(t, t.TempDir(), "admin.jsonl", strings.Join(lines, "\r\n")+"\r\n")
	recs := readRecords(t, []string{path}, formats.FormatDoccano, formats.Options{})
	if got, want := len(recs), 3; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if recs[0].Text != example || recs[0].ExternalID != "7" || !recs[0].Annotated {
		t.Errorf("record 1: %q id %q annotated %v", recs[0].Text, recs[0].ExternalID, recs[0].Annotated)
	}
	checkSpans(t, recs[0], exampleSpans)
	checkMeta(t, recs[0], `{"source":"wire"}`)
	if recs[1].Text != "nothing here" || !recs[1].Annotated || len(recs[1].Spans) != 0 {
		t.Errorf("record 2: %q annotated %v spans %v, want an annotated record with no span", recs[1].Text, recs[1].Annotated, recs[1].Spans)
	}
	if recs[2].Text != "the text" {
		t.Errorf("record 3: text %q", recs[2].Text)
	}
	checkMeta(t, recs[2], `{"data":"not the text"}`)
	for _, rec := range recs {
		if rec.Format != formats.FormatDoccano {
			t.Errorf("%s: Format %q, want doccano", rec.Where(), rec.Format)
		}
	}
}

func TestReadJSONL_EntitiesAsLists(t *testing.T) {
	// doccano's intent-detection export writes entities as doccano's lists.
	line := fmt.Sprintf(`{"text":%q,"entities":%s,"cats":["positive"]}`, example, doccanoSpansJSON(exampleSpans))
	path := writeFile(t, t.TempDir(), "intent.jsonl", line+"\n")
	rec := readOne(t, path, formats.FormatJSONL)
	checkSpans(t, rec, exampleSpans)
	checkMeta(t, rec, `{"cats":["positive"]}`)
}

func TestReadJSONL_NotKept(t *testing.T) {
	lines := []string{
		// Prodigy rel.manual: relations between the spans.
		`{"text":"Smad and Id1","spans":[{"start":0,"end":4,"label":"GGP"},{"start":9,"end":12,"label":"GGP"}],` +
			`"relations":[{"head":0,"child":2,"head_span":{"start":0,"end":4,"label":"GGP"},"child_span":{"start":9,"end":12,"label":"GGP"},"label":"Reg"}],"answer":"accept"}`,
		// doccano's relation export.
		`{"text":"Google, Larry","entities":[{"id":0,"start_offset":0,"end_offset":6,"label":"ORG"},{"id":1,"start_offset":8,"end_offset":13,"label":"PER"}],` +
			`"relations":[{"id":0,"from_id":0,"to_id":1,"type":"foundedBy"},{"id":1,"from_id":1,"to_id":0,"type":"founded"}]}`,
		// Prodigy's review recipe keeps each annotator's version.
		// (read as a review, prodigy_review_test.go: nothing left out).
		`{"text":"Putin","spans":[],"answer":"accept","versions":[{"spans":[],"sessions":["a"]},{"spans":[],"sessions":["b"]}],"sessions":["a","b"]}`,
		`{"text":"Putin","relations":[]}`,
	}
	path := writeFile(t, t.TempDir(), "relations.jsonl", strings.Join(lines, "\n"))
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	want := []map[string]int{nil, nil, nil, nil}
	wantRels := [][]formats.Relation{
		{{From: 0, To: 1, Label: "Reg"}},
		{{From: 0, To: 1, Label: "foundedBy"}, {From: 1, To: 0, Label: "founded"}},
		nil, nil,
	}
	for i, rec := range recs {
		if !reflect.DeepEqual(rec.Relations, wantRels[i]) {
			t.Errorf("%s: Relations %+v, want %+v", rec.Where(), rec.Relations, wantRels[i])
		}
		if !reflect.DeepEqual(rec.NotKept, want[i]) {
			t.Errorf("%s: NotKept %v, want %v", rec.Where(), rec.NotKept, want[i])
		}
		if strings.Contains(string(rec.Meta), "relations") || strings.Contains(string(rec.Meta), "versions") {
			t.Errorf("%s: what is counted as not kept is in Meta too: %s", rec.Where(), rec.Meta)
		}
	}
	checkSpans(t, recs[1], []wantSpan{{0, 6, "ORG", "Google"}, {8, 13, "PER", "Larry"}})
	checkMeta(t, recs[2], "")
}

func TestReadJSONL_BlankTextIsAWarning(t *testing.T) {
	// White space, and an empty text, lose nothing: a warning, and the
	// reading goes on. A blank text with spans is an error like any other.
	content := `{"text":"one"}` + "\n" + `{"text":" \r\n\t\u00a0","label":[]}` + "\n" + `{"text":""}` + "\n" +
		`{"text":"  ","spans":[{"start":0,"end":1,"label":"X"}],"answer":"accept"}` + "\n" + `{"text":"five"}` + "\n"
	path := writeFile(t, t.TempDir(), "blank.jsonl", content)
	items := readAll(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(items), 5; got != want {
		t.Fatalf("got %d results, want 5", got)
	}
	if items[0].rec == nil || items[4].rec == nil || items[4].rec.Text != "five" {
		t.Fatalf("the records around the blank ones are missing: %+v", items)
	}
	checkInputError(t, items[1].err, path, 2, false, "only white space; record skipped")
	checkInputError(t, items[2].err, path, 3, false, "text is empty; record skipped")
	checkInputError(t, items[3].err, path, 4, false, "only white space")
	if !items[1].err.Warning || !items[2].err.Warning {
		t.Error("a blank record is not a warning")
	}
	if items[3].err.Warning {
		t.Error("a blank record with spans is only a warning")
	}
}

func TestReadJSONL_AnswerAndHashErrors(t *testing.T) {
	tests := []struct{ name, line, phrase string }{
		{"UnknownAnswer", `{"text":"a","answer":"maybe"}`, `"answer" must be "accept", "reject" or "ignore", not "maybe"`},
		{"AnswerNotString", `{"text":"a","answer":1}`, `"answer" must be`},
		{"HashString", `{"text":"a","_input_hash":"123"}`, `_input_hash must be an integer, not "123"`},
		{"HashFloat", `{"text":"a","_task_hash":1.5}`, "_task_hash must be an integer, not 1.5"},
		{"DataNotString", `{"data":{"text":"a"},"label":[]}`, `missing "text" field (doccano 1.x exports name it "data")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "bad.jsonl", tt.line+"\n")
			checkInputError(t, firstError(t, []string{path}, formats.FormatJSONL, formats.Options{}), path, 1, false, tt.phrase)
		})
	}
}

func TestReadJSONL_LineEndings(t *testing.T) {
	// A BOM, CRLF endings, blank and white-space lines between records, and
	// no newline after the last one.
	content := "\ufeff" + `{"text":"first"}` + "\r\n\r\n   \t\r\n" + `{"text":"second"}` + "\r\n\n" + `{"text":"third"}`
	path := writeFile(t, t.TempDir(), "crlf.jsonl", content)
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	wantLines := []int{1, 4, 6}
	wantTexts := []string{"first", "second", "third"}
	if got, want := len(recs), 3; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	for i, rec := range recs {
		if rec.Line != wantLines[i] || rec.Text != wantTexts[i] {
			t.Errorf("record %d = line %d %q, want line %d %q", i, rec.Line, rec.Text, wantLines[i], wantTexts[i])
		}
	}
}

func TestReadJSONL_LongLine(t *testing.T) {
	// Well past bufio.Scanner's 64 KiB default and the reader's own buffer.
	long := strings.Repeat("Erdoğan said 🇹🇷 ", 300_000) // about 6 MB
	n := len([]rune(long))
	line := fmt.Sprintf(`{"text":%q,"spans":[{"start":%d,"end":%d,"label":"FLAG"}]}`, long, n-3, n-1)
	path := writeFile(t, t.TempDir(), "long.jsonl", `{"text":"short"}`+"\n"+line+"\n"+`{"text":"after"}`+"\n")
	recs := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(recs), 3; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if recs[1].Text != long {
		t.Fatalf("long text differs (%d bytes, want %d)", len(recs[1].Text), len(long))
	}
	checkSpans(t, recs[1], []wantSpan{{n - 3, n - 1, "FLAG", "🇹🇷"}})
	if got, want := recs[2].Line, 3; got != want {
		t.Errorf("Line after the long line = %d, want %d", got, want)
	}
}

func TestReadJSONL_ContinueAfterError(t *testing.T) {
	content := `{"text":"one"}` + "\n" + `{"text": oops}` + "\n" + `{"text":"three"}` + "\n"
	path := writeFile(t, t.TempDir(), "mixed.jsonl", content)
	items := readAll(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(items), 3; got != want {
		t.Fatalf("got %d results, want 3 (record, error, record)", got)
	}
	if items[0].rec == nil || items[0].rec.Text != "one" {
		t.Fatalf("first result = %+v, want the record \"one\"", items[0])
	}
	checkInputError(t, items[1].err, path, 2, false, "malformed JSON")
	if items[2].rec == nil || items[2].rec.Text != "three" || items[2].rec.Line != 3 {
		t.Fatalf("third result = %+v, want the record \"three\" on line 3", items[2])
	}
}

func TestReadJSONL_Errors(t *testing.T) {
	text := fmt.Sprintf("%q", example) // 49 characters
	// part marks a bad span that is its own error (model.InputError.Part):
	// the record follows without it.
	tests := []struct {
		name, line, phrase string
		part               bool
	}{
		{"MalformedJSON", `{"text":"a",}`, "malformed JSON: invalid character '}'", false},
		{"TruncatedJSON", `{"text":"a"`, "malformed JSON", false},
		{"TrailingData", `{"text":"a"} {"text":"b"}`, "malformed JSON", false},
		{"NotAnObject", `["text","a"]`, "not a JSON object", false},
		{"NotAnObjectString", `"just a string"`, "not a JSON object", false},
		{"MissingText", `{"id":1,"body":"a"}`, `missing "text"`, false},
		{"TextNotString", `{"text":42}`, `"text" must be a string`, false},
		{"TextNull", `{"text":null}`, `"text" must be a string`, false},
		{"EmptyText", `{"text":""}`, "text is empty", false},
		{"BlankText", `{"text":" \n\t "}`, "only white space", false},
		{"InvalidUTF8InText", "{\"text\":\"caf\xe9 latin-1\"}", "not valid UTF-8", false},
		{"InvalidUTF8InMeta", "{\"text\":\"ok\",\"meta\":{\"k\":\"\xff\"}}", "not valid UTF-8", false},
		{"IDWrongType", `{"text":"a","id":{"x":1}}`, `"id" must be a string or a number`, false},
		{"MetaNotObject", `{"text":"a","meta":["x"]}`, `"meta" must be a JSON object`, false},
		{"AnnotatorNotString", `{"text":"a","_annotator_id":5}`, "must be strings", false},
		{"SpansNotList", `{"text":"a","spans":{"start":0,"end":1,"label":"X"}}`, `"spans" must be a list`, false},
		{"SpanNotObject", `{"text":"abc","spans":[[0,1,"X"]]}`, "spans[0]: a span must be an object", false},
		{"SpanFloatOffset", `{"text":"abc","spans":[{"start":1.5,"end":2,"label":"X"}]}`, `"start" must be an integer, not 1.5`, false},
		{"SpanStringOffset", `{"text":"abc","spans":[{"start":0,"end":"3","label":"X"}]}`, `"end" must be an integer, not "3"`, false},
		{"SpanMissingEnd", `{"text":"abc","spans":[{"start":0,"label":"X"}]}`, `missing "end"`, false},
		{"SpanOutOfRange", `{"text":` + text + `,"spans":[{"start":46,"end":50,"label":"FLAG"}]}`, "ends past the text, which has 49 characters", true},
		{"SpanInverted", `{"text":"abc","spans":[{"start":2,"end":1,"label":"X"}]}`, "empty or inverted", true},
		{"SpanEmpty", `{"text":"abc","spans":[{"start":1,"end":1,"label":"X"}]}`, "empty or inverted", true},
		{"SpanNegative", `{"text":"abc","spans":[{"start":-1,"end":1,"label":"X"}]}`, "negative offset", true},
		{"SpanMissingLabel", `{"text":"abc","spans":[{"start":0,"end":1}]}`, "has no label", true},
		{"SpanEmptyLabel", `{"text":"abc","label":[[0,1,""]]}`, "has no label", true},
		{"SpanLabelNotString", `{"text":"abc","spans":[{"start":0,"end":1,"label":3}]}`, "spans[0]: the label must be a string", false},
		{"SecondSpanBad", `{"text":"abc","spans":[{"start":0,"end":1,"label":"X"},{"start":0,"end":9,"label":"X"}]}`, "spans[1]: span [0, 9) ends past the text", true},
		{"DoccanoClassification", `{"text":"great film","label":["POSITIVE"]}`, `span entries must be [start, end, "LABEL"]`, false},
		{"DoccanoLabelString", `{"text":"great film","label":"POSITIVE"}`, `list of [start, end, "LABEL"] entries`, false},
		{"DoccanoShortEntry", `{"text":"abc","labels":[[0,1]]}`, `labels[0]: span entries must be [start, end, "LABEL"]`, false},
		{"DoccanoFloatOffset", `{"text":"abc","label":[[0,1.5,"X"]]}`, `label[0]: "end" must be an integer, not 1.5`, false},
		{"DoccanoStringOffset", `{"text":"abc","label":[["0",1,"X"]]}`, `label[0]: "start" must be an integer, not "0"`, false},
		{"DoccanoLabelNotString", `{"text":"abc","label":[[0,1,2]]}`, "the label must be a string", false},
		{"DoccanoOutOfRange", `{"text":"abc","label":[[0,4,"X"]]}`, "label[0]: span [0, 4) ends past the text, which has 3 characters", true},
		{"EntityNotObject", `{"text":"abc","entities":["X"]}`, "entities[0]: a span must be an object", false},
		{"EntityMissingOffset", `{"text":"abc","entities":[{"start":0,"end":1,"label":"X"}]}`, `missing "start_offset"`, false},
		{"EntityNegative", `{"text":"abc","entities":[{"start_offset":-2,"end_offset":-1,"label":"X"}]}`, "negative offset", true},
		{"HugeOffset", `{"text":"abc","spans":[{"start":0,"end":99999999999999999999,"label":"X"}]}`, "must be an integer", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The bad record is on line 2, after a good one.
			path := writeFile(t, t.TempDir(), "bad.jsonl", `{"text":"fine"}`+"\n"+tt.line+"\n")
			items := readAll(t, []string{path}, formats.FormatJSONL, formats.Options{})
			want := 2
			if tt.part {
				want = 3 // the record without its bad span follows the error
			}
			if got := len(items); got != want {
				t.Fatalf("got %d results, want %d: %+v", got, want, items)
			}
			if items[0].rec == nil {
				t.Fatalf("line 1 gave %v, want a record", items[0].err)
			}
			checkInputError(t, items[1].err, path, 2, false, tt.phrase)
			if items[1].err.Part != tt.part {
				t.Errorf("Part = %v, want %v", items[1].err.Part, tt.part)
			}
			if tt.part {
				rec := items[2].rec
				if rec == nil || rec.Line != 2 {
					t.Fatalf("after the bad span: %+v, want its record", items[2])
				}
				for _, s := range rec.Spans {
					if s.Validate(model.NewOffsets(rec.Text).Len(), nil) != nil {
						t.Fatalf("the record kept the bad span %+v", s)
					}
				}
			}
		})
	}
}

func TestReadJSONL_LineNumbersAcrossErrors(t *testing.T) {
	// Errors keep counting lines right across blank lines and bad records.
	content := "\n" + `{"text":1}` + "\n\n" + `{"text":"ok"}` + "\n" + `nope` + "\n"
	path := writeFile(t, t.TempDir(), filepath.Join("sub", "n.jsonl"), content)
	items := readAll(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if got, want := len(items), 3; got != want {
		t.Fatalf("got %d results, want 3", got)
	}
	checkInputError(t, items[0].err, path, 2, false, "must be a string")
	if items[1].rec == nil || items[1].rec.Line != 4 {
		t.Fatalf("second result = %+v, want a record on line 4", items[1])
	}
	checkInputError(t, items[2].err, path, 5, false, "malformed JSON")
}

// A relation that names no span of its record is refused with the file
// and line: doccano's from_id naming no entity, Prodigy's head_span naming
// no span.
func TestReadJSONL_RelationErrors(t *testing.T) {
	lines := []string{
		`{"text":"Google, Larry","entities":[{"id":0,"start_offset":0,"end_offset":6,"label":"ORG"}],"relations":[{"id":0,"from_id":0,"to_id":7,"type":"foundedBy"}]}`,
		`{"text":"Smad and Id1","spans":[{"start":0,"end":4,"label":"GGP"}],"relations":[{"head":0,"child":2,"head_span":{"start":0,"end":4,"label":"GGP"},"child_span":{"start":9,"end":12,"label":"GGP"},"label":"Reg"}],"answer":"accept"}`,
	}
	path := writeFile(t, t.TempDir(), "bad.jsonl", strings.Join(lines, "\n"))
	items := readAll(t, []string{path}, formats.FormatJSONL, formats.Options{})
	for i, want := range []string{"to_id 7 names no entity", "child_span [9, 12) GGP is not one of the record's spans"} {
		if i >= len(items) || items[i].err == nil {
			t.Fatalf("line %d: no error, want %q", i+1, want)
		}
		if ie := items[i].err; ie.Line != i+1 || ie.File != path || !strings.Contains(ie.Error(), want) {
			t.Errorf("line %d: %v, want an error at %s:%d saying %q", i+1, ie, path, i+1, want)
		}
	}
}
