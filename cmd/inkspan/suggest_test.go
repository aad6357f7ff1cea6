package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// suggestProject makes a project of two documents, alice having labeled
// Idlib in the first.
func suggestProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	in := write(t, filepath.Join(dir, "docs.jsonl"),
		`{"text":"`+example+`","spans":[{"start":29,"end":31,"label":"FIGURE"}]}`+"\n"+
			`{"text":"In Moscow 😀 officials said 34 people left Idlib for Ankara."}`+"\n")
	mustRun(t, "import", "--project", project, "--annotator", "alice", in)
	return project
}

// suggestionsOf lists what each document has for annotator, as
// "text/LABEL" items, in project order.
func suggestionsOf(t *testing.T, project, annotator string, spans bool) []string {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err := db.Documents(ctx, annotator)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		doc, _ := db.Document(ctx, d.ID)
		var list []model.Span
		if spans {
			list, err = db.Spans(ctx, d.ID, annotator)
		} else {
			var suggested []model.Suggestion
			suggested, err = db.Suggestions(ctx, d.ID, annotator)
			for _, s := range suggested {
				list = append(list, s.Span()) // origin suggestion
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		offsets := model.NewOffsets(doc.Text)
		var items []string
		for _, s := range list {
			items = append(items, offsets.Slice(s.Start, s.End)+"/"+s.Label+"/"+string(s.Origin))
		}
		out = append(out, strings.Join(items, " "))
	}
	return out
}

func TestSuggestCommand(t *testing.T) {
	project := suggestProject(t)
	patterns := write(t, filepath.Join(t.TempDir(), "places.jsonl"),
		`{"label": "PLACE", "pattern": "Moscow"}`+"\n\n"+
			`{"label": "PLACE", "pattern": [{"lower": "ankara"}]}`+"\n"+
			`{"label": "ORG", "pattern": "Erdoğan"}`+"\n")
	out := mustRun(t, "suggest", "--project", project, "--annotator", "bob", "--patterns", patterns, "--figures")
	for _, want := range []string{
		"2 documents read, 2 with new suggestions: 6 suggestions stored for bob in ",
		"Label   Suggestions\nFIGURE  2\nORG     1\nPLACE   3\n",
		"Source    Suggestions\nfigures   2\npatterns  4\n",
		"new labels added to the project: ORG\n",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	got := strings.Join(suggestionsOf(t, project, "bob", false), " | ")
	if want := "Erdoğan/ORG/suggestion Moscow/PLACE/suggestion 34/FIGURE/suggestion | Moscow/PLACE/suggestion 34/FIGURE/suggestion Ankara/PLACE/suggestion"; got != want {
		t.Fatalf("suggestions\n got %s\nwant %s", got, want)
	}
	if st := stats(t, project); st.Spans != 1 {
		t.Fatalf("suggestions became spans: %+v", st)
	}

	// The dictionary: alice's FIGURE "34" is suggested in the second text.
	out = mustRun(t, "suggest", "--project", project, "--annotator", "alice", "--dictionary")
	if !strings.Contains(out, "2 documents read, 1 with new suggestions: 1 suggestions stored for alice") || !strings.Contains(out, "dictionary  1") {
		t.Fatalf("dictionary run:\n%s", out)
	}

	// Nothing new the second time.
	out = mustRun(t, "suggest", "--project", project, "--annotator", "bob", "--patterns", patterns, "--figures")
	if !strings.HasPrefix(out, "2 documents read, 0 with new suggestions: 0 suggestions stored") || strings.Contains(out, "Label") {
		t.Fatalf("second run:\n%s", out)
	}
}

func TestSuggestAccept(t *testing.T) {
	project := suggestProject(t)
	out := mustRun(t, "suggest", "--project", project, "--annotator", "alice", "--figures", "--accept")
	if !strings.Contains(out, "2 documents read, 1 with new spans: 1 spans stored as alice's (origin suggestion)") || !strings.Contains(out, "Label   Spans\nFIGURE  1\n") {
		t.Fatalf("output:\n%s", out)
	}
	got := strings.Join(suggestionsOf(t, project, "alice", true), " | ")
	if want := "34/FIGURE/import | 34/FIGURE/suggestion"; got != want {
		t.Fatalf("spans\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(suggestionsOf(t, project, "alice", false), ""); got != "" {
		t.Fatalf("suggestions stored too: %s", got)
	}
}

func TestSuggestBadPatterns(t *testing.T) {
	project := suggestProject(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		want          []string // one per line of stderr, in order
	}{
		{"bad lines", `{"label": "PLACE", "pattern": "Moscow"}` + "\n" + `{"label": "PLACE", "pattern": [{"lemma": "go"}]}` + "\n" +
			`{"label": "PLACE", "pattern": "Ankara"}` + "\n" + `not json` + "\n",
			[]string{"p.jsonl:2: ", "p.jsonl:4: ", "p.jsonl has errors: nothing was suggested"}},
		{"label the project cannot take", `{"label": "PLACE", "pattern": "Moscow"}` + "\n" + `{"label": "BIG\u200bPLACE", "pattern": "Ankara"}` + "\n",
			[]string{"p.jsonl:2: the project has no label BIG<U+200B zero width space>PLACE and cannot add it: ", "zero width space"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, filepath.Join(dir, tc.name, "p.jsonl"), tc.content)
			code, out, errOut := inkspan(t, "suggest", "--project", project, "--annotator", "bob", "--patterns", path, "--figures")
			if code != 1 || out != "" {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			rest := errOut
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stderr lacks %q (in order):\n%s", w, errOut)
				}
				rest = rest[i+len(w):]
			}
			if got := strings.Join(suggestionsOf(t, project, "bob", false), ""); got != "" {
				t.Fatalf("stored %s", got)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		code, _, errOut := inkspan(t, "suggest", "--project", project, "--annotator", "bob", "--patterns", filepath.Join(dir, "nope.jsonl"))
		if code != 1 || !strings.Contains(errOut, "nope.jsonl") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
}

func TestSuggestUsage(t *testing.T) {
	project := suggestProject(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no source", []string{"--project", project, "--annotator", "bob"}, "at least one source"},
		{"no annotator", []string{"--project", project, "--figures"}, "--annotator NAME is required"},
		{"no project", []string{"--annotator", "bob", "--figures"}, "--project FILE is required"},
		{"unknown flag", []string{"--project", project, "--annotator", "bob", "--figure"}, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := inkspan(t, append([]string{"suggest"}, tc.args...)...)
			if code != 2 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "Usage: inkspan suggest") {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
		})
	}
	if code, _, errOut := inkspan(t, "suggest", "--project", filepath.Join(t.TempDir(), "none.inkspan"), "--annotator", "bob", "--figures"); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("missing project: exit %d %s", code, errOut)
	}
}
