package model_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestSpanValidate(t *testing.T) {
	labels := model.NamesOf(model.DefaultLabels())
	for _, tc := range []struct {
		name string
		span model.Span
		want string // "" for valid
	}{
		{"OK", model.Span{Start: 0, End: 5, Label: "ACTOR"}, ""},
		{"OKWholeText", model.Span{Start: 0, End: 49, Label: "PLACE"}, ""},
		{"ErrInverted", model.Span{Start: 5, End: 0, Label: "ACTOR"}, "start must be before end"},
		{"ErrEmpty", model.Span{Start: 3, End: 3, Label: "ACTOR"}, "empty"},
		{"ErrNegative", model.Span{Start: -2, End: 3, Label: "ACTOR"}, "negative"},
		{"ErrPastEnd", model.Span{Start: 40, End: 50, Label: "ACTOR"}, "49 characters"},
		{"ErrUnknownLabel", model.Span{Start: 0, End: 5, Label: "PERSON"}, "does not have"},
		{"ErrNoLabel", model.Span{Start: 0, End: 5}, "no label"},
		{"ErrOrigin", model.Span{Start: 0, End: 5, Label: "ACTOR", Origin: "guess"}, "origin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.span.Validate(model.RuneLen(example), labels)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want EINVALID mentioning %q", err, tc.want)
			}
		})
	}
}

func TestCheckAddition(t *testing.T) {
	existing := []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}}
	for _, tc := range []struct {
		name    string
		span    model.Span
		overlap bool
		code    string
	}{
		{"OKTouching", model.Span{Start: 5, End: 10, Label: "PLACE"}, false, ""},
		{"ErrDuplicate", model.Span{Start: 0, End: 5, Label: "ACTOR"}, true, model.ECONFLICT},
		{"OKSameRangeOtherLabelWithOverlap", model.Span{Start: 0, End: 5, Label: "PLACE"}, true, ""},
		{"ErrSameRangeOtherLabel", model.Span{Start: 0, End: 5, Label: "PLACE"}, false, model.EINVALID},
		{"ErrOverlap", model.Span{Start: 4, End: 12, Label: "PLACE"}, false, model.EINVALID},
		{"ErrInside", model.Span{Start: 11, End: 12, Label: "PLACE"}, false, model.EINVALID},
		{"OKOverlapAllowed", model.Span{Start: 4, End: 12, Label: "PLACE"}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := model.ErrorCode(model.CheckAddition(existing, tc.span, tc.overlap)); got != tc.code {
				t.Fatalf("code = %q, want %q", got, tc.code)
			}
		})
	}
}

func TestSortSpans(t *testing.T) {
	spans := []model.Span{{Start: 5, End: 9, Label: "B"}, {Start: 0, End: 9, Label: "A"}, {Start: 0, End: 3, Label: "Z"}, {Start: 0, End: 3, Label: "A"}}
	model.SortSpans(spans)
	var got []string
	for _, s := range spans {
		got = append(got, s.Label)
	}
	if strings.Join(got, "") != "AZAB" {
		t.Fatalf("order = %v", got)
	}
}

func TestLabels(t *testing.T) {
	defaults := model.DefaultLabels()
	if err := model.ValidateLabelSet(defaults); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ name, key string }{{"ACTOR", "1"}, {"PLACE", "2"}, {"FIGURE", "3"}} {
		if defaults[i].Name != want.name || defaults[i].Key != want.key || defaults[i].Description == "" {
			t.Fatalf("default label %d = %+v", i, defaults[i])
		}
	}
	for _, tc := range []struct {
		name  string
		label model.Label
		want  string
	}{
		{"ErrNoName", model.Label{Color: "#000000"}, "name required"},
		{"ErrBlank", model.Label{Name: " \t", Color: "#000000"}, "control character"},
		{"ErrSpaces", model.Label{Name: "  ", Color: "#000000"}, "only white space"},
		{"ErrColor", model.Label{Name: "A", Color: "#00000g"}, "colour"},
		{"ErrShortColor", model.Label{Name: "A", Color: "#000"}, "colour"},
		{"ErrKey", model.Label{Name: "A", Color: "#000000", Key: "12"}, "single character"},
		{"ErrLong", model.Label{Name: strings.Repeat("L", 65), Color: "#000000"}, "longer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.label.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	dupKey := append(model.DefaultLabels(), model.Label{Name: "EVENT", Color: "#000000", Key: "1"})
	if err := model.ValidateLabelSet(dupKey); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "ACTOR") {
		t.Fatalf("duplicate key: %v", err)
	}
	added := model.NewLabel("GPE", defaults)
	if added.Key != "4" || !model.IsColor(added.Color) || added.Validate() != nil {
		t.Fatalf("NewLabel = %+v", added)
	}
}

func TestDocumentRules(t *testing.T) {
	if model.ContentHash("a") == model.ContentHash("a ") || model.ContentHash(example) != model.ContentHash(example) {
		t.Fatal("content hash must follow the exact text")
	}
	for text, want := range map[string]string{"": "empty", "bad \xff": "UTF-8"} {
		if err := model.ValidateText(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("ValidateText(%q) = %v", text, err)
		}
	}
	if err := model.ValidateText(example); err != nil {
		t.Fatal(err)
	}
	for meta, ok := range map[string]bool{"": true, `{"a":1}`: true, `[1]`: false, `"x"`: false, `{`: false, `null`: false} {
		if err := model.ValidateMeta(json.RawMessage(meta)); (err == nil) != ok {
			t.Fatalf("ValidateMeta(%s) = %v", meta, err)
		}
	}
	for in, want := range map[string]model.Status{"todo": model.StatusTodo, "in progress": model.StatusInProgress, "done": model.StatusDone, "skipped": model.StatusSkipped} {
		if got, err := model.ParseStatus(in); err != nil || got != want {
			t.Fatalf("ParseStatus(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := model.ParseStatus("finished"); model.ErrorCode(err) != model.EINVALID {
		t.Fatal("ParseStatus accepted finished")
	}
	if model.ValidateAnnotatorName("") == nil || model.ValidateAnnotatorName("news-alice") != nil {
		t.Fatal("annotator name rules")
	}
}

func TestParseColor(t *testing.T) {
	if c, ok := model.ParseColor("#e4572E"); !ok || c.R != 0xe4 || c.G != 0x57 || c.B != 0x2e || c.A != 0xff {
		t.Fatalf("ParseColor = %v, %v", c, ok)
	}
	for _, bad := range []string{"", "red", "#abc", "#gggggg", "e4572e1"} {
		if _, ok := model.ParseColor(bad); ok {
			t.Fatalf("ParseColor(%q) accepted it", bad)
		}
	}
}

func TestSpanRefusalInWords(t *testing.T) {
	text := model.NewOffsets("Close to a million people fled.")
	existing := []model.Span{{Start: 9, End: 18, Label: "ACTOR"}}
	err := model.CheckAddition(existing, model.Span{Start: 0, End: 18, Label: "FIGURE"}, false)
	var r *model.SpanRefusal
	if !errors.As(err, &r) || model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("err = %v", err)
	}
	if got, want := r.Describe(text), "FIGURE “Close to a million” overlaps ACTOR “a million”: this project does not allow overlapping spans."; got != want {
		t.Fatalf("Describe() = %q, want %q", got, want)
	}
	err = model.CheckAddition(existing, model.Span{Start: 9, End: 18, Label: "ACTOR"}, false)
	if !errors.As(err, &r) || model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("duplicate: err = %v", err)
	}
	if got, want := r.Describe(text), "ACTOR “a million” is already labeled."; got != want {
		t.Fatalf("Describe() = %q, want %q", got, want)
	}
}

// The status moves an edit makes are a rule of the model: the first span
// starts a todo document; nothing an edit does undoes a decision.
func TestStatusAfterSpanChange(t *testing.T) {
	for _, c := range []struct {
		before, after model.Status
		finished      bool
	}{
		{model.StatusTodo, model.StatusInProgress, false},
		{model.StatusInProgress, model.StatusInProgress, false},
		{model.StatusDone, model.StatusDone, true},
		{model.StatusSkipped, model.StatusSkipped, true},
	} {
		if got := c.before.AfterSpanChange(); got != c.after {
			t.Errorf("%s.AfterSpanChange() = %s, want %s", c.before, got, c.after)
		}
		if got := c.before.Finished(); got != c.finished {
			t.Errorf("%s.Finished() = %v, want %v", c.before, got, c.finished)
		}
	}
}
