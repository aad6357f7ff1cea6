package formats_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// lsPerRegionTask is a Label Studio task with per-region controls, in the
// shape of the real files (testdata/real/labelstudio/lsf-per-region-…):
// a Labels control "label", a Choices control "sentiment"
// (choice="multiple", perRegion="true") and a TextArea "comment"
// (perRegion="true"), whose results share the id of the region they
// belong to and repeat its start and end. It adds what the real files
// lack: several choices of one control, a text area with a line break, a
// prediction's per-region choice, and an emoji before the regions (start
// and end count UTF-16 units).
const lsPerRegionTask = `[{"id":7,"data":{"text":"🇹🇷 Erdoğan met Putin in Moscow."},
"annotations":[{"completed_by":{"id":1,"email":"amy@example.org"},"result":[
  {"id":"reg1","from_name":"label","to_name":"text","type":"labels","value":{"start":5,"end":12,"text":"Erdoğan","labels":["ACTOR"]}},
  {"id":"reg1","from_name":"sentiment","to_name":"text","type":"choices","value":{"start":5,"end":12,"text":"Erdoğan","choices":["Positive","Hopeful"]}},
  {"id":"reg1","from_name":"comment","to_name":"text","type":"textarea","value":{"start":5,"end":12,"text":["the host,\nall smiles"]}},
  {"id":"reg2","from_name":"label","to_name":"text","type":"labels","value":{"start":17,"end":22,"text":"Putin","labels":["ACTOR"]}},
  {"id":"reg2","from_name":"comment","to_name":"text","type":"textarea","value":{"start":17,"end":22,"text":["guest"]}},
  {"id":"reg3","from_name":"label","to_name":"text","type":"labels","value":{"start":26,"end":32,"text":"Moscow","labels":["PLACE"]}},
  {"id":"doc","from_name":"topic","to_name":"text","type":"choices","value":{"choices":["politics"]}}
 ]}],
"predictions":[{"model_version":"v1","result":[
  {"id":"p1","from_name":"label","to_name":"text","type":"labels","value":{"start":26,"end":32,"text":"Moscow","labels":["PLACE"]}},
  {"id":"p1","from_name":"sentiment","to_name":"text","type":"choices","value":{"start":26,"end":32,"choices":["Neutral"]}}
 ]}]}]`

// Per-region choices and text areas become the attributes of their
// region's span; a choice of the whole document stays counted; a
// prediction's per-region choice goes with its suggestion.
func TestReadLabelStudio_PerRegionAttributes(t *testing.T) {
	rec := readOne(t, writeFile(t, t.TempDir(), "per-region.json", lsPerRegionTask), formats.FormatLabelStudio)
	checkSpans(t, rec, []wantSpan{{3, 10, "ACTOR", "Erdoğan"}, {15, 20, "ACTOR", "Putin"}, {24, 30, "PLACE", "Moscow"}})
	want := []model.Attributes{
		{{Name: "comment", Value: "the host,\nall smiles", Text: true}, {Name: "sentiment", Value: "Hopeful"}, {Name: "sentiment", Value: "Positive"}},
		{{Name: "comment", Value: "guest", Text: true}},
		nil,
	}
	for i, s := range rec.Spans {
		if !slices.Equal(s.Attributes, want[i]) {
			t.Errorf("span %d: attributes %+v, want %+v", i, s.Attributes, want[i])
		}
	}
	if got, want := rec.NotKept, map[string]int{"choices": 1}; !maps.Equal(got, want) {
		t.Errorf("NotKept = %v, want %v: the document's choice", got, want)
	}
	if len(rec.Suggestions) != 1 || !slices.Equal(rec.Suggestions[0].Attributes, model.Attributes{{Name: "sentiment", Value: "Neutral"}}) {
		t.Errorf("Suggestions = %+v, want Moscow with sentiment Neutral", rec.Suggestions)
	}
}

// A per-region result whose values cannot be attributes is reported as a
// bad region is, naming its line; the region keeps its span.
func TestReadLabelStudio_PerRegionErrors(t *testing.T) {
	content := "[{\"data\":{\"text\":\"Putin met Erdoğan\"},\"annotations\":[{\"result\":[\n" +
		lsRegion("a", 0, 5, "Putin", "ACTOR") + ",\n" +
		`{"id":"a","type":"choices","value":{"choices":["x"]}}` + "\n]}]}]"
	path := writeFile(t, t.TempDir(), "bad.json", content)
	checkInputError(t, firstError(t, []string{path}, formats.FormatLabelStudio, formats.Options{}), path, 3, false, "no from_name")
	var recs []*formats.Record
	for _, it := range readAll(t, []string{path}, formats.FormatLabelStudio, formats.Options{}) {
		if it.rec != nil {
			recs = append(recs, it.rec)
		}
	}
	if len(recs) != 1 || len(recs[0].Spans) != 1 || recs[0].Spans[0].Attributes != nil {
		t.Errorf("going on after errors: %+v, want the span without attributes", recs)
	}
}

// The writer puts a span's attributes in per-region results sharing its
// region's id, one per name and kind; a flag is left out and counted.
// Reading the export back gives the same spans.
func TestLabelStudioWriter_PerRegionAttributes(t *testing.T) {
	rec := readOne(t, writeFile(t, t.TempDir(), "per-region.json", lsPerRegionTask), formats.FormatLabelStudio)
	spans := slices.Clone(rec.Spans)
	spans[2].Attributes = model.Attributes{{Name: "Negated"}, {Name: "kb_id", Value: "Q649"}}
	var buf bytes.Buffer
	w, err := formats.NewWriter(formats.FormatLabelStudio, &buf, formats.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := &formats.Annotation{Document: model.Document{ID: "d", ExternalID: "7", Text: rec.Text}, Annotator: "amy", Spans: spans}
	if err := w.Write(a); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := w.(formats.AttributesLeftOut).AttributesLeftOut(), map[string]int{"Negated": 1}; !maps.Equal(got, want) {
		t.Errorf("AttributesLeftOut = %v, want %v", got, want)
	}

	// The results as plain JSON: per region id, the labels result and
	// each control's values.
	var tasks []struct {
		Annotations []struct {
			Result []struct {
				ID       string `json:"id"`
				FromName string `json:"from_name"`
				Type     string `json:"type"`
				Value    struct {
					Start, End int
					Text       json.RawMessage
					Labels     []string
					Choices    []string
				} `json:"value"`
			} `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(buf.Bytes(), &tasks); err != nil {
		t.Fatalf("%v in %s", err, buf.String())
	}
	byRegion := map[string][]string{}
	var order []string
	for _, r := range tasks[0].Annotations[0].Result {
		if _, ok := byRegion[r.ID]; !ok {
			order = append(order, r.ID)
		}
		v := r.Value
		var what string
		switch r.Type {
		case "labels":
			what = fmt.Sprintf("[%d,%d) labels %v", v.Start, v.End, v.Labels)
		case "choices":
			what = fmt.Sprintf("[%d,%d) %s choices %v", v.Start, v.End, r.FromName, v.Choices)
		case "textarea":
			what = fmt.Sprintf("[%d,%d) %s textarea %s", v.Start, v.End, r.FromName, v.Text)
		}
		byRegion[r.ID] = append(byRegion[r.ID], what)
	}
	var got [][]string
	for _, id := range order {
		got = append(got, byRegion[id])
	}
	want := [][]string{
		{"[5,12) labels [ACTOR]", "[5,12) comment textarea [\"the host,\\nall smiles\"]", "[5,12) sentiment choices [Hopeful Positive]"},
		{"[17,22) labels [ACTOR]", "[17,22) comment textarea [\"guest\"]"},
		{"[26,32) labels [PLACE]", "[26,32) kb_id choices [Q649]"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("results by region:\n got %q\nwant %q", got, want)
	}

	back := readOne(t, writeFile(t, t.TempDir(), "back.json", buf.String()), formats.FormatLabelStudio)
	wantBack := slices.Clone(spans)
	wantBack[2].Attributes = model.Attributes{{Name: "kb_id", Value: "Q649"}}
	for i := range wantBack {
		if i >= len(back.Spans) || !back.Spans[i].Equal(wantBack[i]) {
			t.Fatalf("read back %+v, want %+v", back.Spans, wantBack)
		}
	}
}

// Label Studio's own per-region examples (testdata/real/labelstudio, see
// its README) import with each region's choices and text areas as its
// span's attributes, and export back to the same results, compared by
// decoding both files as plain JSON.
func TestLabelStudioRealPerRegion(t *testing.T) {
	for _, tt := range []struct {
		file    string
		want    map[string]model.Attributes // by the span's text
		notKept map[string]int
	}{
		{"lsf-per-region-classifications.json", map[string]model.Attributes{
			"Not":    {{Name: "sentiment2", Value: "Positive"}},
			"amazon": {{Name: "description", Value: "huge corp", Text: true}, {Name: "gender", Value: "Male"}, {Name: "sentiment2", Value: "Negative"}},
		}, map[string]int{"choices": 1}},
		{"lsf-label-with-space.json", map[string]model.Attributes{
			"Just a text": {{Name: "comment", Value: "That's true", Text: true}},
		}, nil},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "real", "labelstudio", tt.file)
			rec := readOne(t, path, formats.FormatLabelStudio)
			off := model.NewOffsets(rec.Text)
			for _, s := range rec.Spans {
				text := off.Slice(s.Start, s.End)
				if !slices.Equal(s.Attributes, tt.want[text]) {
					t.Errorf("%q: attributes %+v, want %+v", text, s.Attributes, tt.want[text])
				}
			}
			if !maps.Equal(rec.NotKept, tt.notKept) {
				t.Errorf("NotKept = %v, want %v", rec.NotKept, tt.notKept)
			}
			var buf bytes.Buffer
			w, err := formats.NewWriter(formats.FormatLabelStudio, &buf, formats.WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(&formats.Annotation{Document: model.Document{ID: "d", Text: rec.Text}, Spans: rec.Spans}); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := lsPerRegionResults(t, buf.Bytes()), lsPerRegionResults(t, orig); !slices.Equal(got, want) {
				t.Errorf("per-region results:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// lsPerRegionResults lists a Label Studio file's per-region results, each
// as "[start,end) LABELS from_name type values", named by the labels of
// the region whose id it shares, sorted: region ids differ between files.
func lsPerRegionResults(tb testing.TB, file []byte) []string {
	tb.Helper()
	type result struct {
		ID       string `json:"id"`
		FromName string `json:"from_name"`
		Type     string `json:"type"`
		Value    struct {
			Start, End int
			Text       json.RawMessage
			Labels     []string
			Choices    []string
		} `json:"value"`
	}
	var tasks []struct {
		Annotations []struct {
			Result []result `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(file, &tasks); err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, task := range tasks {
		for _, a := range task.Annotations {
			labels := map[string][]string{}
			for _, r := range a.Result {
				if r.Type == "labels" {
					labels[r.ID] = append(labels[r.ID], r.Value.Labels...)
				}
			}
			for _, r := range a.Result {
				if (r.Type != "choices" && r.Type != "textarea") || labels[r.ID] == nil {
					continue
				}
				values := fmt.Sprint(r.Value.Choices)
				if r.Type == "textarea" {
					var texts []string
					if err := json.Unmarshal(r.Value.Text, &texts); err != nil {
						tb.Fatalf("textarea %s: value.text %s: %v", r.ID, r.Value.Text, err)
					}
					values = fmt.Sprintf("%q", texts)
				}
				out = append(out, fmt.Sprintf("[%d,%d) %v %s %s %s", r.Value.Start, r.Value.End, labels[r.ID], r.FromName, r.Type, values))
			}
		}
	}
	slices.Sort(out)
	return out
}
