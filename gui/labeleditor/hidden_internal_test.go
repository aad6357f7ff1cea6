package labeleditor

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// A name pasted into the editor with a zero-width or bidi character, or a
// control character, is refused before saving, the message naming the
// character escaped. TrimSpace drops surrounding white space, not these.
func TestEditorRefusesHiddenCharacters(t *testing.T) {
	for name, want := range map[string]string{
		"ACT\u200bOR":    `U+200B (\u200b)`,
		"\u202eACTOR":    `U+202E (\u202e)`,
		"ACTOR\x1b[31m":  `U+001B (\x1b)`,
		"\ufeffACTOR":    `U+FEFF (\ufeff)`,
		"ACT\u00adOR":    `U+00AD (\u00ad)`,
		"ACTOR\u0085END": `U+0085`,
	} {
		s := newEditState(model.DefaultLabels())
		s.rows[0].label.Name = name
		err := s.validate()
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), want) {
			t.Fatalf("name %q: validate = %v, want EINVALID naming %s", name, err, want)
		}
	}
}
