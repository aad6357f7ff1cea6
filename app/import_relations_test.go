package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

// relationsOfExport names each relation Export passes by its spans' text
// and label: "Putin ACTS_IN Moscow (note)".
func relationsOfExport(t *testing.T, src app.ExportSource) []string {
	t.Helper()
	var got []string
	err := src.Export(context.Background(), app.ExportQuery{}, func(a *formats.Annotation) error {
		o := model.NewOffsets(a.Document.Text)
		for _, r := range a.Relations {
			f, to := a.Spans[r.From], a.Spans[r.To]
			got = append(got, fmt.Sprintf("%s %s %s (%s)", o.Slice(f.Start, f.End), r.Label, o.Slice(to.Start, to.End), r.Note))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

// A record's relations are stored after its spans, new relation labels
// added (symmetric when the input says so), counted in the report, and
// importing the same record again adds nothing.
func TestImportRelations(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	r := rec(1, example, "alice", spans(span(0, 5, "ACTOR"), span(10, 17, "ACTOR"), span(21, 27, "PLACE")))
	r.Relations = []formats.Relation{
		{From: 0, To: 2, Label: "ACTS_IN", Note: "a visit"},
		{From: 0, To: 1, Label: "MEETS", Symmetric: true},
	}
	report, err := app.Import(ctx, db, records(r), app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.RelationsAdded != 2 || !slices.Equal(report.RelationLabelsAdded, []string{"MEETS"}) {
		t.Errorf("report: %d relations, labels added %v; want 2 and MEETS", report.RelationsAdded, report.RelationLabelsAdded)
	}
	if line := strings.Join(report.Summary().Lines("", 0), "\n"); !strings.Contains(line, "2 new relations between spans, 0 already there") {
		t.Errorf("summary does not count the relations:\n%s", line)
	}
	labels, err := db.RelationLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(labels, func(l model.RelationLabel) bool { return l.Name == "MEETS" }); i < 0 || !labels[i].Symmetric || labels[i].Color == "" {
		t.Errorf("relation labels %+v: want MEETS, symmetric, with a colour", labels)
	}
	want := []string{"Putin ACTS_IN Moscow (a visit)", "Putin MEETS Erdoğan ()"}
	if got := relationsOfExport(t, db); !slices.Equal(got, want) {
		t.Errorf("stored relations %q, want %q", got, want)
	}
	again, err := app.Import(ctx, db, records(r), app.ImportOptions{})
	if err != nil || again.RelationsAdded != 0 || again.RelationsExisting != 2 {
		t.Errorf("importing again: %d added, %d there, %v; want 0 and 2", again.RelationsAdded, again.RelationsExisting, err)
	}
}

// A relation whose span is skipped under SkipInvalid is left out with it,
// and reported; a relation of a version dropped under ConflictFirst is
// not stored; without SkipInvalid a bad relation label refuses the record.
func TestImportRelationsSkipped(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	r := rec(1, example, "alice", spans(span(0, 5, "ACTOR"), span(40, 99, "PLACE"), span(21, 27, "PLACE")))
	r.Relations = []formats.Relation{{From: 0, To: 1, Label: "ACTS_IN"}, {From: 0, To: 2, Label: "ACTS_IN"}}
	second := rec(2, example, "alice", spans(span(0, 5, "ACTOR"), span(10, 17, "ACTOR")))
	second.Relations = []formats.Relation{{From: 0, To: 1, Label: "SAME_AS"}}
	report, err := app.Import(ctx, db, records(r, second), app.ImportOptions{SkipInvalid: true, OnConflict: app.ConflictFirst})
	if err != nil {
		t.Fatal(err)
	}
	if report.RelationsAdded != 1 || len(report.SkippedSpans) != 2 || len(report.Conflicts) != 1 {
		t.Errorf("report: %d relations, skipped %v, conflicts %v; want 1, the span and its relation, one conflict",
			report.RelationsAdded, report.SkippedSpans, report.Conflicts)
	}
	if got, want := relationsOfExport(t, db), []string{"Putin ACTS_IN Moscow ()"}; !slices.Equal(got, want) {
		t.Errorf("stored relations %q, want %q", got, want)
	}

	bad := rec(3, "Another text here.", "alice", spans(span(0, 7, "ACTOR"), span(8, 12, "PLACE")))
	bad.Relations = []formats.Relation{{From: 0, To: 1, Label: ""}}
	if _, err := app.Import(ctx, db, records(bad), app.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "in.jsonl:3") {
		t.Errorf("a relation without a label: %v, want the record refused, naming its place", err)
	}
}

// CoNLL and Hugging Face cannot carry relations: the export counts those
// it left out; doccano writes them, their ids naming the written entities.
func TestExportRelationsLeftOut(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	r := rec(1, example, "alice", spans(span(0, 5, "ACTOR"), span(21, 27, "PLACE")))
	r.Relations = []formats.Relation{{From: 0, To: 1, Label: "ACTS_IN"}}
	if _, err := app.Import(ctx, db, records(r), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []formats.Format{formats.FormatCoNLL, formats.FormatHF} {
		res, err := app.Export(ctx, db, app.ExportOptions{Format: f, Out: filepath.Join(dir, string(f)), Files: files.Exports{}}, nil)
		if err != nil || res.RelationsLeftOut != 1 {
			t.Errorf("%s: %d relations left out, %v; want 1", f, res.RelationsLeftOut, err)
		}
	}
	out := filepath.Join(dir, "d.jsonl")
	res, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Files: files.Exports{}}, nil)
	if err != nil || res.RelationsLeftOut != 0 {
		t.Fatalf("doccano: %d left out, %v", res.RelationsLeftOut, err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var line struct {
		Entities []struct {
			ID    int
			Label string
		}
		Relations []struct {
			FromID int    `json:"from_id"`
			ToID   int    `json:"to_id"`
			Type   string `json:"type"`
		}
	}
	if err := json.Unmarshal(data, &line); err != nil {
		t.Fatal(err)
	}
	labels := map[int]string{}
	for _, e := range line.Entities {
		labels[e.ID] = e.Label
	}
	if len(line.Relations) != 1 || labels[line.Relations[0].FromID] != "ACTOR" || labels[line.Relations[0].ToID] != "PLACE" || line.Relations[0].Type != "ACTS_IN" {
		t.Errorf("doccano export %s: want one ACTS_IN relation from the ACTOR entity to the PLACE one", data)
	}
}

// What a format cannot carry of a span's attributes the export counts by
// name, so that nothing is dropped without a word: CoNLL, Hugging Face
// and doccano carry none, Prodigy only kb_id, Label Studio no flag, brat
// no free text with white space in it.
func TestExportAttributesLeftOut(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	putin := span(0, 5, "ACTOR")
	putin.Attributes = model.Attributes{{Name: "Negated"}, {Name: "comment", Value: "head of state", Text: true}, {Name: "kb_id", Value: "Q7747"}}
	if _, err := app.Import(ctx, db, records(rec(1, example, "alice", spans(putin))), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	all := map[string]int{"Negated": 1, "comment": 1, "kb_id": 1}
	dir := t.TempDir()
	for _, c := range []struct {
		format formats.Format
		want   map[string]int
	}{
		{formats.FormatCoNLL, all},
		{formats.FormatHF, all},
		{formats.FormatDoccano, all},
		{formats.FormatProdigy, map[string]int{"Negated": 1, "comment": 1}},
		{formats.FormatLabelStudio, map[string]int{"Negated": 1}},
		{formats.FormatBrat, map[string]int{"comment": 1}},
	} {
		res, err := app.Export(ctx, db, app.ExportOptions{Format: c.format, Out: filepath.Join(dir, string(c.format)), Files: files.Exports{}}, nil)
		if err != nil || !reflect.DeepEqual(res.AttributesLeftOut, c.want) {
			t.Errorf("%s: attributes left out %v, %v; want %v", c.format, res.AttributesLeftOut, err, c.want)
		}
	}
}
