package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// windowStore is what the window's document list, statistics and label
// editor read and change: the comparison runs each on both stores.
type windowStore interface {
	sameStore
	app.Store
	CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error)
	ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error)
	ListPosition(ctx context.Context, annotator string, f model.DocumentFilter, documentID string) (int, error)
	ListPage(ctx context.Context, annotator string, f model.DocumentFilter, documentID string, limit int) (model.DocumentPage, error)
	Stats(ctx context.Context) (model.Stats, error)
	Pace(ctx context.Context) (map[string]float64, error)
	SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error
	SetAllowOverlap(ctx context.Context, allow bool) error
	Settings(ctx context.Context) (model.Settings, error)
	AddLabel(ctx context.Context, l model.Label) error
	UpdateLabel(ctx context.Context, name string, l model.Label) error
	Document(ctx context.Context, id string) (model.Document, error)
}

// bothStores imports the test data into a project file and a team
// database alike, and gives alice and bob a set each on the first
// document, bob's disagreeing.
func bothStores(t *testing.T) (lite, team windowStore, first string) {
	t.Helper()
	ctx := context.Background()
	l, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	lite, team = l, open(t)
	imports := []struct {
		file   string
		format formats.Format
		opts   app.ImportOptions
	}{
		{"doccano.jsonl", formats.FormatDoccano, app.ImportOptions{Annotator: "alice"}},
		{"doccano-bob.jsonl", formats.FormatDoccano, app.ImportOptions{Annotator: "bob", Status: model.StatusInProgress}},
		{"tokens.conll", formats.FormatCoNLL, app.ImportOptions{Annotator: "dave"}},
		{"prodigy.jsonl", formats.FormatProdigy, app.ImportOptions{Annotator: "erin"}},
		{"brat/talks.ann", formats.FormatBrat, app.ImportOptions{Annotator: "fay"}},
	}
	for _, st := range []windowStore{lite, team} {
		for _, in := range imports {
			r, err := files.Open([]string{filepath.Join("testdata", in.file)}, in.format, formats.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = app.Import(ctx, st, r, in.opts)
			r.Close()
			if err != nil {
				t.Fatalf("import %s into %T: %v", in.file, st, err)
			}
		}
	}
	list, err := lite.ListDocuments(ctx, "alice", model.DocumentFilter{}, 0, -1)
	if err != nil || len(list) < 5 {
		t.Fatalf("the project file lists %d documents, %v", len(list), err)
	}
	return lite, team, list[0].ID
}

// The document list, its search and its filters, and the statistics, give
// the same answers from a team database as from a project file holding
// the same data (issue 15). Document IDs differ between the stores, so
// rows are compared by external ID and title.
func TestSameListsAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, team, _ := bothStores(t)
	filters := []model.DocumentFilter{
		{},
		{Statuses: []model.Status{model.StatusTodo}},
		{Statuses: []model.Status{model.StatusDone}},
		{Statuses: []model.Status{model.StatusDone, model.StatusInProgress}},
		{Statuses: []model.Status{model.StatusTodo, model.StatusInProgress}},
		{Label: "PLACE"},
		{Label: "ACTOR", Statuses: []model.Status{model.StatusDone}},
		{AnnotatedBy: "bob"},
		{AnnotatedBy: "nobody"},
		{Disagreeing: true},
		{Query: "Idlib"},
		{Query: "idl"},         // a prefix, as typed
		{Query: "idl "},        // a whole word: none
		{Query: "erdogan"},     // accents ignored
		{Query: "in moscow"},   // every word
		{Query: "Putin Seoul"}, // not in one document
		{Query: "?!"},          // no words: nothing
		{Query: "i"},           // one letter: a word, not a prefix
		{Query: "in", Label: "PLACE"},
		{Query: "in", Statuses: []model.Status{model.StatusDone}},
	}
	rowsOf := func(list []model.DocumentSummary) []string {
		var out []string
		for _, d := range list {
			out = append(out, fmt.Sprintf("%s|%s|%d|%s|%d", d.ExternalID, d.Title, d.Length, d.Status, d.SpanCount))
		}
		return out
	}
	matched := 0
	for _, annotator := range []string{"alice", "bob", "nobody"} {
		for _, f := range filters {
			name := fmt.Sprintf("%s %+v", annotator, f)
			var counts [2]int
			var lists [2][]string
			var all [2][]model.DocumentSummary
			for i, st := range []windowStore{lite, team} {
				n, err := st.CountDocuments(ctx, annotator, f)
				if err != nil {
					t.Fatalf("%s: CountDocuments of %T: %v", name, st, err)
				}
				list, err := st.ListDocuments(ctx, annotator, f, 0, -1)
				if err != nil {
					t.Fatalf("%s: ListDocuments of %T: %v", name, st, err)
				}
				counts[i], lists[i], all[i] = n, rowsOf(list), list
				page, err := st.ListDocuments(ctx, annotator, f, 1, 2)
				if err != nil {
					t.Fatalf("%s: a page of %T: %v", name, st, err)
				}
				if want := list[min(1, len(list)):min(3, len(list))]; !reflect.DeepEqual(rowsOf(page), rowsOf(want)) {
					t.Errorf("%s: %T's page 1+2 is %v, its whole list %v", name, st, rowsOf(page), rowsOf(list))
				}
			}
			matched += counts[0]
			if counts[0] != counts[1] || !reflect.DeepEqual(lists[0], lists[1]) {
				t.Errorf("%s: the team database lists %d %v, the project file %d %v", name, counts[1], lists[1], counts[0], lists[0])
				continue
			}
			// Every listed document stands at its row, and a page around
			// it holds it, in both stores.
			for i, st := range []windowStore{lite, team} {
				for row, d := range all[i] {
					pos, err := st.ListPosition(ctx, annotator, f, d.ID)
					if err != nil || pos != row {
						t.Errorf("%s: %T puts %s at %d (%v), its list at %d", name, st, d.ExternalID, pos, err, row)
					}
					page, err := st.ListPage(ctx, annotator, f, d.ID, 2)
					if err != nil || page.Total != counts[i] || page.Position != row {
						t.Errorf("%s: %T's page around %s: total %d position %d (%v), want %d %d", name, st, d.ExternalID, page.Total, page.Position, err, counts[i], row)
					}
				}
			}
		}
	}
	if matched == 0 {
		t.Fatal("no filter listed anything: the comparison proves nothing")
	}

	var stats [2]model.Stats
	for i, st := range []windowStore{lite, team} {
		var err error
		if stats[i], err = st.Stats(ctx); err != nil {
			t.Fatalf("Stats of %T: %v", st, err)
		}
	}
	if !reflect.DeepEqual(stats[0], stats[1]) {
		t.Errorf("Stats: the team database's %+v, the project file's %+v", stats[1], stats[0])
	}
	if stats[0].Spans == 0 || len(stats[0].Attributes) == 0 {
		t.Errorf("the data has no spans or attributes (%+v): the comparison proves little", stats[0])
	}
	for _, st := range []windowStore{lite, team} {
		pace, err := st.Pace(ctx)
		if err != nil || pace["alice"] <= 0 || pace["bob"] != 0 {
			t.Errorf("Pace of %T: %v, %v; want alice's (done) and not bob's (nothing finished)", st, pace, err)
		}
	}
}

// Editing labels and the overlap rule gives the same project in both
// stores, refusals included.
func TestSameLabelEditsAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, team, _ := bothStores(t)
	type outcome struct {
		Labels []model.Label
		Stats  map[string]int
		Codes  []string
		Allow  bool
	}
	var got [2]outcome
	for i, st := range []windowStore{lite, team} {
		var codes []string
		note := func(err error) { codes = append(codes, model.ErrorCode(err)) }
		labels, err := st.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Swap the names of the first two, rename a third, add one.
		swapped := append([]model.Label(nil), labels...)
		swapped[0].Name, swapped[1].Name = labels[1].Name, labels[0].Name
		swapped[2].Name = "RENAMED"
		swapped = append(swapped, model.Label{Name: "NEW", Color: "#123456"})
		note(st.SetLabels(ctx, map[string]string{labels[0].Name: labels[1].Name, labels[1].Name: labels[0].Name, labels[2].Name: "RENAMED"}, swapped))
		note(st.SetLabels(ctx, map[string]string{"MISSING": "X"}, swapped))                         // ENOTFOUND
		note(st.AddLabel(ctx, model.Label{Name: "NEW", Color: "#654321"}))                          // ECONFLICT
		note(st.AddLabel(ctx, model.Label{Name: "EXTRA", Color: "#654321", Key: "x"}))              // added
		note(st.UpdateLabel(ctx, "EXTRA", model.Label{Name: "EXTRA2", Color: "#111111", Key: "y"})) // renamed
		note(st.UpdateLabel(ctx, "GONE", model.Label{Name: "EXTRA3", Color: "#111111"}))            // ENOTFOUND
		note(st.UpdateLabel(ctx, "EXTRA2", model.Label{Name: "bad name\x01", Color: "#111111"}))    // EINVALID
		note(st.SetAllowOverlap(ctx, true))
		note(st.SetAllowOverlap(ctx, false))
		got[i].Labels, err = st.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		settings, err := st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got[i].Stats, got[i].Codes, got[i].Allow = s.Labels, codes, settings.AllowOverlap
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("label edits:\nteam database %+v\nproject file  %+v", got[1], got[0])
	}
	if got[0].Stats["RENAMED"] == 0 && got[0].Stats[got[0].Labels[0].Name] == 0 {
		t.Errorf("the renamed labels have no spans (%v): the comparison proves little", got[0].Stats)
	}
}

// The marks of a search in a document are where the project file puts
// them, and a result's passage holds its marks.
func TestSameMatchesAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, team, _ := bothStores(t)
	type searcher interface {
		Matches(ctx context.Context, query, documentID string) ([]model.TextRange, error)
		Snippets(ctx context.Context, query string, documentIDs []string) (map[string]model.Snippet, error)
	}
	marked := 0
	for _, query := range []string{"Idlib", "idl", "erdogan", "in moscow", "in", "Putin Seoul", "?!", "i"} {
		var got [2][]string
		for i, st := range []windowStore{lite, team} {
			docs, err := st.ListDocuments(ctx, "alice", model.DocumentFilter{}, 0, -1)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range docs {
				ids = append(ids, d.ID)
				m, err := st.(searcher).Matches(ctx, query, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				got[i] = append(got[i], fmt.Sprintf("%s %v", d.ExternalID, m))
				if i == 1 {
					marked += len(m)
				}
			}
			snippets, err := st.(searcher).Snippets(ctx, query, ids)
			if err != nil {
				t.Fatal(err)
			}
			for id, s := range snippets {
				runes := []rune(s.Text)
				for _, m := range s.Matches {
					if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
						t.Errorf("%T: %q's snippet of %s marks %v outside %q", st, query, id, m, s.Text)
					}
				}
				if len(s.Matches) == 0 {
					t.Errorf("%T: %q's snippet of %s marks nothing: %q", st, query, id, s.Text)
				}
			}
			if c, err := st.CountDocuments(ctx, "alice", model.DocumentFilter{Query: query}); err != nil || c != len(snippets) {
				t.Errorf("%T: %q finds %d documents (%v), has snippets for %d", st, query, c, err, len(snippets))
			}
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("matches of %q: team database %v, project file %v", query, got[1], got[0])
		}
	}
	if marked == 0 {
		t.Fatal("nothing was marked: the comparison proves nothing")
	}
}
