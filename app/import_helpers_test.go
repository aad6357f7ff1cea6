package app_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// The import's rules are tested black-box: app.Import on a real project
// file, read back through the project's own methods.

// openProject creates an empty project in a temporary folder.
func openProject(tb testing.TB) *storage.DB {
	tb.Helper()
	db, _ := mustProject(tb)
	return db
}

// sliceReader feeds records (or errors) to Import as a formats reader would.
type sliceReader struct {
	items []any // *formats.Record or error
}

func (r *sliceReader) Next() (*formats.Record, error) {
	if len(r.items) == 0 {
		return nil, io.EOF
	}
	item := r.items[0]
	r.items = r.items[1:]
	if err, ok := item.(error); ok {
		return nil, err
	}
	return item.(*formats.Record), nil
}

func records(items ...any) *sliceReader { return &sliceReader{items: items} }

func spans(list ...model.Span) []model.Span { return list }

func span(start, end int, label string) model.Span {
	return model.Span{Start: start, End: end, Label: label}
}

// rec is a record of in.jsonl at line, as formats reads one.
func rec(line int, text, annotator string, s []model.Span) *formats.Record {
	return &formats.Record{Source: "in.jsonl", Line: line, Text: text, Annotator: annotator, Spans: s}
}

// hash is a Prodigy hash as a record carries it.
func hash(v int64) *int64 { return &v }

// example is the worked text of the formats notes: the flag is two code
// points, "ğ" two bytes.
const example = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."

// exported runs an export and describes each record as
// "annotator status external-id: span span ...".
func exported(t *testing.T, db *storage.DB, q app.ExportQuery) []string {
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

// mustAddDocument stores text and returns the document's id.
func mustAddDocument(tb testing.TB, db *storage.DB, text string) string {
	tb.Helper()
	id, _, err := db.AddDocument(context.Background(), model.Document{Text: text})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}
