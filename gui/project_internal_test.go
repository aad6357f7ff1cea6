package gui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

// The window's tests run on real project files, as the command wires them
// (storage.DB is the window's Project): each test gets its own file in its
// temporary folder, so every rule the window relies on (validation,
// overlaps, a todo document moving to in progress, search, review) is the
// store's own. Where a test must hold a call back or make it fail, it wraps
// the project in a type that overrides that one method and then delegates.
//
// Creating a project (schema, default labels) costs more than copying one,
// so two templates are built once per test binary and copied per test: an
// empty project and the fixture below.

// fixtureName is the file name of every test project: the window shows it
// in its title.
const fixtureName = "demo.inkspan"

// guidelines are the fixture's guidelines, shown by F1.
const guidelines = "Label every **actor**."

// Fixture texts put accents, dotted capitals and characters beyond the BMP
// before the spans, where byte, UTF-16 and code-point offsets disagree.
const (
	textLodz = "Dock workers strike in Łódź\n" +
		"About 1,250 workers in Łódź and Gdańsk stopped work on Monday."
	textErdogan = "Erdoğan meets Putin in Moscow\n" +
		"Turkish President Recep Tayyip Erdoğan met Vladimir Putin; dozens have died in İdlib 🌀 this month."
	textSaoPaulo = "Floods hit São Paulo 🌧\n" +
		"Close to a million people in São Paulo state left their homes, officials said."
)

// seedFixture fills an empty project with the fixture: three documents, d1
// (todo, with 4 spans of anna's), d2 (in progress, 7 spans) and d3 (done,
// 3 spans). Everything else (a second annotator, suggestions) tests add.
func seedFixture(p *testProject) {
	p.addDocuments(
		model.Document{ID: "d1", ExternalID: "lodz.txt", Text: textLodz},
		model.Document{ID: "d2", ExternalID: "erdogan.txt", Text: textErdogan},
		model.Document{ID: "d3", Text: textSaoPaulo},
	)
	t := p.t
	p.addSpans("d1", "anna",
		spanAt(t, textLodz, "Łódź", 0, "PLACE"),
		spanAt(t, textLodz, "1,250", 0, "FIGURE"),
		spanAt(t, textLodz, "Łódź", 1, "PLACE"),
		spanAt(t, textLodz, "Gdańsk", 0, "PLACE"),
	)
	p.addSpans("d2", "anna",
		spanAt(t, textErdogan, "Erdoğan", 0, "ACTOR"),
		spanAt(t, textErdogan, "Putin", 0, "ACTOR"),
		spanAt(t, textErdogan, "Moscow", 0, "PLACE"),
		spanAt(t, textErdogan, "Recep Tayyip Erdoğan", 0, "ACTOR"),
		spanAt(t, textErdogan, "Vladimir Putin", 0, "ACTOR"),
		spanAt(t, textErdogan, "dozens", 0, "FIGURE"),
		spanAt(t, textErdogan, "İdlib", 0, "PLACE"),
	)
	p.addSpans("d3", "anna",
		spanAt(t, textSaoPaulo, "São Paulo", 0, "PLACE"),
		spanAt(t, textSaoPaulo, "Close to a million", 0, "FIGURE"),
		spanAt(t, textSaoPaulo, "São Paulo state", 0, "PLACE"),
	)
	// A span moves a todo document to in progress: d1 goes back to todo,
	// so that the list has one document of each of the first statuses.
	p.setStatus("d1", "anna", model.StatusTodo)
	p.setStatus("d3", "anna", model.StatusDone)
}

// testProject is a project file in a test's temporary folder, open for the
// test and closed when it ends. Its helpers read and seed it for the test,
// failing the test on an error.
type testProject struct {
	*storage.DB
	t testing.TB
}

// newTestProject is a copy of the fixture (seedFixture): default labels,
// the guidelines, annotators anna and bob, documents d1, d2 and d3.
func newTestProject(t testing.TB) *testProject {
	t.Helper()
	return copyTemplate(t, templateFixture, fixtureName)
}

// newProject is a project with the fixture's labels, guidelines and
// annotators, holding docs (in that order, with their IDs) and no spans.
func newProject(t testing.TB, docs ...model.Document) *testProject {
	t.Helper()
	p := copyTemplate(t, templateEmpty, fixtureName)
	p.addDocuments(docs...)
	return p
}

// newProjectNamed is newTestProject under another file name, for a test
// that opens a second project.
func newProjectNamed(t testing.TB, name string) *testProject {
	t.Helper()
	return copyTemplate(t, templateFixture, name)
}

func (p *testProject) ctx() context.Context { return context.Background() }

// addDocuments stores docs, keeping their IDs.
func (p *testProject) addDocuments(docs ...model.Document) {
	p.t.Helper()
	for _, d := range docs {
		if _, added, err := p.AddDocument(p.ctx(), d); err != nil || !added {
			p.t.Fatalf("add document %s: added %v, %v", d.ID, added, err)
		}
	}
}

// importDocuments stores docs in one transaction, as an import of their
// texts does: far faster than one by one, but the project chooses their
// IDs (their ExternalIDs stay).
func (p *testProject) importDocuments(docs ...model.Document) {
	p.t.Helper()
	records := make([]*formats.Record, len(docs))
	for i, d := range docs {
		records[i] = &formats.Record{ExternalID: d.ExternalID, Text: d.Text, Meta: d.Meta}
	}
	report, err := app.Import(p.ctx(), p, &recordList{records}, app.ImportOptions{})
	if err != nil || report.DocumentsAdded != len(docs) {
		p.t.Fatalf("import %d documents: %d added, %v", len(docs), report.DocumentsAdded, err)
	}
}

// recordList is an import's input read from memory.
type recordList struct{ records []*formats.Record }

func (r *recordList) Next() (*formats.Record, error) {
	if len(r.records) == 0 {
		return nil, io.EOF
	}
	next := r.records[0]
	r.records = r.records[1:]
	return next, nil
}

// addSpans gives annotator spans on a document in one transaction, with
// IDs the project chooses (the fixtures' IDs name a label and an offset,
// which repeat across documents), and returns them as stored. As a
// label key does, the first span moves a todo document to in progress.
func (p *testProject) addSpans(documentID, annotator string, spans ...model.Span) []model.Span {
	p.t.Helper()
	var stored []model.Span
	err := p.DB.Write(p.ctx(), func(tx app.WriteTx) error {
		for _, s := range spans {
			s.ID = ""
			added, err := tx.AddSpan(p.ctx(), documentID, annotator, s)
			if err != nil {
				return fmt.Errorf("%s %d-%d: %w", s.Label, s.Start, s.End, err)
			}
			stored = append(stored, added)
		}
		return nil
	})
	if err != nil {
		p.t.Fatalf("add %s's spans to %s: %v", annotator, documentID, err)
	}
	return stored
}

// suggest stores suggestions for annotator on a document, with their IDs
// (UUIDs) and sources, as a suggester leaves them.
func (p *testProject) suggest(documentID, annotator string, suggestions ...model.Suggestion) {
	p.t.Helper()
	for _, s := range suggestions {
		if err := p.RestoreSuggestion(p.ctx(), documentID, annotator, s); err != nil {
			p.t.Fatalf("suggest %s on %s: %v", s.ID, documentID, err)
		}
	}
}

func (p *testProject) setStatus(documentID, annotator string, st model.Status) {
	p.t.Helper()
	if err := p.SetStatus(p.ctx(), documentID, annotator, st); err != nil {
		p.t.Fatalf("set %s's status on %s: %v", annotator, documentID, err)
	}
}

// spansOf is the annotator's spans on a document as stored, in text order.
func (p *testProject) spansOf(documentID, annotator string) []model.Span {
	p.t.Helper()
	spans, err := p.Spans(p.ctx(), documentID, annotator)
	if err != nil {
		p.t.Fatalf("%s's spans on %s: %v", annotator, documentID, err)
	}
	return spans
}

func (p *testProject) statusOf(documentID, annotator string) model.Status {
	p.t.Helper()
	st, err := p.Status(p.ctx(), documentID, annotator)
	if err != nil {
		p.t.Fatalf("%s's status on %s: %v", annotator, documentID, err)
	}
	return st
}

func (p *testProject) noteOn(documentID, annotator string) string {
	p.t.Helper()
	note, err := p.Note(p.ctx(), documentID, annotator)
	if err != nil {
		p.t.Fatalf("%s's note on %s: %v", annotator, documentID, err)
	}
	return note
}

func (p *testProject) lastDocument(annotator string) string {
	p.t.Helper()
	id, err := p.LastDocument(p.ctx(), annotator)
	if err != nil {
		p.t.Fatalf("%s's last document: %v", annotator, err)
	}
	return id
}

func (p *testProject) allowsOverlap() bool {
	p.t.Helper()
	s, err := p.Settings(p.ctx())
	if err != nil {
		p.t.Fatalf("settings: %v", err)
	}
	return s.AllowOverlap
}

func (p *testProject) rejections(documentID string) []model.Span {
	p.t.Helper()
	r, err := p.Rejections(p.ctx(), documentID)
	if err != nil {
		p.t.Fatalf("rejections on %s: %v", documentID, err)
	}
	return r
}

func (p *testProject) review(documentID string) model.Review {
	p.t.Helper()
	r, err := p.Review(p.ctx(), documentID)
	if err != nil {
		p.t.Fatalf("review of %s: %v", documentID, err)
	}
	return r
}

// countingProject counts the writes the window makes to a project: every
// write unit of work (app.Store's Write: edits, undo and redo) and every
// method of Project that changes it, so that a test can tell that
// something did not write.
type countingProject struct {
	*testProject
	n atomic.Int64
}

func countWrites(p *testProject) *countingProject { return &countingProject{testProject: p} }

// writes is how many writes the window has made so far.
func (c *countingProject) writes() int64 { return c.n.Load() }

func (c *countingProject) wrote() { c.n.Add(1) }

func (c *countingProject) Write(ctx context.Context, fn func(tx app.WriteTx) error) error {
	c.wrote()
	return c.DB.Write(ctx, fn)
}

func (c *countingProject) AddSpan(ctx context.Context, documentID, annotator string, s model.Span) (model.Span, error) {
	c.wrote()
	return c.DB.AddSpan(ctx, documentID, annotator, s)
}

func (c *countingProject) UpdateSpan(ctx context.Context, s model.Span) (model.Span, error) {
	c.wrote()
	return c.DB.UpdateSpan(ctx, s)
}

func (c *countingProject) DeleteSpan(ctx context.Context, spanID string) error {
	c.wrote()
	return c.DB.DeleteSpan(ctx, spanID)
}

func (c *countingProject) SetStatus(ctx context.Context, documentID, annotator string, st model.Status) error {
	c.wrote()
	return c.DB.SetStatus(ctx, documentID, annotator, st)
}

func (c *countingProject) SetAllowOverlap(ctx context.Context, allow bool) error {
	c.wrote()
	return c.DB.SetAllowOverlap(ctx, allow)
}

func (c *countingProject) SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error {
	c.wrote()
	return c.DB.SetLabels(ctx, rename, labels)
}

func (c *countingProject) SetNote(ctx context.Context, documentID, annotator, note string) error {
	c.wrote()
	return c.DB.SetNote(ctx, documentID, annotator, note)
}

func (c *countingProject) SetReviewer(ctx context.Context, documentID, reviewer string) error {
	c.wrote()
	return c.DB.SetReviewer(ctx, documentID, reviewer)
}

func (c *countingProject) SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error {
	c.wrote()
	return c.DB.SetRejected(ctx, documentID, s, rejected)
}

func (c *countingProject) SetLastDocument(ctx context.Context, annotator, documentID string) error {
	c.wrote()
	return c.DB.SetLastDocument(ctx, annotator, documentID)
}

func (c *countingProject) AcceptSuggestion(ctx context.Context, documentID, annotator, id string) (model.Span, error) {
	c.wrote()
	return c.DB.AcceptSuggestion(ctx, documentID, annotator, id)
}

func (c *countingProject) RejectSuggestion(ctx context.Context, documentID, annotator, id string) error {
	c.wrote()
	return c.DB.RejectSuggestion(ctx, documentID, annotator, id)
}

func (c *countingProject) RestoreSuggestion(ctx context.Context, documentID, annotator string, s model.Suggestion) error {
	c.wrote()
	return c.DB.RestoreSuggestion(ctx, documentID, annotator, s)
}

func (c *countingProject) AcceptSuggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	c.wrote()
	return c.DB.AcceptSuggestions(ctx, documentID, annotator)
}

func (c *countingProject) UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Suggestion) error {
	c.wrote()
	return c.DB.UnacceptSuggestions(ctx, documentID, annotator, suggestions)
}

func (c *countingProject) AddLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) ([]model.LabeledSpan, error) {
	c.wrote()
	return c.DB.AddLabeledSpans(ctx, annotator, spans)
}

func (c *countingProject) DeleteLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) error {
	c.wrote()
	return c.DB.DeleteLabeledSpans(ctx, annotator, spans)
}

// spanAt makes a span over the n-th (from 0) occurrence of sub in text, in
// code points, so fixtures stay readable and correct past non-ASCII text.
// Its ID names its label and offset; addSpans lets the project choose.
func spanAt(t testing.TB, text, sub string, n int, label string) model.Span {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", text, n, sub)
		}
		if n == 0 {
			start := utf8.RuneCountInString(text[:from+i])
			return model.Span{
				ID:    fmt.Sprintf("%s@%d", label, start),
				Start: start, End: start + utf8.RuneCountInString(sub),
				Label: label, Origin: model.OriginManual,
			}
		}
		n--
		from += i + len(sub)
	}
}

// The templates, built on first use into a folder TestMain removes.
const (
	templateEmpty   = "empty" + storage.Extension
	templateFixture = "fixture" + storage.Extension
)

var templates struct {
	once  sync.Once
	dir   string
	built bool
}

func TestMain(m *testing.M) {
	// pgtest.Run stops the throwaway PostgreSQL cluster of the team
	// project tests, if one started.
	code := pgtest.Run(m)
	if templates.dir != "" {
		os.RemoveAll(templates.dir)
	}
	os.Exit(code)
}

// copyTemplate copies a template into the test's temporary folder as name
// and opens it; the test's end closes it.
func copyTemplate(t testing.TB, template, name string) *testProject {
	t.Helper()
	templates.once.Do(func() { buildTemplates(t) })
	if !templates.built {
		t.Fatal("the test projects could not be built: see the first test that failed")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := copyFile(filepath.Join(templates.dir, template), path); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), path, storage.OpenOptions{})
	if err != nil {
		t.Fatalf("open the copy of %s: %v", template, err)
	}
	// Registered before any window the test opens, so it runs after the
	// window has closed (cleanups run last first).
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close %s: %v", name, err)
		}
	})
	return &testProject{DB: db, t: t}
}

// buildTemplates makes the empty project and the fixture in a new folder,
// failing the test that asked first if it cannot. Closing each brings its
// main file up to date, so the file alone is the whole project.
func buildTemplates(t testing.TB) {
	t.Helper()
	dir, err := os.MkdirTemp("", "inkspan-gui-test-")
	if err != nil {
		t.Fatal(err)
	}
	templates.dir = dir
	ctx := context.Background()
	open := func(name string, create bool) *testProject {
		t.Helper()
		db, err := storage.Open(ctx, filepath.Join(dir, name), storage.OpenOptions{Create: create})
		if err != nil {
			t.Fatalf("template %s: %v", name, err)
		}
		return &testProject{DB: db, t: t}
	}
	closeTemplate := func(p *testProject) {
		t.Helper()
		if err := p.Close(); err != nil {
			t.Fatalf("template %s: %v", p.Path(), err)
		}
	}

	p := open(templateEmpty, true)
	if err := p.SetSettings(ctx, model.Settings{Guidelines: guidelines}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"anna", "bob"} {
		if err := p.AddAnnotator(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	closeTemplate(p)

	if err := copyFile(filepath.Join(dir, templateEmpty), filepath.Join(dir, templateFixture)); err != nil {
		t.Fatal(err)
	}
	p = open(templateFixture, false)
	seedFixture(p)
	closeTemplate(p)
	templates.built = true
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
