package labeleditor

import (
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// row is one label as edited. orig ties it to the stored label it started
// as, however often the name changes, so a rename is "what it was when the
// editor opened" to "what it is now", never a chain of intermediate names.
type row struct {
	orig  string // name when the editor opened; "" for a label added in the editor
	label model.Label
}

// editState is the editor's data, kept apart from the widgets so the rules
// (renames, defaults of new labels, validation) are tested without a window.
type editState struct {
	rows []row
}

func newEditState(labels []model.Label) *editState {
	s := &editState{rows: make([]row, len(labels))}
	for i, l := range labels {
		s.rows[i] = row{orig: l.Name, label: l}
	}
	return s
}

// add appends a new label with model.NewLabel's defaults (the next palette
// colour and the next free digit key) and returns its index. Its name is
// NEW, or NEW2, NEW3… when taken, so adding twice is not an error at once.
func (s *editState) add() int {
	taken := make(map[string]bool, len(s.rows))
	for _, r := range s.rows {
		taken[r.label.Name] = true
	}
	name := "NEW"
	for n := 2; taken[name]; n++ {
		name = "NEW" + strconv.Itoa(n)
	}
	s.rows = append(s.rows, row{label: model.NewLabel(name, s.labels())})
	return len(s.rows) - 1
}

// labels returns the labels as they would be saved, in display order.
// Names lose surrounding white space, which is never meant and which the
// model would reject.
func (s *editState) labels() []model.Label {
	out := make([]model.Label, len(s.rows))
	for i, r := range s.rows {
		l := r.label
		l.Name = strings.TrimSpace(l.Name)
		out[i] = l
	}
	return out
}

// rename maps the old name of every renamed label to its new name. Labels
// added in the editor have no entry; a label renamed and renamed back has
// none either.
func (s *editState) rename() map[string]string {
	m := map[string]string{}
	for i, l := range s.labels() {
		if orig := s.rows[i].orig; orig != "" && orig != l.Name {
			m[orig] = l.Name
		}
	}
	return m
}

// validate checks the labels as a set: each label's own rules, and unique
// names and keys.
func (s *editState) validate() error {
	return model.ValidateLabelSet(s.labels())
}
