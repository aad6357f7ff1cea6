package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// The merge's rules are tested black-box: app.Merge between real project
// files, each written through the import contract with explicit times
// (the clock of each copy), and read back through the merge's own source
// contract. The runs that need a project's stopped clock (edits made with
// the window's operations at a given hour) are in storage/merge_test.go.

// hour is a fixed moment plus h hours.
func hour(h int) time.Time {
	return time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
}

var (
	putin   = model.Span{Start: 0, End: 5, Label: "ACTOR"}
	erdogan = model.Span{Start: 10, End: 17, Label: "ACTOR"}
	moscow  = model.Span{Start: 21, End: 27, Label: "PLACE"}
)

// mergeFixture is a project file at path: example, with the document ID
// doc in every copy.
type mergeFixture struct {
	path string
	db   *storage.DB
}

const mergeDoc = "0190f5b2-0000-7000-8000-0000000000aa"

// newMergeProject makes a project holding example as mergeDoc, and runs
// fn in a unit of work on it.
func newMergeProject(t *testing.T, name string, fn func(ctx context.Context, tx app.MergeTx) error) mergeFixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), name)
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.MergeUnit(ctx, func(tx app.MergeTx) error {
		if _, err := tx.CopyDocument(ctx, model.Document{ID: mergeDoc, Text: example}, hour(0)); err != nil {
			return err
		}
		if fn == nil {
			return nil
		}
		return fn(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	return mergeFixture{path: path, db: db}
}

// putSet gives the annotator's set on mergeDoc spans and relations,
// changed at hour h.
func putSet(ctx context.Context, tx app.MergeTx, annotator string, h int, spans []model.Span, rels ...app.ImportRelation) error {
	_, _, err := tx.ReplaceSet(ctx, mergeDoc, annotator, app.ImportSet{Status: model.StatusDone, Created: hour(0), Updated: hour(h)}, spans, rels)
	return err
}

// snapshot reads every row of the project at path through the merge's
// source contract (as another project merging it would), so two
// snapshots are equal exactly when the projects hold the same content.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	reader, err := storage.Open(ctx, filepath.Join(t.TempDir(), "reader.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var b strings.Builder
	err = reader.MergeSource(path).MergeRead(ctx, func(tx app.MergeSourceTx) error {
		labels, err := tx.Labels(ctx)
		if err != nil {
			return err
		}
		rl, err := tx.RelationLabels(ctx)
		if err != nil {
			return err
		}
		people, err := tx.Annotators(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%+v\n%+v\n%+v\n", labels, rl, people)
		return tx.Documents(ctx, func(d app.DocumentHeader) error {
			sets, err := tx.Sets(ctx, d.ID)
			if err != nil {
				return err
			}
			who, when, _, err := tx.Review(ctx, d.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%+v review %s %v\n", d, who, when)
			for _, s := range sets {
				fmt.Fprintf(&b, "  %s %s %q %s %v %v %v\n", s.Annotator, s.Status, s.Note, s.Answer, s.Created, s.Updated, s.Spans)
				for _, r := range s.Relations {
					fmt.Fprintf(&b, "    %s %s->%s %s %q\n", r.ID, r.From, r.To, r.Label, r.Note)
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// relationsOf reads the annotator's relations on mergeDoc as
// "from->to/LABEL" by the spans' offsets.
func relationsOf(t *testing.T, db *storage.DB, annotator string) string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := db.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, mergeDoc, annotator)
		if err != nil {
			return err
		}
		rels, err := tx.Relations(ctx, mergeDoc, annotator)
		if err != nil {
			return err
		}
		at := map[string]int{}
		for _, s := range spans {
			at[s.ID] = s.Start
		}
		for _, r := range rels {
			out = append(out, fmt.Sprintf("%d->%d/%s", at[r.From], at[r.To], r.Label))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, " ")
}

func mustMergeApp(t *testing.T, dst *storage.DB, src string) app.MergeReport {
	t.Helper()
	r, err := app.Merge(context.Background(), dst, dst.MergeSource(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMergeRelations(t *testing.T) {
	ctx := context.Background()
	actsIn := func(from, to model.Span) app.ImportRelation {
		return app.ImportRelation{From: from, To: to, Label: "ACTS_IN"}
	}
	t.Run("AddedWithTheirLabels", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			// MEETS has the key of the target's TALKS.
			if err := tx.AddRelationLabel(ctx, model.RelationLabel{Label: model.Label{Name: "MEETS", Color: "#112233", Key: "m"}, Symmetric: true}); err != nil {
				return err
			}
			return putSet(ctx, tx, "alice", 1, []model.Span{putin, erdogan, moscow},
				actsIn(putin, moscow), app.ImportRelation{From: erdogan, To: putin, Label: "MEETS", Note: "in Moscow"})
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return tx.AddRelationLabel(ctx, model.RelationLabel{Label: model.Label{Name: "TALKS", Color: "#223344", Key: "m"}})
		})
		r := mustMergeApp(t, dst.db, src.path)
		if r.SetsAdded != 1 || r.SpansAdded != 3 || r.RelationsAdded != 2 || !slices.Equal(r.RelationLabelsAdded, []string{"MEETS"}) {
			t.Fatalf("report %+v", r)
		}
		if want := []app.DroppedKey{{Label: "MEETS", Key: "m", UsedBy: "TALKS"}}; !slices.Equal(r.RelationKeysDropped, want) {
			t.Fatalf("relation keys dropped %+v", r.RelationKeysDropped)
		}
		if got := relationsOf(t, dst.db, "alice"); got != "0->21/ACTS_IN 10->0/MEETS" {
			t.Fatalf("relations %q", got)
		}
		// The set keeps the source's time although relations were added.
		err := dst.db.MergeUnit(ctx, func(tx app.MergeTx) error {
			set, _, _, err := tx.Set(ctx, mergeDoc, "alice")
			if err == nil && !set.Updated.Equal(hour(1)) {
				t.Errorf("the merged set's time is %v, want %v", set.Updated, hour(1))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, dst.path)
		if r := mustMergeApp(t, dst.db, src.path); r.Changed() || r.SetsUnchanged != 1 || r.RelationsAdded != 0 {
			t.Fatalf("merged again: %+v", r)
		}
		if after := snapshot(t, dst.path); after != before {
			t.Fatalf("merging again changed the project:\n%s\nwas\n%s", after, before)
		}
	})
	t.Run("ReplacedTogetherWithSpans", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 2, []model.Span{putin, moscow}, actsIn(putin, moscow))
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{putin, erdogan, moscow}, actsIn(erdogan, moscow))
		})
		r := mustMergeApp(t, dst.db, src.path)
		if r.SetsReplaced != 1 || r.RelationsAdded != 1 || len(r.Conflicts) != 1 || !r.Conflicts[0].TookOther {
			t.Fatalf("report %+v", r)
		}
		if got := relationsOf(t, dst.db, "alice"); got != "0->21/ACTS_IN" {
			t.Fatalf("relations %q", got)
		}
	})
	t.Run("KeptWithTheSet", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{putin, moscow})
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 2, []model.Span{putin, moscow}, actsIn(putin, moscow))
		})
		r := mustMergeApp(t, dst.db, src.path)
		if r.SetsKept != 1 || r.Changed() {
			t.Fatalf("report %+v", r)
		}
		if got := relationsOf(t, dst.db, "alice"); got != "0->21/ACTS_IN" {
			t.Fatalf("relations %q: a kept set keeps its relations", got)
		}
	})
	t.Run("OnlyARelationDiffers", func(t *testing.T) {
		// The same spans, a relation more in the later copy: the sets
		// differ, and the later one wins.
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 2, []model.Span{putin, moscow}, actsIn(putin, moscow))
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{putin, moscow})
		})
		if r := mustMergeApp(t, dst.db, src.path); r.SetsReplaced != 1 || r.RelationsAdded != 1 {
			t.Fatalf("report %+v", r)
		}
		if got := relationsOf(t, dst.db, "alice"); got != "0->21/ACTS_IN" {
			t.Fatalf("relations %q", got)
		}
	})
	t.Run("SymmetryOfThisProjectKept", func(t *testing.T) {
		// NEAR is directed in the source, which holds it both ways round,
		// and symmetric here: one relation comes in, the label stays
		// symmetric, and merging again finds the set unchanged.
		near := func(symmetric bool) model.RelationLabel {
			return model.RelationLabel{Label: model.Label{Name: "NEAR", Color: "#445566", Key: "n"}, Symmetric: symmetric}
		}
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			if err := tx.AddRelationLabel(ctx, near(false)); err != nil {
				return err
			}
			return putSet(ctx, tx, "alice", 2, []model.Span{putin, moscow},
				app.ImportRelation{From: putin, To: moscow, Label: "NEAR"}, app.ImportRelation{From: moscow, To: putin, Label: "NEAR"})
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return tx.AddRelationLabel(ctx, near(true))
		})
		r := mustMergeApp(t, dst.db, src.path)
		if r.SetsAdded != 1 || r.RelationsAdded != 1 || !slices.Equal(r.SymmetryKept, []string{"NEAR"}) || len(r.RelationLabelsAdded) != 0 {
			t.Fatalf("report %+v", r)
		}
		labels, err := dst.db.RelationLabels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range labels {
			if l.Name == "NEAR" && !l.Symmetric {
				t.Fatal("NEAR lost this project's symmetry")
			}
		}
		if r := mustMergeApp(t, dst.db, src.path); r.Changed() || r.SetsUnchanged != 1 {
			t.Fatalf("merged again: %+v", r)
		}
	})
}

func TestMergeRules(t *testing.T) {
	ctx := context.Background()
	t.Run("TieKeepsThisProject", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{putin})
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{moscow})
		})
		r := mustMergeApp(t, dst.db, src.path)
		want := []app.MergeConflict{{DocumentID: mergeDoc, Title: example, Annotator: "alice", HereUpdated: hour(1), OtherUpdated: hour(1)}}
		if r.SetsKept != 1 || !slices.Equal(r.Conflicts, want) {
			t.Fatalf("report %+v", r)
		}
	})
	t.Run("GoldTravelsWithItsReview", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			if err := putSet(ctx, tx, model.GoldAnnotator, 2, []model.Span{putin}); err != nil {
				return err
			}
			return tx.PutReview(ctx, mergeDoc, "rita", hour(2))
		})
		dst := newMergeProject(t, "dst.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			if err := putSet(ctx, tx, model.GoldAnnotator, 1, []model.Span{moscow}); err != nil {
				return err
			}
			return tx.PutReview(ctx, mergeDoc, "tom", hour(1))
		})
		if r := mustMergeApp(t, dst.db, src.path); r.SetsReplaced != 1 {
			t.Fatalf("report %+v", r)
		}
		if rv, err := dst.db.Review(ctx, mergeDoc); err != nil || rv.Reviewer != "rita" || !rv.Updated.Equal(hour(2)) {
			t.Fatalf("review %+v, %v", rv, err)
		}
	})
	t.Run("ErrOverlapHereNotAllowed", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{putin, {Start: 0, End: 9, Label: "PLACE"}})
		})
		dst := newMergeProject(t, "dst.inkspan", nil)
		before := snapshot(t, dst.path)
		_, err := app.Merge(ctx, dst.db, dst.db.MergeSource(src.path), nil)
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), src.path) ||
			!strings.Contains(err.Error(), "overlap") || !strings.Contains(err.Error(), "alice") {
			t.Fatalf("err = %v", err)
		}
		if after := snapshot(t, dst.path); after != before {
			t.Fatalf("a failed merge changed the project:\n%s", after)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		src := newMergeProject(t, "src.inkspan", func(ctx context.Context, tx app.MergeTx) error {
			return putSet(ctx, tx, "alice", 1, []model.Span{putin})
		})
		dst := newMergeProject(t, "dst.inkspan", nil)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := app.Merge(cancelled, dst.db, dst.db.MergeSource(src.path), nil); err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Fatalf("err = %v", err)
		}
	})
}
