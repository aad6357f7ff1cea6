package storage_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// mustOpen creates a project in a temporary folder.
func mustOpen(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(tb.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
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

// example is the worked text of shared/notes/formats.md: the flag is two
// code points, "ğ" two bytes.
const example = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."

// rec is a record of in.jsonl at line, as formats reads one.
func rec(line int, text, annotator string, s []model.Span) *formats.Record {
	return &formats.Record{Source: "in.jsonl", Line: line, Text: text, Annotator: annotator, Spans: s}
}

// hash is a Prodigy hash as a record carries it.
func hash(v int64) *int64 { return &v }
