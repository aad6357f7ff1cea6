package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// exampleProject holds the worked example of formats.md labeled by alice
// (with a note), a second document, and bob's partial work.
func exampleProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	in := write(t, filepath.Join(dir, "in.jsonl"), strings.Join([]string{
		`{"id":"ex","text":"` + example + `","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":17,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"},{"start":29,"end":31,"label":"FIGURE"}],"_annotator_id":"alice"}`,
		`{"id":"cjk","text":"東京 hosted Łódź delegates 👩‍👩‍👧 near São Paulo.","spans":[{"start":0,"end":2,"label":"PLACE"},{"start":10,"end":14,"label":"PLACE"},{"start":36,"end":45,"label":"PLACE"}],"_annotator_id":"alice"}`,
		`{"id":"ex","text":"` + example + `","spans":[{"start":0,"end":5,"label":"ACTOR"}],"_annotator_id":"bob"}`,
	}, "\n")+"\n")
	mustRun(t, "import", "--project", project, in)
	return project
}

// openProjectT opens the project at path (creating it if asked) for a
// test to look into or set up what the command line cannot; the caller
// closes it.
func openProjectT(t *testing.T, path string, create bool) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), path, storage.OpenOptions{Create: create})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// spanTexts lists an annotator's spans in a project as "text/LABEL", per
// document text, sorted, so projects can be compared across formats.
func spanTexts(t *testing.T, project, annotator string) []string {
	t.Helper()
	ctx := context.Background()
	db := openProjectT(t, project, false)
	defer db.Close()
	docs, _ := db.Documents(ctx, annotator)
	var out []string
	for _, d := range docs {
		doc, _ := db.Document(ctx, d.ID)
		spans, _ := db.Spans(ctx, d.ID, annotator)
		o := model.NewOffsets(doc.Text)
		for _, s := range spans {
			out = append(out, fmt.Sprintf("%s/%s", o.Slice(s.Start, s.End), s.Label))
		}
	}
	sort.Strings(out)
	return out
}

func TestExportRoundTripEveryFormat(t *testing.T) {
	project := exampleProject(t)
	want := spanTexts(t, project, "alice")
	for _, tc := range []struct {
		format, out, importFormat string
	}{
		{"prodigy", "out.jsonl", "prodigy"},
		{"doccano", "out.jsonl", "doccano"},
		{"conll", "out.conll", "conll"},
		{"hf", "hfdir", "hf"},
		{"brat", "bratdir", "brat"},
		{"labelstudio", "out.json", "labelstudio"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, tc.out)
			mustRun(t, "export", "--project", project, "--format", tc.format, "--annotator", "alice", "--out", out)
			input := out
			if tc.format == "hf" {
				input = filepath.Join(out, "train.jsonl")
			}
			back := filepath.Join(dir, "back.inkspan")
			mustRun(t, "import", "--project", back, "--format", tc.importFormat, "--annotator", "alice", input)
			got := spanTexts(t, back, "alice")
			if tc.format == "conll" || tc.format == "hf" {
				// These carry tokens, not text: the text comes back with single
				// spaces between tokens ("東京" as "東 京"), the tokens unchanged.
				for i := range got {
					got[i] = strings.ReplaceAll(got[i], " ", "")
				}
				sort.Strings(got)
				want := slices.Clone(want)
				for i := range want {
					want[i] = strings.ReplaceAll(want[i], " ", "")
				}
				sort.Strings(want)
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Fatalf("after %s and back: %v, want %v", tc.format, got, want)
				}
				return
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("after %s and back: %v, want %v", tc.format, got, want)
			}
		})
	}
}

func TestExportToStdout(t *testing.T) {
	project := exampleProject(t)
	code, out, errOut := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "alice")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 records on stdout, got:\n%s", out)
	}
	var rec struct {
		Text  string `json:"text"`
		Label [][3]any
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Text != example || len(rec.Label) != 4 || rec.Label[1][0].(float64) != 10 || rec.Label[1][1].(float64) != 17 {
		t.Fatalf("first record = %+v", rec)
	}
	if !strings.Contains(errOut, "exported 2 records of 2 documents") {
		t.Fatalf("stderr = %q", errOut)
	}
}

func TestExportAll(t *testing.T) {
	project := exampleProject(t)
	out := mustRun(t, "export", "--project", project, "--format", "prodigy", "--all")
	seen := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			Annotator string `json:"_annotator_id"`
		}
		json.Unmarshal([]byte(line), &rec)
		seen[rec.Annotator]++
	}
	if seen["alice"] != 2 || seen["bob"] != 1 {
		t.Fatalf("records per annotator = %v", seen)
	}
}

func TestExportSplit(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	var lines []string
	for i := 0; i < 200; i++ {
		lines = append(lines, fmt.Sprintf(`{"text":"Report %d: Putin met Erdoğan in Moscow.","spans":[{"start":%d,"end":%d,"label":"ACTOR"}]}`, i, len(fmt.Sprint(i))+9, len(fmt.Sprint(i))+14))
	}
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "in.jsonl"), strings.Join(lines, "\n")+"\n"))
	run := func(seed string) map[string]int {
		out := filepath.Join(t.TempDir(), "data.jsonl")
		mustRun(t, "export", "--project", project, "--format", "doccano", "--split", "train=0.8,dev=0.1,test=0.1", "--seed", seed, "--out", out)
		counts := map[string]int{}
		for _, part := range []string{"train", "dev", "test"} {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(out), "data."+part+".jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			counts[part] = strings.Count(string(b), "\n")
		}
		return counts
	}
	a, b := run("7"), run("7")
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same seed, different parts: %v and %v", a, b)
	}
	if a["train"]+a["dev"]+a["test"] != 200 || a["train"] < 140 || a["dev"] == 0 || a["test"] == 0 {
		t.Fatalf("parts = %v", a)
	}
	// hf: one file per part in the folder, and the tag list.
	hf := filepath.Join(t.TempDir(), "hf")
	mustRun(t, "export", "--project", project, "--format", "hf", "--split", "train=0.8,dev=0.1,test=0.1", "--out", hf)
	for _, name := range []string{"train.jsonl", "dev.jsonl", "test.jsonl", "labels.json"} {
		if _, err := os.Stat(filepath.Join(hf, name)); err != nil {
			t.Fatal(err)
		}
	}
	var tags []string
	b2, _ := os.ReadFile(filepath.Join(hf, "labels.json"))
	if err := json.Unmarshal(b2, &tags); err != nil || strings.Join(tags, ",") != "O,B-ACTOR,I-ACTOR,B-PLACE,I-PLACE,B-FIGURE,I-FIGURE" {
		t.Fatalf("labels.json = %s (%v)", b2, err)
	}
}

func TestExportMisalignedSpans(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	// "Erdo" ends inside the token "Erdoğan".
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "in.jsonl"),
		`{"id":"ex","text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":14,"label":"ACTOR"}]}`+"\n"))
	out := filepath.Join(dir, "out.conll")
	os.WriteFile(out, []byte("previous export\n"), 0o644)
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "conll", "--out", out)
	if code != 1 || !strings.Contains(errOut, "[10, 14)") || !strings.Contains(errOut, `"Erdo"`) || !strings.Contains(errOut, "--snap") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous export\n" {
		t.Fatalf("a failed export replaced the file: %q", b)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".out.conll*"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	code, _, errOut = inkspan(t, "export", "--project", project, "--format", "conll", "--snap", "--out", out)
	if code != 0 || !strings.Contains(errOut, "1 spans were widened") {
		t.Fatalf("--snap: exit %d, stderr %q", code, errOut)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "Erdoğan -X- _ B-ACTOR") {
		t.Fatalf("snapped export:\n%s", b)
	}
	// Character formats carry the span as it is.
	mustRun(t, "export", "--project", project, "--format", "doccano", "--out", filepath.Join(dir, "d.jsonl"))
}

func TestExportErrors(t *testing.T) {
	project := exampleProject(t)
	empty := filepath.Join(t.TempDir(), "empty.inkspan")
	mustRun(t, "import", "--project", empty, write(t, filepath.Join(t.TempDir(), "a.txt"), "No labels here."))
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--project", project}, 2, "--format is required"},
		{[]string{"export", "--project", project, "--format", "xml"}, 1, "unknown format"},
		{[]string{"export", "--project", project, "--format", "doccano"}, 1, "several annotators (alice, bob)"},
		{[]string{"export", "--project", project, "--format", "doccano", "--annotator", "carol"}, 1, "no annotator named carol"},
		{[]string{"export", "--project", project, "--format", "doccano", "--annotator", "bob", "--all"}, 2, "not both"},
		{[]string{"export", "--project", project, "--format", "hf", "--annotator", "bob"}, 1, "--out DIR"},
		{[]string{"export", "--project", project, "--format", "doccano", "--annotator", "bob", "--split", "train=0.9,test=0.1"}, 1, "--out FILE"},
		{[]string{"export", "--project", project, "--format", "conll", "--annotator", "bob", "--scheme", "bilou"}, 1, "scheme"},
		{[]string{"export", "--project", project, "--format", "doccano", "--annotator", "bob", "--status", "finished"}, 1, "finished"},
		{[]string{"export", "--project", empty, "--format", "doccano"}, 1, "nothing to export"},
	} {
		code, _, errOut := inkspan(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Fatalf("inkspan %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	// A status filter that matches nothing still writes a valid, empty file.
	out := filepath.Join(t.TempDir(), "none.json")
	mustRun(t, "export", "--project", project, "--format", "labelstudio", "--annotator", "bob", "--status", "skipped", "--out", out)
	if b, _ := os.ReadFile(out); strings.TrimSpace(string(b)) != "[]" {
		t.Fatalf("empty Label Studio export = %q", b)
	}
}

// The annotator's note on a document travels in the formats that can carry
// one and comes back on import.
func TestDocumentNotesRoundTrip(t *testing.T) {
	project := exampleProject(t)
	ctx := context.Background()
	db := openProjectT(t, project, false)
	docs, _ := db.Documents(ctx, "alice")
	if err := db.SetNote(ctx, docs[0].ID, "alice", "ambiguous: two Erdoğans?"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, format := range []string{"prodigy", "doccano", "labelstudio"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.jsonl")
			if format == "labelstudio" {
				out = filepath.Join(dir, "out.json")
			}
			mustRun(t, "export", "--project", project, "--format", format, "--annotator", "alice", "--out", out)
			back := filepath.Join(dir, "back.inkspan")
			mustRun(t, "import", "--project", back, "--format", format, "--annotator", "alice", out)
			db := openProjectT(t, back, false)
			defer db.Close()
			docs, _ := db.Documents(ctx, "alice")
			var notes []string
			for _, d := range docs {
				if n, _ := db.Note(ctx, d.ID, "alice"); n != "" {
					notes = append(notes, n)
				}
				if doc, _ := db.Document(ctx, d.ID); strings.Contains(string(doc.Meta), "annotator_note") {
					t.Fatalf("the note leaked into the metadata: %s", doc.Meta)
				}
			}
			if len(notes) != 1 || notes[0] != "ambiguous: two Erdoğans?" {
				t.Fatalf("notes after the round trip = %q", notes)
			}
		})
	}
}

// exportAddGold gives the document with this external id in project a gold
// version of these spans with this review status.
func exportAddGold(t *testing.T, project, externalID string, status model.ReviewStatus, spans ...model.Span) {
	t.Helper()
	ctx := context.Background()
	db := openProjectT(t, project, false)
	defer db.Close()
	docs, err := db.Documents(ctx, model.GoldAnnotator)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.ExternalID != externalID {
			continue
		}
		for _, s := range spans {
			if _, err := db.AddSpan(ctx, d.ID, model.GoldAnnotator, s); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetStatus(ctx, d.ID, model.GoldAnnotator, status.Status()); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no document %s in %s", externalID, project)
}

// exportAnnotators counts an export's Prodigy records by _annotator_id.
func exportAnnotators(t *testing.T, args ...string) map[string]int {
	t.Helper()
	out := mustRun(t, append([]string{"export", "--format", "prodigy"}, args...)...)
	seen := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			Annotator string `json:"_annotator_id"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		seen[rec.Annotator]++
	}
	return seen
}

// Once a document has a gold version, export writes the gold versions
// unless told otherwise, and says so.
func TestExportDefaultsToGold(t *testing.T) {
	project := exampleProject(t)
	// The reviewer kept alice's Putin and Erdoğan of "ex"; "cjk" has no
	// gold version.
	exportAddGold(t, project, "ex", model.ReviewReviewed, model.Span{Start: 0, End: 5, Label: "ACTOR"}, model.Span{Start: 10, End: 17, Label: "ACTOR"})

	code, out, errOut := inkspan(t, "export", "--project", project, "--format", "doccano")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var rec struct {
		Text  string `json:"text"`
		Label [][3]any
	}
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &rec) != nil || rec.Text != example || len(rec.Label) != 2 {
		t.Fatalf("want the one gold record of ex with its 2 spans, got:\n%s", out)
	}
	for _, want := range []string{"gold (reviewed) versions (documents with one: 1)", "--all", "exported 1 records of 1 documents"} {
		if !strings.Contains(errOut, want) {
			t.Fatalf("stderr %q lacks %q", errOut, want)
		}
	}

	for _, tc := range []struct {
		args []string
		want map[string]int
	}{
		{[]string{"--annotator", "alice"}, map[string]int{"alice": 2}},
		{[]string{"--annotator", "gold"}, map[string]int{"gold": 1}},
		{[]string{"--all"}, map[string]int{"alice": 2, "bob": 1, "gold": 1}},
	} {
		got := exportAnnotators(t, append([]string{"--project", project}, tc.args...)...)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Fatalf("export %v: records per annotator = %v, want %v", tc.args, got, tc.want)
		}
	}
	// --annotator gold is a choice, not the default: no note about it.
	if _, _, errOut := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "gold"); strings.Contains(errOut, "documents with one") {
		t.Fatalf("--annotator gold: stderr %q", errOut)
	}
	code, _, errOut = inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "carol")
	if code != 1 || !strings.Contains(errOut, "annotators: alice, bob, gold") {
		t.Fatalf("--annotator carol: exit %d, stderr %q", code, errOut)
	}
}

// Before any gold, --annotator gold is no annotator.
func TestExportGoldBeforeReview(t *testing.T) {
	project := exampleProject(t)
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "gold")
	if code != 1 || !strings.Contains(errOut, "no annotator named gold") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
