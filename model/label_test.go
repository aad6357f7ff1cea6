package model_test

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// A label name may hold no character that acts on a terminal or hides or
// reorders text; the message names the character, escaped, so that it can be
// found, and holds no raw control itself.
func TestLabelNameHiddenCharacters(t *testing.T) {
	for _, tc := range []struct{ name, label, want string }{
		{"escape", "A\x1b[2JB", `U+001B (\x1b), a control character`},
		{"carriage return", "A\rB", `U+000D (\r), a control character`},
		{"C1", "A\u009bB", `U+009B (\u009b), a control character`},
		{"DEL", "A\x7fB", `U+007F (\x7f), a control character`},
		{"bidi override", "EVIL\u202eLIVE", `U+202E (\u202e), an invisible formatting character`},
		{"zero width space", "ACT\u200bOR", `U+200B (\u200b), a zero width space, an invisible formatting character`},
		{"zero width joiner", "A\u200dB", `U+200D (\u200d), a zero width joiner, an invisible formatting character`},
		{"byte order mark", "\ufeffACTOR", `U+FEFF (\ufeff), a byte order mark, an invisible formatting character`},
		{"line separator", "A\u2028B", `U+2028 (\u2028), a line separator`},
		{"soft hyphen", "ACT\u00adOR", `U+00AD (\u00ad), a soft hyphen, an invisible formatting character`},
		{"blank", "   ", "only white space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := model.Label{Name: tc.label, Color: "#000000"}.Validate()
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate(%q) = %v, want EINVALID saying %q", tc.label, err, tc.want)
			}
			if model.Printable(err.Error()) != err.Error() {
				t.Fatalf("the message holds a raw control: %q", err.Error())
			}
		})
	}
	// Names are the user's: spaces and punctuation are real labels.
	for _, ok := range []string{"Ort", "人物", "ÉVÉNEMENT", "B-ish", "a;b%c", "🔥", "MRI Image Type", "PIRADS Score",
		"Date (approx.)", "A/B: test", "Ort Stadt"} {
		if err := (model.Label{Name: ok, Color: "#000000"}).Validate(); err != nil {
			t.Fatalf("Validate(%q) = %v, want it valid", ok, err)
		}
	}
	// The key applies the label from the keyboard: a control or format
	// character cannot be typed.
	for _, key := range []string{"\x1b", "\u200b", "\u0085"} {
		if err := (model.Label{Name: "A", Color: "#000000", Key: key}).Validate(); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("key %q: Validate = %v, want EINVALID", key, err)
		}
	}
}

func TestPlanLabelEdit(t *testing.T) {
	name := func(l model.Label) string { return l.Name }
	current := []model.Label{{Name: "ACTOR", Color: "#000000"}, {Name: "PLACE", Color: "#111111"}, {Name: "FIGURE", Color: "#222222"}}
	t.Run("RenameSwapAndLeftOut", func(t *testing.T) {
		// ACTOR and PLACE swap names; FIGURE is left out of the edit and stays, last.
		edited := []model.Label{{Name: "PLACE", Color: "#000000"}, {Name: "ACTOR", Color: "#111111"}, {Name: "DATE", Color: "#333333"}}
		final, from, err := model.PlanLabelEdit("label", current, edited, map[string]string{"ACTOR": "PLACE", "PLACE": "ACTOR"}, name, model.ValidateLabelSet)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, l := range final {
			names = append(names, l.Name)
		}
		if got, want := strings.Join(names, " "), "PLACE ACTOR DATE FIGURE"; got != want {
			t.Errorf("final = %s, want %s", got, want)
		}
		if from["PLACE"] != "ACTOR" || from["ACTOR"] != "PLACE" || from["FIGURE"] != "FIGURE" {
			t.Errorf("from = %v, want the swap and FIGURE kept", from)
		}
		if _, ok := from["DATE"]; ok {
			t.Errorf("from = %v: DATE is new and comes from no label", from)
		}
	})
	t.Run("ErrRenameOfMissing", func(t *testing.T) {
		_, _, err := model.PlanLabelEdit("label", current, current, map[string]string{"NOPE": "X"}, name, model.ValidateLabelSet)
		if model.ErrorCode(err) != model.ENOTFOUND || !strings.Contains(err.Error(), "no label named NOPE") {
			t.Errorf("err = %v, want ENOTFOUND naming NOPE", err)
		}
	})
	t.Run("ErrRenameOntoKept", func(t *testing.T) {
		// ACTOR becomes PLACE while PLACE keeps its name: two labels would be one.
		_, _, err := model.PlanLabelEdit("relation label", current, []model.Label{{Name: "PLACE", Color: "#111111"}}, map[string]string{"ACTOR": "PLACE"}, name, func([]model.Label) error { return nil })
		if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "relation label PLACE already exists") {
			t.Errorf("err = %v, want ECONFLICT", err)
		}
	})
	t.Run("ErrInvalidSet", func(t *testing.T) {
		_, _, err := model.PlanLabelEdit("label", current, []model.Label{{Name: "DATE", Color: "blue"}}, nil, name, model.ValidateLabelSet)
		if model.ErrorCode(err) != model.EINVALID {
			t.Errorf("err = %v, want the set's EINVALID", err)
		}
	})
}
