package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage"
)

const relText = "Putin met Erdogan in Moscow on Thursday. Dozens were killed in Idlib."

// relProject is a project with relText and alice's Putin, Erdogan, Moscow
// and Dozens, and bob's Putin.
type relProject struct {
	db                             *storage.DB
	doc                            string
	putin, erdogan, moscow, dozens model.Span
	bobPutin                       model.Span
}

func newRelProject(t *testing.T) relProject {
	t.Helper()
	ctx := context.Background()
	p := relProject{db: mustOpen(t)}
	p.doc = mustAddDocument(t, p.db, relText)
	add := func(ann string, start, end int, label string) model.Span {
		t.Helper()
		s, err := p.db.AddSpan(ctx, p.doc, ann, model.Span{Start: start, End: end, Label: label})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	p.putin = add("alice", 0, 5, "ACTOR")
	p.erdogan = add("alice", 10, 17, "ACTOR")
	p.moscow = add("alice", 21, 27, "PLACE")
	p.dozens = add("alice", 41, 47, "FIGURE")
	p.bobPutin = add("bob", 0, 5, "ACTOR")
	return p
}

func (p relProject) relations(t *testing.T, ann string) []model.Relation {
	t.Helper()
	rels, err := p.db.Relations(context.Background(), p.doc, ann)
	if err != nil {
		t.Fatal(err)
	}
	return rels
}

// A new project has the default relation labels; a project of schema 11
// gets them when it is migrated, and keeps its spans.
func TestRelationLabelsOfNewAndMigratedProjects(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	labels, err := db.RelationLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(labels, model.DefaultRelationLabels()) {
		t.Errorf("a new project's relation labels = %+v, want the defaults", labels)
	}

	path := filepath.Join(t.TempDir(), "v11.inkspan")
	old, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := mustAddDocument(t, old, relText)
	if _, err := old.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"}); err != nil {
		t.Fatal(err)
	}
	must(t, old.Close())
	// Take the file back to schema 11, as Inkspan before relations left it.
	raw := rawOpen(t, path)
	for _, stmt := range []string{"ALTER TABLE spans DROP COLUMN attributes", "DROP TABLE document_tokens", "DROP TRIGGER spans_keep_relations_in_set", "DROP TRIGGER spans_keep_id", "DROP TRIGGER spans_take_relations", "DROP TABLE relations", "DROP TABLE relation_labels", "PRAGMA user_version = 11"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(stmt, err)
		}
	}
	must(t, raw.Close())
	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := userVersion(t, path); v != storage.SchemaVersion() || v < 12 {
		t.Fatalf("user_version after migrating = %d", v)
	}
	if labels, err := db.RelationLabels(ctx); err != nil || !reflect.DeepEqual(labels, model.DefaultRelationLabels()) {
		t.Errorf("a migrated project's relation labels = %+v, %v; want the defaults", labels, err)
	}
	spans, err := db.Spans(ctx, doc, "alice")
	if err != nil || len(spans) != 1 {
		t.Fatalf("spans after migrating = %v, %v", spans, err)
	}
	moscow, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: 21, End: 27, Label: "PLACE"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddRelation(ctx, doc, "alice", model.Relation{From: spans[0].ID, To: moscow.ID, Label: "ACTS_IN"}); err != nil {
		t.Errorf("a relation in a migrated project: %v", err)
	}
}

// The database refuses what the Go checks would refuse, whatever writes
// to it: a relation to a missing span or a span of another set, the
// reverse of a symmetric relation, a span with itself, a span moved to
// another set with its relations, a label made symmetric over relations
// both ways round.
func TestRelationIntegrityInTheDatabase(t *testing.T) {
	ctx := context.Background()
	p := newRelProject(t)
	if _, err := p.db.AddRelation(ctx, p.doc, "alice", model.Relation{From: p.putin.ID, To: p.erdogan.ID, Label: "SAME_AS"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.AddRelation(ctx, p.doc, "alice", model.Relation{From: p.putin.ID, To: p.moscow.ID, Label: "ACTS_IN"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.AddRelation(ctx, p.doc, "alice", model.Relation{From: p.moscow.ID, To: p.putin.ID, Label: "ACTS_IN"}); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", p.db.Path()+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	spanID := func(uuid string) (id, set int64) {
		t.Helper()
		if err := raw.QueryRow("SELECT id, set_id FROM spans WHERE uuid = ?", uuid).Scan(&id, &set); err != nil {
			t.Fatal(err)
		}
		return id, set
	}
	putin, set := spanID(p.putin.ID)
	erdogan, _ := spanID(p.erdogan.ID)
	moscow, _ := spanID(p.moscow.ID)
	bobPutin, bobSet := spanID(p.bobPutin.ID)
	insert := func(uuid string, set, from, to int64, label string) error {
		_, err := raw.Exec(`INSERT INTO relations (uuid, set_id, from_span, to_span, label_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, (SELECT id FROM relation_labels WHERE name = ?), 0, 0)`, uuid, set, from, to, label)
		return err
	}
	for _, tc := range []struct {
		name string
		err  error
		says string
	}{
		{"missing span", insert("x1", set, putin, 9999, "ACTS_IN"), "two spans that exist"},
		{"span of another set", insert("x2", set, putin, bobPutin, "SAME_AS"), "its own annotation set"},
		{"set other than the spans'", insert("x3", bobSet, putin, moscow, "TARGETS"), "its own annotation set"},
		{"itself", insert("x4", set, putin, putin, "SAME_AS"), "CHECK"},
		{"duplicate", insert("x5", set, putin, moscow, "ACTS_IN"), "UNIQUE"},
		{"symmetric reverse", insert("x6", set, erdogan, putin, "SAME_AS"), "other way round"},
		{"span moved to another set", func() error {
			_, err := raw.Exec("UPDATE spans SET set_id = ? WHERE id = ?", bobSet, moscow)
			return err
		}(), "stays in its annotation set"},
		{"label made symmetric over both ways", func() error {
			_, err := raw.Exec("UPDATE relation_labels SET symmetric = 1 WHERE name = 'ACTS_IN'")
			return err
		}(), "both ways"},
		{"relation changed into the reverse of a symmetric one", func() error {
			_, err := raw.Exec(`UPDATE relations SET from_span = ?, to_span = ?, label_id = (SELECT id FROM relation_labels WHERE name = 'SAME_AS')
				WHERE from_span = ? AND to_span = ?`, erdogan, putin, moscow, putin)
			return err
		}(), "other way round"},
		{"span with relations given another id", func() error {
			_, err := raw.Exec("UPDATE spans SET id = 99999 WHERE id = ?", putin)
			return err
		}(), "keeps its id"},
		{"relation moved to a span of another set", func() error {
			_, err := raw.Exec("UPDATE relations SET to_span = ? WHERE from_span = ? AND to_span = ?", bobPutin, moscow, putin)
			return err
		}(), "its own annotation set"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.says) {
			t.Errorf("%s: %v, want a refusal saying %q", tc.name, tc.err, tc.says)
		}
	}
}

// Deleting a span deletes its relations, in the database and in what a
// write transaction keeps, however the span goes: one, many at once, or
// as an accepted suggestion taken back.
func TestRelationsGoWithTheirSpans(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"DeleteSpan", "DeleteSpans", "DeleteLabeledSpans", "UnacceptSuggestions"} {
		t.Run(how, func(t *testing.T) {
			p := newRelProject(t)
			err := p.db.Write(ctx, func(tx app.WriteTx) error {
				for _, r := range []model.Relation{
					{From: p.putin.ID, To: p.moscow.ID, Label: "ACTS_IN"},
					{From: p.dozens.ID, To: p.putin.ID, Label: "COUNTS"},
					{From: p.erdogan.ID, To: p.moscow.ID, Label: "ACTS_IN"},
				} {
					if _, err := tx.AddRelation(ctx, p.doc, "alice", r); err != nil {
						return err
					}
				}
				if rels, err := tx.Relations(ctx, p.doc, "alice"); err != nil || len(rels) != 3 {
					t.Errorf("Relations in the transaction = %v, %v; want 3", rels, err)
				}
				var err error
				switch how {
				case "DeleteSpan":
					err = tx.DeleteSpan(ctx, p.putin.ID)
				case "DeleteSpans":
					err = tx.(edit.BulkStore).DeleteSpans(ctx, []string{p.putin.ID})
				case "DeleteLabeledSpans":
					err = tx.DeleteLabeledSpans(ctx, "alice", []model.LabeledSpan{{DocumentID: p.doc, Span: p.putin}})
				case "UnacceptSuggestions":
					err = tx.UnacceptSuggestions(ctx, p.doc, "alice", []model.Suggestion{{ID: p.putin.ID, Start: 0, End: 5, Label: "ACTOR", Source: model.SourceDictionary}})
				}
				if err != nil {
					return err
				}
				rels, err := tx.Relations(ctx, p.doc, "alice")
				if err != nil {
					return err
				}
				if len(rels) != 1 || rels[0].From != p.erdogan.ID {
					t.Errorf("Relations in the transaction after %s = %+v, want Erdogan's only", how, rels)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rels := p.relations(t, "alice"); len(rels) != 1 || rels[0].From != p.erdogan.ID {
				t.Errorf("Relations after the commit = %+v, want Erdogan's only", rels)
			}
		})
	}
}

// A write transaction's relations, kept and sorted in Go, are in the
// order a read snapshot gives, also after a span moved.
func TestRelationOrderAgrees(t *testing.T) {
	ctx := context.Background()
	p := newRelProject(t)
	var inside []model.Relation
	err := p.db.Write(ctx, func(tx app.WriteTx) error {
		for _, r := range []model.Relation{
			{From: p.moscow.ID, To: p.putin.ID, Label: "ACTS_IN"},
			{From: p.putin.ID, To: p.moscow.ID, Label: "TARGETS"},
			{From: p.putin.ID, To: p.moscow.ID, Label: "ACTS_IN"},
			{From: p.dozens.ID, To: p.erdogan.ID, Label: "COUNTS"},
			{From: p.putin.ID, To: p.erdogan.ID, Label: "SAME_AS"},
		} {
			if _, err := tx.AddRelation(ctx, p.doc, "alice", r); err != nil {
				return err
			}
		}
		moved := p.dozens
		moved.Start, moved.End = 6, 9 // "met": now before Erdogan and Moscow
		if _, err := tx.UpdateSpan(ctx, moved); err != nil {
			return err
		}
		var err error
		inside, err = tx.Relations(ctx, p.doc, "alice")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	after := p.relations(t, "alice")
	if !reflect.DeepEqual(inside, after) {
		t.Errorf("in the transaction:\n%+v\nafter it:\n%+v", inside, after)
	}
	var order []string
	for _, r := range after {
		order = append(order, r.Label)
	}
	if got, want := strings.Join(order, " "), "SAME_AS ACTS_IN TARGETS COUNTS ACTS_IN"; got != want {
		t.Errorf("order = %s, want %s (Putin's by target, Erdogan then Moscow, and label; then the figure's, now at 6; then Moscow's)", got, want)
	}
}

// SetRelationLabels renames (the relations follow), swaps keys, adds,
// keeps the labels left out, and refuses what the contract names.
func TestSetRelationLabels(t *testing.T) {
	ctx := context.Background()
	p := newRelProject(t)
	if _, err := p.db.AddRelation(ctx, p.doc, "alice", model.Relation{From: p.putin.ID, To: p.moscow.ID, Label: "ACTS_IN"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.AddRelation(ctx, p.doc, "alice", model.Relation{From: p.moscow.ID, To: p.putin.ID, Label: "TARGETS"}); err != nil {
		t.Fatal(err)
	}
	defaults := model.DefaultRelationLabels()
	in := defaults[0]
	in.Name, in.Key = "LOCATED_IN", defaults[1].Key // takes TARGETS' key...
	targets := defaults[1]
	targets.Key = defaults[0].Key // ...which takes ACTS_IN's
	meets := model.RelationLabel{Label: model.Label{Name: "MEETS", Color: "#123456", Key: "m"}, Symmetric: true}
	if err := p.db.SetRelationLabels(ctx, map[string]string{"ACTS_IN": "LOCATED_IN"}, []model.RelationLabel{meets, in, targets}); err != nil {
		t.Fatal(err)
	}
	labels, err := p.db.RelationLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range labels {
		names = append(names, l.Name+":"+l.Key)
	}
	if got, want := strings.Join(names, " "), "MEETS:m LOCATED_IN:t TARGETS:i COUNTS:c SAME_AS:s"; got != want {
		t.Errorf("relation labels = %s, want %s", got, want)
	}
	if !labels[0].Symmetric {
		t.Error("MEETS lost its symmetry")
	}
	if rels := p.relations(t, "alice"); len(rels) != 2 || rels[0].Label != "LOCATED_IN" {
		t.Errorf("relations after the rename = %+v, want Putin's renamed LOCATED_IN", rels)
	}

	bothWays := targets
	bothWays.Symmetric = true
	if _, err := p.db.AddRelation(ctx, p.doc, "alice", model.Relation{From: p.putin.ID, To: p.moscow.ID, Label: "TARGETS"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		rename map[string]string
		labels []model.RelationLabel
		code   string
	}{
		{"unknown rename", map[string]string{"NOPE": "X"}, nil, model.ENOTFOUND},
		{"bad colour", nil, []model.RelationLabel{{Label: model.Label{Name: "X", Color: "red"}}}, model.EINVALID},
		{"same key", nil, []model.RelationLabel{{Label: model.Label{Name: "X", Color: "#000000", Key: "c"}}}, model.ECONFLICT},
		{"symmetric over both ways", nil, []model.RelationLabel{bothWays}, model.ECONFLICT},
	} {
		if err := p.db.SetRelationLabels(ctx, tc.rename, tc.labels); model.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want code %s", tc.name, err, tc.code)
		}
	}
	if again, _ := p.db.RelationLabels(ctx); !reflect.DeepEqual(again, labels) {
		t.Errorf("a refused change changed the labels to %+v", again)
	}
}

// The undo history on the project file: deleting spans with relations,
// one at a time or many at once, and undoing it, brings back the spans
// and relations with their IDs; each step is one transaction.
func TestUndoRestoresRelationsOnTheProjectFile(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"one", "batch", "DeleteSpans"} {
		t.Run(how, func(t *testing.T) {
			p := newRelProject(t)
			h := edit.NewHistory(p.db, 0)
			for _, r := range []model.Relation{
				{From: p.putin.ID, To: p.moscow.ID, Label: "ACTS_IN", Note: "the visit"},
				{From: p.dozens.ID, To: p.erdogan.ID, Label: "COUNTS"},
				{From: p.erdogan.ID, To: p.putin.ID, Label: "SAME_AS"},
			} {
				if err := h.Do(ctx, edit.AddRelation(p.doc, "alice", r, "", "")); err != nil {
					t.Fatal(err)
				}
			}
			before := p.relations(t, "alice")
			spansBefore, _ := p.db.Spans(ctx, p.doc, "alice")
			var cmd edit.Command
			switch how {
			case "one":
				cmd = edit.DeleteSpan(p.doc, "alice", p.putin, "Putin")
			case "batch":
				cmd = edit.Batch("delete", edit.DeleteSpan(p.doc, "alice", p.putin, "Putin"), edit.DeleteSpan(p.doc, "alice", p.erdogan, "Erdogan"))
			case "DeleteSpans":
				cmd = edit.DeleteSpans("alice", []model.LabeledSpan{{DocumentID: p.doc, Span: p.putin}, {DocumentID: p.doc, Span: p.erdogan}}, "remove")
			}
			if err := h.Do(ctx, cmd); err != nil {
				t.Fatal(err)
			}
			if rels := p.relations(t, "alice"); len(rels) >= len(before) {
				t.Fatalf("after the deletion the relations are %+v", rels)
			}
			if _, err := h.Undo(ctx); err != nil {
				t.Fatal(err)
			}
			after := p.relations(t, "alice")
			if len(after) != len(before) {
				t.Fatalf("after the undo: %+v, want %+v", after, before)
			}
			for i := range before {
				b, a := before[i], after[i]
				if a.ID != b.ID || a.From != b.From || a.To != b.To || a.Label != b.Label || a.Note != b.Note {
					t.Errorf("relation %d after the undo = %+v, want %+v", i, a, b)
				}
			}
			spansAfter, _ := p.db.Spans(ctx, p.doc, "alice")
			if len(spansAfter) != len(spansBefore) {
				t.Errorf("spans after the undo: %d, want %d", len(spansAfter), len(spansBefore))
			}
			if _, err := h.Redo(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := h.Undo(ctx); err != nil {
				t.Fatal(err)
			}
			if again := p.relations(t, "alice"); len(again) != len(before) {
				t.Errorf("after redo and undo again: %+v", again)
			}
		})
	}
}

// A project of schema 14, whose relations hung on their spans by foreign
// keys, keeps every relation through schema 15, where triggers do that
// work: the relations are there, deleting a span still takes its
// relations, and the rebuilt table refers to spans by no foreign key.
func TestMigrateRelationsToTriggers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v14.inkspan")
	old, err := storage.OpenAtSchema(ctx, path, 14)
	if err != nil {
		t.Fatal(err)
	}
	docID, _, err := old.AddDocument(ctx, model.Document{Text: relText})
	if err != nil {
		t.Fatal(err)
	}
	doc := model.Document{ID: docID}
	var spans []model.Span
	for _, s := range []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}, {Start: 21, End: 27, Label: "PLACE"}} {
		added, err := old.AddSpan(ctx, doc.ID, "alice", s)
		if err != nil {
			t.Fatal(err)
		}
		spans = append(spans, added)
	}
	for _, r := range []model.Relation{{From: spans[0].ID, To: spans[2].ID, Label: "ACTS_IN"}, {From: spans[1].ID, To: spans[2].ID, Label: "ACTS_IN"},
		{From: spans[0].ID, To: spans[1].ID, Label: "SAME_AS"}} {
		if _, err := old.AddRelation(ctx, doc.ID, "alice", r); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := len(mustRelations(t, db, doc.ID)); got != 3 {
		t.Fatalf("%d relations after the migration, want 3", got)
	}
	if err := db.DeleteSpan(ctx, spans[0].ID); err != nil {
		t.Fatal(err)
	}
	rels := mustRelations(t, db, doc.ID)
	if len(rels) != 1 || rels[0].From != spans[1].ID || rels[0].To != spans[2].ID {
		t.Fatalf("after deleting Putin the relations are %+v, want only Erdogan ACTS_IN Moscow", rels)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var ddl string
	if err := raw.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'relations'").Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ddl, "REFERENCES spans") {
		t.Errorf("the relations table still has foreign keys to spans:\n%s", ddl)
	}
}

func mustRelations(t *testing.T, db *storage.DB, doc string) []model.Relation {
	t.Helper()
	rels, err := db.Relations(context.Background(), doc, "alice")
	if err != nil {
		t.Fatal(err)
	}
	return rels
}
