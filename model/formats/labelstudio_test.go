package formats_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// The Label Studio example of the formats notes, verbatim.
const labelStudioExample = `[{"data":{"text":"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."},"annotations":[{"result":[{"id":"s1","from_name":"label","to_name":"text","type":"labels","value":{"start":21,"end":27,"text":"Moscow","labels":["PLACE"]}}]}]}]`

// lsTaskOut is what the tests check of a written task.
type lsTaskOut struct {
	ID          int                        `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []struct {
		CompletedBy  json.RawMessage `json:"completed_by"`
		WasCancelled *bool           `json:"was_cancelled"`
		GroundTruth  *bool           `json:"ground_truth"`
		Meta         struct {
			Annotator string `json:"annotator"`
		} `json:"meta"`
		Result []struct {
			ID       string `json:"id"`
			FromName string `json:"from_name"`
			ToName   string `json:"to_name"`
			Type     string `json:"type"`
			Value    struct {
				Start  int      `json:"start"`
				End    int      `json:"end"`
				Text   string   `json:"text"`
				Labels []string `json:"labels"`
			} `json:"value"`
			Meta *struct {
				Text []string `json:"text"`
			} `json:"meta"`
		} `json:"result"`
	} `json:"annotations"`
}

func lsDecode(tb testing.TB, out string) []lsTaskOut {
	tb.Helper()
	var tasks []lsTaskOut
	if err := json.Unmarshal([]byte(out), &tasks); err != nil {
		tb.Fatalf("the export is not a JSON list of tasks: %v\n%s", err, out)
	}
	return tasks
}

func TestLabelStudioWriter_Example(t *testing.T) {
	a := charExample("news/a.txt", true)
	a.Annotator = "alice"
	// The flag is two code points and four UTF-16 units: every offset after
	// it differs between the two counts.
	a.Spans = append(a.Spans,
		model.Span{Start: 46, End: 48, Label: "PLACE"},
		model.Span{Start: 48, End: 49, Label: "FIGURE"})
	tasks := lsDecode(t, charWrite(t, formats.FormatLabelStudio, a))
	if len(tasks) != 1 || len(tasks[0].Annotations) != 1 {
		t.Fatalf("got %+v, want one task with one annotation", tasks)
	}
	task := tasks[0]
	if task.ID != 1 {
		t.Errorf("id = %d, want 1", task.ID)
	}
	if got, want := string(task.Data["text"]), `"`+example+`"`; got != want {
		t.Errorf("data.text = %s, want %s", got, want)
	}
	if got, want := string(task.Data["external_id"]), `"news/a.txt"`; got != want {
		t.Errorf("data.external_id = %s, want %s", got, want)
	}
	ann := task.Annotations[0]
	if ann.CompletedBy != nil {
		t.Errorf("completed_by = %s; Label Studio refuses names that are not its users'", ann.CompletedBy)
	}
	if ann.Meta.Annotator != "alice" {
		t.Errorf("meta.annotator = %q, want alice", ann.Meta.Annotator)
	}
	if ann.WasCancelled == nil || *ann.WasCancelled || ann.GroundTruth == nil || *ann.GroundTruth {
		t.Errorf("was_cancelled and ground_truth must be written false")
	}
	want := []struct {
		start, end int
		text       string
		label      string
		note       string
	}{
		{0, 5, "Putin", "ACTOR", ""},
		{10, 17, "Erdoğan", "ACTOR", ""},
		{21, 27, "Moscow", "PLACE", ""},
		{29, 31, "34", "FIGURE", "soldiers killed"},
		{46, 50, "🇹🇷", "PLACE", ""},
		{50, 51, ".", "FIGURE", ""},
	}
	if len(ann.Result) != len(want) {
		t.Fatalf("%d results, want %d", len(ann.Result), len(want))
	}
	ids := map[string]bool{}
	for i, w := range want {
		r := ann.Result[i]
		if r.FromName != "label" || r.ToName != "text" || r.Type != "labels" {
			t.Errorf("result %d: from_name %q, to_name %q, type %q; want label, text, labels", i, r.FromName, r.ToName, r.Type)
		}
		v := r.Value
		if v.Start != w.start || v.End != w.end || v.Text != w.text || len(v.Labels) != 1 || v.Labels[0] != w.label {
			t.Errorf("result %d = %+v, want [%d, %d) %q %s", i, v, w.start, w.end, w.text, w.label)
		}
		switch {
		case w.note == "" && r.Meta != nil:
			t.Errorf("result %d: meta %+v, want none", i, r.Meta)
		case w.note != "" && (r.Meta == nil || len(r.Meta.Text) != 1 || r.Meta.Text[0] != w.note):
			t.Errorf("result %d: meta %+v, want text [%q]", i, r.Meta, w.note)
		}
		if len(r.ID) != 10 || ids[r.ID] {
			t.Errorf("result %d: id %q, want 10 characters, unique", i, r.ID)
		}
		ids[r.ID] = true
	}

	// The ids depend on the spans only: a second export gives the same ones.
	again := lsDecode(t, charWrite(t, formats.FormatLabelStudio, a))
	if again[0].Annotations[0].Result[2].ID != ann.Result[2].ID {
		t.Error("result ids change from one export to the next")
	}
}

func TestLabelStudioWriter_Shape(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		if got, want := charWrite(t, formats.FormatLabelStudio), "[]\n"; got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
	t.Run("TaskPerLine", func(t *testing.T) {
		a, b := charExample("a", false), charExample("b", false)
		b.Document.ID = "another"
		out := charWrite(t, formats.FormatLabelStudio, a, b)
		lines := strings.Split(out, "\n")
		if len(lines) != 5 || lines[0] != "[" || lines[3] != "]" || lines[4] != "" ||
			!strings.HasPrefix(lines[1], `{"id":1,`) || !strings.HasSuffix(lines[1], "},") ||
			!strings.HasPrefix(lines[2], `{"id":2,`) {
			t.Fatalf("got\n%s\nwant [, a task per line, ]", out)
		}
	})
	t.Run("AnnotatorsOfOneDocumentShareATask", func(t *testing.T) {
		a, b := charExample("a", false), charExample("a", true)
		a.Annotator, b.Annotator = "alice", "bob"
		b.Status = model.StatusSkipped
		tasks := lsDecode(t, charWrite(t, formats.FormatLabelStudio, a, b))
		if len(tasks) != 1 || len(tasks[0].Annotations) != 2 {
			t.Fatalf("got %+v, want one task with two annotations", tasks)
		}
		if got := tasks[0].Annotations[1]; got.Meta.Annotator != "bob" || got.WasCancelled == nil || !*got.WasCancelled {
			t.Errorf("second annotation = %+v, want bob's, cancelled (skipped)", got)
		}
	})
	t.Run("MetaInData", func(t *testing.T) {
		a := charExample("a", false)
		a.Document.Meta = json.RawMessage("{\n  \"source\": \"wire\",\n  \"text\": \"clash\"\n}")
		out := charWrite(t, formats.FormatLabelStudio, a)
		if !strings.Contains(out, `"external_id":"a","source":"wire","meta":{"text":"clash"}},"annotations"`) {
			t.Fatalf("got %s, want source in data and the clashing key in data.meta", out)
		}
	})
}

func TestLabelStudioWriter_Errors(t *testing.T) {
	w, _ := formats.NewWriter(formats.FormatLabelStudio, failingWriter{}, formats.WriterOptions{})
	w.Write(charExample("a", false))
	if err := w.Close(); !errors.Is(err, errDiskFull) {
		t.Fatalf("Close = %v, want the write error", err)
	}

	w, _ = formats.NewWriter(formats.FormatLabelStudio, io.Discard, formats.WriterOptions{})
	a := charExample("a", false)
	a.Spans = append(a.Spans, model.Span{Start: 48, End: 50, Label: "X"})
	if err := w.Write(a); err == nil || !strings.Contains(err.Error(), "past the text") {
		t.Fatalf("Write = %v, want the span past the text refused", err)
	}

	// A refused document leaves the output whole: the caller may go on.
	var buf strings.Builder
	w, _ = formats.NewWriter(formats.FormatLabelStudio, &buf, formats.WriterOptions{})
	good, bad, other := charExample("a", false), charExample("b", false), charExample("c", false)
	bad.Document.ID, other.Document.ID = "b", "c"
	bad.Document.Meta = json.RawMessage(`"not an object"`)
	if err := w.Write(good); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(bad); err == nil {
		t.Fatal("meta that is not an object was written")
	}
	if err := w.Write(other); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if tasks := lsDecode(t, buf.String()); len(tasks) != 2 || tasks[1].ID != 2 {
		t.Fatalf("got %+v, want tasks 1 and 2", tasks)
	}
}

func TestReadLabelStudio_Example(t *testing.T) {
	path := writeFile(t, t.TempDir(), "ls.json", labelStudioExample)
	rec := readOne(t, path, formats.FormatAuto) // .json is Label Studio
	if rec.Text != example {
		t.Fatalf("Text = %q", rec.Text)
	}
	if got, want := rec.ExternalID, "ls.json#1"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	if rec.Line != 1 || rec.Annotator != "" {
		t.Errorf("Line %d, Annotator %q; want 1 and none", rec.Line, rec.Annotator)
	}
	checkSpans(t, rec, []wantSpan{{21, 27, "PLACE", "Moscow"}})
}

func TestReadLabelStudio_AfterTheFlag(t *testing.T) {
	// "." is code point 48 but UTF-16 unit 50.
	content := fmt.Sprintf(`[{"id":7,"data":{"text":%q},"annotations":[{"result":[`+
		`{"id":"a","type":"labels","value":{"start":50,"end":51,"text":".","labels":["FIGURE"]}},`+
		`{"id":"b","type":"labels","value":{"start":46,"end":50,"text":"🇹🇷","labels":["PLACE"]}}]}]}]`, example)
	rec := readOne(t, writeFile(t, t.TempDir(), "flag.json", content), formats.FormatLabelStudio)
	if got, want := rec.ExternalID, "7"; got != want {
		t.Errorf("ExternalID = %q, want the task id %q", got, want)
	}
	checkSpans(t, rec, []wantSpan{{46, 48, "PLACE", "🇹🇷"}, {48, 49, "FIGURE", "."}})
}

func TestReadLabelStudio_Tasks(t *testing.T) {
	content := `[
  {
    "id": 1,
    "data": {"content": "Hi 😀 Bob", "views": 3, "external_id": 99},
    "annotations": [
      {"completed_by": 3, "result": [
        {"id": "r1", "type": "labels", "value": {"start": 6, "end": 9, "labels": ["ACTOR", "NAME"]}, "meta": {"text": ["first", "second"]}},
        {"id": "r2", "type": "choices", "value": {"choices": ["chat"]}},
        {"type": "relation", "from_id": "r1", "to_id": "r1"}
      ]},
      {"completed_by": {"id": 4, "email": "eve@example.com"}, "result": []},
      {"completed_by": "carol", "was_cancelled": true, "result": [{"id": "x", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["ACTOR"]}}]},
      {"meta": {"annotator": "dave"}, "result": []}
    ],
    "predictions": [{"result": [{"id": "p", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["ACTOR"]}}]}]
  },
  {"data": {"text": "no annotations yet", "meta": {"text": "clash"}}, "annotations": []},
  {"text": "a task without data is all data", "lang": "en"},
  {"data": {"text": "old format"}, "completions": [{"result": [{"id": "c", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["X"]}}]}]}
]`
	path := writeFile(t, t.TempDir(), "tasks.json", content)
	recs := readRecords(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != 7 {
		for _, r := range recs {
			t.Logf("%s %q %q", r.Where(), r.Text, r.Annotator)
		}
		t.Fatalf("read %d records, want 7", len(recs))
	}
	for i, want := range []struct {
		line      int
		extID     string
		annotator string
		meta      string
		annotated bool
		status    model.Status
	}{
		{2, "99", "user-3", `{"views":3}`, true, ""},
		{2, "99", "eve@example.com", `{"views":3}`, true, ""},
		{2, "99", "carol", `{"views":3}`, true, model.StatusSkipped},
		{2, "99", "dave", `{"views":3}`, true, ""},
		{17, "tasks.json#17", "", `{"text":"clash"}`, false, ""},
		{18, "tasks.json#18", "", `{"lang":"en"}`, false, ""},
		{19, "tasks.json#19", "", "", true, ""},
	} {
		rec := recs[i]
		if rec.Line != want.line || rec.ExternalID != want.extID || rec.Annotator != want.annotator {
			t.Errorf("record %d: line %d, id %q, annotator %q; want %d, %q, %q", i, rec.Line, rec.ExternalID, rec.Annotator, want.line, want.extID, want.annotator)
		}
		if rec.Annotated != want.annotated || rec.Status != want.status || rec.Format != formats.FormatLabelStudio {
			t.Errorf("record %d: annotated %v, status %q, format %q; want %v, %q, labelstudio", i, rec.Annotated, rec.Status, rec.Format, want.annotated, want.status)
		}
		checkMeta(t, rec, want.meta)
	}
	if recs[0].Text != "Hi 😀 Bob" {
		t.Errorf("text = %q, want data.content, the only text field", recs[0].Text)
	}
	checkSpans(t, recs[0], []wantSpan{{5, 8, "ACTOR", "Bob"}, {5, 8, "NAME", "Bob"}})
	if got := recs[0].Spans[0].Note; got != "first\nsecond" {
		t.Errorf("note = %q, want the region's meta.text joined", got)
	}
	// The region is on line 7 of the file: each label's span names it.
	if got := recs[0].SpanWhere(1); got != path+":7" {
		t.Errorf("SpanWhere = %s, want %s:7, the region's own line", got, path)
	}
	if got, want := fmt.Sprint(recs[0].NotKept), "map[choices:1 relations without a label:1]"; got != want {
		t.Errorf("NotKept = %s, want %s", got, want)
	}
	// Carol skipped the task after labeling "Hi": kept, as skipped.
	checkSpans(t, recs[2], []wantSpan{{0, 2, "ACTOR", "Hi"}})
	for _, i := range []int{1, 3, 4, 5} {
		checkSpans(t, recs[i], nil)
	}
	checkSpans(t, recs[6], []wantSpan{{0, 3, "X", "old"}})
	// The prediction is every annotator's suggestion, nobody's span.
	for i := range 4 {
		if got := recs[i].Suggestions; len(got) != 1 || got[0].Start != 0 || got[0].End != 2 || got[0].Label != "ACTOR" {
			t.Errorf("record %d: suggestions %+v, want the prediction [0, 2) ACTOR", i, got)
		}
	}
}

func TestReadLabelStudio_Errors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		line    int
		fatal   bool
		phrase  string
	}{
		{"MalformedJSON", "[\n{\"data\":{\"text\":\"a\"}},\n{\"data\":{\"text\":\"b\"},}\n]", 3, true, "malformed JSON"},
		{"MalformedDeepInTask", "[\n{\"data\":\n{\"text\":\n\"a\"\n}\nx}\n]", 6, true, "malformed JSON"},
		{"MissingComma", "[\n{\"data\":{\"text\":\"a\"}}\n{\"data\":{\"text\":\"b\"}}\n]", 3, true, "malformed JSON"},
		{"NotAnArray", "\n\"text\"\n", 2, true, "list of tasks"},
		{"TrailingAfterTask", "{\"data\":{\"text\":\"a\"}}\n]", 2, true, "after the last task"},
		{"TaskCutShort", "{\"data\":{\"text\":\"a\"}}\n{\"data\":", 2, true, "in the middle of a task"},
		{"Empty", "  \n", 0, true, "empty"},
		{"Truncated", "[\n{\"data\":{\"text\":\"a\"}},\n{\"data\":{\"te", 3, true, "cut short"},
		{"Trailing", "[]\n[]", 2, true, "after the list"},
		{"TaskNotObject", "[\n\"text\"\n]", 2, false, "must be a JSON object"},
		{"NoText", "[\n{\"data\":{\"n\":1}}\n]", 2, false, "no text"},
		{"SeveralTextFields", "[\n{\"data\":{\"a\":\"x\",\"b\":\"y\"}}\n]", 2, false, `several text fields ("a", "b")`},
		{"TextNotString", "[\n{\"data\":{\"text\":5}}\n]", 2, false, "data.text must be a string"},
		{"EmptyText", "[\n{\"data\":{\"text\":\"\"}}\n]", 2, false, "empty"},
		{"WrongType", "[\n{\"data\":{\"text\":\"a\"},\"annotations\":{}}\n]", 2, false, "annotations must be a list"},
		{"InsideSurrogatePair", "[\n{\"id\":5,\"data\":{\"text\":\"🇹🇷 x\"},\"annotations\":[{\"result\":[{\"id\":\"r9\",\"type\":\"labels\",\"value\":{\"start\":1,\"end\":5,\"labels\":[\"X\"]}}]}]}\n]", 2, false, "value.start 1 falls inside a character written as two UTF-16 units"},
		{"PastTheEnd", "[\n{\"data\":{\"text\":\"😀 x\"},\"annotations\":[{\"result\":[{\"id\":\"r9\",\"type\":\"labels\",\"value\":{\"start\":3,\"end\":5,\"labels\":[\"X\"]}}]}]}\n]", 2, false, "value.end 5 is outside the text, which has 4 UTF-16 units"},
		{"CodePointOffsets", "[\n{\"id\":5,\"data\":{\"text\":\"😀 Moscow\"},\"annotations\":[{\"result\":[{\"id\":\"r9\",\"type\":\"labels\",\"value\":{\"start\":2,\"end\":8,\"text\":\"Moscow\",\"labels\":[\"PLACE\"]}}]}]}\n]", 2, false, `task 1 (id 5), annotation 1, region "r9": value.text "Moscow" does not match " Mosco"`},
		{"FloatOffsets", "[\n{\"data\":{\"text\":\"abc\"},\"annotations\":[{\"result\":[{\"id\":\"r\",\"type\":\"labels\",\"value\":{\"start\":0.0,\"end\":1,\"labels\":[\"X\"]}}]}]}\n]", 2, false, "whole numbers"},
		{"NoLabels", "[\n{\"data\":{\"text\":\"abc\"},\"annotations\":[{\"result\":[{\"id\":\"r\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":1,\"labels\":[]}}]}]}\n]", 2, false, "labels is empty"},
		{"InvalidUTF8", "[\n{\"data\":{\"text\":\"caf\xe9\"}}\n]", 2, false, "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "tasks.json", tc.content)
			err := firstError(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
			checkInputError(t, err, path, tc.line, tc.fatal, tc.phrase)
		})
	}
}

func TestReadLabelStudio_CodePointHint(t *testing.T) {
	content := "[{\"data\":{\"text\":\"😀 Moscow\"},\"annotations\":[{\"result\":[{\"id\":\"r9\",\"type\":\"labels\",\"value\":{\"start\":2,\"end\":8,\"text\":\"Moscow\",\"labels\":[\"PLACE\"]}}]}]}]"
	path := writeFile(t, t.TempDir(), "tasks.json", content)
	err := firstError(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	checkInputError(t, err, path, 1, false, "count characters (code points), but Label Studio counts UTF-16 units")
}

func TestReadLabelStudio_GoesOnAfterBadTask(t *testing.T) {
	content := "[\n{\"data\":{\"n\":1}},\n{\"data\":{\"text\":\"good\"}},\n{\"data\":{\"text\":5}},\n{\"data\":{\"text\":\"also good\"}}\n]\n"
	path := writeFile(t, t.TempDir(), "tasks.json", content)
	items := readAll(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	var got []string
	for _, it := range items {
		if it.err != nil {
			got = append(got, fmt.Sprintf("error@%d", it.err.Line))
		} else {
			got = append(got, fmt.Sprintf("%s@%d", it.rec.Text, it.rec.Line))
		}
	}
	if want := "error@2 good@3 error@4 also good@5"; strings.Join(got, " ") != want {
		t.Fatalf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestReadLabelStudio_BOMAndPrettyPrinted(t *testing.T) {
	var tasks []map[string]any
	if err := json.Unmarshal([]byte(labelStudioExample), &tasks); err != nil {
		t.Fatal(err)
	}
	pretty, _ := json.MarshalIndent(append(tasks, tasks[0]), "", "  ")
	path := writeFile(t, t.TempDir(), "pretty.json", "\xEF\xBB\xBF"+string(pretty))
	recs := readRecords(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != 2 || recs[0].Line != 2 || recs[1].Line <= recs[0].Line+10 {
		t.Fatalf("got %d records at lines %d, %d; want two, each at its task's opening brace", len(recs), recs[0].Line, recs[len(recs)-1].Line)
	}
	lines := strings.Split(string(pretty), "\n")
	if strings.TrimSpace(lines[recs[1].Line-1]) != "{" {
		t.Errorf("line %d is %q, want the second task's opening brace", recs[1].Line, lines[recs[1].Line-1])
	}
	checkSpans(t, recs[1], []wantSpan{{21, 27, "PLACE", "Moscow"}})
}

func TestLabelStudioWriter_RoundTrip(t *testing.T) {
	docs := charRandomDocs(2, 300)
	// Every third document is exported for a second annotator too: the
	// writer groups them into one task.
	var anns []*formats.Annotation
	for i, a := range docs {
		anns = append(anns, a)
		if i%3 == 0 {
			b := *a
			b.Annotator = a.Annotator + "-2"
			b.Spans = docs[(i+1)%len(docs)].Spans
			if len(b.Spans) > 0 && b.Spans[len(b.Spans)-1].End > len([]rune(a.Document.Text)) {
				b.Spans = nil
			}
			anns = append(anns, &b)
		}
	}
	path := writeFile(t, t.TempDir(), "export.json", charWrite(t, formats.FormatLabelStudio, anns...))
	recs := readRecords(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != len(anns) {
		t.Fatalf("read %d records, want %d", len(recs), len(anns))
	}
	for i, rec := range recs {
		a := anns[i]
		charCheckRecord(t, rec, a, true, true)
		if got, want := rec.ExternalID, charWantID(a); got != want {
			t.Errorf("%s: ExternalID = %q, want %q", rec.Where(), got, want)
		}
		charCheckMeta(t, rec, a.Document.Meta)
	}
}

// writeBenchLabelStudio writes n tasks of about 2 kB of text with 12 spans
// each, some after emoji, and returns the file's path and size.
func writeBenchLabelStudio(tb testing.TB, n int) (string, int64) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "bench.json")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	w, err := formats.NewWriter(formats.FormatLabelStudio, bw, formats.WriterOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	words := []string{"Putin", "met", "Erdoğan", "in", "Moscow;", "34", "soldiers", "died", "🇹🇷", "北京", "café", "officials", "on", "Thursday."}
	for i := range n {
		var sb strings.Builder
		var spans []model.Span
		cp := 0
		for k := 0; sb.Len() < 2000; k++ {
			word := words[(i+k*5)%len(words)]
			if k > 0 {
				sb.WriteByte(' ')
				cp++
			}
			wl := len([]rune(word))
			if k%12 == 5 && len(spans) < 12 {
				spans = append(spans, model.Span{Start: cp, End: cp + wl, Label: "ACTOR"})
			}
			sb.WriteString(word)
			cp += wl
		}
		a := &formats.Annotation{
			Document:  model.Document{ID: fmt.Sprint(i), ExternalID: fmt.Sprintf("doc-%d", i), Text: sb.String(), Meta: json.RawMessage(`{"source":"wire"}`)},
			Annotator: "alice",
			Spans:     spans,
		}
		if err := w.Write(a); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, info.Size()
}

// BenchmarkReadLabelStudio reads a 20,000-task export. The reader streams
// the array: its allocations per task stay flat however long the file is.
func BenchmarkReadLabelStudio(b *testing.B) {
	const tasks = 20000
	path, size := writeBenchLabelStudio(b, tasks)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := formats.OpenPaths([]string{path}, formats.FormatLabelStudio, formats.Options{})
		if err != nil {
			b.Fatal(err)
		}
		count, spans := 0, 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
			spans += len(rec.Spans)
		}
		r.Close()
		if count != tasks || spans == 0 {
			b.Fatalf("read %d records with %d spans, want %d", count, spans, tasks)
		}
	}
}
