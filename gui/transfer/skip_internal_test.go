package transfer

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model/formats"
)

// The dialog offers leaving out the spans that do not fit the tokens
// where it offers snapping, for the token formats only, and its summary
// lists the spans left out.
func TestExportSkipMisaligned(t *testing.T) {
	w := newWindow(t)
	skipped := []formats.Misaligned{
		{Document: "led.conll#1", Start: 25, End: 29, Label: "PLACE", Text: "York"},
		{Document: "ex", Start: 10, End: 15, Label: "ACTOR", Text: "Erdo\u202e", Reason: ""},
	}
	fake := &fakeExport{total: 2, result: ExportResult{Records: 2, Documents: 2, Skipped: skipped, SkippedRelations: 1, Written: []string{"/out/x.conll"}}}
	d := showExport(w, []string{"ana"}, "ana", fake.run)
	d.format.SetSelected("doccano")
	if !d.skip.Disabled() {
		t.Fatal("leaving spans out offered for doccano, which keeps every span")
	}
	d.format.SetSelected("conll")
	if d.skip.Disabled() {
		t.Fatal("leaving spans out not offered for conll")
	}
	test.Tap(d.skip)
	d.setOut("/out/x.conll")
	tapButton(t, w, "Export")
	waitIdle(t, d.shell)
	want := ExportRequest{Format: formats.FormatCoNLL, Annotator: "ana", Scheme: formats.SchemeIOB2, Skip: true, Out: "/out/x.conll"}
	if reqs := fake.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Fatalf("requests = %+v\nwant %+v", reqs, want)
	}
	text := dialogText(w)
	for _, s := range []string{
		"2 spans left out: they do not fit the tokens (with 1 relation):",
		`led.conll#1 [25, 29) PLACE "York"`,
		`ex [10, 15) ACTOR "Erdo\u202e"`,
	} {
		if !strings.Contains(text, s) {
			t.Errorf("dialog lacks %q:\n%s", s, text)
		}
	}
	if strings.ContainsRune(text, '\u202e') {
		t.Errorf("the override is shown raw: %q", text)
	}
}

// Past ten spans the summary says how many more there are; only the
// token formats carry the choice into the request.
func TestExportSummaryCapsSkipped(t *testing.T) {
	var skipped []formats.Misaligned
	for i := range 12 {
		skipped = append(skipped, formats.Misaligned{Document: "d", Start: i, End: i + 1, Label: "X", Text: "x", Reason: "overlaps another span"})
	}
	got := exportSummary(ExportRequest{Format: formats.FormatHF, Out: "/o/hf"},
		ExportResult{Records: 1, Documents: 1, Skipped: skipped, Written: []string{"/o/hf"}})
	lines := strings.Split(got, "\n")
	if len(lines) != 1+1+10+1 || lines[1] != "12 spans left out: they do not fit the tokens:" ||
		lines[2] != `    d [0, 1) X "x" (overlaps another span)` || lines[12] != "    and 2 more" {
		t.Errorf("summary:\n%s", got)
	}
	f := validExport()
	f.setFormat(formats.FormatProdigy)
	f.skip = true
	if !f.request().Skip {
		t.Error("the request drops the choice for prodigy")
	}
	f.setFormat(formats.FormatBrat)
	if f.request().Skip {
		t.Error("the request keeps the choice for brat")
	}
}
