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
		{"carriage return", "A\rB", `white space (U+000D (\r))`},
		{"C1", "A\u009bB", `U+009B (\u009b), a control character`},
		{"DEL", "A\x7fB", `U+007F (\x7f), a control character`},
		{"bidi override", "EVIL\u202eLIVE", `U+202E (\u202e), an invisible formatting character`},
		{"zero width space", "ACT\u200bOR", `U+200B (\u200b), an invisible formatting character`},
		{"zero width joiner", "A\u200dB", `U+200D (\u200d), an invisible formatting character`},
		{"byte order mark", "\ufeffACTOR", `U+FEFF (\ufeff), an invisible formatting character`},
		{"line separator", "A\u2028B", `white space (U+2028 (\u2028))`},
		{"space", "A B", "white space (U+0020, a space)"},
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
	for _, ok := range []string{"Ort", "人物", "ÉVÉNEMENT", "B-ish", "a;b%c", "🔥"} {
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
