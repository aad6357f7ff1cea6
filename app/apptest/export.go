package apptest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// ExportStore is a store the export use case reads (app.ExportSource)
// and the suite fills through the store contract.
type ExportStore interface {
	app.Store
	app.ExportSource
}

// OpenExport is Open for an ExportStore: a new project holding Texts with
// the default labels, and the documents' ids in the order of Texts.
type OpenExport func(t *testing.T) (store ExportStore, documentIDs []string)

// TestExportSource checks every method of app.ExportSource: what each
// returns, the order and filters of Export, its snapshot, and its errors.
func TestExportSource(t *testing.T, open OpenExport) {
	t.Run("Empty", func(t *testing.T) { testExportEmpty(t, open) })
	t.Run("Sets", func(t *testing.T) { testExportSets(t, open) })
	t.Run("Snapshot", func(t *testing.T) { testExportSnapshot(t, open) })
	t.Run("Errors", func(t *testing.T) { testExportErrors(t, open) })
	t.Run("Relations", func(t *testing.T) { testExportRelations(t, open) })
	t.Run("Attributes", func(t *testing.T) { testExportAttributes(t, open) })
}

// testExportRelations: each set comes with its relations, naming their
// spans by index in its sorted spans, in reading order, with label, note
// and the label's symmetry; another annotator's set on the same text
// comes with its own relations only.
func testExportRelations(t *testing.T, open OpenExport) {
	ctx := context.Background()
	st, ids := open(t)
	s := addRelSpans(t, st, ids)
	err := st.Write(ctx, func(tx app.WriteTx) error {
		// Added out of reading order.
		_, err1 := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.dozens.ID, To: s.idlib.ID, Label: "COUNTS"})
		_, err2 := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "ACTS_IN", Note: "a visit"})
		_, err3 := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.erdogan.ID, To: s.putin.ID, Label: "SAME_AS"})
		return errors.Join(err1, err2, err3)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	err = st.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
		o := model.NewOffsets(a.Document.Text)
		name := func(i int) string {
			if i < 0 || i >= len(a.Spans) {
				return fmt.Sprintf("span %d of %d", i, len(a.Spans))
			}
			return o.Slice(a.Spans[i].Start, a.Spans[i].End)
		}
		key := a.Annotator + " " + strings.Fields(a.Document.Text)[0]
		got[key] = []string{} // a set without relations is listed empty
		for _, r := range a.Relations {
			got[key] = append(got[key], fmt.Sprintf("%s %s %s %q %v", name(r.From), r.Label, name(r.To), r.Note, r.Symmetric))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"alice Putin": {`Putin ACTS_IN Moscow "a visit" false`, `Erdogan SAME_AS Putin "" true`, `Dozens COUNTS Idlib "" false`},
		"bob Putin":   {},
		"alice Close": {},
	}
	for key, w := range want {
		if !slices.Equal(got[key], w) {
			t.Errorf("%s: relations %q, want %q", key, got[key], w)
		}
	}
}

// exported describes what Export passes for q, a set a line:
// "annotator status text-start: span span".
func exported(t *testing.T, st app.ExportSource, q app.ExportQuery) []string {
	t.Helper()
	var got []string
	err := st.Export(context.Background(), q, func(a *formats.Annotation) error {
		o := model.NewOffsets(a.Document.Text)
		var spans []string
		for _, s := range a.Spans {
			spans = append(spans, fmt.Sprintf("%s/%s", o.Slice(s.Start, s.End), s.Label))
		}
		got = append(got, fmt.Sprintf("%s %s %s: %s", a.Annotator, a.Status, strings.Fields(a.Document.Text)[0], strings.Join(spans, " ")))
		return nil
	})
	if err != nil {
		t.Fatalf("Export(%+v): %v", q, err)
	}
	return got
}

func testExportEmpty(t *testing.T, open OpenExport) {
	ctx := context.Background()
	st, _ := open(t)
	labels, err := st.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, l := range labels {
		got = append(got, l.Name)
	}
	for _, l := range model.DefaultLabels() {
		want = append(want, l.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Labels = %v, want the default labels in their order %v", got, want)
	}
	if names, err := st.Annotators(ctx); err != nil || len(names) != 0 {
		t.Errorf("Annotators of a new project = %v, %v; want none", names, err)
	}
	if has, err := st.HasGold(ctx); err != nil || has {
		t.Errorf("HasGold of a new project = %v, %v; want false", has, err)
	}
	if n, err := st.ExportCount(ctx, app.ExportQuery{}); err != nil || n != 0 {
		t.Errorf("ExportCount of a new project = %d, %v; want 0", n, err)
	}
	if got := exported(t, st, app.ExportQuery{}); len(got) != 0 {
		t.Errorf("Export of a new project = %v, want nothing", got)
	}
}

// fillExport gives the project bob's spans on the second document, then
// alice's on the first (done) and an empty set of hers on the third
// (skipped: a negative example), then a gold version of the first.
func fillExport(t *testing.T, st app.Store, ids []string) {
	t.Helper()
	ctx := context.Background()
	add := func(tx app.WriteTx, doc, who string, start, end int, label string) error {
		_, err := tx.AddSpan(ctx, doc, who, model.Span{Start: start, End: end, Label: label})
		return err
	}
	err := st.Write(ctx, func(tx app.WriteTx) error {
		return errors.Join(add(tx, ids[1], "bob", 11, 18, "FIGURE")) // "million"
	})
	if err == nil {
		err = st.Write(ctx, func(tx app.WriteTx) error {
			// Added out of text order: Export gives them in text order.
			return errors.Join(
				add(tx, ids[0], "alice", 21, 27, "PLACE"), // Moscow
				add(tx, ids[0], "alice", 0, 5, "ACTOR"),   // Putin
				tx.SetStatus(ctx, ids[0], "alice", model.StatusDone),
				tx.SetStatus(ctx, ids[2], "alice", model.StatusSkipped),
			)
		})
	}
	if err == nil {
		err = st.Write(ctx, func(tx app.WriteTx) error {
			return add(tx, ids[0], model.GoldAnnotator, 0, 5, "ACTOR")
		})
	}
	if err != nil {
		t.Fatalf("filling the project: %v", err)
	}
}

func testExportSets(t *testing.T, open OpenExport) {
	ctx := context.Background()
	st, ids := open(t)
	fillExport(t, st, ids)
	if names, err := st.Annotators(ctx); err != nil || !slices.Equal(names, []string{"alice", "bob"}) {
		t.Errorf("Annotators = %v, %v; want [alice bob], sorted, without gold", names, err)
	}
	if has, err := st.HasGold(ctx); err != nil || !has {
		t.Errorf("HasGold = %v, %v; want true", has, err)
	}
	for _, tc := range []struct {
		name  string
		query app.ExportQuery
		want  []string
	}{
		{"everyone, in the order the sets were made", app.ExportQuery{}, []string{
			"bob in_progress Close: million/FIGURE",
			"alice done Putin: Putin/ACTOR Moscow/PLACE",
			"alice skipped No: ",
			model.GoldAnnotator + " in_progress Putin: Putin/ACTOR",
		}},
		{"one annotator", app.ExportQuery{Annotators: []string{"alice"}}, []string{
			"alice done Putin: Putin/ACTOR Moscow/PLACE",
			"alice skipped No: ",
		}},
		{"gold", app.ExportQuery{Annotators: []string{model.GoldAnnotator}}, []string{
			model.GoldAnnotator + " in_progress Putin: Putin/ACTOR",
		}},
		{"statuses", app.ExportQuery{Statuses: []model.Status{model.StatusDone, model.StatusSkipped}}, []string{
			"alice done Putin: Putin/ACTOR Moscow/PLACE",
			"alice skipped No: ",
		}},
		{"both", app.ExportQuery{Annotators: []string{"bob", "alice"}, Statuses: []model.Status{model.StatusInProgress}}, []string{
			"bob in_progress Close: million/FIGURE",
		}},
		{"nobody known", app.ExportQuery{Annotators: []string{"carol"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exported(t, st, tc.query); !slices.Equal(got, tc.want) {
				t.Errorf("Export = %q\nwant %q", got, tc.want)
			}
			if n, err := st.ExportCount(ctx, tc.query); err != nil || n != len(tc.want) {
				t.Errorf("ExportCount = %d, %v; want %d", n, err, len(tc.want))
			}
		})
	}
	// The records carry the document as stored.
	err := st.Export(ctx, app.ExportQuery{Annotators: []string{"bob"}}, func(a *formats.Annotation) error {
		if a.Document.ID != ids[1] || a.Document.Text != Texts[1] {
			t.Errorf("bob's record is document %q %q, want %q %q", a.Document.ID, a.Document.Text, ids[1], Texts[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testExportSnapshot checks that an export sees the project as it stood
// when it began, whatever a writer commits while it runs.
func testExportSnapshot(t *testing.T, open OpenExport) {
	ctx := context.Background()
	st, ids := open(t)
	fillExport(t, st, ids)
	var got []string
	first := true
	err := st.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
		if first {
			first = false
			err := st.Write(ctx, func(tx app.WriteTx) error {
				if _, err := tx.AddSpan(ctx, ids[0], "alice", model.Span{Start: 10, End: 17, Label: "ACTOR"}); err != nil {
					return err
				}
				_, err := tx.AddSpan(ctx, ids[2], "carol", model.Span{Start: 0, End: 2, Label: "ACTOR"})
				return err
			})
			if err != nil {
				return fmt.Errorf("a write during the export: %w", err)
			}
		}
		got = append(got, fmt.Sprintf("%s %d", a.Annotator, len(a.Spans)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bob 1", "alice 2", "alice 0", model.GoldAnnotator + " 1"}; !slices.Equal(got, want) {
		t.Errorf("an export during a write passed %v, want %v as before the write", got, want)
	}
	if n, err := st.ExportCount(ctx, app.ExportQuery{}); err != nil || n != 5 {
		t.Errorf("ExportCount after the write = %d, %v; want 5", n, err)
	}
}

var errStop = errors.New("stop here")

func testExportErrors(t *testing.T, open OpenExport) {
	ctx := context.Background()
	st, ids := open(t)
	fillExport(t, st, ids)
	// fn's error ends the export and comes back unchanged.
	calls := 0
	err := st.Export(ctx, app.ExportQuery{}, func(*formats.Annotation) error {
		calls++
		return errStop
	})
	if !errors.Is(err, errStop) || calls != 1 {
		t.Errorf("Export with fn failing: %v after %d calls; want errStop after 1", err, calls)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	err = st.Export(cancelled, app.ExportQuery{}, func(*formats.Annotation) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Export with a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := st.ExportCount(cancelled, app.ExportQuery{}); !errors.Is(err, context.Canceled) {
		t.Errorf("ExportCount with a cancelled context: %v, want context.Canceled", err)
	}
	for name, call := range map[string]func() error{
		"Labels":     func() error { _, err := st.Labels(cancelled); return err },
		"Annotators": func() error { _, err := st.Annotators(cancelled); return err },
		"HasGold":    func() error { _, err := st.HasGold(cancelled); return err },
	} {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want context.Canceled", name, err)
		}
	}
}
