package gui

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

// namedTeamProject is a team project as cmd hands it to the window: its
// Path is its URL (here with a password, which the window must not show
// or remember).
type namedTeamProject struct {
	*postgres.DB
	url string
}

func (p namedTeamProject) Path() string { return p.url }

// The window works on a team project in a real PostgreSQL database (a
// throwaway cluster): it lists the documents, opens the first unfinished
// one, and a span labeled from the keyboard is in the database; the
// title and the recent projects never hold the URL's password (issue 15).
func TestWorkspaceOnTeamProject(t *testing.T) {
	ctx := context.Background()
	raw := pgtest.Database(t, "")
	db, err := postgres.Create(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, d := range []model.Document{{ExternalID: "lodz.txt", Text: textLodz}, {ExternalID: "erdogan.txt", Text: textErdogan}} {
		if _, _, err := db.AddDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("password", "s3cret") // trusted by the test cluster, so ignored by it
	u.RawQuery = q.Encode()
	p := namedTeamProject{DB: db, url: u.String()}

	ws := openWorkspace(t, p)
	if ws.rows.total != 2 || ws.CurrentDocument().ExternalID != "lodz.txt" {
		t.Fatalf("the list has %d rows and %q is open, want 2 and lodz.txt", ws.rows.total, ws.CurrentDocument().ExternalID)
	}
	ws.SetOpener(func(ctx context.Context, path string, create bool) (Project, func() error, error) {
		return p, func() error { return nil }, nil
	})
	recent := fyne.CurrentApp().Preferences().StringList(prefRecent)
	if len(recent) == 0 || !strings.HasPrefix(recent[0], "postgres://") || strings.Contains(strings.Join(recent, " "), "s3cret") {
		t.Fatalf("recent projects = %v, want the URL first, without its password", recent)
	}
	if title := ws.Window().Title(); strings.Contains(title, "s3cret") || !strings.Contains(title, "postgres://") {
		t.Fatalf("title %q", title)
	}

	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/ACTOR") {
		t.Fatalf("after pressing 1: %s", got)
	}
	if ws.saved.Text != "All changes saved" {
		t.Fatalf("saved indicator = %q", ws.saved.Text)
	}
	want := spanAt(t, textLodz, "workers", 1, "ACTOR")
	var spans []model.Span
	var status model.Status
	err = db.Read(ctx, func(tx app.ReadTx) error {
		var err error
		if spans, err = tx.Spans(ctx, ws.CurrentDocument().ID, "anna"); err != nil {
			return err
		}
		status, err = tx.Status(ctx, ws.CurrentDocument().ID, "anna")
		return err
	})
	if err != nil || len(spans) != 1 || spans[0].Start != want.Start || spans[0].End != want.End || spans[0].Label != "ACTOR" {
		t.Fatalf("the database holds %+v (%v), want %+v", spans, err, want)
	}
	if status != model.StatusInProgress {
		t.Fatalf("the document is %s in the database, want in_progress", status)
	}

	// The list's search works on the team project too.
	asUI(ws, func() { ws.search.SetText("Erdoğan") })
	waitFor(t, "the search's results", func() bool {
		var ok bool
		asUI(ws, func() { ok = ws.rows.filter.Query == "Erdoğan" && ws.rows.total == 1 })
		return ok
	})
	// The results' passages load after them: the test ends when they are
	// in, not while their goroutine still draws into the next test's
	// fonts.
	waitIdle(t, ws)
}

// File ▸ Open team project… builds the URL from its fields, opens with
// Enter once the fields make one, and has no password field.
func TestTeamProjectForm(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	var asked []string
	ws.SetOpener(func(ctx context.Context, path string, create bool) (Project, func() error, error) {
		// The window shows this; no server is needed to see what it asked.
		asked = append(asked, path)
		return nil, nil, model.Errorf(model.ENOTFOUND, "no server here")
	})
	var labels []string
	for _, m := range ws.Window().MainMenu().Items {
		for _, it := range m.Items {
			labels = append(labels, it.Label)
		}
	}
	if !slices.Contains(labels, "Open team project…") {
		t.Fatalf("menus = %v", labels)
	}
	var d *dialogkit.Dialog
	asUI(ws, func() { d = ws.AskTeamProject() })
	var e *dialogkit.Entry
	asUI(ws, func() { e, _ = ws.win.Canvas().Focused().(*dialogkit.Entry) })
	if e == nil {
		t.Fatal("the database field does not have the focus")
	}
	// No database yet: Enter does nothing.
	pressIn(ws, ws.win, fyne.KeyReturn)
	if d.Closed() || len(asked) > 0 {
		t.Fatal("Enter opened a team project without a database")
	}
	asUI(ws, func() { test.Type(e, "team") })
	pressIn(ws, ws.win, fyne.KeyReturn)
	if !d.Closed() || len(asked) != 1 || asked[0] != "postgres://localhost:5432/team?sslmode=prefer" {
		t.Fatalf("the form opened %v", asked)
	}
}

func TestTeamFormURL(t *testing.T) {
	for _, c := range []struct {
		form teamForm
		want string
	}{
		{teamForm{host: "db.example.org", port: "6543", database: "ner", user: "ana", sslmode: "verify-full"}, "postgres://ana@db.example.org:6543/ner?sslmode=verify-full"},
		{teamForm{host: "::1", database: "ner"}, "postgres://[::1]:5432/ner"},
		{teamForm{host: "h", database: "a b", user: "x@y"}, "postgres://x%40y@h:5432/a%20b"},
		{teamForm{host: "", database: "ner"}, ""},
		{teamForm{host: "h", port: "99999", database: "ner"}, ""},
		{teamForm{host: "h", database: " "}, ""},
	} {
		got, err := c.form.url()
		if got != c.want || (c.want == "") != (model.ErrorCode(err) == model.EINVALID) {
			t.Errorf("%+v: %q, %v; want %q", c.form, got, err, c.want)
		}
	}
	for in, want := range map[string]string{
		"postgres://ana:pw@h/db?sslmode=require":        "postgres://ana@h/db?sslmode=require",
		"postgresql://h/db?password=pw&sslmode=disable": "postgresql://h/db?sslmode=disable",
		"/home/ana/p:w.inkspan":                         "/home/ana/p:w.inkspan",
	} {
		if got := withoutPassword(in); got != want {
			t.Errorf("withoutPassword(%q) = %q, want %q", in, got, want)
		}
	}
}

// A team project whose server asks for a password that ~/.pgpass and
// PGPASSWORD do not give is opened after asking for it: Enter opens with
// the password in the URL handed to the opener, a refusal asks again, and
// Escape gives up.
func TestTeamProjectPasswordPrompt(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	var asked []string
	ws.SetOpener(func(ctx context.Context, path string, create bool) (Project, func() error, error) {
		asked = append(asked, path)
		return nil, nil, fmt.Errorf("%w: password authentication failed", ErrPasswordNeeded)
	})
	asUI(ws, func() { ws.OpenProject("postgres://ana@db.example.org/ner?sslmode=require", false) })
	entry := func() *dialogkit.Entry {
		var e *dialogkit.Entry
		asUI(ws, func() { e, _ = ws.win.Canvas().Focused().(*dialogkit.Entry) })
		if e == nil || !e.Password {
			t.Fatal("no password field has the focus")
		}
		return e
	}
	e := entry()
	asUI(ws, func() { test.Type(e, "pw:1@") })
	pressIn(ws, ws.win, fyne.KeyReturn)
	if len(asked) != 2 || asked[1] != "postgres://ana:pw%3A1%40@db.example.org/ner?sslmode=require" {
		t.Fatalf("the opener was asked %v", asked)
	}
	// Refused again: asked again; Escape ends it.
	e = entry()
	pressIn(ws, ws.win, fyne.KeyEscape)
	asUI(ws, func() {
		if overlayTop(ws) != nil {
			t.Fatal("Escape left the password prompt open")
		}
	})
	if len(asked) != 2 {
		t.Fatalf("the opener was asked %v", asked)
	}
	for _, p := range fyne.CurrentApp().Preferences().StringList(prefRecent) {
		if strings.Contains(p, "pw") {
			t.Fatalf("recent projects hold the password: %v", p)
		}
	}
}
