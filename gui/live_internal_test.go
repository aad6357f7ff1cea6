package gui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

// liveTeam is a team project in the throwaway cluster holding the
// fixture's two articles, and how to open more connections to it.
type liveTeam struct {
	url   string
	owner *postgres.DB
	docs  []string
}

func newLiveTeam(t *testing.T) *liveTeam {
	t.Helper()
	ctx := context.Background()
	raw := pgtest.Database(t, "")
	db, err := postgres.Create(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lt := &liveTeam{url: raw, owner: db}
	for _, d := range []model.Document{{ExternalID: "lodz.txt", Text: textLodz}, {ExternalID: "erdogan.txt", Text: textErdogan}} {
		id, _, err := db.AddDocument(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		lt.docs = append(lt.docs, id)
	}
	return lt
}

// open connects to the team project again, as user ("" for the owner):
// another machine.
func (lt *liveTeam) open(t *testing.T, user string) namedTeamProject {
	t.Helper()
	u := lt.url
	if user != "" {
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		q := parsed.Query()
		q.Del("user")
		parsed.RawQuery = q.Encode()
		parsed.User = url.User(user)
		u = parsed.String()
	}
	db, err := postgres.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open as %q: %v", user, err)
	}
	t.Cleanup(func() { db.Close() })
	return namedTeamProject{DB: db, url: u}
}

// window opens a further window (another machine's) on p as annotator,
// in the test app the first one made, and waits until it listens.
func window(t *testing.T, p Project, annotator string) *Workspace {
	t.Helper()
	ws, err := NewWorkspace(fyne.CurrentApp(), p, annotator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(ws) })
	waitListening(t, ws)
	return ws
}

func waitListening(t *testing.T, ws *Workspace) {
	t.Helper()
	waitFor(t, "the window to listen", func() bool { return ws.listening.Load() })
	waitIdle(t, ws)
}

// onUIValue reads a value on the UI goroutine.
func onUIValue[T any](ws *Workspace, f func() T) T {
	var v T
	asUI(ws, func() { v = f() })
	return v
}

// One annotator, two machines (two windows, each with its own
// connections, on the same team project): a span labeled in one appears
// in the other without reopening, with the list's status and the
// progress bar; an undo in the first whose span the second changed since
// is refused, saying so, and the second's change stays (issue 15).
func TestLiveTwoWindowsOfOneAnnotator(t *testing.T) {
	ctx := context.Background()
	lt := newLiveTeam(t)
	first := openWorkspace(t, lt.open(t, ""))
	waitListening(t, first)
	second := window(t, lt.open(t, ""), "anna")
	lodz := lt.docs[0]
	if first.CurrentDocument().ID != lodz || second.CurrentDocument().ID != lodz {
		t.Fatal("both windows should open the first document")
	}

	selectText(t, first, "workers", 1)
	asUI(first, func() { test.Type(first.view, "1") })
	waitIdle(t, first)
	waitFor(t, "the second window to show the first's span", func() bool {
		return onUIValue(second, func() bool { return strings.Contains(strings.Join(shownSpans(second), " "), "workers/ACTOR") })
	})
	waitFor(t, "the second window's list to show the document in progress", func() bool {
		return onUIValue(second, func() bool {
			d, ok := second.rows.at(0)
			return ok && d.Status == model.StatusInProgress && d.SpanCount == 1
		})
	})

	// Finished in the first window: the second's progress bar counts it.
	asUI(first, func() { first.Finish(model.StatusDone) })
	waitIdle(t, first)
	waitFor(t, "the second window's progress bar to count the finished document", func() bool {
		return onUIValue(second, func() bool { return second.progress.Value == 1 && second.finished == 1 })
	})

	// The second window relabels the span; the first sees it.
	var span model.Span
	asUI(second, func() { span = second.CurrentSpans()[0] })
	after := span
	after.Label = "PLACE"
	asUI(second, func() { second.Do(edit.UpdateSpan(lodz, "anna", span, after, "workers")) })
	waitIdle(t, second)
	// The first window has moved on to the next document; it opens Łódź
	// again to see the change.
	asUI(first, func() { first.openByID(lodz) })
	waitIdle(t, first)
	if got := strings.Join(shownSpans(first), " "); !strings.Contains(got, "workers/PLACE") {
		t.Fatalf("the first window shows %s, want the second's relabel", got)
	}
	// Undo in the first: the status (its newest step), then the add,
	// whose span the second window changed since: refused, and said.
	asUI(first, first.Undo)
	waitIdle(t, first)
	asUI(first, first.Undo)
	waitIdle(t, first)
	if msg := onUIValue(first, func() string { return first.notice.Text }); !strings.Contains(msg, "changed elsewhere") {
		t.Fatalf("the first window says %q after an undo of a span changed elsewhere", msg)
	}
	var stored []model.Span
	if err := lt.owner.Read(ctx, func(tx app.ReadTx) error {
		var err error
		stored, err = tx.Spans(ctx, lodz, "anna")
		return err
	}); err != nil || len(stored) != 1 || stored[0].Label != "PLACE" {
		t.Fatalf("after the refused undo the project holds %+v (%v), want the second window's PLACE", stored, err)
	}
	if got := onUIValue(first, func() string { return first.editor.History().UndoDescription() }); !strings.HasPrefix(got, "add ACTOR") {
		t.Fatalf("after the refused undo the history's next undo is %q, want the add still", got)
	}
}

// A reviewer's window sees an annotator's new spans on the open document
// arrive, and the list's counts follow.
func TestLiveReviewerSeesWorkArrive(t *testing.T) {
	ctx := context.Background()
	lt := newLiveTeam(t)
	rita := openWorkspace(t, lt.open(t, ""))
	waitListening(t, rita)
	asUI(rita, func() { rita.SetReviewMode(true) })
	waitIdle(t, rita)
	lodz := lt.docs[0]
	if rita.CurrentDocument().ID != lodz {
		t.Fatalf("the reviewer has %q open, want Łódź", rita.CurrentDocument().ExternalID)
	}
	bob := lt.open(t, "") // bob's program, elsewhere
	span := spanAt(t, textLodz, "workers", 1, "ACTOR")
	if err := bob.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, lodz, "bob", span); err != nil {
			return err
		}
		return tx.SetStatus(ctx, lodz, "bob", model.StatusDone)
	}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "bob's span in the reviewer's window", func() bool {
		return onUIValue(rita, func() bool { return len(rita.people["bob"]) == 1 })
	})
	waitIdle(t, rita)
}

var liveRoles atomic.Int64

// An annotator's window on a team project lists their queue (the
// documents assigned to them); finishing the last of it takes the next
// document when the project hands them out as annotators ask.
func TestLiveAnnotatorQueueTakesNext(t *testing.T) {
	ctx := context.Background()
	lt := newLiveTeam(t)
	n := liveRoles.Add(1)
	boss, ann := fmt.Sprintf("liveboss%d", n), fmt.Sprintf("liveann%d", n)
	if err := lt.owner.EnableTeam(ctx, boss, "", false); err != nil {
		t.Fatal(err)
	}
	if err := lt.owner.AddMember(ctx, ann, postgres.RoleAnnotator, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := lt.owner.Assign(ctx, map[string][]string{lt.docs[1]: {ann}}); err != nil {
		t.Fatal(err)
	}
	if err := lt.owner.SetTaking(ctx, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	// Started without a name, the window works as the person connected,
	// whatever name the preferences remember.
	app := test.NewTempApp(t)
	app.Preferences().SetString(prefAnnotator, "someone else")
	ws, err := Start(app, lt.open(t, ann), "", "suggested")
	if err != nil {
		t.Fatal(err)
	}
	if ws.annotator != ann {
		t.Fatalf("the window works as %q, want the connected annotator %q", ws.annotator, ann)
	}
	t.Cleanup(func() { closeOnce(ws) })
	waitListening(t, ws)
	if ws.rows.total != 1 || ws.CurrentDocument().ID != lt.docs[1] {
		t.Fatalf("the annotator's list has %d rows and %q open, want their one assigned document, Erdoğan", ws.rows.total, ws.CurrentDocument().ExternalID)
	}
	asUI(ws, func() { ws.Finish(model.StatusDone) })
	deadline := time.Now().Add(30 * time.Second) // a finish, a take, a load and a list: slow on a busy machine
	for !onUIValue(ws, func() bool { return ws.CurrentDocument().ID == lt.docs[0] && ws.rows.total == 2 }) {
		if time.Now().After(deadline) {
			var open, shown string
			var rows int
			asUI(ws, func() { open, rows, shown = ws.CurrentDocument().ID, ws.rows.total, shownText(ws) })
			t.Fatalf("after finishing, %q is open (want %q), the list has %d rows (want 2), the window shows %q",
				open, lt.docs[0], rows, shown)
		}
		time.Sleep(5 * time.Millisecond)
	}
	waitIdle(t, ws)
	if ws.total != 2 || ws.finished != 1 {
		t.Fatalf("progress %d of %d, want 1 of 2", ws.finished, ws.total)
	}
}

// `inkspan gui --project postgres://…` whose server wants a password
// that ~/.pgpass and PGPASSWORD do not give asks for it in a window: the
// password reaches the opener in the URL only, a refusal asks again
// saying so, success closes the prompt, and the prompt never shows the
// password (issue 15).
func TestPasswordAskedAtStart(t *testing.T) {
	a := test.NewTempApp(t)
	var asked []string
	refuse := true
	w := AskPasswordAtStart(a, "postgres://ana@db.example.org/ner?sslmode=require", func(withPw string) error {
		asked = append(asked, withPw)
		if refuse {
			return fmt.Errorf("%w: password authentication failed", ErrPasswordNeeded)
		}
		return nil
	})
	w.Show()
	type_ := func(text string) {
		t.Helper()
		var e *dialogkit.Entry
		uiMu.Lock()
		e, _ = w.Canvas().Focused().(*dialogkit.Entry)
		uiMu.Unlock()
		if e == nil || !e.Password {
			t.Fatal("no password field has the focus")
		}
		uiMu.Lock()
		test.Type(e, text)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		uiMu.Unlock()
	}
	type_("pw:1@")
	if len(asked) != 1 || asked[0] != "postgres://ana:pw%3A1%40@db.example.org/ner?sslmode=require" {
		t.Fatalf("the opener was asked %v", asked)
	}
	var texts []string
	uiMu.Lock()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	uiMu.Unlock()
	if all := strings.Join(texts, " "); !strings.Contains(all, "refused") || strings.Contains(all, "pw:1@") {
		t.Fatalf("after a refused password the prompt says %q", all)
	}
	if strings.Contains(w.Title(), "pw") {
		t.Fatalf("title %q", w.Title())
	}
	refuse = false
	type_("right")
	if len(asked) != 2 || !strings.Contains(asked[1], ":right@") {
		t.Fatalf("the opener was asked %v", asked)
	}
	found := false
	for _, open := range a.Driver().AllWindows() {
		found = found || open == w
	}
	if found {
		t.Fatal("the prompt stayed open after the project opened")
	}
	for _, p := range a.Preferences().StringList(prefRecent) {
		if strings.Contains(p, "right") || strings.Contains(p, "pw") {
			t.Fatalf("recent projects hold the password: %v", p)
		}
	}
}
