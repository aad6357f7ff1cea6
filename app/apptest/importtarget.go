package apptest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// ImportStore is a store an import fills (app.ImportTarget) and the suite
// reads back through the store contract.
type ImportStore interface {
	app.Store
	app.ImportTarget
}

// OpenImport is Open for an ImportStore: a new project holding Texts with
// the default labels, not allowing overlaps, and the documents' ids in
// the order of Texts.
type OpenImport func(t *testing.T) (store ImportStore, documentIDs []string)

// TestImportTarget checks every operation of app.ImportTx, each error
// code it documents, and the guarantees of ImportUnit: one timestamp,
// rollback on an error or a panic, a refused operation that changes
// nothing, writers that wait for one another, and cancelled contexts.
func TestImportTarget(t *testing.T, open OpenImport) {
	t.Run("Documents", func(t *testing.T) { testImportDocuments(t, open) })
	t.Run("Labels", func(t *testing.T) { testImportLabels(t, open) })
	t.Run("Overlap", func(t *testing.T) { testImportOverlap(t, open) })
	t.Run("Sets", func(t *testing.T) { testImportSets(t, open) })
	t.Run("SpansKept", func(t *testing.T) { testImportSpansKept(t, open) })
	t.Run("Suggestions", func(t *testing.T) { testImportSuggestions(t, open) })
	t.Run("Attributes", func(t *testing.T) { testImportAttributes(t, open) })
	t.Run("Relations", func(t *testing.T) { testImportRelations(t, open) })
	t.Run("Tokens", func(t *testing.T) { testImportTokens(t, open) })
	t.Run("Review", func(t *testing.T) { testImportReview(t, open) })
	t.Run("Errors", func(t *testing.T) { testImportErrors(t, open) })
	t.Run("Rollback", func(t *testing.T) { testImportRollback(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testImportConcurrency(t, open) })
	t.Run("Cancel", func(t *testing.T) { testImportCancel(t, open) })
}

// importUnit runs fn in a unit of work and fails t when it fails.
func importUnit(t *testing.T, st app.ImportTarget, fn func(ctx context.Context, tx app.ImportTx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.ImportUnit(ctx, func(tx app.ImportTx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("ImportUnit: %v", err)
	}
}

// wantCode fails t unless err has the model error code want.
func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil || model.ErrorCode(err) != want {
		t.Errorf("%s: %v, want %s", what, err, want)
	}
}

func testImportDocuments(t *testing.T, open OpenImport) {
	st, ids := open(t)
	const given = "0190f5b2-0000-7000-8000-0000000000d1"
	text := "Ankara and Moscow met in Sochi."
	var added, withID string
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		id, found, err := tx.DocumentByHash(ctx, model.ContentHash(Texts[1]))
		if err != nil || !found || id != ids[1] {
			t.Errorf("DocumentByHash of a stored text = %q, %v, %v; want %q", id, found, err, ids[1])
		}
		if id, found, err := tx.DocumentByHash(ctx, model.ContentHash(text)); err != nil || found || id != "" {
			t.Errorf("DocumentByHash of a new text = %q, %v, %v; want not found", id, found, err)
		}
		// No hash given: the store computes it.
		if added, err = tx.AddDocument(ctx, model.Document{ExternalID: "ext-1", Text: text, Meta: json.RawMessage(`{"source":"wire"}`)}); err != nil {
			return err
		}
		if added == "" {
			t.Error("AddDocument gave the document no ID")
		}
		// Sets on a document the unit added: a second PutSet of the same
		// annotator changes the set the first made.
		if _, err := tx.PutSet(ctx, added, "alice", app.ImportSet{Status: model.StatusInProgress},
			[]model.Span{{Start: 0, End: 6, Label: "ACTOR"}}); err != nil {
			return err
		}
		if _, err := tx.PutSet(ctx, added, "bob", app.ImportSet{Status: model.StatusSkipped}, nil); err != nil {
			return err
		}
		if _, err := tx.PutSet(ctx, added, "alice", app.ImportSet{Status: model.StatusDone},
			[]model.Span{{Start: 11, End: 17, Label: "PLACE"}}); err != nil {
			return err
		}
		if set, spans, found, err := tx.Set(ctx, added, "alice"); err != nil || !found || set.Status != model.StatusDone || len(spans) != 2 {
			t.Errorf("alice's set on the added document = %+v %v, %v, %v; want done with both spans", set, spans, found, err)
		}
		if set, _, found, err := tx.Set(ctx, added, "bob"); err != nil || !found || set.Status != model.StatusSkipped {
			t.Errorf("bob's set on the added document = %+v, %v, %v; want skipped", set, found, err)
		}
		// The document is found inside the unit that added it.
		if id, found, err := tx.DocumentByHash(ctx, model.ContentHash(text)); err != nil || !found || id != added {
			t.Errorf("DocumentByHash after AddDocument = %q, %v, %v; want %q", id, found, err, added)
		}
		second := "Geir Pedersen spoke in Geneva."
		if withID, err = tx.AddDocument(ctx, model.Document{ID: given, Text: second, Hash: model.ContentHash(second)}); err != nil {
			return err
		}
		if withID != given {
			t.Errorf("AddDocument with an ID = %q, want %q kept", withID, given)
		}
		return nil
	})
	err := st.Read(context.Background(), func(tx app.ReadTx) error {
		d, err := tx.Document(context.Background(), added)
		if err != nil {
			return err
		}
		if d.Text != text || d.ExternalID != "ext-1" || d.Hash != model.ContentHash(text) {
			t.Errorf("the added document reads %+v", d)
		}
		var meta map[string]string
		if err := json.Unmarshal(d.Meta, &meta); err != nil || meta["source"] != "wire" {
			t.Errorf("the added document's meta reads %s (%v)", d.Meta, err)
		}
		if d, err := tx.Document(context.Background(), given); err != nil || d.Text != "Geir Pedersen spoke in Geneva." {
			t.Errorf("the document added with an ID reads %+v, %v", d, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testImportLabels(t *testing.T, open OpenImport) {
	st, _ := open(t)
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		labels, err := tx.Labels(ctx)
		if err != nil {
			return err
		}
		if got, want := labelNames(labels), labelNames(model.DefaultLabels()); got != want {
			t.Errorf("Labels = %s, want the default labels %s", got, want)
		}
		event := model.NewLabel("EVENT", labels)
		if err := tx.AddLabel(ctx, event); err != nil {
			return err
		}
		labels, err = tx.Labels(ctx)
		if err != nil {
			return err
		}
		if got := labelNames(labels); got != "[ACTOR PLACE FIGURE EVENT]" {
			t.Errorf("Labels after AddLabel = %s, want EVENT last", got)
		}
		if last := labels[len(labels)-1]; last.Color != event.Color || last.Key != event.Key {
			t.Errorf("the added label reads %+v, want %+v", last, event)
		}
		// A span can have the new label in the same unit.
		_, err = tx.PutSet(ctx, mustDocument(ctx, t, tx, Texts[2]), "alice", app.ImportSet{Status: model.StatusDone},
			[]model.Span{{Start: 0, End: 2, Label: "EVENT"}})
		return err
	})
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		wantCode(t, "AddLabel with a taken name", tx.AddLabel(ctx, model.Label{Name: "ACTOR", Color: "#000000"}), model.ECONFLICT)
		wantCode(t, "AddLabel with a taken key", tx.AddLabel(ctx, model.Label{Name: "PERSON", Color: "#000000", Key: "1"}), model.ECONFLICT)
		wantCode(t, "AddLabel with no name", tx.AddLabel(ctx, model.Label{Color: "#000000"}), model.EINVALID)
		labels, err := tx.Labels(ctx)
		if err != nil {
			return err
		}
		if got := labelNames(labels); got != "[ACTOR PLACE FIGURE EVENT]" {
			t.Errorf("Labels after refused adds = %s, want them unchanged", got)
		}
		return nil
	})
}

func labelNames(labels []model.Label) string {
	var names []string
	for _, l := range labels {
		names = append(names, l.Name)
	}
	return fmt.Sprint(names)
}

// mustDocument is the ID of the stored document with text.
func mustDocument(ctx context.Context, t *testing.T, tx app.ImportTx, text string) string {
	t.Helper()
	id, found, err := tx.DocumentByHash(ctx, model.ContentHash(text))
	if err != nil || !found {
		t.Fatalf("DocumentByHash(%q) = %v, %v", text, found, err)
	}
	return id
}

func testImportOverlap(t *testing.T, open OpenImport) {
	st, ids := open(t)
	nested := []model.Span{{Start: 0, End: 17, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}}
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		if on, err := tx.AllowOverlap(ctx); err != nil || on {
			t.Errorf("AllowOverlap of a new project = %v, %v; want false", on, err)
		}
		if changed, err := tx.SetAllowOverlap(ctx, false); err != nil || changed {
			t.Errorf("SetAllowOverlap(false) when off = %v, %v; want unchanged", changed, err)
		}
		if changed, err := tx.SetAllowOverlap(ctx, true); err != nil || !changed {
			t.Errorf("SetAllowOverlap(true) when off = %v, %v; want changed", changed, err)
		}
		if on, err := tx.AllowOverlap(ctx); err != nil || !on {
			t.Errorf("AllowOverlap after turning it on = %v, %v; want true", on, err)
		}
		// PutSet leaves overlaps to the caller: both nested spans land.
		n, err := tx.PutSet(ctx, ids[0], "alice", app.ImportSet{Status: model.StatusDone}, nested)
		if err != nil || n != 2 {
			t.Errorf("PutSet of nested spans = %d, %v; want 2 added", n, err)
		}
		return nil
	})
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		_, err := tx.SetAllowOverlap(ctx, false)
		wantCode(t, "SetAllowOverlap(false) over overlapping spans", err, model.ECONFLICT)
		if on, err := tx.AllowOverlap(ctx); err != nil || !on {
			t.Errorf("AllowOverlap after a refused change = %v, %v; want still true", on, err)
		}
		return nil
	})
	err := st.Read(context.Background(), func(tx app.ReadTx) error {
		s, err := tx.Settings(context.Background())
		if err != nil || !s.AllowOverlap {
			t.Errorf("Settings after the units = %+v, %v; want overlaps allowed", s, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testImportSets(t *testing.T, open OpenImport) {
	st, ids := open(t)
	doc := ids[0]
	input, task := int64(-7), int64(42)
	putin := model.Span{Start: 0, End: 5, Label: "ACTOR", Note: "the president"}
	moscow := model.Span{Start: 21, End: 27, Label: "PLACE"}
	var first app.ImportSet
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		if _, spans, found, err := tx.Set(ctx, doc, "alice"); err != nil || found || len(spans) != 0 {
			t.Errorf("Set of an untouched document = %v, %v, %v; want not found", spans, found, err)
		}
		n, err := tx.PutSet(ctx, doc, "alice", app.ImportSet{Status: model.StatusDone, Note: "checked",
			Answer: "accept", InputHash: &input, TaskHash: &task}, []model.Span{moscow, putin})
		if err != nil {
			return err
		}
		if n != 2 {
			t.Errorf("PutSet added %d spans, want 2", n)
		}
		set, spans, found, err := tx.Set(ctx, doc, "alice")
		if err != nil || !found {
			t.Fatalf("Set after PutSet: %v, %v", found, err)
		}
		if set.Status != model.StatusDone || set.Note != "checked" || set.Answer != "accept" ||
			set.InputHash == nil || *set.InputHash != input || set.TaskHash == nil || *set.TaskHash != task {
			t.Errorf("Set = %+v, want what PutSet stored", set)
		}
		if set.Created.IsZero() || !set.Created.Equal(set.Updated) {
			t.Errorf("a new set made at %v, updated at %v; want the unit's time for both", set.Created, set.Updated)
		}
		if len(spans) != 2 || spans[0].Start != 0 || spans[1].Start != 21 {
			t.Fatalf("Set's spans = %+v, want Putin then Moscow (text order)", spans)
		}
		for _, s := range spans {
			if s.ID == "" || s.Origin != model.OriginImport || !s.Created.Equal(set.Created) || !s.Updated.Equal(set.Created) {
				t.Errorf("stored span %+v: want an ID, origin import and the unit's time", s)
			}
		}
		if spans[0].Note != "the president" {
			t.Errorf("span note = %q, want it kept", spans[0].Note)
		}
		first = set
		// A second annotator's set on the same document is apart.
		if _, err := tx.PutSet(ctx, doc, "bob", app.ImportSet{Status: model.StatusInProgress}, nil); err != nil {
			return err
		}
		if bob, spans, found, err := tx.Set(ctx, doc, "bob"); err != nil || !found || bob.Status != model.StatusInProgress || len(spans) != 0 {
			t.Errorf("bob's set = %+v %v, %v, %v; want in progress with no spans", bob, spans, found, err)
		}
		return nil
	})

	// A later unit updates the set: new fields, its created time kept, a
	// span it has already left out.
	time.Sleep(2 * time.Millisecond)
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		set, _, _, err := tx.Set(ctx, doc, "alice")
		if err != nil {
			return err
		}
		if !set.Created.Equal(first.Created) || !set.Updated.Equal(first.Updated) {
			t.Errorf("Set in a later unit = %v/%v, want the times stored %v/%v", set.Created, set.Updated, first.Created, first.Updated)
		}
		set.Status, set.Note, set.Answer, set.InputHash = model.StatusSkipped, "", "reject", nil
		set.Created, set.Updated = time.Time{}, time.Time{}
		erdogan := model.Span{Start: 10, End: 17, Label: "ACTOR"}
		n, err := tx.PutSet(ctx, doc, "alice", set, []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, erdogan})
		if err != nil {
			return err
		}
		if n != 1 {
			t.Errorf("PutSet with a span the set has added %d, want 1", n)
		}
		after, spans, _, err := tx.Set(ctx, doc, "alice")
		if err != nil {
			return err
		}
		if after.Status != model.StatusSkipped || after.Note != "" || after.Answer != "reject" || after.InputHash != nil ||
			after.TaskHash == nil || *after.TaskHash != task {
			t.Errorf("Set after an update = %+v", after)
		}
		if !after.Created.Equal(first.Created) || !after.Updated.After(first.Updated) {
			t.Errorf("updated set made %v, updated %v; want made %v, updated later than %v", after.Created, after.Updated, first.Created, first.Updated)
		}
		if len(spans) != 3 || spans[0].Note != "the president" {
			t.Errorf("spans after the update = %+v, want the 2 first and Erdogan", spans)
		}
		return nil
	})
	err := st.Read(context.Background(), func(tx app.ReadTx) error {
		ctx := context.Background()
		if s, err := tx.Status(ctx, doc, "alice"); err != nil || s != model.StatusSkipped {
			t.Errorf("Status read through the store = %q, %v; want skipped", s, err)
		}
		if spans, err := tx.Spans(ctx, doc, "alice"); err != nil || len(spans) != 3 {
			t.Errorf("Spans read through the store = %+v, %v; want 3", spans, err)
		}
		if s, err := tx.Status(ctx, doc, "bob"); err != nil || s != model.StatusInProgress {
			t.Errorf("bob's status read through the store = %q, %v; want in_progress", s, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testImportSpansKept checks what PutSet keeps of what it is given: a
// merge copies sets with their times and spans with their IDs, origins
// and times.
func testImportSpansKept(t *testing.T, open OpenImport) {
	st, ids := open(t)
	made := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	changed := made.Add(time.Hour)
	const spanID = "0190f5b2-0000-7000-8000-0000000000a1"
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		kept := model.Span{ID: spanID, Start: 0, End: 5, Label: "ACTOR", Origin: model.OriginManual, Created: made, Updated: changed}
		if _, err := tx.PutSet(ctx, ids[0], "alice", app.ImportSet{Status: model.StatusDone, Created: made, Updated: changed},
			[]model.Span{kept}); err != nil {
			return err
		}
		// The same ID on another set is taken: that span gets a new one.
		if _, err := tx.PutSet(ctx, ids[0], "bob", app.ImportSet{Status: model.StatusDone},
			[]model.Span{{ID: spanID, Start: 10, End: 17, Label: "ACTOR"}}); err != nil {
			return err
		}
		set, spans, _, err := tx.Set(ctx, ids[0], "alice")
		if err != nil {
			return err
		}
		if !set.Created.Equal(made) || !set.Updated.Equal(changed) {
			t.Errorf("set times = %v/%v, want the given %v/%v", set.Created, set.Updated, made, changed)
		}
		if len(spans) != 1 || spans[0].ID != spanID || spans[0].Origin != model.OriginManual ||
			!spans[0].Created.Equal(made) || !spans[0].Updated.Equal(changed) {
			t.Errorf("kept span = %+v, want its ID, origin and times", spans)
		}
		_, bob, _, err := tx.Set(ctx, ids[0], "bob")
		if err != nil {
			return err
		}
		if len(bob) != 1 || bob[0].ID == spanID || bob[0].ID == "" {
			t.Errorf("a span with a taken ID = %+v, want a new ID", bob)
		}
		return nil
	})
}

func testImportSuggestions(t *testing.T, open OpenImport) {
	st, ids := open(t)
	doc := ids[0]
	proposed := []model.Span{{Start: 41, End: 47, Label: "FIGURE"}, {Start: 63, End: 68, Label: "PLACE"}}
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		n, err := tx.AddSuggestions(ctx, doc, "carol", proposed)
		if err != nil || n != 2 {
			t.Errorf("AddSuggestions = %d, %v; want 2 added", n, err)
		}
		// Again, with one more: only that one is new.
		n, err = tx.AddSuggestions(ctx, doc, "carol", append(proposed, model.Span{Start: 21, End: 27, Label: "PLACE"}))
		if err != nil || n != 1 {
			t.Errorf("AddSuggestions of ones there = %d, %v; want 1 added", n, err)
		}
		return nil
	})
	err := st.Read(context.Background(), func(tx app.ReadTx) error {
		got, err := tx.Suggestions(context.Background(), doc, "carol")
		if err != nil {
			return err
		}
		if len(got) != 3 {
			t.Fatalf("Suggestions = %+v, want 3", got)
		}
		for _, s := range got {
			if s.Source != model.SourceImport || s.ID == "" {
				t.Errorf("suggestion %+v: want source import and an ID", s)
			}
		}
		if got[0].Start != 21 || got[1].Start != 41 || got[2].Start != 63 {
			t.Errorf("Suggestions = %+v, want Moscow, Dozens, Idlib", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testImportErrors checks every refusal of ImportTx, and that a refused
// operation changes nothing while the unit goes on and commits.
func testImportErrors(t *testing.T, open OpenImport) {
	st, ids := open(t)
	doc := ids[1]
	const unknown = "0190f5b2-0000-7000-8000-00000000dead"
	ok := app.ImportSet{Status: model.StatusDone}
	good := []model.Span{{Start: 0, End: 5, Label: "FIGURE"}}
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		_, err := tx.AddDocument(ctx, model.Document{Text: ""})
		wantCode(t, "AddDocument with no text", err, model.EINVALID)
		_, err = tx.AddDocument(ctx, model.Document{Text: "bad \xff bytes"})
		wantCode(t, "AddDocument with invalid UTF-8", err, model.EINVALID)
		_, err = tx.AddDocument(ctx, model.Document{Text: "A new text.", Meta: json.RawMessage(`[1]`)})
		wantCode(t, "AddDocument with meta not an object", err, model.EINVALID)
		_, err = tx.AddDocument(ctx, model.Document{Text: Texts[1]})
		wantCode(t, "AddDocument of a stored text", err, model.ECONFLICT)
		_, err = tx.AddDocument(ctx, model.Document{ID: ids[2], Text: "A text under a taken ID."})
		wantCode(t, "AddDocument with a taken ID", err, model.ECONFLICT)

		_, _, _, err = tx.Set(ctx, unknown, "alice")
		wantCode(t, "Set of an unknown document", err, model.ENOTFOUND)
		_, err = tx.PutSet(ctx, unknown, "alice", ok, good)
		wantCode(t, "PutSet on an unknown document", err, model.ENOTFOUND)
		_, err = tx.AddSuggestions(ctx, unknown, "alice", good)
		wantCode(t, "AddSuggestions on an unknown document", err, model.ENOTFOUND)

		for _, c := range []struct {
			what      string
			annotator string
			set       app.ImportSet
			spans     []model.Span
		}{
			{"an empty annotator name", "", ok, good},
			{"a status outside the model's", "alice", app.ImportSet{Status: "finished"}, good},
			{"an answer outside Prodigy's", "alice", app.ImportSet{Status: model.StatusDone, Answer: "maybe"}, good},
			{"a span past the text", "alice", ok, []model.Span{{Start: 0, End: 500, Label: "ACTOR"}}},
			{"an inverted span", "alice", ok, []model.Span{{Start: 5, End: 2, Label: "ACTOR"}}},
			{"a label the project lacks", "alice", ok, append([]model.Span{{Start: 6, End: 9, Label: "ACTOR"}}, model.Span{Start: 0, End: 5, Label: "EVENT"})},
			{"an unknown origin", "alice", ok, []model.Span{{Start: 0, End: 5, Label: "ACTOR", Origin: "guess"}}},
		} {
			_, err := tx.PutSet(ctx, doc, c.annotator, c.set, c.spans)
			wantCode(t, "PutSet with "+c.what, err, model.EINVALID)
		}
		_, err = tx.AddSuggestions(ctx, doc, "", good)
		wantCode(t, "AddSuggestions with an empty annotator name", err, model.EINVALID)
		_, err = tx.AddSuggestions(ctx, doc, "alice", []model.Span{{Start: 0, End: 500, Label: "ACTOR"}})
		wantCode(t, "AddSuggestions of a span past the text", err, model.EINVALID)
		_, err = tx.AddSuggestions(ctx, doc, "alice", []model.Span{{Start: 0, End: 5, Label: "EVENT"}})
		wantCode(t, "AddSuggestions with a label the project lacks", err, model.EINVALID)

		// Nothing of the refusals is there, inside the unit.
		if _, spans, found, err := tx.Set(ctx, doc, "alice"); err != nil || found || len(spans) != 0 {
			t.Errorf("after refused PutSets: set found %v, spans %v, %v; want none", found, spans, err)
		}
		if id, found, err := tx.DocumentByHash(ctx, model.ContentHash("A new text.")); err != nil || found {
			t.Errorf("after a refused AddDocument: found %q, %v; want nothing", id, err)
		}
		// The unit goes on after refusals and commits.
		_, err = tx.PutSet(ctx, doc, "alice", ok, good)
		return err
	})
	err := st.Read(context.Background(), func(tx app.ReadTx) error {
		ctx := context.Background()
		if spans, err := tx.Spans(ctx, doc, "alice"); err != nil || len(spans) != 1 {
			t.Errorf("after the unit: spans %+v, %v; want the one good span", spans, err)
		}
		if s, err := tx.Suggestions(ctx, doc, "alice"); err != nil || len(s) != 0 {
			t.Errorf("after refused AddSuggestions: %+v, %v; want none", s, err)
		}
		if _, err := tx.Document(ctx, ids[2]); err != nil {
			t.Errorf("the document whose ID a refused add wanted: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testImportRollback(t *testing.T, open OpenImport) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[1]
	text := "A document the rollback takes back."
	stop := errors.New("stop")
	write := func(tx app.ImportTx) error {
		if _, err := tx.AddDocument(ctx, model.Document{Text: text}); err != nil {
			return err
		}
		if err := tx.AddLabel(ctx, model.Label{Name: "EVENT", Color: "#123456"}); err != nil {
			return err
		}
		if _, err := tx.SetAllowOverlap(ctx, true); err != nil {
			return err
		}
		if _, err := tx.AddSuggestions(ctx, doc, "alice", []model.Span{{Start: 0, End: 5, Label: "EVENT"}}); err != nil {
			return err
		}
		_, err := tx.PutSet(ctx, doc, "alice", app.ImportSet{Status: model.StatusDone, Note: "half done"},
			[]model.Span{{Start: 0, End: 18, Label: "FIGURE"}})
		return err
	}
	if err := st.ImportUnit(ctx, func(tx app.ImportTx) error {
		if err := write(tx); err != nil {
			return err
		}
		return stop
	}); !errors.Is(err, stop) {
		t.Fatalf("ImportUnit returned %v, want fn's error", err)
	}
	mustBeAsNew(t, st, doc, text)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a panic inside ImportUnit did not reach the caller")
			}
		}()
		_ = st.ImportUnit(ctx, func(tx app.ImportTx) error {
			if err := write(tx); err != nil {
				return err
			}
			panic("a bug in the import")
		})
	}()
	mustBeAsNew(t, st, doc, text)
	// The store still works after both.
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error { return write(tx) })
}

// mustBeAsNew fails t unless the project is as open made it: text not
// stored, alice untouched on doc, the default labels, overlaps refused.
func mustBeAsNew(t *testing.T, st ImportStore, doc, text string) {
	t.Helper()
	mustBeUntouched(t, st, doc, "alice")
	ctx := context.Background()
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		if _, found, err := tx.DocumentByHash(ctx, model.ContentHash(text)); err != nil || found {
			t.Errorf("after a rollback: the added document found %v, %v", found, err)
		}
		labels, err := tx.Labels(ctx)
		if err != nil {
			return err
		}
		if got, want := labelNames(labels), labelNames(model.DefaultLabels()); got != want {
			t.Errorf("after a rollback: labels %s, want %s", got, want)
		}
		if on, err := tx.AllowOverlap(ctx); err != nil || on {
			t.Errorf("after a rollback: AllowOverlap = %v, %v; want false", on, err)
		}
		return nil
	})
	err := st.Read(ctx, func(tx app.ReadTx) error {
		s, err := tx.Suggestions(ctx, doc, "alice")
		if err == nil && len(s) != 0 {
			t.Errorf("after a rollback: suggestions %+v, want none", s)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testImportConcurrency runs two import units at once: the second waits
// for the first instead of failing, and both land.
func testImportConcurrency(t *testing.T, open OpenImport) {
	ctx := context.Background()
	st, ids := open(t)
	started := make(chan struct{})
	var once sync.Once
	begun := func() { once.Do(func() { close(started) }) }
	release := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer begun() // a failing first writer must not leave the test waiting
		errs[0] = st.ImportUnit(ctx, func(tx app.ImportTx) error {
			_, err := tx.PutSet(ctx, ids[0], "alice", app.ImportSet{Status: model.StatusDone},
				[]model.Span{{Start: 0, End: 5, Label: "ACTOR"}})
			begun()
			if err != nil {
				return err
			}
			<-release
			return nil
		})
	}()
	<-started
	wg.Add(1)
	go func() {
		defer wg.Done()
		errs[1] = st.ImportUnit(ctx, func(tx app.ImportTx) error {
			_, err := tx.PutSet(ctx, ids[1], "bob", app.ImportSet{Status: model.StatusDone},
				[]model.Span{{Start: 0, End: 5, Label: "FIGURE"}})
			return err
		})
	}()
	time.Sleep(50 * time.Millisecond) // let the second writer reach the wait
	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i+1, err)
		}
	}
	err := st.Read(ctx, func(tx app.ReadTx) error {
		a, err := tx.Spans(ctx, ids[0], "alice")
		if err != nil {
			return err
		}
		b, err := tx.Spans(ctx, ids[1], "bob")
		if err != nil {
			return err
		}
		if len(a) != 1 || len(b) != 1 {
			t.Errorf("after two writers: alice %v, bob %v; want one span each", a, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testImportCancel(t *testing.T, open OpenImport) {
	st, ids := open(t)
	doc := ids[2]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := st.ImportUnit(ctx, func(app.ImportTx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("ImportUnit with a cancelled context: %v, want context.Canceled", err)
	}
	if ran {
		t.Error("an import unit ran on a cancelled context")
	}

	ctx, cancel = context.WithCancel(context.Background())
	err := st.ImportUnit(ctx, func(tx app.ImportTx) error {
		if _, err := tx.PutSet(ctx, doc, "alice", app.ImportSet{Status: model.StatusDone},
			[]model.Span{{Start: 0, End: 2, Label: "ACTOR"}}); err != nil {
			return err
		}
		cancel() // the user closed the import dialog mid-way
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ImportUnit cancelled during fn: %v, want context.Canceled", err)
	}
	mustBeUntouched(t, st, doc, "alice")
}

// testImportReview checks PutReview: who last changed a document's gold
// version (an imported review's reviewer), at the unit's time when none
// is given, and its refusals.
func testImportReview(t *testing.T, open OpenImport) {
	st, ids := open(t)
	ctx := context.Background()
	review := func() model.Review {
		var rv model.Review
		if err := st.Read(ctx, func(tx app.ReadTx) (err error) { rv, err = tx.Review(ctx, ids[0]); return err }); err != nil {
			t.Fatal(err)
		}
		return rv
	}
	before := time.Now().Add(-time.Second)
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		return tx.PutReview(ctx, ids[0], "rita", time.Time{})
	})
	if rv := review(); rv.Reviewer != "rita" || rv.Updated.Before(before) {
		t.Errorf("after PutReview at the unit's time the review is %+v", rv)
	}
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		wantCode(t, "PutReview on an unknown document", tx.PutReview(ctx, "0190f5b2-0000-7000-8000-00000000dead", "rita", time.Time{}), model.ENOTFOUND)
		wantCode(t, "PutReview by gold", tx.PutReview(ctx, ids[0], model.GoldAnnotator, time.Time{}), model.EINVALID)
		return tx.PutReview(ctx, ids[0], "", time.Time{})
	})
	if rv := review(); rv.Reviewer != "" {
		t.Errorf("after PutReview of nobody the review is %+v", rv)
	}
}
