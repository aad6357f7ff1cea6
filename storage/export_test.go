package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// exported runs an export and describes each record as
// "annotator status external-id: span span ...".
func exported(t *testing.T, db *storage.DB, q storage.ExportQuery) []string {
	t.Helper()
	var got []string
	err := db.Export(context.Background(), q, func(a *formats.Annotation) error {
		o := model.NewOffsets(a.Document.Text)
		var spans []string
		for _, s := range a.Spans {
			spans = append(spans, fmt.Sprintf("%s/%s", o.Slice(s.Start, s.End), s.Label))
		}
		got = append(got, fmt.Sprintf("%s %s %s: %s", a.Annotator, a.Status, a.Document.ExternalID, strings.Join(spans, " ")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	in := func(line int, id, text, annotator string, s []model.Span) *formats.Record {
		r := rec(line, text, annotator, s)
		r.ExternalID = id
		return r
	}
	if _, err := app.Import(ctx, db, records(
		in(1, "d1", example, "alice", spans(span(21, 27, "PLACE"), span(0, 5, "ACTOR"), span(46, 48, "PLACE"))),
		in(2, "d1", example, "bob", spans(span(10, 17, "ACTOR"))),
		in(3, "d2", "Ankara said 34 soldiers died.", "bob", spans(span(12, 14, "FIGURE"))),
		in(4, "d3", "Nobody has labeled this yet.", "", nil),
	), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	list, _ := db.Documents(ctx, "alice")
	// alice finished d2 without finding anything: an empty set still exports.
	if err := db.SetStatus(ctx, list[1].ID, "alice", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    storage.ExportQuery
		want []string
	}{
		{"All", storage.ExportQuery{}, []string{
			"alice in_progress d1: Putin/ACTOR Moscow/PLACE 🇹🇷/PLACE",
			"bob in_progress d1: Erdoğan/ACTOR",
			"bob in_progress d2: 34/FIGURE",
			"alice done d2: ",
		}},
		{"OneAnnotator", storage.ExportQuery{Annotators: []string{"bob"}}, []string{
			"bob in_progress d1: Erdoğan/ACTOR",
			"bob in_progress d2: 34/FIGURE",
		}},
		{"ByStatus", storage.ExportQuery{Statuses: []model.Status{model.StatusDone}}, []string{"alice done d2: "}},
		{"Nobody", storage.ExportQuery{Annotators: []string{"carol"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := exported(t, db, tc.q)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("exported:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	t.Run("ErrFromCallbackStops", func(t *testing.T) {
		calls := 0
		err := db.Export(ctx, storage.ExportQuery{}, func(*formats.Annotation) error {
			calls++
			return fmt.Errorf("disk full")
		})
		if err == nil || calls != 1 {
			t.Fatalf("err = %v after %d calls", err, calls)
		}
	})
}
