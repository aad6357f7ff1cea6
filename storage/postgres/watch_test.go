package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage/postgres"
)

// next waits for the next change on ch, failing after a while.
func next(t *testing.T, who string, ch <-chan app.Change) app.Change {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(10 * time.Second):
		t.Fatalf("%s heard of no change", who)
		return app.Change{}
	}
}

// none checks that nothing more arrives on ch for a moment.
func none(t *testing.T, who string, ch <-chan app.Change) {
	t.Helper()
	select {
	case c := <-ch:
		t.Errorf("%s heard of %+v, want nothing", who, c)
	case <-time.After(500 * time.Millisecond):
	}
}

// Live changes through LISTEN/NOTIFY (issue 15): a change committed by
// one connection reaches the others' Changes, naming the document and
// whose set changed; the store that made it does not hear it again; an
// annotator hears only of what they may read (another annotator's set is
// left out, their own and their documents' reviews come through), a
// reviewer hears of every set; and a rolled-back write sends nothing.
func TestChangesReachOtherConnections(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tm := newTeam(t)
	alice2 := tm.open(t, tm.alice) // alice's second machine
	aliceCh, alice2Ch, bobCh, ritaCh := tm.aliceDB.Changes(ctx), alice2.Changes(ctx), tm.bobDB.Changes(ctx), tm.ritaDB.Changes(ctx)
	// The listeners connect in the background: a first change, made
	// until everyone hears it, tells they are listening.
	if err := addSpan(ctx, tm.bossDB, tm.docs[1], tm.bob, 10, 14); err != nil {
		t.Fatal(err)
	}
	for who, ch := range map[string]<-chan app.Change{"bob": bobCh, "rita": ritaCh} {
		if c := next(t, who, ch); c.DocumentID != tm.docs[1] || c.Annotator != tm.bob {
			t.Fatalf("%s heard %+v, want bob's set on document 1", who, c)
		}
	}

	// alice labels document 0 on her first machine.
	if err := addSpan(ctx, tm.aliceDB, tm.docs[0], tm.alice, 0, 3); err != nil {
		t.Fatal(err)
	}
	want := app.Change{DocumentID: tm.docs[0], Annotator: tm.alice}
	if c := next(t, "alice's second machine", alice2Ch); c != want {
		t.Errorf("alice's second machine heard %+v, want %+v", c, want)
	}
	if c := next(t, "rita", ritaCh); c != want {
		t.Errorf("the reviewer heard %+v, want %+v", c, want)
	}
	none(t, "alice's first machine (its own change)", aliceCh)
	// bob shares document 0 but may not see alice's set: he hears
	// nothing of it (and not even of document 1 earlier, which is his
	// and which alice may not read).
	none(t, "bob", bobCh)
	none(t, "alice", aliceCh)

	// A status through the second machine reaches the first.
	if err := alice2.Write(ctx, func(tx app.WriteTx) error {
		return tx.SetStatus(ctx, tm.docs[2], tm.alice, model.StatusDone)
	}); err != nil {
		t.Fatal(err)
	}
	if c := next(t, "alice", aliceCh); c != (app.Change{DocumentID: tm.docs[2], Annotator: tm.alice}) {
		t.Errorf("alice heard %+v after her second machine finished document 2", c)
	}
	if c := next(t, "rita", ritaCh); c != (app.Change{DocumentID: tm.docs[2], Annotator: tm.alice}) {
		t.Errorf("rita heard %+v after alice finished document 2", c)
	}

	// A reviewer's gold on document 0: a set annotators may not read,
	// so they hear of it only as the review row of a document of theirs.
	if err := tm.ritaDB.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, tm.docs[0], model.GoldAnnotator, model.Span{Start: 0, End: 3, Label: "ACTOR"}); err != nil {
			return err
		}
		return tx.SetReviewer(ctx, tm.docs[0], tm.rita)
	}); err != nil {
		t.Fatal(err)
	}
	for who, ch := range map[string]<-chan app.Change{"alice": aliceCh, "alice's second machine": alice2Ch, "bob": bobCh} {
		if c := next(t, who, ch); c != (app.Change{DocumentID: tm.docs[0]}) {
			t.Errorf("%s heard %+v after the review, want document 0 with no set", who, c)
		}
	}

	// A write that fails sends nothing.
	err := tm.aliceDB.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, tm.docs[2], tm.alice, model.Span{Start: 5, End: 9, Label: "ACTOR"}); err != nil {
			return err
		}
		return model.Errorf(model.EINVALID, "changed my mind")
	})
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatal(err)
	}
	none(t, "alice's second machine after a rolled-back write", alice2Ch)

	// The manager takes document 2 back from alice: she may no longer
	// read it, and hears that her list changed; bob hears nothing.
	if n, err := tm.sql(t, tm.boss, "DELETE FROM assignments WHERE document_id = (SELECT id FROM documents WHERE uuid = $1)", tm.docs[2]); err != nil || n != 1 {
		t.Fatalf("unassign: %d, %v", n, err)
	}
	for who, ch := range map[string]<-chan app.Change{"alice": aliceCh, "alice's second machine": alice2Ch} {
		if c := next(t, who, ch); c != (app.Change{}) {
			t.Errorf("%s heard %+v after losing a document, want Change{} (re-read the list)", who, c)
		}
	}
	// The reviewer reads every assignment: document 2 has none left,
	// and the count of those she reads moved.
	if c := next(t, "rita", ritaCh); c != (app.Change{}) {
		t.Errorf("the reviewer heard %+v after the unassignment", c)
	}
	// Given document 1, which bob has too: she hears her list changed,
	// bob nothing (not even that someone else was given his document).
	if _, err := tm.bossDB.Assign(ctx, map[string][]string{tm.docs[1]: {tm.alice}}); err != nil {
		t.Fatal(err)
	}
	if c := next(t, "alice", aliceCh); c != (app.Change{}) {
		t.Errorf("alice heard %+v after being given document 1, want Change{}", c)
	}
	none(t, "bob", bobCh)

	// Ending ctx closes the channel.
	cancel()
	for range alice2Ch {
	}
}

// A statement changing many rows (an import) sends one notification
// meaning anything may have changed, not one per row.
func TestChangesOfABulkWrite(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tm := newTeam(t)
	ch := tm.ritaDB.Changes(ctx)
	// Wait until the listener is there: a change it hears.
	if err := addSpan(ctx, tm.bossDB, tm.docs[1], tm.bob, 10, 14); err != nil {
		t.Fatal(err)
	}
	next(t, "rita", ch)
	if n, err := tm.sql(t, tm.boss, `INSERT INTO review_rejections (document_id, start_cp, end_cp, label_id)
		SELECT d.id, g, g + 1, (SELECT min(id) FROM labels) FROM documents d, generate_series(0, 400) g WHERE d.uuid = $1`, tm.docs[0]); err != nil || n != 401 {
		t.Fatalf("bulk insert: %d, %v", n, err)
	}
	if c := next(t, "rita", ch); c != (app.Change{}) {
		t.Errorf("after a bulk insert rita heard %+v, want Change{} (anything)", c)
	}
	none(t, "rita", ch)
}

// Dynamic assignment as the window asks for it: off until the manager
// turns it on; then an annotator's TakeNext hands them documents, and a
// reviewer takes nothing.
func TestTakeNext(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	if id, err := tm.aliceDB.TakeNext(ctx); err != nil || id != "" {
		t.Fatalf("with taking off, alice takes %q, %v; want nothing", id, err)
	}
	if err := tm.aliceDB.SetTaking(ctx, 1, time.Hour); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("alice turns taking on: %v, want EFORBIDDEN", err)
	}
	if err := tm.bossDB.SetTaking(ctx, 2, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	if per, lease, err := tm.aliceDB.Taking(ctx); err != nil || per != 2 || lease != 2*time.Minute {
		t.Fatalf("taking: %d, %v, %v; want 2 on a lease of 2 minutes", per, lease, err)
	}
	id, err := tm.aliceDB.TakeNext(ctx)
	if err != nil || id != tm.docs[1] {
		t.Fatalf("alice takes %q, %v; want document 1 (%s), the first with fewer than 2 annotators she lacks", id, err, tm.docs[1])
	}
	if id, err := tm.ritaDB.TakeNext(ctx); err != nil || id != "" {
		t.Fatalf("the reviewer takes %q, %v; want nothing", id, err)
	}
	// Who the window works as: the connected person, none for the owner.
	if name, err := tm.aliceDB.Person(ctx); err != nil || name != tm.alice {
		t.Errorf("alice's connection is %q, %v", name, err)
	}
	if name, err := tm.ritaDB.Person(ctx); err != nil || name != tm.rita {
		t.Errorf("rita's connection is %q, %v", name, err)
	}
	if name, err := tm.owner.Person(ctx); err != nil || name != "" {
		t.Errorf("the owner's connection is %q, %v; want no one of the team", name, err)
	}
	var _ app.Taker = tm.aliceDB
	var _ app.Watcher = (*postgres.DB)(nil)
}
