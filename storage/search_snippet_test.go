package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// marked writes a text with its matches in brackets, to compare at a glance.
func marked(text string, matches []model.TextRange) string {
	r := []rune(text)
	var b strings.Builder
	at := 0
	for _, m := range matches {
		b.WriteString(string(r[at:m.Start]) + "[" + string(r[m.Start:m.End]) + "]")
		at = m.End
	}
	b.WriteString(string(r[at:]))
	return b.String()
}

func TestSnippets(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	long := "Long report\n" + strings.Repeat("Nothing happened on the coast that day. ", 40) +
		"Then Erdoğan flew to Moscow for talks. " + strings.Repeat("The weather stayed calm all week. ", 40)
	talks := mustAddDocument(t, db, "Talks 🇹🇷 in Moscow\n"+example)
	far := mustAddDocument(t, db, long)
	floods := mustAddDocument(t, db, "Floods in São Paulo\nRain fell on São Paulo for a week.")

	got, err := db.Snippets(ctx, "erdogan mosc", []string{talks, far, floods, "no-such-document"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[floods]; ok || len(got) != 2 {
		t.Fatalf("snippets for %d documents, want the 2 that match: %+v", len(got), got)
	}
	// Matches are whole words, found without accents and by prefix, and
	// counted in code points (the flag is two).
	if s := got[talks]; marked(s.Text, s.Matches) != "Talks 🇹🇷 in [Moscow]\nPutin met [Erdoğan] in [Moscow]; 34 soldiers died 🇹🇷." {
		t.Errorf("short document: %q", marked(s.Text, s.Matches))
	}
	// A long text gives a passage around the matches, cut with an ellipsis.
	s := got[far]
	if m := marked(s.Text, s.Matches); !strings.Contains(m, "[Erdoğan] flew to [Moscow]") || !strings.HasPrefix(m, "…") ||
		!strings.HasSuffix(m, "…") || len([]rune(s.Text)) > 200 {
		t.Errorf("long document: %q", m)
	}

	if got, err := db.Snippets(ctx, " ;; ", []string{talks}); err != nil || got != nil {
		t.Errorf("a query of no words: %v, %v", got, err)
	}
}

func TestMatches(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	id := mustAddDocument(t, db, "Talks 🇹🇷 in Moscow\n"+example)
	for query, want := range map[string]string{
		"moscow":  "Talks 🇹🇷 in [Moscow]\nPutin met Erdoğan in [Moscow]; 34 soldiers died 🇹🇷.",
		"ERDOGAN": "Talks 🇹🇷 in Moscow\nPutin met [Erdoğan] in Moscow; 34 soldiers died 🇹🇷.",
		"sol":     "Talks 🇹🇷 in Moscow\nPutin met Erdoğan in Moscow; 34 [soldiers] died 🇹🇷.", // typing
		"34 died": "Talks 🇹🇷 in Moscow\nPutin met Erdoğan in Moscow; [34] soldiers [died] 🇹🇷.",
		"ankara":  "Talks 🇹🇷 in Moscow\nPutin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.",
	} {
		matches, err := db.Matches(ctx, query, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := marked("Talks 🇹🇷 in Moscow\n"+example, matches); got != want {
			t.Errorf("Matches(%q) = %q, want %q", query, got, want)
		}
	}
	// A text holding the marker characters itself gets no marks rather
	// than wrong ones.
	odd := mustAddDocument(t, db, "Odd\nA \x02Moscow\x03 control code.")
	if matches, err := db.Matches(ctx, "moscow", odd); err != nil || matches != nil {
		t.Errorf("text with markers: %v, %v", matches, err)
	}
}

// A search's count is exact up to the cap, and past it the page says there
// are more: 1,000 matches and 1,001 read differently.
func TestSearchCountAtTheCap(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var items []any
	for i := range model.MaxSearchResults + 1 {
		word := "common"
		if i == model.MaxSearchResults {
			word = "rare"
		}
		items = append(items, rec(i+1, fmt.Sprintf("Report %d\nA %s word, and every one says exactly.", i, word), "", nil))
	}
	if _, err := app.Import(ctx, db, records(items...), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		total int
		more  bool
	}{
		{"common", model.MaxSearchResults, false}, // exactly the cap
		{"exactly", model.MaxSearchResults, true}, // one more than the cap
		{"rare", 1, false},
		{"absent", 0, false},
	} {
		page, err := db.ListPage(ctx, "anna", model.DocumentFilter{Query: c.query}, "", 200)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != c.total || page.More != c.more || len(page.First) != min(c.total, 200) {
			t.Errorf("%q: total %d, more %v, %d rows; want %d, %v", c.query, page.Total, page.More, len(page.First), c.total, c.more)
		}
	}
	// The last listed of "exactly" is the last document of the cap.
	page, _ := db.ListPage(ctx, "anna", model.DocumentFilter{Query: "exactly"}, "", model.MaxSearchResults)
	if i := slices.IndexFunc(page.First, func(d model.DocumentSummary) bool { return d.Title == "Report 999" }); i != model.MaxSearchResults-1 {
		t.Errorf("Report 999 listed at %d", i)
	}
}

// A search's page brings the snippets of its first rows, a screen of
// them, made in the same pass as the list.
func TestListPageSnippets(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var items []any
	for i := range 40 {
		items = append(items, rec(i+1, fmt.Sprintf("Report %d\nTalks in Moscow, day %d.", i, i), "", nil))
	}
	if _, err := app.Import(ctx, db, records(items...), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	page, err := db.ListPage(ctx, "anna", model.DocumentFilter{Query: "mosc"}, "", 200)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 40 || len(page.Snippets) != model.PageSnippets {
		t.Fatalf("%d rows, %d snippets; want 40 rows, %d snippets", page.Total, len(page.Snippets), model.PageSnippets)
	}
	for i, d := range page.First {
		s, ok := page.Snippets[d.ID]
		if ok != (i < model.PageSnippets) {
			t.Fatalf("row %d has a snippet: %v", i, ok)
		}
		if want := fmt.Sprintf("Report %d\nTalks in [Moscow], day %d.", i, i); ok && marked(s.Text, s.Matches) != want {
			t.Errorf("row %d: %q, want %q", i, marked(s.Text, s.Matches), want)
		}
	}
	// The same list with a filter on the annotator's status too.
	page, err = db.ListPage(ctx, "anna", model.DocumentFilter{Query: "mosc", Statuses: []model.Status{model.StatusTodo}}, "", 200)
	if err != nil || len(page.Snippets) != model.PageSnippets || page.Total != 40 {
		t.Fatalf("with a status filter: %d rows, %d snippets, %v", page.Total, len(page.Snippets), err)
	}
	if page.Snippets["no such"].Text != "" || page.Snippets[page.First[3].ID].Matches == nil {
		t.Errorf("snippet of row 3: %+v", page.Snippets[page.First[3].ID])
	}
}
