package labeleditor

import (
	"image/color"
	"maps"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestRenameTracksTheFirstName(t *testing.T) {
	s := newEditState(model.DefaultLabels())
	for _, name := range []string{"PERSON", "PERSO", "HUMAN"} {
		s.rows[0].label.Name = name // ACTOR, edited keystroke by keystroke
	}
	s.rows[1].label.Name = "LOC"
	s.rows[1].label.Name = "PLACE" // and back
	s.rows[2].label.Color = "#000000"
	got := s.rename()
	if want := map[string]string{"ACTOR": "HUMAN"}; !maps.Equal(got, want) {
		t.Fatalf("rename = %v, want %v", got, want)
	}
}

func TestRenameSwap(t *testing.T) {
	s := newEditState(model.DefaultLabels())
	s.rows[0].label.Name, s.rows[1].label.Name = "PLACE", "ACTOR"
	if err := s.validate(); err != nil {
		t.Fatalf("a swap is a valid label set: %v", err)
	}
	if got, want := s.rename(), map[string]string{"ACTOR": "PLACE", "PLACE": "ACTOR"}; !maps.Equal(got, want) {
		t.Fatalf("rename = %v, want %v", got, want)
	}
}

func TestRenameNoChanges(t *testing.T) {
	s := newEditState(model.DefaultLabels())
	if got := s.rename(); got == nil || len(got) != 0 {
		t.Fatalf("rename = %#v, want an empty map", got)
	}
}

func TestAdd(t *testing.T) {
	s := newEditState(model.DefaultLabels())
	i := s.add()
	if i != 3 || len(s.rows) != 4 {
		t.Fatalf("add returned %d with %d rows", i, len(s.rows))
	}
	l := s.rows[i].label
	want := model.NewLabel("NEW", model.DefaultLabels())
	if l != want || s.rows[i].orig != "" {
		t.Fatalf("added %+v (orig %q), want %+v", l, s.rows[i].orig, want)
	}
	j := s.add()
	if s.rows[j].label.Name != "NEW2" || s.rows[j].label.Key != "5" {
		t.Fatalf("second added label = %+v, want NEW2 with key 5", s.rows[j].label)
	}
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	// New labels are not renames, whatever they are called.
	s.rows[i].label.Name = "EVENT"
	if got := s.rename(); len(got) != 0 {
		t.Fatalf("rename = %v after naming an added label", got)
	}
	if got := s.labels(); len(got) != 5 || got[3].Name != "EVENT" || got[4].Name != "NEW2" {
		t.Fatalf("labels = %+v", got)
	}
}

func TestAddTakesAFreeKeyAfterEdits(t *testing.T) {
	s := newEditState(model.DefaultLabels())
	s.rows[1].label.Key = "4" // PLACE moves from 2 to 4
	i := s.add()
	if got := s.rows[i].label.Key; got != "2" {
		t.Fatalf("added label got key %q, want the freed 2", got)
	}
}

func TestNewNameAfterRenamedAway(t *testing.T) {
	s := newEditState(model.DefaultLabels())
	s.rows[0].label.Name = "PERSON"
	i := s.add()
	s.rows[i].label.Name = "ACTOR" // a new label takes the old name
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := s.rename(), map[string]string{"ACTOR": "PERSON"}; !maps.Equal(got, want) {
		t.Fatalf("rename = %v, want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(s *editState)
		code string
		want string // in the message
	}{
		{"OK", func(s *editState) {}, "", ""},
		{"OKTrimmed", func(s *editState) { s.rows[0].label.Name = "  PERSON " }, "", ""},
		{"ErrDuplicateName", func(s *editState) { s.rows[1].label.Name = "ACTOR" }, model.ECONFLICT, "ACTOR already exists"},
		{"ErrDuplicateNewName", func(s *editState) { s.add(); s.add(); s.rows[4].label.Name = "NEW" }, model.ECONFLICT, "NEW already exists"},
		{"ErrDuplicateKey", func(s *editState) { s.rows[2].label.Key = "1" }, model.ECONFLICT, "key 1 is already used by label ACTOR"},
		{"ErrEmptyName", func(s *editState) { s.rows[0].label.Name = " " }, model.EINVALID, "name required"},
		{"OKSpaceInside", func(s *editState) { s.rows[0].label.Name = "MRI Image Type" }, "", ""},
		{"ErrColour", func(s *editState) { s.rows[0].label.Color = "red" }, model.EINVALID, "#rrggbb"},
		{"ErrShortColour", func(s *editState) { s.rows[0].label.Color = "#fff" }, model.EINVALID, "#rrggbb"},
		{"ErrLongKey", func(s *editState) { s.rows[0].label.Key = "ab" }, model.EINVALID, "single character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newEditState(model.DefaultLabels())
			tc.edit(s)
			err := s.validate()
			if got := model.ErrorCode(err); got != tc.code || !strings.Contains(model.ErrorMessage(err), tc.want) {
				t.Fatalf("validate = %v (%s), want %s mentioning %q", err, got, tc.code, tc.want)
			}
		})
	}
}

func TestLabelsAreCopies(t *testing.T) {
	in := model.DefaultLabels()
	s := newEditState(in)
	s.rows[0].label.Name = "PERSON"
	if in[0].Name != "ACTOR" {
		t.Fatal("editing changed the caller's labels")
	}
	out := s.labels()
	out[1].Name = "X"
	if s.rows[1].label.Name != "PLACE" {
		t.Fatal("labels() shares memory with the state")
	}
}

func TestColourFormat(t *testing.T) {
	for _, tc := range []struct {
		c    color.Color
		want string
	}{
		{color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, "#e4572e"},
		{color.RGBA{R: 0x10, G: 0x20, B: 0x30, A: 0xff}, "#102030"},
		{color.Black, "#000000"},
		{color.White, "#ffffff"},
		{color.NRGBA{R: 0x80, G: 0x40, B: 0x20, A: 0x80}, "#804020"}, // alpha dropped, not multiplied in
	} {
		got := colorHex(tc.c)
		if got != tc.want || !model.IsColor(got) {
			t.Errorf("colorHex(%v) = %q, want %q", tc.c, got, tc.want)
		}
		if back := colorHex(parseColor(got)); back != got {
			t.Errorf("parseColor(%q) reads back as %q", got, back)
		}
	}
	if got := colorHex(parseColor("nonsense")); got != "#888888" {
		t.Errorf("a bad colour draws %s, want grey", got)
	}
}
