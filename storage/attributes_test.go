package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

const attrText = "Putin met Erdogan in Moscow."

// kbAndFlag are attributes out of canonical order, as a caller may give
// them; the store keeps them in order.
var kbAndFlag = model.Attributes{{Name: model.AttributeKB, Value: "Q7747"}, {Name: "Negated"}}

func canonical(as model.Attributes) model.Attributes {
	out := append(model.Attributes(nil), as...)
	model.SortAttributes(out)
	return out
}

// The column holds the JSON the migration describes, NULL for a span
// without attributes, and refuses anything else.
func TestAttributesColumn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := mustAddDocument(t, db, attrText)
	with := model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: append(kbAndFlag,
		model.Attribute{Name: "comment", Value: "says \"no\"\nthen yes", Text: true})}
	got, err := db.AddSpan(ctx, doc, "alice", with)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: 21, End: 27, Label: "PLACE"}); err != nil {
		t.Fatal(err)
	}
	must(t, db.Close())
	raw := rawOpen(t, path)
	var stored string
	if err := raw.QueryRow("SELECT attributes FROM spans WHERE uuid = ?", got.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if want := `[["Negated"],["comment","says \"no\"\nthen yes","text"],["kb_id","Q7747"]]`; stored != want {
		t.Fatalf("stored %s, want %s", stored, want)
	}
	var nulls int
	if err := raw.QueryRow("SELECT count(*) FROM spans WHERE attributes IS NULL").Scan(&nulls); err != nil || nulls != 1 {
		t.Fatalf("%d spans without attributes hold NULL (%v), want 1", nulls, err)
	}
	for _, bad := range []string{"[]", "{}", "not json"} {
		if _, err := raw.Exec("UPDATE spans SET attributes = ? WHERE uuid = ?", bad, got.ID); err == nil {
			t.Errorf("the column took %q", bad)
		}
	}
	// A value the CHECK lets through but Inkspan never writes is a
	// damaged file, said so, not a span quietly without attributes.
	if _, err := raw.Exec(`UPDATE spans SET attributes = '[["a","b","c","d"]]' WHERE uuid = ?`, got.ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Spans(ctx, doc, "alice"); model.ErrorCode(err) != model.EINTERNAL || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("reading a damaged value: %v", err)
	}
}

// A project of schema 13 keeps its spans, without attributes, and takes
// attributes after the migration.
func TestMigrateToSpanAttributes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v13.inkspan")
	old, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := mustAddDocument(t, old, attrText)
	if _, err := old.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR", Note: "old"}); err != nil {
		t.Fatal(err)
	}
	must(t, old.Close())
	// Take the file back to schema 13, as Inkspan before attributes left it.
	raw := rawOpen(t, path)
	if _, err := raw.Exec("ALTER TABLE spans DROP COLUMN attributes; PRAGMA user_version = 13"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := userVersion(t, path); v != storage.SchemaVersion() || v < 14 {
		t.Fatalf("user_version after migrating = %d", v)
	}
	spans, err := db.Spans(ctx, doc, "alice")
	if err != nil || len(spans) != 1 || spans[0].Note != "old" || spans[0].Attributes != nil {
		t.Fatalf("spans after migrating = %+v, %v", spans, err)
	}
	s := spans[0]
	s.Attributes = kbAndFlag
	if _, err := db.UpdateSpan(ctx, s); err != nil {
		t.Fatal(err)
	}
	if spans, _ = db.Spans(ctx, doc, "alice"); !reflect.DeepEqual(spans[0].Attributes, canonical(kbAndFlag)) {
		t.Fatalf("attributes after the update = %+v", spans[0].Attributes)
	}
}

// The reads beside the editor's carry attributes: review's people's
// spans, label all's spans with a text, and the export's stream, where a
// span without attributes after one with must not inherit them.
func TestAttributesReachEveryRead(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, attrText)
	putin, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: kbAndFlag})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: 10, End: 17, Label: "ACTOR"}); err != nil {
		t.Fatal(err)
	}
	want := canonical(kbAndFlag)
	if !reflect.DeepEqual(putin.Attributes, want) {
		t.Fatalf("AddSpan returned %+v, want canonical %+v", putin.Attributes, want)
	}
	people, err := db.PeopleSpans(ctx, doc)
	if err != nil || len(people["alice"]) != 2 || !reflect.DeepEqual(people["alice"][0].Attributes, want) || people["alice"][1].Attributes != nil {
		t.Fatalf("PeopleSpans = %+v, %v", people, err)
	}
	found, err := db.SpansWithText(ctx, "alice", "Putin", "ACTOR")
	if err != nil || len(found) != 1 || !reflect.DeepEqual(found[0].Span.Attributes, want) || found[0].DocumentID != doc {
		t.Fatalf("SpansWithText = %+v, %v", found, err)
	}
	var exported []model.Span
	err = db.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
		exported = append(exported, a.Spans...)
		return nil
	})
	if err != nil || len(exported) != 2 || !reflect.DeepEqual(exported[0].Attributes, want) || exported[1].Attributes != nil {
		t.Fatalf("exported %+v, %v", exported, err)
	}
}

// A file of schema 13 has no attributes column: a merge reads its spans
// as spans without attributes, and leaves the file as it was.
func TestMergeFromFileWithoutAttributes(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.inkspan")
	mergeProject(t, old, 1, attrText, "alice", span(0, 5, "ACTOR"))
	raw := rawOpen(t, old)
	if _, err := raw.Exec("ALTER TABLE spans DROP COLUMN attributes; PRAGMA user_version = 13"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db := mergeOpenAt(t, filepath.Join(dir, "new.inkspan"), 2)
	if r := mustMerge(t, db, old); r.DocumentsAdded != 1 || r.SpansAdded != 1 {
		t.Fatalf("report = %+v", r)
	}
	doc := documentByText(t, db, attrText)
	spans, err := db.Spans(context.Background(), doc, "alice")
	if err != nil || len(spans) != 1 || spans[0].Attributes != nil {
		t.Fatalf("spans = %+v, %v", spans, err)
	}
	if v := userVersion(t, old); v != 13 {
		t.Fatalf("the other file's schema changed to %d", v)
	}
}

// A merge copies spans with their attributes, and a set whose attributes
// alone changed in the other copy is a change it takes.
func TestMergeKeepsAttributes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	there := filepath.Join(dir, "there.inkspan")
	o := mergeOpenAt(t, there, 1)
	doc := mustAddDocument(t, o, attrText)
	putin := mustSpan(t, o, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: kbAndFlag})
	must(t, o.Close())
	db := mergeOpenAt(t, filepath.Join(dir, "here.inkspan"), 2)
	if r := mustMerge(t, db, there); r.DocumentsAdded != 1 || r.SpansAdded != 1 {
		t.Fatalf("report = %+v", r)
	}
	if spans, err := db.Spans(ctx, doc, "alice"); err != nil || len(spans) != 1 || !reflect.DeepEqual(spans[0].Attributes, canonical(kbAndFlag)) {
		t.Fatalf("merged spans = %+v, %v", spans, err)
	}
	o = mergeOpenAt(t, there, 3)
	putin.Attributes = model.Attributes{{Name: model.AttributeKB, Value: "Q1"}}
	if _, err := o.UpdateSpan(ctx, putin); err != nil {
		t.Fatal(err)
	}
	must(t, o.Close())
	if r := mustMerge(t, db, there); r.SetsReplaced != 1 {
		t.Fatalf("report after an edit of the attributes alone = %+v", r)
	}
	if spans, err := db.Spans(ctx, doc, "alice"); err != nil || len(spans) != 1 || !reflect.DeepEqual(spans[0].Attributes, putin.Attributes) {
		t.Fatalf("spans after the second merge = %+v, %v", spans, err)
	}
}
