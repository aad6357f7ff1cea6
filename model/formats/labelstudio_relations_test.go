package formats_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// lsRelationsOf decodes Label Studio JSON with encoding/json alone and
// names every relation of every annotation by its regions' UTF-16 offsets
// and labels: "LABEL [s,e) L -> [s,e) L dir". An id naming no region of
// its annotation fails the test, so an export's ids must resolve.
func lsRelationsOf(tb testing.TB, data string) []string {
	tb.Helper()
	var tasks []struct {
		Annotations []struct {
			Result []struct {
				ID        string   `json:"id"`
				Type      string   `json:"type"`
				FromID    string   `json:"from_id"`
				ToID      string   `json:"to_id"`
				Direction string   `json:"direction"`
				Labels    []string `json:"labels"`
				Value     struct {
					Start, End int
					Labels     []string
				} `json:"value"`
			} `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal([]byte(data), &tasks); err != nil {
		tb.Fatalf("not Label Studio JSON: %v", err)
	}
	var out []string
	for _, t := range tasks {
		for _, a := range t.Annotations {
			regions := map[string]string{}
			for _, r := range a.Result {
				if r.Type == "labels" {
					regions[r.ID] = fmt.Sprintf("[%d,%d) %s", r.Value.Start, r.Value.End, r.Value.Labels[0])
				}
			}
			for _, r := range a.Result {
				if r.Type != "relation" {
					continue
				}
				from, ok1 := regions[r.FromID]
				to, ok2 := regions[r.ToID]
				if !ok1 || !ok2 {
					tb.Fatalf("relation %s -> %s names a region its annotation lacks", r.FromID, r.ToID)
				}
				if r.Direction == "left" {
					from, to = to, from
				}
				dir := "one way"
				if r.Direction == "bi" {
					dir = "both ways"
				}
				for _, l := range r.Labels {
					out = append(out, l+" "+from+" -> "+to+" "+dir)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// Label Studio relations carry over: right, left (read the other way
// round, written right) and bi (symmetric) between regions after a flag,
// whose UTF-16 offsets differ from code points; an unlabeled relation is
// counted as not kept; an id naming no region is refused with its line.
func TestLabelStudioRelations_RoundTrip(t *testing.T) {
	content := fmt.Sprintf(`[{"id":1,"data":{"text":%q},"annotations":[{"result":[
{"id":"p","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":5,"text":"Putin","labels":["ACTOR"]}},
{"id":"e","from_name":"label","to_name":"text","type":"labels","value":{"start":10,"end":17,"text":"Erdoğan","labels":["ACTOR"]}},
{"id":"m","from_name":"label","to_name":"text","type":"labels","value":{"start":21,"end":27,"text":"Moscow","labels":["PLACE"]}},
{"id":"f","from_name":"label","to_name":"text","type":"labels","value":{"start":46,"end":50,"text":"🇹🇷","labels":["PLACE"]}},
{"from_id":"p","to_id":"m","type":"relation","direction":"right","labels":["ACTS_IN"]},
{"from_id":"f","to_id":"e","type":"relation","direction":"left","labels":["ACTS_IN"]},
{"from_id":"p","to_id":"e","type":"relation","direction":"bi","labels":["SAME_AS"]},
{"from_id":"m","to_id":"f","type":"relation","direction":"right"}
]}]}]`, example)
	path := writeFile(t, t.TempDir(), "rel.json", content)
	rec := readOne(t, path, formats.FormatLabelStudio)
	if got := rec.NotKept["relations without a label"]; got != 1 {
		t.Errorf("NotKept = %v, want the unlabeled relation counted", rec.NotKept)
	}
	if len(rec.Relations) != 3 {
		t.Fatalf("read %d relations, want 3: %+v", len(rec.Relations), rec.Relations)
	}
	out, _, err := export(t, formats.FormatLabelStudio, formats.WriterOptions{}, &formats.Annotation{
		Document: model.Document{ID: "d1", Text: rec.Text}, Annotator: "alice", Status: model.StatusDone,
		Spans: rec.Spans, Relations: rec.Relations,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := lsRelationsOf(t, content)
	if got := lsRelationsOf(t, out); !slices.Equal(got, want) {
		t.Errorf("relations came back as\n%q\nwant\n%q", got, want)
	}

	bad := strings.Replace(content, `"from_id":"p","to_id":"m"`, `"from_id":"p","to_id":"nowhere"`, 1)
	ie := firstError(t, []string{writeFile(t, t.TempDir(), "bad.json", bad)}, formats.FormatLabelStudio, formats.Options{})
	if ie.Line != 6 || !strings.Contains(ie.Error(), `"nowhere"`) {
		t.Errorf("a relation naming no region: %v, want an error on line 6 naming it", ie)
	}
}
