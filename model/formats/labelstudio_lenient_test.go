package formats_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// lenientText has an emoji (two UTF-16 units), CRLF line breaks and a flag
// (two code points, four units). Code points:
//
//	😀0 ␠1 P2 u3 t4 i5 n6 ␠7 \r8 \n9 m10 e11 t12 ␠13 E14 … n20 ␠21 🇹22 🇷23 ␠24 i25 n26 \r27 \n28 M29 … w34 .35
//
// UTF-16 offsets are one more than code points from 1 to 22, two more at 23
// and three more from 24 on.
const lenientText = "😀 Putin \r\nmet Erdoğan 🇹🇷 in\r\nMoscow."

func lsRegion(id string, start, end int, text, label string) string {
	t, _ := jsonString(text)
	l, _ := jsonString(label)
	return fmt.Sprintf(`{"id":%q,"from_name":"label","to_name":"text","type":"labels","value":{"start":%d,"end":%d,"text":%s,"labels":[%s]}}`, id, start, end, t, l)
}

func TestReadLabelStudio_Relaxed(t *testing.T) {
	text, _ := jsonString(lenientText)
	regions := []string{
		lsRegion("trimmed", 3, 9, "Putin", "ACTOR"),                 // "Putin " in the text
		lsRegion("newline", 3, 14, "Putin \nmet", "MRI Image Type"), // \r\n in the text
		lsRegion("exact", 15, 22, "Erdoğan", "ACTOR"),               // as it is
		lsRegion("flag", 23, 27, "🇹🇷", "PLACE"),                     // beyond the BMP
		lsRegion("both", 27, 38, "in\nMoscow", "PLACE"),             // " in\r\nMoscow": trimmed and \n
		lsRegion("bare-cr", 28, 30, "in", "PIRADS Score"),           // exact, label with a space
		lsRegion("cr-only", 30, 32, "\r", "X"),                      // "\r\n" shown as "\r": normalised
	}
	content := "[\n{\"id\":1,\"data\":{\"text\":" + text + "},\"annotations\":[{\"result\":[\n" +
		strings.Join(regions, ",\n") + "\n]}]}\n]\n"
	rec := readOne(t, writeFile(t, t.TempDir(), "lenient.json", content), formats.FormatLabelStudio)
	checkSpans(t, rec, []wantSpan{
		{2, 8, "ACTOR", "Putin "},
		{2, 13, "MRI Image Type", "Putin \r\nmet"},
		{14, 21, "ACTOR", "Erdoğan"},
		{22, 24, "PLACE", "🇹🇷"},
		{24, 35, "PLACE", " in\r\nMoscow"},
		{25, 27, "PIRADS Score", "in"},
		{27, 29, "X", "\r\n"},
	})
	if rec.Relaxed != 4 {
		t.Errorf("Relaxed = %d, want 4 (trimmed, newline, both, cr-only)", rec.Relaxed)
	}
	// Each span names its region's line: regions start on line 3.
	for i, want := range []int{3, 4, 5, 6, 7, 8, 9} {
		if got := rec.SpanWhere(i); !strings.HasSuffix(got, fmt.Sprintf(":%d", want)) {
			t.Errorf("span %d (%s) is at %s, want line %d", i, rec.Spans[i].Label, got, want)
		}
	}
}

func TestReadLabelStudio_BadRegionAlone(t *testing.T) {
	text, _ := jsonString(lenientText)
	content := "[\n{\"id\":\"t-1\",\"data\":{\"text\":\"first task\"}},\n" +
		"{\"id\":\"t-2\",\"data\":{\"text\":" + text + "},\n\"annotations\":[{\"completed_by\":\"ann\",\"result\":[\n" +
		lsRegion("good", 15, 22, "Erdoğan", "ACTOR") + ",\n" +
		lsRegion("shifted", 30, 36, "Moscow", "PLACE") + ",\n" + // code points, not UTF-16 units
		lsRegion("good2", 32, 38, "Moscow", "PLACE") + ",\n" +
		lsRegion("outside", 30, 99, "Moscow.", "PLACE") + "\n]}],\n" +
		"\"predictions\":[{\"result\":[\n" + lsRegion("p-bad", 1, 3, "x", "ACTOR") + "\n]}]},\n" +
		"{\"id\":\"t-3\",\"data\":{\"text\":\"third task\"}}\n]\n"
	path := writeFile(t, t.TempDir(), "bad.json", content)
	items := readAll(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	var got []string
	for _, it := range items {
		if it.err != nil {
			if it.err.Fatal || it.err.Warning {
				t.Errorf("%v: fatal %v, warning %v; a bad region is an error of its own, neither", it.err, it.err.Fatal, it.err.Warning)
			}
			got = append(got, fmt.Sprintf("error@%d", it.err.Line))
			continue
		}
		got = append(got, fmt.Sprintf("%s@%d", it.rec.ExternalID, it.rec.Line))
	}
	// The errors come before the task's record, so that an import that
	// stops at the first error stores nothing of the task.
	if want := "t-1@2 error@6 error@8 error@11 t-2@3 t-3@13"; strings.Join(got, " ") != want {
		t.Fatalf("got %q, want %q", strings.Join(got, " "), want)
	}
	checkInputError(t, items[1].err, path, 6, false, `task 2 (id "t-2"), annotation 1, region "shifted": value.text "Moscow" does not match "\r\nMosc"`)
	checkInputError(t, items[2].err, path, 8, false, `task 2 (id "t-2"), annotation 1, region "outside": value.end 99 is outside the text`)
	checkInputError(t, items[3].err, path, 11, false, `task 2 (id "t-2"), prediction 1, region "p-bad": value.start 1 falls inside a character written as two UTF-16 units`)
	rec := items[4].rec
	checkSpans(t, rec, []wantSpan{{14, 21, "ACTOR", "Erdoğan"}, {29, 35, "PLACE", "Moscow"}})
	if rec.Annotator != "ann" || !rec.Annotated || len(rec.Suggestions) != 0 {
		t.Errorf("record: annotator %q, annotated %v, suggestions %v; want ann's, annotated, none", rec.Annotator, rec.Annotated, rec.Suggestions)
	}
	if got := rec.SpanWhere(1); got != path+":7" {
		t.Errorf("SpanWhere(1) = %s, want %s:7", got, path)
	}
}

func TestReadLabelStudio_OneTaskAndJSONLines(t *testing.T) {
	dir := t.TempDir()
	one := "\xEF\xBB\xBF\n{\n  \"id\": 4,\n  \"data\": {\"text\": \"Putin met Erdoğan\"},\n  \"annotations\": [{\"result\": [\n    " +
		lsRegion("a", 0, 5, "Putin", "ACTOR") + "\n  ]}]\n}\n"
	rec := readOne(t, writeFile(t, dir, "one.json", one), formats.FormatAuto)
	if rec.ExternalID != "4" || rec.Line != 2 {
		t.Errorf("id %q at line %d, want 4 at line 2", rec.ExternalID, rec.Line)
	}
	checkSpans(t, rec, []wantSpan{{0, 5, "ACTOR", "Putin"}})
	if got := rec.SpanWhere(0); got != dir+"/one.json:6" {
		t.Errorf("SpanWhere = %s, want line 6", got)
	}

	lines := `{"data":{"text":"first 😀 task"},"annotations":[{"result":[` + lsRegion("a", 9, 13, "task", "X") + `]}]}` + "\n" +
		"\n" + // a blank line between tasks
		`{"data":{"text":"second"}}` + "\r\n" +
		`{"data":{"text":"third"},"annotations":[{"result":[]}]}` // no newline at the end
	recs := readRecords(t, []string{writeFile(t, dir, "tasks.jsonl", lines)}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != 3 {
		t.Fatalf("read %d records from JSON Lines, want 3", len(recs))
	}
	for i, want := range []struct {
		line      int
		text      string
		annotated bool
	}{{1, "first 😀 task", true}, {3, "second", false}, {4, "third", true}} {
		if r := recs[i]; r.Line != want.line || r.Text != want.text || r.Annotated != want.annotated {
			t.Errorf("record %d: %q at line %d, annotated %v; want %q at %d, %v", i, r.Text, r.Line, r.Annotated, want.text, want.line, want.annotated)
		}
	}
	checkSpans(t, recs[0], []wantSpan{{8, 12, "X", "task"}})
	checkSpans(t, recs[2], nil)
}

func TestReadLabelStudio_Predictions(t *testing.T) {
	content := `[{"data":{"text":"Putin met Erdoğan 🇹🇷"},
"predictions":[
 {"model_version":"a","result":[` + lsRegion("p1", 0, 5, "Putin", "ACTOR") + `,` + lsRegion("p2", 18, 22, "🇹🇷", "PLACE") + `,{"type":"choices","value":{"choices":["news"]}}]},
 {"model_version":"b","result":[` + lsRegion("p3", 0, 5, "Putin", "ACTOR") + `,` + lsRegion("p4", 10, 17, "Erdoğan", "ACTOR") + `]}
],
"annotations":[{"completed_by":"amy","result":[` + lsRegion("a1", 0, 5, "Putin", "ACTOR") + `]},{"completed_by":"bo","result":[]}]}]`
	recs := readRecords(t, []string{writeFile(t, t.TempDir(), "pred.json", content)}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("read %d records, want amy's and bo's", len(recs))
	}
	want := []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}, {Start: 18, End: 20, Label: "PLACE"}}
	for _, rec := range recs {
		if len(rec.Suggestions) != len(want) {
			t.Fatalf("%s: suggestions %+v, want %+v (both models', once each)", rec.Annotator, rec.Suggestions, want)
		}
		for i, s := range rec.Suggestions {
			if !s.SameAs(want[i]) {
				t.Errorf("%s: suggestion %d = %+v, want %+v", rec.Annotator, i, s, want[i])
			}
		}
	}
	checkSpans(t, recs[0], []wantSpan{{0, 5, "ACTOR", "Putin"}})
	checkSpans(t, recs[1], nil)
	if !recs[1].Annotated {
		t.Error("bo's empty result is a negative example: Annotated")
	}
	// The model's choice is the task's: counted once, on the first record.
	if got := fmt.Sprint(recs[0].NotKept) + " " + fmt.Sprint(recs[1].NotKept); got != "map[predicted choices:1] map[]" {
		t.Errorf("NotKept = %s, want the predicted choice on the first record only", got)
	}

	// A task with predictions and no annotations: one record to label,
	// with the suggestions.
	only := `[{"data":{"text":"Putin met"},"predictions":[{"result":[` + lsRegion("p", 0, 5, "Putin", "ACTOR") + `]}]}]`
	rec := readOne(t, writeFile(t, t.TempDir(), "only.json", only), formats.FormatLabelStudio)
	if rec.Annotated || len(rec.Spans) != 0 || len(rec.Suggestions) != 1 {
		t.Errorf("annotated %v, spans %v, suggestions %v; want a document to label with one suggestion", rec.Annotated, rec.Spans, rec.Suggestions)
	}
}

func TestReadLabelStudio_NotKept(t *testing.T) {
	content := `[{"data":{"text":"Putin met Erdoğan"},"drafts":[{"result":[]},{"result":[]}],
"annotations":[
 {"completed_by":"amy","reviews":[{"accepted":true}],"result":[` + lsRegion("a", 0, 5, "Putin", "ACTOR") + `,` + lsRegion("b", 10, 17, "Erdoğan", "ACTOR") + `,
  {"type":"relation","from_id":"a","to_id":"b","direction":"right"},
  {"type":"relation","from_id":"b","to_id":"a"},
  {"id":"a","from_name":"certainty","type":"choices","value":{"start":0,"end":5,"choices":["sure"]}},
  {"type":"textarea","value":{"text":["a summary"]}},
  {"type":"rating","value":{"rating":4}},
  {"type":"hypertextlabels","value":{"start":"/p[1]","end":"/p[1]","startOffset":0,"endOffset":5,"hypertextlabels":["X"]}}]},
 {"completed_by":"bo","was_cancelled":true,"result":[{"type":"choices","value":{"choices":["unsure"]}}]}
]}]`
	recs := readRecords(t, []string{writeFile(t, t.TempDir(), "kinds.json", content)}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("read %d records, want 2", len(recs))
	}
	checkSpans(t, recs[0], []wantSpan{{0, 5, "ACTOR", "Putin"}, {10, 17, "ACTOR", "Erdoğan"}})
	if got, want := fmt.Sprint(recs[0].NotKept), "map[drafts:2 hypertextlabels results:1 ratings:1 relations without a label:2 reviews:1 text areas:1]"; got != want {
		t.Errorf("amy's NotKept = %s, want %s", got, want)
	}
	// The choice shares region a's id: it is that span's attribute.
	if got, want := recs[0].Spans[0].Attributes, (model.Attributes{{Name: "certainty", Value: "sure"}}); !slices.Equal(got, want) {
		t.Errorf("attributes of span a = %+v, want %+v", got, want)
	}
	if got, want := fmt.Sprint(recs[1].NotKept), "map[choices:1]"; got != want {
		t.Errorf("bo's NotKept = %s, want %s", got, want)
	}
	if recs[1].Status != model.StatusSkipped || !recs[1].Annotated {
		t.Errorf("bo's cancelled annotation: status %q, annotated %v; want skipped, annotated", recs[1].Status, recs[1].Annotated)
	}
}

func TestReadLabelStudio_WhiteSpaceTask(t *testing.T) {
	content := "[\n{\"data\":{\"text\":\" \\r\\n\\t \"}},\n{\"data\":{\"text\":\"words\"}}\n]"
	path := writeFile(t, t.TempDir(), "blank.json", content)
	items := readAll(t, []string{path}, formats.FormatLabelStudio, formats.Options{})
	if len(items) != 2 || items[0].err == nil || items[1].rec == nil {
		t.Fatalf("got %+v, want a warning and then the next task", items)
	}
	checkInputError(t, items[0].err, path, 2, false, "only white space")
	if !items[0].err.Warning {
		t.Error("a task of white space only loses nothing: want a Warning")
	}
}

// TestLabelStudioWriter_EmptyAndExact: an annotation with no spans (a
// negative example) is written with an empty result, not left out, and a
// region's text is exactly what its offsets cut out, CRLF and emoji
// included, so that Label Studio and this reader take it back unchanged.
func TestLabelStudioWriter_EmptyAndExact(t *testing.T) {
	doc := model.Document{ID: "d1", ExternalID: "crlf.txt", Text: lenientText}
	done := &formats.Annotation{Document: doc, Annotator: "amy", Status: model.StatusDone,
		Spans: []model.Span{{Start: 2, End: 13, Label: "MRI Image Type"}, {Start: 22, End: 24, Label: "PLACE"}, {Start: 24, End: 35, Label: "PLACE"}}}
	empty := &formats.Annotation{Document: doc, Annotator: "bo", Status: model.StatusDone}
	skipped := &formats.Annotation{Document: doc, Annotator: "cy", Status: model.StatusSkipped}
	out := charWrite(t, formats.FormatLabelStudio, done, empty, skipped)
	if !strings.Contains(out, `{"result":[],"was_cancelled":false,"ground_truth":false,"meta":{"annotator":"bo"}}`) {
		t.Errorf("bo's annotation with no spans is not written with an empty result:\n%s", out)
	}
	tasks := lsDecode(t, out)
	if len(tasks) != 1 || len(tasks[0].Annotations) != 3 {
		t.Fatalf("got %+v, want one task with three annotations", tasks)
	}
	res := tasks[0].Annotations[0].Result
	for i, want := range []struct {
		start, end  int
		text, label string
	}{
		{3, 14, "Putin \r\nmet", "MRI Image Type"},
		{23, 27, "🇹🇷", "PLACE"},
		{27, 38, " in\r\nMoscow", "PLACE"},
	} {
		v := res[i].Value
		if v.Start != want.start || v.End != want.end || v.Text != want.text || v.Labels[0] != want.label {
			t.Errorf("region %d = [%d, %d) %q %v, want [%d, %d) %q %s", i, v.Start, v.End, v.Text, v.Labels, want.start, want.end, want.text, want.label)
		}
	}
	if c := tasks[0].Annotations[2].WasCancelled; c == nil || !*c || len(tasks[0].Annotations[2].Result) != 0 {
		t.Errorf("cy's skipped annotation: was_cancelled %v, result %v; want true and empty", c, tasks[0].Annotations[2].Result)
	}

	// Read back: the same spans, counted strictly (nothing relaxed), and
	// the empty and skipped annotations as they were.
	recs := readRecords(t, []string{writeFile(t, t.TempDir(), "out.json", out)}, formats.FormatLabelStudio, formats.Options{})
	if len(recs) != 3 {
		t.Fatalf("read back %d records, want 3", len(recs))
	}
	checkSpans(t, recs[0], []wantSpan{{2, 13, "MRI Image Type", "Putin \r\nmet"}, {22, 24, "PLACE", "🇹🇷"}, {24, 35, "PLACE", " in\r\nMoscow"}})
	if recs[0].Relaxed != 0 {
		t.Errorf("Relaxed = %d, want 0: the writer's texts match exactly", recs[0].Relaxed)
	}
	for i, want := range []model.Status{"", "", model.StatusSkipped} {
		if r := recs[i]; !r.Annotated || r.Status != want {
			t.Errorf("record %d (%s): annotated %v, status %q; want annotated, %q", i, r.Annotator, r.Annotated, r.Status, want)
		}
	}
	checkSpans(t, recs[1], nil)
	checkSpans(t, recs[2], nil)
}
