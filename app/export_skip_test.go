package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

// SkipMisaligned exports the rest when a span does not fall on the
// document's tokens and reports the spans left out; without it the export
// refuses. The document came with CoNLL tokens, which the export writes
// and the span is measured against: "York" is inside the stored token
// "York-based".
func TestExportSkipMisaligned(t *testing.T) {
	ctx := context.Background()
	st, doc := importCoNLL(t, conllLed)
	db := st.(interface {
		app.Store
		app.ExportSource
	})
	err := db.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddSpan(ctx, doc, "anna", model.Span{Start: 25, End: 29, Label: "PLACE"}) // York
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out.conll")
	opts := app.ExportOptions{Format: formats.FormatCoNLL, Out: out, Files: files.Exports{}}
	if _, err := app.Export(ctx, db, opts, nil); err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("without SkipMisaligned: %v, want the export refused", err)
	}

	opts.SkipMisaligned = true
	res, err := app.Export(ctx, db, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	var name string // the document as the user knows it: its external id
	err = db.Read(ctx, func(tx app.ReadTx) error {
		d, err := tx.Document(ctx, doc)
		name = d.ExternalID
		return err
	})
	if err != nil || name == "" {
		t.Fatalf("external id %q, %v", name, err)
	}
	want := []formats.Misaligned{{Document: name, Start: 25, End: 29, Label: "PLACE", Text: "York"}}
	if !reflect.DeepEqual(res.Skipped, want) {
		t.Fatalf("skipped %+v, want %+v", res.Skipped, want)
	}
	if res.Records != 1 || res.Snapped != 0 {
		t.Errorf("report %+v", res)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, line := range []string{"U.S.-led NNP B-NP B-MISC", "New NNP B-NP B-LOC", "York-based JJ I-NP O"} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("the export lacks %q:\n%s", line, got)
		}
	}
	if strings.Contains(got, "PLACE") {
		t.Errorf("the span left out was written:\n%s", got)
	}

	// Prodigy to standard output, with a relation to the span left out:
	// the relation goes with it and is counted.
	err = db.Write(ctx, func(tx app.WriteTx) error {
		rel := model.RelationLabel{Label: model.Label{Name: "REL", Color: "#1f77b4", Key: "r"}}
		if err := tx.SetRelationLabels(ctx, nil, []model.RelationLabel{rel}); err != nil {
			return err
		}
		spans, err := tx.Spans(ctx, doc, "anna")
		if err != nil {
			return err
		}
		_, err = tx.AddRelation(ctx, doc, "anna", model.Relation{From: spans[0].ID, To: spans[2].ID, Label: "REL"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	res, err = app.Export(ctx, db, app.ExportOptions{Format: formats.FormatProdigy, Out: "-", Stdout: &stdout,
		SkipMisaligned: true, Files: files.Exports{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Text != "York" || res.SkippedRelations != 1 {
		t.Fatalf("prodigy: skipped %+v, %d relations", res.Skipped, res.SkippedRelations)
	}
	if !strings.Contains(stdout.String(), `"text":"U.S.-led"`) || strings.Contains(stdout.String(), `"label":"PLACE"`) {
		t.Errorf("prodigy wrote %s", stdout.String())
	}
}
