package formats_test

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// brat's own tutorial document (testdata/real/brat) gives two spans
// attributes, one valued (Mention) and one a flag (Individual), and an
// event one (Confidence on E1), which stays counted.
func TestReadBrat_AttributesReal(t *testing.T) {
	rec := readOne(t, filepath.Join("testdata", "real", "brat", "brat-tutorial-news", "000-introduction.ann"), formats.FormatBrat)
	want := map[string]model.Attributes{
		"Raul Salinas de Gortari":  {{Name: "Individual"}, {Name: "Mention", Value: "Name"}},
		"former Mexican president": {{Name: "Individual"}, {Name: "Mention", Value: "Nominal"}},
	}
	off := model.NewOffsets(rec.Text)
	for _, s := range rec.Spans {
		text := off.Slice(s.Start, s.End)
		if !slices.Equal(s.Attributes, want[text]) {
			t.Errorf("[%d, %d) %s %q: attributes %+v, want %+v", s.Start, s.End, s.Label, text, s.Attributes, want[text])
		}
	}
	if got := rec.NotKept["attributes on events"]; got != 1 {
		t.Errorf("NotKept = %v, want the attribute on E1 counted", rec.NotKept)
	}
	if _, ok := rec.NotKept["attributes"]; ok {
		t.Errorf("NotKept = %v: attributes on spans are kept", rec.NotKept)
	}
}

// A and M lines, flags and values, several values of one name, escaped
// names and values, the same attribute twice; attributes on what is not a
// kept span, and notes on attributes, are counted.
func TestReadBrat_Attributes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", example)
	content := "T1\tACTOR 0 5\tPutin\n" +
		"T2\tACTOR 10 17\tErdoğan\n" +
		"T3\tPLACE 21 27;28 28\tMoscow\n" +
		"T4\tFIGURE 29 31\t34\n" +
		"E1\tMeeting:T1 Agent:T2\n" +
		"A1\tNegated T1\n" +
		"M1\tSpeculated T1\t\n" +
		"A2\tRole T2 Head%20of%20state\n" +
		"A3\tRole T2 Guest%2C%20then%20host\n" +
		"A4\tkb_id T2 Q39723\n" +
		"A5\tkb_id T2 Q39723\n" +
		"A6\tCertainty E1 Low\n" +
		"A7\tUnit T3 km\n" +
		"A8\tEstimate T4 ~35\n" +
		"#1\tAnnotatorNotes A4\tfrom Wikidata\n"
	rec := readOne(t, writeFile(t, dir, "a.ann", content), formats.FormatBrat)
	checkSpans(t, rec, []wantSpan{{0, 5, "ACTOR", "Putin"}, {10, 17, "ACTOR", "Erdoğan"}, {29, 31, "FIGURE", "34"}})
	want := []model.Attributes{
		{{Name: "Negated"}, {Name: "Speculated"}},
		{{Name: "Role", Value: "Guest, then host"}, {Name: "Role", Value: "Head of state"}, {Name: "kb_id", Value: "Q39723"}},
		{{Name: "Estimate", Value: "~35"}},
	}
	for i, s := range rec.Spans {
		if !slices.Equal(s.Attributes, want[i]) {
			t.Errorf("span %d: attributes %+v, want %+v", i, s.Attributes, want[i])
		}
	}
	wantNotKept := map[string]int{
		"discontinuous spans": 1, "events": 1, "attributes on events": 1,
		"attributes on discontinuous spans": 1, "notes on attributes": 1,
	}
	if !maps.Equal(rec.NotKept, wantNotKept) {
		t.Errorf("NotKept = %v, want %v", rec.NotKept, wantNotKept)
	}
}

// A bad attribute line fails the document naming its line, as a bad T or
// R line does.
func TestReadBrat_AttributeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, line, phrase string
	}{
		{"unknown span", "A1\tNegated T9", "T9, which this file does not define"},
		{"no target", "A1\tNegated", `should be "NAME T1" or "NAME T1 VALUE"`},
		{"no tab", "A1 Negated T1", "tab-separated fields"},
		{"flag and value", "A1\tNegated T1\nA2\tNegated T1 yes", "both as a flag and with a value"},
		{"id twice", "A1\tNegated T1\nA1\tSpeculated T1", "A1 is defined twice (first on line 2)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.txt", example)
			ann := writeFile(t, dir, "a.ann", "T1\tACTOR 0 5\tPutin\n"+tt.line+"\n")
			line := 1 + strings.Count(tt.line, "\n") + 1
			checkInputError(t, firstError(t, []string{ann}, formats.FormatBrat, formats.Options{}), ann, line, false, tt.phrase)
		})
	}
}

// The writer puts a span's attributes in A lines on its T line and
// declares them in annotation.conf; a text attribute with white space is
// left out and counted. Reading the export back gives the attributes
// again (a one-word text comes back as a chosen value: brat has no text
// attributes).
func TestBratWriter_Attributes(t *testing.T) {
	spans := []model.Span{
		{Start: 10, End: 17, Label: "ACTOR", Attributes: model.Attributes{
			{Name: "Role", Value: "Guest, then host"}, {Name: "Role", Value: "Head of state"}, {Name: "kb_id", Value: "Q39723"}}},
		{Start: 0, End: 5, Label: "ACTOR", Attributes: model.Attributes{
			{Name: "Negated"}, {Name: "comment", Value: "seen on TV", Text: true}, {Name: "kb_id", Value: "Q7747"}, {Name: "tag", Value: "lead", Text: true}}},
		{Start: 21, End: 27, Label: "PLACE"},
		{Start: 29, End: 31, Label: "FIGURE", Attributes: model.Attributes{{Name: "Negated"}}},
	}
	a := &formats.Annotation{Document: model.Document{ID: "d1", ExternalID: "a", Text: example}, Spans: spans}
	out := t.TempDir()
	w, err := formats.NewBratWriter(formats.DiskFolder(out), formats.WriterOptions{Labels: []string{"ACTOR", "PLACE", "FIGURE"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(a); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := w.(formats.AttributesLeftOut).AttributesLeftOut(), map[string]int{"comment": 1}; !maps.Equal(got, want) {
		t.Errorf("AttributesLeftOut = %v, want %v", got, want)
	}

	ann := charMustRead(t, out, "a.ann")
	wantAnn := "T1\tACTOR 0 5\tPutin\n" +
		"T2\tACTOR 10 17\tErdoğan\n" +
		"T3\tPLACE 21 27\tMoscow\n" +
		"T4\tFIGURE 29 31\t34\n" +
		"A1\tNegated T1\n" +
		"A2\tkb_id T1 Q7747\n" +
		"A3\ttag T1 lead\n" +
		"A4\tRole T2 Guest%2C%20then%20host\n" +
		"A5\tRole T2 Head%20of%20state\n" +
		"A6\tkb_id T2 Q39723\n" +
		"A7\tNegated T4\n"
	if ann != wantAnn {
		t.Errorf(".ann =\n%s\nwant\n%s", ann, wantAnn)
	}
	// Every A line names a T line of the file.
	ids := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(ann, "\n"), "\n") {
		cols := strings.Split(line, "\t")
		switch line[0] {
		case 'T':
			ids[cols[0]] = true
		case 'A':
			if f := strings.Fields(cols[1]); len(f) < 2 || !ids[f[1]] {
				t.Errorf("%q names no T line of the file", line)
			}
		}
	}
	conf := charMustRead(t, out, formats.BratConfName)
	wantAttrs := "[attributes]\n" +
		"Negated\tArg:<ENTITY>\n" +
		"Role\tArg:<ENTITY>, Value:Guest%2C%20then%20host|Head%20of%20state\n" +
		"kb_id\tArg:<ENTITY>, Value:Q39723|Q7747\n" +
		"tag\tArg:<ENTITY>, Value:lead\n"
	if _, section, _ := strings.Cut(conf, "\n[attributes]\n"); "[attributes]\n"+section != wantAttrs {
		t.Errorf("annotation.conf's attributes:\n%s\nwant\n%s", "[attributes]\n"+section, wantAttrs)
	}

	rec := readOne(t, filepath.Join(out, "a.ann"), formats.FormatBrat)
	wantBack := slices.Clone(spans)
	model.SortSpans(wantBack)
	wantBack[0].Attributes = model.Attributes{{Name: "Negated"}, {Name: "kb_id", Value: "Q7747"}, {Name: "tag", Value: "lead"}}
	if len(rec.Spans) != len(wantBack) {
		t.Fatalf("read back %d spans, want %d", len(rec.Spans), len(wantBack))
	}
	for i := range wantBack {
		if !rec.Spans[i].Equal(wantBack[i]) {
			t.Errorf("span %d read back as %+v, want %+v", i, rec.Spans[i], wantBack[i])
		}
	}
	if rec.NotKept != nil {
		t.Errorf("NotKept = %v, want nothing", rec.NotKept)
	}
}

// A name written as a flag on one span and with values on another is
// declared with its values, and a comment says so.
func TestBratWriter_AttributeFlagAndValue(t *testing.T) {
	a := &formats.Annotation{Document: model.Document{ID: "d1", ExternalID: "a", Text: example}, Spans: []model.Span{
		{Start: 0, End: 5, Label: "ACTOR", Attributes: model.Attributes{{Name: "Negated"}}},
		{Start: 10, End: 17, Label: "ACTOR", Attributes: model.Attributes{{Name: "Negated", Value: "partly"}}},
	}}
	out := t.TempDir()
	bratExport(t, out, a)
	conf := charMustRead(t, out, formats.BratConfName)
	if !strings.HasSuffix(conf, "[attributes]\n# Negated is a flag on some spans and has a value on others.\nNegated\tArg:<ENTITY>, Value:partly\n") {
		t.Errorf("annotation.conf =\n%s", conf)
	}
	rec := readOne(t, filepath.Join(out, "a.ann"), formats.FormatBrat)
	if !slices.Equal(rec.Spans[0].Attributes, a.Spans[0].Attributes) || !slices.Equal(rec.Spans[1].Attributes, a.Spans[1].Attributes) {
		t.Errorf("read back %+v and %+v", rec.Spans[0].Attributes, rec.Spans[1].Attributes)
	}
}
