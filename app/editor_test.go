package app_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage"
)

// countingStore counts the units of work the use cases start.
type countingStore struct {
	app.Store
	reads, writes atomic.Int32
}

func (c *countingStore) Read(ctx context.Context, fn func(app.ReadTx) error) error {
	c.reads.Add(1)
	return c.Store.Read(ctx, fn)
}

func (c *countingStore) Write(ctx context.Context, fn func(app.WriteTx) error) error {
	c.writes.Add(1)
	return c.Store.Write(ctx, fn)
}

func (c *countingStore) reset() { c.reads.Store(0); c.writes.Store(0) }

// mustProject opens a new project file holding texts.
func mustProject(t testing.TB, texts ...string) (*storage.DB, []string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ids := make([]string, len(texts))
	for i, text := range texts {
		if ids[i], _, err = db.AddDocument(ctx, model.Document{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	return db, ids
}

const idlib = "Ankara and Moscow met in Idlib. Ankara sent 34 soldiers."

// A label key, its undo and its redo are one write transaction each, and
// what the window redraws comes from it: no reads after.
func TestEditorStepIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib, "Close to a million people fled.")
	st := &countingStore{Store: db}
	e := app.NewEditor(st)
	anna := app.Layer{Person: "anna"}

	add := edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, "Ankara")
	state, err := e.Do(ctx, ids[0], anna, add)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := [2]int32{st.reads.Load(), st.writes.Load()}, [2]int32{0, 1}; got != want {
		t.Errorf("a label key made %d reads and %d writes, want %d and %d", got[0], got[1], want[0], want[1])
	}
	if len(state.Spans) != 1 || state.Spans[0].Label != "PLACE" || state.Status != model.StatusInProgress {
		t.Errorf("state after the key: %+v, want the span and in_progress", state)
	}

	st.reset()
	cmd, state, err := e.Undo(ctx, ids[0], anna)
	if err != nil || cmd == nil {
		t.Fatalf("Undo = %v, %v", cmd, err)
	}
	if got := st.writes.Load() + st.reads.Load(); got != 1 {
		t.Errorf("undo took %d units of work, want 1", got)
	}
	if len(state.Spans) != 0 || state.Status != model.StatusTodo {
		t.Errorf("state after undo: %+v, want no spans and todo", state)
	}

	st.reset()
	if _, state, err = e.Redo(ctx, ids[0], anna); err != nil {
		t.Fatal(err)
	}
	if got := st.writes.Load() + st.reads.Load(); got != 1 {
		t.Errorf("redo took %d units of work, want 1", got)
	}
	if len(state.Spans) != 1 {
		t.Errorf("state after redo: %+v", state)
	}

	// Label all in the document: many spans, one step, one transaction.
	st.reset()
	var cmds []edit.Command
	for _, at := range []int{10, 25} { // "Moscow", "Idlib"
		end := at + 6
		if at == 25 {
			end = 30
		}
		cmds = append(cmds, edit.AddSpan(ids[0], "anna", model.Span{Start: at, End: end, Label: "PLACE"}, ""))
	}
	cmds = append(cmds, edit.SetStatus(ids[0], "anna", model.StatusInProgress, model.StatusDone))
	if state, err = e.Do(ctx, ids[0], anna, edit.Batch("label all", cmds...)); err != nil {
		t.Fatal(err)
	}
	if got := st.writes.Load() + st.reads.Load(); got != 1 {
		t.Errorf("a batch took %d units of work, want 1", got)
	}
	if len(state.Spans) != 3 || state.Status != model.StatusDone || state.Finished != 1 {
		t.Errorf("state after the batch: %d spans, %s, %d finished; want 3, done, 1", len(state.Spans), state.Status, state.Finished)
	}
}

// Marking a document done is one transaction that also says where to go
// on.
func TestEditorFinish(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib, "Close to a million people fled.", "Dozens were killed.")
	st := &countingStore{Store: db}
	e := app.NewEditor(st)
	anna := app.Layer{Person: "anna"}
	state, next, err := e.Finish(ctx, ids[0], anna, edit.SetStatus(ids[0], "anna", model.StatusTodo, model.StatusDone))
	if err != nil {
		t.Fatal(err)
	}
	if st.writes.Load() != 1 || st.reads.Load() != 0 {
		t.Errorf("marking done made %d writes and %d reads, want 1 and 0", st.writes.Load(), st.reads.Load())
	}
	if state.Status != model.StatusDone || state.Finished != 1 || next != ids[1] {
		t.Errorf("after done: %s, %d finished, next %q; want done, 1, %q", state.Status, state.Finished, next, ids[1])
	}
	if _, next, _ = e.Finish(ctx, ids[2], anna, edit.SetStatus(ids[2], "anna", model.StatusTodo, model.StatusSkipped)); next != ids[1] {
		t.Errorf("next after the last = %q, want the unfinished %q", next, ids[1])
	}
}

// A refused step changes nothing: not the project, not the history.
func TestEditorRefusalChangesNothing(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	e := app.NewEditor(db)
	anna := app.Layer{Person: "anna"}
	if _, err := e.Do(ctx, ids[0], anna, edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, "Ankara")); err != nil {
		t.Fatal(err)
	}
	overlap := edit.Batch("two",
		edit.AddSpan(ids[0], "anna", model.Span{Start: 10, End: 16, Label: "PLACE"}, "Moscow"),
		edit.AddSpan(ids[0], "anna", model.Span{Start: 3, End: 9, Label: "ACTOR"}, "ara an"))
	_, err := e.Do(ctx, ids[0], anna, overlap)
	var refusal *model.SpanRefusal
	if !errors.As(err, &refusal) || model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("an overlapping step: %v, want a span refusal (EINVALID)", err)
	}
	spans, _ := db.Spans(ctx, ids[0], "anna")
	if len(spans) != 1 {
		t.Errorf("%d spans after a refused step, want the 1 before it", len(spans))
	}
	if got := e.History().UndoDescription(); !strings.Contains(got, "Ankara") {
		t.Errorf("the newest step is %q, want the one before the refusal", got)
	}
}

// A reviewer's change to gold records them in the same transaction, and
// the state says so.
func TestEditorRecordsTheReviewer(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := &countingStore{Store: db}
	e := app.NewEditor(st)
	rita := app.Layer{Person: "rita", Reviewing: true}
	add := edit.AddSpan(ids[0], model.GoldAnnotator, model.Span{Start: 0, End: 6, Label: "PLACE"}, "Ankara")
	state, err := e.Do(ctx, ids[0], rita, add)
	if err != nil {
		t.Fatal(err)
	}
	if st.writes.Load() != 1 || st.reads.Load() != 0 {
		t.Errorf("a gold change made %d writes and %d reads, want 1 and 0", st.writes.Load(), st.reads.Load())
	}
	if state.Review.Reviewer != "rita" || state.Review.Status != model.ReviewInReview {
		t.Errorf("review after the change: %+v, want rita, in review", state.Review)
	}
	if gold, _ := db.Spans(ctx, ids[0], model.GoldAnnotator); len(gold) != 1 {
		t.Errorf("gold has %d spans, want 1", len(gold))
	}
}

// Opening a document reads everything the window shows in one unit of
// work: the annotator's view, and the reviewer's.
func TestOpenDocument(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	if _, err := db.AddSpan(ctx, ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetNote(ctx, ids[0], "anna", "two cities"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRejected(ctx, ids[0], model.Span{Start: 0, End: 6, Label: "PLACE"}, true); err != nil {
		t.Fatal(err)
	}
	st := &countingStore{Store: db}
	o, err := app.OpenDocument(ctx, st, ids[0], app.Layer{Person: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	if st.reads.Load() != 1 || st.writes.Load() != 0 {
		t.Errorf("opening took %d reads and %d writes, want one read", st.reads.Load(), st.writes.Load())
	}
	if o.Document.Text != idlib || len(o.Spans) != 1 || o.Status != model.StatusInProgress || o.Note != "two cities" {
		t.Errorf("opened: %q, %d spans, %s, note %q", o.Document.Text, len(o.Spans), o.Status, o.Note)
	}
	if o.People != nil || o.Rejected != nil {
		t.Errorf("an annotator's view has review data: %v %v", o.People, o.Rejected)
	}

	o, err = app.OpenDocument(ctx, st, ids[0], app.Layer{Person: "rita", Reviewing: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.People["anna"]) != 1 || len(o.Rejected) != 1 || len(o.Spans) != 0 || o.Review.Status != model.ReviewUnreviewed {
		t.Errorf("reviewer's view: people %v, rejected %v, gold %v, review %+v", o.People, o.Rejected, o.Spans, o.Review)
	}

	if _, err := app.OpenDocument(ctx, st, "0190f5b2-0000-7000-8000-0000000000ff", app.Layer{Person: "anna"}); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("opening an unknown document: %v, want ENOTFOUND", err)
	}
}

// rejectProposal is a command made outside model/edit, as the window's
// review makes one, that changes the project only through its store.
type rejectProposal struct {
	doc  string
	span model.Span
}

func (c rejectProposal) apply(ctx context.Context, st edit.Store, rejected bool) error {
	return st.(app.WriteTx).SetRejected(ctx, c.doc, c.span, rejected)
}
func (c rejectProposal) Do(ctx context.Context, st edit.Store) error { return c.apply(ctx, st, true) }
func (c rejectProposal) Undo(ctx context.Context, st edit.Store) error {
	return c.apply(ctx, st, false)
}
func (c rejectProposal) Describe() string     { return "reject" }
func (c rejectProposal) ChangesOnlyItsStore() {}

// Marking a document reviewed with its open proposals rejected is one
// transaction, and so is its undo.
func TestEditorRunsContainedCommandsInTheStep(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := &countingStore{Store: db}
	e := app.NewEditor(st)
	rita := app.Layer{Person: "rita", Reviewing: true}
	step := edit.Batch("mark reviewed, rejecting 1 open proposal",
		edit.SetStatus(ids[0], model.GoldAnnotator, "", model.StatusDone),
		rejectProposal{doc: ids[0], span: model.Span{Start: 10, End: 16, Label: "ACTOR"}})
	state, next, err := e.Finish(ctx, ids[0], rita, step)
	if err != nil {
		t.Fatal(err)
	}
	if st.writes.Load() != 1 || st.reads.Load() != 0 {
		t.Errorf("marking reviewed made %d writes and %d reads, want 1 and 0", st.writes.Load(), st.reads.Load())
	}
	if state.Review.Status != model.ReviewReviewed || state.Review.Reviewer != "rita" || next != "" {
		t.Errorf("after: review %+v, next %q; want reviewed by rita, nothing next", state.Review, next)
	}
	if r, _ := db.Rejections(ctx, ids[0]); len(r) != 1 {
		t.Errorf("%d rejections, want 1", len(r))
	}
	st.reset()
	if _, _, err := e.Undo(ctx, ids[0], rita); err != nil {
		t.Fatal(err)
	}
	if st.writes.Load() != 1 || st.reads.Load() != 0 {
		t.Errorf("its undo made %d writes and %d reads, want 1 and 0", st.writes.Load(), st.reads.Load())
	}
	if r, _ := db.Rejections(ctx, ids[0]); len(r) != 0 {
		t.Errorf("%d rejections after undo, want none", len(r))
	}
}

// Label all finds its occurrences and adds them in one write transaction,
// so no other writer can come between what it found and what it adds; its
// undo and redo are one transaction each too.
func TestEditorLabelAllIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib, "Close to a million people fled.", "Ankara denied it.")
	st := &countingStore{Store: db}
	e := app.NewEditor(st)
	anna := app.Layer{Person: "anna"}
	cmd := app.LabelAll("anna", "Ankara", "PLACE", "")
	state, err := e.Do(ctx, ids[0], anna, cmd)
	if err != nil {
		t.Fatal(err)
	}
	if st.writes.Load() != 1 || st.reads.Load() != 0 {
		t.Errorf("label all made %d writes and %d reads, want 1 and 0", st.writes.Load(), st.reads.Load())
	}
	if got := len(cmd.Changed()); got != 3 {
		t.Errorf("label all changed %d spans, want the 3 occurrences of Ankara", got)
	}
	if len(state.Spans) != 2 || state.Status != model.StatusInProgress {
		t.Errorf("the open document after label all: %d spans, %s; want 2, in progress", len(state.Spans), state.Status)
	}
	for _, op := range []struct {
		name  string
		run   func() (edit.Command, app.State, error)
		spans int
	}{
		{"undo", func() (edit.Command, app.State, error) { return e.Undo(ctx, ids[0], anna) }, 0},
		{"redo", func() (edit.Command, app.State, error) { return e.Redo(ctx, ids[0], anna) }, 2},
	} {
		st.reset()
		_, state, err := op.run()
		if err != nil {
			t.Fatal(op.name, err)
		}
		if st.writes.Load() != 1 || st.reads.Load() != 0 {
			t.Errorf("%s made %d writes and %d reads, want 1 and 0", op.name, st.writes.Load(), st.reads.Load())
		}
		if len(state.Spans) != op.spans {
			t.Errorf("after %s the open document has %d spans, want %d", op.name, len(state.Spans), op.spans)
		}
		if third, _ := db.Spans(ctx, ids[2], "anna"); len(third) != op.spans/2 {
			t.Errorf("after %s the third document has %d spans, want %d", op.name, len(third), op.spans/2)
		}
	}
}

// A relation made in the window is one write transaction, and the state
// the window redraws from holds it; deleting one of its spans, undone,
// brings both back in one transaction too. Opening the document reads
// the relations in its one snapshot.
func TestEditorRelationStep(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	doc := ids[0]
	ankara, err := db.AddSpan(ctx, doc, "anna", model.Span{Start: 0, End: 6, Label: "ACTOR"})
	if err != nil {
		t.Fatal(err)
	}
	idlibSpan, err := db.AddSpan(ctx, doc, "anna", model.Span{Start: 25, End: 30, Label: "PLACE"})
	if err != nil {
		t.Fatal(err)
	}
	st := &countingStore{Store: db}
	e := app.NewEditor(st)
	anna := app.Layer{Person: "anna"}
	rel := model.Relation{From: ankara.ID, To: idlibSpan.ID, Label: "ACTS_IN", Note: "troops"}
	state, err := e.Do(ctx, doc, anna, edit.AddRelation(doc, "anna", rel, "Ankara", "Idlib"))
	if err != nil {
		t.Fatal(err)
	}
	if got := [2]int32{st.reads.Load(), st.writes.Load()}; got != [2]int32{0, 1} {
		t.Errorf("adding a relation made %d reads and %d writes, want one write", got[0], got[1])
	}
	if len(state.Relations) != 1 || state.Relations[0].From != ankara.ID || state.Relations[0].To != idlibSpan.ID ||
		state.Relations[0].Label != "ACTS_IN" || state.Relations[0].Note != "troops" || state.Relations[0].ID == "" {
		t.Fatalf("state after adding the relation: %+v", state.Relations)
	}
	made := state.Relations[0]

	st.reset()
	if state, err = e.Do(ctx, doc, anna, edit.DeleteSpan(doc, "anna", ankara, "Ankara")); err != nil {
		t.Fatal(err)
	}
	if len(state.Relations) != 0 || len(state.Spans) != 1 {
		t.Errorf("after deleting Ankara: %d spans, relations %+v; want 1 span, none", len(state.Spans), state.Relations)
	}
	if _, state, err = e.Undo(ctx, doc, anna); err != nil {
		t.Fatal(err)
	}
	if got := st.writes.Load() + st.reads.Load(); got != 2 {
		t.Errorf("the deletion and its undo took %d units of work, want 2", got)
	}
	if len(state.Relations) != 1 || state.Relations[0].ID != made.ID || state.Relations[0].Note != "troops" || len(state.Spans) != 2 {
		t.Errorf("after the undo: %d spans, relations %+v; want both spans and the relation %s", len(state.Spans), state.Relations, made.ID)
	}

	st.reset()
	o, err := app.OpenDocument(ctx, st, doc, anna)
	if err != nil {
		t.Fatal(err)
	}
	if st.reads.Load() != 1 || st.writes.Load() != 0 {
		t.Errorf("opening took %d reads and %d writes, want one read", st.reads.Load(), st.writes.Load())
	}
	if len(o.Relations) != 1 || o.Relations[0] != state.Relations[0] {
		t.Errorf("opened relations = %+v, want %+v", o.Relations, state.Relations)
	}
	start, err := app.OpenProject(ctx, st, anna)
	if err != nil || len(start.RelationLabels) != len(model.DefaultRelationLabels()) {
		t.Errorf("OpenProject's relation labels = %+v, %v; want the defaults", start.RelationLabels, err)
	}
}

// foreign is a command of another package that is not edit.Contained: the
// history runs a step holding it call by call.
type foreign struct{}

func (foreign) Do(context.Context, edit.Store) error   { return nil }
func (foreign) Undo(context.Context, edit.Store) error { return nil }
func (foreign) Describe() string                       { return "foreign" }

// A step the history runs call by call still takes a deleted span's
// relations back with it on undo.
func TestEditorCallByCallKeepsRelations(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	doc := ids[0]
	ankara, err := db.AddSpan(ctx, doc, "anna", model.Span{Start: 0, End: 6, Label: "ACTOR"})
	if err != nil {
		t.Fatal(err)
	}
	moscow, err := db.AddSpan(ctx, doc, "anna", model.Span{Start: 11, End: 17, Label: "PLACE"})
	if err != nil {
		t.Fatal(err)
	}
	e := app.NewEditor(db)
	anna := app.Layer{Person: "anna"}
	state, err := e.Do(ctx, doc, anna, edit.AddRelation(doc, "anna", model.Relation{From: ankara.ID, To: moscow.ID, Label: "ACTS_IN"}, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	made := state.Relations
	if state, err = e.Do(ctx, doc, anna, edit.Batch("delete", foreign{}, edit.DeleteSpan(doc, "anna", moscow, "Moscow"))); err != nil {
		t.Fatal(err)
	}
	if len(state.Relations) != 0 {
		t.Fatalf("relations after deleting Moscow: %+v", state.Relations)
	}
	if _, state, err = e.Undo(ctx, doc, anna); err != nil {
		t.Fatal(err)
	}
	if len(state.Relations) != 1 || state.Relations[0].ID != made[0].ID {
		t.Errorf("relations after the undo: %+v, want %+v", state.Relations, made)
	}
}
